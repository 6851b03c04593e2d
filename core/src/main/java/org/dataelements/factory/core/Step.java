package org.dataelements.factory.core;

/**
 * One transform between layers. {@link #transform} is pure: it never reads or writes tables,
 * triggers actions or builds a session; the runner does the I/O, checks, lineage and commit.
 */
public interface Step {
  /** Inputs, outputs, references and write mode. */
  StepSpec spec();

  /** The rows of every output table (and quarantined rows) computed from the inputs. */
  StepOutput transform(StepInputs inputs);

  /**
   * The parameters that change this step's output for the same inputs (e.g. a base year); part of
   * the fingerprint that lets the runner skip a rebuild whose inputs did not change.
   */
  default String parameters() {
    return "";
  }

  /**
   * Column lineage the step declares where its Java code leaves Spark's plan (rows collected and
   * rebuilt, an RDD): per output table, per column, the input columns it is computed from. The
   * runner reads the rest from the plan; a declaration fills only the columns the plan loses.
   */
  default java.util.Map<TableId, java.util.Map<String, java.util.List<ColumnRef>>>
      declaredLineage() {
    return java.util.Map.of();
  }

  /**
   * How the step rebuilds only the months its changed inputs touch (empty: it is always rebuilt
   * whole when an input changed).
   */
  default java.util.Optional<Incremental> incremental() {
    return java.util.Optional.empty();
  }
}
