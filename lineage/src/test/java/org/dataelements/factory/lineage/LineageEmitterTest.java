package org.dataelements.factory.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.dataelements.factory.core.TableId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageEmitterTest {
  @TempDir Path wh;

  @Test
  void writesOneJsonLineperEventWithVersionedDatasets() throws Exception {
    var emitter = new LineageEmitter(wh.toUri().toString(), new Configuration());
    var in = new LineageEmitter.DatasetVersion(TableId.bronze("grid", "meter_daily"), 3);
    var out = new LineageEmitter.DatasetVersion(TableId.silver("power", "meter_daily"), 7);
    emitter.start("20261128T000000Z_0001", "silver:power__meter_daily", List.of(in));
    emitter.complete(
        "20261128T000000Z_0001", "silver:power__meter_daily", List.of(in), List.of(out));
    emitter.fail("20261128T000000Z_0001", "gold:x", List.of(), "boom");
    List<String> lines = Files.readAllLines(wh.resolve("_lineage/20261128T000000Z_0001.jsonl"));
    assertEquals(3, lines.size());
    ObjectMapper json = new ObjectMapper();
    JsonNode start = json.readTree(lines.get(0));
    JsonNode complete = json.readTree(lines.get(1));
    assertEquals("START", start.get("eventType").asText());
    assertEquals(start.at("/run/runId"), complete.at("/run/runId"), "one run id per step");
    UUID.fromString(start.at("/run/runId").asText());
    assertEquals("silver.power__meter_daily", complete.at("/outputs/0/name").asText());
    assertEquals("7", complete.at("/outputs/0/facets/version/datasetVersion").asText());
    assertEquals("bronze.grid__meter_daily", complete.at("/inputs/0/name").asText());
    assertTrue(
        json.readTree(lines.get(2)).at("/run/facets/errorMessage/message").asText().equals("boom"));
  }

  @Test
  void aWarehouseItCannotWriteDoesNotFailTheCaller() {
    var emitter = new LineageEmitter("file:///proc/no-such-place", new Configuration());
    emitter.start("20261128T000000Z_0001", "ingest", List.of());
  }
}
