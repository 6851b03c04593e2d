package org.dataelements.factory.ingestion.document;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.ingestion.internal.Globs;

/** The options of a {@code document} object, with their defaults, checked once per object. */
record DocumentOptions(
    String encoding,
    List<String> textFields,
    List<String> titleFields,
    List<String> authorFields,
    Optional<String> recordSeparator,
    Optional<String> licence,
    List<String> excludeNames) {

  static final String TEXT_FIELDS = "text_fields";
  static final String TITLE_FIELDS = "title_fields";
  static final String AUTHOR_FIELDS = "author_fields";
  static final String RECORD_SEPARATOR = "record_separator";
  static final String LICENCE = "licence";
  static final String EXCLUDE_NAMES = "exclude_names";
  static final Set<String> KNOWN =
      Set.of(TEXT_FIELDS, TITLE_FIELDS, AUTHOR_FIELDS, RECORD_SEPARATOR, LICENCE, EXCLUDE_NAMES);

  static final List<String> DEFAULT_TEXT_FIELDS = List.of("paragraphs", "content", "text", "body", "abstract");
  static final List<String> DEFAULT_TITLE_FIELDS = List.of("title", "chapter");
  static final List<String> DEFAULT_AUTHOR_FIELDS = List.of("author");
  /** Licence, notice and read-me files that sit beside a collection but are not documents. */
  static final List<String> DEFAULT_EXCLUDE_NAMES =
      List.of("LICENSE*", "LICENCE*", "COPYING*", "copyright", "NOTICE*", "README*");

  DocumentOptions {
    requireNonNull(encoding, "encoding is null");
    textFields = List.copyOf(textFields);
    titleFields = List.copyOf(titleFields);
    authorFields = List.copyOf(authorFields);
    requireNonNull(recordSeparator, "recordSeparator is null");
    requireNonNull(licence, "licence is null");
    excludeNames = List.copyOf(excludeNames);
  }

  /** Defaults for everything, the given encoding and licence (for tests and plain objects). */
  static DocumentOptions defaults(String encoding, Optional<String> licence) {
    return new DocumentOptions(
        encoding,
        DEFAULT_TEXT_FIELDS,
        DEFAULT_TITLE_FIELDS,
        DEFAULT_AUTHOR_FIELDS,
        Optional.empty(),
        licence,
        DEFAULT_EXCLUDE_NAMES);
  }

  /**
   * The object's options over the defaults; the object's {@code licence} option overrides the
   * source's licence.
   *
   * @throws org.dataelements.factory.core.InvalidSpecException for an unknown option or an empty
   *     field list or separator
   */
  static DocumentOptions of(ObjectSpec object, Optional<String> sourceLicence) {
    Map<String, String> o = object.options();
    for (var e : o.entrySet()) {
      if (!KNOWN.contains(e.getKey())) {
        throw CoreErrors.badOption(
            e.getKey() + " of object " + object.name(),
            e.getValue(),
            "a document option, one of " + new TreeSet<>(KNOWN));
      }
    }
    Optional<String> separator = Optional.ofNullable(o.get(RECORD_SEPARATOR));
    if (separator.isPresent() && separator.get().isBlank()) {
      throw CoreErrors.badOption(
          RECORD_SEPARATOR + " of object " + object.name(),
          separator.get(),
          "the text of the line that separates records, e.g. %");
    }
    Optional<String> licence =
        Optional.ofNullable(o.get(LICENCE)).filter(s -> !s.isBlank()).or(() -> sourceLicence);
    return new DocumentOptions(
        object.encoding(),
        fields(object, TEXT_FIELDS, DEFAULT_TEXT_FIELDS),
        fields(object, TITLE_FIELDS, DEFAULT_TITLE_FIELDS),
        fields(object, AUTHOR_FIELDS, DEFAULT_AUTHOR_FIELDS),
        separator,
        licence,
        o.containsKey(EXCLUDE_NAMES) ? list(o.get(EXCLUDE_NAMES)) : DEFAULT_EXCLUDE_NAMES);
  }

  DocumentOptions withRecordSeparator(String separator) {
    return new DocumentOptions(
        encoding, textFields, titleFields, authorFields, Optional.of(separator), licence, excludeNames);
  }

  DocumentOptions withTextFields(List<String> fields) {
    return new DocumentOptions(
        encoding, fields, titleFields, authorFields, recordSeparator, licence, excludeNames);
  }

  /** The exclude_names glob that a file's name (its last path segment) matches, if any. */
  Optional<String> excludedBy(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    for (String glob : excludeNames) {
      Pattern p = Globs.compile(glob.toLowerCase(Locale.ROOT));
      if (p.matcher(name).matches()) {
        return Optional.of(glob);
      }
    }
    return Optional.empty();
  }

  private static List<String> fields(ObjectSpec object, String option, List<String> defaults) {
    String v = object.options().get(option);
    if (v == null) {
      return defaults;
    }
    List<String> fields = list(v);
    if (fields.isEmpty()) {
      throw CoreErrors.badOption(
          option + " of object " + object.name(), v, "a comma-separated list of JSON field names");
    }
    return fields;
  }

  private static List<String> list(String v) {
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
