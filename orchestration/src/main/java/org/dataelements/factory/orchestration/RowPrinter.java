package org.dataelements.factory.orchestration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * Prints rows to stdout as an aligned table, RFC 4180 CSV with a header row (even with no rows), or
 * JSON Lines (one object per row, nulls kept).
 */
public final class RowPrinter {
  /** The output formats of data commands. */
  public enum Format {
    TABLE,
    CSV,
    JSON;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private static final int MAX_CELL = 80;

  private RowPrinter() {}

  public static void print(StructType schema, List<Row> rows, Format format, PrintStream out) {
    switch (format) {
      case CSV -> printCsv(schema, rows, out);
      case JSON -> printJson(schema, rows, out);
      case TABLE -> printTable(schema, rows, out);
    }
    out.flush();
  }

  private static void printCsv(StructType schema, List<Row> rows, PrintStream out) {
    List<String> header = new ArrayList<>();
    for (StructField f : schema.fields()) {
      header.add(csvCell(f.name()));
    }
    out.print(String.join(",", header) + "\r\n");
    for (Row r : rows) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < schema.fields().length; i++) {
        cells.add(r.isNullAt(i) ? "" : csvCell(text(r.get(i))));
      }
      out.print(String.join(",", cells) + "\r\n");
    }
  }

  static String csvCell(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private static void printJson(StructType schema, List<Row> rows, PrintStream out) {
    for (Row r : rows) {
      try {
        out.println(JSON.writeValueAsString(toJava(r, schema)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write a row as JSON", e);
      }
    }
  }

  private static Map<String, Object> toJava(Row r, StructType schema) {
    Map<String, Object> m = new LinkedHashMap<>();
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      m.put(fields[i].name(), r.isNullAt(i) ? null : jsonValue(r.get(i), fields[i].dataType()));
    }
    return m;
  }

  private static Object jsonValue(Object v, org.apache.spark.sql.types.DataType type) {
    if (v instanceof Row row && type instanceof StructType st) {
      return toJava(row, st);
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      var elementType =
          type instanceof org.apache.spark.sql.types.ArrayType at ? at.elementType() : type;
      List<Object> list = new ArrayList<>();
      for (Object o : JavaConverters.seqAsJavaList(seq)) {
        list.add(o == null ? null : jsonValue(o, elementType));
      }
      return list;
    }
    if (v instanceof scala.collection.Map<?, ?> map) {
      var valueType = type instanceof org.apache.spark.sql.types.MapType mt ? mt.valueType() : type;
      Map<String, Object> out = new LinkedHashMap<>();
      JavaConverters.mapAsJavaMap(map)
          .forEach(
              (k, x) -> out.put(String.valueOf(k), x == null ? null : jsonValue(x, valueType)));
      return out;
    }
    if (v instanceof Timestamp
        || v instanceof Date
        || v instanceof Instant
        || v instanceof LocalDate) {
      return text(v);
    }
    if (v instanceof byte[] b) {
      return java.util.Base64.getEncoder().encodeToString(b);
    }
    return v;
  }

  /** A cell as text: timestamps in UTC ISO-8601, dates ISO, arrays as [a, b]. */
  static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof Double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      List<String> parts = new ArrayList<>();
      for (Object o : JavaConverters.seqAsJavaList(seq)) {
        parts.add(o == null ? "null" : text(o));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof scala.collection.Map<?, ?> map) {
      List<String> parts = new ArrayList<>();
      JavaConverters.mapAsJavaMap(map).forEach((k, x) -> parts.add(k + ": " + text(x)));
      return "{" + String.join(", ", parts) + "}";
    }
    if (v instanceof Row r) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        parts.add(text(r.get(i)));
      }
      return "(" + String.join(", ", parts) + ")";
    }
    return v.toString();
  }

  private static void printTable(StructType schema, List<Row> rows, PrintStream out) {
    int n = schema.fields().length;
    int[] width = new int[n];
    List<String[]> cells = new ArrayList<>();
    String[] head = new String[n];
    for (int i = 0; i < n; i++) {
      head[i] = schema.fields()[i].name();
      width[i] = head[i].length();
    }
    for (Row r : rows) {
      String[] line = new String[n];
      for (int i = 0; i < n; i++) {
        String s = r.isNullAt(i) ? "NULL" : text(r.get(i)).replace('\n', ' ');
        if (s.length() > MAX_CELL) {
          s = s.substring(0, MAX_CELL - 1) + "…";
        }
        line[i] = s;
        width[i] = Math.max(width[i], s.length());
      }
      cells.add(line);
    }
    StringBuilder sep = new StringBuilder("+");
    for (int w : width) {
      sep.append("-".repeat(w + 2)).append('+');
    }
    out.println(sep);
    out.println(tableLine(head, width));
    out.println(sep);
    for (String[] line : cells) {
      out.println(tableLine(line, width));
    }
    out.println(sep);
    out.println(rows.size() + (rows.size() == 1 ? " row" : " rows"));
  }

  private static String tableLine(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      sb.append(' ')
          .append(String.format(Locale.ROOT, "%-" + width[i] + "s", cells[i]))
          .append(" |");
    }
    return sb.toString();
  }
}
