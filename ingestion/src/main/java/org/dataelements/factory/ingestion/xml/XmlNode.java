package org.dataelements.factory.ingestion.xml;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One element of a parsed XML document: its namespace, prefix and local name, attributes, child
 * elements, the text directly inside it (as delivered, whitespace included), the namespaces it
 * declares, and where it starts in the file.
 */
public record XmlNode(
    String namespace,
    String prefix,
    String localName,
    List<Attribute> attributes,
    List<XmlNode> children,
    String text,
    Map<String, String> declaredNamespaces,
    int line,
    int column) {

  public XmlNode {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(prefix, "prefix is null");
    requireNonNull(localName, "localName is null");
    requireNonNull(text, "text is null");
    attributes = List.copyOf(attributes);
    children = List.copyOf(children);
    declaredNamespaces = Map.copyOf(declaredNamespaces);
  }

  /** An attribute; namespace and prefix are empty for an unqualified one. */
  public record Attribute(String namespace, String prefix, String localName, String value) {
    public Attribute {
      requireNonNull(namespace, "namespace is null");
      requireNonNull(prefix, "prefix is null");
      requireNonNull(localName, "localName is null");
      requireNonNull(value, "value is null");
    }

    /** The name as written: {@code prefix:local} or {@code local}. */
    public String qualifiedName() {
      return prefix.isEmpty() ? localName : prefix + ":" + localName;
    }
  }

  /** The name as written: {@code prefix:local} or {@code local}. */
  public String qualifiedName() {
    return prefix.isEmpty() ? localName : prefix + ":" + localName;
  }

  /**
   * The name in Clark notation, {@code {namespace}local}, or the local name without a namespace.
   */
  public String clarkName() {
    return namespace.isEmpty() ? localName : "{" + namespace + "}" + localName;
  }

  /** True when the element has no child elements and no attributes. */
  public boolean isLeaf() {
    return children.isEmpty() && attributes.isEmpty();
  }

  /** The first child with this local name (any namespace). */
  public Optional<XmlNode> child(String local) {
    return children.stream().filter(c -> c.localName.equals(local)).findFirst();
  }

  /** The value of the unqualified attribute with this name. */
  public Optional<String> attribute(String local) {
    return attributes.stream()
        .filter(a -> a.namespace().isEmpty() && a.localName().equals(local))
        .map(Attribute::value)
        .findFirst();
  }

  /** The text, trimmed (XML Schema's whitespace collapse for URIs, codes and dates). */
  public String trimmedText() {
    return text.strip();
  }

  /** A copy without the children of these local names. */
  public XmlNode without(String... locals) {
    List<String> drop = List.of(locals);
    return new XmlNode(
        namespace,
        prefix,
        localName,
        attributes,
        children.stream().filter(c -> !drop.contains(c.localName)).toList(),
        text,
        declaredNamespaces,
        line,
        column);
  }

  /** "line L, column C", for messages. */
  public String where() {
    return "line " + line + ", column " + column;
  }
}
