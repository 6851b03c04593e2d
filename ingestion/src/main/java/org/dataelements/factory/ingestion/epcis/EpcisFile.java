package org.dataelements.factory.ingestion.epcis;

import java.util.List;
import java.util.Optional;

/**
 * A file read as EPCIS: either rejected whole, with the reason ({@code noEventData} when it is
 * EPCIS that holds no events, such as a query request or a document with an empty event list), or
 * its document and its events, valid and invalid.
 */
record EpcisFile(
    Optional<String> rejection,
    boolean noEventData,
    Optional<EpcisDocument> document,
    List<EpcisEvent> events) {

  EpcisFile {
    events = List.copyOf(events);
  }

  static EpcisFile rejected(String reason) {
    return new EpcisFile(Optional.of(reason), false, Optional.empty(), List.of());
  }

  static EpcisFile noEventData(String reason) {
    return new EpcisFile(Optional.of(reason), true, Optional.empty(), List.of());
  }

  static EpcisFile parsed(EpcisDocument document, List<EpcisEvent> events) {
    return new EpcisFile(Optional.empty(), false, Optional.of(document), events);
  }

  long landed() {
    return events.stream().filter(EpcisEvent::isValid).count();
  }

  long quarantined() {
    return events.size() - landed();
  }
}
