package org.dataelements.factory.quality.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalendarAnomalyTest {
  static final double REGULAR = 100;
  static final double FESTIVAL = 70;
  static final double JAN_FEB = 95;

  /** 2019–2022: regular months 100, Spring Festival months 70, festival-free Jan/Feb 95. */
  private static Map<YearMonth, Double> history() {
    Map<YearMonth, Double> series = new HashMap<>();
    for (int y = 2019; y <= 2022; y++) {
      for (int m = 1; m <= 12; m++) {
        YearMonth ym = YearMonth.of(y, m);
        series.put(
            ym,
            switch (CalendarAnomaly.season(ym)) {
              case SPRING_FESTIVAL -> FESTIVAL;
              case JAN_FEB_WITHOUT_FESTIVAL -> JAN_FEB;
              case REGULAR -> REGULAR;
            });
      }
    }
    return series;
  }

  private static CalendarAnomaly.Verdict judge(Map<YearMonth, Double> series, YearMonth m) {
    List<CalendarAnomaly.Verdict> v = CalendarAnomaly.judge(series, List.of(m), 0.2, 0.2);
    assertEquals(1, v.size());
    return v.get(0);
  }

  @Test
  void findsTheSpringFestivalOfKnownYears() {
    assertEquals(LocalDate.of(2023, 1, 22), CalendarAnomaly.springFestival(2023));
    assertEquals(LocalDate.of(2024, 2, 10), CalendarAnomaly.springFestival(2024));
    assertEquals(LocalDate.of(2025, 1, 29), CalendarAnomaly.springFestival(2025));
    assertEquals(LocalDate.of(2020, 1, 25), CalendarAnomaly.springFestival(2020));
    assertEquals(YearMonth.of(2024, 2), CalendarAnomaly.festivalMonth(2024));
  }

  @Test
  void aDipInTheSpringFestivalMonthThatIsNormalForFestivalMonthsPasses() {
    Map<YearMonth, Double> series = history();
    YearMonth jan2023 = YearMonth.of(2023, 1); // festival on 22 January 2023
    series.put(jan2023, 72.0);
    CalendarAnomaly.Verdict v = judge(series, jan2023);
    assertEquals(CalendarAnomaly.Season.SPRING_FESTIVAL, v.season());
    // compared with the festival months of the three most recent years, whichever month they fell
    // in
    assertEquals(
        List.of(YearMonth.of(2022, 2), YearMonth.of(2021, 2), YearMonth.of(2020, 1)), v.peers());
    assertEquals(FESTIVAL, v.baseline().getAsDouble());
    assertFalse(v.anomalous(), "72 against festival months at 70: ratio " + v.ratio());
  }

  @Test
  void theSameDipInAMonthWithoutTheFestivalIsFlagged() {
    Map<YearMonth, Double> series = history();
    YearMonth may2023 = YearMonth.of(2023, 5);
    series.put(may2023, 72.0);
    CalendarAnomaly.Verdict v = judge(series, may2023);
    assertEquals(CalendarAnomaly.Season.REGULAR, v.season());
    assertEquals(REGULAR, v.baseline().getAsDouble());
    assertTrue(v.anomalous(), "72 against 100: ratio " + v.ratio());
  }

  @Test
  void aFestivalFreeFebruaryIsComparedWithFestivalFreeMonthsNotWithFestivalFebruaries() {
    Map<YearMonth, Double> series = history();
    YearMonth feb2023 = YearMonth.of(2023, 2); // the festival was in January 2023
    series.put(feb2023, 96.0);
    CalendarAnomaly.Verdict v = judge(series, feb2023);
    assertEquals(CalendarAnomaly.Season.JAN_FEB_WITHOUT_FESTIVAL, v.season());
    assertEquals(
        List.of(YearMonth.of(2020, 2)),
        v.peers(),
        "February 2019, 2021 and 2022 held the festival");
    assertFalse(v.anomalous());
    // a plain same-month comparison would have set 96 against festival Februaries at 70 (ratio
    // 1.37)
  }

  @Test
  void aMonthWithoutEarlierYearsHasNoPeersAndIsNotFlagged() {
    Map<YearMonth, Double> series = new HashMap<>(Map.of(YearMonth.of(2023, 5), 5.0));
    CalendarAnomaly.Verdict v = judge(series, YearMonth.of(2023, 5));
    assertFalse(v.hasPeers());
    assertFalse(v.anomalous());
  }

  @Test
  void aGrowingSeriesIsComparedWithItsRecentYearsNotItsWholeHistory() {
    Map<YearMonth, Double> series = new HashMap<>();
    for (int y = 2010; y <= 2022; y++) {
      series.put(YearMonth.of(y, 5), 100.0 * Math.pow(1.08, y - 2010)); // 8 % growth a year
    }
    YearMonth may2023 = YearMonth.of(2023, 5);
    series.put(may2023, 100.0 * Math.pow(1.08, 13));
    CalendarAnomaly.Verdict v = judge(series, may2023);
    assertEquals(
        List.of(YearMonth.of(2022, 5), YearMonth.of(2021, 5), YearMonth.of(2020, 5)), v.peers());
    assertFalse(v.anomalous(), "normal growth, ratio to the recent median " + v.ratio());
  }
}
