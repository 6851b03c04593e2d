package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a source object ({@code options:} in conf/sources/*.yaml), one record per format,
 * checked when the spec is loaded: an unknown key or a bad value is reported with every other spec
 * problem, before any Spark job starts. Objects of formats without options ({@code wind_wide},
 * {@code json}, {@code jsonl}, {@code parquet}) carry {@link None}.
 */
public sealed interface FormatOptions
    permits FormatOptions.Delimited,
        FormatOptions.Xml,
        FormatOptions.Epcis,
        FormatOptions.Document,
        FormatOptions.Jdbc,
        FormatOptions.None {

  /** Whether these options belong to objects of the given format. */
  boolean appliesTo(SourceFormat format);

  /**
   * The options of an object of the format that declares none.
   *
   * @throws InvalidSpecException for {@code jdbc}, whose {@code url} has no default
   */
  static FormatOptions defaults(SourceFormat format) {
    return parse(format, Map.of());
  }

  /**
   * Reads an object's raw options for its format.
   *
   * @throws InvalidSpecException listing every unknown key and bad value, each as {@code
   *     options.<key> '<value>'} with what is expected
   */
  static FormatOptions parse(SourceFormat format, Map<String, String> options) {
    requireNonNull(format, "format is null");
    requireNonNull(options, "options is null");
    try {
      return OptionReader.read(format, options);
    } catch (FieldProblems p) {
      throw new InvalidSpecException(p.problems());
    }
  }

  /**
   * {@code csv}, {@code tsv}: {@code delimiter} (one character; default {@code ,} for csv, a tab
   * for tsv) and {@code header_search_rows} (how many rows from the top may hold the header, the
   * first one holding every required column; default 1).
   */
  record Delimited(char delimiter, int headerSearchRows) implements FormatOptions {
    public static final String DELIMITER = "delimiter";
    public static final String HEADER_SEARCH_ROWS = "header_search_rows";
    static final List<String> KEYS = List.of(DELIMITER, HEADER_SEARCH_ROWS);

    public Delimited {
      if (headerSearchRows < 1) {
        throw new IllegalArgumentException("headerSearchRows " + headerSearchRows + " is below 1");
      }
    }

    /** The defaults of a delimited format: its usual delimiter, the header on the first row. */
    public static Delimited defaults(SourceFormat format) {
      return new Delimited(format == SourceFormat.TSV ? '\t' : ',', 1);
    }

    @Override
    public boolean appliesTo(SourceFormat format) {
      return format == SourceFormat.CSV || format == SourceFormat.TSV;
    }

    static Delimited read(OptionReader o) {
      char delimiter = defaults(o.format()).delimiter();
      Optional<String> d = o.get(DELIMITER);
      if (d.isPresent()) {
        if (d.get().length() == 1) {
          delimiter = d.get().charAt(0);
        } else {
          o.invalid(
              DELIMITER,
              d.get(),
              "a single character, e.g. ';', '|' or \"\\t\" (in double quotes) for a tab");
        }
      }
      char chosen = delimiter;
      int rows = o.wholeNumber(HEADER_SEARCH_ROWS, 1, 1, " of rows");
      return o.done(() -> new Delimited(chosen, rows));
    }
  }

  /**
   * {@code xml}: {@code root} (the root element the files must have) and {@code record_path} (a
   * slash path of element names from the root to the record elements, e.g. {@code /catalog/book};
   * by default the root's children are the records). A name with a prefix ({@code cat:book})
   * matches the qualified name, one without matches the local name.
   */
  record Xml(Optional<String> root, List<String> recordPath) implements FormatOptions {
    public static final String ROOT = "root";
    public static final String RECORD_PATH = "record_path";
    static final List<String> KEYS = List.of(ROOT, RECORD_PATH);
    public static final Xml DEFAULTS = new Xml(Optional.empty(), List.of());

    public Xml {
      requireNonNull(root, "root is null");
      recordPath = List.copyOf(recordPath);
    }

    @Override
    public boolean appliesTo(SourceFormat format) {
      return format == SourceFormat.XML;
    }

    static Xml read(OptionReader o) {
      Optional<String> root = o.get(ROOT).map(String::strip);
      if (root.isPresent() && (root.get().isEmpty() || root.get().contains("/"))) {
        o.invalid(ROOT, root.get(), "the name of the root element, e.g. catalog");
        root = Optional.empty();
      }
      List<String> segments = List.of();
      Optional<String> path = o.get(RECORD_PATH);
      if (path.isPresent()) {
        String p = path.get().strip();
        if (!p.matches("(/[^/\\s]+)+")) {
          o.invalid(
              RECORD_PATH,
              path.get(),
              "a slash path of element names from the root, e.g. /catalog/book");
        } else {
          segments = Arrays.asList(p.substring(1).split("/"));
          if (root.isPresent() && !root.get().equals(segments.get(0))) {
            o.invalid(
                RECORD_PATH,
                path.get(),
                "a path that starts at the declared root '" + root.get() + "'");
          }
        }
      }
      Optional<String> r = root;
      List<String> s = segments;
      return o.done(() -> new Xml(r, s));
    }
  }

  /**
   * {@code epcis}: {@code element_order}, {@code lenient} (default; XML events may order their
   * fields freely, as EPCIS readers accept, except that an event may not open with its action ahead
   * of its header) or {@code strict} (the XSD sequence of each event type, user extensions last).
   */
  record Epcis(ElementOrder elementOrder) implements FormatOptions {
    public static final String ELEMENT_ORDER = "element_order";
    static final List<String> KEYS = List.of(ELEMENT_ORDER);
    public static final Epcis DEFAULTS = new Epcis(ElementOrder.LENIENT);

    /** How strictly the fields of an XML event must follow the XSD sequence. */
    public enum ElementOrder {
      LENIENT,
      STRICT
    }

    public Epcis {
      requireNonNull(elementOrder, "elementOrder is null");
    }

    public boolean strictElementOrder() {
      return elementOrder == ElementOrder.STRICT;
    }

    @Override
    public boolean appliesTo(SourceFormat format) {
      return format == SourceFormat.EPCIS;
    }

    static Epcis read(OptionReader o) {
      String order = o.get(ELEMENT_ORDER).orElse("lenient").strip();
      if (!order.equals("lenient") && !order.equals("strict")) {
        o.invalid(ELEMENT_ORDER, order, "lenient or strict");
      }
      return o.done(
          () -> new Epcis(order.equals("strict") ? ElementOrder.STRICT : ElementOrder.LENIENT));
    }
  }

  /**
   * {@code document}: {@code text_fields}, {@code title_fields}, {@code author_fields} (JSON field
   * names, comma-separated, tried in order), {@code record_separator} (the line that separates
   * records of a plain-text collection, e.g. {@code %}), {@code licence} (overrides the source's)
   * and {@code exclude_names} (comma-separated globs of file names that are not documents; empty
   * excludes nothing).
   */
  record Document(
      List<String> textFields,
      List<String> titleFields,
      List<String> authorFields,
      Optional<String> recordSeparator,
      Optional<String> licence,
      List<String> excludeNames)
      implements FormatOptions {
    public static final String TEXT_FIELDS = "text_fields";
    public static final String TITLE_FIELDS = "title_fields";
    public static final String AUTHOR_FIELDS = "author_fields";
    public static final String RECORD_SEPARATOR = "record_separator";
    public static final String LICENCE = "licence";
    public static final String EXCLUDE_NAMES = "exclude_names";
    static final List<String> KEYS =
        List.of(TEXT_FIELDS, TITLE_FIELDS, AUTHOR_FIELDS, RECORD_SEPARATOR, LICENCE, EXCLUDE_NAMES);

    public static final List<String> DEFAULT_TEXT_FIELDS =
        List.of("paragraphs", "content", "text", "body", "abstract");
    public static final List<String> DEFAULT_TITLE_FIELDS = List.of("title", "chapter");
    public static final List<String> DEFAULT_AUTHOR_FIELDS = List.of("author");

    /** Licence, notice and read-me files that sit beside a collection but are not documents. */
    public static final List<String> DEFAULT_EXCLUDE_NAMES =
        List.of("LICENSE*", "LICENCE*", "COPYING*", "copyright", "NOTICE*", "README*");

    public static final Document DEFAULTS =
        new Document(
            DEFAULT_TEXT_FIELDS,
            DEFAULT_TITLE_FIELDS,
            DEFAULT_AUTHOR_FIELDS,
            Optional.empty(),
            Optional.empty(),
            DEFAULT_EXCLUDE_NAMES);

    public Document {
      textFields = List.copyOf(textFields);
      titleFields = List.copyOf(titleFields);
      authorFields = List.copyOf(authorFields);
      requireNonNull(recordSeparator, "recordSeparator is null");
      requireNonNull(licence, "licence is null");
      excludeNames = List.copyOf(excludeNames);
    }

    @Override
    public boolean appliesTo(SourceFormat format) {
      return format == SourceFormat.DOCUMENT;
    }

    static Document read(OptionReader o) {
      String fields = "a comma-separated list of JSON field names";
      List<String> text = o.list(TEXT_FIELDS, DEFAULT_TEXT_FIELDS, false, fields);
      List<String> title = o.list(TITLE_FIELDS, DEFAULT_TITLE_FIELDS, false, fields);
      List<String> author = o.list(AUTHOR_FIELDS, DEFAULT_AUTHOR_FIELDS, false, fields);
      Optional<String> separator = o.get(RECORD_SEPARATOR);
      if (separator.isPresent() && separator.get().isBlank()) {
        o.invalid(
            RECORD_SEPARATOR,
            separator.get(),
            "the text of the line that separates records, e.g. %");
      }
      Optional<String> licence = o.get(LICENCE).filter(s -> !s.isBlank());
      List<String> exclude = o.list(EXCLUDE_NAMES, DEFAULT_EXCLUDE_NAMES, true, "");
      return o.done(() -> new Document(text, title, author, separator, licence, exclude));
    }
  }

  /**
   * {@code jdbc}: {@code url} (JDBC URL, required), {@code user}, {@code password_env} (the name of
   * the environment variable holding the password; a password never sits in a spec), {@code
   * fetch_size} (rows per round trip, default 10000; 0 leaves it to the driver), {@code retries}
   * (connection attempts, default 3) and {@code retry_wait_ms} (first wait, doubled after each
   * failure, default 1000).
   */
  record Jdbc(
      String url,
      Optional<String> user,
      Optional<String> passwordEnv,
      int fetchSize,
      int retries,
      int retryWaitMs)
      implements FormatOptions {
    public static final String URL = "url";
    public static final String USER = "user";
    public static final String PASSWORD_ENV = "password_env";
    public static final String FETCH_SIZE = "fetch_size";
    public static final String RETRIES = "retries";
    public static final String RETRY_WAIT_MS = "retry_wait_ms";
    static final List<String> KEYS =
        List.of(URL, USER, PASSWORD_ENV, FETCH_SIZE, RETRIES, RETRY_WAIT_MS);
    public static final int DEFAULT_FETCH_SIZE = 10000;
    public static final int DEFAULT_RETRIES = 3;
    public static final int DEFAULT_RETRY_WAIT_MS = 1000;

    public Jdbc {
      requireNonNull(url, "url is null");
      requireNonNull(user, "user is null");
      requireNonNull(passwordEnv, "passwordEnv is null");
      if (!url.startsWith("jdbc:") || fetchSize < 0 || retries < 1 || retryWaitMs < 1) {
        throw new IllegalArgumentException(
            "jdbc options out of range: url '"
                + Redaction.of(url)
                + "', fetchSize "
                + fetchSize
                + ", retries "
                + retries
                + ", retryWaitMs "
                + retryWaitMs);
      }
    }

    /** A table at the URL, with the default fetch size and retries and no credentials. */
    public static Jdbc at(String url) {
      return new Jdbc(
          url,
          Optional.empty(),
          Optional.empty(),
          DEFAULT_FETCH_SIZE,
          DEFAULT_RETRIES,
          DEFAULT_RETRY_WAIT_MS);
    }

    @Override
    public boolean appliesTo(SourceFormat format) {
      return format == SourceFormat.JDBC;
    }

    static Jdbc read(OptionReader o) {
      Optional<String> url = o.get(URL);
      if (url.isEmpty()) {
        o.problem(
            URL, "is missing; a jdbc object needs a JDBC URL (jdbc:postgresql://host:port/db)");
      } else if (!url.get().startsWith("jdbc:")) {
        o.problem(
            URL,
            "'"
                + Redaction.of(url.get())
                + "' must be a JDBC URL (jdbc:postgresql://host:port/db)");
      }
      Optional<String> passwordEnv = o.get(PASSWORD_ENV);
      if (passwordEnv.isPresent() && !passwordEnv.get().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        o.invalid(
            PASSWORD_ENV,
            passwordEnv.get(),
            "the name of the environment variable that holds the password, e.g. FACTORY_PG_PASSWORD"
                + " (never the password itself)");
      }
      int fetchSize = o.wholeNumber(FETCH_SIZE, DEFAULT_FETCH_SIZE, 0, "");
      int retries = o.wholeNumber(RETRIES, DEFAULT_RETRIES, 1, "");
      int retryWaitMs = o.wholeNumber(RETRY_WAIT_MS, DEFAULT_RETRY_WAIT_MS, 1, "");
      return o.done(
          () ->
              new Jdbc(
                  url.orElseThrow(), o.get(USER), passwordEnv, fetchSize, retries, retryWaitMs));
    }
  }

  /** The options of {@code wind_wide}, {@code json}, {@code jsonl} and {@code parquet}: none. */
  record None() implements FormatOptions {
    @Override
    public boolean appliesTo(SourceFormat format) {
      return switch (format) {
        case WIND_WIDE, JSON, JSONL, PARQUET -> true;
        default -> false;
      };
    }
  }
}
