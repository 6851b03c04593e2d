package org.dataelements.factory.ingestion.epcis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.xml.SecureXml;

/**
 * Lands GS1 EPCIS (format {@code epcis}): EPCIS 2.0 JSON / JSON-LD, EPCIS 2.0 XML and EPCIS 1.2
 * XML; capture documents, query documents and bare events. One bronze row per event, with the
 * standard's field names, the event as delivered ({@code event_json}), its user extensions and the
 * document's identity, header and master data. An event that breaks the standard (missing or
 * malformed required fields, an action outside ADD/OBSERVE/DELETE, an unknown event type, values
 * outside the CBV that are not URIs, unnamespaced ILMD or extension fields, ...) goes to quarantine
 * with a reason naming the field and value; a file that cannot be read as an EPCIS document (not
 * well-formed, truncated, a DTD, no events, no @context) is rejected whole.
 */
public final class EpcisLanding {
  private EpcisLanding() {}

  /**
   * True when the file's content is EPCIS: a JSON object whose type is EPCISDocument,
   * EPCISQueryDocument or an event type (or an EPCIS query request), or XML whose root element is
   * one of those. Reads only the first few KB. The JSON-LD context, JSON schemas and text files are
   * not EPCIS.
   */
  public static boolean accepts(LandingFile f) {
    try {
      int first = EpcisReader.firstCharacter(f.absolute());
      if (first == '<') {
        return SecureXml.rootElement(f.absolute())
            .map(SecureXml::localPart)
            .filter(
                r ->
                    r.equals(EpcisFields.EPCIS_DOCUMENT)
                        || r.equals(EpcisFields.EPCIS_QUERY_DOCUMENT)
                        || EpcisFields.isEventType(r))
            .isPresent();
      }
      return first == '{' && jsonLooksLikeEpcis(f);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f.path(), e);
    }
  }

  /**
   * Reads the files in the driver and returns their valid events as rows (see {@link EpcisRows};
   * none when no event is valid), the invalid events for quarantine, per-file counts and whole-file
   * rejections.
   */
  public static BronzeBatch parse(SparkSession spark, ObjectSpec object, List<LandingFile> files) {
    FormatOptions.Epcis options = object.options(FormatOptions.Epcis.class);
    Map<String, String> rejections = new HashMap<>();
    Map<String, BronzeBatch.Counts> counts = new HashMap<>();
    List<Row> rows = new ArrayList<>();
    List<Row> quarantined = new ArrayList<>();
    for (LandingFile f : files) {
      EpcisFile read;
      try {
        read = EpcisReader.read(f.absolute(), f.path(), object.encoding(), options);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f.path(), e);
      }
      if (read.rejection().isPresent()) {
        rejections.put(f.path(), read.rejection().get());
        continue;
      }
      EpcisDocument doc = read.document().orElseThrow();
      for (EpcisEvent e : read.events()) {
        if (e.isValid()) {
          rows.add(EpcisRows.row(e, doc, f));
        } else {
          quarantined.add(EpcisRows.quarantine(e, f));
        }
      }
      counts.put(f.path(), new BronzeBatch.Counts(read.landed(), read.quarantined()));
    }
    if (counts.isEmpty()) {
      return new BronzeBatch(Optional.empty(), Optional.empty(), Map.of(), rejections);
    }
    // No bronze commit when every event was quarantined: an empty append would only add a version.
    return new BronzeBatch(
        rows.isEmpty()
            ? Optional.empty()
            : Optional.of(spark.createDataFrame(rows, EpcisRows.SCHEMA)),
        quarantined.isEmpty()
            ? Optional.empty()
            : Optional.of(spark.createDataFrame(quarantined, BronzeColumns.QUARANTINE)),
        counts,
        rejections);
  }

  /**
   * Top-level fields of a JSON object's first 16 KB: an EPCIS type, or an EPCIS context with
   * events.
   */
  private static boolean jsonLooksLikeEpcis(LandingFile f) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(f.absolute())) {
      head = in.readNBytes(16 * 1024);
    }
    String type = null;
    boolean epcisContext = false;
    boolean queryContext = false;
    boolean eventFields = false;
    try (JsonParser p = EpcisJson.MAPPER.createParser(new String(head, StandardCharsets.UTF_8))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "type" -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "@context" -> {
            List<String> contexts = new ArrayList<>();
            if (value == JsonToken.VALUE_STRING) {
              contexts.add(p.getText());
            } else if (value == JsonToken.START_ARRAY) {
              JsonToken t;
              while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                if (t == JsonToken.VALUE_STRING) {
                  contexts.add(p.getText());
                } else {
                  p.skipChildren();
                }
              }
            } else {
              p.skipChildren();
            }
            for (String c : contexts) {
              epcisContext |= c.contains("epcis");
              queryContext |= c.contains("epcis") && c.contains("query");
            }
          }
          case "eventTime", "epcisBody" -> {
            eventFields = true;
            p.skipChildren();
          }
          default -> p.skipChildren();
        }
        if (type != null
            && (type.equals(EpcisFields.EPCIS_DOCUMENT)
                || type.equals(EpcisFields.EPCIS_QUERY_DOCUMENT)
                || EpcisFields.isEventType(type))) {
          return true;
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // the head ends mid-document or the JSON is broken: decide on what was seen
    }
    return (type != null
            && (type.equals(EpcisFields.EPCIS_DOCUMENT)
                || type.equals(EpcisFields.EPCIS_QUERY_DOCUMENT)
                || EpcisFields.isEventType(type)))
        || queryContext
        || (epcisContext && eventFields);
  }
}
