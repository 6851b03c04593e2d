package org.dataelements.factory.ingestion.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.dataelements.factory.ingestion.internal.LandingFile;

/**
 * The bronze layout of EPCIS events: one row per event, columns named as the EPCIS standard names
 * the fields, values as delivered. Identifier lists are arrays of strings; readPoint and
 * bizLocation are their id; quantity lists and other structured fields are their JSON text.
 */
final class EpcisRows {
  private static final List<String> TEXT_COLUMNS =
      List.of(
          "type",
          "eventID",
          "eventTime",
          "eventTimeZoneOffset",
          "recordTime",
          "action",
          "bizStep",
          "disposition",
          "readPoint",
          "bizLocation",
          "parentID");
  private static final List<String> JSON_COLUMNS =
      List.of(
          "quantityList",
          "childQuantityList",
          "inputQuantityList",
          "outputQuantityList",
          "bizTransactionList",
          "sourceList",
          "destinationList",
          "sensorElementList",
          "persistentDisposition",
          "ilmd",
          "errorDeclaration",
          "certificationInfo",
          "transformationID");

  static final StructType SCHEMA;

  static {
    StructType s = new StructType();
    for (String c : TEXT_COLUMNS) {
      s = s.add(c, DataTypes.StringType, true);
    }
    for (String c : EpcisFields.EPC_LISTS) {
      s = s.add(c, DataTypes.createArrayType(DataTypes.StringType, true), true);
    }
    for (String c : JSON_COLUMNS) {
      s = s.add(c, DataTypes.StringType, true);
    }
    SCHEMA =
        s.add("extensions", DataTypes.StringType, true)
            .add("event_json", DataTypes.StringType, false)
            .add("document_type", DataTypes.StringType, false)
            .add("schemaVersion", DataTypes.StringType, true)
            .add("creationDate", DataTypes.StringType, true)
            .add("epcis_version", DataTypes.StringType, true)
            .add("document_header", DataTypes.StringType, true)
            .add("master_data", DataTypes.StringType, true)
            .add("record_number", DataTypes.LongType, false)
            .add(BronzeColumns.SOURCE_FILE, DataTypes.StringType, false)
            .add(BronzeColumns.SOURCE_CHECKSUM, DataTypes.StringType, false);
  }

  private EpcisRows() {}

  /** A valid event's bronze row. */
  static Row row(EpcisEvent e, EpcisDocument d, LandingFile f) {
    JsonNode ev = e.fields();
    List<Object> v = new ArrayList<>();
    for (String c : TEXT_COLUMNS) {
      JsonNode n = ev.get(c);
      if ((c.equals("readPoint") || c.equals("bizLocation")) && n != null && n.isObject()) {
        n = n.get("id");
      }
      v.add(text(n));
    }
    for (String c : EpcisFields.EPC_LISTS) {
      JsonNode n = ev.get(c);
      if (n == null || n.isNull()) {
        v.add(null);
      } else {
        List<String> ids = new ArrayList<>();
        n.forEach(i -> ids.add(i.asText()));
        v.add(ids);
      }
    }
    for (String c : JSON_COLUMNS) {
      v.add(text(ev.get(c)));
    }
    v.add(e.extensions().isEmpty() ? null : EpcisJson.json(e.extensions()));
    v.add(e.eventJson());
    v.add(d.documentType());
    v.add(d.schemaVersion().orElse(null));
    v.add(d.creationDate().orElse(null));
    v.add(d.epcisVersion().orElse(null));
    v.add(d.header().orElse(null));
    v.add(d.masterData().orElse(null));
    v.add(e.recordNumber());
    v.add(f.path());
    v.add(f.checksum());
    return RowFactory.create(v.toArray());
  }

  /** An invalid event's quarantine row ({@link BronzeColumns#QUARANTINE}). */
  static Row quarantine(EpcisEvent e, LandingFile f) {
    return RowFactory.create(f.path(), f.checksum(), e.recordNumber(), e.eventJson(), e.reason());
  }

  /** Text as is; structured values as JSON text; absent as null. */
  private static String text(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    return n.isTextual() ? n.asText() : EpcisJson.json(n);
  }
}
