package org.dataelements.factory.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the raw {@code options} map of one object into its format's {@link FormatOptions} record,
 * collecting every problem (unknown key, bad value) as a message that starts with {@code
 * options.<key>}, names the value and says what is expected.
 */
final class OptionReader {
  private final SourceFormat format;
  private final Map<String, String> raw;
  private final List<String> problems = new ArrayList<>();

  private OptionReader(SourceFormat format, Map<String, String> raw, List<String> known) {
    this.format = format;
    this.raw = raw;
    for (var e : new TreeMap<>(raw).entrySet()) {
      if (!known.contains(e.getKey())) {
        problems.add(
            known.isEmpty()
                ? field(e.getKey(), e.getValue())
                    + " is not valid; format "
                    + format.label()
                    + " takes no options; remove the key"
                : field(e.getKey(), e.getValue())
                    + " is not valid; expected "
                    + article(format)
                    + " "
                    + format.label()
                    + " option, one of "
                    + String.join(", ", known.stream().sorted().toList())
                    + "; fix the spelling or remove the key");
      } else if (CLIMBS.matcher(e.getValue()).find()) {
        // no option may name a place above the landing root (or any other root it is read from)
        problems.add(
            field(e.getKey(), e.getValue())
                + " is refused: a '..' path segment could reach outside the landing root;"
                + " name paths from the root down");
      }
    }
  }

  private static final java.util.regex.Pattern CLIMBS =
      java.util.regex.Pattern.compile("(^|[/\\\\:=])\\.\\.([/\\\\]|$)");

  /**
   * The object's options as its format's record.
   *
   * @throws FieldProblems listing every problem, each starting with {@code options.<key>}
   */
  static FormatOptions read(SourceFormat format, Map<String, String> raw) {
    return switch (format) {
      case CSV, TSV ->
          FormatOptions.Delimited.read(new OptionReader(format, raw, FormatOptions.Delimited.KEYS));
      case XML -> FormatOptions.Xml.read(new OptionReader(format, raw, FormatOptions.Xml.KEYS));
      case EPCIS ->
          FormatOptions.Epcis.read(new OptionReader(format, raw, FormatOptions.Epcis.KEYS));
      case DOCUMENT ->
          FormatOptions.Document.read(new OptionReader(format, raw, FormatOptions.Document.KEYS));
      case JDBC -> FormatOptions.Jdbc.read(new OptionReader(format, raw, FormatOptions.Jdbc.KEYS));
      case WIND_WIDE, JSON, JSONL, PARQUET ->
          new OptionReader(format, raw, List.of()).done(FormatOptions.None::new);
    };
  }

  SourceFormat format() {
    return format;
  }

  Optional<String> get(String key) {
    return Optional.ofNullable(raw.get(key));
  }

  /** A whole number {@code >= min}, or the default when the key is absent. */
  int wholeNumber(String key, int dflt, int min, String what) {
    String v = raw.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(field(key, v) + " must be a whole number" + what + ", " + min + " or more");
    return dflt;
  }

  /** A comma-separated list (blank entries dropped), or the default when the key is absent. */
  List<String> list(String key, List<String> dflt, boolean mayBeEmpty, String expected) {
    String v = raw.get(key);
    if (v == null) {
      return dflt;
    }
    List<String> items =
        Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (items.isEmpty() && !mayBeEmpty) {
      invalid(key, v, expected);
      return dflt;
    }
    return items;
  }

  /** Records that {@code options.<key> '<value>'} is not valid and what is expected instead. */
  void invalid(String key, String value, String expected) {
    problems.add(field(key, value) + " is not valid; expected " + expected);
  }

  /** Records a problem phrased in full after {@code options.<key>}. */
  void problem(String key, String text) {
    problems.add("options." + key + " " + text);
  }

  /**
   * The options, built once every key was read without a problem.
   *
   * @throws FieldProblems listing every problem found
   */
  <T extends FormatOptions> T done(java.util.function.Supplier<T> options) {
    if (!problems.isEmpty()) {
      throw new FieldProblems(problems);
    }
    return options.get();
  }

  private static String field(String key, String value) {
    return "options." + key + " '" + Redaction.of(value) + "'";
  }

  private static String article(SourceFormat f) {
    return "aeiox".indexOf(f.label().charAt(0)) >= 0 ? "an" : "a";
  }
}
