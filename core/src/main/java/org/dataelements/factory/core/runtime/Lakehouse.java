package org.dataelements.factory.core.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CommitResult;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.Layer;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableNotFoundException;

/**
 * Reads and writes the warehouse's tables by {@link TableId}: Delta for bronze and silver (at the
 * location the id gives), Iceberg in the catalog {@code lake} for gold and ops.
 */
public final class Lakehouse {
  private static final String FINGERPRINT = "factory-fingerprint:";
  private static final String FINGERPRINT_PROPERTY = "factory.fingerprint";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SparkSession spark;
  private final FactoryConfig config;

  public Lakehouse(SparkSession spark, FactoryConfig config) {
    this.spark = requireNonNull(spark, "spark is null");
    this.config = requireNonNull(config, "config is null");
  }

  public SparkSession spark() {
    return spark;
  }

  public FactoryConfig config() {
    return config;
  }

  /** True when the table has been written at least once. */
  public boolean exists(TableId id) {
    if (id.format() == Layer.TableFormat.DELTA) {
      return DeltaTable.isDeltaTable(spark, id.location(config.warehouse()));
    }
    return spark.catalog().tableExists(id.sqlName());
  }

  /**
   * The table's current rows.
   *
   * @throws TableNotFoundException when it was never written
   */
  public Dataset<Row> read(TableId id) {
    if (!exists(id)) {
      throw new TableNotFoundException(
          id.sqlName(),
          "table "
              + id.sqlName()
              + " does not exist in warehouse "
              + config.warehouse()
              + "; run `factory run` first, or list tables with `factory tables`");
    }
    if (id.format() == Layer.TableFormat.DELTA) {
      return spark.read().format("delta").load(id.location(config.warehouse()));
    }
    return spark.table(id.sqlName());
  }

  /**
   * Appends rows to a Delta table (creating it, new columns merged in) in one commit. The run id is
   * Delta's idempotent-write key: a retried commit of the same run is a no-op.
   */
  public CommitResult appendDelta(TableId id, Dataset<Row> rows, long rowCount, String runId) {
    return writeDelta(id, rows, rowCount, runId, "append", Optional.empty());
  }

  /**
   * Replaces a Delta table's rows in one commit (the schema may change). The fingerprint (of the
   * inputs it was built from) is kept with the commit: see {@link #fingerprint(TableId)}.
   */
  public CommitResult overwriteDelta(
      TableId id, Dataset<Row> rows, long rowCount, String runId, Optional<String> fingerprint) {
    return writeDelta(id, rows, rowCount, runId, "overwrite", fingerprint);
  }

  /**
   * Replaces the rows of a Delta table that match a SQL predicate with the given rows (which must
   * all match it), in one commit that keeps the fingerprint: the other rows stay as they are.
   */
  public CommitResult replaceDeltaWhere(
      TableId id,
      Dataset<Row> rows,
      long rowCount,
      String runId,
      String predicate,
      Optional<String> fingerprint) {
    requireDeltaLayer(id);
    var writer =
        rows.write()
            .format("delta")
            .mode("overwrite")
            .option("replaceWhere", predicate)
            .option("txnAppId", "factory:" + id.sqlName() + ":" + runId)
            .option("txnVersion", 0L);
    if (fingerprint.isPresent()) {
      writer = writer.option("userMetadata", FINGERPRINT + fingerprint.get());
    }
    writer.save(id.location(config.warehouse()));
    register(id);
    return new CommitResult(id, version(id), rowCount);
  }

