package org.dataelements.factory.orchestration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.FactoryMain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code factory bench index}: the table it prints, and DuckDB's aggregation against plain Spark's.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class IndexBenchCommandTest {
  private static final StructType READINGS =
      new StructType()
          .add("account_id", DataTypes.StringType)
          .add("region_code", DataTypes.StringType)
          .add("industry_code", DataTypes.StringType)
          .add("customer_class", DataTypes.StringType)
          .add("reading_date", DataTypes.DateType)
          .add("consumption_kwh", DataTypes.DoubleType)
          .add("source_file", DataTypes.StringType);

  private static Row reading(
      String account,
      String region,
      String industry,
      String customerClass,
      String date,
      double kwh) {
    return RowFactory.create(
        account, region, industry, customerClass, Date.valueOf(date), kwh, "fixture.csv");
  }

  @Test
  void printsEveryColumnForEachSizeAndTheThreeEnginesAgree(SparkSession spark) {
    // The command takes the shared session as its own and sets its warehouse's settings on it: load
    // the Iceberg catalog first (so that it stays the shared warehouse's) and restore the settings.
    new OpsTables(SparkTestSession.lakehouse()).ensureAll();
    Map<String, String> settings = new HashMap<>();
    for (String key : List.of("spark.sql.shuffle.partitions", "spark.sql.catalog.lake.warehouse")) {
      settings.put(key, spark.conf().get(key));
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int[] code = {-1};
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      SparkTestSession.withSqlConf(
          settings,
          () ->
              code[0] =
                  FactoryMain.execute(
                      "bench",
                      "index",
                      "--rows",
                      "8000",
                      "--conf",
                      SparkTestSession.confDir().toString()));
    } finally {
      System.setOut(stdout);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertEquals(0, code[0], out);
    List<String> header = List.of(out.lines().findFirst().orElse("").trim().split("\\s+"));
    assertEquals(
        List.of(
            "rows",
            "input_MB",
            "silver_s",
            "gold_s",
            "factory_s",
            "rows/s",
            "steps_s",
            "plain_s",
            "duckdb_s",
            "f/plain",
            "f/duckdb",
            "jobs",
            "plain_jobs",
            "heap_MB",
            "rss_MB",
            "duck_MB"),
        header,
        out);
    String[] figures = out.lines().skip(1).findFirst().orElse("").trim().split("\\s+");
    assertEquals(header.size(), figures.length, out);
    assertEquals("8000", figures[0], out);
    assertTrue(Double.parseDouble(figures[4]) > 0, "factory seconds: " + out);
    assertTrue(figures[9].endsWith("x") && figures[10].endsWith("x"), "ratios: " + out);
    assertTrue(Integer.parseInt(figures[11]) > 0, "the factory's Spark jobs are counted: " + out);
    assertTrue(out.contains("8,000 rows: results agree"), out);
  }

  @Test
  void duckdbAndPlainSparkComputeTheCellsWorkedOutByHand(SparkSession spark, @TempDir Path tmp)
      throws Exception {
    List<Row> rows =
        List.of(
            reading("A1", "620100", "C26", "large_industry", "2020-01-01", 10.0),
            reading("A1", "620100", "C26", "large_industry", "2020-01-02", 20.0),
            reading("A2", "620100", "C26", "large_industry", "2020-01-15", 4.0),
            reading("A3", "620100", null, "residential_urban", "2020-02-10", 1.5),
            reading("A3", "620100", null, "residential_urban", "2020-02-11", 2.5),
            reading("A4", "LZNA", null, "residential_rural", "2021-02-01", 3.0),
            reading("A5", "LZNA", null, null, "2021-03-31", 1.0),
            reading("A6", "LZNA", "F", "general_commercial", "2021-03-01", 2.0));
    Path dir = tmp.resolve("readings");
    spark.createDataFrame(rows, READINGS).coalesce(1).write().parquet(dir.toUri().toString());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    // month sum × days in month / days read (silver readings are unique per account and day, so
    // rows are days, as silver counts them): A1 (10 + 20) × 31 / 2, A2 4 × 31, A3 4 × 29 / 2 …
    List<String> expected =
        List.of(
            "620100|C26|2020-01-01|589.000000|2|465.000000",
            "620100|HH_URBAN|2020-02-01|58.000000|1|58.000000",
            "LZNA|F|2021-03-01|62.000000|1|62.000000",
            "LZNA|HH_RURAL|2021-02-01|84.000000|1|84.000000",
            "LZNA|UNKNOWN|2021-03-01|31.000000|1|31.000000");

    List<String> plain = new ArrayList<>();
    for (Row r :
        IndexBenchCommand.plainCells(spark, files.stream().map(f -> f.toUri().toString()).toList())
            .orderBy("region_code", "industry_code", "month")
            .collectAsList()) {
      plain.add(
          cell(
              r.getString(0),
              r.getString(1),
              r.get(2),
              r.getDouble(3),
              r.getLong(4),
              r.getDouble(5)));
    }
    List<String> duck = new ArrayList<>();
    try (Connection c = IndexBenchCommand.duckdb(2, 256, tmp.resolve("spill"));
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT * FROM ("
                    + IndexBenchCommand.cellsSql(IndexBenchCommand.duckSource(files))
                    + ") ORDER BY 1, 2, 3")) {
      while (r.next()) {
        duck.add(
            cell(
                r.getString(1),
                r.getString(2),
                r.getObject(3),
                r.getDouble(4),
                r.getLong(5),
                r.getDouble(6)));
      }
    }
    assertEquals(expected, plain, "plain Spark");
    assertEquals(expected, duck, "DuckDB");
  }

  @Test
  void aDifferentTotalAMissingMonthAnotherCellCountOrAccountIsReported() {
    var factory =
        new IndexBenchCommand.Totals(
            Map.of("620100|2020-01-01", 1000.0, "LZNA|2020-01-01", 5.0),
            3,
            Map.of("620100|2020-01-01", 4L, "LZNA|2020-01-01", 1L),
            Map.of("620100|2020-01-01", 600.0, "LZNA|2020-01-01", 5.0));
    var rounding =
        new IndexBenchCommand.Totals(
            Map.of("620100|2020-01-01", 1000.0 * (1 + 1e-12), "LZNA|2020-01-01", 5.0),
            3,
            Map.of("620100|2020-01-01", 4L, "LZNA|2020-01-01", 1L),
            Map.of("620100|2020-01-01", 600.0, "LZNA|2020-01-01", 5.0));
    assertEquals(List.of(), IndexBenchCommand.differences("DuckDB", factory, rounding, 5));
    var other =
        new IndexBenchCommand.Totals(
            Map.of("620100|2020-01-01", 1000.5), 2, Map.of("620100|2020-01-01", 4L), Map.of());
    assertEquals(
        List.of(
            "DuckDB: 2 region × industry × month cells, factory 3",
            "DuckDB: 620100 2020-01-01 total 1000.500 kWh, factory 1000.000 kWh",
            "DuckDB: LZNA 2020-01-01 total missing kWh, factory 5.000 kWh"),
        IndexBenchCommand.differences("DuckDB", factory, other, 5));
    var accounts =
        new IndexBenchCommand.Totals(
            Map.of("620100|2020-01-01", 1000.0, "LZNA|2020-01-01", 5.0),
            3,
            Map.of("620100|2020-01-01", 3L, "LZNA|2020-01-01", 1L),
            Map.of("620100|2020-01-01", 599.0, "LZNA|2020-01-01", 5.0));
    assertEquals(
        List.of(
            "plain Spark: 620100 2020-01-01 accounts 3, factory 4",
            "plain Spark: 620100 2020-01-01 largest account 599.000 kWh, factory 600.000 kWh"),
        IndexBenchCommand.differences("plain Spark", factory, accounts, 5));
  }

  @Test
  void repetitionsAreSummarizedByTheirMedians() {
    var t = new IndexBenchCommand.Totals(Map.of(), 0, Map.of(), Map.of());
    List<IndexBenchCommand.Figures> reps = new ArrayList<>();
    double[][] seconds = {{9, 2, 30}, {3, 1, 10}, {6, 7, 20}};
    for (double[] s : seconds) {
      reps.add(
          new IndexBenchCommand.Figures(
              100, 1, 1, s[0], s[1], 0, 0, s[2], 1, 5, 2, 100, 200, 0, t, t, t));
    }
    var m = IndexBenchCommand.median(reps);
    assertEquals(6.0, m.silverSeconds());
    assertEquals(2.0, m.goldSeconds());
    assertEquals(20.0, m.plainSeconds());
  }

  private static String cell(
      String region, String industry, Object month, double kwh, long accounts, double max) {
    return String.format(
        Locale.ROOT, "%s|%s|%s|%.6f|%d|%.6f", region, industry, month, kwh, accounts, max);
  }
}
