package org.dataelements.factory.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog {@code lake} without Spark: the same properties as the session's, and the same
 * tables, snapshots, refs and rows whether read through Iceberg's hadoop catalog or straight from
 * the local files.
 */
@ExtendWith(SparkTestSession.class)
class LakeCatalogTest {
  static final TableId T = TableId.gold("lake_catalog_test", "facts");

  @TempDir Path tmp;

  private static FactoryConfig config(
      FactoryConfig.CatalogSettings catalog, Map<String, String> spark) {
    return new FactoryConfig(
        "cluster",
        "file:/wh",
        Path.of("conf"),
        new FactoryConfig.SparkSettings(Optional.empty(), spark),
        catalog,
        new FactoryConfig.LineageSettings("file", Optional.empty()));
  }

  @Test
  void aHadoopCatalogHasItsTypeAndTheLakeFolderOfTheWarehouse() {
    FactoryConfig c =
        config(new FactoryConfig.CatalogSettings("hadoop", Optional.empty(), Map.of()), Map.of());
    assertEquals(
        Map.of("type", "hadoop", "warehouse", "file:/wh/lake"), LakeCatalog.catalogProperties(c));
  }

  @Test
  void catalogPropertiesAreTheSessionsLakeSettingsWithTheProfilesOverrides() {
    FactoryConfig c =
        config(
            new FactoryConfig.CatalogSettings(
                "jdbc",
                Optional.of("jdbc:postgresql://db:5432/lake"),
                Map.of("jdbc.user", "u", "jdbc.password", "p")),
            Map.of(
                "spark.sql.catalog.lake.cache-enabled", "false",
                "spark.sql.catalog.lake.jdbc.user", "override",
                "spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000"));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("type", "jdbc");
    expected.put("warehouse", "file:/wh/lake");
    expected.put("uri", "jdbc:postgresql://db:5432/lake");
    expected.put("jdbc.user", "override");
    expected.put("jdbc.password", "p");
    expected.put("cache-enabled", "false");
    assertEquals(expected, LakeCatalog.catalogProperties(c));
    Map<String, String> session = new LinkedHashMap<>();
    LakehouseSessions.settings(c)
        .forEach(
            (k, v) -> {
              if (k.startsWith("spark.sql.catalog.lake.")) {
                session.put(k.substring("spark.sql.catalog.lake.".length()), v);
              }
            });
    assertEquals(expected, session, "the session's catalog lake gets the same properties");
    assertEquals(
        "http://127.0.0.1:9000", LakeCatalog.hadoopConf(c).get("fs.s3a.endpoint"), "s3a as Spark");
  }

  @Test
  void onlyAPlainHadoopCatalogOnALocalWarehouseIsReadWithoutHadoop() {
    FactoryConfig.CatalogSettings hadoop =
        new FactoryConfig.CatalogSettings("hadoop", Optional.empty(), Map.of());
    try (LakeCatalog plain = LakeCatalog.open(config(hadoop, Map.of()));
        LakeCatalog elsewhere =
            LakeCatalog.open(
                config(hadoop, Map.of("spark.sql.catalog.lake.warehouse", "file:/other")));
        LakeCatalog withIo =
            LakeCatalog.open(
                config(
                    new FactoryConfig.CatalogSettings(
                        "hadoop",
                        Optional.empty(),
                        Map.of("io-impl", "org.apache.iceberg.hadoop.HadoopFileIO")),
                    Map.of()))) {
      assertTrue(plain.readsWithoutHadoop());
      assertFalse(elsewhere.readsWithoutHadoop(), "a warehouse the profile moves");
      assertFalse(withIo.readsWithoutHadoop(), "a property only Iceberg's catalog honours");
    }
  }

