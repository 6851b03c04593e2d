package org.dataelements.factory.orchestration.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.ingestion.IngestReport;
import org.dataelements.factory.ingestion.Ingestor;
import org.dataelements.factory.orchestration.Console;
import org.dataelements.factory.orchestration.FactoryMain;
import org.dataelements.factory.orchestration.GlobalOptions;
import org.dataelements.factory.orchestration.Sessions;
import org.dataelements.factory.orchestration.sample.EpcisSampleGenerator;
import org.dataelements.factory.orchestration.sample.SampleDataGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Measure landing throughput (MB/s, rows/s) of generated CSV meter readings and EPCIS 2.0"
            + " JSON-LD documents, against a plain spark.read…write.format(\"delta\") of the same"
            + " files in the same JVM; prints one line per dataset and the ratio. Runs in a"
            + " temporary warehouse; your own is not touched.")
final class IngestBenchCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(
      names = "--scale",
      paramLabel = "F",
      description = "Meter-reading sample scale (1 ≈ 0.41 million rows; default 1).")
  double scale = 1.0;

  @Option(
      names = "--epcis-documents",
      paramLabel = "N",
      description = "EPCIS documents to generate (default 200).")
  int epcisDocuments = 200;

  @Option(
      names = "--lots",
      paramLabel = "N",
      description = "Lots per EPCIS document, 5 events each (default 100).")
  int lots = 100;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = "Working folder (default: a temporary one, removed afterwards).")
  Path work;

  private record Timing(
      String dataset,
      int files,
      long bytes,
      long records,
      double plainSeconds,
      double factorySeconds) {}

  @Override
  public Integer call() throws IOException {
    if (scale <= 0 || epcisDocuments < 1 || lots < 1) {
      throw CoreErrors.badOption(
          "--scale/--epcis-documents/--lots",
          scale + "/" + epcisDocuments + "/" + lots,
          "positive numbers");
    }
    Console console = new Console(System.err);
    boolean temporary = work == null;
    Path dir = temporary ? Files.createTempDirectory("factory-bench") : work.toAbsolutePath();
    try {
      FactoryConfig config = global.resolveFor(dir.resolve("wh"));
      Specs specs = Specs.load(config.confDir());
      SourceSpec grid = source(specs, "grid");
      SourceSpec epcis = source(specs, "epcis");

      console.step("generating data under " + dir);
      SampleDataGenerator.Summary csv =
          new SampleDataGenerator(42, 2019, 2023, scale).write(dir.resolve("csv"));
      EpcisSampleGenerator.Summary events =
          new EpcisSampleGenerator(42, epcisDocuments, lots).write(dir.resolve("epcis"));
      new SampleDataGenerator(7, 2021, 2021, 0.02).write(dir.resolve("warm-csv"));
      new EpcisSampleGenerator(7, 2, 10).write(dir.resolve("warm-epcis"));

      Lakehouse lakehouse = Sessions.openForBuild(config, console);
      OpsTables ops = new OpsTables(lakehouse);
      ops.ensureAll();
      Ingestor ingestor = new Ingestor(lakehouse, ops);
      console.step("warming up both paths (JIT, first-use costs)");
      plainCsv(lakehouse, files(dir.resolve("warm-csv")), dir.resolve("plain/warm-csv"));
      plainEpcis(lakehouse, files(dir.resolve("warm-epcis")), dir.resolve("plain/warm-epcis"));
      ingestor.ingest(List.of(grid), dir.resolve("warm-csv"), RunIds.next(Instant.now()));
      ingestor.ingest(List.of(epcis), dir.resolve("warm-epcis"), RunIds.next(Instant.now()));

      console.step(
          "measuring CSV: " + csv.rows() + " readings in " + csv.files().size() + " file(s)");
      Timing t1 =
          measure(
              lakehouse,
              ingestor,
              grid,
              "csv meter readings",
              dir.resolve("csv"),
              dir.resolve("plain/csv"),
              true);
      console.step(
          "measuring EPCIS JSON-LD: "
              + events.events()
              + " events in "
              + events.files().size()
              + " document(s)");
      Timing t2 =
          measure(
              lakehouse,
              ingestor,
              epcis,
              "epcis json-ld events",
              dir.resolve("epcis"),
              dir.resolve("plain/epcis"),
              false);
      print(System.out, List.of(t1, t2));
      return FactoryMain.OK;
    } finally {
      if (temporary) {
        BenchDirs.delete(dir);
      }
    }
  }

  private static SourceSpec source(Specs specs, String name) {
    return specs
        .source(name)
        .orElseThrow(
            () ->
                CoreErrors.badOption(
                    "--conf",
                    name,
                    "a conf folder declaring the '"
                        + name
                        + "' source (the benchmark lands its generated files with it)"));
  }

  private static Timing measure(
      Lakehouse lh,
      Ingestor ingestor,
      SourceSpec source,
      String name,
      Path root,
      Path plainOut,
      boolean csv)
      throws IOException {
    List<Path> files = files(root);
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    long t0 = System.nanoTime();
    if (csv) {
      plainCsv(lh, files, plainOut);
    } else {
      plainEpcis(lh, files, plainOut);
    }
    double plain = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    IngestReport r = ingestor.ingest(List.of(source), root, RunIds.next(Instant.now()));
    double factory = (System.nanoTime() - t1) / 1e9;
    if (!r.rejected().isEmpty()) {
      throw new IllegalStateException("the benchmark's own files were rejected: " + r.rejected());
    }
    return new Timing(name, files.size(), bytes, r.recordsRead(), plain, factory);
  }

  /** The plain baseline: read the CSV files with their header and write them as one Delta table. */
  private static void plainCsv(Lakehouse lh, List<Path> files, Path out) {
    lh.spark()
        .read()
        .option("header", "true")
        .csv(uris(files))
        .write()
        .format("delta")
        .mode("overwrite")
        .save(out.toUri().toString());
  }

  /** The plain baseline: read the documents, one row per event of the body's event list. */
  private static void plainEpcis(Lakehouse lh, List<Path> files, Path out) {
    lh.spark()
        .read()
        .option("multiLine", "true")
        .json(uris(files))
        .select(explode(col("epcisBody.eventList")).as("e"))
        .select("e.*")
        .write()
        .format("delta")
        .mode("overwrite")
        .save(out.toUri().toString());
  }

  static void print(PrintStream out, List<Timing> timings) {
    out.printf(
        Locale.ROOT,
        "%-22s %6s %9s %10s %9s %10s %10s %12s %14s %8s%n",
        "dataset",
        "files",
        "MB",
        "records",
        "plain_s",
        "factory_s",
        "factory_MB/s",
        "factory_rows/s",
        "plain_rows/s",
        "ratio");
    for (Timing t : timings) {
      double mb = t.bytes() / 1e6;
      out.printf(
          Locale.ROOT,
          "%-22s %6d %9.1f %10d %9.1f %10.1f %10.1f %12.0f %14.0f %7.2fx%n",
          t.dataset(),
          t.files(),
          mb,
          t.records(),
          t.plainSeconds(),
          t.factorySeconds(),
          mb / t.factorySeconds(),
          t.records() / t.factorySeconds(),
          t.records() / t.plainSeconds(),
          t.factorySeconds() / t.plainSeconds());
    }
    out.printf(
        Locale.ROOT,
        "ratio = factory seconds / plain Spark seconds (the factory also checks encodings and"
            + " headers, validates events, quarantines bad records, records every file and commits exactly once)%n");
    peakRss()
        .ifPresent(kb -> out.printf(Locale.ROOT, "peak RSS of this JVM: %.0f MB%n", kb / 1024.0));
  }

  private static Optional<Long> peakRss() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      return lines
          .filter(l -> l.startsWith("VmHWM:"))
          .findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static String[] uris(List<Path> files) {
    return files.stream().map(f -> f.toUri().toString()).toArray(String[]::new);
  }
}
