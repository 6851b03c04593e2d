package org.dataelements.factory.orchestration.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.dayofyear;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.SpecParameters;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.runtime.SparkJobCounter;
import org.dataelements.factory.curation.power.ConsumptionMonthly;
import org.dataelements.factory.curation.power.PowerTables;
import org.dataelements.factory.lineage.LineageEmitter;
import org.dataelements.factory.orchestration.Console;
import org.dataelements.factory.orchestration.FactoryMain;
import org.dataelements.factory.orchestration.GlobalOptions;
import org.dataelements.factory.orchestration.Pipeline;
import org.dataelements.factory.orchestration.Sessions;
import org.dataelements.factory.orchestration.StepRunner;
import org.dataelements.factory.orchestration.graph.StepGraph;
import org.dataelements.factory.products.electricityindex.ElectricityIndexSteps;
import org.dataelements.factory.products.electricityindex.IndexParameters;
import org.dataelements.factory.products.electricityindex.Methodology;
import org.dataelements.factory.products.electricityindex.MonthlyIndices;
import org.dataelements.factory.products.electricityindex.SectorConsumption;
import org.dataelements.factory.products.electricityindex.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code factory bench index}: the electricity index's build time against plain Spark and DuckDB.
 */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description =
        "Time the electricity index's build (silver power__consumption_monthly + gold"
            + " monthly_indices, run by the factory's step runner with the checks of conf, commits and"
            + " lineage) on generated per-account daily meter readings, against the minimal aggregation"
            + " in plain Spark and in DuckDB (in-process, same Parquet files, as many threads as Spark)."
            + " All in one JVM after a warm-up; checks that the three agree on every region-month total."
            + " With --landing, also times the product's build on real files. Temporary warehouse.")
final class IndexBenchCommand implements Callable<Integer> {
  /**
   * Days of readings per account: 2019-01-01 + 1826 days, each account starting 0–27 days later.
   */
  static final int DAYS = 1826;

  /** Region codes of conf/reference/regions.csv (Gansu's prefectures and the Lanzhou New Area). */
  static final List<String> REGIONS =
      List.of(
          "620100", "620200", "620300", "620400", "620500", "620600", "620700", "620800", "620900",
          "621000", "621100", "621200", "622900", "623000", "LZNA");

  /**
   * Ten accounts of full history, one of each kind, in one region: every code path once (gold costs
   * per region).
   */
  private static final long WARM_UP_ROWS = 10L * DAYS;

  /** The relative difference two engines' kWh totals may have (summation order). */
  private static final double TOLERANCE = 1e-9;

  @Mixin GlobalOptions global;

  @Option(
      names = "--rows",
      paramLabel = "N",
      split = ",",
      description =
          "Readings to generate and measure, comma-separated (default 1000000,10000000)."
              + " 100000000 works but needs about 4 GB of free disk in the temp folder (0.6 GB of Parquet, the"
              + " rest Spark's shuffle files), memory for the JVM's heap twice over (DuckDB's limit is set to the"
              + " heap) and, on two cores, about 12 minutes.")
  List<Long> rows = new ArrayList<>(List.of(1_000_000L, 10_000_000L));

  @Option(
      names = "--landing",
      paramLabel = "DIR",
      description =
          "Also time the product's build on real files: land the electricity sources found under"
              + " DIR (e.g. ../shared/data) and run the electricity index's pipeline, as `factory run` does.")
  Path landing;

