package org.dataelements.factory.orchestration.sample;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads a traceability sample back without the generator's code: EPCIS JSON-LD with Jackson, EPCIS
 * XML with the JDK's DOM parser (which fails on XML that is not well-formed), CSV by splitting.
 */
final class TraceSampleFiles {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One event as the files hold it; times and ids as written. */
  record Event(
      String file,
      String type,
      String eventId,
      String eventTime,
      String offset,
      String action,
      String bizStep,
      String parent,
      List<String> epcs,
      List<String> quantities,
      List<String> inputs,
      List<String> outputs,
      List<String> places,
      String context) {}

  private TraceSampleFiles() {}

  static List<Path> epcisFiles(Path landing) throws IOException {
    try (Stream<Path> s = Files.walk(landing.resolve("traceability/epcis"))) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  static List<Event> events(Path landing) throws IOException {
    List<Event> out = new ArrayList<>();
    for (Path f : epcisFiles(landing)) {
      if (f.toString().endsWith(".jsonld")) {
        json(f, out);
      } else {
        xml(f, out);
      }
    }
    return out;
  }

  private static void json(Path f, List<Event> out) throws IOException {
    JsonNode doc = JSON.readTree(f.toFile());
    String context = doc.path("@context").asText();
    if (!doc.path("type").asText().equals("EPCISDocument")) {
      throw new AssertionError(f + " is not an EPCISDocument");
    }
    for (JsonNode e : doc.at("/epcisBody/eventList")) {
      List<String> epcs = new ArrayList<>();
      e.path("epcList").forEach(x -> epcs.add(x.asText()));
      e.path("childEPCs").forEach(x -> epcs.add(x.asText()));
      List<String> quantities = new ArrayList<>();
      for (String list : List.of("quantityList", "childQuantityList")) {
        e.path(list)
            .forEach(q -> quantities.add(q.path("epcClass").asText() + " " + q.path("quantity")));
      }
      List<String> inputs = new ArrayList<>();
      e.path("inputQuantityList").forEach(q -> inputs.add(q.path("epcClass").asText()));
      e.path("inputEPCList").forEach(x -> inputs.add(x.asText()));
      List<String> outputs = new ArrayList<>();
      e.path("outputQuantityList").forEach(q -> outputs.add(q.path("epcClass").asText()));
      e.path("outputEPCList").forEach(x -> outputs.add(x.asText()));
      List<String> places = new ArrayList<>();
      places.add(e.path("readPoint").path("id").asText());
      e.path("sourceList").forEach(s -> places.add(s.path("source").asText()));
      e.path("destinationList").forEach(s -> places.add(s.path("destination").asText()));
      out.add(
          new Event(
              f.getFileName().toString(),
              e.path("type").asText(),
              e.path("eventID").asText(),
              e.path("eventTime").asText(),
              e.has("eventTimeZoneOffset") ? e.get("eventTimeZoneOffset").asText() : null,
              e.has("action") ? e.get("action").asText() : null,
              e.path("bizStep").asText(),
              e.has("parentID") ? e.get("parentID").asText() : null,
              epcs,
              quantities,
              inputs,
              outputs,
              places,
              context));
    }
  }

  private static void xml(Path f, List<Event> out) throws IOException {
    Document doc;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder b = factory.newDocumentBuilder();
      doc = b.parse(f.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new AssertionError(f + " is not well-formed XML: " + e.getMessage(), e);
    }
    Element root = doc.getDocumentElement();
    if (!root.getLocalName().equals("EPCISDocument")
        || !"urn:epcglobal:epcis:xsd:2".equals(root.getNamespaceURI())) {
      throw new AssertionError(f + " has root " + root.getTagName());
    }
    Element list = child(child(root, "EPCISBody"), "EventList");
    for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element e)) {
        continue;
      }
      List<String> epcs = texts(e, Map.of("epcList", "epc", "childEPCs", "epc"));
      List<String> quantities = new ArrayList<>();
      for (String l : List.of("quantityList", "childQuantityList")) {
        Element q = child(e, l);
        if (q != null) {
          for (Element qe : children(q, "quantityElement")) {
            quantities.add(
                text(child(qe, "epcClass"))
                    + " "
                    + new java.math.BigDecimal(text(child(qe, "quantity"))));
          }
        }
      }
      List<String> inputs = classes(e, "inputQuantityList");
      inputs.addAll(texts(e, Map.of("inputEPCList", "epc")));
      List<String> outputs = classes(e, "outputQuantityList");
      outputs.addAll(texts(e, Map.of("outputEPCList", "epc")));
      List<String> places = new ArrayList<>();
      places.add(text(child(child(e, "readPoint"), "id")));
      places.addAll(texts(e, Map.of("sourceList", "source", "destinationList", "destination")));
      out.add(
          new Event(
              f.getFileName().toString(),
              e.getLocalName(),
              text(child(e, "eventID")),
              text(child(e, "eventTime")),
              child(e, "eventTimeZoneOffset") == null
                  ? null
                  : text(child(e, "eventTimeZoneOffset")),
              child(e, "action") == null ? null : text(child(e, "action")),
              text(child(e, "bizStep")),
              child(e, "parentID") == null ? null : text(child(e, "parentID")),
              epcs,
              quantities,
              inputs,
              outputs,
              places,
              root.getNamespaceURI()));
    }
  }

  private static List<String> classes(Element e, String list) {
    List<String> out = new ArrayList<>();
    Element q = child(e, list);
    if (q != null) {
      for (Element qe : children(q, "quantityElement")) {
        out.add(text(child(qe, "epcClass")));
      }
    }
    return out;
  }

  private static List<String> texts(Element e, Map<String, String> listToItem) {
    List<String> out = new ArrayList<>();
    for (Element c : children(e, null)) {
      String item = listToItem.get(c.getLocalName());
      if (item != null) {
        for (Element i : children(c, item)) {
          out.add(text(i));
        }
      }
    }
    return out;
  }

  private static Element child(Element e, String name) {
    if (e == null) {
      return null;
    }
    List<Element> c = children(e, name);
    return c.isEmpty() ? null : c.get(0);
  }

  private static List<Element> children(Element e, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nl = e.getChildNodes();
    for (int i = 0; i < nl.getLength(); i++) {
      if (nl.item(i) instanceof Element c && (name == null || c.getLocalName().equals(name))) {
        out.add(c);
      }
    }
    return out;
  }

  private static String text(Element e) {
    return e == null ? "" : e.getTextContent().strip();
  }

  /** A CSV file's rows after the header, split on commas (the sample quotes none it needs). */
  static List<String[]> csv(Path dir, String header) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.sorted().toList()) {
        List<String> lines = Files.readAllLines(f, UTF_8);
        if (!lines.get(0).equals(header)) {
          throw new AssertionError(f + " has header " + lines.get(0) + ", expected " + header);
        }
        for (String line : lines.subList(1, lines.size())) {
          if (line.indexOf('"') >= 0) {
            throw new AssertionError(f + " has a quoted field the test cannot split: " + line);
          }
          rows.add(line.split(",", -1));
        }
      }
    }
    return rows;
  }
}
