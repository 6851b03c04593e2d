package org.dataelements.factory.orchestration.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.orchestration.Console;
import org.dataelements.factory.orchestration.FactoryMain;
import org.dataelements.factory.orchestration.GlobalOptions;
import org.dataelements.factory.orchestration.Sessions;
import org.dataelements.factory.products.traceability.LineageClosure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code factory bench trace}: the transitive closure of lot genealogy ({@code lot_lineage}) in
 * Spark against a recursive CTE in DuckDB and a plain Spark SQL iteration.
 */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    description = {
      "Time the transitive closure of lot genealogy behind lake.traceability.lot_lineage (every"
          + " pair of lots once at its shortest depth, with the via and the first and last event"
          + " times of a deterministic shortest path, plus the edges on cycles) on a generated"
          + " farm-to-shelf genealogy: farm lots, transformations (washing, cutting, slaughter,"
          + " blending several inputs, sometimes re-processing earlier products), cases, pallets"
          + " (SSCC), shipping, re-aggregation of cases onto mixed pallets at a distribution centre,"
          + " retail; about 1.5 edges per EPCIS event, one run in 5,000 with a relabelling cycle.",
      "Engines, all in this JVM after a warm-up, on the same Parquet files: (a) the factory's"
          + " LineageClosure on Spark (semi-naive rounds, checkpointed, edges broadcast when"
          + " small); (b) DuckDB (in-process, as many threads as Spark, memory limit = the JVM's"
          + " heap), one recursive CTE WITH ... USING KEY and the same path rule; (c) the same"
          + " semi-naive rounds in plain Spark SQL, each round written as Parquet. Prints, per"
          + " size, events, edges, pairs, rounds, the median seconds of --repeat runs, pairs/s,"
          + " peak heap and the ratios, then the depth histogram of each engine; exits 1 when the"
          + " engines disagree on pairs, depths, vias, times or cycle edges. Temporary folder;"
          + " your warehouse is not touched."
    })
final class TraceBenchCommand implements Callable<Integer> {
  /** The warm-up size: every engine's code paths once. */
  static final long WARM_UP_EVENTS = 2_000;

  /** From this size on, one repetition by default. */
  static final long LARGE_EVENTS = 10_000_000;

  @Mixin GlobalOptions global;

  @Option(
      names = "--events",
      paramLabel = "N",
      split = ",",
      description =
          "EPCIS events to generate the genealogy of, comma-separated (default 100000,1000000)."
              + " 10000000 works (about 15 million edges) but takes long on two cores.")
  List<Long> events = new ArrayList<>(List.of(100_000L, 1_000_000L));

