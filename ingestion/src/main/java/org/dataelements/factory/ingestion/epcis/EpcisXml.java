package org.dataelements.factory.ingestion.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.ingestion.xml.SecureXml;
import org.dataelements.factory.ingestion.xml.XmlJson;
import org.dataelements.factory.ingestion.xml.XmlNode;

/**
 * Reads EPCIS XML (the 2.0 binding, {@code urn:epcglobal:epcis:xsd:2}, and the 1.x binding, {@code
 * urn:epcglobal:epcis:xsd:1}) through {@link SecureXml}, and renders each event in the EPCIS 2.0
 * JSON shape so that one set of rules and one bronze layout serve both bindings. The {@code
 * extension} and {@code baseExtension} wrappers of 1.2 (new event types inside the event list's
 * extension, quantityList/ilmd/sensorElementList/eventID/errorDeclaration inside event extensions)
 * are unwrapped. Namespaced elements are user extensions.
 */
final class EpcisXml {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
  private static final Set<String> NUMERIC_SENSOR_ATTRIBUTES =
      Set.of("value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue");
  private static final Set<String> TEXT_FIELDS =
      Set.of(
          "eventTime",
          "recordTime",
          "eventTimeZoneOffset",
          "eventID",
          "action",
          "bizStep",
          "disposition",
          "parentID",
          "transformationID");

  private EpcisXml() {}

  static EpcisFile read(Path file, String name, FormatOptions.Epcis options) throws IOException {
    SecureXml.Parsed parsed = SecureXml.parse(file, name, Optional.empty());
    if (parsed.problem().isPresent()) {
      return EpcisFile.rejected(parsed.problem().get());
    }
    XmlNode root = parsed.root().orElseThrow();
    String rootName = root.localName();
    List<XmlNode> events;
    String documentType;
    ObjectNode header;
    if (isEpcis(root) && rootName.equals(EpcisFields.EPCIS_DOCUMENT)) {
      documentType = EpcisFields.EPCIS_DOCUMENT;
      Optional<XmlNode> list = root.child("EPCISBody").flatMap(b -> b.child("EventList"));
      if (list.isEmpty()) {
        return EpcisFile.rejected("no events: the EPCISDocument has no EPCISBody/EventList");
      }
      events = eventElements(list.get());
      header = XmlJson.object(root.without("EPCISBody"));
    } else if (isEpcis(root) && rootName.equals(EpcisFields.EPCIS_QUERY_DOCUMENT)) {
      documentType = EpcisFields.EPCIS_QUERY_DOCUMENT;
      Optional<XmlNode> body = root.child("EPCISBody");
      Optional<XmlNode> results = body.flatMap(b -> b.child("QueryResults"));
      if (results.isEmpty()) {
        String held =
            body.map(
                    b ->
                        b.children().stream()
                            .map(c -> "<" + c.qualifiedName() + ">")
                            .collect(Collectors.joining(", ")))
                .orElse("");
        if (body.isPresent() && !held.isEmpty()) {
          return EpcisFile.noEventData(
              "the EPCISQueryDocument holds "
                  + held
                  + " (a query request or response without results), not event data: nothing to"
                  + " land");
        }
        return EpcisFile.rejected(
            "no events: the EPCISQueryDocument has no EPCISBody/QueryResults");
      }
      Optional<XmlNode> list =
          results.get().child("resultsBody").flatMap(b -> b.child("EventList"));
      if (list.isEmpty()) {
        return EpcisFile.rejected(
            "no events: the EPCISQueryDocument has no QueryResults/resultsBody/EventList");
      }
      events = eventElements(list.get());
      header = XmlJson.object(root.without("EPCISBody"));
      header.set(
          results.get().qualifiedName(), XmlJson.object(results.get().without("resultsBody")));
    } else if (isEpcis(root) && EpcisFields.isEventType(rootName)) {
      documentType = EpcisFields.BARE_EVENT;
      events = List.of(root);
      header = JSON.objectNode();
      root.attribute("schemaVersion").ifPresent(v -> header.put("@schemaVersion", v));
      root.attribute("creationDate").ifPresent(v -> header.put("@creationDate", v));
    } else {
      return EpcisFile.rejected(
          "the root element <"
              + root.qualifiedName()
              + "> is not an EPCIS document"
              + " (EPCISDocument, EPCISQueryDocument or an event such as ObjectEvent)");
    }
    if (events.isEmpty()) {
      return EpcisFile.noEventData(
          "no events: the "
              + documentType
              + "'s EventList is empty"
              + (root.child("EPCISHeader").flatMap(h -> find(h, "EPCISMasterData")).isPresent()
                  ? " (the document holds master data only)"
                  : "")
              + "; nothing to land");
    }
    Optional<String> masterData =
        root.child("EPCISHeader")
            .flatMap(h -> find(h, "EPCISMasterData"))
            .map(EpcisXml::masterData)
            .map(EpcisJson::json);
    EpcisDocument doc =
        new EpcisDocument(
            documentType,
            root.attribute("schemaVersion"),
            root.attribute("creationDate"),
            version(root),
            header.isEmpty() ? Optional.empty() : Optional.of(EpcisJson.json(header)),
            masterData);
    List<EpcisEvent> out = new ArrayList<>();
    long n = 0;
    for (XmlNode e : events) {
      out.add(event(e, ++n, e == root, options));
    }
    return EpcisFile.parsed(doc, out);
  }

