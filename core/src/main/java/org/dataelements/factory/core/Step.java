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
}
