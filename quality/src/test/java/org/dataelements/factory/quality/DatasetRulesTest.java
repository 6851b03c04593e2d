package org.dataelements.factory.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.CheckSpec.Anomaly.Metric;
import org.dataelements.factory.core.CheckSpec.Anomaly.Strategy;
import org.dataelements.factory.core.CheckSpec.Rule;
import org.dataelements.factory.core.CheckSpec.Severity;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableNotFoundException;
import org.dataelements.factory.core.runtime.SparkJobCounter;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.quality.ConstraintOutcome.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class DatasetRulesTest {
  static final TableId TABLE = TableId.silver("qtest", "monthly");
  static final String REGIONS = "silver.qtest__regions";
  static final Instant NOW = Instant.parse("2023-03-02T12:00:00Z");

  /** Five rows: region, month (the newest 2023-03-01), consumption. */
  private static Dataset<Row> monthly(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("region_code", DataTypes.StringType)
            .add("month", DataTypes.DateType)
            .add("consumption_kwh", DataTypes.DoubleType);
    return spark.createDataFrame(
        List.of(
            RowFactory.create("A", Date.valueOf("2023-01-01"), 10.0),
            RowFactory.create("B", Date.valueOf("2023-01-01"), 12.0),
            RowFactory.create("A", Date.valueOf("2023-02-01"), 9.0),
            RowFactory.create("Z", Date.valueOf("2023-02-01"), 8.0),
            RowFactory.create("Y", Date.valueOf("2023-03-01"), 11.0)),
        schema);
  }

  private static Function<String, Dataset<Row>> tables(SparkSession spark) {
    Dataset<Row> regions =
        spark.createDataFrame(
            List.of(RowFactory.create("A"), RowFactory.create("B")),
            new StructType().add("region_code", DataTypes.StringType));
    return name -> {
      if (name.equals(REGIONS)) {
        return regions;
      }
      throw new TableNotFoundException(name, "table " + name + " does not exist in the warehouse");
    };
  }

  private static QualityContext context(SparkSession spark) {
    return QualityContext.of(tables(spark)).withNow(NOW);
  }

  private static List<MetricPoint> sizes(double... values) {
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      points.add(
          new MetricPoint(
              "Size", "*", "run-" + i, NOW.minus(Duration.ofDays(values.length - i)), values[i]));
    }
    return points;
  }

  @Test
  void freshnessComparesTheNewestValueWithTheRunTime(SparkSession spark) {
    QualityReport r =
        QualityChecks.verify(
            TABLE,
            monthly(spark),
            List.of(
                Checks.freshness("month", Duration.ofDays(2), Severity.FAIL),
                Checks.freshness("month", Duration.ofDays(1), Severity.FAIL)),
            context(spark));
    ConstraintOutcome fresh = r.outcomes().get(0);
    ConstraintOutcome stale = r.outcomes().get(1);
    assertEquals(Status.PASSED, fresh.status(), fresh.toString());
    assertEquals("max(month)=2023-03-01, age 1d 12h", fresh.observed());
    assertEquals("newest month at most P2D old", fresh.threshold());
    assertEquals(Status.FAILED, stale.status());
    assertTrue(stale.message().contains("more than P1D"), stale.message());
    assertTrue(
        r.metrics().stream().noneMatch(m -> m.instance().startsWith("__dq_")),
        r.metrics().toString());
  }

  @Test
  void referentialCountsOrphanRowsAndShowsExamples(SparkSession spark) {
    CheckSpec known = Checks.referential("region_code", REGIONS, "region_code", Severity.WARN);
    QualityReport r = QualityChecks.verify(TABLE, monthly(spark), List.of(known), context(spark));
    ConstraintOutcome o = r.outcomes().get(0);
    assertEquals(Status.WARNED, o.status());
    assertEquals("orphan rows: 2 (values e.g. 'Y', 'Z')", o.observed());
    assertEquals("every value in silver.qtest__regions.region_code", o.threshold());
  }

  @Test
  void anAnomalyCheckWithoutHistoryPassesWithANote(SparkSession spark) {
    CheckSpec rows =
        Checks.anomaly(
            Metric.ROW_COUNT,
            List.of(),
            Strategy.RELATIVE_RATE_OF_CHANGE,
            0.5,
            1.0,
            Optional.empty());
    CheckSpec perMonth =
        Checks.anomaly(
            Metric.MEAN,
            List.of("consumption_kwh"),
            Strategy.RELATIVE_RATE_OF_CHANGE,
            0.3,
            0.5,
            Optional.of("month"));
    QualityReport r =
        QualityChecks.verify(TABLE, monthly(spark), List.of(rows, perMonth), context(spark));
    assertEquals(Status.PASSED, r.outcomes().get(0).status());
    assertEquals(
        "no history yet: 1 earlier value needed, 0 in lake.ops.quality_metrics",
        r.outcomes().get(0).message());
    assertEquals(Status.PASSED, r.outcomes().get(1).status());
    assertTrue(
        r.outcomes().get(1).message().startsWith("no history yet"), r.outcomes().get(1).message());
    assertTrue(
        r.metrics().contains(new QualityReport.MetricValue("Size", "*", 5)),
        r.metrics().toString());
    assertTrue(
        r.metrics().contains(new QualityReport.MetricValue("Mean", "consumption_kwh@2023-02", 8.5)),
        r.metrics().toString());
  }

  @Test
  void relativeRateOfChangeFlagsABigJumpAndPassesASmallOne(SparkSession spark) {
    CheckSpec rows =
        Checks.anomaly(
            Metric.ROW_COUNT,
            List.of(),
            Strategy.RELATIVE_RATE_OF_CHANGE,
            0.5,
            1.0,
            Optional.empty());
    Dataset<Row> data = monthly(spark);
    QualityReport small =
        QualityChecks.verify(TABLE, data, List.of(rows), context(spark).withHistory(sizes(20, 6)));
    assertEquals(
        Status.PASSED, small.outcomes().get(0).status(), small.outcomes().get(0).toString());
    assertEquals("size(*)=5; previous 6", small.outcomes().get(0).observed());
    QualityReport fall =
        QualityChecks.verify(TABLE, data, List.of(rows), context(spark).withHistory(sizes(6, 20)));
    ConstraintOutcome o = fall.outcomes().get(0);
    assertEquals(Status.WARNED, o.status(), o.toString());
    assertEquals("ratio to the previous build's value within [0.5, 2]", o.threshold());
    assertTrue(o.message().contains("0.25"), o.message());
  }

  @Test
  void theReportCountsTheSparkJobsOfTheVerification(SparkSession spark) {
    List<CheckSpec> checks =
        List.of(
            Checks.of(Rule.COMPLETE, "region_code", Severity.FAIL),
            Checks.of(Rule.NON_NEGATIVE, "consumption_kwh", Severity.WARN),
            Checks.rowCount(1, Severity.FAIL),
            Checks.freshness("month", Duration.ofDays(2), Severity.WARN),
            Checks.referential("region_code", REGIONS, "region_code", Severity.WARN),
            Checks.anomaly(
                Metric.ROW_COUNT,
                List.of(),
                Strategy.RELATIVE_RATE_OF_CHANGE,
                0.5,
                1.0,
                Optional.empty()),
            Checks.of(Rule.UNIQUE, "region_code", Severity.WARN),
            Checks.anomaly(
                Metric.MEAN,
                List.of("consumption_kwh"),
                Strategy.RELATIVE_RATE_OF_CHANGE,
                0.3,
                0.5,
                Optional.of("month")));
    QualityReport r = QualityChecks.verify(TABLE, monthly(spark), checks, context(spark));
    assertTrue(r.sparkJobs() > 0, "jobs: " + r.sparkJobs());
    System.out.println(
        "verification of "
            + checks.size()
            + " checks took "
            + r.sparkJobs()
            + " Spark jobs: "
            + r.outcomes().stream()
                .map(o -> o.check().ruleId() + "=" + o.status().label())
                .toList());
    QualityReport deequOnly =
        QualityChecks.verify(TABLE, monthly(spark), checks.subList(0, 3), context(spark));
    assertEquals(1, deequOnly.sparkJobs(), "Deequ's scan-shareable constraints run as one job");
  }

  @Test
  void newRulesNamingMissingColumnsOrTablesFailBeforeAnySparkJob(SparkSession spark) {
    Dataset<Row> data = monthly(spark);
    List<CheckSpec> checks =
        List.of(
            Checks.freshness("updated_at", Duration.ofDays(1), Severity.FAIL),
            Checks.freshness("region_code", Duration.ofDays(1), Severity.FAIL),
            Checks.referential("region_code", "silver.qtest__nowhere", "code", Severity.FAIL),
            Checks.referential("region_code", REGIONS, "code", Severity.FAIL),
            Checks.anomaly(
                Metric.MEAN, List.of("kwh"), Strategy.ONLINE_NORMAL, null, null, Optional.empty()),
            Checks.anomaly(
                Metric.ROW_COUNT,
                List.of(),
                Strategy.RELATIVE_RATE_OF_CHANGE,
                0.2,
                null,
                Optional.of("period")));
    SparkJobCounter jobs = SparkJobCounter.start(spark.sparkContext());
    var e =
        assertThrows(
            InvalidSpecException.class,
            () -> QualityChecks.verify(TABLE, data, checks, context(spark)));
    assertEquals(0, jobs.stop());
    String m = e.getMessage();
    assertEquals(6, e.problems().size(), m);
    assertTrue(
        m.contains(
            "names column 'updated_at', which the table does not have; its columns are: "
                + "region_code, month, consumption_kwh"),
        m);
    assertTrue(m.contains("needs a date or timestamp column; 'region_code' is string"), m);
    assertTrue(m.contains("reference table silver.qtest__nowhere"), m);
    assertTrue(
        m.contains(
            "names reference column 'code', which silver.qtest__regions does not have; its columns are: "
                + "region_code"),
        m);
    assertTrue(m.contains("names column 'kwh'"), m);
    assertTrue(m.contains("names period_column 'period'"), m);
    assertThrows(
        InvalidSpecException.class,
        () -> QualityChecks.split(TABLE, data, checks, "run", tables(spark)));
  }

  @Test
  void aRangeOverAColumnWithNoValuePassesWithANote(SparkSession spark) {
    Dataset<Row> data =
        spark.createDataFrame(
            List.of(RowFactory.create("A", null), RowFactory.create("B", null)),
            new StructType()
                .add("region_code", DataTypes.StringType)
                .add("account_count", DataTypes.LongType));
    CheckSpec range =
        new CheckSpec(
            Rule.RANGE,
            List.of("account_count"),
            Severity.WARN,
            Optional.of(0.0),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    ConstraintOutcome o = QualityChecks.verify(TABLE, data, List.of(range)).outcomes().get(0);
    assertEquals(Status.PASSED, o.status(), o.toString());
    assertTrue(o.message().contains("every value is null"), o.message());
  }

  @Test
  void aTableWithNoRowsBreaksNoRuleButItsRowCountCheck(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("region_code", DataTypes.StringType)
            .add("frequency", DataTypes.StringType);
    Dataset<Row> empty = spark.createDataFrame(List.<Row>of(), schema);
    CheckSpec complete =
        new CheckSpec(
            Rule.COMPLETE,
            List.of("region_code"),
            Severity.FAIL,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    CheckSpec unique =
        new CheckSpec(
            Rule.UNIQUE,
            List.of("region_code", "frequency"),
            Severity.FAIL,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    CheckSpec inSet =
        new CheckSpec(
            Rule.IN_SET,
            List.of("frequency"),
            Severity.FAIL,
            Optional.empty(),
            Optional.empty(),
            List.of("month", "year"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    CheckSpec rows =
        new CheckSpec(
            Rule.ROW_COUNT,
            List.of(),
            Severity.FAIL,
            Optional.of(1.0),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    List<ConstraintOutcome> o =
        QualityChecks.verify(TABLE, empty, List.of(complete, unique, inSet, rows)).outcomes();
    assertEquals(
        List.of(Status.PASSED, Status.PASSED, Status.PASSED, Status.FAILED),
        o.stream().map(ConstraintOutcome::status).toList(),
        o.toString());
    assertTrue(o.get(0).message().contains("no rows"), o.get(0).message());
  }
}
