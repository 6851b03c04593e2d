package org.dataelements.factory.orchestration.bench;

import picocli.CommandLine.Command;

/** {@code factory bench}: benchmarks that print figures, each in a temporary warehouse. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks that print figures (seconds, rows/s, Spark jobs, ratios against plain Spark)"
            + " in a temporary warehouse: `bench ingest`, `bench quality`, `bench index`, `bench"
            + " trace`, `bench corpus`, `bench lineage`, `bench incremental`.",
    subcommands = {
      IngestBenchCommand.class,
      QualityBenchCommand.class,
      IndexBenchCommand.class,
      TraceBenchCommand.class,
      CorpusBenchCommand.class,
      LineageBenchCommand.class,
      IncrementalBenchCommand.class
    })
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
