package org.dataelements.factory.orchestration.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.to_date;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.orchestration.Console;
import org.dataelements.factory.orchestration.FactoryMain;
import org.dataelements.factory.orchestration.GlobalOptions;
import org.dataelements.factory.orchestration.Pipeline;
import org.dataelements.factory.orchestration.Sessions;
import org.dataelements.factory.orchestration.StepRunner;
import org.dataelements.factory.orchestration.graph.StepGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "incremental",
    mixinStandardHelpOptions = true,
    description =
        "Measure incremental runs on generated meter readings (one CSV file per month): a full run"
            + " of the electricity index (ingest, silver, gold), then a run after one more month's"
            + " file lands (about 1 % new data), a one-month backfill, and a --full-refresh"
            + " rebuild; prints seconds per layer and the ratios. Runs in a temporary warehouse;"
            + " your own is not touched.")
final class IncrementalBenchCommand implements Callable<Integer> {
  private static final String[] REGIONS = {
    "620100", "620200", "620300", "620400", "620500", "620600", "620700", "620800", "620900",
    "621000", "621100", "621200", "622900", "623000"
  };
  private static final String[] INDUSTRIES = {"C26", "C30", "C31", "C32", "A", "F", "G", "I", ""};

  @Mixin GlobalOptions global;

  @Option(
      names = "--rows",
      paramLabel = "N",
      description = "Meter readings before the new month (default 10,000,000).")
  long rows = 10_000_000L;

