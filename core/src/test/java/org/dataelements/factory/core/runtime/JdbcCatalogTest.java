package org.dataelements.factory.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cluster profile's Iceberg catalog on a real PostgreSQL (embedded binaries, 127.0.0.1): the
 * settings {@link LakehouseSessions} derives from a jdbc catalog create, write, and time-travel a
 * table. The shared session keeps its own catalog; these settings are applied under another name.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class JdbcCatalogTest {
  @Test
  void icebergTablesLiveInAPostgresCatalog(SparkSession spark) throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start()) {
      Path wh = Files.createTempDirectory("jdbc-wh");
      FactoryConfig config =
          new FactoryConfig(
              "cluster",
              wh.toUri().toString().replaceAll("/$", ""),
              Path.of("conf"),
              new FactoryConfig.SparkSettings(Optional.empty(), Map.of()),
              new FactoryConfig.CatalogSettings(
                  "jdbc",
                  Optional.of("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres"),
                  Map.of("jdbc.user", "postgres", "jdbc.password", "")),
              new FactoryConfig.LineageSettings("file", Optional.empty()));
      LakehouseSessions.settings(config)
          .forEach(
              (k, v) -> {
                if (k.startsWith("spark.sql.catalog.lake")) {
                  spark
                      .conf()
                      .set(k.replace("spark.sql.catalog.lake", "spark.sql.catalog.pglake"), v);
                }
              });
      spark.sql("CREATE NAMESPACE IF NOT EXISTS pglake.electricity_index");
      spark.sql("CREATE TABLE pglake.electricity_index.t (id BIGINT) USING iceberg");
      spark.range(3).writeTo("pglake.electricity_index.t").append();
      long first =
          spark
              .sql("SELECT snapshot_id FROM pglake.electricity_index.t.snapshots")
              .first()
              .getLong(0);
      spark.range(2).writeTo("pglake.electricity_index.t").append();
      assertEquals(5, spark.table("pglake.electricity_index.t").count());
      assertEquals(
          3, spark.sql("SELECT * FROM pglake.electricity_index.t VERSION AS OF " + first).count());
      // The same table without Spark, through the catalog built from the same properties.
      try (LakeCatalog lake = LakeCatalog.withCatalog(config, "pglake")) {
        org.apache.iceberg.Table t =
            lake.table(org.dataelements.factory.core.TableId.gold("electricity_index", "t"))
                .orElseThrow();
        assertEquals(
            3,
            LakeCatalog.read(
                    t,
                    first,
                    org.apache.iceberg.expressions.Expressions.alwaysTrue(),
                    List.of("id"))
                .size());
      }
      try (var c = pg.getPostgresDatabase().getConnection();
          var rs =
              c.createStatement()
                  .executeQuery("select count(*) from iceberg_tables where table_name = 't'")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "the table is registered in PostgreSQL");
      }
    }
  }
}
