package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.TimestampType;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.curation.power.ConsumptionMonthly;
import org.dataelements.factory.curation.power.MeterDaily;
import org.dataelements.factory.orchestration.graph.StepGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental build (only the months new files touch) gives exactly the rows of a full rebuild,
 * also when a file comes again in a new version, when a new file conflicts with a reading landed
 * before, and when a row's date cannot be read; a backfill rebuilds only its months.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class IncrementalBuildTest {
  static final TableId METER = TableId.parse("silver.power__meter_daily");
  static final TableId MONTHLY = TableId.parse("silver.power__consumption_monthly");
  static final String HEADER =
      "account_id,region_code,industry_code,customer_class,reading_date,consumption,unit\n";

  @TempDir Path landing;
  @TempDir Path warehouse;

  private Lakehouse lakehouse(Lakehouse shared) {
    FactoryConfig c = shared.config();
    return new Lakehouse(
        shared.spark(),
        new FactoryConfig(
            c.profile(),
            warehouse.toUri().toString().replaceAll("/$", ""),
            c.confDir(),
            c.spark(),
            c.catalog(),
            c.lineage(),
            c.pseudonymKeyFile()));
  }

  private void file(String name, String... rows) throws IOException {
    Path f = landing.resolve("electricity/meter_readings").resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, HEADER + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
  }

  /** Daily readings of an account for the days of a month. */
  private static String[] month(String account, String industry, String ym, int days, int kwh) {
    String[] rows = new String[days];
    for (int d = 1; d <= days; d++) {
      rows[d - 1] =
          String.format(
              "%s,620100,%s,large_industry,%s-%02d,%d,kWh", account, industry, ym, d, kwh + d);
    }
    return rows;
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  private static void run(
      Lakehouse lh, Path landing, StepRunner.BuildMode mode, ByteArrayOutputStream log) {
    Specs specs = Specs.load(SparkTestSession.confDir());
    StepGraph graph = StepGraph.of(specs, List.of(new MeterDaily(), new ConsumptionMonthly()));
    Pipeline p =
        new Pipeline(
                lh, specs, graph, new Console(new PrintStream(log, true, StandardCharsets.UTF_8)))
            .building(mode);
    String runId = RunIds.next(Instant.now());
    try {
      p.ingest(
          LandingRoot.of(landing),
          specs.sources().stream().filter(s -> s.name().equals("grid")).toList(),
          runId,
          false);
      p.build(graph.ordered(), runId);
    } finally {
      p.recordSteps();
    }
  }

  /** Rows of a Delta version, as sorted strings, without the run's id and timestamps. */
  private static List<String> rows(Lakehouse lh, TableId t, long version) {
    Dataset<Row> df = lh.readDeltaVersion(t, version);
    for (var f : df.schema().fields()) {
      // when and by which run a row was quarantined: the run's, not the data's
      if (f.name().equals("run_id") || f.dataType() instanceof TimestampType) {
        df = df.drop(f.name());
      }
    }
    return df.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static Set<String> changedMonths(Lakehouse lh, TableId t, long since, String column) {
    return new TreeSet<>(
        lh
            .changesSince(t, since)
            .orElseThrow()
            .selectExpr("date_format(" + column + ", 'yyyy-MM')")
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.isNullAt(0) ? "null" : r.getString(0))
            .toList());
  }

  @Test
  void anIncrementalBuildEqualsAFullRebuildAndABackfillTouchesOnlyItsMonths(Lakehouse shared)
      throws Exception {
    Lakehouse lh = lakehouse(shared);
    new OpsTables(lh).ensureAll();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    file(
        "2023/a.csv",
        concat(month("A1", "C26", "2023-01", 31, 100), month("A2", "", "2023-02", 28, 5)));
    file(
        "2023/b.csv",
        concat(month("B1", "C30", "2023-02", 28, 40), month("B1", "C30", "2023-03", 31, 40)));
    file(
        "2023/d.csv",
        concat(month("D1", "C31", "2023-05", 31, 70), month("D2", "C32", "2023-06", 30, 9)));
    run(lh, landing, StepRunner.BuildMode.INCREMENTAL, log);
    long meterBefore = lh.version(METER);
    long monthlyBefore = lh.version(MONTHLY);

    // New data: a new month, a reading conflicting with one of a.csv, a date that is no date;
    // and b.csv again, without its March and with one February value changed.
    file(
        "2023/c.csv",
        concat(
            month("C1", "C26", "2023-04", 30, 60),
            new String[] {"A1,620100,C26,large_industry,2023-01-15,999,kWh"},
            new String[] {"C2,620100,C26,large_industry,2023-13-45,5,kWh"}));
    String[] b2 = month("B1", "C30", "2023-02", 28, 40);
    b2[3] = "B1,620100,C30,large_industry,2023-02-04,4444,kWh";
    file("2023/b.csv", b2);
    run(lh, landing, StepRunner.BuildMode.INCREMENTAL, log);
    long meterIncremental = lh.version(METER);
    long quarantineIncremental = lh.version(METER.quarantine());
    long monthlyIncremental = lh.version(MONTHLY);
    assertEquals(
        Set.of("2023-01", "2023-02", "2023-03", "2023-04"),
        changedMonths(lh, METER, meterBefore, "reading_date"),
        "only the months the new files touch were rewritten (May and June were not): " + log);
    assertEquals(
        Set.of("2023-01", "2023-02", "2023-03", "2023-04"),
        changedMonths(lh, MONTHLY, monthlyBefore, "month"));

    assertFalse(
        lh.rewrittenSince(METER, meterBefore),
        "the incremental build replaced months, not the table");
    run(lh, landing, new StepRunner.BuildMode(true, Optional.empty()), log);
    assertEquals(meterIncremental + 1, lh.version(METER), "the full refresh wrote again");
    assertTrue(
        lh.rewrittenSince(METER, meterIncremental),
        "a full refresh rewrote the table: the next run builds whole, not through the feed");
    for (var t :
        List.of(
            new long[] {meterIncremental, lh.version(METER)},
            new long[] {monthlyIncremental, lh.version(MONTHLY)},
            new long[] {quarantineIncremental, lh.version(METER.quarantine())})) {
      // compared below by table
      assertTrue(t[1] > t[0]);
    }
    assertEquals(rows(lh, METER, meterIncremental), rows(lh, METER, lh.version(METER)));
    assertEquals(rows(lh, MONTHLY, monthlyIncremental), rows(lh, MONTHLY, lh.version(MONTHLY)));
    assertEquals(
        rows(lh, METER.quarantine(), quarantineIncremental),
        rows(lh, METER.quarantine(), lh.version(METER.quarantine())));
    List<String> quarantined = rows(lh, METER.quarantine(), lh.version(METER.quarantine()));
    assertTrue(
        quarantined.stream().anyMatch(r -> r.contains("2023-13-45")),
        "the bad date: " + quarantined);
    assertEquals(
        2,
        quarantined.stream().filter(r -> r.contains("A1") && r.contains("2023-01-15")).count(),
        "both conflicting readings quarantined: " + quarantined);

    // A backfill of May rewrites May alone, though nothing changed.
    long meterFull = lh.version(METER);
    run(
        lh,
        landing,
        new StepRunner.BuildMode(false, Optional.of(new TreeSet<>(Set.of("2023-05")))),
        log);
    assertEquals(Set.of("2023-05"), changedMonths(lh, METER, meterFull, "reading_date"));
    assertEquals(rows(lh, METER, meterFull), rows(lh, METER, lh.version(METER)));
  }
}
