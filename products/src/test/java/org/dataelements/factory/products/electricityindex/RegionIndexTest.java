package org.dataelements.factory.products.electricityindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dataelements.factory.products.electricityindex.RegionIndex.DegreeDays;
import org.dataelements.factory.products.electricityindex.RegionIndex.IndexRow;
import org.dataelements.factory.products.electricityindex.RegionIndex.MethodRow;
import org.dataelements.factory.products.electricityindex.RegionIndex.Observation;
import org.dataelements.factory.products.electricityindex.seasonal.SeasonalAdjuster;
import org.junit.jupiter.api.Test;

class RegionIndexTest {
  static final RegionIndex.Parameters EQUAL =
      new RegionIndex.Parameters(2020, RegionIndex.Weights.EQUAL, SeasonalAdjuster.Method.X13);

  static Observation obs(YearMonth m, double v) {
    return new Observation(m, v, 1, false, true, false, "published_monthly");
  }

  static RegionIndex.Result compute(
      Map<String, List<Observation>> components,
      Map<YearMonth, DegreeDays> weather,
      RegionIndex.Parameters p) {
    return RegionIndex.compute(
        new RegionIndex.Input("110000", "Beijing", "GB/T 2260", components, weather), p);
  }

  static List<IndexRow> rows(RegionIndex.Result r, String index) {
    return r.rows().stream()
        .filter(x -> x.indexName().equals(index))
        .sorted(java.util.Comparator.comparing(IndexRow::month))
        .toList();
  }

