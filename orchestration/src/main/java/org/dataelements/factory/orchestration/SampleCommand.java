package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.orchestration.sample.SampleDataGenerator;
import org.dataelements.factory.orchestration.sample.TraceabilitySampleGenerator;
import org.dataelements.factory.orchestration.sample.TraceabilitySampleGenerator.Defect;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = {
      "Write the built-in sample data under a landing root, e.g. for demos or scale benchmarks:",
      "  electricity/meter_readings/  daily meter readings of Gansu's 14 prefecture-level"
          + " divisions and Lanzhou New Area (--scale, --from, --to);",
      "  traceability/                farm-to-shelf EPCIS 2.0 events (JSON-LD and XML), farm"
          + " operations, rapid residue tests, certificates (合格证) and recall notices (--events).",
      "Both carry deliberate defects; the traceability defects are counted when written.",
      "Examples: factory sample --out /tmp/landing --scale 10",
      "          factory sample --out /tmp/landing --traceability --events 1000000"
    })
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
      names = "--traceability",
      description = "Write only the traceability sample (no meter readings).")
  boolean traceabilityOnly;

  @Option(
      names = "--events",
      paramLabel = "N",
      description =
          "EPCIS events of the traceability sample, 1000 to 100000000 (default 20000; about 800"
              + " bytes each; at most 10000 per document).")
  long events = TraceabilitySampleGenerator.DEFAULT_EVENTS;

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
    if (events < TraceabilitySampleGenerator.MIN_EVENTS
        || events > TraceabilitySampleGenerator.MAX_EVENTS) {
      throw CoreErrors.badOption(
          "--events",
          Long.toString(events),
          "a number of EPCIS events from "
              + TraceabilitySampleGenerator.MIN_EVENTS
              + " to "
              + TraceabilitySampleGenerator.MAX_EVENTS
              + " (e.g. --events 20000)");
    }
    Console console = new Console(System.err);
    Path root = out.toAbsolutePath();
    if (!traceabilityOnly) {
      SampleDataGenerator.Summary s = new SampleDataGenerator(seed, from, to, scale).write(root);
      console.step(
          String.format(
              Locale.ROOT,
              "wrote %,d meter readings of %,d accounts in %d file(s) under %s",
              s.rows(),
              s.accounts(),
              s.files().size(),
              root.resolve(SampleDataGenerator.FOLDER)));
    }
    TraceabilitySampleGenerator.Summary t =
        new TraceabilitySampleGenerator(seed, events).write(root);
    printTraceability(console, t, root.resolve(TraceabilitySampleGenerator.FOLDER));
    return FactoryMain.OK;
  }

  /** The traceability sample's contents and its planted defects, for the user. */
  static void printTraceability(Console console, TraceabilitySampleGenerator.Summary t, Path dir) {
    console.step(
        String.format(
            Locale.ROOT,
            "wrote %,d EPCIS events in %d documents (%d JSON-LD, %d XML) about %,d lots from %,d"
                + " farms, %,d farm operations, %,d rapid tests (%,d failed), %,d certificates and"
                + " %,d recall notices under %s",
            t.events(),
            t.documents(),
            t.documents() - t.xmlDocuments(),
            t.xmlDocuments(),
            t.lots(),
            t.farms(),
            t.operations(),
            t.tests(),
            t.failedTests(),
            t.certificates(),
            t.recallNotices(),
            dir));
    console.line("  planted defects (silver and gold should find exactly these):");
    for (Defect d : Defect.values()) {
      console.line(
          String.format(
              Locale.ROOT,
              "    %-28s %,10d%s",
              d.name().toLowerCase(Locale.ROOT),
              t.count(d),
              d == Defect.EVENT_WITHOUT_TIME_ZONE
                  ? "  (bronze quarantines these: EPCIS requires the offset)"
                  : ""));
    }
  }
}
