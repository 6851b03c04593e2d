package org.dataelements.factory.orchestration;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.Layer;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.Redaction;
import org.dataelements.factory.core.RunPolicy;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.runtime.OpsTables.RunStatus;
import org.dataelements.factory.ingestion.IngestReport;
import org.dataelements.factory.ingestion.Ingestor;
import org.dataelements.factory.lineage.LineageDataset;
import org.dataelements.factory.lineage.LineageEmitter;
import org.dataelements.factory.orchestration.graph.StepGraph;
import org.dataelements.factory.products.release.QualitySummary;
import org.dataelements.factory.products.release.Releases;
import org.dataelements.factory.quality.ConstraintOutcome;

/**
 * A run: ingest, then the graph's steps in order, each recorded in {@code lake.ops.runs} (also when
 * it fails or is skipped, with the reason), with progress on the console. A product's gold tables
 * are written on the branch {@code candidate_<run>}, which becomes a release candidate once the
 * product's last step passed its gates ({@code main} moves only when operators approve it); a
 * failure leaves every table of the product as it was.
 */
public final class Pipeline {
  private final Lakehouse lakehouse;
  private final Specs specs;
  private final StepGraph graph;
  private final Console console;
  private final OpsTables ops;
  private final StepRunner runner;
  private final LineageEmitter lineage;
  private final List<OpsTables.RunStep> steps = new ArrayList<>();
  private final List<StepRunner.Result> results = new ArrayList<>();
  private final List<OpsTables.Release> candidates = new ArrayList<>();
  private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

  /** Waits between a step's attempts (a seam for tests, which must not wait). */
  @FunctionalInterface
  interface Sleeper {
    void sleep(java.time.Duration d) throws InterruptedException;
  }

