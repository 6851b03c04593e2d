package org.dataelements.factory.ingestion.xml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The one place that parses XML. Its StAX factory has DTD support off, external entities off,
 * entity references left unreplaced and no external DTD or schema access; a document whose DOCTYPE
 * has an internal subset ({@code [<!ENTITY ...>]}) or an external identifier ({@code SYSTEM}/{@code
 * PUBLIC}) is refused before its root element is read, so no entity is ever resolved (XXE, entity
 * expansion). A DOCTYPE that only names the root ({@code <!DOCTYPE project>}, as some GS1 examples
 * have) declares and loads nothing, and is allowed. Documents are read whole into {@link XmlNode}s:
 * landing files are small to medium.
 */
public final class SecureXml {
  /** How many bytes {@link #rootElement} reads to find the root element. */
  static final int SNIFF_BYTES = 16 * 1024;

  /** A DOCTYPE without internal subset or external identifier: it declares nothing. */
  private static final Pattern NAME_ONLY_DOCTYPE =
      Pattern.compile("<!DOCTYPE\\s+[^\\s\\[\\]>\"']+\\s*>");

  private SecureXml() {}

  /** A StAX factory that never loads a DTD or resolves an external entity. */
  public static XMLInputFactory newFactory() {
    // The JDK's own implementation, not whichever StAX provider the classpath brings (Spark
    // brings Woodstox), so that the properties below are known to be honoured.
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return f;
  }

  /** A parsed document, or why it could not be parsed. Exactly one of the two is present. */
  public record Parsed(Optional<XmlNode> root, Optional<String> problem) {
    static Parsed problem(String p) {
      return new Parsed(Optional.empty(), Optional.of(p));
    }
  }

