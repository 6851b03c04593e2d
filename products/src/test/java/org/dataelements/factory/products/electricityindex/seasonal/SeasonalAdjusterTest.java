package org.dataelements.factory.products.electricityindex.seasonal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jdplus.x13.base.core.x13.X13Kernel;
import org.dataelements.factory.products.electricityindex.seasonal.SeasonalAdjuster.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SeasonalAdjusterTest {
  static final YearMonth START = YearMonth.of(2012, 1);
  static final int MONTHS = 120;

  /** Multiplicative seasonal factors, January to December, averaging 1. */
  static final double[] SEASONAL = {
    1.08, 0.92, 1.00, 0.95, 0.97, 1.04, 1.12, 1.14, 1.01, 0.95, 0.88, 0.94
  };

  /** The Chinese New Year effect: consumption falls by 12% of the regressor. */
  static final double CNY_EFFECT = -0.12;

  static double trend(int i) {
    return 100 * Math.pow(1.003, i);
  }

  /** trend × seasonal factor × (1 + effect × CNY regressor) × (1 + 0.5% noise). */
  static double[] synthetic(long seed) {
    double[] cny =
        ChineseNewYear.regressor(
            START,
            MONTHS,
            SeasonalAdjuster.DEFAULT_CNY_DAYS_BEFORE,
            SeasonalAdjuster.DEFAULT_CNY_DAYS_AFTER);
    Random noise = new Random(seed);
    double[] y = new double[MONTHS];
    for (int i = 0; i < MONTHS; i++) {
      y[i] =
          trend(i)
              * SEASONAL[i % 12]
              * (1 + CNY_EFFECT * cny[i])
              * (1 + 0.005 * noise.nextGaussian());
    }
    return y;
  }

  /** Standard deviation across the 12 calendar months of the mean of log(value / trend). */
  static double seasonalAmplitude(double[] values) {
    double[] sum = new double[12];
    int[] count = new int[12];
    for (int i = 0; i < values.length; i++) {
      sum[i % 12] += Math.log(values[i] / trend(i));
      count[i % 12]++;
    }
    double[] means = IntStream.range(0, 12).mapToDouble(m -> sum[m] / count[m]).toArray();
    double grand = Arrays.stream(means).average().orElseThrow();
    return Math.sqrt(Arrays.stream(means).map(m -> (m - grand) * (m - grand)).sum() / 11);
  }

  /** Least-squares slope of log(value / trend) on the Chinese New Year regressor. */
  static double cnySlope(double[] values) {
    double[] x =
        ChineseNewYear.regressor(
            START,
            MONTHS,
            SeasonalAdjuster.DEFAULT_CNY_DAYS_BEFORE,
            SeasonalAdjuster.DEFAULT_CNY_DAYS_AFTER);
    double[] y =
        IntStream.range(0, MONTHS).mapToDouble(i -> Math.log(values[i] / trend(i))).toArray();
    double mx = Arrays.stream(x).average().orElseThrow();
    double my = Arrays.stream(y).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < MONTHS; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    return sxy / sxx;
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void removesSeasonalityAndTheNewYearEffect(Method method) {
    double[] raw = synthetic(20240601L);
    SeasonalResult result = new SeasonalAdjuster(method, 7, 15).adjust(START, raw);

    assertTrue(result.adjusted(), result.note());
    double[] sa = result.seasonallyAdjusted();
    assertEquals(MONTHS, sa.length);
    assertTrue(Arrays.stream(sa).allMatch(v -> Double.isFinite(v) && v > 0), Arrays.toString(sa));
    double ratio = seasonalAmplitude(sa) / seasonalAmplitude(raw);
    assertTrue(ratio < 0.2, "seasonal amplitude adjusted/raw = " + ratio);
    assertTrue(Math.abs(cnySlope(raw) - CNY_EFFECT) < 0.05, "raw slope " + cnySlope(raw));
    assertTrue(
        Math.abs(cnySlope(sa)) < 0.02,
        "festival effect left in the adjusted series: slope " + cnySlope(sa));

    Map<String, String> d = result.diagnostics();
    double coefficient = Double.parseDouble(d.get("cny_coefficient"));
    assertTrue(
        coefficient < 0 && Math.abs(coefficient - CNY_EFFECT) < 0.03,
        "CNY coefficient " + coefficient + ", expected about " + CNY_EFFECT);
    assertTrue(Double.parseDouble(d.get("cny_t_stat")) < -5, d.toString());
    assertEquals("log", d.get("transformation"));
    assertTrue(d.get("arima").matches("\\(\\d,\\d,\\d\\)\\(\\d,1,\\d\\)"), d.get("arima"));
    List<String> keys =
        new ArrayList<>(
            List.of(
                "observed_months",
                "missing_months",
                "transformation",
                "arima",
                "cny_coefficient",
                "cny_t_stat",
                "cny_p_value",
                "outliers",
                "outlier_list",
                "ljung_box_p_value"));
    if (method == Method.X13) {
      keys.add("m_statistics_q");
      assertTrue(Double.parseDouble(d.get("m_statistics_q")) < 1, d.toString());
    }
    assertEquals(keys, new ArrayList<>(d.keySet()));
    assertEquals("120", d.get("observed_months"));
    assertTrue(
        result.method().startsWith(method.label() + " (JDemetra+ 3.5.0) RSA3"), result.method());
    assertTrue(result.method().endsWith("(7 days before, 15 from the festival)"), result.method());
  }

  @Test
  void detectedOutliersAreCountedAndListedWithTheirMonth() {
    double[] y = synthetic(5L);
    for (int i = 50; i < MONTHS; i++) {
      y[i] *= 1.15;
    }
    y[80] *= 0.8;
    Map<String, String> d = new SeasonalAdjuster().adjust(START, y).diagnostics();

    assertEquals("2", d.get("outliers"), d.toString());
    assertEquals("LS (2016-03), AO (2018-09)", d.get("outlier_list"));
  }

  @Test
  void shortSeriesIsNotAdjusted() {
    SeasonalResult result = new SeasonalAdjuster().adjust(START, Arrays.copyOf(synthetic(1L), 24));

    assertFalse(result.adjusted());
    assertEquals("36 months needed for seasonal adjustment, 24 observed", result.note());
    assertEquals(24, result.seasonallyAdjusted().length);
    assertTrue(Arrays.stream(result.seasonallyAdjusted()).allMatch(Double::isNaN));
    assertTrue(result.diagnostics().isEmpty());
  }

  @Test
  void missingMonthsCountAgainstTheMinimum() {
    double[] y = Arrays.copyOf(synthetic(2L), 40);
    for (int i : new int[] {3, 9, 15, 21, 27}) {
      y[i] = Double.NaN;
    }
    SeasonalResult result = new SeasonalAdjuster().adjust(START, y);

    assertFalse(result.adjusted());
    assertEquals("36 months needed for seasonal adjustment, 35 observed", result.note());
  }

  @Test
  void missingMonthsStayMissingWhileTheRestIsAdjusted() {
    double[] y = synthetic(3L);
    int[] missing = {0, 40, 41, 77};
    for (int i : missing) {
      y[i] = Double.NaN;
    }
    SeasonalResult result = new SeasonalAdjuster().adjust(START, y);

    assertTrue(result.adjusted(), result.note());
    double[] sa = result.seasonallyAdjusted();
    for (int i = 0; i < MONTHS; i++) {
      int month = i;
      boolean isMissing = Arrays.stream(missing).anyMatch(m -> m == month);
      assertEquals(isMissing, Double.isNaN(sa[i]), "month " + START.plusMonths(i));
    }
    assertEquals("3", result.diagnostics().get("missing_months"));
    assertEquals("116", result.diagnostics().get("observed_months"));
    assertTrue(
        result.note().contains("3 missing months inside the series estimated by the model"),
        result.note());
    assertTrue(
        result.note().contains("1 leading and 0 trailing missing months left out of the model"),
        result.note());
  }

  @Test
  void nonPositiveValueIsNotAdjusted() {
    double[] y = synthetic(4L);
    y[16] = 0.0;
    SeasonalResult result = new SeasonalAdjuster().adjust(START, y);

    assertFalse(result.adjusted());
    assertTrue(
        result.note().contains("value 0.0 in 2013-05 is not a strictly positive number"),
        result.note());
  }

  @Test
  void failureInsideJdemetraIsANoteNotAnException() {
    double[] flat = new double[48];
    Arrays.fill(flat, 5.0);
    SeasonalResult result = new SeasonalAdjuster(Method.TRAMO_SEATS, 7, 15).adjust(START, flat);

    assertFalse(result.adjusted());
    assertEquals("JDemetra+ could not adjust the series: too many identical data", result.note());
    assertTrue(Arrays.stream(result.seasonallyAdjusted()).allMatch(Double::isNaN));
  }

  @Test
  void parallelCallsGiveTheSameResultsAsSequentialOnes() {
    SeasonalAdjuster adjuster = new SeasonalAdjuster();
    List<double[]> series = List.of(synthetic(11L), synthetic(12L), synthetic(13L));
    List<SeasonalResult> sequential =
        series.stream().map(y -> adjuster.adjust(START, y)).collect(Collectors.toList());
    List<SeasonalResult> parallel =
        series.parallelStream().map(y -> adjuster.adjust(START, y)).collect(Collectors.toList());

    assertTrue(sequential.stream().allMatch(SeasonalResult::adjusted));
    assertEquals(sequential, parallel);
  }

  @Test
  void defaultsAreX13WithAWindowFromAWeekBeforeToTheLanternFestival() {
    SeasonalAdjuster adjuster = new SeasonalAdjuster();

    assertEquals(Method.X13, adjuster.method());
    assertEquals(7, adjuster.cnyDaysBefore());
    assertEquals(15, adjuster.cnyDaysAfter());
    assertEquals(
        "X-13ARIMA-SEATS (JDemetra+ 3.5.0) RSA3 + Chinese New Year regressor"
            + " (7 days before, 15 from the festival)",
        adjuster.description());
  }

  @Test
  void rejectsAnEmptyNewYearWindow() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SeasonalAdjuster(Method.X13, 0, 0));
    assertTrue(e.getMessage().contains("0 days before and 0 days after"), e.getMessage());
  }

  @Test
  void reportedJdemetraVersionIsTheOneOnTheClasspath() throws IOException {
    Properties pom = new Properties();
    try (InputStream in =
        X13Kernel.class.getResourceAsStream(
            "/META-INF/maven/eu.europa.ec.joinup.sat/jdplus-x13-base-core/pom.properties")) {
      assertNotNull(in, "jdplus-x13-base-core's Maven metadata is not on the classpath");
      pom.load(in);
    }
    assertEquals(
        pom.getProperty("version"),
        SeasonalAdjuster.JDPLUS_VERSION,
        "update SeasonalAdjuster.JDPLUS_VERSION to the jdplus.version of the root pom");
  }
}
