package org.dataelements.factory.orchestration.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.SparkJobCounter;
import org.dataelements.factory.orchestration.Console;
import org.dataelements.factory.orchestration.FactoryMain;
import org.dataelements.factory.orchestration.GlobalOptions;
import org.dataelements.factory.orchestration.Sessions;
import org.dataelements.factory.quality.QualityChecks;
import org.dataelements.factory.quality.QualityContext;
import org.dataelements.factory.quality.QualityReport;
import org.dataelements.factory.quality.QualitySplit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    description =
        "Time a silver-like table's build and its eight declared checks (one drop rule, dataset checks"
            + " in one Deequ verification) on generated rows, count the Spark jobs, and compare with"
            + " running each check as its own Spark query. Temporary warehouse.")
final class QualityBenchCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(
      names = "--rows",
      paramLabel = "N",
      split = ",",
      description = "Row counts to measure, comma-separated (default 1000000).")
  List<Long> rows = new ArrayList<>(List.of(1_000_000L));

  private record Figures(
      long rows,
      double buildSeconds,
      double checksSeconds,
      double dropSeconds,
      int checkJobs,
      double separateSeconds,
      int separateJobs) {}

  @Override
  public Integer call() throws IOException {
    if (rows.stream().anyMatch(n -> n < 1)) {
      throw CoreErrors.badOption("--rows", rows.toString(), "positive row counts");
    }
    Console console = new Console(System.err);
    Path dir = Files.createTempDirectory("factory-bench-quality");
    try {
      FactoryConfig config = global.resolveFor(dir.resolve("wh"));
      Lakehouse lh = Sessions.openForBuild(config, console);
      measure(lh, 10_000, 0); // warm-up: code generation, Delta and Deequ first use
      List<Figures> all = new ArrayList<>();
      int i = 1;
      for (long n : rows) {
        console.step(String.format(Locale.ROOT, "measuring %,d rows", n));
        all.add(measure(lh, n, i++));
      }
      System.out.printf(
          Locale.ROOT,
          "%12s %9s %10s %8s %8s %11s %11s %13s %8s%n",
          "rows",
          "build_s",
          "checks_s",
          "drop_s",
          "share",
          "check_jobs",
          "separate_s",
          "separate_jobs",
          "speedup");
      for (Figures f : all) {
        System.out.printf(
            Locale.ROOT,
            "%12d %9.1f %10.1f %8.1f %7.0f%% %11d %11.1f %13d %7.2fx%n",
            f.rows(),
            f.buildSeconds(),
            f.checksSeconds(),
            f.dropSeconds(),
            100 * f.checksSeconds() / f.buildSeconds(),
            f.checkJobs(),
            f.separateSeconds(),
            f.separateJobs(),
            f.separateSeconds() / f.checksSeconds());
      }
      System.out.println(
          "checks = drop split (one pass, counted) + one Deequ verification of the kept rows; drop_s ="
              + " the split's part; share = checks / build (generate + write the table); separate = each check as its"
              + " own Spark query over the same table; speedup = separate / checks");
      return FactoryMain.OK;
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The checks a meter-reading table would declare: one drop rule and seven dataset checks. */
  static List<CheckSpec> checks() {
    var none = Optional.<Double>empty();
    var noText = Optional.<String>empty();
    return List.of(
        new CheckSpec(
            CheckSpec.Rule.COMPLETE,
            List.of("account_id", "region_code", "reading_date", "consumption_kwh"),
            CheckSpec.Severity.FAIL,
            none,
            none,
            List.of(),
            noText,
            noText,
            noText),
        new CheckSpec(
            CheckSpec.Rule.UNIQUE,
            List.of("account_id", "reading_date"),
            CheckSpec.Severity.WARN,
            none,
            none,
            List.of(),
            noText,
            noText,
            noText),
        new CheckSpec(
            CheckSpec.Rule.NON_NEGATIVE,
            List.of("consumption_kwh"),
            CheckSpec.Severity.DROP,
            none,
            none,
            List.of(),
            noText,
            noText,
            noText),
        new CheckSpec(
            CheckSpec.Rule.IN_SET,
            List.of("customer_class"),
            CheckSpec.Severity.WARN,
            none,
            none,
            List.of(
                "large_industry",
                "general_commercial",
                "agricultural",
                "residential_urban",
                "residential_rural"),
            noText,
            noText,
            noText),
        new CheckSpec(
            CheckSpec.Rule.PATTERN,
            List.of("region_code"),
            CheckSpec.Severity.WARN,
            none,
            none,
            List.of(),
            Optional.of("^62[0-9]{4}$"),
            noText,
            noText),
        new CheckSpec(
            CheckSpec.Rule.RANGE,
            List.of("consumption_kwh"),
            CheckSpec.Severity.WARN,
            none,
            Optional.of(1e7),
            List.of(),
            noText,
            noText,
            noText),
        new CheckSpec(
            CheckSpec.Rule.ROW_COUNT,
            List.of(),
            CheckSpec.Severity.FAIL,
            Optional.of(1.0),
            none,
            List.of(),
            noText,
            noText,
            noText),
        new CheckSpec(
            CheckSpec.Rule.SATISFIES,
            List.of(),
            CheckSpec.Severity.WARN,
            none,
            none,
            List.of(),
            noText,
            Optional.of("reading_date >= DATE'2019-01-01'"),
            noText));
  }

  /** Each check as the query a user would write for it alone: one Spark job (or more) per check. */
  private static void separately(Dataset<Row> t) {
    t.filter(
            "account_id is null or region_code is null or reading_date is null or consumption_kwh is null")
        .count();
    t.groupBy("account_id", "reading_date").count().filter("count > 1").count();
    t.filter("consumption_kwh < 0").count();
    t.filter(
            "customer_class not in ('large_industry','general_commercial','agricultural','residential_urban',"
                + "'residential_rural')")
        .count();
    t.filter("not region_code rlike '^62[0-9]{4}$'").count();
    t.filter("consumption_kwh > 1e7").count();
    t.count();
    t.filter("not (reading_date >= DATE'2019-01-01')").count();
  }

  private static Figures measure(Lakehouse lh, long n, int round) {
    TableId table = TableId.parse("silver.bench__meter_daily_" + round);
    long t0 = System.nanoTime();
    Dataset<Row> generated =
        lh.spark()
            .range(n)
            .select(
                concat(lit("A"), lpad(col("id").divide(1826).cast("long").cast("string"), 8, "0"))
                    .as("account_id"),
                concat(
                        lit("62"),
                        lpad(col("id").mod(14).plus(1).multiply(100).cast("string"), 4, "0"))
                    .as("region_code"),
                element_at(
                        expr(
                            "array('large_industry','general_commercial','agricultural','residential_urban',"
                                + "'residential_rural')"),
                        col("id").mod(5).plus(1).cast("int"))
                    .as("customer_class"),
                date_add(lit(java.sql.Date.valueOf("2019-01-01")), col("id").mod(1826).cast("int"))
                    .as("reading_date"),
                when(col("id").mod(997).equalTo(0), lit(-1.0))
                    .otherwise(col("id").mod(1000).multiply(1.5))
                    .as("consumption_kwh"));
    lh.overwriteDelta(table, generated, n, "bench-" + round, Optional.empty());
    double build = (System.nanoTime() - t0) / 1e9;
    Dataset<Row> data = lh.read(table);

    String runId = RunIds.next(Instant.now());
    long t1 = System.nanoTime();
    int jobs;
    double drop;
    SparkJobCounter counter = SparkJobCounter.start(lh.spark().sparkContext());
    try {
      QualitySplit split =
          QualityChecks.split(table, data, checks(), runId, name -> lh.read(TableId.parse(name)));
      // No cache: each pass reads only the columns it needs from the Delta table.
      var counts = split.count(n);
      drop = (System.nanoTime() - t1) / 1e9;
      QualityReport report =
          QualityChecks.verify(
              table, split.kept(), checks(), QualityContext.standalone().withSplit(counts));
      if (report.outcomes().size() != checks().size()) {
        throw new IllegalStateException("expected an outcome per check: " + report.outcomes());
      }
    } finally {
      jobs = counter.stop();
    }
    double checks = (System.nanoTime() - t1) / 1e9;

    long t2 = System.nanoTime();
    int separateJobs;
    SparkJobCounter separateCounter = SparkJobCounter.start(lh.spark().sparkContext());
    try {
      separately(data);
    } finally {
      separateJobs = separateCounter.stop();
    }
    double separate = (System.nanoTime() - t2) / 1e9;
    return new Figures(n, build, checks, drop, jobs, separate, separateJobs);
  }
}
