package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The bump a release needs and why, one reason per change (for the candidate report). */
public record BumpDecision(Bump bump, List<String> reasons) {
  public BumpDecision {
    requireNonNull(bump, "bump is null");
    reasons = List.copyOf(reasons);
  }
}
