package org.dataelements.factory.ingestion.epcis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The standard fields of EPCIS events (EPCIS 2.0, names as in the JSON binding and the XSD), which
 * event types carry which, and the element order the XSD prescribes.
 */
final class EpcisFields {
  static final String OBJECT = "ObjectEvent";
  static final String AGGREGATION = "AggregationEvent";
  static final String TRANSACTION = "TransactionEvent";
  static final String TRANSFORMATION = "TransformationEvent";
  static final String ASSOCIATION = "AssociationEvent";
  static final List<String> EVENT_TYPES =
      List.of(OBJECT, AGGREGATION, TRANSACTION, TRANSFORMATION, ASSOCIATION);

  static final String EPCIS_DOCUMENT = "EPCISDocument";
  static final String EPCIS_QUERY_DOCUMENT = "EPCISQueryDocument";
  static final String BARE_EVENT = "bare_event";

  static final List<String> EPC_LISTS =
      List.of("epcList", "childEPCs", "inputEPCList", "outputEPCList");
  static final List<String> QUANTITY_LISTS =
      List.of("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList");
  static final Set<String> QUANTITY_FIELDS = Set.of("epcClass", "quantity", "uom");
  static final List<String> ACTIONS = List.of("ADD", "OBSERVE", "DELETE");

  /** EPCISEventType's header, first in every event (XSD order; baseExtension is 1.2's wrapper). */
  private static final List<String> HEADER =
      List.of(
          "eventTime",
          "recordTime",
          "eventTimeZoneOffset",
          "eventID",
          "errorDeclaration",
          "certificationInfo",
          "baseExtension");

  /** Each type's own elements after the header, in XSD order (EPCIS 2.0; 1.2 is a subsequence). */
  private static final Map<String, List<String>> BODY =
      Map.of(
          OBJECT,
              List.of(
                  "epcList",
                  "action",
                  "bizStep",
                  "disposition",
                  "readPoint",
                  "bizLocation",
                  "bizTransactionList",
                  "quantityList",
                  "sourceList",
                  "destinationList",
                  "sensorElementList",
                  "persistentDisposition",
                  "ilmd",
                  "extension"),
          AGGREGATION,
              List.of(
                  "parentID",
                  "childEPCs",
                  "action",
                  "bizStep",
                  "disposition",
                  "readPoint",
                  "bizLocation",
                  "bizTransactionList",
                  "childQuantityList",
                  "sourceList",
                  "destinationList",
                  "sensorElementList",
                  "persistentDisposition",
                  "extension"),
          TRANSACTION,
              List.of(
                  "bizTransactionList",
                  "parentID",
                  "epcList",
                  "action",
                  "bizStep",
                  "disposition",
                  "readPoint",
                  "bizLocation",
                  "quantityList",
                  "sourceList",
                  "destinationList",
                  "sensorElementList",
                  "persistentDisposition",
                  "extension"),
          TRANSFORMATION,
              List.of(
                  "inputEPCList",
                  "inputQuantityList",
                  "outputEPCList",
                  "outputQuantityList",
                  "transformationID",
                  "bizStep",
                  "disposition",
                  "readPoint",
                  "bizLocation",
                  "bizTransactionList",
                  "sourceList",
                  "destinationList",
                  "sensorElementList",
                  "persistentDisposition",
                  "ilmd",
                  "extension"),
          ASSOCIATION,
              List.of(
                  "parentID",
                  "childEPCs",
                  "childQuantityList",
                  "action",
                  "bizStep",
                  "disposition",
                  "readPoint",
                  "bizLocation",
                  "bizTransactionList",
                  "sourceList",
                  "destinationList",
                  "sensorElementList",
                  "persistentDisposition",
                  "extension"));

  /** Every standard field name of any event type (JSON names; no XML wrappers). */
  static final Set<String> STANDARD;

  static {
    Set<String> all = new LinkedHashSet<>(HEADER);
    BODY.values().forEach(all::addAll);
    all.remove("baseExtension");
    all.remove("extension");
    all.add("type");
    STANDARD = Set.copyOf(all);
  }

  private EpcisFields() {}

  static boolean isEventType(String t) {
    return EVENT_TYPES.contains(t);
  }

  /** The XSD element order of an event type: header, then body. */
  static List<String> xsdOrder(String type) {
    List<String> order = new ArrayList<>(HEADER);
    order.addAll(BODY.get(type));
    return order;
  }

  /** True when a standard field belongs to this event type. */
  static boolean allowed(String type, String field) {
    return field.equals("type") || HEADER.contains(field) || BODY.get(type).contains(field);
  }

  /** True for the types whose {@code action} is required. */
  static boolean needsAction(String type) {
    return !type.equals(TRANSFORMATION);
  }
}
