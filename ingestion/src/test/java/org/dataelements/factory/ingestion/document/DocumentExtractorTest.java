package org.dataelements.factory.ingestion.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.internal.LandingScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentExtractorTest {
  private static final DocumentOptions DEFAULTS =
      DocumentOptions.defaults("UTF-8", Optional.of("MIT"));

  @TempDir Path dir;

  static LandingFile fixture(String name) throws IOException {
    try {
      Path p =
          Path.of(DocumentExtractorTest.class.getResource("/fixtures/document/" + name).toURI());
      return file("fixtures/document/" + name, p);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static LandingFile file(String path, Path absolute) throws IOException {
    return new LandingFile(path, absolute, Files.size(absolute), LandingScanner.sha256(absolute));
  }

  private LandingFile write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return file("in/" + name, p);
  }

  private static Extraction.Doc only(Extraction x) {
    assertTrue(x.rejection().isEmpty(), () -> x.rejection().get());
    assertEquals(1, x.documents().size(), x.toString());
    return x.documents().get(0);
  }

  private static String rejection(Extraction x) {
    assertTrue(x.rejection().isPresent(), () -> "expected a rejection, got " + x);
    return x.rejection().get();
  }

  @Test
  void plainTextIsOneDocumentDecodedWithoutItsBom() throws IOException {
    Extraction x = DocumentExtractor.extract(fixture("bom.txt"), DEFAULTS);
    Extraction.Doc d = only(x);
    assertEquals("text/plain", x.mediaType());
    assertEquals("Plain text with a BOM.\nSecond line, café.\n", d.text());
    assertEquals("", d.elementPath());
    assertEquals(1, d.recordNumber());
    assertTrue(d.title().isEmpty());
    assertEquals(Map.of(), d.metadata());
  }

  @Test
  void markdownKeepsItsTextAndTakesTheFirstLevelOneHeadingAsTitle() throws IOException {
    Extraction x = DocumentExtractor.extract(fixture("law.md"), DEFAULTS);
    Extraction.Doc d = only(x);
    assertEquals("text/markdown", x.mediaType());
    assertEquals(Optional.of("中华人民共和国示例法"), d.title());
    assertTrue(d.text().startsWith("# 中华人民共和国示例法\n"), d.text());
    assertTrue(d.text().contains("## 第一章 总则"), "Markdown lands as delivered");
  }

  @Test
  void htmlDropsScriptsAndStylesKeepsParagraphsAndTakesTitleAndMeta() throws IOException {
    Extraction x = DocumentExtractor.extract(fixture("page.html"), DEFAULTS);
    Extraction.Doc d = only(x);
    assertEquals("text/html", x.mediaType());
    assertEquals(Optional.of("数据要素 行动方案"), d.title());
    assertEquals(Optional.of("Test Office"), d.author());
    assertEquals(
        "Heading\n\nFirst paragraph continues here.\n\nSecond paragraph\nwith a break.\n\none\ntwo",
        d.text());
    assertFalse(d.text().contains("script") || d.text().contains("color"), d.text());
    assertEquals("zh-CN", d.metadata().get("lang"));
    assertEquals("A test page", d.metadata().get("description"));
  }

  @Test
  void pdfTextTitleAuthorAndPageCountComeFromPdfBox() throws IOException {
    Path pdf =
        pdf(
            dir.resolve("report.pdf"),
            "Annual report",
            List.of("Hello PDF page one", "Page two text"),
            null);
    Extraction x = DocumentExtractor.extract(file("docs/report.pdf", pdf), DEFAULTS);
    Extraction.Doc d = only(x);
    assertEquals("application/pdf", x.mediaType());
    assertEquals(Optional.of("Annual report"), d.title());
    assertEquals(Optional.of("Test Author"), d.author());
    assertTrue(
        d.text().contains("Hello PDF page one") && d.text().contains("Page two text"), d.text());
    assertTrue(d.text().contains("\f"), "pages end with a form feed");
    assertEquals(2, d.metadata().get("page_count"));
  }

  @Test
  void jsonArrayCollectionYieldsADocumentPerElementAndQuarantinesBlankOnes() throws IOException {
    Extraction x = DocumentExtractor.extract(fixture("poems.json"), DEFAULTS);
    assertTrue(x.rejection().isEmpty(), x.toString());
    assertEquals("application/json", x.mediaType());
    assertEquals(2, x.documents().size());
    Extraction.Doc first = x.documents().get(0);
    assertEquals("$[0]", first.elementPath());
    assertEquals(1, first.recordNumber());
    assertEquals(Optional.of("鹿柴"), first.title());
    assertEquals(Optional.of("王維"), first.author());
    assertEquals("空山不見人，\n但聞人語響。", first.text());
    assertEquals("a1", first.metadata().get("id"));
    assertEquals(List.of("五言絕句"), first.metadata().get("tags"));
    assertFalse(first.metadata().containsKey("paragraphs"), "the text is not repeated in metadata");
    assertEquals(1, x.quarantined().size());
    Extraction.Quarantined q = x.quarantined().get(0);
    assertEquals(3, q.recordNumber());
    assertTrue(q.reason().contains("paragraphs is blank"), q.reason());
    assertTrue(q.raw().orElseThrow().contains("\"a3\""), q.raw().toString());
  }

  @Test
  void nestedCollectionFindsInnermostTextObjectsWithInheritedContext() throws IOException {
    Extraction x = DocumentExtractor.extract(fixture("nested.json"), DEFAULTS);
    assertTrue(x.rejection().isEmpty(), x.toString());
    assertEquals(3, x.documents().size());
    Extraction.Doc second = x.documents().get(1);
    assertEquals("$.content[0].content[1]", second.elementPath());
    assertEquals(2, second.recordNumber());
    assertEquals(Optional.of("登鸛雀樓"), second.title());
    assertEquals(Optional.of("王之渙"), second.author());
    assertEquals("白日依山盡，黃河入海流。", second.text());
    assertEquals(Map.of("title", "唐詩三百首", "type", "五言絕句"), second.metadata().get("context"));
    assertFalse(second.metadata().containsKey("subchapter"), "null fields are left out");
    assertEquals(
        Map.of("title", "唐詩三百首", "type", "七言絕句"), x.documents().get(2).metadata().get("context"));
    assertEquals(
        "{\"context\":{\"title\":\"唐詩三百首\",\"type\":\"五言絕句\"}}",
        DocumentLanding.json(second.metadata()));
  }

  @Test
  void separatorSplitsEntriesRemovesAnsiEscapesAndQuarantinesBlankEntries() throws IOException {
    LandingFile f = fixture("fortunes");
    Extraction x = DocumentExtractor.extract(f, DEFAULTS.withRecordSeparator("%"));
    assertTrue(x.rejection().isEmpty(), x.toString());
    assertEquals(
        "text/plain", x.mediaType(), "a file without extension is detected from its bytes");
    assertEquals(3, x.documents().size());
    Extraction.Doc first = x.documents().get(0);
    assertEquals("$[0]", first.elementPath());
    assertEquals("《静夜思》\n作者：李白\n床前明月光，疑是地上霜。", first.text());
    assertEquals(4, first.metadata().get("ansi_escapes_removed"));
    assertEquals("$[3]", x.documents().get(2).elementPath());
    assertEquals(4, x.documents().get(2).recordNumber());
    assertEquals(1, x.quarantined().size());
    assertEquals(3, x.quarantined().get(0).recordNumber());
    assertEquals(Optional.of("\u001B[32m\u001B[m"), x.quarantined().get(0).raw());

    Extraction whole = DocumentExtractor.extract(f, DEFAULTS);
    assertEquals(1, whole.documents().size(), "without the option the file is one document");
    assertFalse(whole.documents().get(0).text().contains("\u001B"));
  }

  @Test
  void emptyFilesAreRejected() throws IOException {
    assertEquals(
        "in/empty.pdf: the file is empty (0 bytes)",
        rejection(DocumentExtractor.extract(write("empty.pdf", new byte[0]), DEFAULTS)));
    assertTrue(
        rejection(DocumentExtractor.extract(write("empty.txt", new byte[0]), DEFAULTS))
            .contains("0 bytes"));
  }

  @Test
  void truncatedPdfIsRejectedWithPdfBoxsMessage() throws IOException {
    Path pdf = pdf(dir.resolve("full.pdf"), "T", List.of("Some text to cut in half"), null);
    byte[] bytes = Files.readAllBytes(pdf);
    String r =
        rejection(
            DocumentExtractor.extract(
                write("cut.pdf", Arrays.copyOf(bytes, bytes.length / 3)), DEFAULTS));
    assertTrue(r.startsWith("in/cut.pdf: not a readable PDF (PDFBox: "), r);
    String tail =
        rejection(
            DocumentExtractor.extract(
                write("tail.pdf", Arrays.copyOf(bytes, bytes.length - 40)), DEFAULTS));
    assertEquals(
        "in/tail.pdf: truncated PDF (no %%EOF marker in its last 1024 bytes); deliver the complete file",
        tail, "a PDF cut in its trailer is rejected although PDFBox could recover its text");
  }

  @Test
  void passwordProtectedPdfIsRejected() throws IOException {
    Path pdf = pdf(dir.resolve("locked.pdf"), "T", List.of("secret text"), "s3cret");
    String r = rejection(DocumentExtractor.extract(file("in/locked.pdf", pdf), DEFAULTS));
    assertTrue(r.contains("encrypted PDF"), r);
  }

  @Test
  void binaryContentUnderATextNameIsRejected() throws IOException {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      z.putNextEntry(new ZipEntry("a.txt"));
      z.write("zipped".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    String r =
        rejection(DocumentExtractor.extract(write("archive.txt", zip.toByteArray()), DEFAULTS));
    assertEquals(
        "in/archive.txt: binary content (detected application/zip), not a document;"
            + " narrow the object's path glob to the text files",
        r);
    byte[] png = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
    };
    assertTrue(
        rejection(DocumentExtractor.extract(write("image.md", png), DEFAULTS))
            .contains("binary content (detected image/png)"));
  }

  @Test
  void gbkDeclaredUtf8IsRejectedWithAHint() throws IOException {
    byte[] gbk = "甘肃省数据要素行动方案\n第一条 总则\n".getBytes(Charset.forName("GBK"));
    String r = rejection(DocumentExtractor.extract(write("plan.txt", gbk), DEFAULTS));
    assertTrue(r.startsWith("in/plan.txt: not valid UTF-8 at byte 0"), r);
    assertTrue(r.contains("declare encoding: GB18030"), r);
  }

  @Test
  void jsonWithoutATextElementIsRejectedNamingTheFieldsLookedFor() throws IOException {
    String r = rejection(DocumentExtractor.extract(fixture("notext.json"), DEFAULTS));
    assertTrue(r.startsWith("fixtures/document/notext.json: no text element"), r);
    assertTrue(r.contains("[paragraphs, content, text, body, abstract]"), r);
    Extraction x =
        DocumentExtractor.extract(fixture("notext.json"), DEFAULTS.withTextFields(List.of("name")));
    assertEquals(2, x.documents().size(), "text_fields decides which field is the text");
  }

  @Test
  void jsonThatDoesNotParseIsRejectedWithLineAndColumn() throws IOException {
    String r =
        rejection(
            DocumentExtractor.extract(
                write(
                    "broken.json",
                    "[{\"text\": \"a\"},\n {\"text\": ".getBytes(StandardCharsets.UTF_8)),
                DEFAULTS));
    assertTrue(r.startsWith("in/broken.json: not valid JSON at line 2, column"), r);
  }

  @Test
  void licenceAndNoticeFilesAreNotDocuments() throws IOException {
    for (String name : List.of("LICENSE", "copyright", "NOTICE.md", "LICENSE-GPL-3.0.txt")) {
      String r =
          rejection(
              DocumentExtractor.extract(
                  write(name, "licence text".getBytes(StandardCharsets.UTF_8)), DEFAULTS));
      assertTrue(r.contains("not a document: the name matches exclude_names"), r);
    }
    ObjectSpec all = object(Map.of("exclude_names", ""));
    assertTrue(DocumentLanding.accepts(write("COPYING", new byte[] {'x'}), all));
    assertFalse(DocumentLanding.accepts(write("NOTICE", new byte[] {'x'}), object(Map.of())));
    assertTrue(DocumentLanding.accepts(write("tang300", new byte[] {'x'}), object(Map.of())));
  }

  @Test
  void optionsOverrideDefaultsAndUnknownOptionsAreRefused() {
    DocumentOptions o =
        DocumentOptions.of(
            object(
                Map.of(
                    "text_fields", "body, lines", "record_separator", "%", "licence", "CC0 1.0")),
            Optional.of("MIT"));
    assertEquals(List.of("body", "lines"), o.textFields());
    assertEquals(FormatOptions.Document.DEFAULT_TITLE_FIELDS, o.titleFields());
    assertEquals(Optional.of("%"), o.recordSeparator());
    assertEquals(
        Optional.of("CC0 1.0"), o.licence(), "the object's licence overrides the source's");
    assertEquals(
        Optional.of("MIT"), DocumentOptions.of(object(Map.of()), Optional.of("MIT")).licence());
    var e = assertThrows(InvalidSpecException.class, () -> object(Map.of("text_field", "body")));
    assertTrue(e.getMessage().contains("options.text_field 'body' is not valid"), e.getMessage());
  }

  @Test
  void documentIdIsStableAndDependsOnChecksumAndPath() {
    String a = DocumentLanding.documentId("abc", "$[0]");
    assertEquals(32, a.length());
    assertEquals(a, DocumentLanding.documentId("abc", "$[0]"));
    assertFalse(a.equals(DocumentLanding.documentId("abc", "$[1]")));
    assertFalse(a.equals(DocumentLanding.documentId("abd", "$[0]")));
  }

  static ObjectSpec object(Map<String, String> options) {
    return new ObjectSpec(
        "docs",
        "d",
        SourceFormat.DOCUMENT,
        "docs/**",
        "UTF-8",
        List.of(),
        Map.of(),
        FormatOptions.parse(SourceFormat.DOCUMENT, options));
  }

  /** A PDF with one page per text, Helvetica (draws ASCII), optionally password-protected. */
  static Path pdf(Path out, String title, List<String> pages, String userPassword)
      throws IOException {
    try (PDDocument doc = new PDDocument()) {
      for (String text : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          cs.newLineAtOffset(72, 700);
          cs.showText(text);
          cs.endText();
        }
      }
      doc.getDocumentInformation().setTitle(title);
      doc.getDocumentInformation().setAuthor("Test Author");
      if (userPassword != null) {
        StandardProtectionPolicy p =
            new StandardProtectionPolicy(
                "owner-" + userPassword, userPassword, new AccessPermission());
        p.setEncryptionKeyLength(128);
        doc.protect(p);
      }
      doc.save(out.toFile());
    }
    return out;
  }
}
