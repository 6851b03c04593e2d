package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A step's result: the rows for its output table and, where rules reject input rows, those rows
 * with {@code rule_id} and {@code reason} for the output's quarantine table.
 */
public record StepOutput(Dataset<Row> rows, Optional<Dataset<Row>> quarantine) {
  public StepOutput {
    requireNonNull(rows, "rows is null");
    requireNonNull(quarantine, "quarantine is null");
  }
}
