package org.dataelements.factory.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecsTest {
  @TempDir Path conf;

  private void write(String rel, String text) throws IOException {
    Path p = conf.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private static final String SOURCE =
      """
      source: grid
      owner: o
      description: d
      objects:
        - name: meter_daily
          description: d
          format: csv
          path: "electricity/**/*.csv"
      """;

  @Test
  void everyDeclaredSpecOfTheRepositoryLoadsAndFollowsTheNaming() {
    Specs specs = Specs.load(SparkTestSession.confDir());
    assertFalse(specs.sources().isEmpty());
    assertFalse(specs.products().isEmpty());
    for (SourceSpec s : specs.sources()) {
      for (ObjectSpec o : s.objects()) {
        TableId id = s.bronzeTable(o);
        assertEquals(id, TableId.parse(id.sqlName()));
      }
    }
    for (TableSpec t : specs.tables()) {
      assertEquals("silver." + t.name(), TableId.parse("silver." + t.name()).sqlName());
    }
    for (ProductSpec p : specs.products()) {
      p.tables().forEach(t -> TableId.gold(p.name(), t.name()));
    }
  }

  @Test
  void readsASourceWithDefaults() throws IOException {
    write("sources/grid.yaml", SOURCE);
    SourceSpec s = Specs.load(conf).sources().get(0);
    ObjectSpec o = s.objects().get(0);
    assertEquals("grid", s.name());
    assertEquals(SourceFormat.CSV, o.format());
    assertEquals("UTF-8", o.encoding());
    assertTrue(o.requiredColumns().isEmpty());
    assertTrue(s.licence().isEmpty());
  }

  @Test
  void anUnknownKeyNamesFilePathAndTheKnownKeys() throws IOException {
    write("sources/grid.yaml", SOURCE.replace("path:", "pathh:"));
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf));
    String m = e.getMessage();
    assertTrue(m.contains("sources/grid.yaml"), m);
    assertTrue(m.contains("objects[0]"), m);
    assertTrue(m.contains("unknown key 'pathh'"), m);
    assertTrue(m.contains("path"), m);
  }

  @Test
  void aWrongFormatListsTheKnownFormats() throws IOException {
    write("sources/grid.yaml", SOURCE.replace("format: csv", "format: cvs"));
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf));
    assertTrue(e.getMessage().contains("objects[0].format"), e.getMessage());
    assertTrue(e.getMessage().contains("'cvs'"), e.getMessage());
    assertTrue(e.getMessage().contains("wind_wide"), e.getMessage());
  }

  @Test
  void aDeclaredSchemaIsSparkDdlAndABadOneIsNamed() throws IOException {
    write(
        "sources/grid.yaml",
        SOURCE.replace(
            "    path: \"electricity/**/*.csv\"\n",
            "    path: \"electricity/**/*.csv\"\n    schema: \"reading_date DATE, consumption DOUBLE\"\n"));
    var spec = Specs.load(conf).source("grid").orElseThrow().objects().get(0);
    assertEquals("DATE", spec.schema().orElseThrow().apply("reading_date").dataType().sql());
    write(
        "sources/grid.yaml",
        SOURCE.replace(
            "    path: \"electricity/**/*.csv\"\n",
            "    path: \"electricity/**/*.csv\"\n    schema: \"reading_date DAET\"\n"));
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf));
    assertTrue(
        e.getMessage().contains("objects[0]")
            && e.getMessage().contains("'reading_date DAET'")
            && e.getMessage().contains("Spark DDL"),
        e.getMessage());
  }

  @Test
  void aMissingFieldIsNamed() throws IOException {
    write("sources/grid.yaml", SOURCE.replace("    path: \"electricity/**/*.csv\"\n", ""));
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf));
    assertTrue(e.getMessage().contains("missing required field 'path'"), e.getMessage());
  }

  @Test
  void aWrongTypeIsNamed() throws IOException {
    write("sources/grid.yaml", SOURCE + "    required_columns: account_id\n");
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf));
    assertTrue(e.getMessage().contains("required_columns"), e.getMessage());
  }

  @Test
  void reportsEveryBadFileAtOnce() throws IOException {
    write("sources/a.yaml", SOURCE.replace("grid", "a").replace("format: csv", "format: nope"));
    write("sources/b.yaml", SOURCE.replace("grid", "b").replace("owner: o", "ownr: o"));
    write(
        "products/p.yaml",
        """
        product: p
        owner: o
        description: d
        licence: l
        tables:
          - table: t
            description: d
            checks:
              - rule: complete
                columns: [a]
                severity: fatal
        """);
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf));
    assertEquals(3, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("tables[0].checks[0].severity"), e.getMessage());
  }

  @Test
  void aCheckMissingItsParameterIsAnError() throws IOException {
    write(
        "tables/power__x.yaml",
        """
        table: power__x
        description: d
        checks:
          - rule: in_set
            column: a
            severity: warn
        """);
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf));
    assertTrue(e.getMessage().contains("in_set needs 'values'"), e.getMessage());
  }

  @Test
  void aProductsScheduleAndRetriesAreReadAndABadOneIsNamed() throws IOException {
    String product =
        """
        product: trace
        owner: o
        description: d
        licence: l
        schedule: "%s"
        retries: 4
        retry_delay_seconds: 7
        tables:
          - table: lot_lineage
            description: d
        """;
    write("products/trace.yaml", product.formatted("15 2 * * *"));
    RunPolicy run = Specs.load(conf).product("trace").orElseThrow().run();
    assertEquals(Optional.of("15 2 * * *"), run.schedule());
    assertEquals(4, run.retries());
    assertEquals(java.time.Duration.ofSeconds(7), run.retryDelay());
    write("products/trace.yaml", product.formatted("61 2 * * *"));
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf));
    assertTrue(e.getMessage().contains("products/trace.yaml"), e.getMessage());
    assertTrue(e.getMessage().contains("'61 2 * * *'"), e.getMessage());
  }

  private static final String PRODUCT_WITH_PROPERTIES =
      """
      product: trace
      owner: o
      description: d
      licence: l
      tables:
        - table: lot_lineage
          description: d
          properties:
            write.parquet.row-group-size-bytes: 1048576
            %s: full
      """;

  @Test
  void aProductTableCarriesIcebergWritePropertiesAsStrings() throws IOException {
    write(
        "products/trace.yaml",
        PRODUCT_WITH_PROPERTIES.formatted("write.metadata.metrics.column.lot_id"));
    TableSpec t =
        Specs.load(conf).product("trace").orElseThrow().table("lot_lineage").orElseThrow();
    assertEquals(
        java.util.Map.of(
            "write.parquet.row-group-size-bytes",
            "1048576",
            "write.metadata.metrics.column.lot_id",
            "full"),
        t.properties());
  }

  @Test
  void aPropertyTheFactoryManagesOrThatIsNoWriteOrReadPropertyIsRefused() throws IOException {
    for (String property : List.of("write.wap.enabled", "format-version", "owner")) {
      write("products/trace.yaml", PRODUCT_WITH_PROPERTIES.formatted(property));
      var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf));
      assertTrue(
          e.getMessage().contains("products/trace.yaml")
              && e.getMessage().contains("'" + property + "'")
              && e.getMessage().contains("write.*"),
          e.getMessage());
    }
  }

  @Test
  void aSilverTableCannotSetIcebergProperties() throws IOException {
    write(
        "tables/power__x.yaml",
        """
        table: power__x
        description: d
        properties:
          write.parquet.row-group-size-bytes: 1048576
        """);
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf));
    assertTrue(
        e.getMessage().contains("tables/power__x.yaml")
            && e.getMessage().contains("silver tables are Delta tables"),
        e.getMessage());
  }

  private static final String TWO_OBJECTS =
      """
      source: %s
      owner: o
      description: d
      objects:
        - name: meter_daily
          description: d
          format: csv
          path: "electricity/**/*.csv"
        - name: %s
          description: d
          format: %s
          path: "other/**"
          options:
      %s
      """;

  private static String twoObjects(String source, String object, String format, String... options) {
    StringBuilder o = new StringBuilder();
    for (String line : options) {
      o.append(o.length() == 0 ? "" : "\n").append("      ").append(line);
    }
    return TWO_OBJECTS.formatted(source, object, format, o);
  }

  @Test
  void badOptionsInTwoFilesAreReportedTogetherWithFileAndPath() throws IOException {
    Path confDir = conf.resolve("conf");
    write("conf/sources/books.yaml", twoObjects("books", "catalog", "xml", "rowTag: book"));
    write(
        "conf/sources/residues.yaml",
        twoObjects("residues", "samples", "csv", "header_search_rows: ten"));
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(confDir));
    assertEquals(
        List.of(
            "conf/sources/books.yaml: objects[1].options.rowTag 'book' is not valid; expected an xml"
                + " option, one of record_path, root; fix the spelling or remove the key",
            "conf/sources/residues.yaml: objects[1].options.header_search_rows 'ten' must be a whole"
                + " number of rows, 1 or more"),
        e.problems());
  }

  @Test
  void everyBadOptionOfAnObjectIsReportedAlongsideOtherSpecProblems() throws IOException {
    write(
        "sources/db.yaml",
        twoObjects(
            "db", "operations", "jdbc", "url: postgresql://h/db", "retries: -1", "passwd: x"));
    write("sources/grid.yaml", SOURCE.replace("format: csv", "format: cvs"));
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf));
    List<String> p = e.problems();
    assertEquals(4, p.size(), e.getMessage());
    String file = conf.getFileName() + "/sources/db.yaml: objects[1].options.";
    assertTrue(
        p.get(0)
            .startsWith(
                file
                    + "passwd 'x' is not valid; expected a jdbc option, one of"
                    + " fetch_size, password_env, retries, retry_wait_ms, url, user"),
        p.get(0));
    assertTrue(p.get(1).startsWith(file + "url 'postgresql://h/db' must be a JDBC URL"), p.get(1));
    assertTrue(
        p.get(2).startsWith(file + "retries '-1' must be a whole number, 1 or more"), p.get(2));
    assertTrue(p.get(3).contains("sources/grid.yaml: objects[0].format"), p.get(3));
  }

  @Test
  void optionsLoadAsTheRecordOfTheObjectsFormat() throws IOException {
    write(
        "sources/books.yaml", twoObjects("books", "catalog", "xml", "record_path: /catalog/book"));
    ObjectSpec o = Specs.load(conf).source("books").orElseThrow().objects().get(1);
    assertEquals(List.of("catalog", "book"), o.options(FormatOptions.Xml.class).recordPath());
    ObjectSpec csv = Specs.load(conf).source("books").orElseThrow().objects().get(0);
    assertEquals(FormatOptions.Delimited.defaults(SourceFormat.CSV), csv.options());
  }

  @Test
  void aMissingConfDirectorySaysWhatItShouldHold() {
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf.resolve("nope")));
    assertTrue(e.getMessage().contains("nope' does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("sources/, tables/ and products/"), e.getMessage());
    assertEquals(Optional.of(Setting.CONF_DIR), e.setting());
  }
}
