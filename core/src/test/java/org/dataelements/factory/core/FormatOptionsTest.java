package org.dataelements.factory.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each format's options record: its defaults, every key mapped, and bad values named. */
class FormatOptionsTest {

  private static String problem(SourceFormat format, Map<String, String> options) {
    return assertThrows(InvalidSpecException.class, () -> FormatOptions.parse(format, options))
        .getMessage();
  }

  @Test
  void aDotDotPathSegmentInAnyOptionIsRefusedAndAPasswordInAUrlIsNotRepeated() {
    String climbs = problem(SourceFormat.DOCUMENT, Map.of("exclude_names", "../../etc/*"));
    assertTrue(climbs.contains("options.exclude_names '../../etc/*' is refused"), climbs);
    assertTrue(climbs.contains("outside the landing root"), climbs);
    String sqlite = problem(SourceFormat.JDBC, Map.of("url", "jdbc:sqlite:../secret.db"));
    assertTrue(sqlite.contains("is refused"), sqlite);
    String secret =
        problem(
            SourceFormat.JDBC,
            Map.of("url", "jdbc:postgresql://h/db?password=hunter2", "retries", "0"));
    assertFalse(secret.contains("hunter2"), secret);
    // two dots inside a name are not a path segment
    FormatOptions.parse(SourceFormat.JDBC, Map.of("url", "jdbc:postgresql://h/db..x"));
  }

  @Test
  void delimitedDefaultsToCommaForCsvTabForTsvAndTheHeaderOnTheFirstRow() {
    assertEquals(new FormatOptions.Delimited(',', 1), FormatOptions.defaults(SourceFormat.CSV));
    assertEquals(new FormatOptions.Delimited('\t', 1), FormatOptions.defaults(SourceFormat.TSV));
  }

  @Test
  void delimitedMapsEveryKey() {
    assertEquals(
        new FormatOptions.Delimited(';', 10),
        FormatOptions.parse(
            SourceFormat.CSV, Map.of("delimiter", ";", "header_search_rows", " 10")));
  }

  @Test
  void delimitedRefusesARowCountBelowOneAndALongDelimiter() {
    assertEquals(
        "options.header_search_rows 'ten' must be a whole number of rows, 1 or more",
        problem(SourceFormat.CSV, Map.of("header_search_rows", "ten")));
    assertTrue(problem(SourceFormat.TSV, Map.of("header_search_rows", "0")).contains("1 or more"));
    assertTrue(
        problem(SourceFormat.CSV, Map.of("delimiter", ";;"))
            .startsWith("options.delimiter ';;' is not valid; expected a single character"));
  }

  @Test
  void xmlDefaultsToAnyRootAndTheRootsChildren() {
    assertEquals(
        new FormatOptions.Xml(Optional.empty(), List.of()),
        FormatOptions.defaults(SourceFormat.XML));
    assertEquals(FormatOptions.Xml.DEFAULTS, FormatOptions.defaults(SourceFormat.XML));
  }

  @Test
  void xmlMapsEveryKey() {
    assertEquals(
        new FormatOptions.Xml(Optional.of("cat:catalog"), List.of("cat:catalog", "book")),
        FormatOptions.parse(
            SourceFormat.XML, Map.of("root", " cat:catalog ", "record_path", "/cat:catalog/book")));
  }

  @Test
  void xmlRefusesABadRecordPathARootWithASlashAndAPathFromAnotherRoot() {
    assertEquals(
        "options.record_path 'catalog/book' is not valid; expected a slash path of element names from"
            + " the root, e.g. /catalog/book",
        problem(SourceFormat.XML, Map.of("record_path", "catalog/book")));
    assertTrue(
        problem(SourceFormat.XML, Map.of("root", "a/b")).contains("the name of the root element"));
    assertTrue(
        problem(SourceFormat.XML, Map.of("root", "catalog", "record_path", "/library/book"))
            .contains("starts at the declared root 'catalog'"));
  }

  @Test
  void epcisDefaultsToLenientElementOrder() {
    FormatOptions.Epcis d = (FormatOptions.Epcis) FormatOptions.defaults(SourceFormat.EPCIS);
    assertEquals(FormatOptions.Epcis.ElementOrder.LENIENT, d.elementOrder());
    assertEquals(false, d.strictElementOrder());
  }

  @Test
  void epcisMapsEveryKey() {
    FormatOptions.Epcis o =
        (FormatOptions.Epcis)
            FormatOptions.parse(SourceFormat.EPCIS, Map.of("element_order", "strict "));
    assertEquals(FormatOptions.Epcis.ElementOrder.STRICT, o.elementOrder());
    assertTrue(o.strictElementOrder());
  }

  @Test
  void epcisRefusesAnElementOrderOtherThanLenientOrStrict() {
    assertEquals(
        "options.element_order 'xsd' is not valid; expected lenient or strict",
        problem(SourceFormat.EPCIS, Map.of("element_order", "xsd")));
    assertTrue(problem(SourceFormat.EPCIS, Map.of("element_order", "Strict")).contains("'Strict'"));
  }

  @Test
  void documentDefaultsToTheUsualFieldsNoSeparatorNoLicenceAndLicenceFilesExcluded() {
    FormatOptions.Document d =
        (FormatOptions.Document) FormatOptions.defaults(SourceFormat.DOCUMENT);
    assertEquals(List.of("paragraphs", "content", "text", "body", "abstract"), d.textFields());
    assertEquals(List.of("title", "chapter"), d.titleFields());
    assertEquals(List.of("author"), d.authorFields());
    assertEquals(Optional.empty(), d.recordSeparator());
    assertEquals(Optional.empty(), d.licence());
    assertEquals(
        List.of("LICENSE*", "LICENCE*", "COPYING*", "copyright", "NOTICE*", "README*"),
        d.excludeNames());
    assertEquals(FormatOptions.Document.DEFAULTS, d);
  }

