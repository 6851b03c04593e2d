package org.dataelements.factory.ingestion.epcis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dataelements.factory.ingestion.internal.JsonProblems;

/**
 * Reads EPCIS 2.0 JSON / JSON-LD: capture documents ({@code epcisBody.eventList}), query documents
 * ({@code epcisBody.queryResults.resultsBody.eventList}) and bare events. User extensions are the
 * fields outside the standard set; their keys are resolved to Clark notation {@code
 * {namespace}name} through the document's and the event's {@code @context} (and the prefixes of the
 * standard EPCIS context), and kept as delivered where no namespace is declared.
 */
final class EpcisJson {
  /** Numbers stay exactly as delivered (25.0 stays 25.0) when events are written back as text. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  /** Prefixes the standard EPCIS 2.0 context defines. */
  private static final Map<String, String> STANDARD_PREFIXES =
      Map.of(
          "epcis", "https://ref.gs1.org/epcis/",
          "cbv", "https://ref.gs1.org/cbv/",
          "cbvmda", "urn:epcglobal:cbv:mda:",
          "gs1", "https://gs1.org/voc/",
          "rdfs", "http://www.w3.org/2000/01/rdf-schema#",
          "owl", "http://www.w3.org/2002/07/owl#",
          "xsd", "http://www.w3.org/2001/XMLSchema#",
          "dcterms", "http://purl.org/dc/terms/");

  private static final Pattern QUERY_PARAMETER =
      Pattern.compile("(EQ|NE|GE|GT|LE|LT|MATCH|EXISTS|HASATTR|EQATTR|WD)_.+");

