package org.dataelements.factory.ingestion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records counted apart from parsing, on files whose answer is known by reading them. */
class RecordCountTest {
  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void delimitedTextCountsLinesOutsideQuotesLessTheHeader() throws IOException {
    RecordCount.Counted plain =
        RecordCount.delimited(
            file("a.csv", "\uFEFFa,b\r\n1,2\r\n\r\n   \r\n3,\"x,y\"\r\n4,5"),
            StandardCharsets.UTF_8);
    assertEquals(3, plain.records(), "blank and white-space lines are not records; no final EOL");
    assertFalse(plain.quotedNewlines());
    RecordCount.Counted spanning =
        RecordCount.delimited(
            file("b.csv", "a,b\n1,\"two\nlines\"\n2,\"an \"\"escaped\"\" quote\"\n"),
            StandardCharsets.UTF_8);
    assertEquals(2, spanning.records());
    assertTrue(spanning.quotedNewlines());
    assertEquals(
        0, RecordCount.delimited(file("h.csv", "a,b\n"), StandardCharsets.UTF_8).records());
  }

  @Test
  void jsonLinesAndDocuments() throws IOException {
    assertEquals(
        3,
        RecordCount.jsonLines(
            file("a.jsonl", "{\"a\":1}\n\n  \n{\"a\":2}\r\nnot json\n"), StandardCharsets.UTF_8));
    assertEquals(
        3,
        RecordCount.jsonDocument(
            file("a.json", "[{\"a\":[1,2]},{\"b\":{\"c\":[]}},3]"), StandardCharsets.UTF_8));
    assertEquals(
        1, RecordCount.jsonDocument(file("o.json", "{\"a\":[1,2,3]}"), StandardCharsets.UTF_8));
  }

  @Test
  void epcisEventsInXmlIncludingOnesInsideExtensionsAndInJson() throws IOException {
    String xml =
        "<?xml version=\"1.0\"?><epcis:EPCISDocument xmlns:epcis=\"urn:epcglobal:epcis:xsd:1\">"
            + "<EPCISBody><EventList>"
            + "<ObjectEvent><eventTime>t</eventTime><extension><x/></extension></ObjectEvent>"
            + "<AggregationEvent/>"
            + "<extension><TransformationEvent/></extension>"
            + "<extension><extension><AssociationEvent/></extension></extension>"
            + "</EventList></EPCISBody></epcis:EPCISDocument>";
    assertEquals(Optional.of(4L), RecordCount.epcis(file("e.xml", xml), StandardCharsets.UTF_8));
    String json =
        "{\"@context\":[],\"type\":\"EPCISDocument\",\"epcisBody\":{\"eventList\":"
            + "[{\"type\":\"ObjectEvent\",\"epcList\":[\"a\",\"b\"]},{\"type\":\"ObjectEvent\"}]}}";
    assertEquals(Optional.of(2L), RecordCount.epcis(file("e.json", json), StandardCharsets.UTF_8));
    String query =
        "{\"epcisBody\":{\"queryResults\":{\"queryName\":\"q\",\"resultsBody\":"
            + "{\"eventList\":[{},{},{}]}}}}";
    assertEquals(Optional.of(3L), RecordCount.epcis(file("q.json", query), StandardCharsets.UTF_8));
    assertEquals(
        Optional.of(1L),
        RecordCount.epcis(
            file("bare.json", "{\"type\":\"ObjectEvent\",\"eventTime\":\"t\"}"),
            StandardCharsets.UTF_8));
    assertEquals(
        Optional.empty(),
        RecordCount.epcis(file("bad.xml", "<a><b></a>"), StandardCharsets.UTF_8),
        "not well-formed: left to the reader, which rejects it");
  }
}
