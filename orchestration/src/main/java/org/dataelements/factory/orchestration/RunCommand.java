package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.ingestion.IngestReport;
import org.dataelements.factory.orchestration.graph.StepGraph;
import org.dataelements.factory.orchestration.sample.CorpusSampleGenerator;
import org.dataelements.factory.orchestration.sample.SampleDataGenerator;
import org.dataelements.factory.orchestration.sample.TraceabilitySampleGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Ingest the landing root into bronze, build silver and the products' gold tables. Without"
            + " --landing, the built-in sample data is generated under <warehouse>/landing first."
            + " Steps whose inputs did not change since their last build are skipped.")
final class RunCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(
      names = "--landing",
      paramLabel = "DIR|URI",
      description =
          "Landing root whose files the source specs match: a local folder or an s3a://bucket/prefix"
              + " URI (default: <warehouse>/landing with sample data).")
  String landing;

  @Option(
      names = "--retry-rejected",
      description =
          "Read again the files rejected before and unchanged since (e.g. after fixing a source spec);"
              + " by default they are reported as rejected without being read.")
  boolean retryRejected;

  @Option(
      names = "--product",
      paramLabel = "P",
      description = "Build only this product (repeatable; default: all).")
  List<String> products = new ArrayList<>();

  @Option(
      names = "--step",
      paramLabel = "STEP",
      description =
          "Build only this step (repeatable), without ingesting: a name as `factory plan` lists it"
              + " (e.g. silver:power__meter_daily), or gold:<product> for all of a product's gold"
              + " steps, built as one release candidate. Airflow's tasks run steps this way.")
  List<String> stepNames = new ArrayList<>();

  @Option(
      names = "--resume",
      paramLabel = "RUN",
      description =
          "Resume the failed run RUN (its id from the run's output or lake.ops.runs): the same"
              + " products and steps, restarting from the step that failed; finished steps are not"
              + " built again and, when RUN's ingest finished, nothing is ingested.")
  String resume;

  @Option(
      names = "--full-refresh",
      description =
          "Rebuild every selected step from all of its input. By default a step whose inputs"
              + " changed rebuilds only the months the changes touch, when it can (see the README,"
              + " \"What a run does\"); a changed spec, code or reference list rebuilds it whole.")
  boolean fullRefresh;

  @Option(
      names = "--from",
      paramLabel = "YYYY-MM",
      description =
          "Backfill: rebuild the months from this one (to --to, default this month too) of every"
              + " incremental table, whether or not their inputs changed; other months' rows and"
              + " the tables' history stay as they are.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM",
      description = "Backfill: the last month to rebuild (with --from).")
  String to;

  @Override
  public Integer call() {
    Console console = new Console(System.err);
    FactoryConfig config = global.resolve();
    Specs specs = Specs.load(config.confDir());
    StepGraph graph =
        StepGraph.load(
            specs,
            PseudonymKeys.environment(
                config, System.getenv())); // every spec problem, before Spark starts
    if (resume != null) {
      RunRecord.checkRunId("--resume", resume);
      if (!products.isEmpty()
          || !stepNames.isEmpty()
          || landing != null
          || retryRejected
          || fullRefresh
          || from != null
          || to != null) {
        throw CoreErrors.badOption(
            "--resume",
            resume,
            "alone: a resumed run takes the products, steps and landing root of the run it resumes");
      }
    }
    if (!stepNames.isEmpty() && (!products.isEmpty() || landing != null || retryRejected)) {
      throw CoreErrors.badOption(
          "--step",
          stepNames.get(0),
          "without --product, --landing or --retry-rejected (a step names what it builds and"
              + " ingests nothing)");
    }
    checkSelection(specs, graph, products, stepNames);
    backfillMonths(from, to, fullRefresh); // a bad month is a usage error before Spark starts
    String runId = RunIds.next(Instant.now());
    // One run per warehouse at a time (a local warehouse; see RunLock).
    Optional<RunLock> lock = config.localWarehouse().map(w -> RunLock.acquire(w, runId, console));
    try {
      // A bad landing root is reported before Spark starts.
      Optional<LandingRoot> given =
          resume == null && stepNames.isEmpty()
              ? Optional.of(landingRoot(config, landing, console))
              : Optional.empty();
      Lakehouse lakehouse = Sessions.openForBuild(config, console);
      new OpsTables(lakehouse).ensureAll();
      RunRecord record =
          resume != null
              ? resumed(lakehouse, resume, runId, console)
              : new RunRecord(
                  runId,
                  products,
                  stepNames,
                  landing,
                  stepNames.isEmpty(),
                  retryRejected,
                  fullRefresh,
                  from,
                  to,
                  null,
                  RunRecord.RUNNING,
                  null);
      if (resume != null) {
        // the resumed run's selection, which the specs may no longer have
        checkSelection(specs, graph, record.products(), record.steps());
      }
      List<Step> selected = select(graph, record.products(), record.steps());
      List<SourceSpec> sources =
          record.products().isEmpty() ? specs.sources() : graph.sourcesFor(selected);
      Optional<LandingRoot> root =
          given.isPresent() || !record.ingest()
              ? given
              : Optional.of(landingRoot(config, record.landing(), console));
      console.step(
          "run "
              + runId
              + root.map(r -> ": landing " + r).orElse(": no ingest")
              + (resume == null ? "" : " (resumes " + resume + ")"));
      var hadoop = lakehouse.spark().sparkContext().hadoopConfiguration();
      record.write(config.warehouse(), hadoop);
      Optional<java.util.SortedSet<String>> months =
          backfillMonths(record.from(), record.to(), record.fullRefresh());
      months.ifPresent(
          m ->
              console.step(
                  "backfill of " + m.size() + " month(s): " + m.first() + " to " + m.last()));
      if (record.fullRefresh()) {
        console.step("full refresh: every selected step is rebuilt from all of its input");
      }
      Pipeline pipeline =
          new Pipeline(lakehouse, specs, graph, console)
              .building(new StepRunner.BuildMode(record.fullRefresh(), months));
      IngestReport ingest = new IngestReport(List.of(), List.of(), List.of());
      try {
        if (root.isPresent()) {
          ingest = pipeline.ingest(root.get(), sources, runId, record.retryRejected());
        }
        pipeline.build(selected, runId, Optional.ofNullable(resume));
      } catch (RuntimeException e) {
        record
            .finished(RunRecord.FAILED, String.valueOf(e.getMessage()))
            .write(config.warehouse(), hadoop);
        console.line("");
        console.line(
            "run "
                + runId
                + " failed; after fixing the cause, resume it: factory run --resume "
                + runId);
        throw e;
      } finally {
        pipeline.recordSteps();
      }
      record.finished(RunRecord.SUCCEEDED, null).write(config.warehouse(), hadoop);
      summary(console, runId, pipeline, ingest);
      return ingest.rejected().isEmpty() ? FactoryMain.OK : FactoryMain.REJECTED_FILES;
    } finally {
      lock.ifPresent(RunLock::close);
    }
  }

  /** The months of {@code --from}/{@code --to}, checked; empty without {@code --from}. */
  static Optional<java.util.SortedSet<String>> backfillMonths(
      String from, String to, boolean fullRefresh) {
    if (from == null) {
      if (to != null) {
        throw CoreErrors.badOption("--to", to, "used with --from (the first month to rebuild)");
      }
      return Optional.empty();
    }
    if (fullRefresh) {
      throw CoreErrors.badOption(
          "--from", from, "without --full-refresh (a backfill rebuilds some months, not all)");
    }
    java.time.YearMonth first = month("--from", from);
    java.time.YearMonth last = to == null ? first : month("--to", to);
    if (last.isBefore(first)) {
      throw CoreErrors.badOption("--to", to, "a month not before --from " + from);
    }
    if (first.plusMonths(1200).isBefore(last)) {
      throw CoreErrors.badOption("--to", to, "at most 100 years after --from");
    }
    java.util.SortedSet<String> months = new java.util.TreeSet<>();
    for (java.time.YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      months.add(m.toString());
    }
    return Optional.of(months);
  }

  private static java.time.YearMonth month(String option, String value) {
    try {
      if (!value.matches("\\d{4}-\\d{2}")) {
        throw new java.time.format.DateTimeParseException(value, value, 0);
      }
      return java.time.YearMonth.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw CoreErrors.badOption(option, value, "a month as YYYY-MM, e.g. 2023-01");
    }
  }

  /** Unknown products or steps are usage errors naming the known ones (before Spark starts). */
  static void checkSelection(
      Specs specs, StepGraph graph, List<String> products, List<String> steps) {
    for (String p : products) {
      if (specs.product(p).isEmpty()) {
        throw CoreErrors.badOption(
            "--product", p, "one of " + specs.products().stream().map(x -> x.name()).toList());
      }
    }
    List<String> known = new ArrayList<>();
    graph.ordered().forEach(s -> known.add(s.spec().name()));
    specs.products().forEach(p -> known.add("gold:" + p.name()));
    for (String s : steps) {
      if (!known.contains(s)) {
        throw CoreErrors.badOption("--step", s, "one of " + known);
      }
    }
  }

  /**
   * The steps a run builds, in graph order: the named ones ({@code gold:<product>}: all the
   * product's gold steps), else those the products need (all when none is named).
   */
  static List<Step> select(StepGraph graph, List<String> products, List<String> steps) {
    if (steps.isEmpty()) {
      return graph.forProducts(products);
    }
    return graph.ordered().stream()
        .filter(
            s ->
                steps.contains(s.spec().name())
                    || StepGraph.product(s).map(p -> steps.contains("gold:" + p)).orElse(false))
        .toList();
  }

  /** The record of the run a {@code --resume} continues, as this run's own. */
  private static RunRecord resumed(
      Lakehouse lakehouse, String failed, String runId, Console console) {
    String warehouse = lakehouse.config().warehouse();
    RunRecord before =
        RunRecord.read(warehouse, lakehouse.spark().sparkContext().hadoopConfiguration(), failed)
            .orElseThrow(
                () ->
                    CoreErrors.badOption(
                        "--resume",
                        failed,
                        "the id of a run of this warehouse (none was recorded under "
                            + warehouse
                            + "/_runs/; see lake.ops.runs)"));
    if (RunRecord.SUCCEEDED.equals(before.status())) {
      throw CoreErrors.badOption(
          "--resume", failed, "a run that failed (" + failed + " succeeded: nothing to resume)");
    }
    boolean ingested =
        lakehouse
                .read(OpsTables.RUNS)
                .where(
                    org.apache
                        .spark
                        .sql
                        .functions
                        .col("run_id")
                        .equalTo(failed)
                        .and(org.apache.spark.sql.functions.col("step").equalTo("ingest"))
                        .and(org.apache.spark.sql.functions.col("status").equalTo("succeeded")))
                .count()
            > 0;
    console.step(
        "resuming run "
            + failed
            + (before.message() == null ? "" : " (it failed: " + before.message() + ")")
            + (ingested ? "; its ingest finished, nothing is ingested" : ""));
    return new RunRecord(
        runId,
        before.products(),
        before.steps(),
        before.landing(),
        before.ingest() && !ingested,
        before.retryRejected(),
        before.fullRefresh(),
        before.from(),
        before.to(),
        failed,
        RunRecord.RUNNING,
        null);
  }

  /**
   * The landing root: the one given (a local folder must exist; a remote URI such as
   * s3a://bucket/prefix is checked when it is staged), or the sample data under the warehouse.
   */
  static LandingRoot landingRoot(FactoryConfig config, String given, Console console) {
    if (given != null) {
      return LandingRoot.parse(given);
    }
    Path wh =
        config
            .localWarehouse()
            .orElseThrow(
                () ->
                    new InvalidSpecException(
                        List.of(
                            "the warehouse "
                                + config.warehouse()
                                + " is not local, so there is no default landing root;"
                                + " pass --landing DIR")));
    Path root = wh.resolve("landing");
    Path marker = root.resolve(".sample-data");
    if (!Files.exists(marker)) {
      console.step("generating sample data under " + root + " (first run only)");
      try {
        SampleDataGenerator.Summary s = SampleDataGenerator.defaults().writeAll(root);
        SampleCommand.printMeters(console, s, root);
        TraceabilitySampleGenerator.Summary t = TraceabilitySampleGenerator.defaults().write(root);
        SampleCommand.printTraceability(
            console, t, root.resolve(TraceabilitySampleGenerator.FOLDER));
        CorpusSampleGenerator.Summary c = CorpusSampleGenerator.defaults().write(root);
        SampleCommand.printCorpus(console, c, root.resolve(CorpusSampleGenerator.FOLDER));
        Files.writeString(
            marker,
            "generated by factory run: seed 42, meter readings, temperatures and statistics"
                + " 2019-2023, traceability "
                + TraceabilitySampleGenerator.DEFAULT_EVENTS
                + " EPCIS events, corpus sample of "
                + c.documents()
                + " documents\n");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write sample data under " + root, e);
      }
    }
    return LandingRoot.of(root);
  }

  private static void summary(
      Console console, String runId, Pipeline pipeline, IngestReport ingest) {
    double seconds = console.elapsedSeconds();
    console.line("");
    console.line("run " + runId + " finished in " + String.format(Locale.ROOT, "%.1f s", seconds));
    console.line(
        String.format(
            Locale.ROOT,
            "  %-50s %-10s %12s %12s %12s",
            "step",
            "status",
            "rows in",
            "rows out",
            "quarantined"));
    for (OpsTables.RunStep s : pipeline.steps()) {
      console.line(
          String.format(
              Locale.ROOT,
              "  %-50s %-10s %12s %12s %12s",
              s.step(),
              s.status(),
              s.rowsIn().map(v -> String.format(Locale.ROOT, "%,d", v)).orElse("-"),
              s.rowsOut().map(v -> String.format(Locale.ROOT, "%,d", v)).orElse("-"),
              s.rowsQuarantined().map(v -> String.format(Locale.ROOT, "%,d", v)).orElse("-")));
    }
    long passed = 0;
    long warned = 0;
    long failed = 0;
    for (StepRunner.Result r : pipeline.results()) {
      passed += r.count(org.dataelements.factory.quality.ConstraintOutcome.Status.PASSED);
      warned += r.count(org.dataelements.factory.quality.ConstraintOutcome.Status.WARNED);
      failed += r.count(org.dataelements.factory.quality.ConstraintOutcome.Status.FAILED);
    }
    console.line(
        String.format(
            Locale.ROOT,
            "  checks: %d passed, %d warned, %d failed (lake.ops.quality_results)",
            passed,
            warned,
            failed));
    console.line(
        String.format(
            Locale.ROOT,
            "  files: %d landed, %d unchanged, %d skipped, %d rejected (lake.ops.ingest_files)",
            ingest.count("landed"),
            ingest.count("unchanged"),
            ingest.count("skipped"),
            ingest.count("rejected")));
    if (!ingest.rejected().isEmpty()) {
      console.line(
          "  some files were rejected (exit code 3); each reason is in lake.ops.ingest_files:");
      ingest.rejected().forEach(f -> console.line("    " + f.path() + ": " + f.reason()));
    }
    console.line("  read the results: factory tables   |   factory release list");
    for (OpsTables.Release r : pipeline.candidates()) {
      console.line("");
      console.line(
          "  "
              + r.product()
              + ": "
              + r.candidate()
              + " is a release candidate ("
              + r.status()
              + ": "
              + r.message()
              + "); main is unchanged until an operator approves it");
      console.line(
          "    review:   factory release show "
              + r.product()
              + " "
              + r.candidate()
              + " [--html report.html]");
      console.line(
          "    read it:  factory sql \"select * from lake."
              + r.product()
              + ".<table> VERSION AS OF '"
              + r.candidate()
              + "'\"");
      console.line(
          "    approve:  FACTORY_TOKEN=<an operator's token> factory release approve "
              + r.product()
              + " "
              + r.candidate());
      console.line(
          "    (no users yet? factory users add admin --role admin, then with the admin's token:"
              + " factory users add <name> --role operator)");
    }
  }
}
