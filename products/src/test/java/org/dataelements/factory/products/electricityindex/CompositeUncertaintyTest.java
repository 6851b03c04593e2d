package org.dataelements.factory.products.electricityindex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The composite's scenarios on hand-computed data: two components over three months, A = (100, 110,
 * 120) and B = (100, 100, 110), published composite with equal weights P = (100, 105, 115), every
 * month in the base period. By hand:
 *
 * <ul>
 *   <li>entropy: A min–max (0, ½, 1) → shares (0, ⅓, ⅔), entropy (⅓ ln 3 + ⅔ ln 1.5) / ln 3 =
 *       0.579380, d = 0.420620; B (0, 0, 1) → entropy 0, d = 1; weights 0.420620 / 1.420620 =
 *       0.296082 and 0.703918.
 *   <li>PCA of two components: the correlation matrix [[1, r], [r, 1]] has first eigenvector (1,
 *       1)/√2 for r &gt; 0, so the squared loadings are ½, ½ (= equal).
 *   <li>target: mean of P = 106.6667, standard deviation (population) √(1050 / 27) = 6.236096.
 *   <li>equal/min_max: s = (0, ¼, 1), mean 5/12, sd √(78/432) = 0.424918; re-expressed 106.6667 +
 *       (s − 5/12) × 6.236096 / 0.424918 = (100.5517, 104.2207, 115.2277).
 *   <li>entropy/base_100: 0.296082·A + 0.703918·B = (100, 102.9608, 112.9608) re-expressed =
 *       (100.6983, 104.0280, 115.2738); entropy/min_max: (0, 0.148041, 1) → (101.2513, 103.3462,
 *       115.4025).
 *   <li>range per month: [100, 101.2513], [103.3462, 105], [115, 115.4025]; median (5th of 9):
 *       100.5517, 104.2207, 115.2277.
 * </ul>
 */
class CompositeUncertaintyTest {
  static final double[][] VALUES = {{100, 100}, {110, 100}, {120, 110}};
  static final double[] PUBLISHED = {100, 105, 115};
  static final boolean[] ALL_BASE = {true, true, true};

  static CompositeScenarios.Result handMade(RegionIndex.Weights configured) {
    return CompositeScenarios.compute(
        new CompositeScenarios.Input(
            List.of("total", "economic_vitality"), VALUES, PUBLISHED, ALL_BASE, configured));
  }

  @Test
  void weighsEqualEntropyAndPcaAsComputedByHand() {
    CompositeScenarios.Result r = handMade(RegionIndex.Weights.EQUAL);
    assertArrayEquals(new double[] {0.5, 0.5}, r.weights().get("equal"), 1e-12);
    assertArrayEquals(new double[] {0.296082, 0.703918}, r.weights().get("entropy"), 1e-6);
    assertArrayEquals(
        new double[] {0.5, 0.5}, r.weights().get("pca"), 1e-9, "two components: PCA is equal");
    assertEquals(List.of(), r.flags());
  }

  @Test
  void pcaWeighsTheFirstComponentsSquaredLoadings() {
    // A and B move together, C is uncorrelated with them: R = [[1,1,0],[1,1,0],[0,0,1]],
    // eigenvalues 2, 1, 0; the first component (1, 1, 0)/√2 gives weights ½, ½, 0.
    double[][] x = {{1, 2, 3}, {2, 4, 1}, {3, 6, 3}};
    double[][] z = zScores(x);
    assertArrayEquals(new double[] {0.5, 0.5, 0}, CompositeScenarios.pcaWeights(z), 1e-9);
    // Uncorrelated components: the first two eigenvalues tie, the first component is undefined.
    double[][] tied = zScores(new double[][] {{1, 3}, {2, 1}, {3, 3}});
    assertNull(CompositeScenarios.pcaWeights(tied));
  }

  @Test
  void everyScenarioOnThePublishedScaleWithThePublishedCompositeInsideItsRange() {
    CompositeScenarios.Result r = handMade(RegionIndex.Weights.EQUAL);
    double[][] expected = {
      {100, 100.4306, 100.5517, 100.6983, 101.1449, 101.2513, 100, 100.4306, 100.5517},
      {105, 104.3841, 104.2207, 104.0280, 103.4722, 103.3462, 105, 104.3841, 104.2207},
      {115, 115.1853, 115.2277, 115.2738, 115.3829, 115.4025, 115, 115.1853, 115.2277}
    };
    List<String> names =
        List.of(
            "equal/base_100",
            "equal/z_score",
            "equal/min_max",
            "entropy/base_100",
            "entropy/z_score",
            "entropy/min_max",
            "pca/base_100",
            "pca/z_score",
            "pca/min_max");
    double[][] range = {
      {100, 101.2513, 100.5517}, {103.3462, 105, 104.2207}, {115, 115.4025, 115.2277}
    };
    for (int t = 0; t < 3; t++) {
      CompositeScenarios.Month m = r.months().get(t);
      assertEquals(names, List.copyOf(m.scenarios().keySet()), "month " + t);
      for (int s = 0; s < names.size(); s++) {
        assertEquals(expected[t][s], m.scenarios().get(names.get(s)), 1e-4, names.get(s) + " " + t);
      }
      assertEquals(PUBLISHED[t], m.value(), 0, "the published composite is kept as it is");
      assertEquals(range[t][0], m.low(), 1e-4, "low " + t);
      assertEquals(range[t][1], m.high(), 1e-4, "high " + t);
      assertEquals(range[t][2], m.median(), 1e-4, "median " + t);
      assertTrue(m.low() <= m.value() && m.value() <= m.high(), "low ≤ value ≤ high " + t);
    }
  }

