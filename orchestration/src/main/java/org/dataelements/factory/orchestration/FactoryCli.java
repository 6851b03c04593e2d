package org.dataelements.factory.orchestration;

import org.dataelements.factory.orchestration.airflow.AirflowCommand;
import org.dataelements.factory.orchestration.bench.BenchCommand;
import picocli.CommandLine.Command;

/** The top-level {@code factory} command. */
@Command(
    name = "factory",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description =
        "Data Element Factory: land public and industry data, build bronze → silver → gold, and"
            + " publish versioned data products. Start with `factory run`: it builds everything on"
            + " the built-in sample data under ./lakehouse.",
    subcommands = {
      RunCommand.class,
      ReleaseCommand.class,
      UsersCommand.class,
      PlanCommand.class,
      IngestCommand.class,
      SourcesCommand.class,
      SqlCommand.class,
      TablesCommand.class,
      ShowCommand.class,
      PullCommand.class,
      TraceCommand.class,
      LineageCommand.class,
      QualityCommand.class,
      IndexCommand.class,
      SampleCommand.class,
      BenchCommand.class,
      ScheduleCommand.class,
      AirflowCommand.class,
    },
    footer = {
      "",
      "Every command takes --warehouse DIR, --conf DIR, --profile embedded|cluster, --verbose.",
      "Exit codes: 0 success; 1 the work failed; 2 bad usage, invalid spec or SQL; 3 the run"
          + " completed but some files were rejected (see lake.ops.ingest_files).",
    })
final class FactoryCli implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
