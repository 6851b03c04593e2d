package org.dataelements.factory.quality;

import static java.util.Objects.requireNonNull;

import org.dataelements.factory.core.CheckSpec;

/**
 * The outcome of one declared check: passed, warned or failed, with observed value and threshold.
 */
public record ConstraintOutcome(
    CheckSpec check, Status status, String observed, String threshold, String message) {
  public ConstraintOutcome {
    requireNonNull(check, "check is null");
    requireNonNull(status, "status is null");
    requireNonNull(observed, "observed is null");
    requireNonNull(threshold, "threshold is null");
    requireNonNull(message, "message is null");
  }

  /** How a check came out, as recorded in {@code lake.ops.quality_results}. */
  public enum Status {
    PASSED,
    WARNED,
    FAILED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
