package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.curation.corpus.CorpusDocuments;
import org.dataelements.factory.curation.corpus.CorpusSteps;
import org.dataelements.factory.ingestion.Ingestor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus silver build on the real collections of ../shared/data/corpus, landed by the ingestion
 * code as {@code factory ingest} does, plus planted bad files: the ledger accounts for every
 * document the bronze tables hold (counted there, not from the step's own counters), bad input is
 * excluded with its rule, licences travel from the source specs, and the same poems in the
 * traditional (chinese-poetry) and simplified (fortunes-zh) collections fall into clusters.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class CorpusSharedDataTest {
  static final Path DATA = SparkTestSession.sharedData().resolve("corpus");
  static final int LONG_LINE = 50 * 1024 * 1024;

  @TempDir Path landing;

  @Test
  void everyLandedDocumentIsKeptOrExcludedWithItsRule(Lakehouse lh) throws IOException {
    assertTrue(Files.isDirectory(DATA), "../shared/data is not beside the checkout");
    try (Stream<Path> files = Files.walk(DATA)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = landing.resolve("corpus").resolve(DATA.relativize(f));
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    Path bad = landing.resolve("corpus");
    Files.writeString(bad.resolve("planted-empty.txt"), " \n\u3000\n\n", StandardCharsets.UTF_8);
    Files.writeString(
        bad.resolve("planted-punctuation.txt"), "。。。，，，！！！……——《》？？？\n", StandardCharsets.UTF_8);
    String chinese = "甘肃省人民政府办公厅关于印发数据要素三年行动实施方案的通知，请认真贯彻落实。";
    Files.writeString(
        bad.resolve("planted-mojibake.txt"),
        new String(chinese.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
        StandardCharsets.UTF_8);
    // a file of two encodings: a UTF-8 paragraph, then the same text in GB18030
    byte[] utf8 = (chinese + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] gbk = chinese.getBytes(java.nio.charset.Charset.forName("GB18030"));
    byte[] mixed = new byte[utf8.length + gbk.length];
    System.arraycopy(utf8, 0, mixed, 0, utf8.length);
    System.arraycopy(gbk, 0, mixed, utf8.length, gbk.length);
    Files.write(bad.resolve("planted-mixed-encodings.txt"), mixed);
    Files.writeString(bad.resolve("planted-long-line.txt"), "数".repeat(LONG_LINE / 3));

    new OpsTables(lh).ensureAll();
    Specs specs = Specs.load(SparkTestSession.confDir());
    List<SourceSpec> sources =
        Stream.of("laws", "poetry", "fortunes", "policy_docs", "arxiv")
            .map(s -> specs.source(s).orElseThrow())
            .toList();
    new Ingestor(lh, new OpsTables(lh)).ingest(sources, landing, RunIds.next(Instant.now()));

    // what bronze holds, counted there: (source_file, document_id) of every landed document
    Set<String> landed = new TreeSet<>();
    Map<TableId, Dataset<Row>> tables = new HashMap<>();
    Map<String, String> licences = new HashMap<>();
    for (SourceSpec s : sources) {
      for (ObjectSpec o : s.objects()) {
        TableId id = s.bronzeTable(o);
        if (!lh.exists(id)) {
          continue;
        }
        Dataset<Row> b = lh.read(id);
        tables.put(id, b);
        String key = id.equals(CorpusDocuments.ARXIV) ? "id" : "document_id";
        for (Row r : b.select("_source_file", key).collectAsList()) {
          assertTrue(landed.add(r.getString(0) + "#" + r.getString(1)), "landed twice: " + r);
        }
        licences.put(id.namespace(), s.licence().orElseThrow());
        if (lh.exists(id.quarantine())) {
          Dataset<Row> q = lh.read(id.quarantine());
          tables.put(id.quarantine(), q);
          for (Row r : q.select("_source_file", "record_number").collectAsList()) {
            assertTrue(landed.add(r.getString(0) + "#record:" + r.getLong(1)), "twice: " + r);
          }
        }
      }
    }
    Dataset<Row> lexicon =
        SparkTestSession.spark()
            .read()
            .option("header", "true")
            .csv(SparkTestSession.confDir().resolve("reference/corpus_domains.csv").toString());
    var step = new CorpusSteps().steps(specs).get(0);
    StepOutput out =
        step.transform(new StepInputs(tables, Map.of("corpus_domains", lexicon), "test_run"));
    List<Row> kept = out.tables().get(CorpusDocuments.DOCUMENTS).rows().collectAsList();
    List<Row> excluded = out.tables().get(CorpusDocuments.EXCLUSIONS).rows().collectAsList();

    Set<String> accounted = new TreeSet<>();
    for (Row r : kept) {
      assertTrue(accounted.add(r.getAs("source_file") + "#" + r.getAs("document_id")), "twice");
    }
    Map<String, String> ruleOf = new TreeMap<>();
    for (Row r : excluded) {
      String k = r.getAs("source_file") + "#" + r.getAs("document_id");
      assertTrue(accounted.add(k), "kept and excluded, or excluded twice: " + k);
      ruleOf.put(r.getAs("source_file"), r.getAs("rule"));
    }
    assertEquals(landed, accounted, "kept + excluded = landed");

    // the landing quarantines a file without text, and the ledger says so with its reason
    assertEquals("bronze_quarantine", ruleOf.get("corpus/planted-empty.txt"));
    assertEquals("low_text_ratio", ruleOf.get("corpus/planted-punctuation.txt"));
    assertEquals("encoding_noise", ruleOf.get("corpus/planted-mojibake.txt"));
    // a file of two encodings is not valid UTF-8: the landing rejects it whole, naming the byte
    assertEquals(null, ruleOf.get("corpus/planted-mixed-encodings.txt"));
    Row rejected =
        lh.read(TableId.ops("ingest_files"))
            .filter("path = 'corpus/planted-mixed-encodings.txt'")
            .collectAsList()
            .get(0);
    assertEquals("rejected", rejected.getAs("status"));
    assertTrue(
        rejected.<String>getAs("reason").contains("not valid UTF-8 at byte"), rejected.toString());
    assertEquals("too_long", ruleOf.get("corpus/planted-long-line.txt"));

    // licences travel from the source specs (arXiv: the record's own, else the source's)
    for (Row r : kept) {
      String source = r.getAs("source");
      String licence = r.getAs("licence");
      assertTrue(
          licence.equals(licences.get(source))
              || (source.equals("arxiv") && licence.startsWith("http")),
          source + " document with licence " + licence);
    }

    // the same poems in traditional and simplified collections are clustered across sources
    Map<String, String> sourceOfDoc = new HashMap<>();
    kept.forEach(r -> sourceOfDoc.put(r.getAs("doc_id"), r.getAs("source")));
    long crossScript =
        excluded.stream()
            .filter(r -> "near_duplicate".equals(r.getAs("rule")))
            .filter(
                r -> {
                  String keptSource = sourceOfDoc.get(r.<String>getAs("duplicate_of"));
                  return keptSource != null && !keptSource.equals(r.getAs("source"));
                })
            .count();
    assertTrue(crossScript >= 50, "poems clustered across poetry and fortunes: " + crossScript);
  }
}
