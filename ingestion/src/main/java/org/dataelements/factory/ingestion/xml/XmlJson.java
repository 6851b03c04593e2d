package org.dataelements.factory.ingestion.xml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A faithful JSON rendering of XML elements, used wherever XML structure must be kept as text: an
 * element without attributes or children becomes its text; otherwise an object whose attributes are
 * keys {@code "@name"}, whose child elements are keys by qualified name ({@code prefix:local}, as
 * written), a repeated child becoming an array in document order, and whose non-blank text is key
 * {@code "#text"}.
 */
public final class XmlJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private XmlJson() {}

  /** The element's value: its text when it is a leaf, else {@link #object}. */
  public static JsonNode value(XmlNode n) {
    return n.isLeaf() ? JSON.textNode(n.text()) : object(n);
  }

  /** The element as an object (attributes, children, text), whatever its shape. */
  public static ObjectNode object(XmlNode n) {
    ObjectNode o = JSON.objectNode();
    for (XmlNode.Attribute a : n.attributes()) {
      o.put("@" + a.qualifiedName(), a.value());
    }
    Map<String, List<XmlNode>> byName = new LinkedHashMap<>();
    for (XmlNode c : n.children()) {
      byName.computeIfAbsent(c.qualifiedName(), k -> new java.util.ArrayList<>()).add(c);
    }
    for (var e : byName.entrySet()) {
      if (e.getValue().size() == 1) {
        o.set(e.getKey(), value(e.getValue().get(0)));
      } else {
        ArrayNode arr = o.putArray(e.getKey());
        e.getValue().forEach(c -> arr.add(value(c)));
      }
    }
    if (!n.text().isBlank() && (!n.children().isEmpty() || !n.attributes().isEmpty())) {
      o.put("#text", n.text().strip());
    } else if (n.isLeaf()) {
      o.put("#text", n.text());
    }
    return o;
  }
}
