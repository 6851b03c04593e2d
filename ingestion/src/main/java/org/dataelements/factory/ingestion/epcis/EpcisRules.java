package org.dataelements.factory.ingestion.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Schema-style checks of one event in its EPCIS 2.0 JSON shape (JSON events as delivered, XML
 * events as {@link EpcisXml} renders them). Each problem names the field and the offending value.
 */
final class EpcisRules {
  /**
   * An ISO 8601 date-time as EPCIS uses it: date, hours and minutes, optional seconds and fraction,
   * and a time zone (Z or an offset), e.g. 2005-04-03T20:33:31.116-06:00.
   */
  static final Pattern DATE_TIME =
      Pattern.compile(
          "\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])"
              + "T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d+)?)?"
              + "(Z|[+-]((0\\d|1[0-3]):[0-5]\\d|14:00))");

  static final Pattern TIME_ZONE_OFFSET = Pattern.compile("[+-]((0\\d|1[0-3]):[0-5]\\d|14:00)");

  private EpcisRules() {}

  /**
   * The problems of one event.
   *
   * @param namespaced whether a non-standard field name is a namespaced (user extension) name
   */
  static List<String> check(JsonNode ev, Predicate<String> namespaced) {
    List<String> p = new ArrayList<>();
    JsonNode typeNode = ev.get("type");
    if (typeNode == null || !typeNode.isTextual()) {
      p.add("the event has no type (one of " + String.join(", ", EpcisFields.EVENT_TYPES) + ")");
      return p;
    }
    String type = typeNode.asText();
    if (!EpcisFields.isEventType(type)) {
      p.add(
          "type '"
              + type
              + "' is not an EPCIS event type (one of "
              + String.join(", ", EpcisFields.EVENT_TYPES)
              + ")");
      return p;
    }
    fields(ev, type, namespaced, p);
    time(ev, "eventTime", true, p);
    time(ev, "recordTime", false, p);
    JsonNode offset = ev.get("eventTimeZoneOffset");
    if (missing(offset)) {
      p.add("eventTimeZoneOffset is missing (it is required)");
    } else if (!offset.isTextual() || !TIME_ZONE_OFFSET.matcher(offset.asText()).matches()) {
      p.add("eventTimeZoneOffset '" + text(offset) + "' is not an offset like +02:00 or -06:00");
    }
    action(ev, type, p);
    identifiers(ev, type, p);
    for (String list : EpcisFields.EPC_LISTS) {
      epcs(ev, list, p);
    }
    for (String list : EpcisFields.QUANTITY_LISTS) {
      quantities(ev, list, p);
    }
    vocabulary(ev.get("bizStep"), "bizStep", Cbv.BIZ_STEP, p);
    vocabulary(ev.get("disposition"), "disposition", Cbv.DISPOSITION, p);
    persistentDisposition(ev.get("persistentDisposition"), p);
    location(ev, "readPoint", p);
    location(ev, "bizLocation", p);
    typedList(ev, "bizTransactionList", "bizTransaction", Cbv.BIZ_TRANSACTION_TYPE, false, p);
    typedList(ev, "sourceList", "source", Cbv.SOURCE_DEST_TYPE, true, p);
    typedList(ev, "destinationList", "destination", Cbv.SOURCE_DEST_TYPE, true, p);
    certificationInfo(ev.get("certificationInfo"), p);
    ilmd(ev.get("ilmd"), namespaced, p);
    errorDeclaration(ev.get("errorDeclaration"), p);
    sensors(ev.get("sensorElementList"), p);
    return p;
  }

  private static void fields(
      JsonNode ev, String type, Predicate<String> namespaced, List<String> p) {
    for (Iterator<String> it = ev.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (EpcisFields.STANDARD.contains(f)) {
        if (!EpcisFields.allowed(type, f)) {
          p.add("field '" + f + "' is not part of " + an(type));
        }
      } else if (!f.startsWith("@") && !namespaced.test(f)) {
        p.add(
            "unknown field '"
                + f
                + "': not an EPCIS field of "
                + type
                + ", and a user extension must be namespaced (prefix:name with the prefix in"
                + " @context)");
      }
    }
  }

  private static void time(JsonNode ev, String field, boolean required, List<String> p) {
    JsonNode t = ev.get(field);
    if (missing(t)) {
      if (required) {
        p.add(field + " is missing (it is required)");
      }
    } else if (!t.isTextual() || !DATE_TIME.matcher(t.asText()).matches()) {
      p.add(field + " '" + text(t) + "' is not a date-time like 2024-05-01T10:00:00+02:00");
    }
  }

  private static void action(JsonNode ev, String type, List<String> p) {
    JsonNode a = ev.get("action");
    if (missing(a)) {
      if (EpcisFields.needsAction(type)) {
        p.add("action is missing (it is required for " + an(type) + ")");
      }
    } else if (!a.isTextual() || !EpcisFields.ACTIONS.contains(a.asText())) {
      p.add("action '" + text(a) + "' is not one of " + String.join(", ", EpcisFields.ACTIONS));
    }
  }

