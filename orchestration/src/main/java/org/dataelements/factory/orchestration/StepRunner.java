package org.dataelements.factory.orchestration;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.CommitResult;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.Lakehouse;
import org.dataelements.factory.core.Layer;
import org.dataelements.factory.core.OpsTables;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.quality.QualityChecks;
import org.dataelements.factory.quality.QualityReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Step}: reads its inputs and references, calls the pure transform, verifies the
 * output's declared checks (a failing {@code fail} check blocks the commit), writes the quarantine
 * and the output, and records the check results.
 */
final class StepRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

  private final Lakehouse lakehouse;
  private final OpsTables ops;

  StepRunner(Lakehouse lakehouse, OpsTables ops) {
    this.lakehouse = requireNonNull(lakehouse, "lakehouse is null");
    this.ops = requireNonNull(ops, "ops is null");
  }

  /** What a step did. */
  record Result(
      long rowsIn, long rowsOut, long rowsQuarantined, CommitResult commit, QualityReport quality) {}

  Result run(Step step, List<CheckSpec> checks, String runId) {
    StepSpec spec = step.spec();
    long started = System.nanoTime();
    Map<TableId, Dataset<Row>> inputs = new LinkedHashMap<>();
    long rowsIn = 0;
    for (TableId id : spec.inputs()) {
      if (lakehouse.exists(id)) {
        Dataset<Row> df = lakehouse.read(id);
        inputs.put(id, df);
        rowsIn += df.count();
      }
    }
    Map<String, Dataset<Row>> references = new LinkedHashMap<>();
    for (String name : spec.references()) {
      references.put(name, reference(name));
    }
    StepOutput out = step.transform(new StepInputs(inputs, references, runId));
    Dataset<Row> rows = out.rows().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long rowsOut = rows.count();
      QualityReport report = QualityChecks.verify(spec.output(), rows, checks);
      ops.recordQuality(report.asOpsRows(runId));
      report.enforce();
      long quarantined = 0;
      if (out.quarantine().isPresent()) {
        Dataset<Row> q = out.quarantine().get().persist(StorageLevel.MEMORY_AND_DISK());
        try {
          quarantined = q.count();
          write(spec, spec.output().quarantine(), q, quarantined, runId);
        } finally {
          q.unpersist();
        }
      }
      CommitResult commit = write(spec, spec.output(), rows, rowsOut, runId);
      LOG.info(
          "run {} step {} wrote {} version {} in {} ms",
          runId, spec.name(), spec.output(), commit.version(), (System.nanoTime() - started) / 1_000_000);
      return new Result(rowsIn, rowsOut, quarantined, commit, report);
    } finally {
      rows.unpersist();
    }
  }

  private CommitResult write(StepSpec spec, TableId table, Dataset<Row> rows, long count, String runId) {
    boolean replace = spec.mode() == StepSpec.WriteMode.REPLACE;
    if (table.layer().format() == Layer.TableFormat.DELTA) {
      return replace
          ? lakehouse.overwriteDelta(table, rows, count, runId)
          : lakehouse.appendDelta(table, rows, count, runId);
    }
    return replace ? lakehouse.replaceIceberg(table, rows, count) : lakehouse.appendIceberg(table, rows, count);
  }

  /** A code list under {@code <conf>/reference/<name>.csv}, read with its header, all strings. */
  private Dataset<Row> reference(String name) {
    Path file = lakehouse.config().confDir().resolve("reference").resolve(name + ".csv");
    if (!Files.isRegularFile(file)) {
      throw new InvalidSpecException(
          List.of("reference list " + file + " is missing; restore conf/reference/" + name + ".csv"));
    }
    return lakehouse.spark().read().option("header", "true").option("encoding", "UTF-8").csv(file.toUri().toString());
  }
}