  /**
   * Parses a file. The problem names the line and column where the document is not well-formed, or
   * says that it was refused for declaring a DTD. The encoding comes from the XML declaration or
   * byte-order mark unless {@code encoding} is given (for files without a declaration).
   *
   * @param name the file as it should appear in messages (its landing path)
   */
  public static Parsed parse(Path file, String name, Optional<String> encoding) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, name, encoding);
    }
  }

  /** Parses a stream; see {@link #parse(Path, String, Optional)}. */
  public static Parsed parse(InputStream in, String name, Optional<String> encoding) {
    XMLStreamReader r = null;
    try {
      XMLInputFactory f = newFactory();
      r =
          encoding.isPresent()
              ? f.createXMLStreamReader(in, encoding.get())
              : f.createXMLStreamReader(in);
      return read(r, name);
    } catch (XMLStreamException e) {
      return Parsed.problem(notWellFormed(e));
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException e) {
          // closing a reader over a stream we close ourselves cannot lose data
        }
      }
    }
  }

  /** The refusal of a document with a DTD. */
  static String refusal(String name) {
    return name
        + ": refused: the XML declares a DTD / external entity (XXE); DTDs are not loaded and"
        + " entities are not resolved. Deliver the document without its <!DOCTYPE ...>"
        + " declaration.";
  }

  private static Parsed read(XMLStreamReader r, String name) throws XMLStreamException {
    Deque<Builder> open = new ArrayDeque<>();
    XmlNode root = null;
    while (r.hasNext()) {
      int event = r.next();
      switch (event) {
        case XMLStreamConstants.DTD -> {
          if (!NAME_ONLY_DOCTYPE
              .matcher(r.getText() == null ? "" : r.getText().strip())
              .matches()) {
            return Parsed.problem(refusal(name));
          }
        }
        case XMLStreamConstants.ENTITY_DECLARATION,
            XMLStreamConstants.NOTATION_DECLARATION,
            XMLStreamConstants.ENTITY_REFERENCE -> {
          return Parsed.problem(refusal(name));
        }
        case XMLStreamConstants.START_ELEMENT -> open.push(Builder.start(r));
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (!open.isEmpty()) {
            open.peek().text.append(r.getText());
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          XmlNode done = open.pop().build();
          if (open.isEmpty()) {
            root = done;
          } else {
            open.peek().children.add(done);
          }
        }
        default -> {
          // comments, processing instructions, start and end of document carry no data
        }
      }
    }
    if (root == null) {
      return Parsed.problem("the file holds no XML element");
    }
    return new Parsed(Optional.of(root), Optional.empty());
  }

  /** "not well-formed XML at line L, column C: what the parser says". */
  static String notWellFormed(XMLStreamException e) {
    Location at = e.getLocation();
    String msg = e.getMessage() == null ? "" : e.getMessage();
    int i = msg.indexOf("Message: ");
    if (i >= 0) {
      msg = msg.substring(i + "Message: ".length());
    }
    msg = msg.strip();
    if (at == null) {
      return "not well-formed XML: " + msg;
    }
    return "not well-formed XML at line "
        + at.getLineNumber()
        + ", column "
        + at.getColumnNumber()
        + ": "
        + msg;
  }

  /**
   * The qualified name of the root element, read from the first {@value #SNIFF_BYTES} bytes without
   * an XML parser (so a DTD is skipped, never read); empty when the file does not start like XML.
   */
  public static Optional<String> rootElement(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(SNIFF_BYTES);
    }
    return rootElement(head);
  }

  static Optional<String> rootElement(byte[] head) {
    String s;
    if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
      s = new String(head, StandardCharsets.UTF_16BE);
    } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
      s = new String(head, StandardCharsets.UTF_16LE);
    } else {
      s = new String(head, StandardCharsets.UTF_8);
    }
    int i = 0;
    if (s.startsWith("\uFEFF")) {
      i = 1;
    }
    while (true) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= s.length() || s.charAt(i) != '<') {
        return Optional.empty();
      }
      if (s.startsWith("<?", i)) {
        i = after(s, "?>", i);
      } else if (s.startsWith("<!--", i)) {
        i = after(s, "-->", i);
      } else if (s.startsWith("<!DOCTYPE", i)) {
        int close = s.indexOf('>', i);
        int subset = s.indexOf('[', i);
        i = subset >= 0 && (close < 0 || subset < close) ? after(s, "]", subset) : i;
        i = after(s, ">", i);
      } else {
        int start = i + 1;
        int end = start;
        while (end < s.length() && isNameChar(s.charAt(end))) {
          end++;
        }
        if (end == start || end >= s.length()) {
          return Optional.empty();
        }
        return Optional.of(s.substring(start, end));
      }
      if (i < 0) {
        return Optional.empty();
      }
    }
  }

  /** The local part of a qualified name. */
  public static String localPart(String qualifiedName) {
    return qualifiedName.substring(qualifiedName.indexOf(':') + 1);
  }

  private static int after(String s, String token, int from) {
    int at = s.indexOf(token, from);
    return at < 0 ? -1 : at + token.length();
  }

  private static boolean isNameChar(char c) {
    return !Character.isWhitespace(c) && c != '>' && c != '/' && c != '<' && c != '=';
  }

  private static final class Builder {
    private final String namespace;
    private final String prefix;
    private final String local;
    private final List<XmlNode.Attribute> attributes;
    private final Map<String, String> declared;
    private final int line;
    private final int column;
    private final List<XmlNode> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    private Builder(
        String namespace,
        String prefix,
        String local,
        List<XmlNode.Attribute> attributes,
        Map<String, String> declared,
        int line,
        int column) {
      this.namespace = namespace;
      this.prefix = prefix;
      this.local = local;
      this.attributes = attributes;
      this.declared = declared;
      this.line = line;
      this.column = column;
    }

    static Builder start(XMLStreamReader r) {
      List<XmlNode.Attribute> attrs = new ArrayList<>();
      for (int i = 0; i < r.getAttributeCount(); i++) {
        attrs.add(
            new XmlNode.Attribute(
                nz(r.getAttributeNamespace(i)),
                nz(r.getAttributePrefix(i)),
                r.getAttributeLocalName(i),
                r.getAttributeValue(i)));
      }
      Map<String, String> declared = new LinkedHashMap<>();
      for (int i = 0; i < r.getNamespaceCount(); i++) {
        declared.put(nz(r.getNamespacePrefix(i)), nz(r.getNamespaceURI(i)));
      }
      Location at = r.getLocation();
      return new Builder(
          nz(r.getNamespaceURI()),
          nz(r.getPrefix()),
          r.getLocalName(),
          attrs,
          declared,
          at == null ? -1 : at.getLineNumber(),
          at == null ? -1 : at.getColumnNumber());
    }

    XmlNode build() {
      return new XmlNode(
          namespace, prefix, local, attributes, children, text.toString(), declared, line, column);
    }

    private static String nz(String s) {
      return s == null ? "" : s;
    }
  }
}