  @Option(
      names = "--repeat",
      paramLabel = "N",
      description =
          "Runs per engine and size; the median is printed (default 3 below 10000000 events, 1"
              + " from there).")
  Integer repeat;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed of the generated genealogy (default 42).")
  long seed = 42;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Spark's local threads, and DuckDB's (default: the machine's cores).")
  Integer threads;

  @Option(
      names = "--checkpoint",
      paramLabel = "local|reliable",
      description =
          "How the Spark closure cuts its plan after each round: local (Dataset.localCheckpoint,"
              + " the default) or reliable (Dataset.checkpoint into the temporary folder).")
  String checkpoint = "local";

  @Option(
      names = "--plain",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Also time (c), the plain Spark SQL iteration (default on; --no-plain skips it).")
  boolean plain;

  @Option(
      names = "--keep",
      description = "Keep the temporary folder (generated Parquet) and print where it is.")
  boolean keep;

  /**
   * What an engine found, enough to tell two closures apart: pairs, rounds (the deepest depth),
   * pairs per depth and per via, the sums of first and last event times (epoch seconds) and the
   * input edges on cycles.
   */
  record Stats(
      long pairs,
      int rounds,
      SortedMap<Integer, Long> depths,
      SortedMap<String, Long> vias,
      long firstSeconds,
      long lastSeconds,
      long cycleEdges) {
    Stats {
      depths = Collections.unmodifiableSortedMap(new TreeMap<>(depths));
      vias = Collections.unmodifiableSortedMap(new TreeMap<>(vias));
    }
  }

  /** What one size measured; plain is empty with --no-plain. */
  record Figures(
      long events,
      long edges,
      int repeats,
      double sparkSeconds,
      double sparkCpuSeconds,
      double duckSeconds,
      double duckCpuSeconds,
      Optional<Double> plainSeconds,
      long heapMb,
      long duckMb,
      Stats spark,
      Stats duck,
      Optional<Stats> plain) {}

  @Override
  public Integer call() throws IOException {
    if (events.isEmpty() || events.stream().anyMatch(n -> n < 1)) {
      throw CoreErrors.badOption(
          "--events", String.valueOf(events), "positive event counts, e.g. 100000,1000000");
    }
    if (repeat != null && repeat < 1) {
      throw CoreErrors.badOption("--repeat", repeat.toString(), "1 or more runs");
    }
    if (threads != null && threads < 1) {
      throw CoreErrors.badOption("--threads", threads.toString(), "a positive number of threads");
    }
    LineageClosure.Truncation truncation =
        switch (checkpoint) {
          case "local" -> LineageClosure.Truncation.LOCAL_CHECKPOINT;
          case "reliable" -> LineageClosure.Truncation.RELIABLE_CHECKPOINT;
          default -> throw CoreErrors.badOption("--checkpoint", checkpoint, "local or reliable");
        };
    Console console = new Console(System.err);
    Path dir = Files.createTempDirectory("factory-bench-trace");
    try {
      Lakehouse lh = Sessions.openForBuild(config(dir.resolve("wh")), console);
      SparkSession spark = lh.spark();
      spark.sparkContext().setCheckpointDir(dir.resolve("checkpoints").toUri().toString());
      Bench bench =
          new Bench(
              spark, dir, console, LineageClosure.Options.DEFAULTS.withTruncation(truncation));
      if (events.stream().anyMatch(n -> n > WARM_UP_EVENTS)) {
        console.step(
            String.format(
                Locale.ROOT,
                "warming up the engines on %,d events (Spark %d threads, DuckDB %d threads)",
                WARM_UP_EVENTS,
                bench.threads,
                bench.threads));
        bench.measure(WARM_UP_EVENTS, 1, false, plain);
      }
      List<Figures> all = new ArrayList<>();
      for (long n : events) {
        int runs = repeat != null ? repeat : n >= LARGE_EVENTS ? 1 : 3;
        all.add(bench.measure(n, runs, true, plain));
      }
      print(System.out, all, bench.threads, bench.duckMemoryMb, checkpoint);
      return agreement(System.out, all) ? FactoryMain.OK : FactoryMain.FAILED;
    } finally {
      if (keep) {
        console.step("kept " + dir);
      } else {
        BenchDirs.delete(dir);
      }
    }
  }

  private FactoryConfig config(Path warehouse) {
    FactoryConfig c = global.resolveFor(warehouse);
    if (threads == null) {
      return c;
    }
    return new FactoryConfig(
        c.profile(),
        c.warehouse(),
        c.confDir(),
        new FactoryConfig.SparkSettings(Optional.of("local[" + threads + "]"), c.spark().conf()),
        c.catalog(),
        c.lineage());
  }

  /** The three engines in one session and one temporary folder. */
  private final class Bench {
    private final SparkSession spark;
    private final Path dir;
    private final Console console;
    private final LineageClosure.Options options;
    private final int threads;
    private final long duckMemoryMb;
    private int size;

    Bench(SparkSession spark, Path dir, Console console, LineageClosure.Options options) {
      this.spark = spark;
      this.dir = dir;
      this.console = console;
      this.options = options;
      this.threads = spark.sparkContext().defaultParallelism();
      this.duckMemoryMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    Figures measure(long n, int repeats, boolean shown, boolean withPlain) throws IOException {
      size++;
      SupplyChainGenealogy genealogy = new SupplyChainGenealogy(seed);
      long t0 = System.nanoTime();
      SupplyChainGenealogy.Size s = genealogy.forEvents(n);
      Path edgesDir = dir.resolve("edges-" + size);
      int partitions = (int) Math.max(threads, s.edges() / 2_000_000 + 1);
      genealogy.edges(spark, s.runs(), partitions).write().parquet(edgesDir.toUri().toString());
      if (shown) {
        console.step(
            String.format(
                Locale.ROOT,
                "%,d events (%,d runs) give %,d edges (%.2f per event), written as Parquet in %.1f"
                    + " s; measuring Spark (%d run(s))",
                s.events(),
                s.runs(),
                s.edges(),
                s.edges() / (double) s.events(),
                seconds(t0),
                repeats));
      }

      // (a) the factory's closure
      List<Double> sparkTimes = new ArrayList<>();
      List<Double> sparkCpu = new ArrayList<>();
      long heapMb = 0;
      Stats sparkStats = null;
      for (int i = 0; i < repeats; i++) {
        System.gc();
        BenchMemory.HeapPeak heap = BenchMemory.HeapPeak.start();
        long t1 = System.nanoTime();
        long c1 = cpuNanos();
        LineageClosure.Result result;
        try {
          result =
              LineageClosure.compute(spark.read().parquet(edgesDir.toUri().toString()), options);
        } finally {
          heap.close();
        }
        sparkTimes.add(seconds(t1));
        sparkCpu.add((cpuNanos() - c1) / 1e9);
        heapMb = Math.max(heapMb, heap.peakMb());
        if (sparkStats == null) {
          sparkStats = sparkStats(result);
        }
        result.release();
      }
      double sparkSeconds = median(sparkTimes);
      if (shown) {
        console.step(
            String.format(
                Locale.ROOT, "Spark: %s s; DuckDB (%d run(s))", times(sparkTimes), repeats));
      }

      // (b) DuckDB's recursive CTE over the same files
      List<Double> duckTimes = new ArrayList<>();
      List<Double> duckCpu = new ArrayList<>();
      Stats duckStats = null;
      long duckMb = 0;
      Path duckDir = dir.resolve("duckdb");
      Files.createDirectories(duckDir);
      try (Connection c =
          IndexBenchCommand.duckdb(threads, duckMemoryMb, duckDir.resolve("spill"))) {
        for (int i = 0; i < repeats; i++) {
          long before = BenchMemory.currentRssKb().orElse(0L);
          BenchMemory.resetPeakRss();
          long t2 = System.nanoTime();
          long c2 = cpuNanos();
          long cycles = duckClosure(c, edgesDir, options.maxDepth());
          duckTimes.add(seconds(t2));
          duckCpu.add((cpuNanos() - c2) / 1e9);
          duckMb =
              Math.max(duckMb, Math.max(0, BenchMemory.peakRssKb().orElse(0L) - before) / 1024);
          if (duckStats == null) {
            duckStats = duckStats(c, cycles);
          }
        }
        try (Statement st = c.createStatement()) {
          st.execute("DROP TABLE IF EXISTS trace_closure");
          st.execute("DROP TABLE IF EXISTS trace_edges");
        }
      } catch (SQLException e) {
        throw new IllegalStateException(
            "DuckDB failed on the benchmark's own files under " + dir + ": " + e.getMessage(), e);
      }
      double duckSeconds = median(duckTimes);
      if (shown) {
        console.step(
            String.format(
                Locale.ROOT,
                "DuckDB: %s s%s",
                times(duckTimes),
                withPlain ? "; plain Spark SQL (" + repeats + " run(s))" : ""));
      }

      // (c) plain Spark SQL rounds
      Optional<Double> plainSeconds = Optional.empty();
      Optional<Stats> plainStats = Optional.empty();
      if (withPlain) {
        List<Double> plainTimes = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
          Path out = dir.resolve("plain-" + size + "-" + i);
          long t3 = System.nanoTime();
          PlainRun run = plainClosure(spark, edgesDir, out);
          plainTimes.add(seconds(t3));
          if (plainStats.isEmpty()) {
            plainStats = Optional.of(plainStats(run));
          }
          BenchDirs.delete(out);
        }
        plainSeconds = Optional.of(median(plainTimes));
        if (shown) {
          console.step(String.format(Locale.ROOT, "plain Spark SQL: %s s", times(plainTimes)));
        }
      }
      BenchDirs.delete(edgesDir);
      return new Figures(
          s.events(),
          s.edges(),
          repeats,
          sparkSeconds,
          median(sparkCpu),
          duckSeconds,
          median(duckCpu),
          plainSeconds,
          heapMb,
          duckMb,
          sparkStats,
          duckStats,
          plainStats);
    }
  }

  /** Stats of a Spark closure (pairs with depth, via, first and last event time; cycle edges). */
  static Stats sparkStats(LineageClosure.Result result) {
    return statsOf(result.pairs(), result.cycleEdges().count());
  }

  private static Stats statsOf(Dataset<Row> pairs, long cycleEdges) {
    SortedMap<Integer, Long> depths = new TreeMap<>();
    SortedMap<String, Long> vias = new TreeMap<>();
    long first = 0;
    long last = 0;
    long n = 0;
    for (Row r :
        pairs
            .groupBy(col(LineageClosure.DEPTH), col(LineageClosure.VIA))
            .agg(
                count(lit(1)),
                sum(col(LineageClosure.FIRST_EVENT_TIME).cast("long")),
                sum(col(LineageClosure.LAST_EVENT_TIME).cast("long")))
            .collectAsList()) {
      long k = r.getLong(2);
      depths.merge(r.getInt(0), k, Long::sum);
      vias.merge(r.getString(1), k, Long::sum);
      first += r.getLong(3);
      last += r.getLong(4);
      n += k;
    }
    int rounds = depths.isEmpty() ? 0 : depths.lastKey();
    return new Stats(n, rounds, depths, vias, first, last, cycleEdges);
  }

  /**
   * The closure as one DuckDB recursive CTE: {@code USING KEY (u, d)} keeps one row per pair
   * (DuckDB 1.3+), each iteration extends only the rows the last one produced, drops pairs the
   * recurring table already has (so each pair keeps its first, shortest depth) and of several
   * candidates for a new pair keeps the smallest (types, times) — the closure's path rule.
   */
  static String duckClosureSql(int maxDepth) {
    return """
        CREATE OR REPLACE TABLE trace_closure AS
        WITH RECURSIVE p(u, d, types, times) USING KEY (u, d) AS (
            SELECT from_id, to_id,
                   arg_min([edge_type], ([edge_type], [event_time])),
                   arg_min([event_time], ([edge_type], [event_time]))
            FROM trace_edges
            WHERE from_id <> to_id
            GROUP BY from_id, to_id
          UNION
            SELECT p.u, e.to_id,
                   arg_min(list_append(p.types, e.edge_type),
                           (list_append(p.types, e.edge_type), list_append(p.times, e.event_time))),
                   arg_min(list_append(p.times, e.event_time),
                           (list_append(p.types, e.edge_type), list_append(p.times, e.event_time)))
            FROM p JOIN trace_edges e ON e.from_id = p.d
            WHERE e.from_id <> e.to_id AND e.to_id <> p.u AND len(p.types) <= %d
              AND NOT EXISTS (SELECT 1 FROM recurring.p q WHERE q.u = p.u AND q.d = e.to_id)
            GROUP BY p.u, e.to_id)
        SELECT u AS upstream_id, d AS downstream_id, len(types) AS depth,
               array_to_string(types, '>') AS via,
               list_min(times) AS first_event_time, list_max(times) AS last_event_time
        FROM p"""
        .formatted(maxDepth);
  }

  /** The input edges on a cycle, as LineageClosure reports them. */
  static final String DUCK_CYCLE_EDGES_SQL =
      """
      SELECT (SELECT count(*) FROM trace_edges e JOIN trace_closure c
                ON c.upstream_id = e.to_id AND c.downstream_id = e.from_id
              WHERE e.from_id <> e.to_id)
           + (SELECT count(*) FROM trace_edges
              WHERE from_id = to_id AND coalesce(edge_type, '') <> 'shipment')""";

  /**
   * DuckDB: loads the edges of the Parquet files under {@code edgesDir} into {@code trace_edges},
   * computes {@code trace_closure} and returns the number of edges on cycles.
   */
  static long duckClosure(Connection c, Path edgesDir, int maxDepth) throws SQLException {
    String files = "'" + edgesDir.toAbsolutePath().toString().replace("'", "''") + "/*.parquet'";
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE OR REPLACE TABLE trace_edges AS SELECT from_id, to_id, edge_type, event_time"
              + " FROM read_parquet("
              + files
              + ") WHERE from_id IS NOT NULL AND to_id IS NOT NULL");
      s.execute(duckClosureSql(maxDepth));
      try (ResultSet r = s.executeQuery(DUCK_CYCLE_EDGES_SQL)) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  static Stats duckStats(Connection c, long cycleEdges) throws SQLException {
    SortedMap<Integer, Long> depths = new TreeMap<>();
    SortedMap<String, Long> vias = new TreeMap<>();
    long first = 0;
    long last = 0;
    long n = 0;
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT depth, via, count(*),"
                    + " CAST(sum(CAST(epoch(first_event_time) AS BIGINT)) AS BIGINT),"
                    + " CAST(sum(CAST(epoch(last_event_time) AS BIGINT)) AS BIGINT)"
                    + " FROM trace_closure GROUP BY 1, 2")) {
      while (r.next()) {
        long k = r.getLong(3);
        depths.merge(r.getInt(1), k, Long::sum);
        vias.merge(r.getString(2), k, Long::sum);
        first += r.getLong(4);
        last += r.getLong(5);
        n += k;
      }
    }
    int rounds = depths.isEmpty() ? 0 : depths.lastKey();
    return new Stats(n, rounds, depths, vias, first, last, cycleEdges);
  }