  /**
   * What each type must identify (the EPCIS 2.0 JSON schema): an ObjectEvent carries an epcList
   * (possibly empty), a non-empty quantityList, or sensor data with a readPoint; Aggregation and
   * Association events name children unless they DELETE, and an AssociationEvent its parent; a
   * TransactionEvent has business transactions and an epcList or quantities unless it DELETEs; a
   * TransformationEvent has inputs and outputs, or one of them and a transformationID.
   */
  private static void identifiers(JsonNode ev, String type, List<String> p) {
    boolean delete = ev.path("action").asText("").equals("DELETE");
    switch (type) {
      case EpcisFields.OBJECT -> {
        if (missing(ev.get("epcList"))
            && isEmptyList(ev.get("quantityList"))
            && (isEmptyList(ev.get("sensorElementList")) || missing(ev.get("readPoint")))) {
          p.add(
              "an ObjectEvent needs an epcList (it may be empty), a non-empty quantityList, or"
                  + " sensorElementList with a readPoint; it has none of them");
        }
      }
      case EpcisFields.AGGREGATION, EpcisFields.ASSOCIATION -> {
        if (type.equals(EpcisFields.ASSOCIATION) && missing(ev.get("parentID"))) {
          p.add("parentID is missing (an AssociationEvent requires it)");
        }
        if (!delete
            && isEmptyList(ev.get("childEPCs"))
            && isEmptyList(ev.get("childQuantityList"))) {
          p.add(
              an(type)
                  + " needs a non-empty childEPCs or childQuantityList unless its action is"
                  + " DELETE; it has neither");
        }
      }
      case EpcisFields.TRANSACTION -> {
        if (isEmptyList(ev.get("bizTransactionList"))) {
          p.add("bizTransactionList is missing or empty (a TransactionEvent requires it)");
        }
        if (!delete && missing(ev.get("epcList")) && isEmptyList(ev.get("quantityList"))) {
          p.add(
              "a TransactionEvent needs an epcList (it may be empty) or a non-empty quantityList"
                  + " unless its action is DELETE; it has neither");
        }
      }
      default -> {
        boolean in =
            !isEmptyList(ev.get("inputEPCList")) || !isEmptyList(ev.get("inputQuantityList"));
        boolean out =
            !isEmptyList(ev.get("outputEPCList")) || !isEmptyList(ev.get("outputQuantityList"));
        if (!(in && out) && !((in || out) && !missing(ev.get("transformationID")))) {
          p.add(
              "a TransformationEvent needs inputs and outputs (inputEPCList/inputQuantityList and"
                  + " outputEPCList/outputQuantityList), or one side and a transformationID");
        }
      }
    }
    JsonNode parent = ev.get("parentID");
    if (!missing(parent) && !parent.isTextual()) {
      p.add("parentID " + text(parent) + " is not an identifier (a text URI)");
    }
  }

  private static void epcs(JsonNode ev, String field, List<String> p) {
    JsonNode l = ev.get(field);
    if (missing(l)) {
      return;
    }
    if (!l.isArray()) {
      p.add(field + " " + text(l) + " is not a list of identifiers");
      return;
    }
    for (JsonNode e : l) {
      if (!e.isTextual() || e.asText().isBlank()) {
        p.add(field + " holds " + text(e) + ", which is not an identifier (a text URI)");
      }
    }
  }

