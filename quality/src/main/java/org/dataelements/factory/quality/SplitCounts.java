package org.dataelements.factory.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The counts of a drop split: rows in, rows kept, rows quarantined (each once, however many rules
 * it broke), rows per rule id, and one outcome per drop check ({@code passed} when it quarantined
 * nothing, else {@code warned}). {@code kept + quarantined == rowsIn} always holds.
 */
public record SplitCounts(
    long rowsIn,
    long kept,
    long quarantined,
    Map<String, Long> perRule,
    List<ConstraintOutcome> outcomes) {
  public SplitCounts {
    perRule = Map.copyOf(perRule);
    outcomes = List.copyOf(outcomes);
    requireNonNull(perRule, "perRule is null");
  }
}
