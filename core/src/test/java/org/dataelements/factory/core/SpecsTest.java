package org.dataelements.factory.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    write("sources/grid.yaml", SOURCE.replace("    path: \"electricity/**/*.csv\"\n",
        "    path: \"electricity/**/*.csv\"\n    schema: \"reading_date DATE, consumption DOUBLE\"\n"));
    var spec = Specs.load(conf).source("grid").orElseThrow().objects().get(0);
    assertEquals("DATE", spec.schema().orElseThrow().apply("reading_date").dataType().sql());
    write("sources/grid.yaml", SOURCE.replace("    path: \"electricity/**/*.csv\"\n",
        "    path: \"electricity/**/*.csv\"\n    schema: \"reading_date DAET\"\n"));
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf));
    assertTrue(e.getMessage().contains("objects[0]") && e.getMessage().contains("'reading_date DAET'")
        && e.getMessage().contains("Spark DDL"), e.getMessage());
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
  void aMissingConfDirectorySaysWhatToPass() {
    var e = assertThrows(InvalidSpecException.class, () -> Specs.load(conf.resolve("nope")));
    assertTrue(e.getMessage().contains("--conf"), e.getMessage());
  }
}
