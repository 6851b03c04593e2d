package org.dataelements.factory.ingestion.document;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.ingestion.internal.Globs;

/**
 * What the extractors need of a {@code document} object: its encoding, its options (checked when
 * the spec was loaded, see {@link FormatOptions.Document}) and the licence in force, the object's
 * or else the source's.
 */
record DocumentOptions(
    String encoding,
    List<String> textFields,
    List<String> titleFields,
    List<String> authorFields,
    Optional<String> recordSeparator,
    Optional<String> licence,
    List<String> excludeNames) {

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
    return of(encoding, FormatOptions.Document.DEFAULTS, licence);
  }

  /** The object's options; the object's {@code licence} option overrides the source's licence. */
  static DocumentOptions of(ObjectSpec object, Optional<String> sourceLicence) {
    return of(object.encoding(), object.options(FormatOptions.Document.class), sourceLicence);
  }

  private static DocumentOptions of(
      String encoding, FormatOptions.Document o, Optional<String> sourceLicence) {
    return new DocumentOptions(
        encoding,
        o.textFields(),
        o.titleFields(),
        o.authorFields(),
        o.recordSeparator(),
        o.licence().or(() -> sourceLicence),
        o.excludeNames());
  }

  DocumentOptions withRecordSeparator(String separator) {
    return new DocumentOptions(
        encoding,
        textFields,
        titleFields,
        authorFields,
        Optional.of(separator),
        licence,
        excludeNames);
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
}