  @Option(
      names = "--keep",
      description =
          "Keep the temporary folder (generated Parquet, warehouses) and print" + " where it is.")
  boolean keep;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      description =
          "Measure each size N times (fresh readings each time) and print the medians (default 1).")
  int repeat = 1;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Spark's local threads, and DuckDB's (default: the machine's cores).")
  Integer threads;

  /**
   * Per region-month (key {@code region|yyyy-mm-dd}) the kWh total, the accounts summed over the
   * month's industry cells and the largest single account's kWh; and the number of region ×
   * industry × month cells.
   */
  record Totals(
      Map<String, Double> regionMonth,
      long cells,
      Map<String, Long> accounts,
      Map<String, Double> largest) {
    Totals {
      regionMonth = Map.copyOf(regionMonth);
      accounts = Map.copyOf(accounts);
      largest = Map.copyOf(largest);
    }

    long accountMonths() {
      return accounts.values().stream().mapToLong(Long::longValue).sum();
    }

    double kwh() {
      return regionMonth.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  /** What one size measured. */
  record Figures(
      long rows,
      long inputBytes,
      int files,
      double silverSeconds,
      double goldSeconds,
      double recordSeconds,
      double stepsSeconds,
      double plainSeconds,
      double duckSeconds,
      int factoryJobs,
      int plainJobs,
      long heapMb,
      long rssMb,
      long duckExtraMb,
      Totals factory,
      Totals plain,
      Totals duck) {
    double factorySeconds() {
      return silverSeconds + goldSeconds + recordSeconds;
    }
  }

  @Override
  public Integer call() throws IOException {
    if (rows.isEmpty() || rows.stream().anyMatch(n -> n < 1)) {
      throw CoreErrors.badOption(
          "--rows", String.valueOf(rows), "positive row counts, e.g. 1000000,10000000");
    }
    if (repeat < 1) {
      throw CoreErrors.badOption("--repeat", Integer.toString(repeat), "a positive count, e.g. 3");
    }
    if (threads != null && threads < 1) {
      throw CoreErrors.badOption("--threads", threads.toString(), "a positive number of threads");
    }
    if (landing != null && !Files.isDirectory(landing)) {
      throw CoreErrors.missingLandingRoot(landing.toString());
    }
    Console console = new Console(System.err);
    Path dir = Files.createTempDirectory("factory-bench-index");
    try {
      FactoryConfig config = config(dir.resolve("wh"));
      Specs specs = Specs.load(config.confDir());
      ProductSpec product =
          specs
              .product(ElectricityIndexSteps.PRODUCT)
              .orElseThrow(
                  () ->
                      new InvalidSpecException(
                          List.of(
                              config.confDir()
                                  + "/products: no "
                                  + ElectricityIndexSteps.PRODUCT
                                  + ".yaml; the benchmark builds that"
                                  + " product, so pass --conf with a folder declaring it")));
      Lakehouse lh = Sessions.openForBuild(config, console);
      OpsTables ops = new OpsTables(lh);
      ops.ensureAll();
      Bench bench = new Bench(lh, specs, product, ops, dir, console);
      console.step(
          String.format(
              Locale.ROOT,
              "warming up all three engines on %,d readings (Spark %d threads,"
                  + " DuckDB %d threads)",
              WARM_UP_ROWS,
              bench.threads,
              bench.threads));
      bench.measure(WARM_UP_ROWS, 0);
      List<Figures> each = new ArrayList<>();
      List<Figures> all = new ArrayList<>();
      int round = 1;
      for (long n : rows) {
        List<Figures> reps = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
          reps.add(bench.measure(n, round++));
        }
        each.addAll(reps);
        all.add(median(reps));
      }
      if (repeat > 1) {
        System.out.printf(Locale.ROOT, "each repetition:%n");
        print(System.out, each, bench.threads, bench.duckMemoryMb);
        System.out.printf(Locale.ROOT, "%nmedians of %d repetitions:%n", repeat);
      }
      print(System.out, all, bench.threads, bench.duckMemoryMb);
      boolean agree = agreement(System.out, each);
      if (landing != null) {
        landing(lh, specs, dir.resolve("wh-landing"), console);
      }
      return agree ? FactoryMain.OK : FactoryMain.FAILED;
    } finally {
      if (keep) {
        console.step("kept " + dir);
      } else {
        BenchDirs.delete(dir);
      }
    }
  }

  /** The temp warehouse's configuration, with --threads as the local master. */
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

  /** The three engines over one temp warehouse. */
  private static final class Bench {
    private final Lakehouse lh;
    private final Specs specs;
    private final IndexParameters parameters;
    private final OpsTables ops;
    private final Path dir;
    private final Console console;
    private final int threads;
    private final long duckMemoryMb;

    Bench(
        Lakehouse lh, Specs specs, ProductSpec product, OpsTables ops, Path dir, Console console) {
      this.lh = lh;
      this.specs = specs;
      this.parameters = SpecParameters.bind(product, IndexParameters.class);
      this.ops = ops;
      this.dir = dir;
      this.console = console;
      this.threads = lh.spark().sparkContext().defaultParallelism();
      // DuckDB gets the memory the Spark driver has: its heap.
      this.duckMemoryMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    Figures measure(long n, int round) throws IOException {
      SparkSession spark = lh.spark();
      boolean shown = round > 0;
      long t0 = System.nanoTime();
      int partitions = (int) Math.max(threads, (n + 1_999_999) / 2_000_000);
      lh.overwriteDelta(
          PowerTables.METER_DAILY,
          readings(spark, n, partitions),
          n,
          RunIds.next(Instant.now()),
          Optional.empty());
      // The table's current files: what the factory reads through Delta, and plain Spark and DuckDB
      // directly.
      List<String> uris = List.of(lh.read(PowerTables.METER_DAILY).inputFiles());
      List<Path> files = uris.stream().map(u -> Path.of(URI.create(u))).sorted().toList();
      long bytes = 0;
      for (Path f : files) {
        bytes += Files.size(f);
      }
      if (shown) {
        console.step(
            String.format(
                Locale.ROOT,
                "%,d readings generated as %d Parquet file(s), %.1f MB, in %.1f s;"
                    + " measuring the factory",
                n,
                files.size(),
                bytes / 1e6,
                seconds(t0)));
      }

      // (a) the factory: both steps through the step runner, with the checks of conf, commits and
      // lineage
      BenchMemory.resetPeakRss();
      BenchMemory.HeapPeak heap = BenchMemory.HeapPeak.start();
      String runId = RunIds.next(Instant.now());
      StepRunner runner =
          new StepRunner(
                  lh,
                  ops,
                  new LineageEmitter(
                      lh.config().warehouse(), spark.sparkContext().hadoopConfiguration()),
                  Pipeline.checksOf(specs))
              // A build from all the readings, as the baselines do: each size replaces the
              // readings, which an incremental run would read back through the change feed.
              .building(new StepRunner.BuildMode(true, Optional.empty()));
      StepRunner.Refs refs = new StepRunner.Refs("candidate_" + runId, Map.of());
      SparkJobCounter counter = SparkJobCounter.start(spark.sparkContext());
      long t1 = System.nanoTime();
      StepRunner.Result silver;
      StepRunner.Result gold;
      double silverSeconds;
      double goldSeconds;
      double recordSeconds;
      int factoryJobs;
      try {
        silver = runner.run(new ConsumptionMonthly(), runId, refs);
        silverSeconds = seconds(t1);
        long t2 = System.nanoTime();
        gold = runner.run(MonthlyIndices.from(parameters), runId, refs);
        goldSeconds = seconds(t2);
        long t3 = System.nanoTime();
        runner.flush();
        recordSeconds = seconds(t3);
      } finally {
        factoryJobs = counter.stop();
        heap.close();
      }
      long heapMb = heap.peakMb();
      long rssMb = BenchMemory.peakRssKb().orElse(0L) / 1024;
      if (silver.skipped() || gold.skipped()) {
        throw new IllegalStateException(
            "the benchmark's build was skipped as unchanged (silver "
                + silver.skipped()
                + ", gold "
                + gold.skipped()
                + "); its figures would mean nothing");
      }
      Totals factory = totals(spark, lh.read(PowerTables.CONSUMPTION_MONTHLY));
      if (shown) {
        console.step(
            String.format(
                Locale.ROOT,
                "factory: silver %,d → %,d rows in %.1f s, gold %,d rows in %.1f s;"
                    + " the steps' transforms alone",
                silver.rowsIn(),
                silver.rowsOut(),
                silverSeconds,
                gold.rowsOut(),
                goldSeconds));
      }

      // the same two transforms without the runner: no checks, no caching, no commits (a no-op
      // write)
      long t4 = System.nanoTime();
      ConsumptionMonthly silverStep = new ConsumptionMonthly();
      silverStep
          .transform(inputs(silverStep, runId))
          .tables()
          .get(PowerTables.CONSUMPTION_MONTHLY)
          .rows()
          .write()
          .format("noop")
          .mode("overwrite")
          .save();
      double silverAlone = seconds(t4);
      MonthlyIndices goldStep = MonthlyIndices.from(parameters);
      goldStep
          .transform(inputs(goldStep, runId))
          .tables()
          .get(MonthlyIndices.TABLE)
          .rows()
          .write()
          .format("noop")
          .mode("overwrite")
          .save();
      double stepsSeconds = seconds(t4);
      if (shown) {
        console.step(
            String.format(
                Locale.ROOT,
                "steps alone: silver %.1f s + gold %.1f s; plain Spark",
                silverAlone,
                stepsSeconds - silverAlone));
      }

      // (b) plain Spark: the minimal aggregation, cells written as Parquet
      BenchMemory.resetPeakRss();
      Path plainOut = dir.resolve("plain").resolve("cells-" + round);
      SparkJobCounter plainCounter = SparkJobCounter.start(spark.sparkContext());
      long t5 = System.nanoTime();
      Totals plain;
      int plainJobs;
      double plainSeconds;
      try {
        plainCells(spark, uris).write().mode("overwrite").parquet(plainOut.toUri().toString());
        plainSeconds = seconds(t5);
      } finally {
        plainJobs = plainCounter.stop();
      }
      // Read back outside the timing, as the factory's table is.
      plain = totals(spark, spark.read().parquet(plainOut.toUri().toString()));
      if (shown) {
        console.step(String.format(Locale.ROOT, "plain Spark: %.1f s; DuckDB", plainSeconds));
      }

      // (c) DuckDB, in-process, over the same files
      Path duckDir = dir.resolve("duckdb");
      Files.createDirectories(duckDir);
      Totals duck;
      double duckSeconds;
      long duckExtraMb;
      try (Connection c = duckdb(threads, duckMemoryMb, duckDir.resolve("spill"))) {
        long before = BenchMemory.currentRssKb().orElse(0L);
        BenchMemory.resetPeakRss();
        long t6 = System.nanoTime();
        Path cells = duckDir.resolve("cells-" + round + ".parquet");
        duckCells(c, files, cells);
        duckSeconds = seconds(t6);
        duckExtraMb = Math.max(0, BenchMemory.peakRssKb().orElse(0L) - before) / 1024;
        duck = duckTotals(c, cells);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "DuckDB failed on the benchmark's own files under " + dir + ": " + e.getMessage(), e);
      }
      if (shown) {
        console.step(String.format(Locale.ROOT, "DuckDB: %.1f s", duckSeconds));
      }
      return new Figures(
          n,
          bytes,
          files.size(),
          silverSeconds,
          goldSeconds,
          recordSeconds,
          stepsSeconds,
          plainSeconds,
          duckSeconds,
          factoryJobs,
          plainJobs,
          heapMb,
          rssMb,
          duckExtraMb,
          factory,
          plain,
          duck);
    }

    /**
     * A step's inputs as the runner gives them: the input tables that exist and the reference
     * lists.
     */
    private StepInputs inputs(Step step, String runId) {
      Map<TableId, Dataset<Row>> tables = new LinkedHashMap<>();
      for (TableId id : step.spec().inputTables()) {
        if (lh.exists(id)) {
          tables.put(id, lh.read(id));
        }
      }
      Map<String, Dataset<Row>> references = new LinkedHashMap<>();
      for (String name : step.spec().references()) {
        Path file = lh.config().confDir().resolve("reference").resolve(name + ".csv");
        references.put(
            name,
            lh.spark()
                .read()
                .option("header", "true")
                .option("encoding", "UTF-8")
                .csv(file.toUri().toString()));
      }
      return new StepInputs(tables, references, runId);
    }
  }

  /**
   * {@code n} daily readings with the columns of {@code silver.power__meter_daily}: account {@code
   * id / 1826}, reading day {@code id % 1826} after a start of 2019-01-01 plus 0–27 days per
   * account (so first and last months are partial and scaled); each run of ten accounts one of 15
   * regions in turn and one of each kind: five industry codes (two of them specialty industries)
   * and households (no industry code; urban or rural); seasonal kWh with ±10 % noise.
   * Deterministic.
   */
  static Dataset<Row> readings(SparkSession spark, long n, int partitions) {
    Column id = col("id");
    Column account = expr("id div " + DAYS);
    Column kind = pmod(account, lit(10));
    Column date =
        date_add(
            lit(java.sql.Date.valueOf("2019-01-01")),
            pmod(id, lit(DAYS)).plus(pmod(account, lit(28))).cast("int"));
    Column base =
        when(kind.lt(2), lit(4000).plus(pmod(account, lit(13)).multiply(250)))
            .when(kind.lt(4), lit(250).plus(pmod(account, lit(11)).multiply(20)))
            .when(kind.equalTo(4), lit(60).plus(pmod(account, lit(7)).multiply(5)))
            .otherwise(lit(6).plus(pmod(account, lit(5))));
    Column season =
        lit(1.0)
            .plus(
                lit(0.25)
                    .multiply(
                        cos(
                            dayofyear(col("reading_date"))
                                .minus(15)
                                .multiply(2 * Math.PI / 365.25))));
    Column noise = lit(1.0).plus(pmod(id.multiply(7919), lit(101)).minus(50).divide(500.0));
    Column[] regions = REGIONS.stream().map(r -> lit(r)).toArray(Column[]::new);
    return spark
        .range(0, n, 1, partitions)
        .select(
            id,
            concat(lit("A"), lpad(account.cast("string"), 9, "0")).as("account_id"),
            element_at(
                    array(regions),
                    pmod(expr("id div " + (10L * DAYS)), lit(REGIONS.size())).plus(1).cast("int"))
                .as("region_code"),
            when(
                    kind.lt(5),
                    element_at(
                        array(lit("C26"), lit("C32"), lit("F"), lit("G"), lit("A")),
                        kind.plus(1).cast("int")))
                .as("industry_code"),
            when(kind.lt(2), lit("large_industry"))
                .when(kind.lt(4), lit("general_commercial"))
                .when(kind.equalTo(4), lit("agricultural"))
                .when(kind.lt(8), lit("residential_urban"))
                .otherwise(lit("residential_rural"))
                .as("customer_class"),
            date.as("reading_date"),
            base.as("_base"))
        .select(
            col("account_id"),
            col("region_code"),
            col("industry_code"),
            col("customer_class"),
            col("reading_date"),
            round(col("_base").multiply(season).multiply(noise), 3).as("consumption_kwh"),
            concat(
                    lit("bench/meter_readings_"),
                    year(col("reading_date")).cast("string"),
                    lit(".csv"))
                .as("source_file"));
  }

  /**
   * The minimal query, one SQL text for Spark and DuckDB: each account's month summed and scaled to
   * the whole month when days are missing, then per region × industry × month the sum, the count of
   * accounts and the largest account — what the silver step computes from meters, without names,
   * flags, checks or commits. Households have no industry code: HH_URBAN or HH_RURAL, as in silver.
   */
  static String cellsSql(String readings) {
    return """
        WITH per_account AS (
          SELECT account_id, region_code,
                 COALESCE(industry_code, CASE customer_class WHEN 'residential_urban' THEN 'HH_URBAN'
                                                             WHEN 'residential_rural' THEN 'HH_RURAL'
                                                             ELSE 'UNKNOWN' END) AS industry_code,
                 make_date(year(reading_date), month(reading_date), 1) AS month,
                 sum(consumption_kwh) AS observed_kwh,
                 count(*) AS days_observed
          FROM %s
          GROUP BY 1, 2, 3, 4
        ), scaled AS (
          SELECT account_id, region_code, industry_code, month,
                 observed_kwh * day(last_day(month)) / days_observed AS consumption_kwh
          FROM per_account
        )
        SELECT region_code, industry_code, month,
               sum(consumption_kwh) AS consumption_kwh,
               count(DISTINCT account_id) AS account_count,
               max(consumption_kwh) AS max_account_kwh
        FROM scaled
        GROUP BY 1, 2, 3"""
        .formatted(readings);
  }

  /** Plain Spark: {@link #cellsSql} over the Parquet files. */
  static Dataset<Row> plainCells(SparkSession spark, List<String> fileUris) {
    spark
        .read()
        .parquet(fileUris.toArray(String[]::new))
        .createOrReplaceTempView("bench_index_readings");
    return spark.sql(cellsSql("bench_index_readings"));
  }

  /** DuckDB's table function reading exactly these Parquet files. */
  static String duckSource(List<Path> files) {
    return files.stream()
        .map(f -> "'" + f.toAbsolutePath().toString().replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "read_parquet([", "])"));
  }

  /** An in-memory DuckDB with a thread count and memory limit, spilling under {@code spill}. */
  static Connection duckdb(int threads, long memoryMb, Path spill) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA threads=" + threads);
      s.execute("SET memory_limit='" + memoryMb + "MB'");
      s.execute(
          "SET temp_directory='" + spill.toAbsolutePath().toString().replace("'", "''") + "'");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** DuckDB: the cells written as Parquet (the timed part). */
  static void duckCells(Connection c, List<Path> files, Path out) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "COPY (" + cellsSql(duckSource(files)) + ") TO " + quoted(out) + " (FORMAT parquet)");
    }
  }

  private static String quoted(Path p) {
    return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
  }

  /** DuckDB's cells read back: their region-month totals, accounts and largest account. */
  static Totals duckTotals(Connection c, Path cellsFile) throws SQLException {
    try (Statement s = c.createStatement()) {
      Map<String, Double> totals = new TreeMap<>();
      Map<String, Long> accounts = new TreeMap<>();
      Map<String, Double> largest = new TreeMap<>();
      long cells = 0;
      try (ResultSet r =
          s.executeQuery(
              "SELECT region_code, month, sum(consumption_kwh), count(*), sum(account_count),"
                  + " max(max_account_kwh) FROM read_parquet("
                  + quoted(cellsFile)
                  + ") GROUP BY 1, 2")) {
        while (r.next()) {
          String key = r.getString(1) + "|" + r.getObject(2);
          totals.put(key, r.getDouble(3));
          cells += r.getLong(4);
          accounts.put(key, r.getLong(5));
          largest.put(key, r.getDouble(6));
        }
      }
      return new Totals(totals, cells, accounts, largest);
    }
  }

  /**
   * Region-month totals of cells with region_code, month and consumption_kwh (one row per cell).
   */
  static Totals totals(SparkSession spark, Dataset<Row> cells) {
    Map<String, Double> totals = new TreeMap<>();
    Map<String, Long> accounts = new TreeMap<>();
    Map<String, Double> largest = new TreeMap<>();
    long n = 0;
    for (Row r :
        cells
            .groupBy("region_code", "month")
            .agg(
                org.apache.spark.sql.functions.sum("consumption_kwh"),
                org.apache.spark.sql.functions.count(lit(1)),
                org.apache.spark.sql.functions.sum("account_count"),
                org.apache.spark.sql.functions.max("max_account_kwh"))
            .collectAsList()) {
      String key = r.getString(0) + "|" + r.get(1);
      totals.put(key, r.getDouble(2));
      n += r.getLong(3);
      accounts.put(key, r.getLong(4));
      largest.put(key, r.getDouble(5));
    }
    return new Totals(totals, n, accounts, largest);
  }

  /** Both present and equal within {@link #TOLERANCE} (summation order differs by engine). */
  private static boolean close(Double expected, Double actual) {
    return expected != null
        && actual != null
        && Math.abs(expected - actual) <= TOLERANCE * Math.max(1.0, Math.abs(expected));
  }

  /**
   * The differences between two engines' totals (empty when they agree), at most {@code limit}
   * listed.
   */
  static List<String> differences(String name, Totals expected, Totals actual, int limit) {
    List<String> out = new ArrayList<>();
    if (expected.cells() != actual.cells()) {
      out.add(
          String.format(
              Locale.ROOT,
              "%s: %,d region × industry × month cells, factory %,d",
              name,
              actual.cells(),
              expected.cells()));
    }
    TreeSet<String> keys = new TreeSet<>(expected.regionMonth().keySet());
    keys.addAll(actual.regionMonth().keySet());
    for (String k : keys) {
      Double e = expected.regionMonth().get(k);
      Double a = actual.regionMonth().get(k);
      boolean same = close(e, a);
      if (!same && out.size() < limit) {
        out.add(
            String.format(
                Locale.ROOT,
                "%s: %s total %s kWh, factory %s kWh",
                name,
                k.replace('|', ' '),
                a == null ? "missing" : String.format(Locale.ROOT, "%.3f", a),
                e == null ? "missing" : String.format(Locale.ROOT, "%.3f", e)));
        continue;
      }
      if (!same) {
        continue;
      }
      Long ea = expected.accounts().get(k);
      Long aa = actual.accounts().get(k);
      if (!java.util.Objects.equals(ea, aa) && out.size() < limit) {
        out.add(
            String.format(
                Locale.ROOT, "%s: %s accounts %s, factory %s", name, k.replace('|', ' '), aa, ea));
      }
      Double el = expected.largest().get(k);
      Double al = actual.largest().get(k);
      if (!close(el, al) && out.size() < limit) {
        out.add(
            String.format(
                Locale.ROOT,
                "%s: %s largest account %s kWh, factory %s kWh",
                name,
                k.replace('|', ' '),
                al == null ? "missing" : String.format(Locale.ROOT, "%.3f", al),
                el == null ? "missing" : String.format(Locale.ROOT, "%.3f", el)));
      }
    }
    return out;
  }

  static void print(PrintStream out, List<Figures> all, int threads, long duckMemoryMb) {
    out.printf(
        Locale.ROOT,
        "%12s %8s %9s %7s %10s %10s %8s %8s %9s %8s %8s %6s %11s %8s %7s %9s%n",
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
        "duck_MB");
    for (Figures f : all) {
      double total = f.factorySeconds();
      out.printf(
          Locale.ROOT,
          "%12d %8.1f %9.1f %7.1f %10.1f %10.0f %8.1f %8.1f %9.1f %7.2fx %7.2fx %6d %11d %8d %7d"
              + " %9d%n",
          f.rows(),
          f.inputBytes() / 1e6,
          f.silverSeconds(),
          f.goldSeconds(),
          total,
          f.rows() / total,
          f.stepsSeconds(),
          f.plainSeconds(),
          f.duckSeconds(),
          total / f.plainSeconds(),
          total / f.duckSeconds(),
          f.factoryJobs(),
          f.plainJobs(),
          f.heapMb(),
          f.rssMb(),
          f.duckExtraMb());
    }
    out.printf(
        Locale.ROOT,
        "factory = silver power__consumption_monthly + gold electricity_index.monthly_indices"
            + " through the step runner (input count, cache, drop split, Deequ checks of conf, Delta and Iceberg"
            + " commits, lineage) + recording the check results in lake.ops (the record took %s s);"
            + " rows/s = input readings / factory_s; steps = the same two transforms alone, written to a no-op sink;"
            + " plain = the minimal aggregation in Spark SQL (per account-month scaled to the month, then per"
            + " region × industry × month sum, distinct accounts, largest account; written as Parquet, the"
            + " read-back for the agreement check untimed as for the factory); duckdb = the same SQL text in"
            + " DuckDB over the same Parquet files, timed the same way;"
            + " jobs = Spark jobs of the factory; heap_MB = peak heap in use during the factory's"
            + " build (sampled every 50 ms, garbage included, so at most -Xmx); rss_MB = peak resident memory of"
            + " this JVM then; duck_MB = resident memory DuckDB added at its peak. %d Spark threads,"
            + " %d DuckDB threads, DuckDB memory limit %d MB (the JVM's heap).%n",
        all.stream()
            .map(f -> String.format(Locale.ROOT, "%.1f", f.recordSeconds()))
            .collect(Collectors.joining("/")),
        threads,
        threads,
        duckMemoryMb);
  }

  /** Each timing the median of the repetitions; the results (all checked) of the first. */
  static Figures median(List<Figures> reps) {
    if (reps.size() == 1) {
      return reps.get(0);
    }
    java.util.function.ToDoubleFunction<java.util.function.ToDoubleFunction<Figures>> m =
        f -> {
          double[] v = reps.stream().mapToDouble(f).sorted().toArray();
          return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        };
    Figures first = reps.get(0);
    return new Figures(
        first.rows(),
        first.inputBytes(),
        first.files(),
        m.applyAsDouble(Figures::silverSeconds),
        m.applyAsDouble(Figures::goldSeconds),
        m.applyAsDouble(Figures::recordSeconds),
        m.applyAsDouble(Figures::stepsSeconds),
        m.applyAsDouble(Figures::plainSeconds),
        m.applyAsDouble(Figures::duckSeconds),
        (int) m.applyAsDouble(Figures::factoryJobs),
        (int) m.applyAsDouble(Figures::plainJobs),
        (long) m.applyAsDouble(Figures::heapMb),
        (long) m.applyAsDouble(Figures::rssMb),
        (long) m.applyAsDouble(Figures::duckExtraMb),
        first.factory(),
        first.plain(),
        first.duck());
  }

  /** Prints whether the three engines found the same region-month totals; true when they did. */
  static boolean agreement(PrintStream out, List<Figures> all) {
    boolean agree = true;
    for (Figures f : all) {
      List<String> diff = new ArrayList<>(differences("plain Spark", f.factory(), f.plain(), 5));
      diff.addAll(differences("DuckDB", f.factory(), f.duck(), 5));
      if (diff.isEmpty()) {
        out.printf(
            Locale.ROOT,
            "%,d rows: results agree: %,d region-month totals (Σ %.0f kWh), their accounts"
                + " (Σ %,d account-months) and largest accounts, and %,d region × industry ×"
                + " month cells, the same in the factory, plain Spark and DuckDB%n",
            f.rows(),
            f.factory().regionMonth().size(),
            f.factory().kwh(),
            f.factory().accountMonths(),
            f.factory().cells());
      } else {
        agree = false;
        out.printf(Locale.ROOT, "%,d rows: results DIFFER:%n", f.rows());
        diff.forEach(d -> out.println("  " + d));
      }
    }
    return agree;
  }

  /**
   * Lands the electricity sources under the landing root into a warehouse of their own (Delta; gold
   * and ops share the session's Iceberg catalog) and builds the electricity index as {@code factory
   * run} does; prints every step's seconds and rows.
   */
  private void landing(Lakehouse benchLh, Specs specs, Path warehouse, Console console) {
    FactoryConfig bc = benchLh.config();
    FactoryConfig config =
        new FactoryConfig(
            bc.profile(),
            warehouse.toString(),
            bc.confDir(),
            bc.spark(),
            bc.catalog(),
            bc.lineage());
    Lakehouse lh = new Lakehouse(benchLh.spark(), config);
    // The gold tables of the synthetic rounds would carry a fingerprint that could match this
    // warehouse's (its silver versions start at 0 again): drop them so every step really builds.
    for (TableId t :
        List.of(
            MonthlyIndices.TABLE, Methodology.TABLE, SectorConsumption.TABLE, Validation.TABLE)) {
      lh.spark().sql("DROP TABLE IF EXISTS " + t.sqlName() + " PURGE");
      lh.spark().sql("DROP TABLE IF EXISTS " + t.quarantine().sqlName() + " PURGE");
    }
    List<SourceSpec> sources =
        specs.sources().stream()
            .filter(s -> s.objects().stream().anyMatch(o -> o.path().startsWith("electricity/")))
            .toList();
    String root = landing.toAbsolutePath().normalize().toString();
    console.step(
        "landing: ingesting "
            + String.join(", ", sources.stream().map(SourceSpec::name).toList())
            + " from "
            + root);
    StepGraph graph = StepGraph.load(specs);
    Pipeline pipeline = new Pipeline(lh, specs, graph, console);
    String runId = RunIds.next(Instant.now());
    try {
      pipeline.ingest(LandingRoot.of(landing), sources, runId, false);
      pipeline.build(graph.forProducts(List.of(ElectricityIndexSteps.PRODUCT)), runId);
    } finally {
      pipeline.recordSteps();
    }
    PrintStream out = System.out;
    out.println();
    out.println(
        "the electricity index on the files under " + root + " (one run, after the rounds above):");
    out.printf(
        Locale.ROOT,
        "  %-42s %-10s %9s %12s %12s%n",
        "step",
        "status",
        "seconds",
        "rows in",
        "rows out");
    double productSeconds = 0;
    for (OpsTables.RunStep s : pipeline.steps()) {
      double secs =
          s.endedAt().map(e -> Duration.between(s.startedAt(), e).toMillis() / 1000.0).orElse(0.0);
      if (s.step().equals("silver:power__consumption_monthly")
          || s.step().equals(MonthlyIndices.from(IndexParameters.DEFAULTS).spec().name())) {
        productSeconds += secs;
      }
      out.printf(
          Locale.ROOT,
          "  %-42s %-10s %9.1f %12s %12s%n",
          s.step(),
          s.status(),
          secs,
          s.rowsIn().map(v -> String.format(Locale.ROOT, "%,d", v)).orElse("-"),
          s.rowsOut().map(v -> String.format(Locale.ROOT, "%,d", v)).orElse("-"));
    }
    out.printf(
        Locale.ROOT,
        "  silver consumption_monthly + gold monthly_indices: %.1f s%n",
        productSeconds);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
