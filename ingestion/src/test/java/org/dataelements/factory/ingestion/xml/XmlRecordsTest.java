package org.dataelements.factory.ingestion.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.junit.jupiter.api.Test;

class XmlRecordsTest {
  static ObjectSpec object(Map<String, String> options) {
    return new ObjectSpec(
        "books",
        "d",
        SourceFormat.XML,
        "**/*.xml",
        "UTF-8",
        List.of(),
        Map.of(),
        FormatOptions.parse(SourceFormat.XML, options));
  }

  static LandingFile file(String name) throws IOException {
    Path p = SecureXmlTest.fixture(name);
    return new LandingFile("xml/" + name, p, Files.size(p), "sha-" + name);
  }

  private static XmlRecords.FileRecords read(String name, Map<String, String> options)
      throws IOException {
    return XmlRecords.read(file(name), object(options).options(FormatOptions.Xml.class), "UTF-8");
  }

  @Test
  void recordsAreTheRootsChildrenByDefaultWithColumnsUnitedAcrossRecords() throws IOException {
    List<XmlNode> records = read("catalog.xml", Map.of()).records();
    List<XmlRecords.Column> cols = XmlRecords.columns(records);

    assertEquals(
        List.of("attr_id", "attr_lang", "author", "title", "price", "genre", "published"),
        cols.stream().map(XmlRecords.Column::name).toList());
    assertEquals(XmlRecords.Kind.JSON_ARRAY, cols.get(2).kind(), "author repeats in a record");
    assertEquals(XmlRecords.Kind.JSON, cols.get(4).kind(), "price has an attribute in one record");
    assertEquals(
        Arrays.asList(
            "bk101",
            "en",
            "[\"Gambardella, Matthew\",\"Ralls, Kim\"]",
            "XML Developer's Guide",
            "{\"@currency\":\"USD\",\"#text\":\"44.95\"}",
            null,
            null),
        XmlRecords.values(records.get(0), cols));
    assertEquals(
        Arrays.asList(
            "bk102",
            null,
            null,
            "Midnight Rain",
            "\"5.95\"",
            "Fantasy",
            "{\"year\":\"2000\",\"month\":\"12\"}"),
        XmlRecords.values(records.get(1), cols));
  }

  @Test
  void recordPathSelectsNestedRecordsAndKeepsLandingColumnsFree() throws IOException {
    List<XmlNode> records =
        read("library.xml", Map.of("record_path", "/library/shelf/book")).records();
    List<XmlRecords.Column> cols = XmlRecords.columns(records);

    assertEquals(3, records.size());
    assertEquals(
        List.of("title", "src_record_number"), cols.stream().map(XmlRecords.Column::name).toList());
    assertEquals(Arrays.asList("C", "x-9"), XmlRecords.values(records.get(2), cols));
  }

  @Test
  void rejectsEmptyMalformedAndDtdFilesWhole() throws IOException {
    assertEquals(
        "the file is empty (0 bytes)", read("empty.xml", Map.of()).problem().orElseThrow());
    assertTrue(
        read("malformed.xml", Map.of())
            .problem()
            .orElseThrow()
            .startsWith("not well-formed XML at line 7, column"));
    assertTrue(read("xxe.xml", Map.of()).problem().orElseThrow().contains("refused"));
  }

  @Test
  void rejectsFilesWhoseRootOrRecordPathDoesNotMatch() throws IOException {
    assertTrue(
        read("catalog.xml", Map.of("root", "library"))
            .problem()
            .orElseThrow()
            .startsWith("the root element is <catalog>, not the declared root <library>"));
    String none =
        read("catalog.xml", Map.of("record_path", "/catalog/magazine")).problem().orElseThrow();
    assertEquals(
        "no element at record_path '/catalog/magazine'; the root <catalog> holds <book>", none);
  }

  @Test
  void badOptionsAreSpecErrors() {
    assertThrows(InvalidSpecException.class, () -> object(Map.of("record_path", "catalog/book")));
    assertThrows(InvalidSpecException.class, () -> object(Map.of("rowTag", "book")));
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> object(Map.of("root", "catalog", "record_path", "/library/book")));
    assertTrue(e.getMessage().contains("starts at the declared root 'catalog'"), e.getMessage());
  }

  @Test
  void acceptsXmlByRootElement() throws IOException {
    assertTrue(XmlLanding.accepts(file("catalog.xml"), object(Map.of())));
    assertTrue(XmlLanding.accepts(file("catalog.xml"), object(Map.of("root", "catalog"))));
    assertFalse(XmlLanding.accepts(file("library.xml"), object(Map.of("root", "catalog"))));
    assertFalse(XmlLanding.accepts(file("empty.xml"), object(Map.of())));
  }
}
