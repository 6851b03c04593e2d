package org.dataelements.factory.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.CheckSpec.Rule;
import org.dataelements.factory.core.CheckSpec.Severity;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableNotFoundException;
import org.dataelements.factory.core.runtime.SparkJobCounter;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class DropSplitTest {
  static final TableId TABLE = TableId.silver("qtest", "readings");
  static final String REGIONS = "silver.qtest__regions";

  private static Dataset<Row> readings(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("reading_id", DataTypes.StringType)
            .add("region_code", DataTypes.StringType)
            .add("consumption_kwh", DataTypes.DoubleType);
    return spark.createDataFrame(
        List.of(
            RowFactory.create("r1", "A", 1.0),
            RowFactory.create("r2", "A", -3.2),
            RowFactory.create("r3", "Z", 2.0),
            RowFactory.create("r4", "Z", -1.0),
            RowFactory.create("r5", "B", null),
            RowFactory.create("r6", null, 4.0)),
        schema);
  }

  /** The reference table, with a duplicated value (the split must not duplicate rows). */
  private static Function<String, Dataset<Row>> tables(SparkSession spark) {
    StructType schema = new StructType().add("region_code", DataTypes.StringType);
    Dataset<Row> regions =
        spark.createDataFrame(
            List.of(RowFactory.create("A"), RowFactory.create("B"), RowFactory.create("B")),
            schema);
    return name -> {
      if (name.equals(REGIONS)) {
        return regions;
      }
      throw new TableNotFoundException(name, "table " + name + " does not exist");
    };
  }

  private static Map<String, Row> byId(Dataset<Row> d) {
    Map<String, Row> rows = new TreeMap<>();
    d.collectAsList().forEach(r -> rows.put(r.getString(0), r));
    return rows;
  }

  @Test
  void dropSplitsRowsInOnePassListingEveryRuleARowBreaksOnce(SparkSession spark) {
    CheckSpec nonNegative = Checks.of(Rule.NON_NEGATIVE, "consumption_kwh", Severity.DROP);
    CheckSpec known = Checks.inSet("region_code", Severity.DROP, "A", "B");
    CheckSpec notDropping = Checks.of(Rule.COMPLETE, "consumption_kwh", Severity.WARN);
    QualitySplit split =
        QualityChecks.split(
            TABLE,
            readings(spark),
            List.of(nonNegative, known, notDropping),
            "run-1",
            tables(spark));

    SparkJobCounter jobs = SparkJobCounter.start(spark.sparkContext());
    SplitCounts counts = split.count(6);
    assertEquals(1, jobs.stop(), "kept, quarantined and per-rule counts in one job");
    assertEquals(3, counts.kept());
    assertEquals(3, counts.quarantined());
    assertEquals(Map.of(nonNegative.ruleId(), 2L, known.ruleId(), 2L), counts.perRule());
    assertEquals(
        List.of(ConstraintOutcome.Status.WARNED, ConstraintOutcome.Status.WARNED),
        counts.outcomes().stream().map(ConstraintOutcome::status).toList());
    assertEquals("2 of 6 rows quarantined", counts.outcomes().get(0).observed());

    assertEquals(
        List.of("r1", "r5", "r6"),
        List.copyOf(byId(split.kept()).keySet()),
        "nulls break neither rule; complete (warn) is not the split's business");
    Map<String, Row> q = byId(split.quarantined());
    assertEquals(List.of("r2", "r3", "r4"), List.copyOf(q.keySet()));
    Row r2 = q.get("r2");
    assertEquals("non_negative(consumption_kwh)", r2.getAs("rule_id"));
    assertEquals("non_negative(consumption_kwh): value -3.2 < 0", r2.getAs("reason"));
    assertEquals("run-1", r2.getAs("run_id"));
    assertTrue(r2.getAs("quarantined_at") != null);
    assertEquals("in_set(region_code): value 'Z' not in {A, B}", q.get("r3").getAs("reason"));
    Row r4 = q.get("r4");
    assertEquals(
        "non_negative(consumption_kwh); in_set(region_code)",
        r4.getAs("rule_id"),
        "once, both rules");
    assertEquals(
        "non_negative(consumption_kwh): value -1.0 < 0; in_set(region_code): value 'Z' not in {A, B}",
        r4.getAs("reason"));
    assertEquals(counts.kept() + counts.quarantined(), 6, "rows conserved");
  }

  @Test
  void referentialDropQuarantinesOrphansOnceEvenWithDuplicateReferenceValues(SparkSession spark) {
    CheckSpec known = Checks.referential("region_code", REGIONS, "region_code", Severity.DROP);
    QualitySplit split =
        QualityChecks.split(TABLE, readings(spark), List.of(known), "run-2", tables(spark));
    SplitCounts counts = split.count(6);
    assertEquals(4, counts.kept(), "A, A, B and the null region are kept");
    assertEquals(2, counts.quarantined());
    Map<String, Row> q = byId(split.quarantined());
    assertEquals(List.of("r3", "r4"), List.copyOf(q.keySet()));
    assertEquals(
        "referential(region_code,in=silver.qtest__regions.region_code): value 'Z' not in "
            + "silver.qtest__regions.region_code",
        q.get("r3").getAs("reason"));
  }

  @Test
  void theStepsOwnQuarantineIsMergedByColumnName(SparkSession spark) {
    CheckSpec nonNegative = Checks.of(Rule.NON_NEGATIVE, "consumption_kwh", Severity.DROP);
    QualitySplit split =
        QualityChecks.split(TABLE, readings(spark), List.of(nonNegative), "run-3", tables(spark));
    StructType own =
        new StructType()
            .add("reading_id", DataTypes.StringType)
            .add("consumption_kwh", DataTypes.StringType) // raw text in the step's own quarantine
            .add("rule_id", DataTypes.StringType)
            .add("reason", DataTypes.StringType)
            .add("run_id", DataTypes.StringType);
    Dataset<Row> stepQuarantine =
        spark.createDataFrame(
            List.of(
                RowFactory.create(
                    "r0",
                    "abc",
                    "parse(consumption)",
                    "consumption 'abc' is not a number",
                    "run-3")),
            own);
    Dataset<Row> merged = split.quarantineWith(stepQuarantine);
    Map<String, Row> q = byId(merged);
    assertEquals(List.of("r0", "r2", "r4"), List.copyOf(q.keySet()));
    assertEquals(
        "-3.2",
        q.get("r2").getAs("consumption_kwh"),
        "a column typed differently becomes a string");
    assertTrue(q.get("r0").getAs("quarantined_at") != null);
    assertTrue(q.get("r0").isNullAt(q.get("r0").fieldIndex("region_code")));
  }

  @Test
  void withoutDropChecksNothingIsSplitAndNoJobRuns(SparkSession spark) {
    Dataset<Row> data = readings(spark);
    QualitySplit split =
        QualityChecks.split(
            TABLE,
            data,
            List.of(Checks.of(Rule.COMPLETE, "reading_id", Severity.FAIL)),
            "run-4",
            tables(spark));
    assertFalse(split.hasDropChecks());
    SparkJobCounter jobs = SparkJobCounter.start(spark.sparkContext());
    SplitCounts counts = split.count(6);
    assertEquals(0, jobs.stop());
    assertEquals(6, counts.kept());
    assertTrue(
        split.quarantined().columns().length == 7, String.join(",", split.quarantined().columns()));
  }
}
