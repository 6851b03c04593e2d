package org.dataelements.factory.orchestration;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.quality.report.QualityHtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "A table's latest check results (of the last run that checked it), its metric history and"
            + " its quarantine counts; with --html also as a self-contained HTML page with a chart"
            + " per metric.")
final class QualityReportCommand implements Callable<Integer> {
  private static final StructType RESULTS_SCHEMA =
      new StructType()
          .add("rule_id", DataTypes.StringType)
          .add("rule", DataTypes.StringType)
          .add("severity", DataTypes.StringType)
          .add("status", DataTypes.StringType)
          .add("observed", DataTypes.StringType)
          .add("threshold", DataTypes.StringType)
          .add("message", DataTypes.StringType);
  private static final StructType METRICS_SCHEMA =
      new StructType()
          .add("metric", DataTypes.StringType)
          .add("instance", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("table_version", DataTypes.LongType)
          .add("run_id", DataTypes.StringType)
          .add("computed_at", DataTypes.TimestampType);

  @Mixin GlobalOptions global;

  @Parameters(
      index = "0",
      paramLabel = "TABLE",
      description = "SQL name, e.g. silver.power__meter_daily.")
  String table;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write the report as an HTML page to FILE.")
  Path html;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description = "Metric history of the last N runs only (default: all).")
  Integer runs;

  @Override
  public Integer call() {
    if (runs != null && runs < 1) {
      throw CoreErrors.badOption("--runs", Integer.toString(runs), "a number >= 1");
    }
    FactoryConfig config = global.resolve();
    TableId id = TableId.parse(table);
    Console console = new Console(System.err);
    Lakehouse lakehouse = Sessions.openForBuild(config, console);
    return report(
        lakehouse, id, Optional.ofNullable(runs), Optional.ofNullable(html), System.out, console);
  }

  /** Prints the report (and writes the page); returns the exit code. */
  static int report(
      Lakehouse lakehouse,
      TableId id,
      Optional<Integer> runs,
      Optional<Path> html,
      PrintStream out,
      Console console) {
    String name = id.sqlName();
    Optional<QualityHtmlReport.Run> lastRun = Optional.empty();
    Dataset<Row> results = null;
    if (lakehouse.exists(OpsTables.QUALITY_RESULTS)) {
      Dataset<Row> all =
          lakehouse.read(OpsTables.QUALITY_RESULTS).where(col("table_name").equalTo(name));
      List<Row> last =
          all.orderBy(col("checked_at").desc(), col("run_id").desc())
              .select("run_id", "checked_at")
              .limit(1)
              .collectAsList();
      if (!last.isEmpty()) {
        String runId = last.get(0).getString(0);
        lastRun =
            Optional.of(new QualityHtmlReport.Run(runId, last.get(0).getTimestamp(1).toInstant()));
        results =
            all.where(col("run_id").equalTo(runId))
                .orderBy(
                    when(col("status").equalTo("failed"), 0)
                        .when(col("status").equalTo("warned"), 1)
                        .otherwise(2),
                    col("rule_id"))
                .select(columns(RESULTS_SCHEMA));
      }
    }
    Dataset<Row> metrics = null;
    if (lakehouse.exists(OpsTables.QUALITY_METRICS)) {
      Dataset<Row> all =
          lakehouse.read(OpsTables.QUALITY_METRICS).where(col("table_name").equalTo(name));
      if (runs.isPresent()) {
        List<String> kept =
            all.groupBy("run_id")
                .agg(max("computed_at").as("at"))
                .orderBy(col("at").desc())
                .limit(runs.get())
                .select("run_id")
                .as(Encoders.STRING())
                .collectAsList();
        all = all.where(col("run_id").isin(kept.toArray()));
      }
      metrics = all.orderBy("metric", "instance", "computed_at").select(columns(METRICS_SCHEMA));
    }
    List<Row> resultRows = results == null ? List.of() : results.collectAsList();
    List<Row> metricRows = metrics == null ? List.of() : metrics.collectAsList();
    Optional<Dataset<Row>> quarantine = QualityCommands.quarantineCounts(lakehouse, id);
    if (resultRows.isEmpty() && metricRows.isEmpty() && !lakehouse.exists(id)) {
      throw QualityCommandErrors.nothingRecorded(id, lakehouse.config().warehouse());
    }
    if (lastRun.isEmpty()) {
      console.step(
          "no check results recorded for "
              + name
              + " yet; `factory quality check "
              + name
              + "` or `factory run` records them");
    }
    out.println(
        "Latest results of "
            + name
            + lastRun.map(r -> " (run " + r.runId() + ", " + r.checkedAt() + "):").orElse(":"));
    RowPrinter.print(
        results == null ? RESULTS_SCHEMA : results.schema(),
        resultRows,
        RowPrinter.Format.TABLE,
        out);
    out.println();
    out.println(
        "Metric history of "
            + name
            + runs.map(n -> " (last " + n + (n == 1 ? " run" : " runs") + "):").orElse(":"));
    RowPrinter.print(
        metrics == null ? METRICS_SCHEMA : metrics.schema(),
        metricRows,
        RowPrinter.Format.TABLE,
        out);
    List<Row> quarantineRows = quarantine.map(Dataset::collectAsList).orElse(List.of());
    out.println();
    if (quarantine.isPresent()) {
      out.println("Quarantined rows of " + name + " by rule:");
      RowPrinter.print(quarantine.get().schema(), quarantineRows, RowPrinter.Format.TABLE, out);
    } else {
      out.println(name + " has no quarantine: no row of it has been quarantined.");
    }
    if (html.isPresent()) {
      QualityHtmlReport page =
          new QualityHtmlReport(
              name,
              lastRun,
              resultRows.stream().map(QualityReportCommand::result).toList(),
              metricRows.stream()
                  .filter(r -> !r.isNullAt(2))
                  .map(QualityReportCommand::metric)
                  .toList(),
              quarantine.map(
                  q ->
                      quarantineRows.stream().map(QualityReportCommand::quarantineCount).toList()));
      write(html.get(), page.render(Instant.now()));
      console.step("wrote the report of " + name + " to " + html.get());
    }
    return FactoryMain.OK;
  }

  private static Column[] columns(StructType schema) {
    return Arrays.stream(schema.fieldNames()).map(functions::col).toArray(Column[]::new);
  }

  private static QualityHtmlReport.Result result(Row r) {
    return new QualityHtmlReport.Result(
        text(r, "rule_id"),
        text(r, "severity"),
        text(r, "status"),
        text(r, "observed"),
        text(r, "threshold"),
        text(r, "message"));
  }

  private static QualityHtmlReport.MetricPoint metric(Row r) {
    Timestamp at = r.getAs("computed_at");
    return new QualityHtmlReport.MetricPoint(
        text(r, "metric"),
        text(r, "instance"),
        text(r, "run_id"),
        at.toInstant(),
        r.<Double>getAs("value"));
  }

  private static QualityHtmlReport.QuarantineCount quarantineCount(Row r) {
    return new QualityHtmlReport.QuarantineCount(
        r.isNullAt(0) ? "(none)" : String.valueOf(r.get(0)),
        r.<Long>getAs(QualityCommands.ROWS),
        text(r, QualityCommands.EXAMPLE));
  }

  private static String text(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? "" : String.valueOf(r.get(i));
  }

  private static void write(Path file, String page) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw org.dataelements.factory.core.CoreErrors.cannotWrite("--html", file, e);
    }
  }
}