  @Test
  void zScoreAndMinMaxNormalizeEachComponent() {
    // equal/z_score by hand: z_A = (−1.224745, 0, 1.224745), z_B = (−0.707107, −0.707107,
    // 1.414214); their mean (−0.965926, −0.353553, 1.319479) has mean 0 and sd
    // √(2.799038 / 3) = 0.965926, so it maps to 106.6667 + s × 6.236096 / 0.965926.
    CompositeScenarios.Month first = handMade(RegionIndex.Weights.EQUAL).months().get(0);
    assertEquals(
        106.666667 - 0.965926 * 6.236096 / 0.965926, first.scenarios().get("equal/z_score"), 1e-4);
    assertEquals(
        106.666667 - 5.0 / 12 * 6.236096 / 0.424918, first.scenarios().get("equal/min_max"), 1e-4);
  }

  @Test
  void thePublishedScenarioFollowsTheConfiguredWeightsAndTheBasePeriodAnchors() {
    // Published with entropy weights: P = 0.296082·A + 0.703918·B, anchored on month 1 only.
    double[] p = {100, 102.9608, 112.9608};
    CompositeScenarios.Result r =
        CompositeScenarios.compute(
            new CompositeScenarios.Input(
                List.of("total", "economic_vitality"),
                VALUES,
                p,
                new boolean[] {true, false, false},
                RegionIndex.Weights.ENTROPY));
    for (int t = 0; t < 3; t++) {
      CompositeScenarios.Month m = r.months().get(t);
      assertEquals(p[t], m.scenarios().get("entropy/base_100"), 0);
      assertTrue(m.low() <= m.value() && m.value() <= m.high(), "month " + t);
    }
    // Every scenario has the published value in the base month: the map keeps its base-period mean.
    for (double v : r.months().get(0).scenarios().values()) {
      assertEquals(100, v, 1e-4);
    }
    // equal/base_100 = (100, 105, 115): sd 6.236096 → target sd 5.427; base month 100 stays 100.
    assertEquals(
        100 + 5 * sd(p) / sd(PUBLISHED), r.months().get(1).scenarios().get("equal/base_100"), 1e-4);
  }

  static final StructType INDEX =
      new StructType()
          .add("region_code", DataTypes.StringType)
          .add("region_name", DataTypes.StringType)
          .add("code_system", DataTypes.StringType)
          .add("month", DataTypes.DateType)
          .add("index_name", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("base_period", DataTypes.StringType);

  @Tag("spark")
  @Test
  @ExtendWith(SparkTestSession.class)
  void oneRowPerCompositeMonthAndNoneForARegionWithOneComponent(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Date m = Date.valueOf(LocalDate.of(2020, 1 + t, 1));
      rows.add(
          RowFactory.create("620100", "Lanzhou", "GB/T 2260", m, "total", VALUES[t][0], "2020"));
      rows.add(
          RowFactory.create(
              "620100", "Lanzhou", "GB/T 2260", m, "economic_vitality", VALUES[t][1], "2020"));
      rows.add(
          RowFactory.create(
              "620100", "Lanzhou", "GB/T 2260", m, "composite", PUBLISHED[t], "2020"));
      rows.add(RowFactory.create("623000", "Gannan", "GB/T 2260", m, "total", 90.0 + t, "2020"));
    }
    Dataset<Row> index = spark.createDataFrame(rows, INDEX);
    CompositeUncertainty step = new CompositeUncertainty(RegionIndex.Weights.EQUAL);
    Dataset<Row> out =
        step.transform(new StepInputs(Map.of(MonthlyIndices.TABLE, index), Map.of(), "run-1"))
            .rows();
    assertEquals(CompositeUncertainty.SCHEMA, out.schema());
    List<Row> result = out.orderBy("month").collectAsList();
    assertEquals(3, result.size(), "Gannan has one component, no composite, no rows");
    Row first = result.get(0);
    assertEquals("620100", first.getAs("region_code"));
    assertEquals(100.0, first.<Double>getAs("value"));
    assertEquals(100.0, first.<Double>getAs("low"));
    assertEquals(101.2513, first.<Double>getAs("high"), 1e-4);
    assertEquals(9, first.<Integer>getAs("scenario_count"));
    assertEquals("equal/base_100", first.getAs("published_scenario"));
    assertEquals(
        100.5517,
        first.<scala.collection.Map<String, Double>>getAs("scenarios").apply("equal/min_max"),
        1e-4);
  }

  private static double[][] zScores(double[][] x) {
    int n = x.length;
    int k = x[0].length;
    double[][] z = new double[n][k];
    for (int j = 0; j < k; j++) {
      double[] c = new double[n];
      for (int t = 0; t < n; t++) {
        c[t] = x[t][j];
      }
      double m = java.util.Arrays.stream(c).average().orElse(0);
      double s = sd(c);
      for (int t = 0; t < n; t++) {
        z[t][j] = (c[t] - m) / s;
      }
    }
    return z;
  }

  private static double sd(double[] x) {
    double m = java.util.Arrays.stream(x).average().orElse(0);
    return Math.sqrt(java.util.Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / x.length);
  }
}
