package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;

/**
 * What a step reads and writes: its input tables (each required or optional), the reference code
 * lists under {@code conf/reference} it reads, the tables it writes (one or more, committed
 * together) and how they are written. The runner orders steps by these declarations and skips a
 * step whose inputs are absent: a step runs when every required input exists and, when it has no
 * required input, at least one of its optional inputs exists.
 */
public record StepSpec(
    String name,
    List<Input> inputs,
    List<String> references,
    List<TableId> outputs,
    WriteMode mode) {
  public StepSpec {
    requireNonNull(name, "name is null");
    inputs = List.copyOf(inputs);
    references = List.copyOf(references);
    outputs = List.copyOf(outputs);
    requireNonNull(mode, "mode is null");
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("step " + name + " declares no output table");
    }
    if (new HashSet<>(outputs).size() != outputs.size()) {
      throw new IllegalArgumentException("step " + name + " declares an output twice: " + outputs);
    }
  }

  /** A step writing one table. */
  public static StepSpec of(
      String name, List<Input> inputs, List<String> references, TableId output, WriteMode mode) {
    return new StepSpec(name, inputs, references, List.of(output), mode);
  }

  /** The input tables, required and optional. */
  public List<TableId> inputTables() {
    return inputs.stream().map(Input::table).toList();
  }

  /** The output of a step that writes one table. */
  public TableId output() {
    if (outputs.size() != 1) {
      throw new IllegalStateException(
          "step " + name + " writes " + outputs.size() + " tables: " + outputs);
    }
    return outputs.get(0);
  }

  /** One input table and whether the step needs it. */
  public record Input(TableId table, boolean required) {
    public Input {
      requireNonNull(table, "table is null");
    }

    /** An input without which the step cannot run. */
    public static Input required(TableId table) {
      return new Input(table, true);
    }

    /** An input the step uses when it exists (e.g. weather for the index). */
    public static Input optional(TableId table) {
      return new Input(table, false);
    }
  }

  /** How the outputs are committed. */
  public enum WriteMode {
    /** The output replaces the table's rows (a full rebuild; history kept by the format). */
    REPLACE,
    /** The output is appended. */
    APPEND
  }
}
