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
    for (String p : products) {
      if (specs.product(p).isEmpty()) {
        throw CoreErrors.badOption(
            "--product", p, "one of " + specs.products().stream().map(x -> x.name()).toList());
      }
    }
    List<Step> selected = graph.forProducts(products);
    List<SourceSpec> sources = products.isEmpty() ? specs.sources() : graph.sourcesFor(selected);
    String runId = RunIds.next(Instant.now());
    // One run per warehouse at a time (a local warehouse; see RunLock).
    Optional<RunLock> lock = config.localWarehouse().map(w -> RunLock.acquire(w, runId, console));
    try {
      LandingRoot root = landingRoot(config, landing, console);
      console.step("run " + runId + ": landing " + root);
      Lakehouse lakehouse = Sessions.openForBuild(config, console);
      new OpsTables(lakehouse).ensureAll();
      Pipeline pipeline = new Pipeline(lakehouse, specs, graph, console);
      IngestReport ingest;
      try {
        ingest = pipeline.ingest(root, sources, runId, retryRejected);
        pipeline.build(selected, runId);
      } finally {
        pipeline.recordSteps();
      }
      summary(console, runId, pipeline, ingest);
      return ingest.rejected().isEmpty() ? FactoryMain.OK : FactoryMain.REJECTED_FILES;
    } finally {
      lock.ifPresent(RunLock::close);
    }
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
        SampleDataGenerator.Summary s = SampleDataGenerator.defaults().write(root);
        console.step(
            String.format(
                Locale.ROOT,
                "sample data: %,d meter readings of %d accounts in %d file(s)",
                s.rows(),
                s.accounts(),
                s.files().size()));
        TraceabilitySampleGenerator.Summary t = TraceabilitySampleGenerator.defaults().write(root);
        SampleCommand.printTraceability(
            console, t, root.resolve(TraceabilitySampleGenerator.FOLDER));
        CorpusSampleGenerator.Summary c = CorpusSampleGenerator.defaults().write(root);
        SampleCommand.printCorpus(console, c, root.resolve(CorpusSampleGenerator.FOLDER));
        Files.writeString(
            marker,
            "generated by factory run: seed 42, meter readings 2019-2023, traceability "
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
