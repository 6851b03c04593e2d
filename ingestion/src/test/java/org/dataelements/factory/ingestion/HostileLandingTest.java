package org.dataelements.factory.ingestion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.ingestion.document.CompressionBombs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files through a whole landing by the real {@link Ingestor}: a PDF bomb, billion laughs
 * and XXE in EPCIS and XML, a JSON Lines file spelling a field in another case. Each is rejected
 * whole with its reason in the report; the good files beside them land; every landed file's records
 * are landed + quarantined; the XXE target's content is nowhere in bronze.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class HostileLandingTest {
  private static final String SECRET = "SECRET-c0ffee-7f3a";

  @TempDir Path landing;

  @Test
  void rejectsHostileFilesWholeAndLandsTheRest(Lakehouse lh) throws IOException {
    Path secret = Files.writeString(landing.resolve("secret.txt"), SECRET);
    String uri = secret.toUri().toString();
    CompressionBombs.writePdfWithZeroStream(dir("docs").resolve("bomb.pdf"), 512L << 20);
    Files.writeString(dir("docs").resolve("ok.txt"), "A plain document.\n");
    Files.writeString(dir("epcis").resolve("good.xml"), epcis("", "urn:x:1"));
    Files.writeString(
        dir("epcis").resolve("xxe.xml"),
        epcis("<!DOCTYPE x [<!ENTITY e SYSTEM \"" + uri + "\">]>", "&e;"));
    Files.writeString(
        dir("epcis").resolve("laughs.xml"),
        epcis(
            "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;\">]>",
            "&d;"));
    Files.writeString(
        dir("xml").resolve("good.xml"), "<r><row><a>1</a></row><row><a>2</a></row></r>");
    Files.writeString(
        dir("xml").resolve("xxe.xml"),
        "<!DOCTYPE r [<!ENTITY e SYSTEM \"" + uri + "\">]><r><row><a>&e;</a></row></r>");
    Files.writeString(dir("lines").resolve("a.jsonl"), "{\"id\":1,\"v\":\"x\"}\n{\"id\":2}\n");
    Files.writeString(dir("lines").resolve("b.jsonl"), "{\"id\":3,\"V\":\"y\"}\nnot json\n");
    Files.writeString(dir("lines").resolve("c.jsonl"), "{\"id\":4}\n{broken\n\n");

    String src = "hostile_a";
    SourceSpec source =
        new SourceSpec(
            src,
            "o",
            "d",
            Optional.of("MIT"),
            List.of(
                object("docs", SourceFormat.DOCUMENT, "docs/*"),
                object("events", SourceFormat.EPCIS, "epcis/*.xml"),
                object("rows", SourceFormat.XML, "xml/*.xml"),
                object("lines", SourceFormat.JSONL, "lines/*.jsonl")));
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    IngestReport r =
        new Ingestor(lh, ops).ingest(List.of(source), landing, RunIds.next(Instant.now()));
    Map<String, IngestReport.FileOutcome> f =
        r.files().stream().collect(Collectors.toMap(IngestReport.FileOutcome::path, x -> x));

    assertRejected(f, "docs/bomb.pdf", "decompression bomb");
    assertRejected(f, "epcis/xxe.xml", "refused: the XML declares a DTD");
    assertRejected(f, "epcis/laughs.xml", "refused: the XML declares a DTD");
    assertRejected(f, "xml/xxe.xml", "refused: the XML declares a DTD");
    assertRejected(f, "lines/b.jsonl", "differs only in case");
    for (String good :
        List.of(
            "docs/ok.txt", "epcis/good.xml", "xml/good.xml", "lines/a.jsonl", "lines/c.jsonl")) {
      IngestReport.FileOutcome o = f.get(good);
      assertEquals("landed", o.status(), good + ": " + o.reason());
      assertEquals(o.recordsRead(), o.rowsLanded() + o.rowsQuarantined(), good);
    }
    assertEquals(2, f.get("xml/good.xml").rowsLanded());
    assertEquals(1, f.get("lines/c.jsonl").rowsQuarantined());
    for (String object : List.of("docs", "events", "rows", "lines")) {
      TableId t = TableId.bronze(src, object);
      for (TableId table : List.of(t, t.quarantine())) {
        if (!lh.exists(table)) {
          continue;
        }
        Dataset<Row> json = lh.read(table).select(to_json(struct(col("*"))).as("j"));
        assertEquals(
            0, json.filter(col("j").contains(SECRET)).count(), table + " holds the secret");
      }
    }
  }

  private static void assertRejected(
      Map<String, IngestReport.FileOutcome> f, String path, String reason) {
    IngestReport.FileOutcome o = f.get(path);
    assertEquals("rejected", o.status(), path + ": " + o.reason());
    assertTrue(o.reason().contains(reason), o.reason());
    assertTrue(!o.reason().contains(SECRET), o.reason());
    assertEquals(0, o.rowsLanded(), path);
  }

  private Path dir(String name) throws IOException {
    return Files.createDirectories(landing.resolve(name));
  }

  private static ObjectSpec object(String name, SourceFormat format, String glob) {
    return new ObjectSpec(name, "d", format, glob, "UTF-8", List.of(), Map.of());
  }

  private static String epcis(String doctype, String eventId) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + doctype
        + "\n<epcis:EPCISDocument xmlns:epcis=\"urn:epcglobal:epcis:xsd:2\" schemaVersion=\"2.0\""
        + " creationDate=\"2024-05-02T08:00:00Z\"><EPCISBody><EventList><ObjectEvent>"
        + "<eventTime>2024-05-01T10:00:00+08:00</eventTime>"
        + "<eventTimeZoneOffset>+08:00</eventTimeZoneOffset><eventID>"
        + eventId
        + "</eventID><epcList><epc>urn:epc:id:sgtin:6901234.012345.1001</epc></epcList>"
        + "<action>ADD</action></ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>\n";
  }
}
