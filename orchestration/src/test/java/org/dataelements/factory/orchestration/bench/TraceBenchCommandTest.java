package org.dataelements.factory.orchestration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.FactoryMain;
import org.dataelements.factory.products.traceability.LineageClosure;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code factory bench trace}: the engines agree (a correctness check, not a timing one), and
 * DuckDB's recursive CTE and the plain Spark SQL rounds follow the closure's path rule row by row.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class TraceBenchCommandTest {
  private static Timestamp t(int day) {
    return Timestamp.valueOf(String.format("2024-03-%02d 08:00:00", day));
  }

  private static Row e(String from, String to, String type, int day) {
    return RowFactory.create(from, to, type, t(day));
  }

  @Test
  void aTinyRunPrintsEveryColumnAndTheEnginesAgree(SparkSession spark) {
    // The command takes the shared session as its own and sets its warehouse's settings on it:
    // load the Iceberg catalog first (so that it stays the shared warehouse's) and restore them.
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
                      "trace",
                      "--events",
                      "2000",
                      "--repeat",
                      "1",
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
            "events",
            "edges",
            "e/event",
            "pairs",
            "rounds",
            "spark_s",
            "spark_cpu",
            "pairs/s",
            "heap_MB",
            "duckdb_s",
            "duck_cpu",
            "duck_MB",
            "s/duckdb",
            "plain_s",
            "s/plain"),
        header,
        out);
    String[] figures = out.lines().skip(1).findFirst().orElse("").trim().split("\\s+");
    assertEquals(header.size(), figures.length, out);
    assertTrue(Long.parseLong(figures[0]) >= 2000, out);
    assertTrue(Long.parseLong(figures[3]) > Long.parseLong(figures[1]) / 2, "pairs: " + out);
    assertTrue(out.contains("results agree"), out);
    assertTrue(out.contains("in Spark, DuckDB and plain Spark SQL"), out);
  }

  @Test
  void duckdbAndPlainSparkSqlChooseTheSamePathsAsTheClosure(SparkSession spark, @TempDir Path tmp)
      throws Exception {
    List<Row> rows =
        List.of(
            // a diamond decided on the types, and one decided on the times
            e("a", "b", "aggregation", 1),
            e("a", "c", "transformation", 2),
            e("b", "d", "transformation", 9),
            e("c", "d", "aggregation", 4),
            e("a", "x", "aggregation", 5),
            e("x", "y", "aggregation", 1),
            e("a", "z", "aggregation", 3),
            e("z", "y", "aggregation", 9),
            // duplicates, a shortcut, a 3-cycle with a self edge and a shipment
            e("d", "f", "transformation", 6),
            e("d", "f", "aggregation", 8),
            e("d", "f", "aggregation", 7),
            e("b", "f", "association", 3),
            e("f", "g", "transformation", 2),
            e("g", "h", "transformation", 3),
            e("h", "f", "transformation", 4),
            e("g", "g", "aggregation", 5),
            e("h", "h", "shipment", 6));
    Path edges = tmp.resolve("edges");
    spark
        .createDataFrame(rows, SupplyChainGenealogy.EDGES)
        .coalesce(1)
        .write()
        .parquet(edges.toUri().toString());

    LineageClosure.Result closure =
        LineageClosure.compute(spark.read().parquet(edges.toUri().toString()));
    List<String> expected = new ArrayList<>();
    for (Row r :
        closure
            .pairs()
            .orderBy(LineageClosure.UPSTREAM_ID, LineageClosure.DOWNSTREAM_ID)
            .collectAsList()) {
      expected.add(
          pair(
              r.getString(0),
              r.getString(1),
              r.getInt(2),
              r.getString(3),
              r.getTimestamp(4),
              r.getTimestamp(5)));
    }
    long cycleEdges = closure.cycleEdges().count();
    assertEquals(4, cycleEdges, "f→g, g→h, h→f and the aggregation g→g");

    List<String> duck = new ArrayList<>();
    long duckCycles;
    try (Connection c = IndexBenchCommand.duckdb(2, 256, tmp.resolve("spill"))) {
      duckCycles = TraceBenchCommand.duckClosure(c, edges, 1000);
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT * FROM trace_closure ORDER BY 1, 2")) {
        while (r.next()) {
          duck.add(
              pair(
                  r.getString(1),
                  r.getString(2),
                  r.getInt(3),
                  r.getString(4),
                  r.getTimestamp(5),
                  r.getTimestamp(6)));
        }
      }
    }
    assertEquals(expected, duck, "DuckDB");
    assertEquals(cycleEdges, duckCycles, "DuckDB cycle edges");

    TraceBenchCommand.PlainRun plain =
        TraceBenchCommand.plainClosure(spark, edges, tmp.resolve("plain"));
    List<String> plainPairs = new ArrayList<>();
    for (Row r :
        spark
            .read()
            .parquet(plain.rounds().toArray(String[]::new))
            .selectExpr(
                "u",
                "d",
                "size(k.types)",
                "array_join(k.types, '>')",
                "array_min(k.times)",
                "array_max(k.times)")
            .orderBy("u", "d")
            .collectAsList()) {
      plainPairs.add(
          pair(
              r.getString(0),
              r.getString(1),
              r.getInt(2),
              r.getString(3),
              r.getTimestamp(4),
              r.getTimestamp(5)));
    }
    assertEquals(expected, plainPairs, "plain Spark SQL");
    assertEquals(cycleEdges, plain.cycleEdges(), "plain Spark SQL cycle edges");
    assertTrue(
        expected.contains(
            "a|d|2|aggregation>transformation|2024-03-01 08:00:00.0|2024-03-09 08:00:00.0"),
        expected.toString());
    assertTrue(
        expected.contains(
            "a|y|2|aggregation>aggregation|2024-03-03 08:00:00.0|2024-03-09 08:00:00.0"),
        expected.toString());
    closure.release();
  }

  @Test
  void anotherPairCountDepthOrViaIsReported() {
    TraceBenchCommand.Stats spark =
        new TraceBenchCommand.Stats(
            3,
            2,
            new TreeMap<>(Map.of(1, 2L, 2, 1L)),
            new TreeMap<>(Map.of("aggregation", 2L, "aggregation>transformation", 1L)),
            10,
            20,
            0);
    TraceBenchCommand.Stats other =
        new TraceBenchCommand.Stats(
            3,
            2,
            new TreeMap<>(Map.of(1, 1L, 2, 2L)),
            new TreeMap<>(Map.of("aggregation", 1L, "aggregation>transformation", 2L)),
            10,
            20,
            1);
    assertEquals(List.of(), TraceBenchCommand.differences("DuckDB", spark, spark, 5));
    assertEquals(
        List.of(
            "DuckDB: 1 edges on cycles, Spark 0",
            "DuckDB: depth 1 has 1 pairs, Spark 2",
            "DuckDB: depth 2 has 2 pairs, Spark 1",
            "DuckDB: via aggregation has 1 pairs, Spark 2",
            "DuckDB: via aggregation>transformation has 2 pairs, Spark 1"),
        TraceBenchCommand.differences("DuckDB", spark, other, 5));
  }

  private static String pair(
      String u, String d, int depth, String via, Timestamp first, Timestamp last) {
    return u + "|" + d + "|" + depth + "|" + via + "|" + first + "|" + last;
  }
}
