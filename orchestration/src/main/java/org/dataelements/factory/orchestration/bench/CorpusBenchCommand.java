package org.dataelements.factory.orchestration.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.curation.corpus.CorpusDocuments;
import org.dataelements.factory.curation.corpus.CorpusParameters;
import org.dataelements.factory.curation.corpus.CorpusSteps;
import org.dataelements.factory.curation.corpus.DocumentAnalysis;
import org.dataelements.factory.curation.corpus.MinHash;
import org.dataelements.factory.curation.corpus.TextNormalizer;
import org.dataelements.factory.ingestion.Ingestor;
import org.dataelements.factory.orchestration.Console;
import org.dataelements.factory.orchestration.FactoryMain;
import org.dataelements.factory.orchestration.GlobalOptions;
import org.dataelements.factory.orchestration.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code factory bench corpus}: the training corpus's silver build (normalization, filters,
 * language, tokens, PII, domain, exact and near-duplicate clusters) on a landing folder of
 * documents, and the near-duplicate detection against exact all-pairs Jaccard.
 */
@Command(
    name = "corpus",
    mixinStandardHelpOptions = true,
    description = {
      "Time the silver build of the training corpus (silver.corpus__documents and"
          + " silver.corpus__exclusions: normalization, quality rules, Lingua, o200k_base tokens,"
          + " PII, domain labels, exact and MinHash LSH near duplicates) on the documents of a"
          + " landing folder, e.g. one written by `factory sample --corpus --documents N --out DIR`.",
      "Prints documents, raw MB, ingest seconds, the median build seconds of --repeat runs,"
          + " documents/s, MB/s, peak heap; then, up to --exact-max documents, near-duplicate"
          + " recall and precision against every pair of documents whose exact Jaccard similarity"
          + " of character n-gram shingles (of the simplified text, letters and digits) reaches"
          + " the spec's threshold, found by the AllPairs prefix filter: recall = such pairs of"
          + " which the build kept at most one document; precision = documents removed as near"
          + " duplicates that reach the threshold with the document kept in their place.",
      "Temporary warehouse; your warehouse is not touched."
    })
