/**
 * GS1 EPCIS landing: {@link org.dataelements.factory.ingestion.epcis.EpcisLanding} recognises EPCIS
 * documents by content (2.0 JSON/JSON-LD, 2.0 and 1.2 XML, capture and query documents, bare
 * events) and lands one bronze row per event, quarantining events that break the standard and
 * rejecting documents that cannot be read.
 */
package org.dataelements.factory.ingestion.epcis;
