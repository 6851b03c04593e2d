package org.dataelements.factory.orchestration;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.lineage.LineageEmitter;
import org.dataelements.factory.curation.power.ConsumptionMonthly;
import org.dataelements.factory.curation.power.MeterDaily;
import org.dataelements.factory.curation.power.PowerTables;
import org.dataelements.factory.ingestion.IngestReport;
import org.dataelements.factory.ingestion.Ingestor;
import org.dataelements.factory.curation.macro.MacroIndicators;
import org.dataelements.factory.curation.weather.DegreeDaysMonthly;
import org.dataelements.factory.products.electricityindex.Methodology;
import org.dataelements.factory.products.electricityindex.MonthlyIndices;
import org.dataelements.factory.products.electricityindex.SectorConsumption;
import org.dataelements.factory.products.electricityindex.Validation;
import org.dataelements.factory.quality.ConstraintOutcome;

/**
 * The whole run: ingest → silver → gold, each step recorded in {@code lake.ops.runs} (also when
 * it fails), with progress on the console.
 */
final class Pipeline {
  static final String ELECTRICITY_INDEX = "electricity_index";

  private final Lakehouse lakehouse;
  private final Specs specs;
  private final Console console;
  private final OpsTables ops;
  private final StepRunner runner;
  private final LineageEmitter lineage;
  private final List<OpsTables.RunStep> steps = new ArrayList<>();
  private final List<StepRunner.Result> results = new ArrayList<>();

