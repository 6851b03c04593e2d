package org.dataelements.factory.ingestion.epcis;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a file says about itself: document type ({@code EPCISDocument}, {@code EPCISQueryDocument}
 * or {@code bare_event}), schemaVersion and creationDate as delivered, the EPCIS version of its
 * binding ({@code 2.0} or {@code 1.2}, empty when a bare XML event does not tell), its header
 * (JSON) and its master data (JSON, in the EPCIS 2.0 JSON shape).
 */
record EpcisDocument(
    String documentType,
    Optional<String> schemaVersion,
    Optional<String> creationDate,
    Optional<String> epcisVersion,
    Optional<String> header,
    Optional<String> masterData) {

  EpcisDocument {
    requireNonNull(documentType, "documentType is null");
    requireNonNull(schemaVersion, "schemaVersion is null");
    requireNonNull(creationDate, "creationDate is null");
    requireNonNull(epcisVersion, "epcisVersion is null");
    requireNonNull(header, "header is null");
    requireNonNull(masterData, "masterData is null");
  }
}
