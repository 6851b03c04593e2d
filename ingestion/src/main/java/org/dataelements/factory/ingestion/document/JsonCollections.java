package org.dataelements.factory.ingestion.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dataelements.factory.ingestion.internal.JsonProblems;

/**
 * JSON collections of texts. A document is an innermost object that has a text field (one of {@code
 * text_fields}) holding a string or an array of strings (joined with newlines); an object with such
 * objects below it is a container, and its scalar fields are the documents' inherited context.
 * Title and author come from the first present {@code title_fields}/{@code author_fields}; the
 * element's other fields and the context go to metadata.
 */
final class JsonCollections {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private JsonCollections() {}

  private record Element(String path, JsonNode node, Map<String, Object> context) {}

  static Extraction extract(String json, String shownPath, DocumentOptions options) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return Extraction.rejected(MediaTypes.JSON, shownPath + ": " + JsonProblems.notValid(e));
    }
    List<Element> elements = new ArrayList<>();
    if (root != null) {
      walk(root, "$", Map.of(), options.textFields(), elements);
    }
    if (elements.isEmpty()) {
      return Extraction.rejected(
          MediaTypes.JSON,
          shownPath
              + ": no text element: no object holds a string or array of strings in any of text_fields "
              + options.textFields()
              + "; set option text_fields to the field that holds the text");
    }
    Extraction.Builder out = new Extraction.Builder(MediaTypes.JSON);
    for (Element e : elements) {
      String textField = textField(e.node(), options.textFields()).orElseThrow();
      Optional<String> titleField = firstText(e.node(), options.titleFields());
      Optional<String> authorField = firstText(e.node(), options.authorFields());
      Map<String, Object> meta = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = e.node().fields(); it.hasNext(); ) {
        var f = it.next();
        String k = f.getKey();
        if (k.equals(textField)
            || titleField.map(k::equals).orElse(false)
            || authorField.map(k::equals).orElse(false)
            || f.getValue().isNull()) {
          continue;
        }
        meta.put(k, MAPPER.convertValue(f.getValue(), Object.class));
      }
      if (!e.context().isEmpty()) {
        meta.put("context", e.context());
      }
      out.add(
          e.path(),
          titleField.map(f -> joined(e.node().get(f), ", ")),
          authorField.map(f -> joined(e.node().get(f), ", ")),
          joined(e.node().get(textField), "\n"),
          meta,
          Optional.of(e.node().toString()),
          "the element's " + textField + " is blank");
    }
    return out.build();
  }

  /** Adds the document elements at or under a node; true when it found any. */
  private static boolean walk(
      JsonNode node,
      String path,
      Map<String, Object> context,
      List<String> textFields,
      List<Element> out) {
    if (node.isArray()) {
      boolean found = false;
      for (int i = 0; i < node.size(); i++) {
        found |= walk(node.get(i), path + "[" + i + "]", context, textFields, out);
      }
      return found;
    }
    if (!node.isObject()) {
      return false;
    }
    Map<String, Object> inner = new LinkedHashMap<>(context);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var f = it.next();
      if (isScalarOrScalars(f.getValue()) && !f.getValue().isNull()) {
        inner.put(f.getKey(), MAPPER.convertValue(f.getValue(), Object.class));
      }
    }
    boolean found = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var f = it.next();
      if (f.getValue().isContainerNode() && !isScalarOrScalars(f.getValue())) {
        found |= walk(f.getValue(), path + key(f.getKey()), inner, textFields, out);
      }
    }
    if (found) {
      return true;
    }
    if (textField(node, textFields).isPresent()) {
      out.add(new Element(path, node, context));
      return true;
    }
    return false;
  }

  /** The first text field holding a string or an array of strings (nulls allowed). */
  private static Optional<String> textField(JsonNode node, List<String> textFields) {
    for (String f : textFields) {
      JsonNode v = node.get(f);
      if (v != null && (v.isTextual() || (v.isArray() && allTextOrNull(v)))) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> firstText(JsonNode node, List<String> fields) {
    for (String f : fields) {
      JsonNode v = node.get(f);
      if (v != null && (v.isTextual() || (v.isArray() && v.size() > 0 && allTextOrNull(v)))) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private static boolean allTextOrNull(JsonNode array) {
    for (JsonNode x : array) {
      if (!x.isTextual() && !x.isNull()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isScalarOrScalars(JsonNode v) {
    if (v.isValueNode()) {
      return true;
    }
    if (!v.isArray()) {
      return false;
    }
    for (JsonNode x : v) {
      if (!x.isValueNode()) {
        return false;
      }
    }
    return true;
  }

  private static String joined(JsonNode v, String separator) {
    if (v.isTextual()) {
      return v.textValue();
    }
    List<String> parts = new ArrayList<>();
    v.forEach(
        x -> {
          if (x.isTextual()) {
            parts.add(x.textValue());
          }
        });
    return String.join(separator, parts);
  }

  private static String key(String name) {
    return PLAIN_KEY.matcher(name).matches()
        ? "." + name
        : "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }
}