  /**
   * The rows of a Delta table changed after version {@code since} (inserted, deleted or updated,
   * Delta's change data feed with its {@code _change_type}); empty when the feed does not cover
   * those versions (a table created before feeds were on, or a version vacuumed since).
   */
  public Optional<Dataset<Row>> changesSince(TableId id, long since) {
    requireDeltaLayer(id);
    long now = deltaVersion(id);
    if (since >= now) {
      return Optional.of(
          spark.read().format("delta").load(id.location(config.warehouse())).limit(0));
    }
    try {
      Dataset<Row> changes =
          spark
              .read()
              .format("delta")
              .option("readChangeFeed", "true")
              .option("startingVersion", since + 1)
              .option("endingVersion", now)
              .load(id.location(config.warehouse()));
      changes.schema(); // resolves: fails here when the feed does not cover the range
      return Optional.of(changes);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether a commit after {@code since} replaced the whole table (an overwrite without a
   * predicate, or a table created or replaced): its change feed then holds every row, removed and
   * inserted, and reading it costs more than reading the table.
   */
  public boolean rewrittenSince(TableId id, long since) {
    requireDeltaLayer(id);
    return DeltaTable.forPath(spark, id.location(config.warehouse()))
            .history()
            .where("version > " + since)
            .where(
                "operation RLIKE '(CREATE|REPLACE).*TABLE'"
                    + " OR (operation = 'WRITE' AND operationParameters['mode'] = 'Overwrite'"
                    + " AND operationParameters['predicate'] IS NULL)")
            .limit(1)
            .count()
        > 0;
  }

  /** A Delta table's rows as of a version. */
  public Dataset<Row> readDeltaVersion(TableId id, long version) {
    requireDeltaLayer(id);
    return spark
        .read()
        .format("delta")
        .option("versionAsOf", version)
        .load(id.location(config.warehouse()));
  }

  private CommitResult writeDelta(
      TableId id,
      Dataset<Row> rows,
      long rowCount,
      String runId,
      String mode,
      Optional<String> fingerprint) {
    requireDeltaLayer(id);
    String location = id.location(config.warehouse());
    var writer =
        rows.write()
            .format("delta")
            .mode(mode)
            .option("txnAppId", "factory:" + id.sqlName() + ":" + runId)
            .option("txnVersion", 0L);
    writer =
        mode.equals("overwrite")
            ? writer.option("overwriteSchema", "true")
            : writer.option("mergeSchema", "true");
    if (fingerprint.isPresent()) {
      writer = writer.option("userMetadata", FINGERPRINT + fingerprint.get());
    }
    writer.save(location);
    register(id);
    return new CommitResult(id, version(id), rowCount);
  }

  /** Creates the Iceberg table if it is missing, with the given schema. */
  public void ensureIceberg(TableId id, StructType schema, String partitionClause) {
    if (id.format() != Layer.TableFormat.ICEBERG) {
      throw new IllegalArgumentException(id + " is not an Iceberg table");
    }
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + TableId.ICEBERG_CATALOG + "." + id.namespace());
    if (!spark.catalog().tableExists(id.sqlName())) {
      spark.sql(
          "CREATE TABLE IF NOT EXISTS "
              + id.sqlName()
              + " ("
              + schema.toDDL()
              + ") USING iceberg "
              + partitionClause
              + " TBLPROPERTIES ('format-version'='2', 'write.wap.enabled'='true')");
    }
  }

  /** Appends rows to an Iceberg table in one commit. */
  public CommitResult appendIceberg(TableId id, Dataset<Row> rows, long rowCount) {
    ensureIceberg(id, rows.schema(), "");
    try {
      rows.writeTo(id.sqlName()).append();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new TableNotFoundException(id.sqlName(), e.getMessage());
    }
    return new CommitResult(id, currentSnapshot(id), rowCount);
  }

  /**
   * Replaces all rows of an Iceberg table in one commit (one snapshot; history kept), with the
   * fingerprint of its inputs as a snapshot property.
   */
  public CommitResult replaceIceberg(
      TableId id, Dataset<Row> rows, long rowCount, Optional<String> fingerprint) {
    ensureIceberg(id, rows.schema(), "");
    try {
      var writer = rows.writeTo(id.sqlName());
      if (fingerprint.isPresent()) {
        writer = writer.option("snapshot-property." + FINGERPRINT_PROPERTY, fingerprint.get());
      }
      writer.overwrite(functions.lit(true));
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new TableNotFoundException(id.sqlName(), e.getMessage());
    }
    return new CommitResult(id, currentSnapshot(id), rowCount);
  }

  /**
   * Replaces all rows of an Iceberg table on a branch (created from {@code main}, or empty for a
   * new table), leaving {@code main} and every tag untouched: the write half of
   * write-audit-publish. The fingerprint of the inputs is kept as a snapshot property.
   *
   * @return the branch's new snapshot
   */
  public CommitResult replaceIcebergOnBranch(
      TableId id, String branch, Dataset<Row> rows, long rowCount, Optional<String> fingerprint) {
    return replaceIcebergOnBranch(id, branch, rows, rowCount, fingerprint, Map.of());
  }

  /**
   * As {@link #replaceIcebergOnBranch(TableId, String, Dataset, long, Optional)}, first setting the
   * given table properties where the table's differ (they are table-wide, not per branch: the next
   * write to any branch uses them).
   */
  public CommitResult replaceIcebergOnBranch(
      TableId id,
      String branch,
      Dataset<Row> rows,
      long rowCount,
      Optional<String> fingerprint,
      Map<String, String> properties) {
    ensureIceberg(id, rows.schema(), "");
    Table table = icebergTable(id);
    if (!properties.isEmpty()) {
      var update = table.updateProperties();
      boolean changed = false;
      for (var p : properties.entrySet()) {
        if (!p.getValue().equals(table.properties().get(p.getKey()))) {
          update.set(p.getKey(), p.getValue());
          changed = true;
        }
      }
      if (changed) {
        update.commit();
        table = icebergTable(id);
      }
    }
    if (table.refs().get(branch) == null) {
      Snapshot main = table.currentSnapshot();
      if (main == null) {
        table.manageSnapshots().createBranch(branch).commit();
      } else {
        table.manageSnapshots().createBranch(branch, main.snapshotId()).commit();
      }
    }
    try {
      var writer = rows.writeTo(id.sqlName() + ".branch_" + branch);
      if (fingerprint.isPresent()) {
        writer = writer.option("snapshot-property." + FINGERPRINT_PROPERTY, fingerprint.get());
      }
      writer.overwrite(functions.lit(true));
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new TableNotFoundException(id.sqlName(), e.getMessage());
    }
    return new CommitResult(id, branchSnapshot(id, branch).orElseThrow(), rowCount);
  }

  /**
   * The rows of an Iceberg table on a branch or tag. A tag reads with the schema of its snapshot (a
   * release keeps the columns it was published with); the {@code branch} read option would report
   * the table's current schema, so a dropped column would vanish from every old tag.
   */
  public Dataset<Row> readRef(TableId id, String ref) {
    Optional<Long> tag = tagSnapshot(id, ref);
    if (tag.isPresent()) {
      return spark.sql("SELECT * FROM " + id.sqlName() + " VERSION AS OF " + tag.get());
    }
    return spark.read().option("branch", ref).table(id.sqlName());
  }

  /** The snapshot a branch or tag of an Iceberg table points at, if the ref exists. */
  public Optional<Long> branchSnapshot(TableId id, String ref) {
    SnapshotRef r = icebergTable(id).refs().get(ref);
    return r == null ? Optional.empty() : Optional.of(r.snapshotId());
  }

  /**
   * The snapshot a tag of an Iceberg table points at; empty when there is no such ref or it is a
   * branch (which commits could move), not a tag.
   */
  public Optional<Long> tagSnapshot(TableId id, String tag) {
    SnapshotRef r = icebergTable(id).refs().get(tag);
    return r == null || !r.isTag() ? Optional.empty() : Optional.of(r.snapshotId());
  }

  /**
   * The rows of an Iceberg table as of a snapshot, with the schema that snapshot was written in.
   */
  public Dataset<Row> readSnapshot(TableId id, long snapshotId) {
    // VERSION AS OF gives the snapshot's own schema (a read option would give the current one).
    return spark.sql("SELECT * FROM " + id.sqlName() + " VERSION AS OF " + snapshotId);
  }

  /**
   * Moves {@code main} of an Iceberg table to the head of a branch (a fast-forward: main must be an
   * ancestor of the branch; a table without a main yet gets one), then drops the branch.
   */
  public void publishBranch(TableId id, String branch) {
    Table table = icebergTable(id);
    SnapshotRef head = table.refs().get(branch);
    if (head == null) {
      throw new IllegalStateException(id.sqlName() + " has no branch " + branch + " to publish");
    }
    if (table.refs().get(SnapshotRef.MAIN_BRANCH) == null) {
      table.manageSnapshots().createBranch(SnapshotRef.MAIN_BRANCH, head.snapshotId()).commit();
    } else {
      table.manageSnapshots().fastForwardBranch(SnapshotRef.MAIN_BRANCH, branch).commit();
    }
    table.manageSnapshots().removeBranch(branch).commit();
    spark.sql("REFRESH TABLE " + id.sqlName());
  }

  /** Creates (or moves) a branch of an Iceberg table to a snapshot. */
  public void setBranch(TableId id, String branch, long snapshotId) {
    Table table = icebergTable(id);
    if (table.refs().get(branch) == null) {
      table.manageSnapshots().createBranch(branch, snapshotId).commit();
    } else {
      table.manageSnapshots().replaceBranch(branch, snapshotId).commit();
    }
  }

  /**
   * Moves {@code main} of an Iceberg table to a snapshot: a fast-forward (main must be an ancestor
   * of it, else an {@link IllegalStateException} says main moved since), or a new main for a table
   * without one. A main already there is left as it is.
   */
  public void fastForwardMain(TableId id, long snapshotId) {
    Table table = icebergTable(id);
    SnapshotRef main = table.refs().get(SnapshotRef.MAIN_BRANCH);
    if (main == null) {
      table.manageSnapshots().createBranch(SnapshotRef.MAIN_BRANCH, snapshotId).commit();
    } else if (main.snapshotId() != snapshotId) {
      if (!org.apache.iceberg.util.SnapshotUtil.isAncestorOf(
          table, snapshotId, main.snapshotId())) {
        throw new IllegalStateException(
            id.sqlName()
                + ": main (snapshot "
                + main.snapshotId()
                + ") is not an ancestor of "
                + snapshotId
                + "; main moved since the candidate was built");
      }
      table.manageSnapshots().replaceBranch(SnapshotRef.MAIN_BRANCH, snapshotId).commit();
    }
    spark.sql("REFRESH TABLE " + id.sqlName());
  }

  /**
   * True when {@code main} could be fast-forwarded to the snapshot: the table has no main yet, main
   * is that snapshot, or main is one of its ancestors.
   */
  public boolean canFastForwardMain(TableId id, long snapshotId) {
    Table table = icebergTable(id);
    SnapshotRef main = table.refs().get(SnapshotRef.MAIN_BRANCH);
    return main == null
        || main.snapshotId() == snapshotId
        || org.apache.iceberg.util.SnapshotUtil.isAncestorOf(table, snapshotId, main.snapshotId());
  }

  /** Tags a snapshot of an Iceberg table (a tag that exists must point at the same snapshot). */
  public void tag(TableId id, String tag, long snapshotId) {
    Table table = icebergTable(id);
    SnapshotRef existing = table.refs().get(tag);
    if (existing == null) {
      table.manageSnapshots().createTag(tag, snapshotId).commit();
    } else if (existing.snapshotId() != snapshotId) {
      throw new IllegalStateException(
          id.sqlName()
              + ": tag "
              + tag
              + " already points at snapshot "
              + existing.snapshotId()
              + ", not "
              + snapshotId);
    }
  }

  /** The names of an Iceberg table's branches and tags. */
  public java.util.Set<String> refs(TableId id) {
    return java.util.Set.copyOf(icebergTable(id).refs().keySet());
  }

  /** A snapshot's summary (e.g. {@code total-records}, the build fingerprint). */
  public java.util.Map<String, String> snapshotSummary(TableId id, long snapshotId) {
    Snapshot s = icebergTable(id).snapshot(snapshotId);
    if (s == null) {
      throw new TableNotFoundException(
          id.sqlName(), id.sqlName() + " has no snapshot " + snapshotId);
    }
    return s.summary() == null ? java.util.Map.of() : java.util.Map.copyOf(s.summary());
  }

  /** The fingerprint stored with the head of a branch or tag (empty when none). */
  public Optional<String> fingerprintAt(TableId id, String ref) {
    return branchSnapshot(id, ref).map(sid -> snapshotSummary(id, sid).get(FINGERPRINT_PROPERTY));
  }

  /** Drops a branch of an Iceberg table (its snapshots expire with the table's retention). */
  public void dropBranch(TableId id, String branch) {
    Table table = icebergTable(id);
    if (table.refs().get(branch) != null) {
      table.manageSnapshots().removeBranch(branch).commit();
    }
  }

  public Table icebergTable(TableId id) {
    try {
      return Spark3Util.loadIcebergTable(spark, id.sqlName());
    } catch (ParseException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new TableNotFoundException(id.sqlName(), e.getMessage());
    }
  }

  /**
   * The fingerprint stored with the table's latest commit (empty when none): what it was last built
   * from, so an unchanged rebuild can be skipped.
   */
  public Optional<String> fingerprint(TableId id) {
    if (!exists(id)) {
      return Optional.empty();
    }
    if (id.format() == Layer.TableFormat.DELTA) {
      String meta = deltaCommitInfo(id, deltaVersion(id)).path("userMetadata").asText("");
      return meta.startsWith(FINGERPRINT)
          ? Optional.of(meta.substring(FINGERPRINT.length()))
          : Optional.empty();
    }
    try {
      Snapshot s = Spark3Util.loadIcebergTable(spark, id.sqlName()).currentSnapshot();
      return s == null
          ? Optional.empty()
          : Optional.ofNullable(s.summary().get(FINGERPRINT_PROPERTY));
    } catch (ParseException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new TableNotFoundException(id.sqlName(), e.getMessage());
    }
  }

  /** The table's current version: Delta version, or Iceberg snapshot id (-1 when empty). */
  public long version(TableId id) {
    if (id.format() == Layer.TableFormat.DELTA) {
      return deltaVersion(id);
    }
    return currentSnapshot(id);
  }

  /**
   * The latest version of a Delta table, from the names of its commit files: no Spark job (the
   * runner and {@code factory plan} ask for every input's version).
   */
  private long deltaVersion(TableId id) {
    Path log = new Path(id.location(config.warehouse()), "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long latest = -1;
      for (FileStatus f : fs.listStatus(log)) {
        String name = f.getPath().getName();
        if (name.matches("\\d{20}\\.json")) {
          latest = Math.max(latest, Long.parseLong(name.substring(0, 20)));
        }
      }
      if (latest < 0) {
        throw new TableNotFoundException(id.sqlName(), "no commit under " + log);
      }
      return latest;
    } catch (IOException e) {
      throw new LakehouseException("cannot list " + log + ": " + e.getMessage(), e);
    }
  }

  /**
   * The rows a commit wrote, as the table format recorded them: Delta's {@code numOutputRows} less
   * {@code numCopiedRows} (rows of rewritten files that were kept) of that version, Iceberg's
   * {@code added-records} of that snapshot. Not the writer's own count, so comparing the two shows
   * whether what was committed is what was meant. Empty when the format kept no such figure (Delta
   * with history metrics turned off) or when nothing was committed (an Iceberg table without a
   * snapshot).
   */
  public java.util.OptionalLong committedRows(CommitResult commit) {
    TableId id = commit.table();
    if (id.format() == Layer.TableFormat.DELTA) {
      JsonNode metrics = deltaCommitInfo(id, commit.version()).path("operationMetrics");
      JsonNode rows = metrics.path("numOutputRows");
      if (rows.isMissingNode()) {
        return java.util.OptionalLong.empty();
      }
      // a replaceWhere that rewrites files also holding other rows copies those: not this commit's
      long copied = metrics.path("numCopiedRows").asLong(0);
      return java.util.OptionalLong.of(Long.parseLong(rows.asText()) - copied);
    }
    if (commit.version() < 0) {
      return java.util.OptionalLong.empty();
    }
    String added = snapshotSummary(id, commit.version()).get("added-records");
    // an overwrite that adds no data file records no added-records: it committed no rows
    return java.util.OptionalLong.of(added == null ? 0 : Long.parseLong(added));
  }

  /**
   * Takes back a commit that turned out wrong, so that no later run mistakes it for a good build: a
   * Delta table is restored to the version before it (a table it created is emptied, without a
   * fingerprint, so the next run rebuilds it); an Iceberg branch or table is rolled back to the
   * snapshot's parent (a branch it created is dropped).
   */
  public void undo(CommitResult commit, Optional<String> branch) {
    TableId id = commit.table();
    if (id.format() == Layer.TableFormat.DELTA) {
      if (commit.version() > 0) {
        DeltaTable.forPath(spark, id.location(config.warehouse()))
            .restoreToVersion(commit.version() - 1);
      } else {
        Dataset<Row> empty = read(id).limit(0);
        empty
            .write()
            .format("delta")
            .mode("overwrite")
            .option("overwriteSchema", "true")
            .save(id.location(config.warehouse()));
      }
      return;
    }
    Table table = icebergTable(id);
    Snapshot s = table.snapshot(commit.version());
    Long parent = s == null ? null : s.parentId();
    if (branch.isPresent()) {
      if (parent == null) {
        dropBranch(id, branch.get());
      } else {
        table.manageSnapshots().replaceBranch(branch.get(), parent).commit();
      }
    } else if (parent != null) {
      table.manageSnapshots().rollbackTo(parent).commit();
    }
  }

  /** The {@code commitInfo} action of one Delta commit (empty when it has none). */
  private JsonNode deltaCommitInfo(TableId id, long version) {
    Path commit =
        new Path(
            new Path(id.location(config.warehouse()), "_delta_log"),
            String.format("%020d.json", version));
    try {
      FileSystem fs = commit.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (var in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  fs.open(commit), java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith("{\"commitInfo\"")) {
            return JSON.readTree(line).path("commitInfo");
          }
        }
      }
      return JSON.createObjectNode();
    } catch (IOException e) {
      throw new LakehouseException("cannot read " + commit + ": " + e.getMessage(), e);
    }
  }

  /** The current snapshot id of an Iceberg table, or -1 when it has none. */
  public long currentSnapshot(TableId id) {
    try {
      Snapshot s = Spark3Util.loadIcebergTable(spark, id.sqlName()).currentSnapshot();
      return s == null ? -1 : s.snapshotId();
    } catch (ParseException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new TableNotFoundException(id.sqlName(), e.getMessage());
    }
  }

  /** Registers a Delta table under its SQL name in the session catalog. */
  public void register(TableId id) {
    requireDeltaLayer(id);
    spark.sql("CREATE DATABASE IF NOT EXISTS " + id.layer().label());
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + id.sqlName()
            + " USING delta LOCATION '"
            + id.location(config.warehouse()).replace("'", "\\'")
            + "'");
  }

  /** Registers every bronze and silver table found under the warehouse (DESIGN §2). */
  public List<TableId> registerLayerTables() {
    spark.sql("CREATE DATABASE IF NOT EXISTS bronze");
    spark.sql("CREATE DATABASE IF NOT EXISTS silver");
    List<TableId> found = deltaTables();
    found.forEach(this::register);
    return found;
  }

  /** Every Delta table under the warehouse's bronze and silver folders. */
  public List<TableId> deltaTables() {
    List<TableId> out = new ArrayList<>();
    for (Layer layer : List.of(Layer.BRONZE, Layer.SILVER)) {
      Path root = new Path(config.warehousePath(layer.label()));
      try {
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(root)) {
          continue;
        }
        for (FileStatus ns : fs.listStatus(root)) {
          if (!ns.isDirectory()) {
            continue;
          }
          for (FileStatus entity : fs.listStatus(ns.getPath())) {
            if (entity.isDirectory() && fs.exists(new Path(entity.getPath(), "_delta_log"))) {
              out.add(TableId.of(layer, ns.getPath().getName(), entity.getPath().getName()));
            }
          }
        }
      } catch (IOException e) {
        throw new LakehouseException("cannot list " + root + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static void requireDeltaLayer(TableId id) {
    if (id.format() != Layer.TableFormat.DELTA) {
      throw new IllegalArgumentException(id + " is not a Delta table");
    }
  }
}
