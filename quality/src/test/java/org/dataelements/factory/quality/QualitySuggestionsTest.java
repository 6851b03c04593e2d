package org.dataelements.factory.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

class QualitySuggestionsTest {
  @TempDir Path tmp;

  static QualitySuggestions.Suggestion mapped(
      CheckSpec.Rule rule, String column, List<String> values, String description) {
    CheckSpec c =
        new CheckSpec(
            rule,
            List.of(column),
            CheckSpec.Severity.WARN,
            Optional.empty(),
            Optional.empty(),
            values,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    return new QualitySuggestions.Suggestion(
        column, description, "Completeness: 1.0", Optional.of(c), "");
  }

  /** The YAML as a user would paste it under a table spec, read back by the strict spec loader. */
  List<CheckSpec> readBack(String yaml) throws Exception {
    Path tables = Files.createDirectories(tmp.resolve("conf/tables"));
    Files.writeString(
        tables.resolve("shop__orders.yaml"), "table: shop__orders\ndescription: test\n" + yaml);
    TableSpec spec = Specs.load(tmp.resolve("conf")).tables().get(0);
    return spec.checks();
  }

  @Test
  void rendersMappedSuggestionsAsPasteableChecksAndTheRestAsComments() throws Exception {
    List<QualitySuggestions.Suggestion> suggestions =
        List.of(
            mapped(CheckSpec.Rule.COMPLETE, "order_id", List.of(), "'order_id' is not null"),
            mapped(
                CheckSpec.Rule.IN_SET,
                "status",
                List.of("open", "say \"hi\"", "back\\slash"),
                "'status' has value range 'open'"),
            mapped(
                CheckSpec.Rule.NON_NEGATIVE,
                "odd name",
                List.of(),
                "'odd name' has no negative values"),
            new QualitySuggestions.Suggestion(
                "qty",
                "'qty' has type Integral",
                "DataType: Integral",
                Optional.empty(),
                "the table's schema already fixes the column's type"));
    String yaml = QualitySuggestions.toYaml(suggestions);
    assertEquals(
        """
        checks:
          # Deequ: 'order_id' is not null (Completeness: 1.0)
          - rule: complete
            column: order_id
            severity: warn
          # Deequ: 'status' has value range 'open' (Completeness: 1.0)
          - rule: in_set
            column: status
            values: ["open", "say \\"hi\\"", "back\\\\slash"]
            severity: warn
          # Deequ: 'odd name' has no negative values (Completeness: 1.0)
          - rule: non_negative
            column: "odd name"
            severity: warn
          # Deequ, not mapped: 'qty' has type Integral (the table's schema already fixes the column's type)
        """,
        yaml);
    List<CheckSpec> back = readBack(yaml);
    assertEquals(suggestions.subList(0, 3).stream().map(s -> s.check().get()).toList(), back);
  }

  @Test
  void rendersAnEmptyListWhenNothingMaps() throws Exception {
    String yaml = QualitySuggestions.toYaml(List.of());
    assertEquals("checks: []\n", yaml);
    assertEquals(List.of(), readBack(yaml));
  }

  @Test
  @Tag("spark")
  @ExtendWith(SparkTestSession.class)
  void suggestsCompleteUniqueNonNegativeAndInSetButNothingForAuditColumns(SparkSession spark)
      throws Exception {
    StructType schema =
        new StructType()
            .add("order_id", DataTypes.StringType)
            .add("status", DataTypes.StringType)
            .add("qty", DataTypes.IntegerType)
            .add("note", DataTypes.StringType)
            .add("day", DataTypes.DateType)
            .add("_source_file", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(
          RowFactory.create(
              "o" + i,
              i % 3 == 0 ? "open" : "closed",
              i,
              i % 2 == 0 ? null : "n" + i,
              java.sql.Date.valueOf("2024-01-01"),
              "f.csv"));
    }
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<QualitySuggestions.Suggestion> suggestions;
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      suggestions = QualitySuggestions.suggest(spark.createDataFrame(rows, schema));
    } finally {
      System.setOut(stdout);
    }
    assertEquals(
        "",
        printed.toString(StandardCharsets.UTF_8),
        "nothing on stdout (Deequ prints unknown types there)");
    List<String> ids =
        suggestions.stream()
            .filter(s -> s.check().isPresent())
            .map(s -> s.check().get().ruleId())
            .toList();
    assertTrue(
        ids.containsAll(
            List.of(
                "complete(order_id)",
                "unique(order_id)",
                "complete(status)",
                "in_set(status)",
                "complete(qty)",
                "non_negative(qty)",
                "complete(day)")),
        ids.toString());
    assertFalse(ids.contains("complete(note)"), ids.toString());
    assertTrue(
        suggestions.stream().noneMatch(s -> s.column().startsWith("_")), "audit columns left out");
    CheckSpec inSet =
        suggestions.stream()
            .map(s -> s.check())
            .flatMap(Optional::stream)
            .filter(c -> c.rule() == CheckSpec.Rule.IN_SET)
            .findFirst()
            .orElseThrow();
    assertEquals(List.of("closed", "open"), inSet.values().stream().sorted().toList());
    assertTrue(
        suggestions.stream()
            .allMatch(
                s -> s.check().map(c -> c.severity() == CheckSpec.Severity.WARN).orElse(true)));
    assertTrue(
        suggestions.stream().anyMatch(s -> s.column().equals("note") && s.check().isEmpty()),
        "note's completeness (about half) has no matching rule: " + suggestions);
    String yaml = QualitySuggestions.toYaml(suggestions);
    assertEquals(
        suggestions.stream().filter(s -> s.check().isPresent()).count(),
        readBack(yaml).size(),
        yaml);
    assertTrue(yaml.contains("# Deequ: 'order_id' is not null"), yaml);
  }
}
