package org.dataelements.factory.ingestion.epcis;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One event read from a file: its 1-based position, its fields in the EPCIS 2.0 JSON shape, its
 * user extensions (keys in Clark notation {@code {namespace}name} where the namespace is known),
 * the event as delivered (JSON text; for XML a faithful JSON rendering), the line it starts on
 * (XML) and the problems that send it to quarantine.
 */
record EpcisEvent(
    long recordNumber,
    ObjectNode fields,
    ObjectNode extensions,
    String eventJson,
    Optional<Integer> line,
    List<String> problems) {

  EpcisEvent {
    requireNonNull(fields, "fields is null");
    requireNonNull(extensions, "extensions is null");
    requireNonNull(eventJson, "eventJson is null");
    requireNonNull(line, "line is null");
    problems = List.copyOf(problems);
  }

  boolean isValid() {
    return problems.isEmpty();
  }

  /** The event type as delivered, when there is one. */
  Optional<String> type() {
    return fields.hasNonNull("type") ? Optional.of(fields.get("type").asText()) : Optional.empty();
  }

  /** The quarantine reason: "event 3 (ObjectEvent, line 12): problem; problem". */
  String reason() {
    String where = type().orElse("no type") + line.map(l -> ", line " + l).orElse("");
    return "event " + recordNumber + " (" + where + "): " + String.join("; ", problems);
  }
}
