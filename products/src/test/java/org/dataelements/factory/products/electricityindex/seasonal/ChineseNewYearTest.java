package org.dataelements.factory.products.electricityindex.seasonal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChineseNewYearTest {
  private static final double EPS = 1e-12;

  @Test
  void springFestivalMatchesKnownDates() {
    Map<Integer, String> known =
        Map.of(
            2020, "2020-01-25",
            2021, "2021-02-12",
            2022, "2022-02-01",
            2023, "2023-01-22",
            2024, "2024-02-10",
            2025, "2025-01-29",
            2026, "2026-02-17");
    known.forEach(
        (year, date) ->
            assertEquals(
                LocalDate.parse(date), ChineseNewYear.springFestival(year), "year " + year));
  }

  @Test
  void springFestivalIsCorrectedWhereIcuMissesANearMidnightNewMoon() {
    Map<Integer, String> corrected =
        Map.of(
            1954, "1954-02-03",
            2027, "2027-02-06",
            2030, "2030-02-03");
    corrected.forEach(
        (year, date) -> {
          LocalDate expected = LocalDate.parse(date);
          assertEquals(expected, ChineseNewYear.springFestival(year), "year " + year);
          long offBy =
              Math.abs(ChronoUnit.DAYS.between(expected, ChineseNewYear.icuSpringFestival(year)));
          assertTrue(
              offBy <= 1,
              "ICU4J's "
                  + year
                  + " date should be at most a day from the corrected "
                  + expected
                  + " (a new moon near midnight), not "
                  + offBy
                  + " days");
        });
  }

  @Test
  void everySpringFestivalIsALunarNewYearBetweenLateJanuaryAndLateFebruary() {
    LocalDate previous = null;
    for (int year = ChineseNewYear.FIRST_YEAR; year <= ChineseNewYear.LAST_YEAR; year++) {
      LocalDate festival = ChineseNewYear.springFestival(year);
      assertTrue(
          !festival.isBefore(LocalDate.of(year, 1, 21))
              && !festival.isAfter(LocalDate.of(year, 2, 21)),
          year + ": " + festival);
      if (previous != null) {
        long days = ChronoUnit.DAYS.between(previous, festival);
        // 12 or 13 lunar months of 29 or 30 days
        assertTrue(
            days >= 353 && days <= 355 || days >= 383 && days <= 385,
            "lunar year " + (year - 1) + " would last " + days + " days");
      }
      previous = festival;
    }
  }

  @Test
  void sharesOfAWindowAcrossJanuaryAndFebruarySumToTheCentredValue() {
    // 2024: festival on 10 February; 20 days before = 21 January to 9 February.
    assertEquals(11 / 20.0, ChineseNewYear.share(YearMonth.of(2024, 1), 20, 0), EPS);
    assertEquals(9 / 20.0, ChineseNewYear.share(YearMonth.of(2024, 2), 20, 0), EPS);
    double[] mean = ChineseNewYear.meanShares(20, 0);
    double[] x = ChineseNewYear.regressor(YearMonth.of(2024, 1), 2, 20, 0);
    assertEquals(11 / 20.0 - mean[0], x[0], EPS);
    assertEquals(9 / 20.0 - mean[1], x[1], EPS);
    // A 20-day window before a festival of 21 January to 20 February never leaves those months.
    assertEquals(1.0, mean[0] + mean[1], EPS);
    assertEquals(1.0 - (mean[0] + mean[1]), x[0] + x[1], EPS);
  }

  @Test
  void aWindowWithinJanuaryBalancesToZeroOverTheYear() {
    // 2023: festival on 22 January; 20 days before = 2 to 21 January.
    double[] mean = ChineseNewYear.meanShares(20, 0);
    double[] x = ChineseNewYear.regressor(YearMonth.of(2023, 1), 12, 20, 0);
    assertEquals(1.0 - mean[0], x[0], EPS);
    assertEquals(-mean[1], x[1], EPS);
    double sum = 0;
    for (int m = 2; m < 12; m++) {
      assertEquals(0.0, x[m], EPS, Month.of(m + 1) + " is never in the window");
    }
    for (double v : x) {
      sum += v;
    }
    assertEquals(0.0, sum, EPS);
    assertTrue(
        x[0] > 0 && x[1] < 0, "more of the window than usual is in January: " + x[0] + ", " + x[1]);
  }

  @Test
  void aWindowAfterTheFestivalCanReachMarch() {
    // 2026: festival on 17 February; 7 days before and 15 from it = 10 February to 3 March.
    assertEquals(0.0, ChineseNewYear.share(YearMonth.of(2026, 1), 7, 15), EPS);
    assertEquals(19 / 22.0, ChineseNewYear.share(YearMonth.of(2026, 2), 7, 15), EPS);
    assertEquals(3 / 22.0, ChineseNewYear.share(YearMonth.of(2026, 3), 7, 15), EPS);
  }

  @Test
  void eachCalendarMonthAveragesToZeroOverTheReferenceSpan() {
    YearMonth start = YearMonth.of(ChineseNewYear.REFERENCE_FIRST_YEAR, 1);
    int years = ChineseNewYear.REFERENCE_LAST_YEAR - ChineseNewYear.REFERENCE_FIRST_YEAR + 1;
    double[] x = ChineseNewYear.regressor(start, 12 * years, 7, 15);
    double[] monthSum = new double[12];
    for (int i = 0; i < x.length; i++) {
      monthSum[i % 12] += x[i];
    }
    assertAll(
        java.util.stream.IntStream.range(0, 12)
            .mapToObj(
                m ->
                    () ->
                        assertEquals(0.0, monthSum[m] / years, 1e-12, Month.of(m + 1).toString())));
    assertTrue(ChineseNewYear.meanShares(7, 15)[2] > 0, "the 7+15 window sometimes reaches March");
  }

  @Test
  void rejectsInvalidWindowsAndMonthsOutsideTheSupportedSpan() {
    YearMonth start = YearMonth.of(2020, 1);
    IllegalArgumentException empty =
        assertThrows(
            IllegalArgumentException.class, () -> ChineseNewYear.regressor(start, 12, 0, 0));
    assertTrue(empty.getMessage().contains("at least 1 day"), empty.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ChineseNewYear.regressor(start, 12, -1, 5));
    assertThrows(IllegalArgumentException.class, () -> ChineseNewYear.regressor(start, 12, 61, 0));
    assertThrows(IllegalArgumentException.class, () -> ChineseNewYear.regressor(start, -1, 7, 15));
    IllegalArgumentException late =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChineseNewYear.regressor(YearMonth.of(2199, 6), 12, 7, 15));
    assertTrue(late.getMessage().contains("2199-06 to 2200-05"), late.getMessage());
    IllegalArgumentException early =
        assertThrows(IllegalArgumentException.class, () -> ChineseNewYear.springFestival(1899));
    assertTrue(early.getMessage().contains("1899"), early.getMessage());
    assertEquals(0, ChineseNewYear.regressor(start, 0, 7, 15).length);
  }
}