  /** The events of an EventList, 1.2's nested {@code extension} wrappers unwrapped. */
  private static List<XmlNode> eventElements(XmlNode list) {
    List<XmlNode> out = new ArrayList<>();
    for (XmlNode c : list.children()) {
      if (isEpcis(c) && c.localName().equals("extension")) {
        out.addAll(eventElements(c));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  /** "2.0" or "1.2" from the binding's namespace (or a bare event's declarations), else empty. */
  static Optional<String> version(XmlNode root) {
    List<String> namespaces = new ArrayList<>();
    namespaces.add(root.namespace());
    namespaces.addAll(root.declaredNamespaces().values());
    for (String ns : namespaces) {
      if (ns.matches("urn:epcglobal:epcis(-query)?:xsd:2")) {
        return Optional.of("2.0");
      }
      if (ns.matches("urn:epcglobal:epcis(-query)?:xsd:1")) {
        return Optional.of("1.2");
      }
    }
    Optional<String> declared = root.attribute("schemaVersion");
    if (declared.isPresent() && declared.get().startsWith("2")) {
      return Optional.of("2.0");
    }
    if (declared.isPresent() && declared.get().startsWith("1")) {
      return Optional.of("1.2");
    }
    return Optional.empty();
  }

  private static EpcisEvent event(XmlNode e, long n, boolean bare, FormatOptions.Epcis options) {
    ObjectNode f = JSON.objectNode();
    ObjectNode ext = JSON.objectNode();
    List<String> p = new ArrayList<>();
    String type = isEpcis(e) ? e.localName() : e.clarkName();
    f.put("type", type);
    if (EpcisFields.isEventType(type)) {
      order(e, type, options.strictElementOrder(), p);
      for (XmlNode.Attribute a : e.attributes()) {
        boolean documentLevel =
            bare
                && a.namespace().isEmpty()
                && (a.localName().equals("schemaVersion") || a.localName().equals("creationDate"));
        if (!documentLevel && !a.namespace().equals(XSI)) {
          ext.put(
              "@"
                  + (a.namespace().isEmpty()
                      ? a.localName()
                      : "{" + a.namespace() + "}" + a.localName()),
              a.value());
        }
      }
      members(e.children(), f, ext, p);
      p.addAll(EpcisRules.check(f, k -> k.contains(":") || k.startsWith("{")));
    } else {
      p.add(
          "<"
              + e.qualifiedName()
              + "> is not an EPCIS event type (one of "
              + String.join(", ", EpcisFields.EVENT_TYPES)
              + ")");
    }
    ObjectNode delivered = JSON.objectNode();
    delivered.set(e.qualifiedName(), XmlJson.object(e));
    return new EpcisEvent(n, f, ext, EpcisJson.json(delivered), Optional.of(e.line()), p);
  }

  /**
   * Element order. Strict: the XSD sequence of the event type, user extensions last. Lenient (the
   * default, since EPCIS readers such as OpenEPCIS accept reordered fields): the event must not
   * open with its {@code action} ahead of its whole header.
   */
  private static void order(XmlNode e, String type, boolean strict, List<String> p) {
    List<String> xsd = EpcisFields.xsdOrder(type);
    List<XmlNode> standard = e.children().stream().filter(EpcisXml::isEpcis).toList();
    if (strict) {
      int last = -1;
      String lastName = "";
      boolean afterExtension = false;
      for (XmlNode c : e.children()) {
        if (!isEpcis(c)) {
          afterExtension = true;
          continue;
        }
        int i = xsd.indexOf(c.localName());
        if (i < 0) {
          continue;
        }
        if (afterExtension) {
          p.add(
              "element order: <"
                  + c.localName()
                  + "> comes after a user extension element; the"
                  + " EPCIS XSD puts namespaced extensions after all standard elements");
          return;
        }
        if (i < last) {
          p.add(
              "element order: <"
                  + c.localName()
                  + "> comes after <"
                  + lastName
                  + ">; the EPCIS XSD"
                  + " order of "
                  + an(type)
                  + " is "
                  + String.join(", ", xsd));
          return;
        }
        last = i;
        lastName = c.localName();
      }
      return;
    }
    int action = -1;
    int header = -1;
    for (int i = 0; i < standard.size(); i++) {
      String name = standard.get(i).localName();
      if (name.equals("action") && action < 0) {
        action = i;
      }
      if ((name.equals("eventTime") || name.equals("eventTimeZoneOffset")) && header < 0) {
        header = i;
      }
    }
    if (action >= 0 && header >= 0 && action < header) {
      p.add(
          "element order: <action> comes before the event header (<eventTime>,"
              + " <eventTimeZoneOffset>); the EPCIS XSD starts every event with its header");
    }
  }

  private static String an(String type) {
    return EpcisRules.an(type);
  }

  private static void members(
      List<XmlNode> children, ObjectNode f, ObjectNode ext, List<String> p) {
    for (XmlNode c : children) {
      if (!isEpcis(c)) {
        JsonNode v = gs1Value(c);
        add(f, key(c), v);
        add(ext, c.clarkName(), v);
        continue;
      }
      String n = c.localName();
      if (TEXT_FIELDS.contains(n)) {
        if (f.has(n)) {
          p.add("element <" + n + "> appears more than once");
        } else {
          f.put(n, c.trimmedText());
        }
        continue;
      }
      switch (n) {
        case "baseExtension", "extension" -> members(c.children(), f, ext, p);
        case "certificationInfo" -> add(f, n, JSON.textNode(c.trimmedText()));
        case "epcList", "childEPCs", "inputEPCList", "outputEPCList" -> f.set(n, list(c, "epc", p));
        case "quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList" ->
            f.set(n, quantities(c, p));
        case "readPoint", "bizLocation" -> f.set(n, location(c));
        case "bizTransactionList" -> f.set(n, typed(c, "bizTransaction", p));
        case "sourceList" -> f.set(n, typed(c, "source", p));
        case "destinationList" -> f.set(n, typed(c, "destination", p));
        case "sensorElementList" -> f.set(n, sensors(c));
        case "persistentDisposition" -> f.set(n, persistentDisposition(c));
        case "errorDeclaration" -> f.set(n, errorDeclaration(c));
        case "ilmd" -> f.set(n, ilmd(c));
        default -> {
          p.add(
              "unknown element <"
                  + n
                  + ">: not part of the EPCIS event schema, and a user"
                  + " extension must be namespace-qualified");
          add(ext, n, XmlJson.value(c));
        }
      }
    }
  }

  private static ArrayNode list(XmlNode c, String item, List<String> p) {
    ArrayNode out = JSON.arrayNode();
    for (XmlNode i : c.children()) {
      if (isEpcis(i) && i.localName().equals(item)) {
        out.add(i.trimmedText());
      } else {
        p.add("<" + c.localName() + "> holds <" + i.qualifiedName() + ">, not <" + item + ">");
      }
    }
    return out;
  }

  private static ArrayNode quantities(XmlNode c, List<String> p) {
    ArrayNode out = JSON.arrayNode();
    for (XmlNode q : c.children()) {
      if (!isEpcis(q) || !q.localName().equals("quantityElement")) {
        p.add("<" + c.localName() + "> holds <" + q.qualifiedName() + ">, not <quantityElement>");
        continue;
      }
      ObjectNode o = out.addObject();
      for (XmlNode x : q.children()) {
        String n = isEpcis(x) ? x.localName() : key(x);
        switch (n) {
          case "quantity" -> {
            if (x.attributes().stream()
                .anyMatch(
                    a ->
                        a.namespace().equals(XSI)
                            && a.localName().equals("nil")
                            && a.value().strip().equals("true"))) {
              o.putNull(n);
            } else {
              o.set(n, number(x.trimmedText()));
            }
          }
          case "epcClass", "uom" -> o.put(n, x.trimmedText());
          default -> o.set(n, XmlJson.value(x));
        }
      }
    }
    return out;
  }

  private static ObjectNode location(XmlNode c) {
    ObjectNode o = JSON.objectNode();
    locationMembers(c.children(), o);
    return o;
  }

  private static void locationMembers(List<XmlNode> children, ObjectNode o) {
    for (XmlNode x : children) {
      if (isEpcis(x) && x.localName().equals("id")) {
        o.put("id", x.trimmedText());
      } else if (isEpcis(x) && x.localName().equals("extension")) {
        locationMembers(x.children(), o);
      } else {
        add(o, key(x), gs1Value(x));
      }
    }
  }

  private static ArrayNode typed(XmlNode c, String item, List<String> p) {
    ArrayNode out = JSON.arrayNode();
    for (XmlNode i : c.children()) {
      if (!isEpcis(i) || !i.localName().equals(item)) {
        p.add("<" + c.localName() + "> holds <" + i.qualifiedName() + ">, not <" + item + ">");
        continue;
      }
      ObjectNode o = out.addObject();
      i.attribute("type").ifPresent(t -> o.put("type", t));
      o.put(item, i.trimmedText());
    }
    return out;
  }

  private static ArrayNode sensors(XmlNode c) {
    ArrayNode out = JSON.arrayNode();
    for (XmlNode se : c.children()) {
      if (!isEpcis(se) || !se.localName().equals("sensorElement")) {
        continue;
      }
      ObjectNode o = out.addObject();
      sensorMembers(se.children(), o);
    }
    return out;
  }

  private static void sensorMembers(List<XmlNode> children, ObjectNode o) {
    for (XmlNode x : children) {
      if (isEpcis(x) && x.localName().equals("sensorMetadata")) {
        o.set("sensorMetadata", attributes(x));
      } else if (isEpcis(x) && x.localName().equals("sensorReport")) {
        o.withArray("sensorReport").add(attributes(x));
      } else if (isEpcis(x) && x.localName().equals("extension")) {
        sensorMembers(x.children(), o);
      } else {
        add(o, key(x), gs1Value(x));
      }
    }
  }

  /** A sensor element's attributes as fields; numbers and booleans typed as in the JSON binding. */
  private static ObjectNode attributes(XmlNode x) {
    ObjectNode o = JSON.objectNode();
    for (XmlNode.Attribute a : x.attributes()) {
      if (a.namespace().equals(XSI)) {
        continue;
      }
      String k = a.namespace().isEmpty() ? a.localName() : a.qualifiedName();
      if (a.namespace().isEmpty() && NUMERIC_SENSOR_ATTRIBUTES.contains(a.localName())) {
        o.set(k, number(a.value().strip()));
      } else if (a.namespace().isEmpty()
          && a.localName().equals("booleanValue")
          && (a.value().strip().equals("true") || a.value().strip().equals("false"))) {
        o.put(k, Boolean.parseBoolean(a.value().strip()));
      } else {
        o.put(k, a.value());
      }
    }
    for (XmlNode c : x.children()) {
      add(o, key(c), gs1Value(c));
    }
    return o;
  }

  private static ObjectNode persistentDisposition(XmlNode c) {
    ObjectNode o = JSON.objectNode();
    for (XmlNode x : c.children()) {
      if (isEpcis(x) && (x.localName().equals("set") || x.localName().equals("unset"))) {
        o.withArray(x.localName()).add(x.trimmedText());
      } else {
        add(o, key(x), gs1Value(x));
      }
    }
    return o;
  }

  private static ObjectNode errorDeclaration(XmlNode c) {
    ObjectNode o = JSON.objectNode();
    errorMembers(c.children(), o);
    return o;
  }

  private static void errorMembers(List<XmlNode> children, ObjectNode o) {
    for (XmlNode x : children) {
      String n = x.localName();
      if (isEpcis(x) && (n.equals("declarationTime") || n.equals("reason"))) {
        o.put(n, x.trimmedText());
      } else if (isEpcis(x) && n.equals("correctiveEventIDs")) {
        ArrayNode ids = o.putArray(n);
        x.children().forEach(i -> ids.add(i.trimmedText()));
      } else if (isEpcis(x) && n.equals("extension")) {
        errorMembers(x.children(), o);
      } else {
        add(o, key(x), gs1Value(x));
      }
    }
  }

  /**
   * ILMD: namespaced fields keep their prefix; an unqualified one keeps its bare name (invalid).
   */
  private static ObjectNode ilmd(XmlNode c) {
    ObjectNode o = JSON.objectNode();
    ilmdMembers(c.children(), o);
    return o;
  }

  private static void ilmdMembers(List<XmlNode> children, ObjectNode o) {
    for (XmlNode x : children) {
      if (isEpcis(x) && x.localName().equals("extension")) {
        ilmdMembers(x.children(), o);
      } else {
        add(o, key(x), gs1Value(x));
      }
    }
  }

  /**
   * Master data in the EPCIS 2.0 JSON shape: vocabularyList / vocabularyElementList / attributes.
   */
  private static ObjectNode masterData(XmlNode md) {
    ObjectNode o = JSON.objectNode();
    ArrayNode vocabularies = o.putArray("vocabularyList");
    for (XmlNode list : md.children()) {
      if (!list.localName().equals("VocabularyList")) {
        continue;
      }
      for (XmlNode v : list.children()) {
        ObjectNode vo = vocabularies.addObject();
        v.attribute("type").ifPresent(t -> vo.put("type", t));
        ArrayNode elements = vo.putArray("vocabularyElementList");
        v.child("VocabularyElementList")
            .ifPresent(
                el -> {
                  for (XmlNode ve : el.children()) {
                    ObjectNode eo = elements.addObject();
                    ve.attribute("id").ifPresent(id -> eo.put("id", id));
                    ArrayNode attrs = eo.putArray("attributes");
                    for (XmlNode a : ve.children()) {
                      if (a.localName().equals("attribute")) {
                        ObjectNode ao = attrs.addObject();
                        a.attribute("id").ifPresent(id -> ao.put("id", id));
                        ao.set(
                            "attribute",
                            a.children().isEmpty() ? JSON.textNode(a.trimmedText()) : gs1Value(a));
                      } else if (a.localName().equals("children")) {
                        ArrayNode ch = eo.putArray("children");
                        a.children().forEach(id -> ch.add(id.trimmedText()));
                      }
                    }
                  }
                });
      }
    }
    return o;
  }

  private static Optional<XmlNode> find(XmlNode n, String local) {
    for (XmlNode c : n.children()) {
      if (c.localName().equals(local)) {
        return Optional.of(c);
      }
      Optional<XmlNode> deeper = find(c, local);
      if (deeper.isPresent()) {
        return deeper;
      }
    }
    return Optional.empty();
  }

  /**
   * A user extension element as the EPCIS JSON binding writes it: a leaf is its text (typed by
   * xsi:type where it says integer, decimal, double or boolean); otherwise an object of its
   * attributes and children (repeated children as arrays) and {@code #text} for mixed text.
   */
  static JsonNode gs1Value(XmlNode n) {
    List<XmlNode.Attribute> attrs =
        n.attributes().stream().filter(a -> !a.namespace().equals(XSI)).toList();
    if (attrs.isEmpty() && n.children().isEmpty()) {
      String text = n.trimmedText();
      String xsiType =
          n.attributes().stream()
              .filter(a -> a.namespace().equals(XSI) && a.localName().equals("type"))
              .map(a -> a.value().substring(a.value().indexOf(':') + 1))
              .findFirst()
              .orElse("");
      switch (xsiType) {
        case "integer", "int", "long", "short", "decimal", "double", "float" -> {
          return number(text);
        }
        case "boolean" -> {
          if (text.equals("true") || text.equals("false")) {
            return JSON.booleanNode(Boolean.parseBoolean(text));
          }
          return JSON.textNode(text);
        }
        default -> {
          return JSON.textNode(text);
        }
      }
    }
    ObjectNode o = JSON.objectNode();
    for (XmlNode.Attribute a : attrs) {
      o.put(a.namespace().isEmpty() ? a.localName() : a.qualifiedName(), a.value());
    }
    Map<String, List<XmlNode>> byName = new LinkedHashMap<>();
    n.children().forEach(c -> byName.computeIfAbsent(key(c), k -> new ArrayList<>()).add(c));
    for (var e : byName.entrySet()) {
      if (e.getValue().size() == 1) {
        o.set(e.getKey(), gs1Value(e.getValue().get(0)));
      } else {
        ArrayNode arr = o.putArray(e.getKey());
        e.getValue().forEach(c -> arr.add(gs1Value(c)));
      }
    }
    if (!n.text().isBlank()) {
      o.put("#text", n.trimmedText());
    }
    return o;
  }

  /**
   * A namespaced element's key as written ({@code prefix:local}), or {@code {ns}local} without a
   * prefix.
   */
  private static String key(XmlNode x) {
    if (!x.prefix().isEmpty() || x.namespace().isEmpty()) {
      return x.qualifiedName();
    }
    return x.clarkName();
  }

  private static JsonNode number(String s) {
    try {
      return JSON.numberNode(new BigDecimal(s));
    } catch (NumberFormatException e) {
      return JSON.textNode(s);
    }
  }

  /** Adds a field; a repeated one becomes an array (element values are never arrays themselves). */
  private static void add(ObjectNode o, String key, JsonNode v) {
    JsonNode old = o.get(key);
    if (old == null) {
      o.set(key, v);
    } else if (old.isArray()) {
      ((ArrayNode) old).add(v);
    } else {
      ArrayNode arr = JSON.arrayNode();
      arr.add(old);
      arr.add(v);
      o.set(key, arr);
    }
  }

  /** True for elements of the EPCIS bindings (unqualified, or in an EPCIS namespace). */
  static boolean isEpcis(XmlNode n) {
    String ns = n.namespace();
    return ns.isEmpty()
        || ns.startsWith("urn:epcglobal:epcis:")
        || ns.startsWith("urn:epcglobal:epcis-query:")
        || ns.startsWith("urn:epcglobal:epcis-masterdata:");
  }
}
