package org.dataelements.factory.core;

/**
 * One transform between layers. {@link #transform} is pure: it never reads or writes tables,
 * triggers actions or builds a session; the runner does the I/O, checks, lineage and commit.
 */
public interface Step {
  /** Inputs, output, references and write mode. */
  StepSpec spec();

  /** The output rows (and quarantined rows) computed from the inputs. */
  StepOutput transform(StepInputs inputs);
}
