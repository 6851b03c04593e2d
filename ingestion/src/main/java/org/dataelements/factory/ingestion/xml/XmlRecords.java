package org.dataelements.factory.ingestion.xml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.dataelements.factory.ingestion.internal.LandingFile;

/**
 * Turns XML files into flat records (pure Java, no Spark). A record element gives one record: its
 * attributes become columns {@code attr_<name>}; a child element that is always a single leaf (text
 * only, no attributes) becomes a column named by its local name holding the text as delivered; a
 * child that anywhere in the batch has children or attributes becomes a column of its JSON
 * rendering ({@link XmlJson}), and one that anywhere repeats within a record becomes a column of
 * the JSON array of its renderings, so that nothing is lost and a column has one form. Text
 * directly in the record element is column {@value #TEXT}. Columns are the union over the batch
 * (missing values are null), in the order first seen. A source name that clashes with a column the
 * landing adds gets the prefix {@code src_}.
 */
final class XmlRecords {
  static final String RECORD_NUMBER = "record_number";
  static final String TEXT = "record_text";
  static final String ATTRIBUTE_PREFIX = "attr_";
  private static final Set<String> RESERVED =
      Set.of(
          RECORD_NUMBER,
          BronzeColumns.SOURCE_FILE,
          BronzeColumns.SOURCE_CHECKSUM,
          BronzeColumns.RESCUED_DATA,
          BronzeColumns.INGESTED_AT,
          BronzeColumns.BATCH_ID);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private XmlRecords() {}

  /** The record elements of one file, or why the file is rejected. */
  record FileRecords(Optional<String> problem, List<XmlNode> records) {
    FileRecords {
      records = List.copyOf(records);
    }

    static FileRecords problem(String p) {
      return new FileRecords(Optional.of(p), List.of());
    }
  }

  /** How a column holds its values. */
  enum Kind {
    TEXT,
    JSON,
    JSON_ARRAY
  }

  /** A column: its name in bronze, how it holds values, and the source name it comes from. */
  record Column(String name, Kind kind, String source) {}

  /** True when an element's name matches a declared name (qualified if it has a prefix). */
  static boolean matches(String declared, String qualifiedName, String localName) {
    return declared.contains(":") ? declared.equals(qualifiedName) : declared.equals(localName);
  }

  /** Parses one file and selects its records. */
  static FileRecords read(LandingFile f, FormatOptions.Xml options, String encoding)
      throws IOException {
    if (f.sizeBytes() == 0) {
      return FileRecords.problem("the file is empty (0 bytes)");
    }
    Optional<String> declared =
        encoding.equalsIgnoreCase(StandardCharsets.UTF_8.name())
            ? Optional.empty()
            : Optional.of(encoding);
    SecureXml.Parsed parsed = SecureXml.parse(f.absolute(), f.path(), declared);
    if (parsed.problem().isPresent()) {
      return FileRecords.problem(parsed.problem().get());
    }
    XmlNode root = parsed.root().orElseThrow();
    if (options.root().isPresent()
        && !matches(options.root().get(), root.qualifiedName(), root.localName())) {
      return FileRecords.problem(
          "the root element is <"
              + root.qualifiedName()
              + ">, not the declared root <"
              + options.root().get()
              + ">; fix option root or land this file under another object");
    }
    if (options.recordPath().isEmpty()) {
      return new FileRecords(Optional.empty(), root.children());
    }
    List<String> path = options.recordPath();
    if (!matches(path.get(0), root.qualifiedName(), root.localName())) {
      return FileRecords.problem(
          "the root element is <"
              + root.qualifiedName()
              + ">, but record_path '/"
              + String.join("/", path)
              + "' starts at <"
              + path.get(0)
              + ">");
    }
    List<XmlNode> level = List.of(root);
    for (String step : path.subList(1, path.size())) {
      List<XmlNode> next = new ArrayList<>();
      for (XmlNode n : level) {
        n.children().stream()
            .filter(c -> matches(step, c.qualifiedName(), c.localName()))
            .forEach(next::add);
      }
      level = next;
    }
    if (level.isEmpty()) {
      String seen =
          root.children().stream()
              .map(XmlNode::qualifiedName)
              .distinct()
              .limit(8)
              .map(s -> "<" + s + ">")
              .collect(Collectors.joining(", "));
      return FileRecords.problem(
          "no element at record_path '/"
              + String.join("/", path)
              + "'; the root <"
              + root.qualifiedName()
              + "> holds "
              + (seen.isEmpty() ? "no elements" : seen));
    }
    return new FileRecords(Optional.empty(), level);
  }

  /** The columns that a batch of records needs, in the order first seen. */
  static List<Column> columns(List<XmlNode> records) {
    Map<String, Column> cols = new LinkedHashMap<>();
    for (XmlNode r : records) {
      for (XmlNode.Attribute a : r.attributes()) {
        widen(cols, name(ATTRIBUTE_PREFIX + a.localName()), Kind.TEXT, "@" + a.qualifiedName());
      }
      if (!r.text().isBlank()) {
        widen(cols, TEXT, Kind.TEXT, "text()");
      }
      Map<String, List<XmlNode>> byName = byName(r);
      for (var e : byName.entrySet()) {
        List<XmlNode> same = e.getValue();
        Kind k = same.size() > 1 ? Kind.JSON_ARRAY : same.get(0).isLeaf() ? Kind.TEXT : Kind.JSON;
        widen(cols, e.getKey(), k, same.get(0).localName());
      }
    }
    return List.copyOf(cols.values());
  }

  /** One record's values for the columns (null where the record lacks a column). */
  static List<String> values(XmlNode record, List<Column> columns) {
    Map<String, List<XmlNode>> byName = byName(record);
    Map<String, String> attrs = new LinkedHashMap<>();
    record
        .attributes()
        .forEach(a -> attrs.putIfAbsent(name(ATTRIBUTE_PREFIX + a.localName()), a.value()));
    List<String> out = new ArrayList<>(columns.size());
    for (Column c : columns) {
      if (attrs.containsKey(c.name())) {
        out.add(attrs.get(c.name()));
      } else if (c.name().equals(TEXT) && c.source().equals("text()")) {
        out.add(record.text().isBlank() ? null : record.text());
      } else {
        out.add(render(byName.get(c.name()), c.kind()));
      }
    }
    return out;
  }

  private static String render(List<XmlNode> same, Kind kind) {
    if (same == null) {
      return null;
    }
    return switch (kind) {
      case TEXT -> same.get(0).text();
      case JSON -> json(XmlJson.value(same.get(0)));
      case JSON_ARRAY -> {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        same.forEach(n -> arr.add(XmlJson.value(n)));
        yield json(arr);
      }
    };
  }

  private static Map<String, List<XmlNode>> byName(XmlNode record) {
    Map<String, List<XmlNode>> byName = new LinkedHashMap<>();
    for (XmlNode c : record.children()) {
      byName.computeIfAbsent(name(c.localName()), k -> new ArrayList<>()).add(c);
    }
    return byName;
  }

  private static void widen(Map<String, Column> cols, String name, Kind kind, String source) {
    Column old = cols.get(name);
    if (old == null || old.kind().ordinal() < kind.ordinal()) {
      cols.put(name, new Column(name, kind, old == null ? source : old.source()));
    }
  }

  /**
   * The bronze column name of a source name: Delta-safe, and clear of the landing's own columns.
   */
  static String name(String source) {
    String safe = BronzeColumns.safeName(source);
    return RESERVED.contains(safe) ? "src_" + safe : safe;
  }

  static String json(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
