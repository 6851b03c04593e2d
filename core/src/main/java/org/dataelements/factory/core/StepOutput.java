package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A step's result: per output table its rows and, where rules reject input rows, those rows (with
 * {@code rule_id} and {@code reason}) for the table's quarantine. {@code shared} names the datasets
 * several outputs are derived from (e.g. one index computation that yields the index and its
 * methodology): the runner persists them once before it computes any output, so the shared work
 * runs once per build (caching stays the runner's choice, never the transform's).
 */
public record StepOutput(Map<TableId, TableOutput> tables, List<Dataset<Row>> shared) {
  public StepOutput {
    tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    shared = List.copyOf(shared);
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a step output needs at least one table");
    }
  }

  /** The rows of one table. */
  public static StepOutput of(TableId table, Dataset<Row> rows) {
    return new StepOutput(Map.of(table, new TableOutput(rows, Optional.empty())), List.of());
  }

  /** The rows of one table and the rows its rules rejected. */
  public static StepOutput of(TableId table, Dataset<Row> rows, Dataset<Row> quarantine) {
    return new StepOutput(Map.of(table, new TableOutput(rows, Optional.of(quarantine))), List.of());
  }

  /** This output with one more table. */
  public StepOutput with(TableId table, Dataset<Row> rows) {
    Map<TableId, TableOutput> more = new LinkedHashMap<>(tables);
    if (more.put(table, new TableOutput(rows, Optional.empty())) != null) {
      throw new IllegalArgumentException(table + " is already in this step output");
    }
    return new StepOutput(more, shared);
  }

  /** This output, noting a dataset several of its tables are derived from. */
  public StepOutput withShared(Dataset<Row> parent) {
    List<Dataset<Row>> more = new java.util.ArrayList<>(shared);
    more.add(requireNonNull(parent, "parent is null"));
    return new StepOutput(tables, more);
  }

  /** The rows of a step that writes one table. */
  public Dataset<Row> rows() {
    return only().rows();
  }

  /** The quarantined rows of a step that writes one table. */
  public Optional<Dataset<Row>> quarantine() {
    return only().quarantine();
  }

  private TableOutput only() {
    if (tables.size() != 1) {
      throw new IllegalStateException(
          "this output has "
              + tables.size()
              + " tables "
              + tables.keySet()
              + "; name one with tables().get(id)");
    }
    return tables.values().iterator().next();
  }

  /** The rows written to one table, and those sent to its quarantine. */
  public record TableOutput(Dataset<Row> rows, Optional<Dataset<Row>> quarantine) {
    public TableOutput {
      requireNonNull(rows, "rows is null");
      requireNonNull(quarantine, "quarantine is null");
    }
  }
}
