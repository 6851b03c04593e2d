package org.dataelements.factory.ingestion;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.dataelements.factory.ingestion.document.DocumentFuzzProbe;
import org.dataelements.factory.ingestion.epcis.EpcisFuzzProbe;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.xml.XmlFuzzProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Billion laughs and XXE through every entry point that reads XML: EPCIS XML, generic XML and the
 * documents (HTML/XHTML, XML in the corpus). Each is refused, or (HTML, which jsoup reads without
 * DTDs) lands without the entity resolved; the target file's content never appears anywhere.
 */
class HostileXmlTest {
  private static final String SECRET = "SECRET-c0ffee-7f3a";

  @TempDir Path dir;
  private Path secret;

  @BeforeEach
  void plantSecret() throws IOException {
    secret = Files.writeString(dir.resolve("secret.txt"), SECRET + "\n");
  }

  /** The hostile documents, by name, each around an EPCIS document with one event. */
  private Map<String, String> hostile() {
    String lol =
        "<!ENTITY lol \"lol\">\n<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
    StringBuilder laughs = new StringBuilder(lol);
    for (int i = 2; i <= 9; i++) {
      laughs.append("<!ENTITY lol").append(i).append(" \"");
      laughs.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
    }
    String uri = secret.toUri().toString();
    return Map.of(
        "billion-laughs.xml", doc("<!DOCTYPE lolz [\n" + laughs + "]>", "&lol9;"),
        "xxe-file.xml", doc("<!DOCTYPE x [<!ENTITY e SYSTEM \"" + uri + "\">]>", "&e;"),
        "xxe-hostname.xml",
            doc("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>", "&e;"),
        "xxe-parameter.xml",
            doc("<!DOCTYPE x [<!ENTITY % p SYSTEM \"" + uri + "\"> %p;]>", "urn:x"),
        "xxe-external-dtd.xml", doc("<!DOCTYPE x SYSTEM \"" + uri + "\">", "urn:x"),
        "undeclared-entity.xml", doc("<!DOCTYPE EPCISDocument>", "&e;"));
  }

  private static String doc(String doctype, String eventId) {
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

  @Test
  void epcisXmlRefusesEntityExpansionAndExternalEntities() throws IOException {
    for (var e : hostile().entrySet()) {
      LandingFile f = write("epcis/" + e.getKey(), e.getValue());
      long before = peakHeapReset();
      long t0 = System.nanoTime();

      EpcisFuzzProbe.Result r = EpcisFuzzProbe.read(f.absolute(), f.path());

      assertRefused(f, r.rejection(), before, t0);
    }
  }

  @Test
  void genericXmlRefusesEntityExpansionAndExternalEntities() throws IOException {
    for (var e : hostile().entrySet()) {
      LandingFile f = write("xml/" + e.getKey(), e.getValue());
      long before = peakHeapReset();
      long t0 = System.nanoTime();

      XmlFuzzProbe.Result r = XmlFuzzProbe.read(f);

      assertRefused(f, r.rejection(), before, t0);
    }
  }

  @Test
  void documentsNeverResolveEntities() throws IOException {
    for (var e : hostile().entrySet()) {
      // as XML the corpus refuses it (records, not a document) ...
      LandingFile xml = write("corpus/" + e.getKey(), e.getValue());
      String reason = DocumentFuzzProbe.extract(xml).orElseThrow();
      assertTrue(reason.contains("holds records, not a document"), reason);
      assertFalse(reason.contains(SECRET), reason);
      // ... and as HTML or XHTML jsoup reads it without a DTD: the entity stays unresolved text
      for (String ext : new String[] {".html", ".xhtml"}) {
        String html =
            e.getValue()
                .replace("<epcis:EPCISDocument", "<html><body><p>x</p><epcis:EPCISDocument")
                .replace("</epcis:EPCISDocument>", "</epcis:EPCISDocument></body></html>");
        LandingFile f = write("corpus/" + e.getKey() + ext, html);
        String all = DocumentFuzzProbe.everything(f);
        assertFalse(all.contains(SECRET), f.path() + " resolved the entity: " + all);
        assertFalse(all.contains("lollollol"), f.path() + " expanded the entities");
      }
    }
  }

  private void assertRefused(LandingFile f, Optional<String> rejection, long before, long t0) {
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long peak = peakHeap();
    String reason = rejection.orElseThrow(() -> new AssertionError(f.path() + " was accepted"));
    assertTrue(
        f.path().endsWith("undeclared-entity.xml")
            ? reason.contains("The entity \"e\" was referenced, but not declared")
            : reason.startsWith(
                f.path() + ": refused: the XML declares a DTD / external entity (XXE)"),
        reason);
    assertFalse(reason.contains(SECRET), reason);
    assertTrue(ms < 5_000, f.path() + " took " + ms + " ms to refuse");
    assertTrue(
        peak - before < 256L << 20,
        f.path() + " used " + ((peak - before) >> 20) + " MiB of heap to refuse");
  }

  private LandingFile write(String path, String text) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return new LandingFile(path, p, Files.size(p), "sha-" + path);
  }

  private static long peakHeapReset() {
    System.gc();
    long used = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
        used += p.getUsage().getUsed();
      }
    }
    return used;
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
