package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A step's result: the rows for its output table and, where rules reject input rows, those rows
 * with {@code rule_id} and {@code reason} for the output's quarantine table. When both are
 * filters of one judged dataset, {@code shared} names it so that the runner may cache it once
 * instead of computing it twice (caching stays the runner's choice).
 */
public record StepOutput(
    Dataset<Row> rows, Optional<Dataset<Row>> quarantine, Optional<Dataset<Row>> shared) {
  public StepOutput {
    requireNonNull(rows, "rows is null");
    requireNonNull(quarantine, "quarantine is null");
    requireNonNull(shared, "shared is null");
  }

  public StepOutput(Dataset<Row> rows, Optional<Dataset<Row>> quarantine) {
    this(rows, quarantine, Optional.empty());
  }
}
