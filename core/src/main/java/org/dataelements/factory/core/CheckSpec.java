package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One declared quality check of a table (DESIGN §7): a rule over columns with parameters, a
 * severity and an optional hint shown when it fails.
 */
public record CheckSpec(
    Rule rule,
    List<String> columns,
    Severity severity,
    Optional<Double> min,
    Optional<Double> max,
    List<String> values,
    Optional<String> pattern,
    Optional<String> predicate,
    Optional<String> hint) {

  public CheckSpec {
    requireNonNull(rule, "rule is null");
    columns = List.copyOf(columns);
    requireNonNull(severity, "severity is null");
    requireNonNull(min, "min is null");
    requireNonNull(max, "max is null");
    values = List.copyOf(values);
    requireNonNull(pattern, "pattern is null");
    requireNonNull(predicate, "predicate is null");
    requireNonNull(hint, "hint is null");
    rule.validate(columns, min, max, values, pattern, predicate);
  }

  @JsonCreator
  static CheckSpec fromYaml(
      @JsonProperty("rule") Rule rule,
      @JsonProperty("columns") List<String> columns,
      @JsonProperty("column") String column,
      @JsonProperty("severity") Severity severity,
      @JsonProperty("min") Double min,
      @JsonProperty("max") Double max,
      @JsonProperty("values") List<String> values,
      @JsonProperty("pattern") String pattern,
      @JsonProperty("predicate") String predicate,
      @JsonProperty("hint") String hint) {
    SpecFields.required(rule, "rule");
    SpecFields.required(severity, "severity");
    List<String> cols =
        column != null ? List.of(column) : columns == null ? List.of() : List.copyOf(columns);
    return new CheckSpec(
        rule,
        cols,
        severity,
        Optional.ofNullable(min),
        Optional.ofNullable(max),
        values == null ? List.of() : values,
        Optional.ofNullable(pattern),
        Optional.ofNullable(predicate),
        Optional.ofNullable(hint));
  }

  /** A stable id of this check within its table, e.g. {@code complete(region_code)}. */
  public String ruleId() {
    StringBuilder id = new StringBuilder(rule.label()).append('(');
    id.append(String.join(",", columns));
    min.ifPresent(v -> id.append(columns.isEmpty() ? "" : ",").append("min=").append(fmt(v)));
    max.ifPresent(v -> id.append(",max=").append(fmt(v)));
    predicate.ifPresent(p -> id.append(p));
    return id.append(')').toString();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** What happens when a check does not pass. */
  public enum Severity {
    /** Recorded; the run goes on. */
    WARN,
    /** Failing rows go to the table's quarantine; the rest go on. */
    DROP,
    /** The commit or release is blocked. */
    FAIL;

    @JsonCreator
    static Severity fromYaml(String value) {
      return SpecFields.enumValue(Severity.class, value);
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The rules a check can use. */
  public enum Rule {
    COMPLETE,
    UNIQUE,
    NON_NEGATIVE,
    IN_SET,
    PATTERN,
    RANGE,
    ROW_COUNT,
    SATISFIES;

    @JsonCreator
    static Rule fromYaml(String value) {
      return SpecFields.enumValue(Rule.class, value);
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    void validate(
        List<String> columns,
        Optional<Double> min,
        Optional<Double> max,
        List<String> values,
        Optional<String> pattern,
        Optional<String> predicate) {
      switch (this) {
        case ROW_COUNT -> {
          if (min.isEmpty() && max.isEmpty()) {
            throw new IllegalArgumentException("rule row_count needs 'min' or 'max'");
          }
        }
        case SATISFIES -> {
          if (predicate.isEmpty()) {
            throw new IllegalArgumentException("rule satisfies needs 'predicate' (a SQL condition)");
          }
        }
        default -> {
          if (columns.isEmpty()) {
            throw new IllegalArgumentException(
                "rule " + label() + " needs 'column' or 'columns'");
          }
          if (this == IN_SET && values.isEmpty()) {
            throw new IllegalArgumentException("rule in_set needs 'values'");
          }
          if (this == PATTERN && pattern.isEmpty()) {
            throw new IllegalArgumentException("rule pattern needs 'pattern' (a regex)");
          }
          if (this == RANGE && min.isEmpty() && max.isEmpty()) {
            throw new IllegalArgumentException("rule range needs 'min' or 'max'");
          }
        }
      }
    }
  }
}
