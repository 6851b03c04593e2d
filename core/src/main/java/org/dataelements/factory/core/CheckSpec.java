package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One declared quality check of a table (DESIGN §7): a rule over columns with parameters, a
 * severity and an optional hint shown when it fails. Rule-specific parts: {@code max_age} for
 * {@code freshness}, {@code reference} for {@code referential}, {@code anomaly} for {@code
 * anomaly}.
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
    Optional<String> hint,
    Optional<Duration> maxAge,
    Optional<Reference> reference,
    Optional<Anomaly> anomaly) {

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
    requireNonNull(maxAge, "maxAge is null");
    requireNonNull(reference, "reference is null");
    requireNonNull(anomaly, "anomaly is null");
    rule.validate(columns, min, max, values, pattern, predicate);
    if (rule == Rule.FRESHNESS && (maxAge.isEmpty() || columns.size() != 1)) {
      throw new IllegalArgumentException(
          "rule freshness needs one 'column' (a date or timestamp) and 'max_age' (e.g. P2D, PT36H)");
    }
    if (rule == Rule.REFERENTIAL && (reference.isEmpty() || columns.size() != 1)) {
      throw new IllegalArgumentException(
          "rule referential needs one 'column' and 'reference: {table: <sql name>, column: <name>}'");
    }
    if (rule == Rule.ANOMALY && anomaly.isEmpty()) {
      throw new IllegalArgumentException(
          "rule anomaly needs 'anomaly: {metric: row_count|completeness|mean|distinct_count, strategy: ...}'");
    }
    if (rule == Rule.ANOMALY
        && anomaly.get().metric() != Anomaly.Metric.ROW_COUNT
        && columns.size() != 1) {
      throw new IllegalArgumentException(
          "rule anomaly on metric " + anomaly.get().metric().label() + " needs one 'column'");
    }
    if (severity == Severity.DROP && !rule.rowLevel()) {
      throw new IllegalArgumentException(
          "severity drop needs a row-level rule (complete, non_negative, in_set, pattern,"
              + " range, satisfies, referential); rule "
              + rule.label()
              + " judges the whole table: use warn or fail");
    }
  }

  /** A check with the common parts only (the rule-specific parts empty). */
  public CheckSpec(
      Rule rule,
      List<String> columns,
      Severity severity,
      Optional<Double> min,
      Optional<Double> max,
      List<String> values,
      Optional<String> pattern,
      Optional<String> predicate,
      Optional<String> hint) {
    this(
        rule,
        columns,
        severity,
        min,
        max,
        values,
        pattern,
        predicate,
        hint,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Where the values of a {@code referential} check's column must exist. */
  public record Reference(String table, String column) {
    public Reference {
      requireNonNull(table, "table is null");
      requireNonNull(column, "column is null");
    }

    @JsonCreator
    static Reference fromYaml(
        @JsonProperty("table") String table, @JsonProperty("column") String column) {
      SpecFields.required(table, "table");
      SpecFields.required(column, "column");
      return new Reference(table, column);
    }
  }

  /**
   * An anomaly check on a metric's history in {@code lake.ops.quality_metrics}: the metric, the
   * strategy (Deequ's relative rate of change, online or batch normal, Holt-Winters), its bounds,
   * and whether to compare with the same period of earlier years (treating the Chinese New Year
   * months as their own season) rather than with the previous value.
   */
  public record Anomaly(
      Metric metric,
      Strategy strategy,
      Optional<Double> maxDecrease,
      Optional<Double> maxIncrease,
      Optional<Double> deviations,
      boolean calendarAware,
      Optional<String> periodColumn) {
    public Anomaly {
      requireNonNull(metric, "metric is null");
      requireNonNull(strategy, "strategy is null");
      requireNonNull(maxDecrease, "maxDecrease is null");
      requireNonNull(maxIncrease, "maxIncrease is null");
      requireNonNull(deviations, "deviations is null");
      requireNonNull(periodColumn, "periodColumn is null");
    }

    @JsonCreator
    static Anomaly fromYaml(
        @JsonProperty("metric") Metric metric,
        @JsonProperty("strategy") Strategy strategy,
        @JsonProperty("max_decrease") Double maxDecrease,
        @JsonProperty("max_increase") Double maxIncrease,
        @JsonProperty("deviations") Double deviations,
        @JsonProperty("calendar_aware") Boolean calendarAware,
        @JsonProperty("period_column") String periodColumn) {
      SpecFields.required(metric, "metric");
      Strategy s = strategy == null ? Strategy.RELATIVE_RATE_OF_CHANGE : strategy;
      boolean calendar = calendarAware != null && calendarAware;
      if (calendar && periodColumn == null) {
        throw new IllegalArgumentException(
            "calendar_aware needs 'period_column' (the table's month or date column): the metric is then computed per period");
      }
      return new Anomaly(
          metric,
          s,
          Optional.ofNullable(maxDecrease),
          Optional.ofNullable(maxIncrease),
          Optional.ofNullable(deviations),
          calendar,
          Optional.ofNullable(periodColumn));
    }

    /** The metric whose history is checked. */
    public enum Metric {
      ROW_COUNT,
      COMPLETENESS,
      MEAN,
      DISTINCT_COUNT;

      @JsonCreator
      static Metric fromYaml(String value) {
        return SpecFields.enumValue(Metric.class, value);
      }

      public String label() {
        return name().toLowerCase(Locale.ROOT);
      }
    }

    /** Deequ's anomaly detection strategies. */
    public enum Strategy {
      RELATIVE_RATE_OF_CHANGE,
      ONLINE_NORMAL,
      BATCH_NORMAL,
      HOLT_WINTERS;

      @JsonCreator
      static Strategy fromYaml(String value) {
        return SpecFields.enumValue(Strategy.class, value);
      }

      public String label() {
        return name().toLowerCase(Locale.ROOT);
      }
    }
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
      @JsonProperty("hint") String hint,
      @JsonProperty("max_age") String maxAge,
      @JsonProperty("reference") Reference reference,
      @JsonProperty("anomaly") Anomaly anomaly) {
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
        Optional.ofNullable(hint),
        Optional.ofNullable(maxAge).map(CheckSpec::duration),
        Optional.ofNullable(reference),
        Optional.ofNullable(anomaly));
  }

  private static Duration duration(String iso) {
    try {
      return Duration.parse(iso);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "max_age '"
              + iso
              + "' is not an ISO-8601 duration; write e.g. P2D (2 days) or PT36H (36 hours)");
    }
  }

  /** A stable id of this check within its table, e.g. {@code complete(region_code)}. */
  public String ruleId() {
    StringBuilder id = new StringBuilder(rule.label()).append('(');
    id.append(String.join(",", columns));
    min.ifPresent(v -> id.append(columns.isEmpty() ? "" : ",").append("min=").append(fmt(v)));
    max.ifPresent(v -> id.append(",max=").append(fmt(v)));
    predicate.ifPresent(p -> id.append(p));
    maxAge.ifPresent(a -> id.append(",max_age=").append(a));
    reference.ifPresent(r -> id.append(",in=").append(r.table()).append('.').append(r.column()));
    anomaly.ifPresent(
        a ->
            id.append(columns.isEmpty() ? "" : ",")
                .append(a.metric().label())
                .append(',')
                .append(a.strategy().label())
                .append(a.calendarAware() ? ",calendar" : ""));
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
    SATISFIES,
    /** The newest value of a date or timestamp column is at most {@code max_age} old. */
    FRESHNESS,
    /** Every value of the column exists in another table's column. */
    REFERENTIAL,
    /** A metric of the table stays within what its history predicts. */
    ANOMALY;

    /** Whether the rule judges single rows (and so can {@code drop} them). */
    public boolean rowLevel() {
      return switch (this) {
        case COMPLETE, NON_NEGATIVE, IN_SET, PATTERN, RANGE, SATISFIES, REFERENTIAL -> true;
        case UNIQUE, ROW_COUNT, FRESHNESS, ANOMALY -> false;
      };
    }

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
        case FRESHNESS, REFERENTIAL, ANOMALY -> {
          // checked with their own parts in the record's constructor
        }
        case ROW_COUNT -> {
          if (min.isEmpty() && max.isEmpty()) {
            throw new IllegalArgumentException("rule row_count needs 'min' or 'max'");
          }
        }
        case SATISFIES -> {
          if (predicate.isEmpty()) {
            throw new IllegalArgumentException(
                "rule satisfies needs 'predicate' (a SQL condition)");
          }
        }
        default -> {
          if (columns.isEmpty()) {
            throw new IllegalArgumentException("rule " + label() + " needs 'column' or 'columns'");
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
