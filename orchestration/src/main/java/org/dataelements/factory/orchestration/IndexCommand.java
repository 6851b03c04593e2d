package org.dataelements.factory.orchestration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code factory index} command group. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description =
        "The electricity index product (lake.electricity_index.*): summarise each region's indices, method and validation, or draw a region's"
            + " index series as a PNG chart, from main or a branch or tag.",
    subcommands = {
      IndexChartCommand.class,
      IndexReportCommand.class,
    })
final class IndexCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
