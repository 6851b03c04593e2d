package org.dataelements.factory.orchestration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code factory quality} command group. */
@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    description =
        "Data quality of one table: run its declared checks now, report their history (also as"
            + " an HTML page), draft checks from its data with Deequ, or show what was quarantined.",
    subcommands = {
      QualityCheckCommand.class,
      QualityReportCommand.class,
      QualitySuggestCommand.class,
      QualityQuarantineCommand.class,
    })
final class QualityCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