  private static void quantities(JsonNode ev, String field, List<String> p) {
    JsonNode l = ev.get(field);
    if (missing(l)) {
      return;
    }
    if (!l.isArray()) {
      p.add(field + " " + text(l) + " is not a list of quantity elements");
      return;
    }
    int i = 0;
    for (JsonNode q : l) {
      i++;
      if (!q.isObject()) {
        p.add(
            field
                + " element "
                + i
                + " "
                + text(q)
                + " is not an object {epcClass, quantity, uom}");
        continue;
      }
      for (Iterator<String> it = q.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!EpcisFields.QUANTITY_FIELDS.contains(f)) {
          p.add(
              field
                  + " element "
                  + i
                  + " has field '"
                  + f
                  + "'; a quantity element has only"
                  + " epcClass, quantity and uom");
        }
      }
      JsonNode cls = q.get("epcClass");
      if (missing(cls) || !cls.isTextual() || cls.asText().isBlank()) {
        p.add(field + " element " + i + " has no epcClass");
      }
      JsonNode qty = q.get("quantity");
      if (qty != null && !qty.isNull() && !qty.isNumber()) {
        p.add(field + " element " + i + ": quantity " + text(qty) + " is not a number");
      }
      JsonNode uom = q.get("uom");
      if (uom != null && !uom.isTextual()) {
        p.add(field + " element " + i + ": uom " + text(uom) + " is not a unit code");
      }
    }
  }

  private static void vocabulary(JsonNode v, String field, Cbv cbv, List<String> p) {
    if (missing(v)) {
      return;
    }
    if (!v.isTextual()) {
      p.add(field + " " + text(v) + " is not a text value");
      return;
    }
    cbv.problem(field, v.asText()).ifPresent(p::add);
  }

  private static void persistentDisposition(JsonNode pd, List<String> p) {
    if (missing(pd)) {
      return;
    }
    if (!pd.isObject()) {
      p.add("persistentDisposition " + text(pd) + " is not an object {set, unset}");
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = pd.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("set") && !e.getKey().equals("unset")) {
        p.add("persistentDisposition has field '" + e.getKey() + "'; it has only set and unset");
        continue;
      }
      JsonNode values = e.getValue();
      if (!values.isArray()) {
        vocabulary(values, "persistentDisposition." + e.getKey(), Cbv.DISPOSITION, p);
        continue;
      }
      values.forEach(v -> vocabulary(v, "persistentDisposition." + e.getKey(), Cbv.DISPOSITION, p));
    }
  }

  private static void location(JsonNode ev, String field, List<String> p) {
    JsonNode l = ev.get(field);
    if (missing(l)) {
      return;
    }
    JsonNode id = l.isObject() ? l.get("id") : null;
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      p.add(field + " " + text(l) + " has no id");
    }
  }

  private static void typedList(
      JsonNode ev, String field, String valueKey, Cbv types, boolean typeRequired, List<String> p) {
    JsonNode l = ev.get(field);
    if (missing(l)) {
      return;
    }
    if (!l.isArray()) {
      p.add(field + " " + text(l) + " is not a list");
      return;
    }
    int i = 0;
    for (JsonNode e : l) {
      i++;
      if (!e.isObject()) {
        p.add(
            field + " element " + i + " " + text(e) + " is not an object {type, " + valueKey + "}");
        continue;
      }
      for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!f.equals("type") && !f.equals(valueKey)) {
          p.add(
              field + " element " + i + " has field '" + f + "'; it has only type and " + valueKey);
        }
      }
      JsonNode v = e.get(valueKey);
      if (v == null || !v.isTextual() || v.asText().isBlank()) {
        p.add(field + " element " + i + " has no " + valueKey);
      }
      JsonNode t = e.get("type");
      if (missing(t)) {
        if (typeRequired) {
          p.add(field + " element " + i + " has no type");
        }
      } else {
        vocabulary(t, field + " element " + i + " type", types, p);
      }
    }
  }

  private static void certificationInfo(JsonNode c, List<String> p) {
    if (missing(c)) {
      return;
    }
    List<JsonNode> values = new ArrayList<>();
    if (c.isArray()) {
      c.forEach(values::add);
    } else {
      values.add(c);
    }
    for (JsonNode v : values) {
      if (!v.isTextual() || v.asText().isBlank()) {
        p.add(
            "certificationInfo "
                + text(v)
                + " is not a URI; it must be a URI (or a list of URIs)"
                + " pointing to the certificate, not a structured value");
        return;
      }
    }
  }

  private static void ilmd(JsonNode ilmd, Predicate<String> namespaced, List<String> p) {
    if (missing(ilmd)) {
      return;
    }
    if (!ilmd.isObject()) {
      p.add("ilmd " + text(ilmd) + " is not an object of namespaced fields");
      return;
    }
    for (Iterator<String> it = ilmd.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.startsWith("@") && !namespaced.test(f)) {
        p.add(
            "ilmd field '"
                + f
                + "' has no namespace; ILMD fields must be namespaced"
                + " (e.g. cbvmda:lotNumber, or example:"
                + f
                + " with example in @context)");
      }
    }
  }

  private static void errorDeclaration(JsonNode ed, List<String> p) {
    if (missing(ed)) {
      return;
    }
    if (!ed.isObject()) {
      p.add("errorDeclaration " + text(ed) + " is not an object");
      return;
    }
    JsonNode t = ed.get("declarationTime");
    if (missing(t)) {
      p.add("errorDeclaration.declarationTime is missing (it is required)");
    } else if (!t.isTextual() || !DATE_TIME.matcher(t.asText()).matches()) {
      p.add("errorDeclaration.declarationTime '" + text(t) + "' is not a date-time");
    }
    vocabulary(ed.get("reason"), "errorDeclaration.reason", Cbv.ERROR_REASON, p);
  }

  private static void sensors(JsonNode l, List<String> p) {
    if (missing(l)) {
      return;
    }
    if (!l.isArray()) {
      p.add("sensorElementList " + text(l) + " is not a list");
      return;
    }
    int i = 0;
    for (JsonNode e : l) {
      i++;
      JsonNode reports = e.isObject() ? e.get("sensorReport") : null;
      if (reports == null || !reports.isArray() || reports.isEmpty()) {
        p.add("sensorElementList element " + i + " has no sensorReport");
      }
    }
  }

  static boolean missing(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  private static boolean isEmptyList(JsonNode n) {
    return missing(n) || (n.isArray() && n.isEmpty());
  }

  /** A value for a message: text as is, anything else as JSON, cut to 80 characters. */
  static String text(JsonNode n) {
    String s = n == null ? "null" : n.isTextual() ? n.asText() : n.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  /** "an ObjectEvent", "a TransactionEvent". */
  static String an(String type) {
    return ("AEIOU".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
  }
}
