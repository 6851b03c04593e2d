package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The datasets a step reads: input tables that exist, reference lists by name, the run id. */
public record StepInputs(
    Map<TableId, Dataset<Row>> tables, Map<String, Dataset<Row>> references, String runId) {
  public StepInputs {
    tables = Map.copyOf(tables);
    references = Map.copyOf(references);
    requireNonNull(runId, "runId is null");
  }

  /** An input table, or empty when it has not been written yet. */
  public Optional<Dataset<Row>> table(TableId id) {
    return Optional.ofNullable(tables.get(id));
  }

  /** A reference list declared in the step spec. */
  public Dataset<Row> reference(String name) {
    Dataset<Row> ref = references.get(name);
    if (ref == null) {
      throw new IllegalStateException("reference '" + name + "' was not declared by the step");
    }
    return ref;
  }
}
