package org.dataelements.factory.products.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.core.LakehouseException;
import org.junit.jupiter.api.Test;

class ReleaseManifestTest {
  static final List<SchemaColumn> MONTHLY =
      List.of(
          new SchemaColumn("region_code", "string", false),
          new SchemaColumn("month", "date", false),
          new SchemaColumn("value", "DECIMAL(12, 4)", true));

  /** A manifest with tables and approvals given out of order, as callers may. */
  static ReleaseManifest sample() {
    return new ReleaseManifest(
        "electricity_index",
        Semver.parse("1.3.0"),
        Optional.of(Semver.parse("1.2.0")),
        Instant.parse("2026-12-02T10:15:30Z"),
        "20261128T145500Z_ab12",
        "candidate_20261128T145500Z_ab12",
        List.of(
            new ManifestTable("sector_indices", 42L, 1200L, SchemaHash.of(MONTHLY)),
            new ManifestTable(
                "monthly_indices", 7_000_000_000_001L, 98_765L, SchemaHash.of(MONTHLY))),
        new QualitySummary(31, 2, 0),
        List.of(new GateResult("quality", GateStatus.PASSED, "31 passed, 2 warned")),
        List.of(
            new Approval("olga", Role.OPERATOR, Instant.parse("2026-12-02T10:15:00Z")),
            new Approval("ivan", Role.OPERATOR, Instant.parse("2026-12-02T09:00:00Z"))));
  }

  @Test
  void jsonHasTheContractFieldsInAFixedOrder() {
    String json = new String(sample().toJson(), StandardCharsets.UTF_8);
    String expected =
        """
        {
          "format": 1,
          "product": "electricity_index",
          "version": "1.3.0",
          "previous_version": "1.2.0",
          "created_at": "2026-12-02T10:15:30Z",
          "run_id": "20261128T145500Z_ab12",
          "candidate": "candidate_20261128T145500Z_ab12",
          "tables": [
            {
              "name": "monthly_indices",
              "snapshot_id": 7000000000001,
              "rows": 98765,
              "schema_sha256": "%1$s"
            },
            {
              "name": "sector_indices",
              "snapshot_id": 42,
              "rows": 1200,
              "schema_sha256": "%1$s"
            }
          ],
          "quality": {
            "passed": 31,
            "warned": 2,
            "failed": 0
          },
          "gates": [
            {
              "gate": "quality",
              "status": "passed",
              "detail": "31 passed, 2 warned"
            }
          ],
          "approvals": [
            {
              "user": "ivan",
              "role": "operator",
              "at": "2026-12-02T09:00:00Z"
            },
            {
              "user": "olga",
              "role": "operator",
              "at": "2026-12-02T10:15:00Z"
            }
          ]
        }
        """
            .formatted(SchemaHash.of(MONTHLY));
    assertEquals(expected, json);
  }

  @Test
  void roundTripIsEqualAndByteStable() {
    byte[] bytes = sample().toJson();
    ReleaseManifest back = ReleaseManifest.parse(bytes, "manifest.json");
    assertEquals(sample(), back);
    assertArrayEquals(bytes, back.toJson());
    assertEquals(ReleaseManifest.sha256(bytes), back.sha256());
  }

  @Test
  void firstReleaseHasANullPreviousVersionAndEmptyLists() {
    ReleaseManifest s = sample();
    ReleaseManifest first =
        new ReleaseManifest(
            s.product(),
            Semver.FIRST,
            Optional.empty(),
            s.createdAt(),
            s.runId(),
            s.candidate(),
            s.tables(),
            s.quality(),
            List.of(),
            List.of());
    String json = new String(first.toJson(), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"previous_version\": null,"), json);
    assertTrue(json.contains("\"gates\": [],"), json);
    assertEquals(first, ReleaseManifest.parse(first.toJson(), "m"));
  }

  @Test
  void sha256IsOfTheExactBytes() {
    byte[] bytes = sample().toJson();
    assertEquals(64, ReleaseManifest.sha256(bytes).length());
    bytes[bytes.length - 2] = ' ';
    assertNotEquals(sample().sha256(), ReleaseManifest.sha256(bytes));
  }

  @Test
  void parsingIsStrict() {
    String json = new String(sample().toJson(), StandardCharsets.UTF_8);
    assertParseFails(
        json.replace("\"rows\": 1200,", "\"rows\": 1200, \"extra\": true,"),
        "tables[1].extra is not a known key");
    assertParseFails(json.replace("\"rows\": 1200,", ""), "tables[1].rows is missing");
    assertParseFails(
        json.replace("\"rows\": 1200,", "\"rows\": \"1200\","),
        "tables[1].rows must be an integer");
    assertParseFails(
        json.replace("\"format\": 1,", "\"format\": 1, \"format\": 1,"), "not valid JSON");
    assertParseFails(json.replace("\"1.3.0\"", "\"1.3\""), "version '1.3' is not valid");
    assertParseFails(json + "{}", "not valid JSON");
    assertParseFails(
        json.replace("\"status\": \"passed\"", "\"status\": \"ok\""),
        "gates[0].status 'ok' is not valid");
    assertParseFails(json.replace("\"1.2.0\"", "\"1.4.0\""), "greater than the previous version");
  }

  @Test
  void duplicateTablesAreAnInconsistency() {
    ReleaseManifest s = sample();
    LakehouseException e =
        assertThrows(
            LakehouseException.class,
            () ->
                new ReleaseManifest(
                    s.product(),
                    s.version(),
                    s.previousVersion(),
                    s.createdAt(),
                    s.runId(),
                    s.candidate(),
                    List.of(s.tables().get(0), s.tables().get(0)),
                    s.quality(),
                    s.gates(),
                    s.approvals()));
    assertTrue(e.getMessage().contains("monthly_indices"), e.getMessage());
  }

  @Test
  void schemaHashIsCanonicalOverTypeSpellingButNotOverColumnOrder() {
    List<SchemaColumn> spelled =
        List.of(
            new SchemaColumn("region_code", "STRING", false),
            new SchemaColumn("month", " date", false),
            new SchemaColumn("value", "decimal(12,4)", true));
    assertEquals(SchemaHash.of(MONTHLY), SchemaHash.of(spelled));
    assertEquals(
        "[[\"region_code\",\"string\",false],[\"month\",\"date\",false],"
            + "[\"value\",\"decimal(12,4)\",true]]",
        new String(SchemaHash.canonical(MONTHLY), StandardCharsets.UTF_8));
    List<SchemaColumn> reordered = List.of(MONTHLY.get(1), MONTHLY.get(0), MONTHLY.get(2));
    assertNotEquals(SchemaHash.of(MONTHLY), SchemaHash.of(reordered));
    List<SchemaColumn> nullable =
        List.of(MONTHLY.get(0), MONTHLY.get(1), new SchemaColumn("value", "decimal(12,4)", false));
    assertNotEquals(SchemaHash.of(MONTHLY), SchemaHash.of(nullable));
  }

  private static void assertParseFails(String json, String fragment) {
    DataInputException e =
        assertThrows(
            DataInputException.class,
            () -> ReleaseManifest.parse(json.getBytes(StandardCharsets.UTF_8), "x/manifest.json"));
    assertTrue(e.getMessage().startsWith("x/manifest.json: "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