  @Option(
      names = "--months",
      paramLabel = "M",
      description =
          "Months of readings before the new one, from 2016-01 (default 96: the new month is about"
              + " 1 %% of the data).")
  int months = 96;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = "Working folder (default: a temporary one, removed afterwards).")
  Path work;

  /** A run to measure: its name and how it builds. */
  private record Planned(String name, StepRunner.BuildMode mode) {}

  /** One measured run: seconds of ingest, silver and gold steps, and in all. */
  record Phase(String name, double ingest, double silver, double gold, double total) {}

  @Override
  public Integer call() throws IOException {
    if (rows < 1000 || months < 2 || months > 600) {
      throw CoreErrors.badOption(
          "--rows/--months", rows + "/" + months, "at least 1000 rows and 2 to 600 months");
    }
    Console console = new Console(System.err);
    boolean temporary = work == null;
    Path dir = temporary ? Files.createTempDirectory("factory-bench") : work.toAbsolutePath();
    try {
      FactoryConfig config = global.resolveFor(dir.resolve("wh"));
      Specs specs = Specs.load(config.confDir());
      SourceSpec grid =
          specs
              .source("grid")
              .orElseThrow(
                  () -> CoreErrors.badOption("--conf", "grid", "a conf declaring the grid source"));
      StepGraph graph = StepGraph.load(specs);
      List<Step> steps = graph.forProducts(List.of("electricity_index"));
      Lakehouse lh = Sessions.openForBuild(config, console);
      new OpsTables(lh).ensureAll();

      Path landing = dir.resolve("landing");
      Path meters = landing.resolve("electricity/meter_readings");
      YearMonth first = YearMonth.of(2016, 1);
      YearMonth newMonth = first.plusMonths(months);
      long days =
          Duration.between(first.atDay(1).atStartOfDay(), newMonth.atDay(1).atStartOfDay())
              .toDays();
      long accounts = Math.max(1, rows / days);
      console.step(
          String.format(
              Locale.ROOT,
              "generating %,d accounts × %,d days (%s to %s) + the new month %s under %s",
              accounts,
              days,
              first,
              newMonth.minusMonths(1),
              newMonth,
              meters));
      long written = generate(lh, dir.resolve("gen"), accounts, first, newMonth);
      Path held = dir.resolve("held");
      Files.createDirectories(meters);
      Files.createDirectories(held);
      try (Stream<Path> s = Files.list(dir.resolve("gen"))) {
        for (Path p : s.filter(Files::isDirectory).toList()) {
          String month = p.getFileName().toString().substring("month=".length());
          Files.move(p, (month.equals(newMonth.toString()) ? held : meters).resolve(month));
        }
      }
      console.step(String.format(Locale.ROOT, "%,d readings written", written));

      TreeSet<String> one = new TreeSet<>(List.of(first.plusMonths(months / 2).toString()));
      List<Planned> plan =
          List.of(
              new Planned("full run", StepRunner.BuildMode.INCREMENTAL),
              new Planned("incremental (+1 month)", StepRunner.BuildMode.INCREMENTAL),
              new Planned(
                  "backfill " + one.first(), new StepRunner.BuildMode(false, Optional.of(one))),
              new Planned("full refresh", new StepRunner.BuildMode(true, Optional.empty())));
      List<Phase> phases = new ArrayList<>();
      for (Planned p : plan) {
        if (phases.size() == 1) {
          // the new month's file lands
          Files.move(held.resolve(newMonth.toString()), meters.resolve(newMonth.toString()));
        }
        phases.add(run(lh, specs, graph, steps, grid, landing, p.name(), p.mode(), console));
      }
      print(System.out, written, phases);
      return FactoryMain.OK;
    } finally {
      if (temporary) {
        BenchDirs.delete(dir);
      }
    }
  }

  /** Readings of every account and day, one CSV file per month (Spark writes them). */
  private static long generate(
      Lakehouse lh, Path out, long accounts, YearMonth first, YearMonth last) {
    long days =
        Duration.between(
                first.atDay(1).atStartOfDay(), last.atEndOfMonth().plusDays(1).atStartOfDay())
            .toDays();
    Column account = floor(col("id").divide(days));
    Column day = pmod(col("id"), lit(days));
    Column date = date_add(to_date(lit(first.atDay(1).toString())), day.cast("int"));
    Column regions =
        org.apache.spark.sql.functions.array(
            java.util.Arrays.stream(REGIONS)
                .map(org.apache.spark.sql.functions::lit)
                .toArray(Column[]::new));
    Column industries =
        org.apache.spark.sql.functions.array(
            java.util.Arrays.stream(INDUSTRIES)
                .map(org.apache.spark.sql.functions::lit)
                .toArray(Column[]::new));
    Column industry =
        element_at(industries, pmod(account, lit(INDUSTRIES.length)).cast("int").plus(1));
    Dataset<Row> readings =
        lh.spark()
            .range(accounts * days)
            .select(
                org.apache
                    .spark
                    .sql
                    .functions
                    .concat(lit("ACC"), account.cast("string"))
                    .as("account_id"),
                element_at(regions, pmod(account, lit(REGIONS.length)).cast("int").plus(1))
                    .as("region_code"),
                industry.as("industry_code"),
                org.apache
                    .spark
                    .sql
                    .functions
                    .when(industry.equalTo(""), lit("residential_urban"))
                    .otherwise(lit("large_industry"))
                    .as("customer_class"),
                date_format(date, "yyyy-MM-dd").as("reading_date"),
                org.apache
                    .spark
                    .sql
                    .functions
                    .regexp_replace(
                        format_number(
                            lit(50).plus(pmod(hash(col("id")), lit(1000)).divide(10.0)), 1),
                        ",",
                        "")
                    .as("consumption"),
                lit("kWh").as("unit"),
                date_format(date, "yyyy-MM").as("month"));
    readings
        .repartition(col("month"))
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", "true")
        .partitionBy("month")
        .csv(out.toUri().toString());
    return accounts * days;
  }

  private static Phase run(
      Lakehouse lh,
      Specs specs,
      StepGraph graph,
      List<Step> steps,
      SourceSpec grid,
      Path landing,
      String name,
      StepRunner.BuildMode mode,
      Console console) {
    console.step("measuring: " + name);
    Pipeline p = new Pipeline(lh, specs, graph, console).building(mode);
    String runId = RunIds.next(Instant.now());
    long t0 = System.nanoTime();
    try {
      p.ingest(LandingRoot.of(landing), List.of(grid), runId, false);
      p.build(steps, runId);
    } finally {
      p.recordSteps();
    }
    double total = (System.nanoTime() - t0) / 1e9;
    double ingest = 0;
    double silver = 0;
    double gold = 0;
    for (OpsTables.RunStep s : p.steps()) {
      double sec =
          s.endedAt().map(e -> Duration.between(s.startedAt(), e).toMillis() / 1e3).orElse(0.0);
      if (s.step().equals("ingest")) {
        ingest += sec;
      } else if (s.step().startsWith("silver:")) {
        silver += sec;
      } else {
        gold += sec; // gold steps and the release candidate
      }
    }
    return new Phase(name, ingest, silver, gold, total);
  }

  static void print(PrintStream out, long readings, List<Phase> phases) {
    out.printf(Locale.ROOT, "incremental runs on %,d generated meter readings%n", readings);
    out.printf(
        Locale.ROOT,
        "%-26s %9s %9s %9s %9s %9s%n",
        "run",
        "ingest s",
        "silver s",
        "gold s",
        "total s",
        "share");
    double full = phases.get(0).total();
    double refresh = phases.get(phases.size() - 1).total();
    for (Phase p : phases) {
      double base = p.name().startsWith("backfill") ? refresh : full;
      out.printf(
          Locale.ROOT,
          "%-26s %9.1f %9.1f %9.1f %9.1f %8.0f%%%n",
          p.name(),
          p.ingest(),
          p.silver(),
          p.gold(),
          p.total(),
          100 * p.total() / base);
    }
    out.println("share: of the full run; a backfill's, of the full refresh (same data, no ingest)");
  }
}
