package org.dataelements.factory.orchestration;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.CommitResult;
import org.dataelements.factory.core.Incremental;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.Layer;
import org.dataelements.factory.core.Sensitivity;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.lineage.LineageDataset;
import org.dataelements.factory.lineage.LineageEmitter;
import org.dataelements.factory.lineage.PlanColumnLineage;
import org.dataelements.factory.orchestration.graph.Fingerprint;
import org.dataelements.factory.quality.ConstraintOutcome;
import org.dataelements.factory.quality.QualityChecks;
import org.dataelements.factory.quality.QualityContext;
import org.dataelements.factory.quality.QualityReport;
import org.dataelements.factory.quality.QualitySplit;
import org.dataelements.factory.quality.SplitCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Step}: reads its inputs (a table this run has written on a product's branch is
 * read there) and references, persists the datasets its outputs share, and for every output table
 * sends the rows that break {@code drop} checks to quarantine (checking that no row is lost) and
 * verifies the other checks over the kept rows. Only when every output passed its gate are the
 * outputs committed, together: Delta tables in place, gold tables on the product's branch (the
 * caller publishes the product as a unit).
 */
public final class StepRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

  private final Lakehouse lakehouse;
  private final OpsTables ops;
  private final LineageEmitter lineage;
  private final Function<TableId, List<CheckSpec>> checks;
  private final Function<TableId, java.util.Map<String, String>> properties;
  private Function<TableId, Map<String, Sensitivity>> sensitivity = id -> Map.of();
  private Function<TableId, Optional<Sensitivity.Grade>> defaultGrade = id -> Optional.empty();
  // Check results and metrics of the whole run, written in one commit each at its end: an
  // Iceberg commit costs a second or two, so not one per step.
  private final List<OpsTables.QualityResult> qualityResults = new ArrayList<>();
  private final List<OpsTables.QualityMetric> qualityMetrics = new ArrayList<>();

  /** A runner that commits to the lakehouse, records to its ops tables and emits lineage. */
  public StepRunner(
      Lakehouse lakehouse,
      OpsTables ops,
      LineageEmitter lineage,
      Function<TableId, List<CheckSpec>> checks) {
    this(lakehouse, ops, lineage, checks, id -> java.util.Map.of());
  }

  /**
   * A runner that also writes each Iceberg table with the table properties its spec declares
   * ({@code properties:}, e.g. row-group size and column metrics for a table looked up by key).
   */
  public StepRunner(
      Lakehouse lakehouse,
      OpsTables ops,
      LineageEmitter lineage,
      Function<TableId, List<CheckSpec>> checks,
      Function<TableId, java.util.Map<String, String>> properties) {
    this.lakehouse = requireNonNull(lakehouse, "lakehouse is null");
    this.ops = requireNonNull(ops, "ops is null");
    this.lineage = requireNonNull(lineage, "lineage is null");
    this.checks = requireNonNull(checks, "checks is null");
    this.properties = requireNonNull(properties, "properties is null");
  }

  /**
   * How a run builds: {@code fullRefresh} rebuilds every step from all its input; {@code months} (a
   * backfill) rebuilds those months of every incremental step's outputs (see {@link Incremental}),
   * whether or not their inputs changed.
   */
  public record BuildMode(boolean fullRefresh, Optional<java.util.SortedSet<String>> months) {
    public static final BuildMode INCREMENTAL = new BuildMode(false, Optional.empty());

    public BuildMode {
      requireNonNull(months, "months is null");
    }
  }

  private BuildMode mode = BuildMode.INCREMENTAL;

  /** Builds in the given mode from now on. */
  public StepRunner building(BuildMode m) {
    this.mode = requireNonNull(m, "mode is null");
    return this;
  }

  /** Grades the columns in lineage events as the specs do. */
  public StepRunner gradedBy(Specs specs) {
    this.sensitivity = TableLineage.sensitivityOf(specs);
    this.defaultGrade = TableLineage.defaultGradeOf(specs);
    return this;
  }

  /** Writes the buffered check results and metrics (also after a failed step). */
  public void flush() {
    try {
      ops.recordQuality(qualityResults);
      ops.recordMetrics(qualityMetrics);
    } finally {
      qualityResults.clear();
      qualityMetrics.clear();
    }
  }

  /**
   * What one output table got: rows written, rows quarantined (the step's own and those dropped by
   * checks), of which dropped by {@code drop} checks, the commit and the check results.
   */
  record TableResult(
      TableId table,
      long rowsOut,
      long rowsQuarantined,
      long rowsDropped,
      CommitResult commit,
      QualityReport quality,
      List<LineageDataset> lineage) {
    TableResult {
      lineage = List.copyOf(lineage);
    }

    TableResult(
        TableId table,
        long rowsOut,
        long rowsQuarantined,
        long rowsDropped,
        CommitResult commit,
        QualityReport quality) {
      this(table, rowsOut, rowsQuarantined, rowsDropped, commit, quality, List.of());
    }
  }

  /**
   * What a step did: rows read and its tables' results; {@code skipped} (with no table results)
   * when nothing it was built from changed since its last build.
   */
  public record Result(
      String step,
      long rowsIn,
      List<TableResult> tables,
      boolean skipped,
      Optional<String> reusedFrom) {
    public Result {
      tables = List.copyOf(tables);
      requireNonNull(reusedFrom, "reusedFrom is null");
    }

    /** A result without reuse of an open candidate. */
    public Result(String step, long rowsIn, List<TableResult> tables, boolean skipped) {
      this(step, rowsIn, tables, skipped, Optional.empty());
    }

    /** Rows written over all the step's tables. */
    public long rowsOut() {
      return tables.stream().mapToLong(TableResult::rowsOut).sum();
    }

    long rowsQuarantined() {
      return tables.stream().mapToLong(TableResult::rowsQuarantined).sum();
    }

    long count(ConstraintOutcome.Status status) {
      return tables.stream().mapToLong(t -> t.quality().count(status)).sum();
    }
  }

  /** Where this run reads and writes: the gold branch of the products it builds. */
  public record Refs(
      String goldBranch, Map<TableId, String> pending, Optional<String> openCandidate) {
    public Refs {
      requireNonNull(goldBranch, "goldBranch is null");
      pending = Map.copyOf(pending);
      requireNonNull(openCandidate, "openCandidate is null");
    }

    /** Refs without an open candidate to reuse. */
    public Refs(String goldBranch, Map<TableId, String> pending) {
      this(goldBranch, pending, Optional.empty());
    }

    Optional<String> pendingBranch(TableId id) {
      return Optional.ofNullable(pending.get(id));
    }
  }

  /** The version of an input as this run sees it (its branch head when written in this run). */
  Optional<Long> inputVersion(TableId id, Refs refs) {
    Optional<String> branch = refs.pendingBranch(id);
    if (branch.isPresent()) {
      return lakehouse.branchSnapshot(id, branch.get());
    }
    return lakehouse.exists(id) ? Optional.of(lakehouse.version(id)) : Optional.empty();
  }

  /** The fingerprint a build of the step would carry now. */
  Fingerprint fingerprint(Step step, Refs refs) {
    StepSpec spec = step.spec();
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("step", spec.name());
    parts.put("outputs", String.join(",", spec.outputs().stream().map(TableId::sqlName).toList()));
    parts.put("params", step.parameters());
    parts.put("factory", FactoryVersion.get());
    parts.put("code", CodeFingerprint.of(List.of(step.getClass(), Step.class)));
    for (TableId out : spec.outputs()) {
      List<CheckSpec> cs = checks.apply(out);
      if (!cs.isEmpty()) {
        // Changed checks re-run the gate, so they are part of what the output was built under.
        parts.put(
            "checks:" + out.sqlName(),
            String.join(
                ",", cs.stream().map(c -> c.ruleId() + ":" + c.severity().label()).toList()));
      }
      var props = properties.apply(out);
      if (!props.isEmpty()) {
        // A changed layout rewrites the table, so the new properties take effect at once.
        parts.put("properties:" + out.sqlName(), new java.util.TreeMap<>(props).toString());
      }
    }
    for (TableId id : spec.inputTables()) {
      inputVersion(id, refs).ifPresent(v -> parts.put("in:" + id.sqlName(), Long.toString(v)));
    }
    for (String name : spec.references()) {
      parts.put("ref:" + name, referenceChecksum(name));
    }
    return new Fingerprint(parts);
  }

  /**
   * Why the step would be rebuilt now: empty when every output exists and was built under the same
   * fingerprint.
   */
  List<String> staleness(Step step, Fingerprint now) {
    List<String> why = new ArrayList<>();
    for (TableId out : step.spec().outputs()) {
      if (!lakehouse.exists(out)) {
        why.add(out.sqlName() + " does not exist yet");
        continue;
      }
      Optional<String> stored = lakehouse.fingerprint(out);
      if (stored.isEmpty()) {
        why.add(out.sqlName() + " has no record of what it was built from");
        continue;
      }
      for (String w : now.changesSince(Fingerprint.parse(stored.get()))) {
        if (!why.contains(w)) {
          why.add(w);
        }
      }
    }
    return why;
  }

  /** True when every output of a gold step carries this fingerprint on the given branch. */
  boolean builtOn(Step step, Fingerprint fp, String branch) {
    for (TableId out : step.spec().outputs()) {
      if (out.layer() != Layer.GOLD
          || !lakehouse.exists(out)
          || !lakehouse.fingerprintAt(out, branch).equals(Optional.of(fp.render()))) {
        return false;
      }
    }
    return true;
  }

  /** Runs one step: its checks, commits and lineage; skipped when none of its inputs changed. */
  public Result run(Step step, String runId, Refs refs) {
    StepSpec spec = step.spec();
    long started = System.nanoTime();
    Fingerprint fp = fingerprint(step, refs);
    Optional<MonthPlan> plan = Optional.empty();
    if (mode.months().isPresent() && canRebuildMonths(step)) {
      // A backfill: these months again, changed or not, and the months new data touches.
      Optional<MonthPlan> changed =
          staleness(step, fp).isEmpty() ? Optional.empty() : changedMonths(step, fp, refs);
      java.util.SortedSet<String> m = new java.util.TreeSet<>(NULL_FIRST);
      m.addAll(mode.months().get());
      changed.ifPresent(c -> m.addAll(c.months()));
      plan = Optional.of(new MonthPlan(m, changed.map(MonthPlan::files).orElse(Set.of())));
    } else if (!mode.fullRefresh() && staleness(step, fp).isEmpty()) {
      LOG.info("run {} step {}: nothing changed since its last build, skipped", runId, spec.name());
      return new Result(spec.name(), 0, List.of(), true);
    } else if (!mode.fullRefresh()) {
      plan = changedMonths(step, fp, refs);
    }
    Optional<java.util.SortedSet<String>> months = plan.map(MonthPlan::months);
    if (!mode.fullRefresh()
        && refs.openCandidate().isPresent()
        && builtOn(step, fp, refs.openCandidate().get())) {
      LOG.info(
          "run {} step {}: open candidate {} was built from the same inputs, reused",
          runId,
          spec.name(),
          refs.openCandidate().get());
      return new Result(spec.name(), 0, List.of(), true, refs.openCandidate());
    }
    Map<TableId, Dataset<Row>> inputs = new LinkedHashMap<>();
    List<LineageDataset> inputVersions = new ArrayList<>();
    for (TableId id : spec.inputTables()) {
      Optional<String> branch = refs.pendingBranch(id);
      if (branch.isPresent()) {
        inputs.put(id, lakehouse.readRef(id, branch.get()));
      } else if (lakehouse.exists(id)) {
        Dataset<Row> all = lakehouse.read(id);
        inputs.put(id, plan.isPresent() ? monthsOf(step, id, all, plan.get()) : all);
      } else {
        continue;
      }
      Optional<String> ref =
          id.layer().format() == Layer.TableFormat.ICEBERG
              ? Optional.of(branch.orElse("main"))
              : Optional.empty();
      inputVersions.add(
          lineageOf(
              id, Long.toString(inputVersion(id, refs).orElse(-1L)), ref, inputs.get(id).schema()));
    }
    Map<String, Dataset<Row>> references = new LinkedHashMap<>();
    for (String name : spec.references()) {
      references.put(name, reference(name));
    }
    lineage.start(runId, spec.name(), inputVersions);
    try {
      if (months.isPresent()) {
        LOG.info("run {} step {}: rebuilding month(s) {} only", runId, spec.name(), months.get());
      }
      Result r = build(step, runId, refs, inputs, references, fp, started, months);
      List<LineageDataset> outputs =
          r.tables().stream().flatMap(t -> t.lineage().stream()).toList();
      lineage.complete(runId, spec.name(), inputVersions, outputs);
      for (TableResult t : r.tables()) {
        if (!t.quality().outcomes().isEmpty() && !t.lineage().isEmpty()) {
          // The checks ran on the output: a quality run that read it. The output (last, after its
          // quarantine) already carries the assertions and metrics, as input facets here.
          lineage.complete(
              runId,
              "quality:" + t.table().sqlName(),
              List.of(t.lineage().get(t.lineage().size() - 1)),
              List.of());
        }
      }
      return r;
    } catch (Exception e) { // Scala code throws checked SparkExceptions undeclared
      lineage.fail(runId, spec.name(), inputVersions, String.valueOf(e.getMessage()));
      throw e;
    }
  }

  private LineageDataset lineageOf(
      TableId id,
      String version,
      Optional<String> ref,
      org.apache.spark.sql.types.StructType schema) {
    return TableLineage.table(
        lineage.tableNamespace(),
        id,
        version,
        ref,
        schema,
        sensitivity.apply(id),
        defaultGrade.apply(id));
  }

  /**
   * The output's column lineage: read from the plan, declared by the step where the plan loses it.
   */
  private Map<String, List<LineageDataset.ColumnSource>> columnLineage(
      Step step, TableId table, Dataset<Row> rows, Map<TableId, Dataset<Row>> inputs) {
    if (!lineage.enabled()) {
      return Map.of();
    }
    PlanColumnLineage.Lineage derived;
    try {
      Map<String, Dataset<Row>> byName = new LinkedHashMap<>();
      inputs.forEach((id, df) -> byName.put(id.sqlName(), df));
      derived = PlanColumnLineage.read(rows, byName, lineage.tableNamespace());
    } catch (RuntimeException e) {
      LOG.warn("lineage: column lineage of {} not read from the plan: {}", table, e.toString());
      derived = new PlanColumnLineage.Lineage(Map.of(), Set.of());
    }
    return TableLineage.columns(
        derived,
        step.declaredLineage().getOrDefault(table, Map.of()),
        inputs.keySet(),
        lineage.tableNamespace());
  }

  /** One output, judged and gated but not yet written. */
  private record Judged(
      TableId table,
      Dataset<Row> kept,
      SplitCounts counts,
      Optional<Dataset<Row>> quarantine,
      long ownQuarantined,
      QualityReport report,
      Map<String, List<LineageDataset.ColumnSource>> columns) {}

  private Result build(
      Step step,
      String runId,
      Refs refs,
      Map<TableId, Dataset<Row>> inputs,
      Map<String, Dataset<Row>> references,
      Fingerprint fp,
      long started,
      Optional<java.util.SortedSet<String>> months) {
    StepSpec spec = step.spec();
    Optional<Incremental> inc = months.flatMap(m -> step.incremental());
    long rowsIn = 0;
    for (Dataset<Row> df : inputs.values()) {
      rowsIn += df.count();
    }
    StepOutput out = step.transform(new StepInputs(inputs, references, runId));
    if (!out.tables().keySet().equals(new java.util.HashSet<>(spec.outputs()))) {
      throw new IllegalStateException(
          "step "
              + spec.name()
              + " declared outputs "
              + spec.outputs()
              + " but returned "
              + out.tables().keySet());
    }
    List<Dataset<Row>> cached = new ArrayList<>();
    // The datasets the outputs share are computed once: persisted before any output is counted.
    out.shared().forEach(d -> cached.add(d.persist(StorageLevel.MEMORY_AND_DISK())));
    try {
      Function<String, Dataset<Row>> tables = name -> lakehouse.read(TableId.parse(name));
      List<Judged> judged = new ArrayList<>();
      for (TableId table : spec.outputs()) {
        StepOutput.TableOutput o = out.tables().get(table);
        if (inc.isPresent() && !inc.get().outputKeys().containsKey(table)) {
          continue; // it depends on unkeyed inputs only, which did not change
        }
        Dataset<Row> stepOut =
            inc.isPresent()
                ? o.rows()
                    .where(expr(monthPredicate(inc.get().outputKeys().get(table), months.get())))
                : o.rows();
        Dataset<Row> rows = stepOut.persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(rows);
        long stepRows = rows.count();
        List<CheckSpec> tableChecks =
            inc.isEmpty()
                ? checks.apply(table)
                : checks.apply(table).stream().filter(c -> judgesMonths(c.rule())).toList();
        // Rows breaking drop checks leave before the gate; kept and quarantined rows are two
        // filters of one judged projection, cached so that it is computed once.
        QualitySplit split = QualityChecks.split(table, rows, tableChecks, runId, tables);
        split.judged().ifPresent(j -> cached.add(j.persist(StorageLevel.MEMORY_AND_DISK())));
        SplitCounts counts =
            split.count(stepRows); // rows in = kept + dropped, else an internal error
        QualityContext context =
            QualityContext.of(tables)
                .withHistory(QualityCommands.metricHistory(lakehouse, table, tableChecks))
                .withSplit(counts);
        QualityReport report = QualityChecks.verify(table, split.kept(), tableChecks, context);
        qualityResults.addAll(report.asOpsRows(runId));
        Optional<Dataset<Row>> ownQuarantine = o.quarantine();
        if (inc.isPresent() && ownQuarantine.isPresent()) {
          String qKey = inc.get().outputKeys().get(table.quarantine());
          // An unkeyed quarantine comes from unkeyed inputs only, which did not change: kept.
          ownQuarantine =
              qKey == null
                  ? Optional.empty()
                  : Optional.of(
                      ownQuarantine.get().where(expr(monthPredicate(qKey, months.get()))));
        }
        if (inc.isPresent()
            && split.hasDropChecks()
            && !inc.get().outputKeys().containsKey(table.quarantine())) {
          throw new IllegalStateException(
              "step "
                  + spec.name()
                  + " keys "
                  + table
                  + " (which has drop checks) but not its quarantine");
        }
        // the step's own quarantine, counted apart from the union written to the quarantine
        // table, so that the rows committed can be checked against rows produced
        long ownQuarantined = 0;
        if (ownQuarantine.isPresent()) {
          Dataset<Row> own = ownQuarantine.get().persist(StorageLevel.MEMORY_AND_DISK());
          cached.add(own);
          ownQuarantined = own.count();
          ownQuarantine = Optional.of(own);
        }
        Optional<Dataset<Row>> quarantine =
            ownQuarantine.isPresent()
                ? Optional.of(
                    split.hasDropChecks()
                        ? split.quarantineWith(ownQuarantine.get())
                        : ownQuarantine.get())
                : split.hasDropChecks() ? Optional.of(split.quarantined()) : Optional.empty();
        judged.add(
            new Judged(
                table,
                split.kept(),
                counts,
                quarantine,
                ownQuarantined,
                report,
                columnLineage(step, table, o.rows(), inputs)));
      }
      // Every output passed its gate before any is written: a failed fail-check leaves them all.
      judged.forEach(j -> j.report().enforce());
      List<TableResult> results = new ArrayList<>();
      for (Judged j : judged) {
        long quarantined = 0;
        List<LineageDataset> written = new ArrayList<>();
        Optional<String> ref =
            j.table().layer() == Layer.GOLD ? Optional.of(refs.goldBranch()) : Optional.empty();
        Optional<CommitResult> quarantineCommit = Optional.empty();
        if (j.quarantine().isPresent()) {
          Dataset<Row> q = j.quarantine().get().persist(StorageLevel.MEMORY_AND_DISK());
          cached.add(q);
          quarantined = q.count();
          CommitResult qc =
              inc.isPresent()
                  ? lakehouse.replaceDeltaWhere(
                      j.table().quarantine(),
                      q,
                      quarantined,
                      runId,
                      monthPredicate(
                          inc.get().outputKeys().get(j.table().quarantine()), months.get()),
                      Optional.of(fp.render()))
                  : write(spec, j.table().quarantine(), q, quarantined, runId, fp, refs);
          written.add(
              lineageOf(j.table().quarantine(), Long.toString(qc.version()), ref, q.schema()));
          quarantineCommit = Optional.of(qc);
        }
        CommitResult commit =
            inc.isPresent()
                ? lakehouse.replaceDeltaWhere(
                    j.table(),
                    clustered(step, j.table(), j.kept()),
                    j.counts().kept(),
                    runId,
                    monthPredicate(inc.get().outputKeys().get(j.table()), months.get()),
                    Optional.of(fp.render()))
                : write(
                    spec,
                    j.table(),
                    clustered(step, j.table(), j.kept()),
                    j.counts().kept(),
                    runId,
                    fp,
                    refs);
        RowAccounting.verify(
            lakehouse,
            spec.name(),
            j.counts().rowsIn() + j.ownQuarantined(),
            commit,
            quarantineCommit,
            ref);
        LineageDataset table =
            lineageOf(j.table(), Long.toString(commit.version()), ref, j.kept().schema())
                .withColumnLineage(j.columns());
        written.add(
            j.report().outcomes().isEmpty() ? table : TableLineage.withQuality(table, j.report()));
        qualityMetrics.addAll(j.report().asMetricRows(runId, commit.version()));
        results.add(
            new TableResult(
                j.table(),
                j.counts().kept(),
                quarantined,
                j.counts().quarantined(),
                commit,
                j.report(),
                written));
        LOG.info(
            "run {} step {} wrote {} version {}: {} kept + {} dropped by checks ({} quarantined in all);"
                + " checks {} passed, {} warned, {} failed in {} Spark jobs",
            runId,
            spec.name(),
            j.table(),
            commit.version(),
            j.counts().kept(),
            j.counts().quarantined(),
            quarantined,
            j.report().count(ConstraintOutcome.Status.PASSED),
            j.report().count(ConstraintOutcome.Status.WARNED),
            j.report().count(ConstraintOutcome.Status.FAILED),
            j.report().sparkJobs());
      }
      LOG.info(
          "run {} step {}: {} ms", runId, spec.name(), (System.nanoTime() - started) / 1_000_000);
      return new Result(spec.name(), rowsIn, results, false);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  // ------------------------------------------------------------------------------ incremental

  /**
   * An incremental step's output keyed by a date column, written in date order: each data file then
   * holds a short run of dates, so replacing a month rewrites the few files that hold it (Delta
   * skips the others by their statistics), not every file.
   */
  private Dataset<Row> clustered(Step step, TableId table, Dataset<Row> rows) {
    return step.incremental()
        .map(inc -> inc.outputKeys().get(table))
        .filter(key -> COLUMN.matcher(key).matches())
        .map(key -> rows.repartitionByRange(col(key)).sortWithinPartitions(col(key)))
        .orElse(rows);
  }

  /** Whether a check can judge a rebuild of some months alone (not the table's size or history). */
  static boolean judgesMonths(CheckSpec.Rule rule) {
    return rule.rowLevel() || rule == CheckSpec.Rule.UNIQUE;
  }

  /** Whether the step can rebuild some months of its outputs: incremental, outputs all there. */
  private boolean canRebuildMonths(Step step) {
    if (step.incremental().isEmpty()) {
      return false;
    }
    Incremental inc = step.incremental().get();
    for (TableId out : step.spec().outputs()) {
      if (out.layer().format() != Layer.TableFormat.DELTA || !lakehouse.exists(out)) {
        return false;
      }
    }
    for (TableId in : inc.inputKeys().keySet()) {
      if (in.layer().format() != Layer.TableFormat.DELTA) {
        return false;
      }
    }
    return true;
  }

  /**
   * The months an incremental build of the step rebuilds: those of the keyed inputs' rows changed
   * since its last build (and, by source file, of the rows a new version of a file supersedes).
   * Empty, for a full rebuild, when the step is not incremental, when anything else that it was
   * built from changed (an unkeyed input, the spec, the code, a reference list), or when an input's
   * change feed does not reach back to that build.
   */
  /** The months an incremental build rebuilds, and the source files that changed. */
  record MonthPlan(java.util.SortedSet<String> months, Set<String> files) {}

  Optional<MonthPlan> changedMonths(Step step, Fingerprint now, Refs refs) {
    if (!canRebuildMonths(step)) {
      return Optional.empty();
    }
    Incremental inc = step.incremental().get();
    Map<TableId, Long> since = new LinkedHashMap<>();
    for (TableId out : step.spec().outputs()) {
      Optional<String> stored = lakehouse.fingerprint(out);
      if (stored.isEmpty()) {
        return Optional.empty();
      }
      Fingerprint before = Fingerprint.parse(stored.get());
      java.util.Set<String> keys = new java.util.TreeSet<>(now.parts().keySet());
      keys.addAll(before.parts().keySet());
      for (String k : keys) {
        String a = now.parts().get(k);
        String b = before.parts().get(k);
        if (java.util.Objects.equals(a, b)) {
          continue;
        }
        Optional<TableId> keyed =
            inc.inputKeys().keySet().stream()
                .filter(t -> k.equals("in:" + t.sqlName()))
                .findFirst();
        if (keyed.isEmpty() || a == null || b == null) {
          LOG.info("step {}: {} changed, rebuilt whole", step.spec().name(), k);
          return Optional.empty();
        }
        Long v = Long.parseLong(b);
        if (since.containsKey(keyed.get()) && !since.get(keyed.get()).equals(v)) {
          return Optional.empty(); // its outputs were built from different versions
        }
        since.put(keyed.get(), v);
      }
    }
    try {
      java.util.SortedSet<String> months = new java.util.TreeSet<>(NULL_FIRST);
      Set<String> changedFiles = new java.util.TreeSet<>();
      for (Map.Entry<TableId, Long> e : since.entrySet()) {
        if (lakehouse.rewrittenSince(e.getKey(), e.getValue())) {
          // Every row changed: reading the feed (each row twice) would cost more than a build.
          LOG.info(
              "step {}: {} was rewritten whole since version {}, rebuilt whole",
              step.spec().name(),
              e.getKey(),
              e.getValue());
          return Optional.empty();
        }
        Optional<Dataset<Row>> changes = lakehouse.changesSince(e.getKey(), e.getValue());
        if (changes.isEmpty()) {
          LOG.info(
              "step {}: no change feed of {} since version {}, rebuilt whole",
              step.spec().name(),
              e.getKey(),
              e.getValue());
          return Optional.empty();
        }
        String key = monthOf(inc.inputKeys().get(e.getKey()));
        months.addAll(distinctKeys(changes.get().selectExpr(key + " AS _month")));
        if (inc.fileColumn().isPresent()) {
          // A new version of a file supersedes the old one's rows: their months change too.
          String file = inc.fileColumn().get();
          List<String> files =
              changes.get().select(col(file)).distinct().as(Encoders.STRING()).collectAsList();
          changedFiles.addAll(files);
          if (!files.isEmpty()) {
            months.addAll(
                distinctKeys(
                    lakehouse
                        .read(e.getKey())
                        .where(col(file).isin(files.toArray()))
                        .selectExpr(key + " AS _month")));
          }
        }
      }
      return Optional.of(new MonthPlan(months, changedFiles));
    } catch (RuntimeException e) {
      LOG.info(
          "step {}: changed months not read ({}), rebuilt whole", step.spec().name(), e.toString());
      return Optional.empty();
    }
  }

  /** Null (a row whose month cannot be read) sorts first. */
  private static final java.util.Comparator<String> NULL_FIRST =
      java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder());

  private static List<String> distinctKeys(Dataset<Row> months) {
    return months.distinct().collectAsList().stream()
        .map(r -> r.isNullAt(0) ? null : r.get(0).toString())
        .toList();
  }

  /**
   * An input's rows of the given months: by whole source files when the step names a file column
   * (every version of every file holding a row of those months), else the rows themselves.
   */
  private Dataset<Row> monthsOf(Step step, TableId input, Dataset<Row> all, MonthPlan plan) {
    java.util.SortedSet<String> months = plan.months();
    Optional<Incremental> inc = step.incremental();
    if (inc.isEmpty() || !inc.get().inputKeys().containsKey(input)) {
      return all; // an unkeyed input is read whole
    }
    String predicate = monthPredicate(inc.get().inputKeys().get(input), months);
    if (inc.get().fileColumn().isEmpty()) {
      return all.where(expr(predicate));
    }
    String file = inc.get().fileColumn().get();
    Set<String> files = new java.util.TreeSet<>(plan.files());
    boolean outputsKnowFiles =
        inc.get().outputFileColumn().isPresent()
            && inc.get().outputKeys().keySet().stream().allMatch(lakehouse::exists);
    if (outputsKnowFiles) {
      // Every landed row of an unchanged file is in an output or a quarantine, with its file.
      String outFile = inc.get().outputFileColumn().get();
      inc.get()
          .outputKeys()
          .forEach(
              (out, key) ->
                  files.addAll(
                      lakehouse
                          .read(out)
                          .where(expr(monthPredicate(key, months)))
                          .select(col(outFile))
                          .distinct()
                          .as(Encoders.STRING())
                          .collectAsList()));
    } else {
      files.addAll(
          all.where(expr(predicate))
              .select(col(file))
              .distinct()
              .as(Encoders.STRING())
              .collectAsList());
    }
    return all.where(col(file).isin(files.toArray()));
  }

  private static final java.util.regex.Pattern COLUMN =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The month (yyyy-MM) of a key: a date column's month, or the key expression itself. */
  static String monthOf(String key) {
    return COLUMN.matcher(key).matches() ? "date_format(" + key + ", 'yyyy-MM')" : key;
  }

  /**
   * {@code key} is one of the months, as a SQL predicate ({@code false} for none). A date column is
   * compared as a range of dates, which Delta's file statistics can skip; an expression with IN.
   */
  static String monthPredicate(String key, java.util.SortedSet<String> months) {
    if (COLUMN.matcher(key).matches()) {
      List<String> ranges = new ArrayList<>();
      for (String m : months) {
        if (m != null) {
          java.time.YearMonth ym = java.time.YearMonth.parse(m);
          ranges.add(
              "("
                  + key
                  + " >= DATE'"
                  + ym.atDay(1)
                  + "' AND "
                  + key
                  + " < DATE'"
                  + ym.plusMonths(1).atDay(1)
                  + "')");
        }
      }
      if (months.stream().anyMatch(java.util.Objects::isNull)) {
        ranges.add(key + " IS NULL");
      }
      return ranges.isEmpty() ? "false" : String.join(" OR ", ranges);
    }
    List<String> parts = new ArrayList<>();
    List<String> named =
        months.stream()
            .filter(java.util.Objects::nonNull)
            .map(
                m -> {
                  if (!m.matches("\\d{4}-\\d{2}")) {
                    throw new IllegalStateException("month key '" + m + "' is not yyyy-MM");
                  }
                  return "'" + m + "'";
                })
            .toList();
    if (!named.isEmpty()) {
      parts.add("(" + key + ") IN (" + String.join(", ", named) + ")");
    }
    if (months.stream().anyMatch(java.util.Objects::isNull)) {
      parts.add("(" + key + ") IS NULL");
    }
    return parts.isEmpty() ? "false" : String.join(" OR ", parts);
  }

  private CommitResult write(
      StepSpec spec,
      TableId table,
      Dataset<Row> rows,
      long count,
      String runId,
      Fingerprint fingerprint,
      Refs refs) {
    boolean replace = spec.mode() == StepSpec.WriteMode.REPLACE;
    var fp = Optional.of(fingerprint.render());
    if (table.layer().format() == Layer.TableFormat.DELTA) {
      return replace
          ? lakehouse.overwriteDelta(table, rows, count, runId, fp)
          : lakehouse.appendDelta(table, rows, count, runId);
    }
    if (table.layer() == Layer.GOLD) {
      if (!replace) {
        throw new IllegalStateException(
            "gold tables are rebuilt on a branch; step "
                + spec.name()
                + " must write them in REPLACE mode");
      }
      return lakehouse.replaceIcebergOnBranch(
          table, refs.goldBranch(), rows, count, fp, properties.apply(table));
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
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
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
          List.of(
              "reference list " + file + " is missing; restore conf/reference/" + name + ".csv"));
    }
    return lakehouse
        .spark()
        .read()
        .option("header", "true")
        .option("encoding", "UTF-8")
        .csv(file.toUri().toString());
  }
}
