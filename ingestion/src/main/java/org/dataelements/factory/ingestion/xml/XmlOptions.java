package org.dataelements.factory.ingestion.xml;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.ObjectSpec;

/**
 * The options of an {@code xml} object: {@code root} (the root element the files must have) and
 * {@code record_path} (a slash path of element names from the root to the record elements, e.g.
 * {@code /catalog/book}; by default the root's children are the records). A name with a prefix
 * ({@code cat:book}) matches the qualified name, one without matches the local name.
 */
record XmlOptions(Optional<String> root, List<String> recordPath) {
  static final String ROOT = "root";
  static final String RECORD_PATH = "record_path";
  private static final Set<String> KNOWN = Set.of(ROOT, RECORD_PATH);

  XmlOptions {
    recordPath = List.copyOf(recordPath);
  }

  /**
   * The object's options.
   *
   * @throws org.dataelements.factory.core.InvalidSpecException for an unknown option, a blank root
   *     or a record path that is not {@code /name/name...}, or one that does not start at the
   *     declared root
   */
  static XmlOptions of(ObjectSpec object) {
    for (var e : object.options().entrySet()) {
      if (!KNOWN.contains(e.getKey())) {
        throw CoreErrors.badOption(
            e.getKey() + " of object " + object.name(),
            e.getValue(),
            "an xml option, one of " + new TreeSet<>(KNOWN));
      }
    }
    Optional<String> root = Optional.ofNullable(object.options().get(ROOT)).map(String::strip);
    if (root.isPresent() && (root.get().isEmpty() || root.get().contains("/"))) {
      throw CoreErrors.badOption(
          ROOT + " of object " + object.name(),
          root.get(),
          "the name of the root element, e.g. catalog");
    }
    String path = object.options().get(RECORD_PATH);
    List<String> segments = List.of();
    if (path != null) {
      String p = path.strip();
      if (!p.matches("(/[^/\\s]+)+")) {
        throw CoreErrors.badOption(
            RECORD_PATH + " of object " + object.name(),
            path,
            "a slash path of element names from the root, e.g. /catalog/book");
      }
      segments = Arrays.asList(p.substring(1).split("/"));
      if (root.isPresent() && !root.get().equals(segments.get(0))) {
        throw CoreErrors.badOption(
            RECORD_PATH + " of object " + object.name(),
            path,
            "a path that starts at the declared root '" + root.get() + "'");
      }
    }
    return new XmlOptions(root, segments);
  }

  /** True when an element's name matches a declared name (qualified if it has a prefix). */
  static boolean matches(String declared, String qualifiedName, String localName) {
    return declared.contains(":") ? declared.equals(qualifiedName) : declared.equals(localName);
  }
}
