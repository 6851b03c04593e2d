package org.dataelements.factory.orchestration;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.CommitResult;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.Layer;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.lineage.LineageEmitter;
import org.dataelements.factory.quality.ConstraintOutcome;
import org.dataelements.factory.quality.QualityChecks;
import org.dataelements.factory.quality.QualityContext;
import org.dataelements.factory.quality.QualityReport;
import org.dataelements.factory.quality.QualitySplit;
import org.dataelements.factory.quality.SplitCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Step}: reads its inputs and references, calls the pure transform, sends the rows
 * that break {@code drop} checks to quarantine (checking that no row is lost), verifies the other
 * checks over the kept rows (a failing {@code fail} check blocks the commit), writes the quarantine
 * (the step's own and the dropped rows) and the output, and records the check results and metrics.
 */
final class StepRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

  private final Lakehouse lakehouse;
  private final OpsTables ops;
  private final LineageEmitter lineage;
  // Check results and metrics of the whole run, written in one commit each at its end: an
  // Iceberg commit costs a second or two, so not one per step.
  private final List<OpsTables.QualityResult> qualityResults = new java.util.ArrayList<>();
  private final List<OpsTables.QualityMetric> qualityMetrics = new java.util.ArrayList<>();

  StepRunner(Lakehouse lakehouse, OpsTables ops, LineageEmitter lineage) {
    this.lakehouse = requireNonNull(lakehouse, "lakehouse is null");
    this.ops = requireNonNull(ops, "ops is null");
    this.lineage = requireNonNull(lineage, "lineage is null");
  }

  /** Writes the buffered check results and metrics (also after a failed step). */
  void flush() {
    try {
      ops.recordQuality(qualityResults);
      ops.recordMetrics(qualityMetrics);
    } finally {
      qualityResults.clear();
      qualityMetrics.clear();
    }
  }

  /**
   * What a step did: rows read, rows written, rows quarantined (the step's own and those dropped by
   * checks), of which dropped by {@code drop} checks (the step's output was {@code rowsOut +
   * rowsDropped} rows); {@code skipped} when its inputs had not changed since its last build.
   */
  record Result(
      long rowsIn,
      long rowsOut,
      long rowsQuarantined,
      long rowsDropped,
      CommitResult commit,
      QualityReport quality,
      boolean skipped) {}

  Result run(Step step, List<CheckSpec> checks, String runId) {
    StepSpec spec = step.spec();
    long started = System.nanoTime();
    Map<TableId, Dataset<Row>> inputs = new LinkedHashMap<>();
    List<LineageEmitter.DatasetVersion> inputVersions = new java.util.ArrayList<>();
    StringBuilder fingerprint = new StringBuilder(spec.name()).append(';').append(step.parameters());
    fingerprint.append(";factory=").append(FactoryVersion.get())
        .append(";code=").append(CodeFingerprint.of(List.of(step.getClass(), Step.class)));
    // Changed checks re-run the gate, so they are part of what the output was built under.
    checks.forEach(c -> fingerprint.append(";check=").append(c.ruleId()).append(':').append(c.severity().label()));
    for (TableId id : spec.inputs()) {
      if (lakehouse.exists(id)) {
        inputs.put(id, lakehouse.read(id));
        long version = lakehouse.version(id);
        inputVersions.add(new LineageEmitter.DatasetVersion(id, version));
        fingerprint.append(';').append(id.sqlName()).append('@').append(version);
      }
    }
    Map<String, Dataset<Row>> references = new LinkedHashMap<>();
    for (String name : spec.references()) {
      references.put(name, reference(name));
      fingerprint.append(';').append(name).append('#').append(referenceChecksum(name));
    }
    String fp = fingerprint.toString();
    if (lakehouse.exists(spec.output()) && lakehouse.fingerprint(spec.output()).equals(java.util.Optional.of(fp))) {
      LOG.info("run {} step {}: inputs unchanged since the last build, skipped", runId, spec.name());
      return new Result(0, 0, 0, 0, new CommitResult(spec.output(), lakehouse.version(spec.output()), 0),
          QualityReport.empty(spec.output()), true);
    }
    lineage.start(runId, spec.name(), inputVersions);
    try {
      Result r = build(step, checks, runId, spec, inputs, references, fp, started);
      lineage.complete(runId, spec.name(), inputVersions,
          List.of(new LineageEmitter.DatasetVersion(spec.output(), r.commit().version())));
      return r;
    } catch (Exception e) { // Scala code throws checked SparkExceptions undeclared
      lineage.fail(runId, spec.name(), inputVersions, String.valueOf(e.getMessage()));
      throw e;
    }
  }

  private Result build(Step step, List<CheckSpec> checks, String runId, StepSpec spec,
      Map<TableId, Dataset<Row>> inputs, Map<String, Dataset<Row>> references, String fp, long started) {
    long rowsIn = 0;
    for (Dataset<Row> df : inputs.values()) {
      rowsIn += df.count();
    }
    StepOutput out = step.transform(new StepInputs(inputs, references, runId));
    out.shared().ifPresent(d -> d.persist(StorageLevel.MEMORY_AND_DISK()));
    Dataset<Row> rows = out.rows().persist(StorageLevel.MEMORY_AND_DISK());
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      long stepRows = rows.count();
      Function<String, Dataset<Row>> tables = name -> lakehouse.read(TableId.parse(name));
      // Rows breaking drop checks leave before the gate; kept and quarantined rows are two filters
      // of one judged projection, cached so that it is computed once.
      QualitySplit split = QualityChecks.split(spec.output(), rows, checks, runId, tables);
      split.judged().ifPresent(j -> cached.add(j.persist(StorageLevel.MEMORY_AND_DISK())));
      SplitCounts counts = split.count(stepRows); // rows in = kept + dropped, else an internal error
      QualityContext context =
          QualityContext.of(tables).withHistory(QualityCommands.metricHistory(lakehouse, spec.output(), checks)).withSplit(counts);
      QualityReport report = QualityChecks.verify(spec.output(), split.kept(), checks, context);
      qualityResults.addAll(report.asOpsRows(runId));
      report.enforce();
      long quarantined = 0;
      Optional<Dataset<Row>> quarantine =
          out.quarantine().isPresent()
              ? Optional.of(split.hasDropChecks() ? split.quarantineWith(out.quarantine().get()) : out.quarantine().get())
              : split.hasDropChecks() ? Optional.of(split.quarantined()) : Optional.empty();
      if (quarantine.isPresent()) {
        Dataset<Row> q = quarantine.get().persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(q);
        quarantined = q.count();
        write(spec, spec.output().quarantine(), q, quarantined, runId, fp);
      }
      CommitResult commit = write(spec, spec.output(), split.kept(), counts.kept(), runId, fp);
      qualityMetrics.addAll(report.asMetricRows(runId, commit.version()));
      LOG.info(
          "run {} step {} wrote {} version {}: {} rows of the step = {} kept + {} dropped by checks ({} quarantined"
              + " in all); checks {} passed, {} warned, {} failed in {} Spark jobs; {} ms",
          runId, spec.name(), spec.output(), commit.version(), stepRows, counts.kept(), counts.quarantined(),
          quarantined, report.count(ConstraintOutcome.Status.PASSED), report.count(ConstraintOutcome.Status.WARNED),
          report.count(ConstraintOutcome.Status.FAILED), report.sparkJobs(),
          (System.nanoTime() - started) / 1_000_000);
      return new Result(rowsIn, counts.kept(), quarantined, counts.quarantined(), commit, report, false);
    } finally {
      cached.forEach(Dataset::unpersist);
      rows.unpersist();
      out.shared().ifPresent(Dataset::unpersist);
    }
  }

  /** The earlier values of the metrics the table's anomaly checks judge (none without such checks). */
  private CommitResult write(
      StepSpec spec, TableId table, Dataset<Row> rows, long count, String runId, String fingerprint) {
    boolean replace = spec.mode() == StepSpec.WriteMode.REPLACE;
    var fp = java.util.Optional.of(fingerprint);
    if (table.layer().format() == Layer.TableFormat.DELTA) {
      return replace
          ? lakehouse.overwriteDelta(table, rows, count, runId, fp)
          : lakehouse.appendDelta(table, rows, count, runId);
    }
    return replace
        ? lakehouse.replaceIceberg(table, rows, count, fp)
        : lakehouse.appendIceberg(table, rows, count);
  }

  private Path referenceFile(String name) {
    return lakehouse.config().confDir().resolve("reference").resolve(name + ".csv");
  }

  private String referenceChecksum(String name) {
    Path file = referenceFile(name);
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      return "unreadable";
    }
  }

  /** A code list under {@code <conf>/reference/<name>.csv}, read with its header, all strings. */
  private Dataset<Row> reference(String name) {
    Path file = referenceFile(name);
    if (!Files.isRegularFile(file)) {
      throw new InvalidSpecException(
          List.of("reference list " + file + " is missing; restore conf/reference/" + name + ".csv"));
    }
    return lakehouse.spark().read().option("header", "true").option("encoding", "UTF-8").csv(file.toUri().toString());
  }
}