  Pipeline(Lakehouse lakehouse, Specs specs, Console console) {
    this.lakehouse = requireNonNull(lakehouse, "lakehouse is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.console = requireNonNull(console, "console is null");
    this.ops = new OpsTables(lakehouse);
    this.lineage = new LineageEmitter(
        lakehouse.config().warehouse(), lakehouse.spark().sparkContext().hadoopConfiguration());
    this.runner = new StepRunner(lakehouse, ops, lineage);
  }

  /** The outcome of a run. */
  record Outcome(String runId, IngestReport ingest, List<OpsTables.RunStep> steps, List<StepRunner.Result> results) {}

  /** Lands the landing root (a local folder or a remote URI); used by {@code run} and {@code ingest}. */
  IngestReport ingest(String landing, List<String> onlySources, String runId, boolean retryRejected) {
    var sources = specs.sources().stream()
        .filter(s -> onlySources.isEmpty() || onlySources.contains(s.name()))
        .toList();
    return timed(runId, "ingest", () -> {
      lineage.start(runId, "ingest", List.of());
      IngestReport r;
      try {
        Ingestor ingestor = new Ingestor(lakehouse, ops);
        r = (retryRejected ? ingestor.retryingRejected() : ingestor).ingest(sources, landing, runId);
      } catch (Exception e) { // Scala code throws checked SparkExceptions undeclared
        lineage.fail(runId, "ingest", List.of(), String.valueOf(e.getMessage()));
        throw e;
      }
      lineage.complete(runId, "ingest", List.of(), r.objects().stream()
          .map(o -> new LineageEmitter.DatasetVersion(TableId.parse(o.table()), o.bronzeVersion()))
          .toList());
      long landed = r.count("landed");
      console.step(String.format(Locale.ROOT,
          "ingest: %d file(s) landed, %d unchanged, %d skipped (no source object), %d rejected;"
              + " %,d rows landed, %,d quarantined",
          landed, r.count("unchanged"), r.count("skipped"), r.count("rejected"),
          r.rowsLanded(), r.rowsQuarantined()));
      for (IngestReport.ObjectOutcome o : r.objects()) {
        console.line(String.format(Locale.ROOT, "           %-40s +%,d rows (%d file(s), %,d quarantined), version %d",
            o.table(), o.rowsLanded(), o.filesLanded(), o.rowsQuarantined(), o.bronzeVersion()));
      }
      if (r.warnings().size() <= 3) {
        r.warnings().forEach(w -> console.line("           warning: " + w));
      } else {
        console.line("           warning: " + r.warnings().size() + " source objects matched no file under "
            + landing + ": " + String.join(", ", r.warnings().stream()
                .map(w -> w.substring(0, w.indexOf(':'))).toList()));
      }
      for (IngestReport.FileOutcome f : r.rejected()) {
        console.line("           rejected " + f.path() + ": " + f.reason());
      }
      return r;
    }, r -> new long[] {r.recordsRead(), r.rowsLanded(), r.rowsQuarantined()},
        r -> r.rejected().isEmpty() ? "" : r.rejected().size() + " file(s) rejected", r -> false);
  }

  /** Builds silver and the products' gold tables. */
  void build(List<String> products, String runId) {
    if (lakehouse.exists(PowerTables.BRONZE_METER_DAILY)) {
      runStep(new MeterDaily(), runId);
    } else {
      skip(runId, "silver:power__meter_daily", "no input: " + PowerTables.BRONZE_METER_DAILY + " has not landed");
    }
    if (anyExists(PowerTables.METER_DAILY, PowerTables.BRONZE_WIND_SERIES, PowerTables.BRONZE_OPERATOR_DEMAND)) {
      runStep(new ConsumptionMonthly(), runId);
    } else {
      skip(runId, "silver:power__consumption_monthly", "no electricity consumption source has landed");
    }
    Optional<ProductSpec> index = specs.product(ELECTRICITY_INDEX);
    if (anyExists(DegreeDaysMonthly.UCI_HOURLY, DegreeDaysMonthly.AEMO_HALF_HOURLY, DegreeDaysMonthly.SEATTLE_DAILY)) {
      runStep(new DegreeDaysMonthly(degreeDayBase(index)), runId);
    } else {
      skip(runId, "silver:weather__degree_days_monthly", "no temperatures have landed");
    }
    if (anyExists(MacroIndicators.BRONZE_WIND_SERIES, MacroIndicators.BRONZE_OWID_ELECTRICITY, MacroIndicators.BRONZE_OWID_GDP)) {
      runStep(new MacroIndicators(), runId);
    } else {
      skip(runId, "silver:macro__indicators", "no GDP, industrial output or annual country figures have landed");
    }
    if (products.isEmpty() || products.contains(ELECTRICITY_INDEX)) {
      if (index.isEmpty()) {
        skip(runId, "gold:" + ELECTRICITY_INDEX, "no conf/products/" + ELECTRICITY_INDEX + ".yaml");
      } else if (!lakehouse.exists(PowerTables.CONSUMPTION_MONTHLY)) {
        skip(runId, "gold:" + ELECTRICITY_INDEX, "no input: " + PowerTables.CONSUMPTION_MONTHLY);
      } else {
        ProductSpec spec = index.get();
        runStep(MonthlyIndices.from(spec), productChecks(spec, MonthlyIndices.TABLE), runId);
        runStep(Methodology.from(spec), productChecks(spec, Methodology.TABLE), runId);
        runStep(SectorConsumption.from(spec), productChecks(spec, SectorConsumption.TABLE), runId);
        if (lakehouse.exists(Validation.MACRO)) {
          runStep(new Validation(), productChecks(spec, Validation.TABLE), runId);
        } else {
          skip(runId, "gold:electricity_index.validation", "no input: " + Validation.MACRO + " (no GDP or output landed)");
        }
      }
    }
  }

  private boolean anyExists(TableId... tables) {
    return java.util.Arrays.stream(tables).anyMatch(lakehouse::exists);
  }

  private static List<CheckSpec> productChecks(ProductSpec spec, TableId table) {
    return spec.table(table.entity()).map(TableSpec::checks).orElse(List.of());
  }

  /** The degree-day base temperature from the index's spec ({@code parameters.degree_day_base_c}). */
  private static double degreeDayBase(Optional<ProductSpec> index) {
    String raw = index.map(s -> s.parameter("degree_day_base_c", Double.toString(DegreeDaysMonthly.DEFAULT_BASE_C)))
        .orElse(Double.toString(DegreeDaysMonthly.DEFAULT_BASE_C));
    try {
      return Double.parseDouble(raw.trim());
    } catch (NumberFormatException e) {
      throw new org.dataelements.factory.core.InvalidSpecException(List.of("products/" + ELECTRICITY_INDEX
          + ".yaml: parameters.degree_day_base_c '" + raw + "' is not a temperature in °C, e.g. 18"));
    }
  }

  private void runStep(Step step, String runId) {
    List<CheckSpec> checks = specs.table(step.spec().output()).map(TableSpec::checks).orElse(List.of());
    runStep(step, checks, runId);
  }

  private void runStep(Step step, List<CheckSpec> checks, String runId) {
    String name = step.spec().name();
    timed(runId, name, () -> {
      StepRunner.Result r = runner.run(step, checks, runId);
      results.add(r);
      if (r.skipped()) {
        console.step(name + ": inputs unchanged since the last build of " + r.commit().table().sqlName()
            + " (version " + r.commit().version() + "), nothing to do");
        return r;
      }
      console.step(String.format(Locale.ROOT,
          "%s: %,d rows in → %,d rows out, %,d quarantined; checks %d passed, %d warned, %d failed; %s version %d",
          name, r.rowsIn(), r.rowsOut(), r.rowsQuarantined(),
          r.quality().count(ConstraintOutcome.Status.PASSED),
          r.quality().count(ConstraintOutcome.Status.WARNED),
          r.quality().count(ConstraintOutcome.Status.FAILED),
          r.commit().table().sqlName(), r.commit().version()));
      return r;
    }, r -> new long[] {r.rowsIn(), r.rowsOut(), r.rowsQuarantined()},
        r -> r.skipped() ? "inputs unchanged since the last build; not rebuilt" : "",
        StepRunner.Result::skipped);
  }

  private void skip(String runId, String step, String why) {
    Instant now = Instant.now();
    steps.add(new OpsTables.RunStep(runId, step, "skipped", now, Optional.of(now),
        Optional.empty(), Optional.empty(), Optional.empty(), why));
    console.step(step + ": skipped (" + why + ")");
  }

  private <T> T timed(String runId, String step, Supplier<T> body,
      java.util.function.Function<T, long[]> counts, java.util.function.Function<T, String> message,
      java.util.function.Predicate<T> skipped) {
    Instant started = Instant.now();
    console.step(step + ": started");
    try {
      T result = body.get();
      long[] c = counts.apply(result);
      steps.add(new OpsTables.RunStep(runId, step, skipped.test(result) ? "skipped" : "succeeded",
          started, Optional.of(Instant.now()),
          Optional.of(c[0]), Optional.of(c[1]), Optional.of(c[2]), message.apply(result)));
      return result;
    } catch (Exception e) { // Scala code throws checked SparkExceptions undeclared
      String msg = e instanceof LakehouseException ? e.getMessage() : e.toString();
      steps.add(new OpsTables.RunStep(runId, step, "failed", started, Optional.of(Instant.now()),
          Optional.empty(), Optional.empty(), Optional.empty(), msg == null ? e.getClass().getName() : msg));
      throw e;
    }
  }

  /**
   * Writes the recorded steps to {@code lake.ops.runs} and the check results and metrics (called
   * once, also after a failure).
   */
  void recordSteps() {
    try {
      runner.flush();
    } finally {
      ops.recordSteps(steps);
    }
  }

  List<OpsTables.RunStep> steps() {
    return List.copyOf(steps);
  }

  List<StepRunner.Result> results() {
    return List.copyOf(results);
  }
}
