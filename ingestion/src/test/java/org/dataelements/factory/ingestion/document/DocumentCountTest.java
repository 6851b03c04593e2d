package org.dataelements.factory.ingestion.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents counted apart from the extractors: each case has its number written here, and the
 * extractor (documents + quarantined elements) must give the same, or the ingest would reject the
 * file as miscounted.
 */
class DocumentCountTest {
  private static final DocumentOptions DEFAULTS =
      DocumentOptions.defaults("UTF-8", Optional.empty());

  @TempDir Path dir;

  private long extracted(String name, String text, DocumentOptions options) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    Extraction x = DocumentExtractor.extract(DocumentExtractorTest.file("in/" + name, p), options);
    return x.rejection().isPresent() ? -1 : x.documents().size() + x.quarantined().size();
  }

  @Test
  void jsonCollectionsByTheirTokens() throws IOException {
    Map<String, Long> cases =
        Map.ofEntries(
            // a book of chapters: each chapter's paragraphs are one document, an empty one too
            Map.entry(
                "{\"book\":\"B\",\"chapters\":[{\"title\":\"1\",\"paragraphs\":[\"a\",\"b\"]},"
                    + "{\"title\":\"2\",\"paragraphs\":[]}]}",
                2L),
            // an object with documents below it is their container, even with a text field
            Map.entry("{\"text\":\"outer\",\"items\":[{\"text\":\"x\"},{\"body\":\"y\"}]}", 2L),
            // a text field must hold a string or strings (nulls allowed among them)
            Map.entry(
                "[{\"text\":1},{\"text\":\"ok\"},{\"text\":null},{\"text\":[\"a\",null]},"
                    + "{\"text\":{\"k\":\"v\"}},{\"text\":[\"a\",2]}]",
                2L),
            // a text field that holds objects is walked into
            Map.entry("{\"text\":[{\"body\":\"deep\"}],\"n\":1}", 1L),
            // nested arrays, an object without a text field
            Map.entry("[[{\"content\":\"a\"}],[{\"content\":\"b\"},{\"x\":1}]]", 2L),
            // a blank text is a document the landing quarantines
            Map.entry("[{\"abstract\":\"   \"},{\"abstract\":\"fine\"}]", 2L),
            // the last of a repeated key counts, as in the extractor's tree
            Map.entry("[{\"text\":5,\"text\":\"late\"},{\"body\":\"x\"}]", 2L));
    int i = 0;
    for (var c : cases.entrySet()) {
      String name = "c" + i++ + ".json";
      assertEquals(
          c.getValue(),
          DocumentCount.jsonDocuments(c.getKey(), DEFAULTS.textFields()),
          "counted apart: " + c.getKey());
      assertEquals(
          c.getValue().longValue(), extracted(name, c.getKey(), DEFAULTS), "extracted: " + c);
    }
  }

  @Test
  void separatedEntriesByTheirLines() throws IOException {
    DocumentOptions fortunes =
        new DocumentOptions(
            "UTF-8",
            DEFAULTS.textFields(),
            DEFAULTS.titleFields(),
            DEFAULTS.authorFields(),
            Optional.of("%"),
            Optional.empty(),
            DEFAULTS.excludeNames());
    Map<String, Long> cases =
        Map.ofEntries(
            Map.entry("x\n%\ny\n%\n", 2L),
            Map.entry("%\nx\n", 1L),
            Map.entry("%\n%\n", 1L), // the blank entry between two separators
            Map.entry("x", 1L),
            Map.entry("x\r\n%\r\ny\r\n", 2L),
            Map.entry("x\n %\ny\n", 1L), // " %" is not the separator
            Map.entry("\n\n%\na\nb\n\n%\n\n%\nc", 3L));
    int i = 0;
    for (var c : cases.entrySet()) {
      assertEquals(c.getValue(), DocumentCount.entries(c.getKey(), "%"), "counted: " + c);
      assertEquals(
          c.getValue().longValue(), extracted("f" + i++ + ".txt", c.getKey(), fortunes), "" + c);
    }
  }

  @Test
  void wholeFileDocumentsAreOneAndRejectedKindsAreNotCounted() throws IOException {
    ObjectSpec object =
        new ObjectSpec("docs", "d", SourceFormat.DOCUMENT, "**/*", "UTF-8", List.of(), Map.of());
    assertEquals(Optional.of(1L), DocumentCount.of(object, write("a.html", "<p>hello</p>")));
    assertEquals(Optional.of(1L), DocumentCount.of(object, write("b.txt", "x\n%\ny\n")));
    Path pdf = dir.resolve("d.pdf");
    try (org.apache.pdfbox.pdmodel.PDDocument d = new org.apache.pdfbox.pdmodel.PDDocument()) {
      d.addPage(new org.apache.pdfbox.pdmodel.PDPage());
      d.save(pdf.toFile());
    }
    assertEquals(
        Optional.of(1L), DocumentCount.of(object, DocumentExtractorTest.file("in/d.pdf", pdf)));
    assertEquals(Optional.empty(), DocumentCount.of(object, write("LICENSE", "MIT")));
    assertEquals(Optional.empty(), DocumentCount.of(object, write("c.csv", "a,b\n1,2\n")));
  }

  private LandingFile write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return DocumentExtractorTest.file("in/" + name, p);
  }
}