  /** A pipeline over the given lakehouse, specs and step graph, reporting to the console. */
  public Pipeline(Lakehouse lakehouse, Specs specs, StepGraph graph, Console console) {
    this.lakehouse = requireNonNull(lakehouse, "lakehouse is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.graph = requireNonNull(graph, "graph is null");
    this.console = requireNonNull(console, "console is null");
    this.ops = new OpsTables(lakehouse);
    this.lineage = Lineages.emitter(lakehouse);
    this.runner =
        new StepRunner(lakehouse, ops, lineage, checksOf(specs), propertiesOf(specs))
            .gradedBy(specs);
  }

  /** Builds in the given mode (full refresh, backfill of some months, or incremental). */
  public Pipeline building(StepRunner.BuildMode mode) {
    runner.building(mode);
    return this;
  }

  /** The same pipeline, waiting between retries with the given sleeper. */
  Pipeline sleepingWith(Sleeper s) {
    this.sleeper = requireNonNull(s, "sleeper is null");
    return this;
  }

  /** The declared checks of a table: a silver table's spec, or its product's table spec. */
  public static Function<TableId, List<CheckSpec>> checksOf(Specs specs) {
    return id ->
        switch (id.layer()) {
          case SILVER -> specs.table(id).map(TableSpec::checks).orElse(List.of());
          case GOLD ->
              specs
                  .product(id.namespace())
                  .flatMap(p -> p.table(id.entity()))
                  .map(TableSpec::checks)
                  .orElse(List.of());
          default -> List.of();
        };
  }

  /** The declared Iceberg table properties of a product's table (none for other layers). */
  public static Function<TableId, java.util.Map<String, String>> propertiesOf(Specs specs) {
    return id ->
        id.layer() == Layer.GOLD
            ? specs
                .product(id.namespace())
                .flatMap(p -> p.table(id.entity()))
                .map(TableSpec::properties)
                .orElse(java.util.Map.of())
            : java.util.Map.of();
  }

  /** Lands the landing root for the given sources; used by {@code run} and {@code ingest}. */
  public IngestReport ingest(
      LandingRoot landing, List<SourceSpec> sources, String runId, boolean retryRejected) {
    return timed(
        runId,
        "ingest",
        () -> {
          lineage.start(runId, "ingest", List.of());
          IngestReport r;
          try {
            Ingestor ingestor = new Ingestor(lakehouse, ops);
            r =
                (retryRejected ? ingestor.retryingRejected() : ingestor)
                    .ingest(sources, landing, runId);
          } catch (Exception e) { // Scala code throws checked SparkExceptions undeclared
            lineage.fail(runId, "ingest", List.of(), String.valueOf(e.getMessage()));
            throw e;
          }
          lineage.complete(runId, "ingest", List.of(), List.of());
          ingestLineage(landing, r, runId);
          console.step(
              String.format(
                  Locale.ROOT,
                  "ingest: %d file(s) landed, %d unchanged, %d skipped (no source object), %d rejected;"
                      + " %,d rows landed, %,d quarantined",
                  r.count("landed"),
                  r.count("unchanged"),
                  r.count("skipped"),
                  r.count("rejected"),
                  r.rowsLanded(),
                  r.rowsQuarantined()));
          for (IngestReport.ObjectOutcome o : r.objects()) {
            console.line(
                String.format(
                    Locale.ROOT,
                    "           %-40s +%,d rows (%d file(s), %,d quarantined), version %d",
                    o.table(),
                    o.rowsLanded(),
                    o.filesLanded(),
                    o.rowsQuarantined(),
                    o.bronzeVersion()));
          }
          if (r.warnings().size() <= 3) {
            r.warnings().forEach(w -> console.line("           warning: " + w));
          } else {
            console.line(
                "           warning: "
                    + r.warnings().size()
                    + " source objects matched no file under "
                    + landing
                    + ": "
                    + String.join(
                        ", ",
                        r.warnings().stream().map(w -> w.substring(0, w.indexOf(':'))).toList()));
          }
          for (IngestReport.FileOutcome f : r.rejected()) {
            console.line("           rejected " + f.path() + ": " + f.reason());
          }
          return r;
        },
        r -> new long[] {r.recordsRead(), r.rowsLanded(), r.rowsQuarantined()},
        r -> r.rejected().isEmpty() ? "" : r.rejected().size() + " file(s) rejected",
        r -> false);
  }

  /**
   * One lineage run per bronze table this ingest wrote: its landed files (path relative to the
   * landing root, checksum) in, the table at its new version out.
   */
  private void ingestLineage(LandingRoot landing, IngestReport r, String runId) {
    if (!lineage.enabled()) {
      return;
    }
    String namespace = landingNamespace(landing);
    var grades = TableLineage.sensitivityOf(specs);
    for (IngestReport.ObjectOutcome o : r.objects()) {
      TableId table = TableId.parse(o.table());
      List<LineageDataset> files =
          r.files().stream()
              .filter(f -> f.status().equals("landed"))
              .filter(
                  f ->
                      f.source().isPresent()
                          && f.object().isPresent()
                          && TableId.bronze(f.source().get(), f.object().get()).equals(table))
              .map(
                  f ->
                      LineageDataset.of(
                          LineageDataset.Kind.FILE, namespace, f.path(), f.checksum()))
              .toList();
      org.apache.spark.sql.types.StructType schema =
          lakehouse.exists(table)
              ? lakehouse.read(table).schema()
              : new org.apache.spark.sql.types.StructType();
      LineageDataset out =
          TableLineage.table(
              lineage.tableNamespace(),
              table,
              Long.toString(o.bronzeVersion()),
              Optional.empty(),
              schema,
              grades.apply(table),
              Optional.of(org.dataelements.factory.core.Sensitivity.Grade.GENERAL));
      String job = "ingest:" + table.sqlName();
      lineage.start(runId, job, files);
      lineage.complete(runId, job, files, List.of(out));
    }
  }

  /** The lineage namespace of landing files: the landing root's location. */
  static String landingNamespace(LandingRoot landing) {
    return landing
        .remote()
        .map(java.net.URI::toString)
        .orElseGet(
            () -> landing.local().orElseThrow().toAbsolutePath().normalize().toUri().toString());
  }

  /**
   * Runs the given steps (in graph order). Gold outputs go to {@code candidate_<run>}; when a
   * product's last step of this run has passed, the build becomes a release candidate (DESIGN §8):
   * {@code main} stays as it was until operators approve. A product step whose outputs the newest
   * open candidate already holds, built from the same inputs, is not rebuilt; when none of a
   * product's steps had to run, that candidate stays the one to review.
   */
  public void build(List<Step> selected, String runId) {
    build(selected, runId, Optional.empty());
  }

  /**
   * Runs the given steps, resuming the failed run {@code resumeOf} when given: a product whose
   * build stopped there kept its branch {@code candidate_<resumeOf>}, and each of its steps whose
   * outputs that branch holds, built from the same inputs, is taken from it instead of being built
   * again. Silver steps that finished there are skipped anyway (their outputs carry the fingerprint
   * of what they were built from).
   */
  public void build(List<Step> selected, String runId, Optional<String> resumeOf) {
    String branch = "candidate_" + runId;
    Map<TableId, String> pending = new LinkedHashMap<>();
    Map<String, Integer> lastStepOf = new LinkedHashMap<>();
    Map<String, Boolean> rebuilt = new LinkedHashMap<>();
    Map<String, Optional<String>> open = new LinkedHashMap<>();
    for (int i = 0; i < selected.size(); i++) {
      int at = i;
      StepGraph.product(selected.get(i)).ifPresent(p -> lastStepOf.put(p, at));
    }
    Optional<String> current = Optional.empty();
    try {
      for (int i = 0; i < selected.size(); i++) {
        Step step = selected.get(i);
        Optional<String> product = StepGraph.product(step);
        current = product;
        product.ifPresent(p -> open.computeIfAbsent(p, x -> resumable(x, resumeOf)));
        Optional<String> missing = missingInputs(step.spec(), pending);
        if (missing.isPresent()) {
          skip(runId, step.spec().name(), missing.get());
        } else {
          Optional<String> reusable = product.flatMap(open::get);
          StepRunner.Result r =
              runStep(step, runId, new StepRunner.Refs(branch, pending, reusable));
          for (StepRunner.TableResult t : r.tables()) {
            if (t.table().layer() == Layer.GOLD) {
              pending.put(t.table(), branch);
              if (!t.table().entity().endsWith("__quarantine")) {
                pending.put(t.table().quarantine(), branch);
              }
            }
          }
          if (r.reusedFrom().isPresent()) {
            // The open candidate's tables join this run's branch, for the steps after this one.
            for (TableId t : step.spec().outputs()) {
              lakehouse
                  .branchSnapshot(t, r.reusedFrom().get())
                  .ifPresent(
                      sid -> {
                        lakehouse.setBranch(t, branch, sid);
                        pending.put(t, branch);
                      });
            }
          } else if (!r.skipped() && product.isPresent()) {
            rebuilt.put(product.get(), true);
          }
          pending
              .keySet()
              .removeIf(t -> !lakehouse.exists(t) || lakehouse.branchSnapshot(t, branch).isEmpty());
        }
        int index = i;
        if (product.isPresent() && lastStepOf.get(product.get()) == index) {
          candidate(
              product.get(),
              branch,
              pending,
              runId,
              rebuilt.getOrDefault(product.get(), false),
              open.get(product.get()));
        }
      }
      // A resumed build's finished steps now live on this run's branch: the old one can go.
      resumeOf.ifPresent(
          r ->
              open.forEach(
                  (p, from) -> {
                    if (from.equals(Optional.of("candidate_" + r))) {
                      graph.productSpec(p).orElseThrow().tableIds().stream()
                          .filter(lakehouse::exists)
                          .forEach(t -> lakehouse.dropBranch(t, from.get()));
                    }
                  }));
    } catch (RuntimeException e) {
      // A product whose build failed keeps every table's main as it was; the failed build is
      // recorded as a candidate that cannot be approved. Its branch stays for `--resume` (until
      // the product's candidate retention expires it), so that the steps that finished are not
      // built again; any other product's unfinished branch goes.
      Optional<String> failedProduct = current;
      pending.keySet().stream()
          .filter(t -> failedProduct.map(p -> !t.namespace().equals(p)).orElse(true))
          .toList()
          .forEach(t -> lakehouse.dropBranch(t, branch));
      failedProduct
          .flatMap(graph::productSpec)
          .ifPresent(
              p -> {
                try {
                  releases().failedBuild(p, runId, branch, String.valueOf(e.getMessage()));
                  console.step(
                      "release:"
                          + p.name()
                          + ": the build stopped; "
                          + branch
                          + " keeps what it finished for factory run --resume "
                          + runId);
                } catch (RuntimeException recording) {
                  e.addSuppressed(recording);
                }
              });
      throw e;
    }
  }

  private Releases releases() {
    return new Releases(lakehouse, ops, specs);
  }

  /**
   * The branch whose finished steps a product's build may take over: the resumed run's branch when
   * it holds any of the product's tables, else the newest open candidate.
   */
  private Optional<String> resumable(String product, Optional<String> resumeOf) {
    if (resumeOf.isPresent()) {
      String failed = "candidate_" + resumeOf.get();
      boolean kept =
          graph
              .productSpec(product)
              .map(
                  p ->
                      p.tableIds().stream()
                          .anyMatch(
                              t ->
                                  lakehouse.exists(t)
                                      && lakehouse.branchSnapshot(t, failed).isPresent()))
              .orElse(false);
      if (kept) {
        console.step(product + ": resuming from " + failed + " (its finished steps are reused)");
        return Optional.of(failed);
      }
    }
    return openCandidate(product);
  }

  /** The newest candidate of a product that is still open (awaiting approval). */
  private Optional<String> openCandidate(String product) {
    return ops.releases().stream()
        .filter(r -> r.product().equals(product) && r.status().equals(Releases.CANDIDATE))
        .map(OpsTables.Release::candidate)
        .findFirst();
  }

  /** Why a step cannot run: a required input, or every optional one, is absent. */
  private Optional<String> missingInputs(StepSpec spec, Map<TableId, String> pending) {
    return StepGraph.missingInputs(
        spec,
        t -> pending.containsKey(t) || lakehouse.exists(t),
        t -> graph.isLanded(t) ? "has not landed" : "has not been built");
  }

  /**
   * Makes the product's build a release candidate, with its gates; or, when no step of the product
   * had to run, keeps the open candidate (or the release) as it is.
   */
  private void candidate(
      String product,
      String branch,
      Map<TableId, String> pending,
      String runId,
      boolean anyRebuilt,
      Optional<String> open) {
    List<TableId> tables =
        pending.keySet().stream()
            .filter(t -> t.layer() == Layer.GOLD && t.namespace().equals(product))
            .toList();
    if (!anyRebuilt) {
      tables.forEach(t -> lakehouse.dropBranch(t, branch));
      tables.forEach(pending::remove);
      console.step(
          "release:"
              + product
              + ": nothing changed; "
              + open.map(c -> "candidate " + c + " is still the one to review")
                  .orElse("main holds the last release"));
      return;
    }
    ProductSpec spec = graph.productSpec(product).orElseThrow();
    long passed = 0;
    long warned = 0;
    long failed = 0;
    for (StepRunner.Result r : results) {
      if (r.tables().stream()
          .anyMatch(
              t -> t.table().namespace().equals(product) && t.table().layer() == Layer.GOLD)) {
        passed += r.count(ConstraintOutcome.Status.PASSED);
        warned += r.count(ConstraintOutcome.Status.WARNED);
        failed += r.count(ConstraintOutcome.Status.FAILED);
      }
    }
    QualitySummary quality = new QualitySummary((int) passed, (int) warned, (int) failed);
    OpsTables.Release r =
        timed(
            runId,
            "release:" + product,
            () -> releases().candidate(spec, runId, branch, quality),
            x -> new long[] {0, 0, 0},
            x -> x.status() + ": " + x.message(),
            x -> false);
    candidateLineage(product, branch, tables, runId, r);
    tables.forEach(pending::remove);
    candidates.add(r);
    console.step("release:" + product + ": " + branch + " is a candidate (" + r.status() + ")");
  }

  /** The candidate as a release decision: its gold tables on the branch, its gates' verdict. */
  private void candidateLineage(
      String product, String branch, List<TableId> tables, String runId, OpsTables.Release r) {
    if (!lineage.enabled()) {
      return;
    }
    List<LineageDataset> inputs = new ArrayList<>();
    for (TableId t : tables) {
      lakehouse
          .branchSnapshot(t, branch)
          .ifPresent(
              sid ->
                  inputs.add(
                      LineageDataset.of(
                              LineageDataset.Kind.TABLE,
                              lineage.tableNamespace(),
                              t.sqlName(),
                              Long.toString(sid))
                          .withRef(branch)));
    }
    lineage.once(
        runId,
        "release:" + product,
        inputs,
        List.of(),
        Map.of(
            org.dataelements.factory.lineage.FactoryFacet.RELEASE,
            Map.of(
                "product",
                product,
                "decision",
                r.status(),
                "candidate",
                branch,
                "approvers",
                List.of())));
  }

  private StepRunner.Result runStep(Step step, String runId, StepRunner.Refs refs) {
    String name = step.spec().name();
    return timed(
        runId,
        name,
        () -> {
          StepRunner.Result r = withRetries(step, () -> runner.run(step, runId, refs));
          results.add(r);
          if (r.skipped()) {
            console.step(name + ": nothing changed since its last build, not rebuilt");
            return r;
          }
          for (StepRunner.TableResult t : r.tables()) {
            console.step(
                String.format(
                    Locale.ROOT,
                    "%s: %s %,d rows out, %,d quarantined; checks %d passed, %d warned, %d failed; version %d",
                    name,
                    t.table().sqlName(),
                    t.rowsOut(),
                    t.rowsQuarantined(),
                    t.quality().count(ConstraintOutcome.Status.PASSED),
                    t.quality().count(ConstraintOutcome.Status.WARNED),
                    t.quality().count(ConstraintOutcome.Status.FAILED),
                    t.commit().version()));
          }
          return r;
        },
        r -> new long[] {r.rowsIn(), r.rowsOut(), r.rowsQuarantined()},
        r -> r.skipped() ? "nothing changed since the last build; not rebuilt" : "",
        StepRunner.Result::skipped);
  }

  /**
   * Runs a step's attempt again after a transient failure (I/O, catalog, object store; see {@link
   * TransientFailures}), up to the retries of its product's spec (the defaults for silver steps),
   * waiting the spec's delay and then twice as long each time. Data and spec errors fail at once.
   */
  private StepRunner.Result withRetries(Step step, Supplier<StepRunner.Result> attempt) {
    RunPolicy policy =
        StepGraph.product(step)
            .flatMap(graph::productSpec)
            .map(ProductSpec::run)
            .orElse(RunPolicy.DEFAULTS);
    String name = step.spec().name();
    for (int n = 1; ; n++) {
      try {
        StepRunner.Result r = attempt.get();
        if (n > 1) {
          console.step(name + ": succeeded on attempt " + n);
        }
        return r;
      } catch (RuntimeException e) {
        Optional<Throwable> cause = TransientFailures.transientCause(e);
        if (cause.isEmpty() || n > policy.retries()) {
          if (cause.isPresent() && policy.retries() > 0) {
            e.addSuppressed(
                new LakehouseException(
                    "gave up after " + n + " attempts (retries: " + policy.retries() + ")"));
            console.step(name + ": still failing after " + n + " attempts; giving up");
          }
          throw e;
        }
        java.time.Duration wait = policy.backoff(n);
        console.step(
            String.format(
                Locale.ROOT,
                "%s: transient failure (%s); retry %d of %d in %d s",
                name,
                cause.get(),
                n,
                policy.retries(),
                wait.toSeconds()));
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void skip(String runId, String step, String why) {
    Instant now = Instant.now();
    steps.add(
        new OpsTables.RunStep(
            runId,
            step,
            RunStatus.SKIPPED,
            now,
            Optional.of(now),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            why));
    console.step(step + ": skipped (" + why + ")");
  }

  private <T> T timed(
      String runId,
      String step,
      Supplier<T> body,
      Function<T, long[]> counts,
      Function<T, String> message,
      Predicate<T> skipped) {
    Instant started = Instant.now();
    console.step(step + ": started");
    try {
      T result = body.get();
      long[] c = counts.apply(result);
      steps.add(
          new OpsTables.RunStep(
              runId,
              step,
              skipped.test(result) ? RunStatus.SKIPPED : RunStatus.SUCCEEDED,
              started,
              Optional.of(Instant.now()),
              Optional.of(c[0]),
              Optional.of(c[1]),
              Optional.of(c[2]),
              message.apply(result)));
      return result;
    } catch (Exception e) { // Scala code throws checked SparkExceptions undeclared
      String msg = Redaction.of(e instanceof LakehouseException ? e.getMessage() : e.toString());
      steps.add(
          new OpsTables.RunStep(
              runId,
              step,
              RunStatus.FAILED,
              started,
              Optional.of(Instant.now()),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              msg == null ? e.getClass().getName() : msg));
      throw e;
    }
  }

  /**
   * Writes the recorded steps to {@code lake.ops.runs} and the check results and metrics (called
   * once, also after a failure).
   */
  public void recordSteps() {
    try {
      runner.flush();
    } finally {
      try {
        ops.recordSteps(steps);
      } finally {
        storeLineage(lineage, ops);
      }
    }
  }

  /**
   * Lands the events emitted so far into {@code lake.ops.lineage_events}. Lineage never fails the
   * work: a failure is a warning (the events stay in the run's file under {@code _lineage/}).
   */
  static void storeLineage(LineageEmitter lineage, OpsTables ops) {
    List<LineageEmitter.Emitted> events = lineage.drain();
    try {
      ops.recordLineage(
          events.stream()
              .map(
                  e ->
                      new OpsTables.LineageEvent(
                          e.eventTime(),
                          e.eventType(),
                          e.runId(),
                          e.parentRunId(),
                          e.jobNamespace(),
                          e.jobName(),
                          e.inputs(),
                          e.outputs(),
                          e.event()))
              .toList());
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(Pipeline.class)
          .warn(
              "lineage: {} event(s) not stored in {}: {}",
              events.size(),
              OpsTables.LINEAGE_EVENTS.sqlName(),
              e.toString());
    }
  }

  LineageEmitter lineage() {
    return lineage;
  }

  /** The steps recorded so far in this run, in the order they ran. */
  public List<OpsTables.RunStep> steps() {
    return List.copyOf(steps);
  }

  List<StepRunner.Result> results() {
    return List.copyOf(results);
  }

  /** The release candidates this run made. */
  public List<OpsTables.Release> candidates() {
    return List.copyOf(candidates);
  }

  StepRunner runner() {
    return runner;
  }
}
