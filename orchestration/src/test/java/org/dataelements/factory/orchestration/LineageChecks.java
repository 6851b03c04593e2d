package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.lineage.LineageEmitter;
import org.dataelements.factory.lineage.testing.OpenLineageSchemas;

/**
 * What every factory run's lineage must hold, checked after the runs of the sample and of the
 * shared data: each event valid by the official schemas (facets by theirs), ingest reading landing
 * files with their checksums, every build's outputs with version, schema and sensitivity, column
 * lineage on the outputs, and every event also in {@code lake.ops.lineage_events}.
 */
final class LineageChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OpenLineageSchemas schemas;

  private LineageChecks() {}

  /** The events of one factory run, each checked; returns them parsed. */
  static List<JsonNode> assertComplete(Lakehouse lh, String runId) throws IOException {
    if (schemas == null) {
      schemas = OpenLineageSchemas.load();
    }
    Path file =
        lh.config().localWarehouse().orElseThrow().resolve("_lineage").resolve(runId + ".jsonl");
    List<String> lines = Files.readAllLines(file);
    List<JsonNode> events = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String line : lines) {
      schemas.problems(line).forEach(p -> problems.add(p + " in " + abbreviate(line)));
      events.add(JSON.readTree(line));
    }
    assertEquals(List.of(), problems, "every event of run " + runId + " is valid");

    List<JsonNode> ingests =
        events.stream()
            .filter(e -> e.at("/job/name").asText().startsWith("ingest:"))
            .filter(e -> e.path("eventType").asText().equals("COMPLETE"))
            .toList();
    assertTrue(!ingests.isEmpty(), "ingest emits one run per bronze table");
    for (JsonNode e : ingests) {
      for (JsonNode in : e.path("inputs")) {
        assertEquals("file", in.at("/facets/factory_dataset/kind").asText(), in.toString());
        assertTrue(
            in.at("/facets/factory_dataset/checksum").asText().matches("[0-9a-f]{64}"),
            in.toString());
        assertTrue(!in.path("name").asText().startsWith("/"), "relative to the landing root");
      }
    }
    boolean anyColumnLineage = false;
    for (JsonNode e : events) {
      String job = e.at("/job/name").asText();
      if (!e.path("eventType").asText().equals("COMPLETE")
          || !(job.startsWith("silver:") || job.startsWith("gold:"))) {
        continue;
      }
      for (JsonNode out : e.path("outputs")) {
        String where = job + " → " + out.path("name").asText();
        assertTrue(out.at("/facets/version/datasetVersion").isTextual(), where);
        assertTrue(out.at("/facets/schema/fields").size() > 0, "schema of " + where);
        assertTrue(out.at("/facets/dataSource/name").isTextual(), "dataSource of " + where);
        assertEquals(
            out.at("/facets/schema/fields").size(),
            out.at("/facets/factory_sensitivity/fields").size(),
            "every column graded: " + where);
        if (out.path("name").asText().startsWith("lake.")) {
          assertTrue(
              out.at("/facets/factory_dataset/ref").asText().startsWith("candidate_"),
              "a gold output is written on the candidate branch: " + where);
        }
        anyColumnLineage |= out.at("/facets/columnLineage/fields").size() > 0;
      }
      for (JsonNode in : e.path("inputs")) {
        assertTrue(
            !in.at("/facets/version/datasetVersion").asText().equals("-1"),
            "an input read at a version: " + job + " ← " + in.path("name").asText());
      }
    }
    assertTrue(anyColumnLineage, "column lineage on the outputs of run " + runId);

    long stored =
        lh.spark()
            .sql(
                "select count(*) from lake.ops.lineage_events where parent_run_id = '"
                    + LineageEmitter.parentRunId(runId)
                    + "'")
            .first()
            .getLong(0);
    assertEquals(lines.size(), stored, "every event of the run is in lake.ops.lineage_events");
    return events;
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
