package org.dataelements.factory.core.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.TableId;

/**
 * Builds the one SparkSession of a factory process: Delta as {@code spark_catalog}, the Iceberg
 * catalog {@code lake} from the profile, UTC, quiet UI, and the warehouse's bronze and silver
 * tables registered by name.
 */
public final class LakehouseSessions {
  private LakehouseSessions() {}

  /** The Spark settings a session for this configuration gets (profile settings win). */
  public static Map<String, String> settings(FactoryConfig config) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("spark.app.name", "data-element-factory");
    s.put(
        "spark.sql.extensions",
        "io.delta.sql.DeltaSparkSessionExtension,"
            + "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    s.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    s.put("spark.sql.catalogImplementation", "in-memory");
    s.put("spark.sql.warehouse.dir", config.warehousePath("_spark"));
    s.put("spark.sql.session.timeZone", "UTC");
    s.put("spark.ui.enabled", "false");
    s.put("spark.ui.showConsoleProgress", "false");
    s.put("spark.sql.shuffle.partitions", "8");
    s.put("spark.databricks.delta.snapshotPartitions", "2");
    s.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
    // Every Delta table keeps a change data feed: incremental builds read what changed since a
    // step's last build from it (see Incremental).
    s.put("spark.databricks.delta.properties.defaults.enableChangeDataFeed", "true");
    // Files of at most a million rows: a table written in key order (an incremental step's
    // output) then holds each month in a few files, which is what replacing a month rewrites.
    s.put("spark.sql.files.maxRecordsPerFile", "1000000");
    // Constraint propagation multiplies constraints by every alias of a column; the EPCIS steps'
    // wide projections (one column per identifier role, aliased again per edge type) made the
    // optimizer run out of heap on twelve rows. Inferred IsNotNull filters are all it gives up.
    s.put("spark.sql.constraintPropagation.enabled", "false");
    // Dates are written as they are (proleptic Gregorian): annual statistics reach back centuries
    // (Maddison GDP from year 1), and every reader of this lakehouse is Spark 3+ or Iceberg/Delta.
    s.put("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED");
    s.put("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED");
    String lake = "spark.sql.catalog." + TableId.ICEBERG_CATALOG;
    s.put(lake, "org.apache.iceberg.spark.SparkCatalog");
    // One list of catalog properties for the session and for LakeCatalog (no Spark).
    LakeCatalog.catalogProperties(config).forEach((k, v) -> s.put(lake + "." + k, v));
    config
        .spark()
        .master()
        .ifPresent(
            master -> {
              s.put("spark.master", master);
              if (master.startsWith("local")) {
                s.put("spark.driver.bindAddress", "127.0.0.1");
                s.put("spark.driver.host", "127.0.0.1");
              }
            });
    if (config.lineage().enabled() && config.lineage().sparkListener()) {
      // openlineage-spark's own listener, beside the factory's events (STACK.md: it misses
      // branches and tags, so the factory's events stay the reference).
      s.put("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener");
      s.put("spark.openlineage.namespace", config.lineage().namespace());
      s.put("spark.openlineage.transport.type", "file");
      s.put(
          "spark.openlineage.transport.location",
          config
              .localWarehouse()
              .map(w -> w.resolve("_lineage/spark/events.jsonl").toString())
              .orElseGet(
                  () ->
                      java.nio.file.Path.of(System.getProperty("java.io.tmpdir"))
                          .resolve("factory-spark-lineage.jsonl")
                          .toString()));
      s.put("spark.openlineage.columnLineage.datasetLineageEnabled", "true");
    }
    // An S3 endpoint that stops answering must end the run, not stall it: with hadoop-aws's
    // defaults (10 SDK attempts inside each of 8 s3a attempts, 50 s to connect, 200 s to read) one
    // request to a dead endpoint retries for minutes, and a run makes many. A profile may set
    // other values (its settings come last).
    s.put("spark.hadoop.fs.s3a.attempts.maximum", "3");
    s.put("spark.hadoop.fs.s3a.retry.limit", "3");
    s.put("spark.hadoop.fs.s3a.connection.establish.timeout", "10000");
    s.put("spark.hadoop.fs.s3a.connection.timeout", "60000");
    s.putAll(config.spark().conf());
    return s;
  }

  /** Creates (or returns the process's existing) session and registers the layers' tables. */
  public static SparkSession create(FactoryConfig config) {
    return create(config, true);
  }

  /**
   * Creates the session; with {@code registerTables}, every bronze and silver table is registered
   * by name for SQL (each registration reads the table's log, so commands that address tables by id
   * only can skip it).
   */
  public static SparkSession create(FactoryConfig config, boolean registerTables) {
    SparkSession.Builder builder = SparkSession.builder();
    settings(config).forEach(builder::config);
    if (config.lineage().enabled() && config.lineage().sparkListener()) {
      config
          .localWarehouse()
          .ifPresent(
              w -> {
                try {
                  java.nio.file.Files.createDirectories(w.resolve("_lineage/spark"));
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }
    SparkSession spark = builder.getOrCreate();
    if (registerTables) {
      new Lakehouse(spark, config).registerLayerTables();
    }
    return spark;
  }
}
