package org.dataelements.factory.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.CommitResult;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.testing.S3ProxyServer;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cluster profile's warehouse on S3 (S3Proxy on 127.0.0.1, through s3a): a bronze Delta table
 * at the location its id gives and an Iceberg Hadoop catalog at {@code <warehouse>/lake}, each
 * written twice and read back at both versions. The shared session keeps its own catalog {@code
 * lake}; the S3 one is applied under another name.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class S3WarehouseTest {
  private static final String BUCKET = "warehouse-test";

  @Test
  void deltaAndIcebergTablesLiveOnS3(SparkSession spark) throws Exception {
    S3ProxyServer s3 = S3ProxyServer.shared();
    s3.createBucket(BUCKET);
    FactoryConfig config =
        new FactoryConfig(
            "cluster",
            "s3a://" + BUCKET + "/wh",
            Path.of("conf"),
            new FactoryConfig.SparkSettings(Optional.empty(), s3.sparkSettings()),
            new FactoryConfig.CatalogSettings("hadoop", Optional.empty(), Map.of()),
            new FactoryConfig.LineageSettings("file", Optional.empty()));
    Map<String, String> settings = LakehouseSessions.settings(config);
    assertEquals("s3a://" + BUCKET + "/wh/lake", settings.get("spark.sql.catalog.lake.warehouse"));
    assertEquals(s3.endpoint(), settings.get("spark.hadoop.fs.s3a.endpoint"));

    Lakehouse lh = new Lakehouse(spark, config);
    TableId bronze = TableId.bronze("s3test", "readings");
    CommitResult first =
        lh.appendDelta(bronze, spark.range(3).toDF("n"), 3, RunIds.next(Instant.now()));
    lh.appendDelta(bronze, spark.range(10, 12).toDF("n"), 2, RunIds.next(Instant.now()));
    assertEquals(5, lh.read(bronze).count());
    String location = bronze.location(config.warehouse());
    assertEquals("s3a://" + BUCKET + "/wh/bronze/s3test/readings", location);
    assertEquals(
        List.of(0L, 1L, 2L),
        spark
            .read()
            .format("delta")
            .option("versionAsOf", first.version())
            .load(location)
            .sort("n")
            .as(org.apache.spark.sql.Encoders.LONG())
            .collectAsList());
    FileSystem fs =
        new org.apache.hadoop.fs.Path(location)
            .getFileSystem(spark.sparkContext().hadoopConfiguration());
    assertTrue(
        fs.exists(
            new org.apache.hadoop.fs.Path(location + "/_delta_log/00000000000000000001.json")),
        "the Delta log is in the bucket");
    assertTrue(
        lh.deltaTables().contains(bronze), "the warehouse's tables are found by listing s3a");

    settings.forEach(
        (k, v) -> {
          if (k.startsWith("spark.sql.catalog.lake")) {
            spark.conf().set(k.replace("spark.sql.catalog.lake", "spark.sql.catalog.s3lake"), v);
          }
        });
    spark.sql("CREATE NAMESPACE IF NOT EXISTS s3lake.electricity_index");
    spark.sql("CREATE TABLE s3lake.electricity_index.t (id BIGINT) USING iceberg");
    spark.range(3).writeTo("s3lake.electricity_index.t").append();
    long snapshot =
        spark
            .sql("SELECT snapshot_id FROM s3lake.electricity_index.t.snapshots")
            .first()
            .getLong(0);
    spark.range(2).writeTo("s3lake.electricity_index.t").append();
    assertEquals(5, spark.table("s3lake.electricity_index.t").count());
    List<Row> old =
        spark
            .sql(
                "SELECT id FROM s3lake.electricity_index.t VERSION AS OF "
                    + snapshot
                    + " ORDER BY id")
            .collectAsList();
    assertEquals(List.of(0L, 1L, 2L), old.stream().map(r -> r.getLong(0)).toList());
    // The same snapshot without Spark: a hadoop catalog on s3a, with the profile's fs.s3a settings.
    try (LakeCatalog lake = LakeCatalog.open(config)) {
      org.apache.iceberg.Table t = lake.table(TableId.gold("electricity_index", "t")).orElseThrow();
      assertEquals(
          List.of(0L, 1L, 2L),
          LakeCatalog.read(
                  t,
                  snapshot,
                  org.apache.iceberg.expressions.Expressions.alwaysTrue(),
                  List.of("id"))
              .stream()
              .map(r -> (Long) r.getField("id"))
              .sorted()
              .toList());
    }
    assertTrue(
        fs.exists(
            new org.apache.hadoop.fs.Path(
                "s3a://" + BUCKET + "/wh/lake/electricity_index/t/metadata")),
        "the Iceberg metadata is in the bucket");
  }
}
