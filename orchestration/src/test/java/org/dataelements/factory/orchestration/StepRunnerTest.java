package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.QualityGateException;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.lineage.LineageEmitter;
import org.dataelements.factory.products.electricityindex.Methodology;
import org.dataelements.factory.products.electricityindex.MonthlyIndices;
import org.dataelements.factory.products.electricityindex.SectorIndices;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class StepRunnerTest {
  static final TableId SILVER = TableId.silver("power", "consumption_monthly");

  private static void silver(Lakehouse lh) {
    StructType schema =
        new StructType()
            .add("region_code", DataTypes.StringType)
            .add("region_name", DataTypes.StringType)
            .add("code_system", DataTypes.StringType)
            .add("industry_code", DataTypes.StringType)
            .add("industry_name", DataTypes.StringType)
            .add("month", DataTypes.DateType)
            .add("months_covered", DataTypes.IntegerType)
            .add("consumption_kwh", DataTypes.DoubleType)
            .add("account_count", DataTypes.LongType)
            .add("max_account_kwh", DataTypes.DoubleType)
            .add("is_imputed", DataTypes.BooleanType)
            .add("imputation", DataTypes.StringType)
            .add("is_published_statistic", DataTypes.BooleanType)
            .add("is_jan_feb_combined", DataTypes.BooleanType)
            .add("derived_from_ytd", DataTypes.BooleanType)
            .add("source", DataTypes.StringType)
            .add("source_series", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      // Agriculture alone: the total index only (no industry-and-services or specialty component).
      rows.add(
          RowFactory.create(
              "620100",
              "Lanzhou",
              "GB/T 2260",
              "A",
              "Agriculture",
              Date.valueOf(String.format("2020-%02d-01", m)),
              1,
              100.0 + m,
              3L,
              40.0,
              false,
              null,
              false,
              false,
              false,
              "meter_readings",
              null));
    }
    lh.overwriteDelta(
        SILVER,
        lh.spark().createDataFrame(rows, schema),
        rows.size(),
        RunIds.next(Instant.now()),
        Optional.empty());
  }

  private static CheckSpec rowCount(double min) {
    return new CheckSpec(
        CheckSpec.Rule.ROW_COUNT,
        List.of(),
        CheckSpec.Severity.FAIL,
        Optional.of(min),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Index values above {@code max} are quarantined (a drop check). */
  private static CheckSpec valueAtMost(double max) {
    return new CheckSpec(
        CheckSpec.Rule.RANGE,
        List.of("value"),
        CheckSpec.Severity.DROP,
        Optional.empty(),
        Optional.of(max),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static StepRunner runner(Lakehouse lh, OpsTables ops, List<CheckSpec> indexChecks) {
    return new StepRunner(
        lh,
        ops,
        new LineageEmitter(lh.config().warehouse(), new Configuration()),
        id -> id.equals(MonthlyIndices.TABLE) ? indexChecks : List.of());
  }

  private static StepRunner.Refs refs(String run) {
    return new StepRunner.Refs("candidate_" + run, java.util.Map.of());
  }

  @Test
  void aDropCheckQuarantinesTheRowsItBreaksAndConservesTheRest(Lakehouse lh) {
    silver(lh);
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    String run = RunIds.next(Instant.now());
    StepRunner runner = runner(lh, ops, List.of(rowCount(1), valueAtMost(100)));
    StepRunner.Result step = runner.run(new MonthlyIndices(2020), run, refs(run));
    runner.flush();
    StepRunner.TableResult r = step.tables().get(0);
    assertEquals(MonthlyIndices.TABLE, r.table());
    // consumption 101..112 against a base-year mean of 106.5: July..December index above 100
    assertEquals(6, r.rowsOut());
    assertEquals(6, r.rowsDropped());
    assertEquals(6, r.rowsQuarantined());
    assertEquals(12, r.rowsOut() + r.rowsDropped(), "rows of the step = kept + dropped");
    String branch = "candidate_" + run;
    assertEquals(
        6, lh.readRef(MonthlyIndices.TABLE, branch).count(), "written on the run's branch");
    List<Row> q =
        lh.readRef(MonthlyIndices.TABLE.quarantine(), branch)
            .select("month", "rule_id", "reason", "run_id", "quarantined_at")
            .orderBy("month")
            .collectAsList();
    assertEquals(6, q.size());
    assertEquals(Date.valueOf("2020-07-01"), q.get(0).getDate(0));
    assertEquals("range(value,max=100)", q.get(0).getString(1));
    assertTrue(
        q.get(0).getString(2).startsWith("range(value,max=100): value 100.4"),
        q.get(0).getString(2));
    assertTrue(q.get(0).getString(2).endsWith(" > 100"), q.get(0).getString(2));
    assertEquals(run, q.get(0).getString(3));
    assertFalse(q.get(0).isNullAt(4));
    Row recorded =
        lh.spark()
            .sql(
                "select status, observed from lake.ops.quality_results where run_id = '"
                    + run
                    + "' and rule = 'range'")
            .first();
    assertEquals("warned", recorded.getString(0));
    assertEquals("6 of 12 rows quarantined", recorded.getString(1));
    assertTrue(r.quality().sparkJobs() > 0);
  }

  @Test
  void aFailingGateBlocksTheCommitAndItsResultIsStillRecorded(Lakehouse lh) {
    silver(lh);
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    StepRunner runner = runner(lh, ops, List.of(rowCount(1000)));
    String run = RunIds.next(Instant.now());
    long before = lh.exists(MonthlyIndices.TABLE) ? lh.version(MonthlyIndices.TABLE) : -2;
    var e =
        assertThrows(
            QualityGateException.class, () -> runner.run(new MonthlyIndices(2020), run, refs(run)));
    assertTrue(e.getMessage().contains("row_count(min=1000)"), e.getMessage());
    assertTrue(e.getMessage().contains("size(*)=12"), e.getMessage());
    runner.flush();
    Row recorded =
        lh.spark()
            .sql(
                "select status, observed from lake.ops.quality_results where run_id = '"
                    + run
                    + "'")
            .first();
    assertEquals("failed", recorded.getString(0));
    long after = lh.exists(MonthlyIndices.TABLE) ? lh.version(MonthlyIndices.TABLE) : -2;
    assertEquals(before, after, "nothing was committed to the gold table");
    assertTrue(
        !lh.exists(Methodology.TABLE)
            || lh.branchSnapshot(Methodology.TABLE, "candidate_" + run).isEmpty(),
        "nor to the methodology the same step writes: a failed gate on one output blocks them all");
  }

  @Test
  void aSecondRunWithUnchangedInputsIsSkipped(Lakehouse lh) {
    silver(lh);
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    StepRunner runner = runner(lh, ops, List.of(rowCount(1)));
    String run = RunIds.next(Instant.now());
    StepRunner.Result first = runner.run(new MonthlyIndices(2020), run, refs(run));
    assertFalse(first.skipped());
    assertEquals(
        List.of(MonthlyIndices.TABLE, Methodology.TABLE, SectorIndices.TABLE),
        first.tables().stream().map(StepRunner.TableResult::table).toList(),
        "one step, its three tables");
    assertEquals(12, first.tables().get(0).rowsOut());
    String again = RunIds.next(Instant.now());
    assertFalse(
        runner.run(new MonthlyIndices(2020), again, refs(again)).skipped(),
        "unpublished, main still lacks the build");
    lh.publishBranch(MonthlyIndices.TABLE, "candidate_" + again);
    lh.publishBranch(Methodology.TABLE, "candidate_" + again);
    lh.publishBranch(SectorIndices.TABLE, "candidate_" + again);
    String third = RunIds.next(Instant.now());
    StepRunner.Result second = runner.run(new MonthlyIndices(2020), third, refs(third));
    assertTrue(second.skipped());
    String fourth = RunIds.next(Instant.now());
    StepRunner.Result otherBase = runner.run(new MonthlyIndices(2021), fourth, refs(fourth));
    assertFalse(otherBase.skipped(), "a changed parameter rebuilds");
    runner.flush();
  }
}