  @Test
  void documentMapsEveryKey() {
    assertEquals(
        new FormatOptions.Document(
            List.of("body", "lines"),
            List.of("rhythmic"),
            List.of("poet", "author"),
            Optional.of("%"),
            Optional.of("CC0 1.0"),
            List.of("*.dat")),
        FormatOptions.parse(
            SourceFormat.DOCUMENT,
            Map.of(
                "text_fields", "body, lines",
                "title_fields", "rhythmic",
                "author_fields", "poet,,author",
                "record_separator", "%",
                "licence", "CC0 1.0",
                "exclude_names", "*.dat")));
  }

  @Test
  void documentTreatsABlankLicenceAsNoneAndAnEmptyExcludeListAsExcludingNothing() {
    FormatOptions.Document d =
        (FormatOptions.Document)
            FormatOptions.parse(SourceFormat.DOCUMENT, Map.of("licence", " ", "exclude_names", ""));
    assertEquals(Optional.empty(), d.licence());
    assertEquals(List.of(), d.excludeNames());
  }

  @Test
  void documentRefusesAnEmptyFieldListAndABlankSeparator() {
    assertEquals(
        "options.text_fields ' , ' is not valid; expected a comma-separated list of JSON field names",
        problem(SourceFormat.DOCUMENT, Map.of("text_fields", " , ")));
    assertTrue(problem(SourceFormat.DOCUMENT, Map.of("record_separator", " ")).contains("e.g. %"));
  }

  @Test
  void jdbcHasNoDefaultUrlAndDefaultsEverythingElse() {
    assertEquals(
        "options.url is missing; a jdbc object needs a JDBC URL (jdbc:postgresql://host:port/db)",
        assertThrows(InvalidSpecException.class, () -> FormatOptions.defaults(SourceFormat.JDBC))
            .getMessage());
    FormatOptions.Jdbc d =
        (FormatOptions.Jdbc)
            FormatOptions.parse(SourceFormat.JDBC, Map.of("url", "jdbc:postgresql://h/db"));
    assertEquals(FormatOptions.Jdbc.at("jdbc:postgresql://h/db"), d);
    assertEquals(Optional.empty(), d.user());
    assertEquals(Optional.empty(), d.passwordEnv());
    assertEquals(10000, d.fetchSize());
    assertEquals(3, d.retries());
    assertEquals(1000, d.retryWaitMs());
  }

  @Test
  void jdbcMapsEveryKey() {
    assertEquals(
        new FormatOptions.Jdbc(
            "jdbc:postgresql://h:5432/db",
            Optional.of("factory"),
            Optional.of("PG_PASSWORD"),
            0,
            1,
            50),
        FormatOptions.parse(
            SourceFormat.JDBC,
            Map.of(
                "url", "jdbc:postgresql://h:5432/db",
                "user", "factory",
                "password_env", "PG_PASSWORD",
                "fetch_size", "0",
                "retries", "1",
                "retry_wait_ms", "50")));
  }

  @Test
  void jdbcRefusesANonJdbcUrlRetriesBelowOneAndAPasswordInPlaceOfItsVariable() {
    String m =
        problem(
            SourceFormat.JDBC,
            Map.of(
                "url",
                "postgresql://h/db",
                "retries",
                "0",
                "retry_wait_ms",
                "1s",
                "password_env",
                "s3cr3t!"));
    assertTrue(m.startsWith("4 problems"), m);
    assertTrue(m.contains("options.url 'postgresql://h/db' must be a JDBC URL"), m);
    assertTrue(m.contains("options.retries '0' must be a whole number, 1 or more"), m);
    assertTrue(m.contains("options.retry_wait_ms '1s' must be a whole number, 1 or more"), m);
    assertTrue(
        m.contains(
            "options.password_env 's3cr3t!' is not valid; expected the name of the environment"),
        m);
    assertTrue(
        problem(SourceFormat.JDBC, Map.of("url", "jdbc:x", "fetch_size", "-1"))
            .contains("0 or more"));
  }

  @Test
  void formatsWithoutOptionsShareTheEmptyRecord() {
    for (SourceFormat f :
        List.of(
            SourceFormat.WIND_WIDE, SourceFormat.JSON, SourceFormat.JSONL, SourceFormat.PARQUET)) {
      assertEquals(new FormatOptions.None(), FormatOptions.defaults(f));
    }
    assertEquals(
        "options.delimiter ',' is not valid; format json takes no options; remove the key",
        problem(SourceFormat.JSON, Map.of("delimiter", ",")));
  }

  @Test
  void anUnknownKeyListsTheKnownKeysOfTheFormat() {
    assertEquals(
        "options.rowTag 'book' is not valid; expected an xml option, one of record_path, root;"
            + " fix the spelling or remove the key",
        problem(SourceFormat.XML, Map.of("rowTag", "book")));
    assertTrue(
        problem(SourceFormat.CSV, Map.of("header_rows", "3"))
            .contains("expected a csv option, one of delimiter, header_search_rows"));
  }

  @Test
  void anObjectRefusesOptionsOfAnotherFormat() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ObjectSpec(
                "o",
                "d",
                SourceFormat.CSV,
                "a/*.csv",
                "UTF-8",
                List.of(),
                Map.of(),
                FormatOptions.Xml.DEFAULTS));
    ObjectSpec csv =
        new ObjectSpec("o", "d", SourceFormat.CSV, "a/*.csv", "UTF-8", List.of(), Map.of());
    assertEquals(',', csv.options(FormatOptions.Delimited.class).delimiter());
    assertThrows(IllegalStateException.class, () -> csv.options(FormatOptions.Xml.class));
  }
}
