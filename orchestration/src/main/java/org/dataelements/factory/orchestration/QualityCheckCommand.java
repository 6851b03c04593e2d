package org.dataelements.factory.orchestration;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.quality.ConstraintOutcome;
import org.dataelements.factory.quality.QualityChecks;
import org.dataelements.factory.quality.QualityContext;
import org.dataelements.factory.quality.QualityReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Run a table's declared checks now on its current data, print one row per check and"
            + " record the results and metrics in lake.ops as a build does. Exits 1 when a `fail`"
            + " check fails.")
final class QualityCheckCommand implements Callable<Integer> {
  static final StructType SCHEMA =
      new StructType()
          .add("rule_id", DataTypes.StringType)
          .add("severity", DataTypes.StringType)
          .add("status", DataTypes.StringType)
          .add("observed", DataTypes.StringType)
          .add("threshold", DataTypes.StringType)
          .add("message", DataTypes.StringType);

  @Mixin GlobalOptions global;

  @Parameters(
      index = "0",
      paramLabel = "TABLE",
      description = "SQL name of a table that declares checks, e.g. silver.power__meter_daily.")
  String table;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description = "Output: ${COMPLETION-CANDIDATES} (default table).")
  RowPrinter.Format format = RowPrinter.Format.TABLE;

  @Override
  public Integer call() {
    FactoryConfig config = global.resolve();
    TableId id = TableId.parse(table);
    // The specs are read, and the table's checks found, before Spark starts.
    List<CheckSpec> checks =
        QualityCommands.declaredChecks(Specs.load(config.confDir()), id, config.confDir());
    Console console = new Console(System.err);
    Lakehouse lakehouse = Sessions.openForBuild(config, console);
    return check(lakehouse, id, checks, format, System.out, console);
  }

  /** The check as a lineage run that read the table, with Deequ's assertions and metrics. */
  private static void checkLineage(
      Lakehouse lakehouse,
      TableId id,
      long version,
      Dataset<Row> data,
      QualityReport report,
      String runId,
      OpsTables ops) {
    var lineage = Lineages.emitter(lakehouse);
    if (!lineage.enabled()) {
      return;
    }
    var table =
        TableLineage.table(
            lineage.tableNamespace(),
            id,
            Long.toString(version),
            id.layer() == org.dataelements.factory.core.Layer.GOLD
                ? java.util.Optional.of("main")
                : java.util.Optional.empty(),
            data.schema(),
            java.util.Map.of(),
            java.util.Optional.empty());
    lineage.complete(
        runId,
        "quality:" + id.sqlName(),
        List.of(TableLineage.withQuality(table, report)),
        List.of());
    Pipeline.storeLineage(lineage, ops);
  }

  /** Verifies, records, prints; returns the exit code. */
  static int check(
      Lakehouse lakehouse,
      TableId id,
      List<CheckSpec> checks,
      RowPrinter.Format format,
      PrintStream out,
      Console console) {
    Dataset<Row> data = lakehouse.read(id);
    long version = lakehouse.version(id);
    String runId = RunIds.next(Instant.now());
    console.step(
        "run "
            + runId
            + ": checking "
            + id
            + " (version "
            + version
            + ", "
            + checks.size()
            + (checks.size() == 1 ? " check)" : " checks)"));
    // As a build judges them: other tables by SQL name, the metric history for anomaly checks. The
    // data was split by its drop checks when it was built, so those are judged like warn checks.
    QualityContext context =
        QualityContext.of(name -> lakehouse.read(TableId.parse(name)))
            .withHistory(QualityCommands.metricHistory(lakehouse, id, checks));
    QualityReport report = QualityChecks.verify(id, data, checks, context);
    OpsTables ops = new OpsTables(lakehouse);
    ops.recordQuality(report.asOpsRows(runId));
    ops.recordMetrics(report.asMetricRows(runId, version));
    checkLineage(lakehouse, id, version, data, report, runId, ops);
    List<Row> rows =
        report.outcomes().stream()
            .map(
                o ->
                    RowFactory.create(
                        o.check().ruleId(),
                        o.check().severity().label(),
                        o.status().label(),
                        o.observed(),
                        o.threshold(),
                        o.message()))
            .toList();
    RowPrinter.print(SCHEMA, rows, format, out);
    int blocking = report.blocking().size();
    console.step(
        report.count(ConstraintOutcome.Status.PASSED)
            + " passed, "
            + report.count(ConstraintOutcome.Status.WARNED)
            + " warned, "
            + report.count(ConstraintOutcome.Status.FAILED)
            + " failed; recorded in "
            + OpsTables.QUALITY_RESULTS
            + " as run "
            + runId
            + (blocking > 0
                ? "; "
                    + blocking
                    + " `fail` "
                    + (blocking == 1 ? "check" : "checks")
                    + " did not pass"
                : ""));
    return blocking > 0 ? FactoryMain.FAILED : FactoryMain.OK;
  }
}