  static final String NO_CONTEXT =
      "the JSON-LD document has no @context; EPCIS 2.0 JSON must declare one, e.g. \"@context\":"
          + " [\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"]";

  private EpcisJson() {}

  static EpcisFile read(String text) {
    JsonNode root;
    try (JsonParser p = MAPPER.createParser(text)) {
      root = MAPPER.readTree(p);
      if (root == null || root.isMissingNode()) {
        return EpcisFile.rejected("the file holds no JSON value");
      }
      if (p.nextToken() != null) {
        return EpcisFile.rejected(
            "more than one JSON value in the file (at line "
                + p.currentLocation().getLineNr()
                + ", column "
                + p.currentLocation().getColumnNr()
                + ")");
      }
    } catch (JsonProcessingException e) {
      return EpcisFile.rejected(JsonProblems.notValid(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!root.isObject()) {
      return EpcisFile.rejected(
          "not an EPCIS document: the JSON is "
              + root.getNodeType().name().toLowerCase()
              + ", not an object");
    }
    String type = root.path("type").isTextual() ? root.get("type").asText() : null;
    Map<String, String> defs = new HashMap<>(STANDARD_PREFIXES);
    context(root.get("@context"), defs);
    if (EpcisFields.EPCIS_DOCUMENT.equals(type) || EpcisFields.EPCIS_QUERY_DOCUMENT.equals(type)) {
      return document(root, type, defs);
    }
    if (isQueryRequest(root)) {
      return EpcisFile.noEventData(
          "an EPCIS query request (query parameters such as eventType,"
              + " GE_eventTime), not event data: nothing to land");
    }
    if ((type != null && EpcisFields.isEventType(type)) || root.has("eventTime")) {
      if (!root.has("@context")) {
        return EpcisFile.rejected(NO_CONTEXT);
      }
      EpcisDocument doc =
          new EpcisDocument(
              EpcisFields.BARE_EVENT,
              Optional.empty(),
              Optional.empty(),
              Optional.of("2.0"),
              Optional.empty(),
              Optional.empty());
      return EpcisFile.parsed(doc, List.of(event(root, 1, defs)));
    }
    return EpcisFile.rejected(
        "not an EPCIS document: the top-level type is "
            + (type == null ? "missing" : "'" + type + "'")
            + ", not EPCISDocument, EPCISQueryDocument or an"
            + " event type");
  }

  private static EpcisFile document(JsonNode root, String type, Map<String, String> defs) {
    if (!root.has("@context")) {
      return EpcisFile.rejected(NO_CONTEXT);
    }
    boolean query = type.equals(EpcisFields.EPCIS_QUERY_DOCUMENT);
    String where = query ? "epcisBody.queryResults.resultsBody.eventList" : "epcisBody.eventList";
    JsonNode list =
        root.at(query ? "/epcisBody/queryResults/resultsBody/eventList" : "/epcisBody/eventList");
    if (list.isMissingNode() || list.isNull()) {
      return EpcisFile.rejected("no events: the " + type + " has no " + where);
    }
    if (!list.isArray()) {
      return EpcisFile.rejected("no events: " + where + " is not a list");
    }
    if (list.isEmpty()) {
      return EpcisFile.noEventData("no events: " + where + " is empty; nothing to land");
    }
    ObjectNode header = ((ObjectNode) root).deepCopy();
    header.remove("epcisBody");
    if (query) {
      JsonNode results = root.at("/epcisBody/queryResults");
      if (results.isObject()) {
        ObjectNode r = ((ObjectNode) results).deepCopy();
        r.remove("resultsBody");
        header.set("queryResults", r);
      }
    }
    JsonNode md = root.at("/epcisHeader/epcisMasterData");
    if (md.isMissingNode()) {
      md = root.at("/epcisHeader/masterData");
    }
    EpcisDocument doc =
        new EpcisDocument(
            type,
            scalar(root.get("schemaVersion")),
            scalar(root.get("creationDate")),
            Optional.of("2.0"),
            Optional.of(json(header)),
            md.isMissingNode() || md.isNull() ? Optional.empty() : Optional.of(json(md)));
    List<EpcisEvent> events = new ArrayList<>();
    long n = 0;
    for (JsonNode e : list) {
      events.add(event(e, ++n, defs));
    }
    return EpcisFile.parsed(doc, events);
  }

  private static EpcisEvent event(JsonNode node, long n, Map<String, String> docDefs) {
    ObjectNode ext = MAPPER.createObjectNode();
    if (!node.isObject()) {
      return new EpcisEvent(
          n,
          MAPPER.createObjectNode(),
          ext,
          json(node),
          Optional.empty(),
          List.of("the event is " + EpcisRules.text(node) + ", not a JSON object"));
    }
    ObjectNode ev = (ObjectNode) node;
    Map<String, String> defs = new HashMap<>(docDefs);
    context(ev.get("@context"), defs);
    for (Iterator<Map.Entry<String, JsonNode>> it = ev.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!EpcisFields.STANDARD.contains(f.getKey()) && !f.getKey().startsWith("@")) {
        ext.set(resolve(f.getKey(), defs), f.getValue());
      }
    }
    List<String> problems = EpcisRules.check(ev, k -> k.contains(":") || defs.containsKey(k));
    return new EpcisEvent(n, ev, ext, json(ev), Optional.empty(), problems);
  }

  /**
   * Adds the prefix and term definitions of a JSON-LD @context (remote contexts are not fetched).
   */
  static void context(JsonNode ctx, Map<String, String> defs) {
    if (ctx == null) {
      return;
    }
    if (ctx.isArray()) {
      ctx.forEach(c -> context(c, defs));
    } else if (ctx.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = ctx.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> d = it.next();
        if (d.getKey().startsWith("@")) {
          continue;
        }
        if (d.getValue().isTextual()) {
          defs.put(d.getKey(), d.getValue().asText());
        } else if (d.getValue().path("@id").isTextual()) {
          defs.put(d.getKey(), d.getValue().get("@id").asText());
        }
      }
    }
  }

  /** A field name in Clark notation where its namespace is known, else as delivered. */
  static String resolve(String key, Map<String, String> defs) {
    if (defs.containsKey(key)) {
      return clark(defs.get(key));
    }
    int colon = key.indexOf(':');
    if (colon > 0) {
      String prefix = key.substring(0, colon);
      String rest = key.substring(colon + 1);
      if (defs.containsKey(prefix)) {
        return "{" + defs.get(prefix) + "}" + rest;
      }
      if (rest.startsWith("//")) {
        return clark(key);
      }
    }
    return key;
  }

  private static String clark(String iri) {
    int cut = Math.max(iri.lastIndexOf('/'), Math.max(iri.lastIndexOf('#'), iri.lastIndexOf(':')));
    if (cut < 0 || cut == iri.length() - 1) {
      return iri;
    }
    return "{" + iri.substring(0, cut + 1) + "}" + iri.substring(cut + 1);
  }

  /** An EPCIS 2.0 query (SimpleEventQuery parameters), recognised by its context or parameters. */
  static boolean isQueryRequest(JsonNode root) {
    JsonNode ctx = root.get("@context");
    List<JsonNode> ctxs = new ArrayList<>();
    if (ctx != null && ctx.isArray()) {
      ctx.forEach(ctxs::add);
    } else if (ctx != null) {
      ctxs.add(ctx);
    }
    for (JsonNode c : ctxs) {
      if (c.isTextual() && c.asText().contains("epcis") && c.asText().contains("query")) {
        return true;
      }
    }
    if (root.has("eventTime") || root.has("epcisBody")) {
      return false;
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      if (QUERY_PARAMETER.matcher(it.next()).matches()) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> scalar(JsonNode n) {
    return n == null || n.isNull() || n.isContainerNode()
        ? Optional.empty()
        : Optional.of(n.asText());
  }

  static String json(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
