package org.dataelements.factory.quality;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One earlier value of a metric of a table, as kept in {@code lake.ops.quality_metrics}: the
 * history anomaly checks judge the current value against.
 *
 * @param metric Deequ's metric name: {@code Size}, {@code Completeness}, {@code Mean}, {@code
 *     CountDistinct}
 * @param instance the column, {@code *} for the row count; per-period values of calendar-aware
 *     checks carry the period, e.g. {@code *@2023-02}
 */
public record MetricPoint(
    String metric, String instance, String runId, Instant computedAt, double value) {
  public MetricPoint {
    requireNonNull(metric, "metric is null");
    requireNonNull(instance, "instance is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(computedAt, "computedAt is null");
  }
}
