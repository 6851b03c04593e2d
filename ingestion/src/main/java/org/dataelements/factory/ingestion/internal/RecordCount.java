package org.dataelements.factory.ingestion.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.ingestion.xml.SecureXml;

/**
 * How many records a landing file holds, counted by a pass of its own over the bytes, apart from
 * the parser that lands them: delimited text by its lines outside quoted fields, JSON Lines by its
 * non-blank lines, a JSON document by its top-level array's elements, EPCIS by the events of its
 * event list (a streaming XML or JSON read that looks at nothing else). The ingest compares it with
 * landed + quarantined per file; a difference means the parser lost or invented a record.
 */
public final class RecordCount {
  private static final JsonFactory JSON = new JsonFactory();

  private RecordCount() {}

  /**
   * A file's records, and whether a quoted field of it spans lines (delimited text that then has to
   * be read as multi-line records).
   */
  public record Counted(long records, boolean quotedNewlines) {}

  /**
   * The file's records by its object's format; empty for formats not counted apart (Wind exports,
   * Parquet, generic XML, spreadsheet exports with a preamble above the header) and for documents,
   * which {@code document.DocumentCount} counts.
   */
  public static Optional<Counted> of(ObjectSpec object, Path file) throws IOException {
    Charset cs = Charset.forName(object.encoding());
    return switch (object.format()) {
      case CSV, TSV ->
          object.options(FormatOptions.Delimited.class).headerSearchRows() > 1
              ? Optional.empty()
              : Optional.of(delimited(file, cs));
      case JSONL -> Optional.of(new Counted(jsonLines(file, cs), false));
      case JSON -> Optional.of(new Counted(jsonDocument(file, cs), false));
      case EPCIS -> epcis(file, cs).map(n -> new Counted(n, false));
      default -> Optional.empty();
    };
  }

  /**
   * Records of delimited text with a header row: lines holding more than white space, a line break
   * inside a double-quoted field not ending one, less the header.
   */
  public static Counted delimited(Path file, Charset cs) throws IOException {
    long lines = 0;
    boolean quoted = false;
    boolean content = false;
    boolean spans = false;
    try (Reader r = new BufferedReader(Files.newBufferedReader(file, cs), 1 << 16)) {
      char[] buf = new char[1 << 16];
      int n;
      while ((n = r.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          char c = buf[i];
          if (c == '"') {
            quoted = !quoted;
            content = true;
          } else if (c == '\n' || c == '\r') {
            if (quoted) {
              spans = true;
            } else {
              if (content) {
                lines++;
              }
              content = false;
            }
          } else if (c > ' ' && c != '\uFEFF') {
            content = true;
          }
        }
      }
    }
    if (content) {
      lines++;
    }
    return new Counted(Math.max(0, lines - 1), spans);
  }

  /** Lines of a JSON Lines file that hold more than white space. */
  public static long jsonLines(Path file, Charset cs) throws IOException {
    long records = 0;
    try (BufferedReader r = Files.newBufferedReader(file, cs)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.replace("\uFEFF", "").isBlank()) {
          records++;
        }
      }
    }
    return records;
  }

  /** The elements of a JSON document's top-level array, or 1 for a single value. */
  public static long jsonDocument(Path file, Charset cs) throws IOException {
    try (Reader r = Files.newBufferedReader(file, cs);
        JsonParser p = JSON.createParser(r)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return 0;
      }
      if (first != JsonToken.START_ARRAY) {
        return 1;
      }
      long n = 0;
      for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
        n++;
        p.skipChildren();
      }
      return n;
    }
  }

  /**
   * The events of an EPCIS document: the children of its {@code EventList} (1.2's {@code extension}
   * wrappers looked into) in XML, the elements of its {@code eventList} in JSON, or 1 for a bare
   * event; empty when the file is neither XML nor JSON.
   */
  public static Optional<Long> epcis(Path file, Charset cs) throws IOException {
    int first = firstSignificant(file);
    long n = first == '<' ? epcisXml(file) : first == '{' ? epcisJson(file, cs) : -1;
    // -1: not well-formed, which the reader rejects whole; there is nothing to compare then
    return n < 0 ? Optional.empty() : Optional.of(n);
  }

  private static int firstSignificant(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      int b;
      while ((b = in.read()) >= 0) {
        // white space and a UTF-8 byte-order mark
        if (b > ' ' && b != 0xEF && b != 0xBB && b != 0xBF) {
          return b;
        }
      }
    }
    return -1;
  }

  private static long epcisXml(Path file) throws IOException {
    Deque<String> path = new ArrayDeque<>();
    long events = 0;
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader x = SecureXml.newFactory().createXMLStreamReader(in);
      try {
        while (x.hasNext()) {
          int e = x.next();
          if (e == XMLStreamConstants.START_ELEMENT) {
            String name = x.getLocalName();
            if (path.isEmpty() && name.endsWith("Event")) {
              events++; // a bare event
            } else if (!name.equals("extension") && inEventList(path)) {
              events++;
            }
            path.push(name);
          } else if (e == XMLStreamConstants.END_ELEMENT) {
            path.pop();
          }
        }
      } finally {
        x.close();
      }
    } catch (XMLStreamException e) {
      // not well-formed: the reader rejects the file whole, and the count is not compared
      return -1;
    }
    return events;
  }

  /** The innermost element is an EventList, or extensions directly inside one. */
  private static boolean inEventList(Deque<String> path) {
    for (String ancestor : path) { // innermost first
      if (!ancestor.equals("extension")) {
        return ancestor.equals("EventList");
      }
    }
    return false;
  }

  private static long epcisJson(Path file, Charset cs) throws IOException {
    try (Reader r = Files.newBufferedReader(file, cs);
        JsonParser p = JSON.createParser(r)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return -1;
      }
      boolean bareEvent = false;
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("epcisBody")) {
          long n = eventList(p);
          if (n >= 0) {
            return n;
          }
        } else {
          bareEvent |= field.equals("eventTime");
          p.skipChildren();
        }
      }
      return bareEvent ? 1 : 0;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return -1;
    }
  }

  /** Within an object: the size of the first {@code eventList} array found, else -1. */
  private static long eventList(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return -1;
    }
    long found = -1;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (found < 0 && field.equals("eventList") && value == JsonToken.START_ARRAY) {
        long n = 0;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          n++;
          p.skipChildren();
        }
        found = n;
      } else if (found < 0 && value == JsonToken.START_OBJECT) {
        found = eventList(p);
      } else {
        p.skipChildren();
      }
    }
    return found;
  }
}
