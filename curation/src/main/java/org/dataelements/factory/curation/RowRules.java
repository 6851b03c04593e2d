package org.dataelements.factory.curation;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Row-level rules checked in order: the first rule a row breaks gives its {@code rule_id} and
 * {@code reason}; a row that breaks none has both null. One declaration per rule keeps the
 * condition, the id and the reason together.
 */
public final class RowRules {
  /** A rule: the condition under which a row breaks it, its id, and the reason shown. */
  public record Rule(Column broken, String ruleId, Column reason) {
    public Rule {
      requireNonNull(broken, "broken is null");
      requireNonNull(ruleId, "ruleId is null");
      requireNonNull(reason, "reason is null");
    }
  }

  private final List<Rule> rules;

  public RowRules(List<Rule> rules) {
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("no rules");
    }
    this.rules = List.copyOf(rules);
  }

  /** The id of the first rule the row breaks, or null. */
  public Column ruleId() {
    Column c = when(rules.get(0).broken(), lit(rules.get(0).ruleId()));
    for (Rule r : rules.subList(1, rules.size())) {
      c = c.when(r.broken(), lit(r.ruleId()));
    }
    return c;
  }

  /** The reason of the first rule the row breaks, or null. */
  public Column reason() {
    Column c = when(rules.get(0).broken(), rules.get(0).reason());
    for (Rule r : rules.subList(1, rules.size())) {
      c = c.when(r.broken(), r.reason());
    }
    return c;
  }
}