  /** A plain Spark SQL closure: the folder of its rounds' Parquet and the cycle edges. */
  record PlainRun(SparkSession spark, List<String> rounds, long cycleEdges) {}

  /**
   * The same semi-naive rounds as plain Spark SQL, as one would write them without tuning: each
   * round joins the last round's pairs with the edges, drops pairs an earlier round found (NOT
   * EXISTS over all earlier rounds' files), keeps the smallest (types, times) per pair, and is
   * written as Parquet (which also cuts the plan).
   */
  static PlainRun plainClosure(SparkSession spark, Path edgesDir, Path out) {
    spark.read().parquet(edgesDir.toUri().toString()).createOrReplaceTempView("trace_bench_edges");
    List<String> rounds = new ArrayList<>();
    String first = out.resolve("round-1").toUri().toString();
    spark
        .sql(
            """
            SELECT from_id AS u, to_id AS d,
                   min(named_struct('types', array(edge_type), 'times', array(event_time))) AS k
            FROM trace_bench_edges
            WHERE from_id <> to_id
            GROUP BY from_id, to_id""")
        .write()
        .parquet(first);
    rounds.add(first);
    long found = spark.read().parquet(first).count();
    while (found > 0) {
      spark.read().parquet(rounds.get(rounds.size() - 1)).createOrReplaceTempView("trace_bench_f");
      spark.read().parquet(rounds.toArray(String[]::new)).createOrReplaceTempView("trace_bench_k");
      String next = out.resolve("round-" + (rounds.size() + 1)).toUri().toString();
      spark
          .sql(
              """
              SELECT f.u, e.to_id AS d,
                     min(named_struct('types', concat(f.k.types, array(e.edge_type)),
                                      'times', concat(f.k.times, array(e.event_time)))) AS k
              FROM trace_bench_f f JOIN trace_bench_edges e ON e.from_id = f.d
              WHERE e.from_id <> e.to_id AND e.to_id <> f.u
                AND NOT EXISTS (SELECT 1 FROM trace_bench_k p WHERE p.u = f.u AND p.d = e.to_id)
              GROUP BY f.u, e.to_id""")
          .write()
          .parquet(next);
      found = spark.read().parquet(next).count();
      if (found > 0) {
        rounds.add(next);
      }
    }
    spark.read().parquet(rounds.toArray(String[]::new)).createOrReplaceTempView("trace_bench_k");
    long cycles =
        spark
            .sql(
                """
                SELECT (SELECT count(*) FROM trace_bench_edges e JOIN trace_bench_k p
                          ON p.u = e.to_id AND p.d = e.from_id WHERE e.from_id <> e.to_id)
                     + (SELECT count(*) FROM trace_bench_edges
                        WHERE from_id = to_id AND coalesce(edge_type, '') <> 'shipment')""")
            .first()
            .getLong(0);
    return new PlainRun(spark, rounds, cycles);
  }

