package org.dataelements.factory.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.QualityGateException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.OpsTables;

/**
 * The outcomes of all checks of one table in one verification, the metrics computed for them (kept
 * in {@code lake.ops.quality_metrics}), and how many Spark jobs the verification took.
 */
public record QualityReport(
    TableId table, List<ConstraintOutcome> outcomes, List<MetricValue> metrics, int sparkJobs) {
  public QualityReport {
    requireNonNull(table, "table is null");
    outcomes = List.copyOf(outcomes);
    metrics = List.copyOf(metrics);
  }

  /** A report whose Spark jobs were not counted. */
  public QualityReport(TableId table, List<ConstraintOutcome> outcomes, List<MetricValue> metrics) {
    this(table, outcomes, metrics, 0);
  }

  /**
   * A metric computed for the checks: name (e.g. {@code Completeness}), instance (the column, or
   * {@code *}; {@code <column>@<yyyy-MM>} for a calendar-aware anomaly check's value per month),
   * value.
   */
  public record MetricValue(String name, String instance, double value) {
    public MetricValue {
      requireNonNull(name, "name is null");
      requireNonNull(instance, "instance is null");
    }
  }

  /** An empty report (no checks declared). */
  public static QualityReport empty(TableId table) {
    return new QualityReport(table, List.of(), List.of());
  }

  /** The rows for {@code lake.ops.quality_metrics}, for the table version that was written. */
  public List<OpsTables.QualityMetric> asMetricRows(String runId, long tableVersion) {
    return metrics.stream()
        .map(
            m ->
                new OpsTables.QualityMetric(
                    table.sqlName(), tableVersion, runId, m.name(), m.instance(), m.value()))
        .toList();
  }

  /** Outcomes of {@code fail} checks that did not pass. */
  public List<ConstraintOutcome> blocking() {
    return outcomes.stream()
        .filter(o -> o.status() == ConstraintOutcome.Status.FAILED)
        .filter(o -> o.check().severity() == CheckSpec.Severity.FAIL)
        .toList();
  }

  public long count(ConstraintOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  /**
   * Throws when a {@code fail} check did not pass, naming rule, table, observed value and
   * threshold.
   *
   * @throws QualityGateException listing each blocking outcome
   */
  public void enforce() {
    List<ConstraintOutcome> blocking = blocking();
    if (!blocking.isEmpty()) {
      throw new QualityGateException(
          table.sqlName(),
          blocking.stream()
              .map(
                  o ->
                      o.check().ruleId()
                          + ": observed "
                          + o.observed()
                          + ", required "
                          + o.threshold()
                          + (o.message().isEmpty() ? "" : " (" + o.message() + ")")
                          + o.check().hint().map(h -> "; hint: " + h).orElse(""))
              .toList());
    }
  }

  /** The rows for {@code lake.ops.quality_results}. */
  public List<OpsTables.QualityResult> asOpsRows(String runId) {
    return outcomes.stream()
        .map(
            o ->
                new OpsTables.QualityResult(
                    runId,
                    table.sqlName(),
                    o.check().ruleId(),
                    o.check().rule().label(),
                    o.check().severity().label(),
                    o.status().label(),
                    o.observed(),
                    o.threshold(),
                    o.message()))
        .toList();
  }
}
