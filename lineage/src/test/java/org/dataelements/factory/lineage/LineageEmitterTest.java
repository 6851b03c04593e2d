package org.dataelements.factory.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.dataelements.factory.lineage.LineageDataset.Kind;
import org.dataelements.factory.lineage.testing.OpenLineageSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageEmitterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenLineageSchemas SCHEMAS = OpenLineageSchemas.load();
  @TempDir Path wh;

  private LineageDataset bronze(String ns) {
    return LineageDataset.of(Kind.TABLE, ns, "bronze.grid__meter_daily", "3")
        .withSchema(
            List.of(
                new LineageDataset.Field("meter_id", "string", Optional.empty()),
                new LineageDataset.Field("value", "double", Optional.of("kWh"))),
            Map.of("meter_id", new LineageDataset.Grade("important", true)));
  }

  private LineageDataset silver(String ns) {
    return LineageDataset.of(Kind.TABLE, ns, "silver.power__meter_daily", "7")
        .withRef("main")
        .withSchema(
            List.of(
                new LineageDataset.Field("meter_id", "string", Optional.empty()),
                new LineageDataset.Field("kwh", "double", Optional.empty())),
            Map.of())
        .withColumnLineage(
            Map.of(
                "kwh",
                List.of(new LineageDataset.ColumnSource(ns, "bronze.grid__meter_daily", "value"))))
        .withQuality(
            List.of(
                new LineageDataset.Assertion(
                    "is_complete(kwh)",
                    Optional.of("kwh"),
                    true,
                    "fail",
                    Optional.of("1.0"),
                    Optional.of("1.0"))),
            Optional.of(
                new LineageDataset.Metrics(
                    OptionalLong.of(42),
                    Map.of(
                        "kwh",
                        new LineageDataset.ColumnMetrics(
                            OptionalLong.of(0),
                            OptionalLong.empty(),
                            Optional.of(0.5),
                            Optional.of(9.5),
                            Optional.empty())))));
  }

  @Test
  void writesCompleteEventsThatTheOfficialSchemasAccept() throws Exception {
    String ns = wh.toUri().toString();
    var emitter = new LineageEmitter(ns, new Configuration());
    String run = "20261128T000000Z_0001";
    LineageDataset file =
        LineageDataset.of(Kind.FILE, "file:/landing", "grid/2024-01.csv", "ab".repeat(32));
    emitter.start(run, "ingest:bronze.grid__meter_daily", List.of(file));
    emitter.complete(run, "ingest:bronze.grid__meter_daily", List.of(file), List.of(bronze(ns)));
    emitter.complete(run, "silver:power__meter_daily", List.of(bronze(ns)), List.of(silver(ns)));
    emitter.complete(run, "quality:silver.power__meter_daily", List.of(silver(ns)), List.of());
    emitter.complete(
        run,
        "release:power",
        List.of(silver(ns)),
        List.of(LineageDataset.of(Kind.RELEASE, "releases", "power", "1.0.0")),
        Map.of(
            FactoryFacet.RELEASE,
            Map.of(
                "product", "power",
                "version", "1.0.0",
                "tag", "v1.0.0",
                "decision", "released",
                "approvers", List.of(Map.of("user", "olga", "role", "operator")))));
    emitter.fail(run, "gold:x", List.of(), "boom: jdbc:postgresql://db/lake?password=hunter2");

    List<String> lines = Files.readAllLines(wh.resolve("_lineage/" + run + ".jsonl"));
    assertEquals(6, lines.size());
    for (String line : lines) {
      assertEquals(List.of(), SCHEMAS.problems(line), line);
    }
    JsonNode start = JSON.readTree(lines.get(0));
    JsonNode ingest = JSON.readTree(lines.get(1));
    assertEquals(start.at("/run/runId"), ingest.at("/run/runId"), "one run id per job");
    UUID.fromString(start.at("/run/runId").asText());
    assertEquals(
        LineageEmitter.stepRunId(run, "ingest:bronze.grid__meter_daily").toString(),
        ingest.at("/run/runId").asText());
    assertEquals("factory_run", ingest.at("/run/facets/parent/job/name").asText());
    assertEquals("file", ingest.at("/inputs/0/facets/factory_dataset/kind").asText());
    assertEquals("ab".repeat(32), ingest.at("/inputs/0/facets/factory_dataset/checksum").asText());
    JsonNode build = JSON.readTree(lines.get(2));
    assertEquals("7", build.at("/outputs/0/facets/version/datasetVersion").asText());
    assertEquals("3", build.at("/inputs/0/facets/version/datasetVersion").asText());
    assertEquals(
        "value",
        build.at("/outputs/0/facets/columnLineage/fields/kwh/inputFields/0/field").asText());
    assertEquals(
        "important",
        build.at("/inputs/0/facets/factory_sensitivity/fields/meter_id/grade").asText());
    assertEquals(2, build.at("/outputs/0/facets/schema/fields").size());
    assertEquals(42, build.at("/outputs/0/facets/dataQualityMetrics/rowCount").asLong());
    JsonNode check = JSON.readTree(lines.get(3));
    assertTrue(
        check.at("/inputs/0/inputFacets/dataQualityAssertions/assertions/0/success").asBoolean());
    assertEquals(
        "olga",
        JSON.readTree(lines.get(4)).at("/run/facets/factory_release/approvers/0/user").asText());
    assertEquals(
        "boom: jdbc:postgresql://db/lake?password=<redacted>",
        JSON.readTree(lines.get(5)).at("/run/facets/errorMessage/message").asText(),
        "a password in a failure's message is not written");

    List<LineageEmitter.Emitted> stored = emitter.drain();
    assertEquals(6, stored.size());
    assertEquals(List.of("bronze.grid__meter_daily@3"), stored.get(2).inputs());
    assertEquals(List.of("silver.power__meter_daily@7"), stored.get(2).outputs());
    assertEquals(List.of(), emitter.drain(), "drained once");
  }

  @Test
  void theValidatorRefusesAnEventTheSpecRefuses() throws Exception {
    var emitter = new LineageEmitter(wh.toUri().toString(), new Configuration());
    emitter.complete("r1", "silver:x", List.of(), List.of(silver(wh.toUri().toString())));
    String line = Files.readAllLines(wh.resolve("_lineage/r1.jsonl")).get(0);
    var event = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
    event.remove("eventTime");
    assertFalse(SCHEMAS.problems(event.toString()).isEmpty(), "eventTime is required");
    var bad = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad.at("/outputs/0/facets/factory_dataset"))
        .put("kind", "spreadsheet");
    assertFalse(SCHEMAS.problems(bad.toString()).isEmpty(), "a custom facet is checked too");
    var nested = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
    var facet =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            nested.at("/outputs/0/facets/factory_dataset");
    facet.remove("kind");
    facet.putObject("additionalProperties").put("kind", "table");
    assertFalse(
        SCHEMAS.problems(nested.toString()).isEmpty(),
        "properties nested by a mapper that missed the any-getter are refused");
    var unknown = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
    ((com.fasterxml.jackson.databind.node.ObjectNode) unknown.at("/outputs/0/facets/version"))
        .put("_schemaURL", "https://example.org/NoSuchFacet.json");
    assertFalse(SCHEMAS.problems(unknown.toString()).isEmpty(), "unknown facet schema");
  }

  @Test
  void aMalformedFacetIsDroppedAndTheEventStillGoesOut() throws Exception {
    String ns = wh.toUri().toString();
    var emitter = new LineageEmitter(ns, new Configuration());
    LineageDataset wrong =
        silver(ns)
            .withColumnLineage(
                Map.of(
                    "no_such_column",
                    List.of(new LineageDataset.ColumnSource(ns, "bronze.x__y", "v"))))
            .withQuality(
                List.of(),
                Optional.of(
                    new LineageDataset.Metrics(
                        OptionalLong.of(1),
                        Map.of(
                            "kwh",
                            new LineageDataset.ColumnMetrics(
                                OptionalLong.empty(),
                                OptionalLong.empty(),
                                Optional.of(Double.NaN),
                                Optional.empty(),
                                Optional.empty())))));
    emitter.complete("r2", "silver:x", List.of(), List.of(wrong));
    List<String> lines = Files.readAllLines(wh.resolve("_lineage/r2.jsonl"));
    assertEquals(1, lines.size(), "the event went out");
    JsonNode e = JSON.readTree(lines.get(0));
    assertTrue(e.at("/outputs/0/facets/columnLineage").isMissingNode(), "bad lineage dropped");
    assertTrue(e.at("/outputs/0/facets/dataQualityMetrics").isMissingNode(), "NaN metric dropped");
    assertEquals("7", e.at("/outputs/0/facets/version/datasetVersion").asText(), "rest kept");
    assertEquals(List.of(), SCHEMAS.problems(lines.get(0)));
  }

  @Test
  void aWarehouseItCannotWriteDoesNotFailTheCaller() {
    var emitter = new LineageEmitter("file:///proc/no-such-place", new Configuration());
    emitter.start("20261128T000000Z_0001", "ingest", List.of());
  }

  @Test
  void switchedOffItEmitsNothing() {
    var emitter =
        new LineageEmitter(
            wh.toUri().toString(), new Configuration(), false, "ns", Optional.empty());
    emitter.start("r3", "ingest", List.of());
    assertFalse(Files.exists(wh.resolve("_lineage")));
    assertEquals(List.of(), emitter.drain());
  }
}
