package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.orchestration.sample.SampleDataGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description =
        "Write the built-in sample data (daily meter readings of Gansu's 14 prefecture-level"
            + " divisions and Lanzhou New Area, with deliberate defects) under a landing root, e.g."
            + " for demos or scale benchmarks: factory sample --out /tmp/landing --scale 10")
final class SampleCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description = "Landing root to write into.")
  Path out;

  @Option(
      names = "--scale",
      paramLabel = "F",
      description = "Accounts multiplier (1 ≈ 0.41 million readings for 2019–2023; default 1).")
  double scale = 1.0;

  @Option(names = "--from", paramLabel = "YEAR", description = "First year (default 2019).")
  int from = 2019;

  @Option(names = "--to", paramLabel = "YEAR", description = "Last year (default 2023).")
  int to = 2023;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Random seed; same seed, same bytes (default 42).")
  long seed = 42;

  @Override
  public Integer call() throws IOException {
    if (scale <= 0 || to < from) {
      throw CoreErrors.badOption(
          "--scale/--from/--to",
          scale + "/" + from + "/" + to,
          "a positive scale and --from <= --to");
    }
    Console console = new Console(System.err);
    SampleDataGenerator.Summary s =
        new SampleDataGenerator(seed, from, to, scale).write(out.toAbsolutePath());
    console.step(
        String.format(
            Locale.ROOT,
            "wrote %,d meter readings of %,d accounts in %d file(s) under %s",
            s.rows(),
            s.accounts(),
            s.files().size(),
            out.toAbsolutePath().resolve(SampleDataGenerator.FOLDER)));
    return FactoryMain.OK;
  }
}
