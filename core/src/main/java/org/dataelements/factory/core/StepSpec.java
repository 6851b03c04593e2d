package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a step reads and writes: input tables (absent ones are passed as missing, not an error),
 * reference code lists under conf/reference, the output table and how it is written.
 */
public record StepSpec(
    String name, List<TableId> inputs, List<String> references, TableId output, WriteMode mode) {
  public StepSpec {
    requireNonNull(name, "name is null");
    inputs = List.copyOf(inputs);
    references = List.copyOf(references);
    requireNonNull(output, "output is null");
    requireNonNull(mode, "mode is null");
  }

  /** How the output is committed. */
  public enum WriteMode {
    /** The output replaces the table's rows (a full rebuild; history kept by the format). */
    REPLACE,
    /** The output is appended. */
    APPEND
  }
}