  private static Stats plainStats(PlainRun run) {
    Dataset<Row> pairs =
        run.spark()
            .read()
            .parquet(run.rounds().toArray(String[]::new))
            .selectExpr(
                "u AS upstream_id",
                "d AS downstream_id",
                "size(k.types) AS depth",
                "array_join(k.types, '>') AS via",
                "array_min(k.times) AS first_event_time",
                "array_max(k.times) AS last_event_time");
    return statsOf(pairs, run.cycleEdges());
  }

  static void print(
      PrintStream out, List<Figures> all, int threads, long duckMemoryMb, String checkpoint) {
    out.printf(
        Locale.ROOT,
        "%12s %12s %7s %12s %6s %9s %9s %11s %8s %9s %9s %8s %8s %8s %8s%n",
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
        "s/plain");
    for (Figures f : all) {
      out.printf(
          Locale.ROOT,
          "%12d %12d %7.2f %12d %6d %9.1f %9.1f %11.0f %8d %9.1f %9.1f %8d %7.2fx %8s %8s%n",
          f.events(),
          f.edges(),
          f.edges() / (double) f.events(),
          f.spark().pairs(),
          f.spark().rounds(),
          f.sparkSeconds(),
          f.sparkCpuSeconds(),
          f.spark().pairs() / f.sparkSeconds(),
          f.heapMb(),
          f.duckSeconds(),
          f.duckCpuSeconds(),
          f.duckMb(),
          f.sparkSeconds() / f.duckSeconds(),
          f.plainSeconds().map(p -> String.format(Locale.ROOT, "%.1f", p)).orElse("-"),
          f.plainSeconds()
              .map(p -> String.format(Locale.ROOT, "%.2fx", f.sparkSeconds() / p))
              .orElse("-"));
    }
    out.printf(
        Locale.ROOT,
        "pairs = connected (upstream, downstream) lot pairs (lot_lineage has each twice); rounds ="
            + " the deepest pair's depth; spark_s = LineageClosure on Spark, reading the Parquet,"
            + " every round and the cycle edges (%s checkpoints), median of %s run(s); x_cpu = CPU"
            + " seconds this process used meanwhile (all threads; on a shared machine wall time"
            + " also counts other processes' load); pairs/s ="
            + " pairs / spark_s; heap_MB = peak heap in use during it (sampled every 50 ms,"
            + " garbage included); duckdb_s = loading the same Parquet into DuckDB, its recursive"
            + " CTE (USING KEY) and the cycle edges; duck_MB = resident memory DuckDB added at its"
            + " peak; plain_s = the same rounds in plain Spark SQL, each written as Parquet; s/x ="
            + " spark_s / x_s. %d Spark threads, %d DuckDB threads, DuckDB memory limit %d MB.%n",
        checkpoint,
        all.stream().map(f -> String.valueOf(f.repeats())).collect(Collectors.joining("/")),
        threads,
        threads,
        duckMemoryMb);
    for (Figures f : all) {
      out.printf(
          Locale.ROOT,
          "%nper depth, %,d events (pairs):%n%7s %12s %12s %12s%n",
          f.events(),
          "depth",
          "spark",
          "duckdb",
          "plain");
      TreeSet<Integer> depths = new TreeSet<>(f.spark().depths().keySet());
      depths.addAll(f.duck().depths().keySet());
      f.plain().ifPresent(p -> depths.addAll(p.depths().keySet()));
      for (int d : depths) {
        out.printf(
            Locale.ROOT,
            "%7d %12d %12d %12s%n",
            d,
            f.spark().depths().getOrDefault(d, 0L),
            f.duck().depths().getOrDefault(d, 0L),
            f.plain().map(p -> String.valueOf(p.depths().getOrDefault(d, 0L))).orElse("-"));
      }
    }
  }

