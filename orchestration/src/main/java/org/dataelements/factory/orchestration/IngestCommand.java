package org.dataelements.factory.orchestration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.ingestion.IngestReport;
import org.dataelements.factory.orchestration.graph.StepGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Land sources into bronze (all declared sources, or the ones named).")
final class IngestCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(
      paramLabel = "SOURCE",
      arity = "0..*",
      description = "Sources to land (default: all).")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--landing",
      paramLabel = "DIR|URI",
      description =
          "Landing root: a local folder or an s3a://bucket/prefix URI (default: <warehouse>/landing).")
  String landing;

  @Option(
      names = "--retry-rejected",
      description =
          "Read again the files rejected before and unchanged since (e.g. after fixing a source spec);"
              + " by default they are reported as rejected without being read.")
  boolean retryRejected;

  @Override
  public Integer call() {
    Console console = new Console(System.err);
    FactoryConfig config = global.resolve();
    Specs specs = Specs.load(config.confDir());
    for (String s : sources) {
      if (specs.source(s).isEmpty()) {
        throw CoreErrors.badOption(
            "SOURCE", s, "one of " + specs.sources().stream().map(x -> x.name()).toList());
      }
    }
    StepGraph graph = StepGraph.load(specs, PseudonymKeys.environment(config, System.getenv()));
    LandingRoot root = RunCommand.landingRoot(config, landing, console);
    String runId = RunIds.next(Instant.now());
    Lakehouse lakehouse = Sessions.openForBuild(config, console);
    new OpsTables(lakehouse).ensureAll();
    Pipeline pipeline = new Pipeline(lakehouse, specs, graph, console);
    IngestReport report;
    try {
      List<SourceSpec> chosen =
          specs.sources().stream()
              .filter(s -> sources.isEmpty() || sources.contains(s.name()))
              .toList();
      report = pipeline.ingest(root, chosen, runId, retryRejected);
    } finally {
      pipeline.recordSteps();
    }
    return report.rejected().isEmpty() ? FactoryMain.OK : FactoryMain.REJECTED_FILES;
  }
}
