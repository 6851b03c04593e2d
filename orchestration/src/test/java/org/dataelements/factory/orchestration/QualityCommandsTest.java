package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableNotFoundException;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The {@code factory quality} commands' logic against a tiny silver table and a temp conf dir. */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class QualityCommandsTest {
  static final TableId TABLE = TableId.silver("qcli", "readings");
  static final String CHECKS =
      """
      table: qcli__readings
      description: Daily meter readings; key (meter_id, reading_date).
      checks:
        - rule: complete
          column: meter_id
          severity: fail
        - rule: non_negative
          column: kwh
          severity: fail
        - rule: in_set
          column: unit
          values: [kWh]
          severity: warn
        - rule: unique
          columns: [meter_id, reading_date]
          severity: warn
      """;

  @TempDir Path tmp;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final Console console = new Console(new PrintStream(err, true, StandardCharsets.UTF_8));

  PrintStream out() {
    out.reset();
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }

  String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  Specs conf() throws Exception {
    Path tables = Files.createDirectories(tmp.resolve("conf/tables"));
    Files.writeString(tables.resolve("qcli__readings.yaml"), CHECKS);
    return Specs.load(tmp.resolve("conf"));
  }

  static void writeReadings(Lakehouse lh) {
    StructType schema =
        new StructType()
            .add("meter_id", DataTypes.StringType)
            .add("reading_date", DataTypes.DateType)
            .add("kwh", DataTypes.DoubleType)
            .add("unit", DataTypes.StringType)
            .add("_source_file", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      rows.add(
          RowFactory.create(
              "m" + (i % 3),
              Date.valueOf("2024-01-" + (10 + i)),
              i == 5 ? -1.0 : 10.0 + i,
              i == 7 ? "MWh" : "kWh",
              "f.csv"));
    }
    lh.overwriteDelta(
        TABLE, lh.spark().createDataFrame(rows, schema), rows.size(), "qcli-1", Optional.empty());
  }

  static void writeQuarantine(Lakehouse lh) {
    StructType schema =
        new StructType()
            .add("meter_id", DataTypes.StringType)
            .add("kwh", DataTypes.DoubleType)
            .add("rule_id", DataTypes.StringType)
            .add("reason", DataTypes.StringType)
            .add("run_id", DataTypes.StringType);
    List<Row> rows =
        List.of(
            RowFactory.create("m1", -3.0, "range(kwh,min=0)", "kwh -3 < 0", "r1"),
            RowFactory.create("m2", -4.0, "range(kwh,min=0)", "kwh -4 < 0", "r2"),
            RowFactory.create(null, 5.0, "complete(meter_id)", "meter_id is null <b>", "r2"));
    lh.overwriteDelta(
        TABLE.quarantine(),
        lh.spark().createDataFrame(rows, schema),
        rows.size(),
        "qcli-q",
        Optional.empty());
  }

  @Test
  void checkRecordsReportChartsSuggestDraftsAndQuarantineCounts(Lakehouse lh) throws Exception {
    Specs specs = conf();
    TableSpec spec = QualityCommands.spec(specs, TABLE).orElseThrow();
    writeReadings(lh);

    assertEquals(
        FactoryMain.OK, QualityQuarantineCommand.quarantine(lh, TABLE, 10, out(), console));
    assertTrue(printed().contains("0 rows"), printed());
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("has no quarantine"),
        err.toString(StandardCharsets.UTF_8));

    // an earlier run's metric, so the history has two points
    new OpsTables(lh)
        .recordMetrics(
            List.of(
                new OpsTables.QualityMetric(
                    TABLE.sqlName(),
                    0,
                    "20200101T000000Z_0000",
                    "Completeness",
                    "meter_id",
                    0.654321)));

    int code =
        QualityCheckCommand.check(lh, TABLE, spec.checks(), RowPrinter.Format.CSV, out(), console);
    String csv = printed();
    System.out.println("quality check --format csv:\n" + csv);
    assertEquals(FactoryMain.FAILED, code, "a fail check failed: " + csv);
    List<String> lines = csv.lines().toList();
    assertEquals("rule_id,severity,status,observed,threshold,message", lines.get(0));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("complete(meter_id),fail,passed,")), csv);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("non_negative(kwh),fail,failed,")), csv);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("in_set(unit),warn,warned,")), csv);
    assertEquals(
        4,
        lh.spark()
            .table("lake.ops.quality_results")
            .where("table_name = 'silver.qcli__readings'")
            .count());

    writeQuarantine(lh);
    Path html = tmp.resolve("out/report.html");
    assertEquals(
        FactoryMain.OK,
        QualityReportCommand.report(
            lh, TABLE, Optional.empty(), Optional.of(html), out(), console));
    String report = printed();
    System.out.println("quality report:\n" + report);
    assertTrue(report.contains("Latest results of silver.qcli__readings (run "), report);
    assertTrue(report.contains("0.654321"), "the earlier metric is in the history: " + report);
    Document page = Jsoup.parse(Files.readString(html));
    assertEquals("Quality report: silver.qcli__readings", page.selectFirst("h1").text());
    assertEquals("2 passed 1 warned 1 failed", page.selectFirst("p.counts").text());
    assertEquals(
        List.of("failed", "warned", "passed", "passed"),
        page.select("table.results span.badge").eachText());
    long series =
        lh.spark()
            .table("lake.ops.quality_metrics")
            .where("table_name = 'silver.qcli__readings'")
            .select("metric", "instance")
            .distinct()
            .count();
    assertEquals(
        series, page.select("figure.metric svg").size(), "one chart per metric and instance");
    assertTrue(
        page.select("figcaption").eachText().contains("Completeness of meter_id (2 values)"),
        page.select("figcaption").eachText().toString());
    assertEquals(
        List.of("range(kwh,min=0)", "complete(meter_id)"),
        page.select("table.quarantine td code").eachText());
    assertTrue(Files.readString(html).contains("meter_id is null &lt;b&gt;"));

    assertEquals(
        FactoryMain.OK,
        QualityReportCommand.report(lh, TABLE, Optional.of(1), Optional.empty(), out(), console));
    assertFalse(printed().contains("0.654321"), "--runs 1 keeps the last run only: " + printed());

    assertEquals(
        FactoryMain.OK,
        QualitySuggestCommand.suggest(lh, Optional.of(spec), TABLE, out(), console));
    String yaml = printed();
    System.out.println("quality suggest:\n" + yaml);
    assertTrue(yaml.startsWith("checks:\n"), yaml);
    assertTrue(
        yaml.contains("  - rule: complete\n    column: reading_date\n    severity: warn\n"), yaml);
    assertFalse(
        yaml.contains("- rule: complete\n    column: meter_id\n"),
        "complete(meter_id) is declared already: " + yaml);
    assertFalse(yaml.contains("_source_file"), yaml);

    assertEquals(FactoryMain.OK, QualityQuarantineCommand.quarantine(lh, TABLE, 2, out(), console));
    String quarantine = printed();
    System.out.println("quality quarantine --limit 2:\n" + quarantine);
    assertTrue(
        quarantine.contains("Quarantined rows of silver.qcli__readings by rule_id (3 in all):"),
        quarantine);
    assertTrue(
        quarantine
            .lines()
            .anyMatch(
                l -> l.matches("\\| range\\(kwh,min=0\\) +\\| 2 +\\| r2 +\\| kwh -[34] < 0 +\\|")),
        quarantine);
    assertTrue(
        quarantine.contains("First 2 rows of silver.qcli__readings__quarantine:"), quarantine);
    assertTrue(quarantine.trim().endsWith("2 rows"), quarantine);
  }

  @Test
  void suggestOnATableWithoutRowsIsOneLine(Lakehouse lh) {
    TableId empty = TableId.silver("qcli", "nothing");
    lh.overwriteDelta(empty, lh.spark().range(0).toDF("n"), 0, "run-empty", Optional.empty());
    err.reset();
    assertEquals(
        FactoryMain.FAILED,
        QualitySuggestCommand.suggest(lh, Optional.empty(), empty, out(), console));
    String shown = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, shown.lines().count(), shown);
    assertTrue(shown.contains("silver.qcli__nothing has no rows"), shown);
    assertEquals("", printed());
  }

  @Test
  void namesTheTablesThatDeclareChecksAndTheMissingTable(Lakehouse lh) throws Exception {
    Specs specs = conf();
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                QualityCommands.declaredChecks(
                    specs, TableId.parse("silver.qcli__nope"), tmp.resolve("conf")));
    assertTrue(
        e.getMessage().contains("table silver.qcli__nope declares no checks"), e.getMessage());
    assertTrue(
        e.getMessage().contains("tables that declare checks: silver.qcli__readings"),
        e.getMessage());
    TableNotFoundException missing =
        assertThrows(
            TableNotFoundException.class,
            () ->
                QualityQuarantineCommand.quarantine(
                    lh, TableId.silver("qcli", "absent"), 10, out(), console));
    assertTrue(
        missing.getMessage().contains("silver.qcli__absent does not exist"), missing.getMessage());
  }

  @Test
  void exitsWithUsageBeforeSparkForATableWithoutChecks() throws Exception {
    conf();
    PrintStream oldErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code =
          FactoryMain.execute(
              "quality",
              "check",
              "silver.qcli__nope",
              "--conf",
              tmp.resolve("conf").toString(),
              "--warehouse",
              tmp.resolve("wh").toString());
    } finally {
      System.setErr(oldErr);
    }
    String shown = captured.toString(StandardCharsets.UTF_8);
    assertEquals(FactoryMain.USAGE, code, shown);
    assertTrue(shown.contains("error: table silver.qcli__nope declares no checks"), shown);
    assertTrue(shown.contains("silver.qcli__readings"), shown);
  }
}