  @Test
  @Tag("spark")
  void readsWhatTheSessionWroteAtEverySnapshotWithAndWithoutHadoop(Lakehouse lh) {
    var spark = lh.spark();
    lh.replaceIceberg(T, spark.range(3).toDF("id"), 3, Optional.empty());
    long first = lh.currentSnapshot(T);
    lh.tag(T, "v1.0.0", first);
    lh.replaceIceberg(T, spark.range(10, 15).toDF("id"), 5, Optional.empty());
    long second = lh.currentSnapshot(T);

    try (LakeCatalog local = LakeCatalog.open(lh.config());
        LakeCatalog hadoop = LakeCatalog.withCatalog(lh.config(), TableId.ICEBERG_CATALOG)) {
      assertTrue(local.readsWithoutHadoop());
      assertFalse(hadoop.readsWithoutHadoop());
      for (LakeCatalog lake : List.of(local, hadoop)) {
        Table t = lake.table(T).orElseThrow();
        assertEquals(second, t.currentSnapshot().snapshotId());
        assertEquals(first, t.refs().get("v1.0.0").snapshotId());
        assertTrue(t.refs().get("v1.0.0").isTag());
        assertEquals(
            List.of(0L, 1L, 2L),
            ids(LakeCatalog.read(t, first, Expressions.alwaysTrue(), List.of("id"))));
        assertEquals(
            List.of(12L),
            ids(LakeCatalog.read(t, second, Expressions.equal("id", 12L), List.of("id"))));
        assertEquals(Optional.empty(), lake.table(TableId.gold("lake_catalog_test", "none")));
      }
    }
  }

  @Test
  @Tag("spark")
  void aStaleOrMissingVersionHintStillFindsTheNewestMetadata(Lakehouse lh) throws IOException {
    TableId id = TableId.gold("lake_catalog_test", "hinted");
    lh.replaceIceberg(id, lh.spark().range(2).toDF("id"), 2, Optional.empty());
    lh.tag(id, "v1.0.0", lh.currentSnapshot(id));
    long newest = lh.currentSnapshot(id);
    Path table =
        lh.config().localWarehouse().orElseThrow().resolve("lake/lake_catalog_test/hinted");
    Path copy = tmp.resolve("lake/ns/hinted");
    copyTree(table, copy);
    LocalHadoopTables tables = new LocalHadoopTables(tmp.resolve("lake"));
    Path hint = copy.resolve("metadata/version-hint.text");
    String current = Files.readString(hint).strip();
    assertTrue(Integer.parseInt(current) > 1, "several metadata versions: " + current);

    Files.writeString(hint, "1");
    Table behind = tables.load("ns", "hinted").orElseThrow();
    assertEquals(newest, behind.refs().get(SnapshotRef.MAIN_BRANCH).snapshotId());
    assertTrue(behind.refs().containsKey("v1.0.0"), "the newest metadata has the tag");

    Files.delete(hint);
    assertEquals(newest, tables.load("ns", "hinted").orElseThrow().currentSnapshot().snapshotId());
    Files.writeString(hint, "999");
    assertEquals(newest, tables.load("ns", "hinted").orElseThrow().currentSnapshot().snapshotId());
    assertEquals(Optional.empty(), tables.load("ns", "missing"));
  }

  @Test
  @Tag("spark")
  void releasesAreTheRowsOfOpsReleasesAsTheSessionReadsThem(Lakehouse lh) {
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    ops.recordRelease(
        new OpsTables.Release(
            "lake_catalog_test",
            Optional.of("1.0.0"),
            "candidate_20261201T100000Z_ab12",
            "20261201T100000Z_ab12",
            "released",
            at,
            Optional.of(at.plusSeconds(60)),
            List.of("ops.a", "ops.b"),
            Optional.of("0".repeat(64)),
            "[]",
            "released as v1.0.0"));
    try (LakeCatalog lake = LakeCatalog.open(lh.config())) {
      List<OpsTables.Release> mine =
          lake.releases().stream().filter(r -> r.product().equals("lake_catalog_test")).toList();
      assertEquals(
          ops.releases().stream().filter(r -> r.product().equals("lake_catalog_test")).toList(),
          mine);
      assertEquals(1, mine.size());
      assertEquals(List.of("ops.a", "ops.b"), mine.get(0).approvers());
    }
  }

  private static List<Long> ids(List<Record> rows) {
    return rows.stream().map(r -> (Long) r.getField("id")).sorted().toList();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
