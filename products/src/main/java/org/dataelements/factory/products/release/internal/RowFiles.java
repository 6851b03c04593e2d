package org.dataelements.factory.products.release.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writers of rows as text files whose bytes depend on the rows alone (no part names, UUIDs or
 * times): JSON Lines (one object per line, fields in schema order, map keys sorted) and RFC 4180
 * CSV (a header row, CRLF line ends, nested values as compact JSON). Timestamps are ISO-8601 UTC
 * instants, dates ISO dates, binary values base64.
 */
public final class RowFiles {
  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .rootValueSeparator((String) null)
          .build();

  private RowFiles() {}

  /** A sink of rows into one file. */
  public interface Sink extends Closeable {
    void write(Row row);

    @Override
    void close();
  }

  /** JSON Lines into {@code out} (which the caller closes). */
  public static Sink jsonLines(OutputStream out, StructType schema) {
    try {
      JsonGenerator g = JSON.createGenerator(out);
      return new Sink() {
        @Override
        public void write(Row row) {
          try {
            writeStruct(g, row, schema);
            g.writeRaw('\n');
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public void close() {
          try {
            g.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RFC 4180 CSV with a header row into {@code out} (which the caller closes). */
  public static Sink csv(OutputStream out, StructType schema) {
    Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
    StructField[] fields = schema.fields();
    try {
      List<String> header = new ArrayList<>();
      for (StructField f : fields) {
        header.add(csvCell(f.name()));
      }
      w.write(String.join(",", header));
      w.write("\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Sink() {
      private final StringBuilder line = new StringBuilder();

      @Override
      public void write(Row row) {
        line.setLength(0);
        for (int i = 0; i < fields.length; i++) {
          if (i > 0) {
            line.append(',');
          }
          if (!row.isNullAt(i)) {
            line.append(csvCell(text(row.get(i), fields[i].dataType())));
          }
        }
        line.append("\r\n");
        try {
          w.append(line);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void close() {
        try {
          w.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  /** A CSV field, quoted when it holds a comma, quote, CR or LF (RFC 4180). */
  static String csvCell(String s) {
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** A non-null value as one CSV field's text; nested values as compact JSON. */
  private static String text(Object v, DataType type) {
    if (type instanceof ArrayType || type instanceof MapType || type instanceof StructType) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try (JsonGenerator g = JSON.createGenerator(b)) {
        writeValue(g, v, type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return b.toString(StandardCharsets.UTF_8);
    }
    return scalar(v);
  }

  private static String scalar(Object v) {
    if (v instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    return v.toString();
  }

  private static void writeStruct(JsonGenerator g, Row row, StructType schema) throws IOException {
    StructField[] fields = schema.fields();
    g.writeStartObject();
    for (int i = 0; i < fields.length; i++) {
      g.writeFieldName(fields[i].name());
      if (row.isNullAt(i)) {
        g.writeNull();
      } else {
        writeValue(g, row.get(i), fields[i].dataType());
      }
    }
    g.writeEndObject();
  }

  private static void writeValue(JsonGenerator g, Object v, DataType type) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (type instanceof StructType st) {
      writeStruct(g, (Row) v, st);
    } else if (type instanceof ArrayType at) {
      g.writeStartArray();
      for (Object o : ScalaCollections.elements(v)) {
        writeValue(g, o, at.elementType());
      }
      g.writeEndArray();
    } else if (type instanceof MapType mt) {
      // keys sorted by their text, so equal maps give equal bytes whatever their internal order
      Map<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<Object, Object> e : ScalaCollections.entries(v)) {
        sorted.put(text(e.getKey(), mt.keyType()), e.getValue());
      }
      g.writeStartObject();
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        g.writeFieldName(e.getKey());
        writeValue(g, e.getValue(), mt.valueType());
      }
      g.writeEndObject();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).intValue());
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else {
      g.writeString(scalar(v));
    }
  }
}
