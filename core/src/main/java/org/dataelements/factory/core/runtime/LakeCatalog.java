package org.dataelements.factory.core.runtime;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.Layer;
import org.dataelements.factory.core.TableId;

/**
 * The Iceberg catalog {@code lake} without Spark: the catalog the session gets from {@link
 * LakehouseSessions}, built from the same properties, for commands that answer from one snapshot of
 * a table in well under a second. Nothing here loads a Spark class.
 */
public final class LakeCatalog implements Closeable {
  private static final String SPARK_CATALOG_PREFIX =
      "spark.sql.catalog." + TableId.ICEBERG_CATALOG + ".";
  private static final String SPARK_HADOOP_PREFIX = "spark.hadoop.";

  private final Optional<Catalog> catalog;
  private final Optional<LocalHadoopTables> local;

  private LakeCatalog(Optional<Catalog> catalog, Optional<LocalHadoopTables> local) {
    this.catalog = catalog;
    this.local = local;
  }

  /**
   * The catalog {@code lake} of this configuration (hadoop under the warehouse, jdbc or rest). A
   * hadoop catalog on a local warehouse, with no other catalog property, is read without Hadoop
   * (the same files, found the same way; half a second less to start).
   */
  public static LakeCatalog open(FactoryConfig config) {
    requireNonNull(config, "config is null");
    Map<String, String> props = catalogProperties(config);
    boolean plainHadoop =
        props.get(CatalogUtil.ICEBERG_CATALOG_TYPE).equals(CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP)
            && props.get(CatalogProperties.WAREHOUSE_LOCATION).equals(config.warehousePath("lake"))
            && props.size() == 2;
    Optional<java.nio.file.Path> warehouse = config.localWarehouse();
    if (plainHadoop && warehouse.isPresent()) {
      return new LakeCatalog(
          Optional.empty(), Optional.of(new LocalHadoopTables(warehouse.get().resolve("lake"))));
    }
    return withCatalog(config, TableId.ICEBERG_CATALOG);
  }

  /**
   * The catalog built by Iceberg from the properties, always (a jdbc catalog keeps its tables per
   * catalog name, so tests may name it).
   */
  static LakeCatalog withCatalog(FactoryConfig config, String name) {
    requireNonNull(config, "config is null");
    return new LakeCatalog(
        Optional.of(
            CatalogUtil.buildIcebergCatalog(name, catalogProperties(config), hadoopConf(config))),
        Optional.empty());
  }

  /** True when tables are read from local files without Hadoop. */
  boolean readsWithoutHadoop() {
    return local.isPresent();
  }

  /**
   * The properties of the catalog {@code lake}: {@code type}, {@code warehouse} ({@code
   * <warehouse>/lake}), {@code uri}, the profile's catalog properties, then any {@code
   * spark.sql.catalog.lake.*} setting of the profile's Spark conf, which wins in a session too.
   */
  public static Map<String, String> catalogProperties(FactoryConfig config) {
    Map<String, String> p = new LinkedHashMap<>();
    FactoryConfig.CatalogSettings catalog = config.catalog();
    p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, catalog.type());
    p.put(CatalogProperties.WAREHOUSE_LOCATION, config.warehousePath("lake"));
    catalog.uri().ifPresent(uri -> p.put(CatalogProperties.URI, uri));
    p.putAll(catalog.properties());
    config.spark().conf().entrySet().stream()
        .filter(e -> e.getKey().startsWith(SPARK_CATALOG_PREFIX))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> p.put(e.getKey().substring(SPARK_CATALOG_PREFIX.length()), e.getValue()));
    return p;
  }

  /**
   * Hadoop's defaults with the profile's {@code spark.hadoop.*} settings, as a session has them.
   */
  static Configuration hadoopConf(FactoryConfig config) {
    Configuration conf = new Configuration();
    config
        .spark()
        .conf()
        .forEach(
            (k, v) -> {
              if (k.startsWith(SPARK_HADOOP_PREFIX)) {
                conf.set(k.substring(SPARK_HADOOP_PREFIX.length()), v);
              }
            });
    return conf;
  }

  /**
   * The Iceberg table of a gold or ops id, for reading (a table read without Hadoop refuses
   * commits); empty when it was never created.
   */
  public Optional<Table> table(TableId id) {
    if (id.format() != Layer.TableFormat.ICEBERG) {
      throw new IllegalArgumentException(id + " is not an Iceberg table");
    }
    try {
      if (local.isPresent()) {
        return local.get().load(id.namespace(), id.entity());
      }
      return Optional.of(
          catalog.orElseThrow().loadTable(TableIdentifier.of(id.namespace(), id.entity())));
    } catch (NoSuchTableException e) {
      return Optional.empty();
    } catch (UncheckedIOException e) {
      throw CoreErrors.cannotReadTable(id.sqlName(), "its metadata", e);
    }
  }

  /**
   * The rows of a table at a snapshot that match a filter, with the given columns only (data files
   * and Parquet row groups whose statistics rule the filter out are skipped).
   */
  public static List<Record> read(
      Table table, long snapshotId, Expression filter, List<String> columns) {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table)
            .useSnapshot(snapshotId)
            .where(filter)
            .select(columns.toArray(String[]::new))
            .build()) {
      for (Record r : rows) {
        out.add(r.copy());
      }
    } catch (IOException | UncheckedIOException e) {
      throw CoreErrors.cannotReadTable(table.name(), "snapshot " + snapshotId, e);
    }
    return out;
  }

  /**
   * Every row of {@code lake.ops.releases} (empty when no release was ever recorded), newest first,
   * as {@link OpsTables#releases()} gives them in a session.
   */
  public List<OpsTables.Release> releases() {
    // Not OpsTables.RELEASES: initializing OpsTables builds its Spark schemas.
    Optional<Table> table = table(TableId.ops("releases"));
    if (table.isEmpty() || table.get().currentSnapshot() == null) {
      return List.of();
    }
    Table t = table.get();
    List<OpsTables.Release> out = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
      for (Record r : rows) {
        out.add(release(r));
      }
    } catch (IOException | UncheckedIOException e) {
      throw CoreErrors.cannotReadTable(t.name(), "its current snapshot", e);
    }
    out.sort(Comparator.comparing(OpsTables.Release::createdAt).reversed());
    return out;
  }

  private static OpsTables.Release release(Record r) {
    List<?> approvers = (List<?>) r.getField("approvers");
    return new OpsTables.Release(
        (String) r.getField("product"),
        Optional.ofNullable((String) r.getField("version")),
        (String) r.getField("candidate"),
        (String) r.getField("run_id"),
        (String) r.getField("status"),
        ((OffsetDateTime) r.getField("created_at")).toInstant(),
        Optional.ofNullable((OffsetDateTime) r.getField("decided_at"))
            .map(OffsetDateTime::toInstant),
        approvers == null ? List.of() : approvers.stream().map(String::valueOf).toList(),
        Optional.ofNullable((String) r.getField("manifest_sha256")),
        Optional.ofNullable((String) r.getField("gates")).orElse(""),
        Optional.ofNullable((String) r.getField("message")).orElse(""));
  }

  @Override
  public void close() {
    if (catalog.isPresent() && catalog.get() instanceof Closeable c) {
      try {
        c.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the catalog " + catalog.get().name(), e);
      }
    }
  }
}
