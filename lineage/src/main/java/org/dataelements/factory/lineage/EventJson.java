package org.dataelements.factory.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads what a lineage query needs from an OpenLineage run event's JSON. */
final class EventJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EventJson() {}

  /** A column an output column was computed from. */
  record Source(String name, String field) {}

  /**
   * A dataset of an event: kind from {@code factory_dataset} (empty when the facet is missing), and
   * for outputs the column lineage (empty when the facet is missing).
   */
  record Dataset(
      String name,
      String version,
      Optional<LineageDataset.Kind> kind,
      Optional<String> ref,
      Optional<Map<String, List<Source>>> columnLineage) {
    String key() {
      return name + "@" + version;
    }
  }

  record Event(
      String eventType,
      Instant eventTime,
      String runId,
      String jobName,
      List<Dataset> inputs,
      List<Dataset> outputs) {}

  /** The event; an {@link IllegalArgumentException} when the text is not a run event. */
  static Event parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String type = root.path("eventType").asText("");
    Instant at;
    try {
      at = OffsetDateTime.parse(root.path("eventTime").asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "eventTime '" + root.path("eventTime").asText() + "' is not an ISO date-time", e);
    }
    return new Event(
        type.toUpperCase(Locale.ROOT),
        at,
        root.path("run").path("runId").asText(""),
        root.path("job").path("name").asText(""),
        datasets(root.path("inputs"), false),
        datasets(root.path("outputs"), true));
  }

  private static List<Dataset> datasets(JsonNode array, boolean outputs) {
    List<Dataset> out = new ArrayList<>();
    for (JsonNode d : array) {
      JsonNode facets = d.path("facets");
      JsonNode node = facets.path(FactoryFacet.DATASET);
      out.add(
          new Dataset(
              d.path("name").asText(""),
              facets.path("version").path("datasetVersion").asText(""),
              kind(node.path("kind").asText("")),
              text(node.path("ref")),
              outputs ? columnLineage(facets.path("columnLineage")) : Optional.empty()));
    }
    return out;
  }

  private static Optional<LineageDataset.Kind> kind(String label) {
    for (LineageDataset.Kind k : LineageDataset.Kind.values()) {
      if (k.label().equalsIgnoreCase(label)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> text(JsonNode n) {
    return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
  }

  private static Optional<Map<String, List<Source>>> columnLineage(JsonNode facet) {
    JsonNode fields = facet.path("fields");
    if (!fields.isObject()) {
      return Optional.empty();
    }
    Map<String, List<Source>> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      List<Source> sources = new ArrayList<>();
      for (JsonNode s : f.getValue().path("inputFields")) {
        String name = s.path("name").asText("");
        String field = s.path("field").asText("");
        if (!name.isEmpty() && !field.isEmpty()) {
          sources.add(new Source(name, field));
        }
      }
      out.put(f.getKey(), List.copyOf(sources));
    }
    return Optional.of(out);
  }
}
