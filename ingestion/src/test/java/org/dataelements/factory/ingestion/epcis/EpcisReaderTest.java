package org.dataelements.factory.ingestion.epcis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpcisReaderTest {
  @TempDir Path tmp;

  static Path fixture(String name) {
    try {
      return Path.of(EpcisReaderTest.class.getResource("/fixtures/epcis/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static LandingFile file(String name) throws IOException {
    Path p = fixture(name);
    return new LandingFile("epcis/" + name, p, Files.size(p), "sha-" + name);
  }

  static EpcisFile read(String name) throws IOException {
    return read(name, FormatOptions.Epcis.DEFAULTS);
  }

  static EpcisFile read(String name, FormatOptions.Epcis options) throws IOException {
    return EpcisReader.read(fixture(name), "epcis/" + name, "UTF-8", options);
  }

  private static JsonNode json(String text) throws IOException {
    return EpcisJson.MAPPER.readTree(text);
  }

  @Test
  void readsJsonLdCaptureDocumentWithHeaderMasterDataAndExtensions() throws IOException {
    EpcisFile f = read("capture-document.jsonld");

    assertEquals(Optional.empty(), f.rejection());
    assertEquals(2, f.landed());
    EpcisDocument d = f.document().orElseThrow();
    assertEquals("EPCISDocument", d.documentType());
    assertEquals(Optional.of("2.0"), d.schemaVersion());
    assertEquals(Optional.of("2024-05-02T08:00:00Z"), d.creationDate());
    assertEquals(Optional.of("2.0"), d.epcisVersion());
    assertEquals(
        "Packing shed 1",
        json(d.masterData().orElseThrow())
            .at("/vocabularyList/0/vocabularyElementList/0/attributes/0/attribute")
            .asText());
    assertFalse(d.header().orElseThrow().contains("epcisBody"));
    EpcisEvent e = f.events().get(0);
    assertEquals(1, e.recordNumber());
    assertEquals(Optional.of("ObjectEvent"), e.type());
    assertEquals(
        "{\"{https://ns.example.com/epcis/}grower\":\"coop-17\"}", e.extensions().toString());
    assertEquals(
        "12.5",
        json(f.events().get(1).eventJson()).at("/childQuantityList/0/quantity").toString(),
        "numbers stay as delivered");
  }

  @Test
  void readsXml20DocumentInTheJsonShape() throws IOException {
    EpcisFile f = read("capture-2_0.xml");

    assertEquals(2, f.landed());
    assertEquals(Optional.of("2.0"), f.document().orElseThrow().epcisVersion());
    JsonNode ev = f.events().get(0).fields();
    assertEquals("[\"urn:epc:id:sgtin:6901234.012345.1001\"]", ev.get("epcList").toString());
    assertEquals(
        "[{\"epcClass\":\"urn:epc:class:lgtin:6901234.012345.LOT1\","
            + "\"quantity\":25.0,\"uom\":\"KGM\"}]",
        ev.get("quantityList").toString());
    assertEquals("{\"id\":\"urn:epc:id:sgln:6901234.00001.0\"}", ev.get("readPoint").toString());
    assertEquals(
        "[{\"type\":\"urn:epcglobal:cbv:sdt:owning_party\","
            + "\"destination\":\"urn:epc:id:pgln:6909999.00001\"}]",
        ev.get("destinationList").toString());
    assertEquals(
        "{\"{https://ns.example.com/epcis}truck\":"
            + "{\"plate\":\"GAN-A-12345\",\"#text\":\"refrigerated\"}}",
        f.events().get(0).extensions().toString());
    assertEquals(Optional.of(6), f.events().get(0).line());
    assertTrue(f.events().get(0).eventJson().startsWith("{\"ObjectEvent\":{\"eventTime\":"));
    assertEquals(
        "[{\"type\":\"urn:epcglobal:cbv:btt:po\","
            + "\"bizTransaction\":\"urn:epcglobal:cbv:bt:6909999000016:PO-77\"}]",
        f.events().get(1).fields().get("bizTransactionList").toString());
  }

  @Test
  void unwraps12ExtensionElements() throws IOException {
    EpcisFile f = read("capture-1_2.xml");

    assertEquals(List.of(), f.events().stream().flatMap(e -> e.problems().stream()).toList());
    assertEquals(Optional.of("1.2"), f.document().orElseThrow().epcisVersion());
    assertEquals(
        List.of("ObjectEvent", "TransformationEvent", "AssociationEvent"),
        f.events().stream().map(e -> e.type().orElseThrow()).toList());
    JsonNode object = f.events().get(0).fields();
    assertEquals("urn:uuid:00000000-0000-4000-8000-000000000012", object.get("eventID").asText());
    assertEquals(40, object.at("/quantityList/0/quantity").asInt());
    assertEquals("2019-06-01", object.at("/ilmd/example:bestBeforeDate").asText());
    assertEquals(4.5, object.at("/sensorElementList/0/sensorReport/0/value").asDouble());
    assertEquals(
        "Packing shed 1",
        json(f.document().get().masterData().orElseThrow())
            .at("/vocabularyList/0/vocabularyElementList/0/attributes/0/attribute")
            .asText());
    assertEquals(
        "urn:epc:id:grai:6901234.55555.1", f.events().get(2).fields().get("parentID").asText());
  }

  @Test
  void readsBareEventsInJsonAndXml() throws IOException {
    EpcisFile json = read("bare-event.json");
    EpcisFile xml = read("bare-event.xml");

    assertEquals("bare_event", json.document().orElseThrow().documentType());
    assertEquals(1, json.landed());
    assertEquals("bare_event", xml.document().orElseThrow().documentType());
    assertEquals(1, xml.landed());
    assertEquals(Optional.of("2.0"), xml.document().get().schemaVersion());
    assertEquals(Optional.of("2024-05-03T09:05:00Z"), xml.document().get().creationDate());
    assertEquals(
        "{}",
        xml.events().get(0).extensions().toString(),
        "document attributes are not extensions");
  }

  @Test
  void readsQueryDocumentsWithTheQueryInTheHeader() throws IOException {
    EpcisFile json = read("query-document.jsonld");
    EpcisFile xml = read("query-document.xml");

    assertEquals("EPCISQueryDocument", json.document().orElseThrow().documentType());
    assertEquals(1, json.landed());
    assertEquals(
        "SimpleEventQuery",
        json(json.document().get().header().orElseThrow()).at("/queryResults/queryName").asText());
    assertEquals("EPCISQueryDocument", xml.document().orElseThrow().documentType());
    assertEquals(1, xml.landed());
    assertTrue(xml.document().get().header().orElseThrow().contains("SimpleEventQuery"));
  }

  @Test
  void quarantinesInvalidEventsNamingFieldAndValue() throws IOException {
    EpcisFile f = read("invalid-events.jsonld");

    assertEquals(1, f.landed());
    assertEquals(4, f.quarantined());
    List<String> reasons =
        f.events().stream().filter(e -> !e.isValid()).map(EpcisEvent::reason).toList();
    assertEquals("event 1 (ObjectEvent): eventTime is missing (it is required)", reasons.get(0));
    assertEquals(
        "event 2 (ObjectEvent): action 'ADDED' is not one of ADD, OBSERVE, DELETE", reasons.get(1));
    assertTrue(
        reasons
            .get(2)
            .startsWith(
                "event 3 (ObjectEvent): bizStep 'harvesting' is neither a CBV business step"),
        reasons.get(2));
    assertEquals(
        "event 4 (ObjectEvent): quantityList element 1 has field 'weight'; a quantity element has"
            + " only epcClass, quantity and uom",
        reasons.get(3));
    assertTrue(f.events().get(4).isValid(), "a custom bizStep URI is a user vocabulary");
  }

  @Test
  void refusesXmlWithExternalEntity() throws IOException {
    EpcisFile f = read("xxe.xml");

    String reason = f.rejection().orElseThrow();
    assertTrue(
        reason.startsWith("epcis/xxe.xml: refused: the XML declares a DTD / external entity (XXE)"),
        reason);
    assertFalse(reason.contains("root:"), reason);
    assertTrue(f.events().isEmpty());
  }

  @Test
  void rejectsTruncatedJsonWithLineAndColumn() throws IOException {
    String reason = read("truncated.jsonld").rejection().orElseThrow();

    assertTrue(reason.startsWith("not valid JSON at line 32, column "), reason);
  }

  @Test
  void rejectsDocumentsWithoutEventsContextOrEpcisRoot() throws IOException {
    assertTrue(
        read("no-context.json")
            .rejection()
            .orElseThrow()
            .startsWith("the JSON-LD document has no @context"));
    assertEquals(
        "the root element <catalog> is not an EPCIS document (EPCISDocument, EPCISQueryDocument or"
            + " an event such as ObjectEvent)",
        read("not-epcis.xml").rejection().orElseThrow());
    Path empty = Files.createFile(tmp.resolve("empty.json"));
    assertEquals(
        Optional.of("the file is empty (0 bytes)"),
        EpcisReader.read(empty, "empty.json", "UTF-8", FormatOptions.Epcis.DEFAULTS).rejection());
    Path noEvents =
        Files.writeString(
            tmp.resolve("none.jsonld"),
            "{\"@context\": [], \"type\": \"EPCISDocument\","
                + " \"epcisBody\": {\"eventList\": []}}");
    EpcisFile none =
        EpcisReader.read(noEvents, "none.jsonld", "UTF-8", FormatOptions.Epcis.DEFAULTS);
    assertEquals(
        "no events: epcisBody.eventList is empty; nothing to land", none.rejection().orElseThrow());
    assertTrue(none.noEventData());
  }

  @Test
  void elementOrderIsLenientByDefaultAndXsdStrictOnRequest() throws IOException {
    EpcisFile lenient = read("element-order.xml");
    EpcisFile strict =
        read("element-order.xml", new FormatOptions.Epcis(FormatOptions.Epcis.ElementOrder.STRICT));

    assertTrue(lenient.events().get(0).isValid(), "reordered fields are accepted");
    assertEquals(
        "event 2 (ObjectEvent, line 15): element order: <action> comes before the event header"
            + " (<eventTime>, <eventTimeZoneOffset>); the EPCIS XSD starts every event with its"
            + " header",
        lenient.events().get(1).reason());
    assertTrue(
        strict
            .events()
            .get(0)
            .reason()
            .contains("element order: <eventTimeZoneOffset> comes after <bizStep>"),
        strict.events().get(0).reason());
  }

  @Test
  void acceptsEpcisByContentOnly() throws IOException {
    for (String epcis :
        List.of(
            "capture-document.jsonld",
            "capture-2_0.xml",
            "capture-1_2.xml",
            "bare-event.json",
            "bare-event.xml",
            "query-document.jsonld",
            "query-document.xml",
            "invalid-events.jsonld",
            "truncated.jsonld",
            "xxe.xml",
            "no-context.json")) {
      assertTrue(EpcisLanding.accepts(file(epcis)), epcis);
    }
    assertFalse(EpcisLanding.accepts(file("not-epcis.xml")));
    assertFalse(EpcisLanding.accepts(file("context.jsonld")), "a JSON-LD context holds no events");
    Path notice =
        Files.writeString(tmp.resolve("NOTICE.md"), "# EPCIS examples\nEPCISDocument files");
    assertFalse(
        EpcisLanding.accepts(new LandingFile("NOTICE.md", notice, Files.size(notice), "x")));
  }

  @Test
  void badOptionIsSpecError() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> FormatOptions.parse(SourceFormat.EPCIS, Map.of("element_order", "xsd")));
    assertTrue(
        e.getMessage()
            .contains("options.element_order 'xsd' is not valid; expected lenient or strict"),
        e.getMessage());
  }
}