  /** Prints whether the engines found the same closure; true when they did. */
  static boolean agreement(PrintStream out, List<Figures> all) {
    boolean agree = true;
    for (Figures f : all) {
      List<String> diff = new ArrayList<>(differences("DuckDB", f.spark(), f.duck(), 5));
      f.plain().ifPresent(p -> diff.addAll(differences("plain Spark SQL", f.spark(), p, 5)));
      if (diff.isEmpty()) {
        out.printf(
            Locale.ROOT,
            "%,d events: results agree: %,d pairs over %d depths and %d vias, the same first and"
                + " last event times, %,d edges on cycles, in Spark, DuckDB%s%n",
            f.events(),
            f.spark().pairs(),
            f.spark().depths().size(),
            f.spark().vias().size(),
            f.spark().cycleEdges(),
            f.plain().isPresent() ? " and plain Spark SQL" : "");
      } else {
        agree = false;
        out.printf(Locale.ROOT, "%,d events: results DIFFER:%n", f.events());
        diff.forEach(d -> out.println("  " + d));
      }
    }
    return agree;
  }

  /** How {@code other}'s closure differs from Spark's (empty when the same), at most limit. */
  static List<String> differences(String name, Stats spark, Stats other, int limit) {
    List<String> out = new ArrayList<>();
    if (spark.pairs() != other.pairs()) {
      out.add(
          String.format(
              Locale.ROOT, "%s: %,d pairs, Spark %,d", name, other.pairs(), spark.pairs()));
    }
    if (spark.cycleEdges() != other.cycleEdges()) {
      out.add(
          String.format(
              Locale.ROOT,
              "%s: %,d edges on cycles, Spark %,d",
              name,
              other.cycleEdges(),
              spark.cycleEdges()));
    }
    if (spark.firstSeconds() != other.firstSeconds()
        || spark.lastSeconds() != other.lastSeconds()) {
      out.add(name + ": other first/last event times than Spark's");
    }
    histogram(name, "depth", spark.depths(), other.depths(), out);
    histogram(name, "via", spark.vias(), other.vias(), out);
    return out.subList(0, Math.min(limit, out.size()));
  }

  private static <K> void histogram(
      String name, String what, Map<K, Long> spark, Map<K, Long> other, List<String> out) {
    TreeSet<K> keys = new TreeSet<>(spark.keySet());
    keys.addAll(other.keySet());
    for (K k : keys) {
      long a = spark.getOrDefault(k, 0L);
      long b = other.getOrDefault(k, 0L);
      if (a != b) {
        out.add(
            String.format(Locale.ROOT, "%s: %s %s has %,d pairs, Spark %,d", name, what, k, b, a));
      }
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String times(List<Double> xs) {
    return xs.stream()
        .map(x -> String.format(Locale.ROOT, "%.1f", x))
        .collect(Collectors.joining(" / "));
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