final class CorpusBenchCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(
      names = "--landing",
      paramLabel = "DIR",
      required = true,
      description = "Landing root holding corpus/ (e.g. from `factory sample --corpus`).")
  Path landing;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      description = "Build repetitions; the median is printed (default 1).")
  int repeat = 1;

  @Option(
      names = "--exact-max",
      paramLabel = "N",
      description =
          "Compare with exact all-pairs Jaccard up to this many documents (default 20000).")
  long exactMax = 20_000;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(landing.resolve("corpus"))) {
      throw new IllegalArgumentException(
          "--landing "
              + landing
              + " has no corpus/ folder; write one with: factory sample --corpus --documents"
              + " 10000 --out "
              + landing);
    }
    if (repeat < 1 || exactMax < 0) {
      throw new IllegalArgumentException("--repeat must be >= 1 and --exact-max >= 0");
    }
    Console console = new Console(System.err);
    Path dir = Files.createTempDirectory("factory-bench-corpus");
    try {
      FactoryConfig config = global.resolveFor(dir.resolve("wh"));
      Lakehouse lh = Sessions.openForBuild(config, console);
      Specs specs = Specs.load(config.confDir());
      List<SourceSpec> sources = corpusSources(specs);
      new OpsTables(lh).ensureAll();
      console.step("landing the documents");
      long t0 = System.nanoTime();
      new Ingestor(lh, new OpsTables(lh)).ingest(sources, landing, RunIds.next(Instant.now()));
      double ingestSeconds = (System.nanoTime() - t0) / 1e9;
      Step step = new CorpusSteps().steps(specs).get(0);
      Map<TableId, Dataset<Row>> tables = new HashMap<>();
      for (var in : step.spec().inputTables()) {
        if (lh.exists(in)) {
          tables.put(in, lh.read(in));
        }
      }
      long documents = 0;
      long rawBytes = 0;
      for (var e : tables.entrySet()) {
        if (e.getKey().isQuarantine()) {
          documents += e.getValue().count();
          continue;
        }
        String text = e.getKey().equals(CorpusDocuments.ARXIV) ? "abstract" : "text";
        Row r =
            e.getValue()
                .agg(sum(length(col(text))), org.apache.spark.sql.functions.count("*"))
                .first();
        rawBytes += r.isNullAt(0) ? 0 : r.getLong(0);
        documents += r.getLong(1);
      }
      Dataset<Row> lexicon =
          lh.spark()
              .read()
              .option("header", "true")
              .csv(config.confDir().resolve("reference/corpus_domains.csv").toString());
      StepInputs inputs = new StepInputs(tables, Map.of("corpus_domains", lexicon), "bench");
      List<Double> seconds = new ArrayList<>();
      long peakMb = 0;
      List<Row> kept = List.of();
      List<Row> excluded = List.of();
      for (int i = 0; i < repeat; i++) {
        console.step(String.format(Locale.ROOT, "building silver (%d of %d)", i + 1, repeat));
        try (BenchMemory.HeapPeak heap = BenchMemory.HeapPeak.start()) {
          long s = System.nanoTime();
          StepOutput out = step.transform(inputs);
          out.shared().forEach(Dataset::persist);
          kept =
              out.tables()
                  .get(CorpusDocuments.DOCUMENTS)
                  .rows()
                  .select("source_file", "document_id", "cluster_id", "doc_id")
                  .collectAsList();
          excluded =
              out.tables()
                  .get(CorpusDocuments.EXCLUSIONS)
                  .rows()
                  .select("source_file", "document_id", "rule", "duplicate_of", "doc_id")
                  .collectAsList();
          seconds.add((System.nanoTime() - s) / 1e9);
          out.shared().forEach(Dataset::unpersist);
          peakMb = Math.max(peakMb, heap.peakMb());
        }
      }
      double median = median(seconds);
      System.out.printf(
          Locale.ROOT,
          "%10s %9s %8s %9s %10s %8s %9s %8s %9s%n",
          "documents",
          "raw_MB",
          "ingest_s",
          "build_s",
          "docs/s",
          "MB/s",
          "heap_MB",
          "kept",
          "excluded");
      System.out.printf(
          Locale.ROOT,
          "%10d %9.1f %8.1f %9.1f %10.0f %8.2f %9d %8d %9d%n",
          documents,
          rawBytes / 1e6,
          ingestSeconds,
          median,
          documents / median,
          rawBytes / 1e6 / median,
          peakMb,
          kept.size(),
          excluded.size());
      Map<String, Long> rules = new java.util.TreeMap<>();
      excluded.forEach(r -> rules.merge(r.getString(2), 1L, Long::sum));
      System.out.println("exclusions by rule: " + rules);
      if (documents <= exactMax) {
        console.step("exact all-pairs Jaccard");
        nearDuplicateQuality(lh, tables, kept, excluded, specs);
      }
      return FactoryMain.OK;
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static List<SourceSpec> corpusSources(Specs specs) {
    List<SourceSpec> out = new ArrayList<>();
    for (SourceSpec s : specs.sources()) {
      boolean documents =
          s.objects().stream().map(ObjectSpec::format).anyMatch(f -> f == SourceFormat.DOCUMENT);
      if (documents || s.name().equals(CorpusDocuments.ARXIV.namespace())) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Recall and precision of the build's near-duplicate clusters against exact all-pairs Jaccard,
   * over the documents that passed the filters and exact dedup (kept, or excluded as near
   * duplicates), with the same normalization and simplified form as the build.
   */
  private static void nearDuplicateQuality(
      Lakehouse lh,
      Map<TableId, Dataset<Row>> tables,
      List<Row> kept,
      List<Row> excluded,
      Specs specs) {
    CorpusParameters p =
        specs
            .product(CorpusSteps.PRODUCT)
            .map(s -> org.dataelements.factory.core.SpecParameters.bind(s, CorpusParameters.class))
            .orElseGet(CorpusParameters::defaults);
    Map<String, String> cluster = new HashMap<>();
    kept.forEach(r -> cluster.put(r.getString(0) + "#" + r.getString(1), r.getString(2)));
    for (Row r : excluded) {
      if (CorpusDocuments.NEAR_DUPLICATE.equals(r.getString(2))) {
        cluster.put(r.getString(0) + "#" + r.getString(1), r.getString(3));
      }
    }
    List<String> keys = new ArrayList<>();
    List<long[]> sets = new ArrayList<>();
    for (var e : tables.entrySet()) {
      if (e.getKey().isQuarantine()) {
        continue;
      }
      boolean arxiv = e.getKey().equals(CorpusDocuments.ARXIV);
      Dataset<Row> rows =
          e.getValue()
              .select(
                  col("_source_file"),
                  col(arxiv ? "id" : "document_id"),
                  col(arxiv ? "abstract" : "text"),
                  col("title"));
      for (Row r : rows.collectAsList()) {
        String k = r.getString(0) + "#" + r.getString(1);
        if (!cluster.containsKey(k)) {
          continue;
        }
        String raw = r.getString(2);
        // as the build reads it: a fortune's title and author lines are not its text
        String text = TextNormalizer.normalize(r.isNullAt(3) ? CorpusDocuments.body(raw) : raw);
        String simplified =
            DocumentAnalysis.script(text).equals("Hant") ? DocumentAnalysis.simplified(text) : text;
        keys.add(k);
        sets.add(MinHash.shingles(MinHash.key(simplified), p.minhashNgram()));
      }
    }
    long t = System.nanoTime();
    List<ExactJaccardPairs.Pair> truth = ExactJaccardPairs.of(sets, p.nearDuplicateJaccard());
    double exactSeconds = (System.nanoTime() - t) / 1e9;
    // a true pair is caught when the build did not keep both documents
    java.util.Set<String> keptKeys = new java.util.HashSet<>();
    kept.forEach(r -> keptKeys.add(r.getString(0) + "#" + r.getString(1)));
    long caught = 0;
    for (ExactJaccardPairs.Pair pair : truth) {
      if (!(keptKeys.contains(keys.get(pair.a())) && keptKeys.contains(keys.get(pair.b())))) {
        caught++;
      }
    }
    // each document removed as a near duplicate against the one kept in its place
    Map<String, Integer> indexOf = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      indexOf.put(keys.get(i), i);
    }
    Map<String, Integer> representative = new HashMap<>();
    for (Row r : kept) {
      Integer i = indexOf.get(r.getString(0) + "#" + r.getString(1));
      if (i != null) {
        representative.put(r.getString(3), i);
      }
    }
    long removed = 0;
    long removedSimilar = 0;
    for (Row r : excluded) {
      if (!CorpusDocuments.NEAR_DUPLICATE.equals(r.getString(2))) {
        continue;
      }
      Integer i = indexOf.get(r.getString(0) + "#" + r.getString(1));
      Integer rep = representative.get(r.getString(3));
      if (i != null && rep != null) {
        removed++;
        if (MinHash.jaccard(sets.get(i), sets.get(rep)) >= p.nearDuplicateJaccard()) {
          removedSimilar++;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "near duplicates (Jaccard >= %.2f of %d-gram shingles; MinHash %d bands x %d rows,"
            + " P(candidate | J=%.2f) = %.4f): %d documents compared, %d exact pairs (%.1f s,"
            + " AllPairs); recall %.4f (%d pairs of which the build kept at most one document);"
            + " precision %.4f (%d of %d documents removed as near duplicates reach the threshold"
            + " with the document kept in their place)%n",
        p.nearDuplicateJaccard(),
        p.minhashNgram(),
        p.minhashBands(),
        p.minhashRows(),
        p.nearDuplicateJaccard(),
        MinHash.candidateProbability(p.nearDuplicateJaccard(), p.minhashBands(), p.minhashRows()),
        keys.size(),
        truth.size(),
        exactSeconds,
        truth.isEmpty() ? 1.0 : (double) caught / truth.size(),
        caught,
        removed == 0 ? 1.0 : (double) removedSimilar / removed,
        removedSimilar,
        removed);
  }

  private static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
