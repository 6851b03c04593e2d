package org.dataelements.factory.core.runtime;

import static java.util.Objects.requireNonNull;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.TableId;

/** The operational tables of {@code lake.ops} (CONTRACT.md): their schemas and appends. */
public final class OpsTables {
  public static final TableId RUNS = TableId.ops("runs");
  public static final TableId INGEST_FILES = TableId.ops("ingest_files");
  public static final TableId QUALITY_RESULTS = TableId.ops("quality_results");
  public static final TableId QUALITY_METRICS = TableId.ops("quality_metrics");
  public static final TableId RELEASES = TableId.ops("releases");
  public static final TableId AUDIT_LOG = TableId.ops("audit_log");
  public static final TableId LINEAGE_EVENTS = TableId.ops("lineage_events");

  static final StructType LINEAGE_EVENTS_SCHEMA =
      new StructType()
          .add("event_time", DataTypes.TimestampType, false)
          .add("event_type", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("parent_run_id", DataTypes.StringType, true)
          .add("job_namespace", DataTypes.StringType, false)
          .add("job_name", DataTypes.StringType, false)
          .add("inputs", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("outputs", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("event", DataTypes.StringType, false);

  /**
   * One OpenLineage run event as {@code lake.ops.lineage_events} keeps it: its datasets as {@code
   * name@version} and the whole event as JSON.
   */
  public record LineageEvent(
      Instant eventTime,
      String eventType,
      String runId,
      String parentRunId,
      String jobNamespace,
      String jobName,
      List<String> inputs,
      List<String> outputs,
      String event) {
    public LineageEvent {
      requireNonNull(eventTime, "eventTime is null");
      requireNonNull(eventType, "eventType is null");
      requireNonNull(runId, "runId is null");
      requireNonNull(jobNamespace, "jobNamespace is null");
      requireNonNull(jobName, "jobName is null");
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
      requireNonNull(event, "event is null");
    }
  }

  static final StructType RELEASES_SCHEMA =
      new StructType()
          .add("product", DataTypes.StringType, false)
          .add("version", DataTypes.StringType, true)
          .add("candidate", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("created_at", DataTypes.TimestampType, false)
          .add("decided_at", DataTypes.TimestampType, true)
          .add("approvers", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("manifest_sha256", DataTypes.StringType, true)
          .add("gates", DataTypes.StringType, true)
          .add("message", DataTypes.StringType, true);

  static final StructType AUDIT_LOG_SCHEMA =
      new StructType()
          .add("at", DataTypes.TimestampType, false)
          .add("actor", DataTypes.StringType, false)
          .add("role", DataTypes.StringType, true)
          .add("action", DataTypes.StringType, false)
          .add("product", DataTypes.StringType, true)
          .add("version", DataTypes.StringType, true)
          .add("outcome", DataTypes.StringType, false)
          .add("detail", DataTypes.StringType, true);

  /** One entry of the append-only {@code lake.ops.audit_log} (no token or key ever goes in). */
  public record AuditEntry(
      Instant at,
      String actor,
      Optional<String> role,
      String action,
      Optional<String> product,
      Optional<String> version,
      String outcome,
      String detail) {
    public AuditEntry {
      requireNonNull(at, "at is null");
      requireNonNull(actor, "actor is null");
      requireNonNull(role, "role is null");
      requireNonNull(action, "action is null");
      requireNonNull(product, "product is null");
      requireNonNull(version, "version is null");
      requireNonNull(outcome, "outcome is null");
      requireNonNull(detail, "detail is null");
    }
  }

  /** One candidate or release of a product, as kept in {@code lake.ops.releases}. */
  public record Release(
      String product,
      Optional<String> version,
      String candidate,
      String runId,
      String status,
      Instant createdAt,
      Optional<Instant> decidedAt,
      List<String> approvers,
      Optional<String> manifestSha256,
      String gates,
      String message) {
    public Release {
      requireNonNull(product, "product is null");
      requireNonNull(version, "version is null");
      requireNonNull(candidate, "candidate is null");
      requireNonNull(runId, "runId is null");
      requireNonNull(status, "status is null");
      requireNonNull(createdAt, "createdAt is null");
      requireNonNull(decidedAt, "decidedAt is null");
      approvers = List.copyOf(approvers);
      requireNonNull(manifestSha256, "manifestSha256 is null");
      requireNonNull(gates, "gates is null");
      requireNonNull(message, "message is null");
    }

    /** This release with another status, decision time, version, approvers and manifest. */
    public Release decided(
        String newStatus,
        Instant at,
        Optional<String> newVersion,
        List<String> by,
        Optional<String> sha256,
        String why) {
      return new Release(
          product,
          newVersion,
          candidate,
          runId,
          newStatus,
          createdAt,
          Optional.of(at),
          by,
          sha256,
          gates,
          why);
    }
  }

  static final StructType RUNS_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("step", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("started_at", DataTypes.TimestampType, false)
          .add("ended_at", DataTypes.TimestampType, true)
          .add("rows_in", DataTypes.LongType, true)
          .add("rows_out", DataTypes.LongType, true)
          .add("rows_quarantined", DataTypes.LongType, true)
          .add("message", DataTypes.StringType, true);

  static final StructType INGEST_FILES_SCHEMA =
      new StructType()
          .add("source", DataTypes.StringType, true)
          .add("object", DataTypes.StringType, true)
          .add("path", DataTypes.StringType, false)
          .add("size_bytes", DataTypes.LongType, false)
          .add("checksum", DataTypes.StringType, false)
          .add("version", DataTypes.IntegerType, false)
          .add("status", DataTypes.StringType, false)
          .add("records_read", DataTypes.LongType, true)
          .add("rows_landed", DataTypes.LongType, true)
          .add("rows_quarantined", DataTypes.LongType, true)
          .add("reason", DataTypes.StringType, true)
          .add("batch_id", DataTypes.StringType, true)
          .add("run_id", DataTypes.StringType, false)
          .add("recorded_at", DataTypes.TimestampType, false);

  static final StructType QUALITY_RESULTS_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("table_name", DataTypes.StringType, false)
          .add("rule_id", DataTypes.StringType, false)
          .add("rule", DataTypes.StringType, false)
          .add("severity", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("observed", DataTypes.StringType, true)
          .add("threshold", DataTypes.StringType, true)
          .add("message", DataTypes.StringType, true)
          .add("checked_at", DataTypes.TimestampType, false);

  static final StructType QUALITY_METRICS_SCHEMA =
      new StructType()
          .add("table_name", DataTypes.StringType, false)
          .add("table_version", DataTypes.LongType, true)
          .add("run_id", DataTypes.StringType, false)
          .add("metric", DataTypes.StringType, false)
          .add("instance", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, true)
          .add("computed_at", DataTypes.TimestampType, false);

  /** One metric computed by a verification, as kept in {@code lake.ops.quality_metrics}. */
  public record QualityMetric(
      String tableName,
      long tableVersion,
      String runId,
      String metric,
      String instance,
      double value) {
    public QualityMetric {
      requireNonNull(tableName, "tableName is null");
      requireNonNull(runId, "runId is null");
      requireNonNull(metric, "metric is null");
      requireNonNull(instance, "instance is null");
    }
  }

  /** The status of a run's step, written as its lower-case label. */
  public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    SKIPPED;

    /** As stored in {@code lake.ops.runs.status}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
      return label();
    }
  }

  /** One step of a run, as recorded in {@code lake.ops.runs}. */
  public record RunStep(
      String runId,
      String step,
      RunStatus status,
      Instant startedAt,
      Optional<Instant> endedAt,
      Optional<Long> rowsIn,
      Optional<Long> rowsOut,
      Optional<Long> rowsQuarantined,
      String message) {
    public RunStep {
      requireNonNull(runId, "runId is null");
      requireNonNull(step, "step is null");
      requireNonNull(status, "status is null");
      requireNonNull(startedAt, "startedAt is null");
      requireNonNull(endedAt, "endedAt is null");
      requireNonNull(rowsIn, "rowsIn is null");
      requireNonNull(rowsOut, "rowsOut is null");
      requireNonNull(rowsQuarantined, "rowsQuarantined is null");
      requireNonNull(message, "message is null");
    }
  }

  /** One file seen by an ingest, as recorded in {@code lake.ops.ingest_files}. */
  public record IngestFile(
      Optional<String> source,
      Optional<String> object,
      String path,
      long sizeBytes,
      String checksum,
      int version,
      String status,
      Optional<Long> recordsRead,
      Optional<Long> rowsLanded,
      Optional<Long> rowsQuarantined,
      String reason,
      Optional<String> batchId,
      String runId) {
    public IngestFile {
      requireNonNull(source, "source is null");
      requireNonNull(object, "object is null");
      requireNonNull(path, "path is null");
      requireNonNull(checksum, "checksum is null");
      requireNonNull(status, "status is null");
      requireNonNull(recordsRead, "recordsRead is null");
      requireNonNull(rowsLanded, "rowsLanded is null");
      requireNonNull(rowsQuarantined, "rowsQuarantined is null");
      requireNonNull(reason, "reason is null");
      requireNonNull(batchId, "batchId is null");
      requireNonNull(runId, "runId is null");
    }
  }

  /** One check outcome, as recorded in {@code lake.ops.quality_results}. */
  public record QualityResult(
      String runId,
      String tableName,
      String ruleId,
      String rule,
      String severity,
      String status,
      String observed,
      String threshold,
      String message) {
    public QualityResult {
      requireNonNull(runId, "runId is null");
      requireNonNull(tableName, "tableName is null");
      requireNonNull(ruleId, "ruleId is null");
      requireNonNull(rule, "rule is null");
      requireNonNull(severity, "severity is null");
      requireNonNull(status, "status is null");
      requireNonNull(observed, "observed is null");
      requireNonNull(threshold, "threshold is null");
      requireNonNull(message, "message is null");
    }
  }

  private final Lakehouse lakehouse;

  public OpsTables(Lakehouse lakehouse) {
    this.lakehouse = requireNonNull(lakehouse, "lakehouse is null");
  }

  /** Creates the ops tables that do not exist yet, so readers always find them. */
  public void ensureAll() {
    lakehouse.ensureIceberg(RUNS, RUNS_SCHEMA, "");
    lakehouse.ensureIceberg(INGEST_FILES, INGEST_FILES_SCHEMA, "");
    lakehouse.ensureIceberg(QUALITY_RESULTS, QUALITY_RESULTS_SCHEMA, "");
    lakehouse.ensureIceberg(QUALITY_METRICS, QUALITY_METRICS_SCHEMA, "");
    lakehouse.ensureIceberg(RELEASES, RELEASES_SCHEMA, "");
    lakehouse.ensureIceberg(AUDIT_LOG, AUDIT_LOG_SCHEMA, "");
    lakehouse.ensureIceberg(LINEAGE_EVENTS, LINEAGE_EVENTS_SCHEMA, "");
  }

  /** Appends run events to {@code lake.ops.lineage_events}, in one commit. */
  public void recordLineage(List<LineageEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    List<Row> rows =
        events.stream()
            .map(
                e ->
                    RowFactory.create(
                        Timestamp.from(e.eventTime()),
                        e.eventType(),
                        e.runId(),
                        e.parentRunId(),
                        e.jobNamespace(),
                        e.jobName(),
                        e.inputs().toArray(String[]::new),
                        e.outputs().toArray(String[]::new),
                        e.event()))
            .toList();
    append(LINEAGE_EVENTS, LINEAGE_EVENTS_SCHEMA, rows);
  }

  /**
   * Appends entries to the audit log (append-only: nothing in the factory updates or deletes them).
   */
  public void recordAudit(List<AuditEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<Row> rows =
        entries.stream()
            .map(
                e ->
                    RowFactory.create(
                        Timestamp.from(e.at()),
                        e.actor(),
                        e.role().orElse(null),
                        e.action(),
                        e.product().orElse(null),
                        e.version().orElse(null),
                        e.outcome(),
                        e.detail()))
            .toList();
    append(AUDIT_LOG, AUDIT_LOG_SCHEMA, rows);
  }

  /**
   * Records a release's current state: one row per product and candidate, replaced when its status
   * changes (the audit log keeps the history of decisions).
   */
  public void recordRelease(Release r) {
    Row row =
        RowFactory.create(
            r.product(),
            r.version().orElse(null),
            r.candidate(),
            r.runId(),
            r.status(),
            Timestamp.from(r.createdAt()),
            r.decidedAt().map(Timestamp::from).orElse(null),
            r.approvers(),
            r.manifestSha256().orElse(null),
            r.gates(),
            r.message());
    lakehouse
        .spark()
        .createDataFrame(List.of(row), RELEASES_SCHEMA)
        .createOrReplaceTempView("factory_release_row");
    lakehouse
        .spark()
        .sql(
            "MERGE INTO "
                + RELEASES.sqlName()
                + " t USING factory_release_row s"
                + " ON t.product = s.product AND t.candidate = s.candidate"
                + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
  }

  /** Every release and candidate, newest first. */
  public List<Release> releases() {
    List<Release> out = new java.util.ArrayList<>();
    for (Row r :
        lakehouse
            .read(RELEASES)
            .orderBy(org.apache.spark.sql.functions.col("created_at").desc())
            .collectAsList()) {
      out.add(
          new Release(
              r.getAs("product"),
              Optional.ofNullable(r.getAs("version")),
              r.getAs("candidate"),
              r.getAs("run_id"),
              r.getAs("status"),
              ((Timestamp) r.getAs("created_at")).toInstant(),
              Optional.ofNullable((Timestamp) r.getAs("decided_at")).map(Timestamp::toInstant),
              r.getList(r.fieldIndex("approvers")),
              Optional.ofNullable(r.getAs("manifest_sha256")),
              r.isNullAt(r.fieldIndex("gates")) ? "" : r.getAs("gates"),
              r.isNullAt(r.fieldIndex("message")) ? "" : r.getAs("message")));
    }
    return out;
  }

  public void recordMetrics(List<QualityMetric> metrics) {
    if (metrics.isEmpty()) {
      return;
    }
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows =
        metrics.stream()
            .map(
                m ->
                    RowFactory.create(
                        m.tableName(),
                        m.tableVersion(),
                        m.runId(),
                        m.metric(),
                        m.instance(),
                        Double.isNaN(m.value()) ? null : m.value(),
                        now))
            .toList();
    append(QUALITY_METRICS, QUALITY_METRICS_SCHEMA, rows);
  }

  public void recordSteps(List<RunStep> steps) {
    if (steps.isEmpty()) {
      return;
    }
    List<Row> rows =
        steps.stream()
            .map(
                s ->
                    RowFactory.create(
                        s.runId(),
                        s.step(),
                        s.status().label(),
                        Timestamp.from(s.startedAt()),
                        s.endedAt().map(Timestamp::from).orElse(null),
                        s.rowsIn().orElse(null),
                        s.rowsOut().orElse(null),
                        s.rowsQuarantined().orElse(null),
                        s.message()))
            .toList();
    append(RUNS, RUNS_SCHEMA, rows);
  }

  public void recordFiles(List<IngestFile> files) {
    if (files.isEmpty()) {
      return;
    }
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows =
        files.stream()
            .map(
                f ->
                    RowFactory.create(
                        f.source().orElse(null),
                        f.object().orElse(null),
                        f.path(),
                        f.sizeBytes(),
                        f.checksum(),
                        f.version(),
                        f.status(),
                        f.recordsRead().orElse(null),
                        f.rowsLanded().orElse(null),
                        f.rowsQuarantined().orElse(null),
                        f.reason().isEmpty() ? null : f.reason(),
                        f.batchId().orElse(null),
                        f.runId(),
                        now))
            .toList();
    append(INGEST_FILES, INGEST_FILES_SCHEMA, rows);
  }

  public void recordQuality(List<QualityResult> results) {
    if (results.isEmpty()) {
      return;
    }
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows =
        results.stream()
            .map(
                r ->
                    RowFactory.create(
                        r.runId(),
                        r.tableName(),
                        r.ruleId(),
                        r.rule(),
                        r.severity(),
                        r.status(),
                        r.observed(),
                        r.threshold(),
                        r.message(),
                        now))
            .toList();
    append(QUALITY_RESULTS, QUALITY_RESULTS_SCHEMA, rows);
  }

  /** Every file recorded so far (small: one row per file version and outcome). */
  public List<Row> ingestFiles() {
    lakehouse.ensureIceberg(INGEST_FILES, INGEST_FILES_SCHEMA, "");
    return lakehouse
        .spark()
        .table(INGEST_FILES.sqlName())
        .select("source", "object", "path", "checksum", "version", "status", "reason")
        .collectAsList();
  }

  private void append(TableId id, StructType schema, List<Row> rows) {
    Dataset<Row> df = lakehouse.spark().createDataFrame(rows, schema);
    lakehouse.appendIceberg(id, df, rows.size());
  }
}
