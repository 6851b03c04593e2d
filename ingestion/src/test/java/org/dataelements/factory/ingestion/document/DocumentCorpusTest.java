package org.dataelements.factory.ingestion.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.StrictYaml;
import org.dataelements.factory.core.testing.Required;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.ingestion.internal.Globs;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.internal.LandingScanner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real text collections of the shared data, through the specs under conf/sources (no Spark).
 */
class DocumentCorpusTest {
  private static List<LandingFile> corpus;

  @BeforeAll
  static void scan() {
    Path data = SparkTestSession.sharedData();
    Required.sharedData("corpus");
    corpus =
        LandingScanner.scan(data).stream().filter(f -> f.path().startsWith("corpus/")).toList();
  }

  private record Outcome(List<String> notAccepted, Map<String, Extraction> extracted) {
    long documents() {
      return extracted.values().stream().mapToLong(x -> x.documents().size()).sum();
    }

    long quarantined() {
      return extracted.values().stream().mapToLong(x -> x.quarantined().size()).sum();
    }

    List<String> rejections() {
      return extracted.values().stream().flatMap(x -> x.rejection().stream()).toList();
    }
  }

  /** What the spec's object would land from the shared corpus. */
  private static Outcome land(String specFile) throws IOException {
    Path spec = SparkTestSession.confDir().resolve("sources").resolve(specFile);
    StrictYaml.Result<SourceSpec> r =
        StrictYaml.read(spec, "sources/" + specFile, SourceSpec.class);
    assertTrue(r.problem().isEmpty(), () -> r.problem().get());
    SourceSpec source = r.value().orElseThrow();
    assertEquals(1, source.objects().size());
    ObjectSpec object = source.objects().get(0);
    assertTrue(source.licence().isPresent(), specFile + " declares the collection's licence");
    DocumentOptions options = DocumentOptions.of(object, source.licence());
    Pattern glob = Globs.compile(object.path());
    List<String> notAccepted = new ArrayList<>();
    Map<String, Extraction> extracted = new LinkedHashMap<>();
    for (LandingFile f : corpus) {
      if (!glob.matcher(f.path()).matches()) {
        continue;
      }
      if (!DocumentLanding.accepts(f, object)) {
        notAccepted.add(f.path());
        continue;
      }
      extracted.put(f.path(), DocumentExtractor.extract(f, options));
    }
    return new Outcome(notAccepted, extracted);
  }

  /**
   * Every file of every real collection: the documents counted apart (a token stream, separator
   * lines) are the extractor's documents + quarantined elements, so none is rejected as miscounted.
   */
  @Test
  void everyRealFileIsCountedApartAsItsExtractorCountsIt() throws IOException {
    long files = 0;
    long documents = 0;
    for (String spec : List.of("policy_docs.yaml", "laws.yaml", "poetry.yaml", "fortunes.yaml")) {
      Path specFile = SparkTestSession.confDir().resolve("sources").resolve(spec);
      ObjectSpec object =
          StrictYaml.read(specFile, "sources/" + spec, SourceSpec.class)
              .value()
              .orElseThrow()
              .objects()
              .get(0);
      for (var e : land(spec).extracted().entrySet()) {
        Extraction x = e.getValue();
        if (x.rejection().isPresent()) {
          continue;
        }
        LandingFile f =
            corpus.stream().filter(c -> c.path().equals(e.getKey())).findFirst().orElseThrow();
        long extracted = x.documents().size() + x.quarantined().size();
        assertEquals(Optional.of(extracted), DocumentCount.of(object, f), e.getKey());
        files++;
        documents += extracted;
      }
    }
    assertTrue(files > 20, "files compared: " + files);
    System.out.printf(
        "DocumentCorpusTest: %d files, %d documents counted apart%n", files, documents);
  }

  @Test
  void policyDocumentsLandAsWholeFiles() throws IOException {
    Outcome o = land("policy_docs.yaml");
    assertTrue(o.rejections().isEmpty(), o.rejections().toString());
    assertFalse(o.extracted().isEmpty());
    assertTrue(o.extracted().keySet().stream().allMatch(p -> !p.contains("/arxiv_metadata/")));
    assertEquals(o.extracted().size(), o.documents(), "one document per file");
    o.extracted().values().forEach(x -> assertTrue(x.documents().get(0).text().length() > 1000));
  }

  @Test
  void lawsLandOnePerMarkdownFileWithTheirTitles() throws IOException {
    Outcome o = land("laws.yaml");
    assertTrue(o.rejections().isEmpty(), o.rejections().toString());
    assertTrue(
        o.notAccepted().stream().allMatch(p -> p.endsWith("/NOTICE.md")),
        o.notAccepted().toString());
    assertTrue(o.documents() > 10);
    assertEquals(o.extracted().size(), o.documents(), "one document per file");
    for (Extraction x : o.extracted().values()) {
      Extraction.Doc d = x.documents().get(0);
      assertEquals("text/markdown", x.mediaType());
      assertTrue(d.title().isPresent() && !d.title().get().startsWith("#"), d.toString());
    }
  }

  @Test
  void poetryCollectionsYieldPoemsFromArraysAndNestedAnthologies() throws IOException {
    Outcome o = land("poetry.yaml");
    assertTrue(o.rejections().isEmpty(), o.rejections().toString());
    assertTrue(o.extracted().size() >= 2);
    for (var e : o.extracted().entrySet()) {
      Extraction x = e.getValue();
      assertTrue(x.documents().size() > 10, e.getKey() + " yields its poems");
      long titled =
          x.documents().stream()
              .filter(d -> d.title().isPresent() && d.author().isPresent())
              .count();
      assertTrue(
          titled > x.documents().size() * 0.95, e.getKey() + ": poems have a title and an author");
    }
    assertTrue(
        o.extracted().values().stream()
            .flatMap(x -> x.documents().stream())
            .anyMatch(
                d ->
                    d.elementPath().matches("\\$\\.content\\[\\d+]\\.content\\[\\d+]")
                        && d.metadata().get("context") instanceof Map<?, ?> c
                        && c.containsKey("type")),
        "a nested anthology's poems carry their section type");
  }

  @Test
  void fortuneFilesSplitIntoEntriesAndLicenceFilesAreLeftOut() throws IOException {
    Outcome o = land("fortunes.yaml");
    assertTrue(o.rejections().isEmpty(), o.rejections().toString());
    assertFalse(o.extracted().isEmpty());
    assertTrue(
        o.extracted().keySet().stream()
            .noneMatch(p -> p.matches("(?i).*/(license[^/]*|copyright|notice[^/]*)")),
        o.extracted().keySet().toString());
    assertTrue(
        o.notAccepted().size() >= 2, "licence, copyright and notice files are not documents");
    for (Extraction x : o.extracted().values()) {
      assertEquals("text/plain", x.mediaType());
      assertTrue(x.documents().size() > 10);
      assertTrue(x.documents().stream().noneMatch(d -> d.text().contains("\u001B")));
      assertTrue(
          x.documents().stream().allMatch(d -> d.text().startsWith("《")),
          "entries start with their title line");
    }
  }
}