  static MethodRow item(RegionIndex.Result r, String index, String item) {
    return r.method().stream()
        .filter(m -> m.indexName().equals(index) && m.item().equals(item))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + index + "/" + item + " in " + r.method()));
  }

  @Test
  void weatherRegressionRecoversTheHeatingEffectAndSeasonalAdjustmentRemovesTheSeasons() {
    Random rnd = new Random(7);
    List<Observation> total = new ArrayList<>();
    Map<YearMonth, DegreeDays> weather = new HashMap<>();
    double[] seasonal = {1.10, 1.00, 0.95, 0.90, 0.92, 1.00, 1.12, 1.15, 1.00, 0.93, 0.95, 1.05};
    for (YearMonth m = YearMonth.of(2013, 1);
        !m.isAfter(YearMonth.of(2022, 12));
        m = m.plusMonths(1)) {
      int days = m.lengthOfMonth();
      double normalHdd =
          Math.max(0, 18 - (5 + 12 * Math.sin((m.getMonthValue() - 4) * Math.PI / 6))) * days;
      double hdd = normalHdd * (1 + 0.3 * rnd.nextGaussian());
      hdd = Math.max(0, hdd);
      weather.put(m, new DegreeDays(hdd, 0));
      double years = (m.getYear() - 2013) + (m.getMonthValue() - 1) / 12.0;
      double perDay =
          1000 * Math.pow(1.04, years) * seasonal[m.getMonthValue() - 1]
              + 20 * hdd / days
              + 5 * rnd.nextGaussian();
      total.add(obs(m, perDay * days));
    }
    RegionIndex.Result r = compute(Map.of(RegionIndex.TOTAL, total), weather, EQUAL);
    List<IndexRow> rows = rows(r, RegionIndex.TOTAL);
    assertEquals(120, rows.size());
    assertEquals("2020", rows.get(0).basePeriod());
    double mean2020 =
        rows.stream()
            .filter(x -> x.month().getYear() == 2020)
            .mapToDouble(IndexRow::value)
            .average()
            .orElseThrow();
    assertEquals(100, mean2020, 0.01, "the base year's mean month is 100");

    double hddCoefficient = item(r, RegionIndex.TOTAL, "degree_day_coefficient:hdd").number();
    assertEquals(20, hddCoefficient, 4, "kWh per day per heating degree");
    assertNotNull(rows.get(50).weatherAdjusted());

    assertTrue(rows.stream().allMatch(x -> x.seasonallyAdjusted() != null), "every month adjusted");
    assertFalse(rows.get(0).flags().contains("no_seasonal_adjustment"));
    // Seasonal amplitude: spread of the month-of-year means of value / 12-month centred trend.
    assertTrue(
        amplitude(rows, true) < 0.3 * amplitude(rows, false),
        "adjusted " + amplitude(rows, true) + " vs raw " + amplitude(rows, false));
    assertTrue(item(r, RegionIndex.TOTAL, "seasonal_model").value().contains("JDemetra+"));
  }

  /** Standard deviation of the month-of-year means of the series divided by its yearly mean. */
  private static double amplitude(List<IndexRow> rows, boolean adjusted) {
    double[] sum = new double[12];
    int[] n = new int[12];
    Map<Integer, Double> yearly = new HashMap<>();
    Map<Integer, Integer> count = new HashMap<>();
    for (IndexRow x : rows) {
      double v = adjusted ? x.seasonallyAdjusted() : x.value();
      yearly.merge(x.month().getYear(), v, Double::sum);
      count.merge(x.month().getYear(), 1, Integer::sum);
    }
    for (IndexRow x : rows) {
      double v = adjusted ? x.seasonallyAdjusted() : x.value();
      int y = x.month().getYear();
      sum[x.month().getMonthValue() - 1] += v / (yearly.get(y) / count.get(y));
      n[x.month().getMonthValue() - 1]++;
    }
    double mean = 0;
    for (int i = 0; i < 12; i++) {
      mean += sum[i] / n[i] / 12;
    }
    double var = 0;
    for (int i = 0; i < 12; i++) {
      var += Math.pow(sum[i] / n[i] - mean, 2) / 12;
    }
    return Math.sqrt(var);
  }

  @Test
  void aShortSeriesGetsNoSeasonalAdjustmentButANoteAndFallsBackToItsFirstCompleteYear() {
    List<Observation> total = new ArrayList<>();
    for (YearMonth m = YearMonth.of(2012, 1);
        !m.isAfter(YearMonth.of(2013, 12));
        m = m.plusMonths(1)) {
      total.add(obs(m, 100 + m.getMonthValue() + 10 * (m.getYear() - 2012)));
    }
    RegionIndex.Result r = compute(Map.of(RegionIndex.TOTAL, total), Map.of(), EQUAL);
    List<IndexRow> rows = rows(r, RegionIndex.TOTAL);
    assertEquals(24, rows.size());
    assertTrue(
        rows.stream()
            .allMatch(
                x ->
                    x.flags().contains("no_seasonal_adjustment")
                        && x.seasonallyAdjusted() == null));
    assertTrue(rows.stream().allMatch(x -> x.flags().contains("base_fallback")));
    assertEquals("2012", rows.get(0).basePeriod());
    assertTrue(
        item(r, RegionIndex.TOTAL, "seasonal_model").value().contains("36 months needed"),
        item(r, RegionIndex.TOTAL, "seasonal_model").value());
    assertTrue(item(r, RegionIndex.TOTAL, "base_period").detail().contains("base_fallback"));
    assertEquals((111.0 / 101 - 1) * 100, rows.get(12).yoyPct(), 0.01);
  }

  @Test
  void aJanuaryFebruaryFigureIsOneRowComparedWithTheEarlierJanuaryAndFebruary() {
    List<Observation> total = new ArrayList<>();
    Random rnd = new Random(3);
    for (int y = 2019; y <= 2021; y++) {
      for (int m = 1; m <= 12; m++) {
        if (y == 2021 && m == 2) {
          continue;
        }
        YearMonth ym = YearMonth.of(y, m);
        if (y == 2021 && m == 1) {
          total.add(new Observation(ym, 220, 2, false, true, true, "published_ytd"));
        } else if (y == 2020 && m <= 2) {
          total.add(obs(ym, 100));
        } else {
          total.add(obs(ym, 100 + 8 * Math.cos(m * Math.PI / 6) + rnd.nextGaussian()));
        }
      }
    }
    List<IndexRow> rows =
        rows(
            compute(
                Map.of(RegionIndex.TOTAL, total),
                Map.of(),
                new RegionIndex.Parameters(
                    2019, RegionIndex.Weights.EQUAL, SeasonalAdjuster.Method.X13)),
            RegionIndex.TOTAL);
    IndexRow janFeb =
        rows.stream()
            .filter(x -> x.month().equals(LocalDate.of(2021, 1, 1)))
            .findFirst()
            .orElseThrow();
    assertTrue(janFeb.flags().contains("jan_feb_combined"));
    double base2019 =
        total.stream()
            .filter(o -> o.month().getYear() == 2019)
            .mapToDouble(Observation::value)
            .sum();
    assertEquals(
        110.0 / (base2019 / 12) * 100,
        janFeb.value(),
        1e-3,
        "a two-month figure is indexed on its monthly mean");
    assertEquals(10.0, janFeb.yoyPct(), 1e-9, "220 against January + February 2020 = 200");
    assertEquals(
        220.0 / 59 / (base2019 / 365) * 100,
        janFeb.leapAdjusted(),
        1e-3,
        "kWh per day against the base year's");
    assertNotNull(janFeb.seasonallyAdjusted(), "35 months observed as 36 once the figure is split");
  }

  @Test
  void theCompositeWeighsItsComponentsAndTheirContributionsAddUpToItsChange() {
    List<Observation> total = new ArrayList<>();
    List<Observation> urban = new ArrayList<>();
    List<Observation> zeros = new ArrayList<>();
    for (int y = 2020; y <= 2021; y++) {
      for (int m = 1; m <= 12; m++) {
        YearMonth ym = YearMonth.of(y, m);
        total.add(obs(ym, y == 2020 ? 100 : 110));
        urban.add(obs(ym, y == 2020 ? 0.5 : 0.5 + 0.01 * m));
        zeros.add(obs(ym, 0));
      }
    }
    RegionIndex.Result r =
        compute(
            Map.of(
                RegionIndex.TOTAL,
                total,
                RegionIndex.URBAN_RURAL,
                urban,
                RegionIndex.SPECIALTY,
                zeros),
            Map.of(),
            EQUAL);
    assertTrue(
        rows(r, RegionIndex.SPECIALTY).isEmpty(),
        "an all-zero series is not reporting, not a collapse");
    assertTrue(item(r, RegionIndex.SPECIALTY, "not_reporting").value().contains("zero"));
    List<IndexRow> composite = rows(r, RegionIndex.COMPOSITE);
    assertEquals(24, composite.size());
    IndexRow dec2021 = composite.get(23);
    double urbanIndex = (0.5 + 0.12) / 0.5 * 100;
    assertEquals(0.5 * 110 + 0.5 * urbanIndex, dec2021.value(), 1e-3);
    double contributions =
        r.rows().stream()
            .filter(
                x ->
                    x.month().equals(dec2021.month())
                        && !x.indexName().equals(RegionIndex.COMPOSITE))
            .mapToDouble(IndexRow::contribution)
            .sum();
    assertEquals(
        dec2021.yoyPct(),
        contributions,
        0.01,
        "contributions in percentage points add up to the change");
    assertNull(dec2021.contribution());

    RegionIndex.Result entropy =
        compute(
            Map.of(RegionIndex.TOTAL, total, RegionIndex.URBAN_RURAL, urban),
            Map.of(),
            new RegionIndex.Parameters(
                2020, RegionIndex.Weights.ENTROPY, SeasonalAdjuster.Method.X13));
    double wTotal = item(entropy, RegionIndex.COMPOSITE, "weight:total").number();
    double wUrban = item(entropy, RegionIndex.COMPOSITE, "weight:urban_rural_integration").number();
    assertEquals(1.0, wTotal + wUrban, 1e-9);
    assertTrue(
        wUrban > wTotal,
        "the component that varies more across months weighs more: " + wTotal + " vs " + wUrban);
  }
}
