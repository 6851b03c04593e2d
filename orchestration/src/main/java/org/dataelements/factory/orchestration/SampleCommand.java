package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.orchestration.sample.CorpusSampleGenerator;
import org.dataelements.factory.orchestration.sample.CorpusSampleGenerator.NearDuplicate;
import org.dataelements.factory.orchestration.sample.CorpusSampleGenerator.Plant;
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
          + " divisions and Lanzhou New Area (--scale, --from, --to), with hourly temperatures"
          + " of five Gansu weather stations (electricity/weather_china_five_cities_uci/"
          + "gansu_sample/) and Gansu's consumption, quarterly GDP and monthly industrial output"
          + " derived from the meters (Wind exports, electricity/gansu_statistics_wind/);",
      "  traceability/                farm-to-shelf EPCIS 2.0 events (JSON-LD and XML), farm"
          + " operations, rapid residue tests, certificates (合格证) and recall notices (--events);",
      "  corpus/                      a training-corpus sample of a few hundred documents: laws"
          + " (Markdown), poems (JSON, traditional script), fortunes (simplified), policy notices"
          + " (text from PDF) and arXiv abstracts, with planted duplicates, near duplicates,"
          + " personal data and its near misses, and bad documents (--long-line-bytes);"
          + " or, with --documents N, N arXiv-style records for benchmarks with a fraction of near"
          + " duplicates (--near-duplicates) and their ground truth in DIR/corpus-truth.tsv.",
      "All carry deliberate defects; the traceability defects and the corpus plants are counted"
          + " when written. --traceability and --corpus choose parts; with neither, all three.",
      "Examples: factory sample --out /tmp/landing --scale 10",
      "          factory sample --out /tmp/landing --traceability --events 1000000",
      "          factory sample --out /tmp/bench --corpus --documents 100000 --near-duplicates 0.1"
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
      description =
          "Write the traceability sample (with --corpus also the corpus sample; no meter readings).")
  boolean traceabilityOnly;

  @Option(
      names = "--corpus",
      description =
          "Write the corpus sample (with --traceability also the traceability sample; no meter"
              + " readings).")
  boolean corpusOnly;

  @Option(
      names = "--documents",
      paramLabel = "N",
      description =
          "Instead of the corpus sample, write N arXiv-style records (1 to 10000000; abstracts of"
              + " 200 to 2000 characters, 70% English) under corpus/arxiv_metadata/scale/ and the"
              + " near duplicates' ground truth to DIR/corpus-truth.tsv: id, original_id, exact"
              + " Jaccard of char 5-shingles, whitespace and punctuation removed.")
  Long documents;

  @Option(
      names = "--near-duplicates",
      paramLabel = "F",
      description =
          "With --documents: the fraction of records that are near duplicates of an earlier one"
              + " (about 5% of characters changed, Jaccard at least 0.8), 0 to 0.9 (default 0.1).")
  double nearDuplicates = CorpusSampleGenerator.DEFAULT_NEAR_DUPLICATE_FRACTION;

  @Option(
      names = "--long-line-bytes",
      paramLabel = "N",
      description =
          "Size of the corpus sample's single-line policy document, 1000 to 2000000000 (default"
              + " 2000000).")
  long longLineBytes = CorpusSampleGenerator.DEFAULT_LONG_LINE_BYTES;

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
    if (documents != null
        && (documents < CorpusSampleGenerator.MIN_DOCUMENTS
            || documents > CorpusSampleGenerator.MAX_DOCUMENTS)) {
      throw CoreErrors.badOption(
          "--documents",
          Long.toString(documents),
          "a number of corpus records from "
              + CorpusSampleGenerator.MIN_DOCUMENTS
              + " to "
              + CorpusSampleGenerator.MAX_DOCUMENTS
              + " (e.g. --documents 100000)");
    }
    if (!(nearDuplicates >= 0
        && nearDuplicates <= CorpusSampleGenerator.MAX_NEAR_DUPLICATE_FRACTION)) {
      throw CoreErrors.badOption(
          "--near-duplicates",
          Double.toString(nearDuplicates),
          "a fraction from 0 to "
              + CorpusSampleGenerator.MAX_NEAR_DUPLICATE_FRACTION
              + " (e.g. --near-duplicates 0.1)");
    }
    if (longLineBytes < CorpusSampleGenerator.MIN_LONG_LINE_BYTES
        || longLineBytes > CorpusSampleGenerator.MAX_LONG_LINE_BYTES) {
      throw CoreErrors.badOption(
          "--long-line-bytes",
          Long.toString(longLineBytes),
          "a size in bytes from "
              + CorpusSampleGenerator.MIN_LONG_LINE_BYTES
              + " to "
              + CorpusSampleGenerator.MAX_LONG_LINE_BYTES
              + " (e.g. --long-line-bytes 2000000)");
    }
    boolean all = !traceabilityOnly && !corpusOnly;
    Console console = new Console(System.err);
    Path root = out.toAbsolutePath();
    if (all) {
      printMeters(console, new SampleDataGenerator(seed, from, to, scale).writeAll(root), root);
    }
    if (all || traceabilityOnly) {
      TraceabilitySampleGenerator.Summary t =
          new TraceabilitySampleGenerator(seed, events).write(root);
      printTraceability(console, t, root.resolve(TraceabilitySampleGenerator.FOLDER));
    }
    if (all || corpusOnly) {
      CorpusSampleGenerator corpus = new CorpusSampleGenerator(seed, longLineBytes);
      if (documents != null) {
        CorpusSampleGenerator.ScaleSummary s = corpus.writeScale(root, documents, nearDuplicates);
        console.step(
            String.format(
                Locale.ROOT,
                "wrote %,d arXiv-style records (%,d near duplicates) in %d file(s) under %s;"
                    + " ground truth in %s",
                s.records(),
                s.nearDuplicates(),
                s.files().size(),
                root.resolve(CorpusSampleGenerator.ARXIV_FOLDER),
                s.truth()));
      } else {
        printCorpus(console, corpus.write(root), root.resolve(CorpusSampleGenerator.FOLDER));
      }
    }
    return FactoryMain.OK;
  }

  /** The electricity sample's contents: meter readings, temperatures, statistics. */
  static void printMeters(Console console, SampleDataGenerator.Summary s, Path root) {
    console.step(
        String.format(
            Locale.ROOT,
            "wrote %,d meter readings of %,d accounts in %d file(s) under %s",
            s.rows(),
            s.accounts(),
            s.files().size(),
            root.resolve(SampleDataGenerator.FOLDER)));
    console.step(
        String.format(
            Locale.ROOT,
            "wrote %,d hourly temperatures of %d Gansu weather stations under %s and Gansu's"
                + " consumption, GDP and industrial output (derived from the meters) in %d Wind"
                + " export(s) under %s",
            s.temperatureRows(),
            s.weatherFiles().size(),
            root.resolve(SampleDataGenerator.WEATHER_FOLDER),
            s.statisticsFiles().size(),
            root.resolve(SampleDataGenerator.STATISTICS_FOLDER)));
  }

  /** The corpus sample's contents and what it plants, for the user. */
  static void printCorpus(Console console, CorpusSampleGenerator.Summary c, Path dir) {
    console.step(
        String.format(
            Locale.ROOT,
            "wrote %,d corpus documents in %d files (laws, poems, fortunes, policy notices, arXiv"
                + " records) under %s",
            c.documents(),
            c.files().size(),
            dir));
    console.line("  planted (the corpus pipeline should find exactly these):");
    for (Plant p : Plant.values()) {
      String note =
          p.isPersonalData()
              ? "  (personal data: redact)"
              : p.ordinal() >= Plant.INVALID_ID_CARD.ordinal()
                      && p.ordinal() <= Plant.STATUTE_NUMBER.ordinal()
                  ? "  (near miss: keep)"
                  : "";
      console.line(
          String.format(
              Locale.ROOT,
              "    %-28s %,10d%s",
              p.name().toLowerCase(Locale.ROOT),
              c.count(p),
              note));
    }
    for (NearDuplicate n : c.nearDuplicates()) {
      console.line(
          String.format(
              Locale.ROOT,
              "    near duplicate %s of %s (Jaccard %.3f)",
              n.id(),
              n.originalId(),
              n.jaccard()));
    }
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
