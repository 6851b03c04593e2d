package org.dataelements.factory.quality.internal.deequ;

import static java.util.Objects.requireNonNull;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.AnalyzerOptions;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.CountDistinct;
import com.amazon.deequ.analyzers.Maximum;
import com.amazon.deequ.analyzers.Mean;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.Sum;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.checks.CheckStatus;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.Metric;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.quality.ConstraintOutcome;
import org.dataelements.factory.quality.QualityReport;
import org.dataelements.factory.quality.internal.Thresholds;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.util.matching.Regex;

/**
 * The one place where check specs become Deequ {@link Check}s and analyzers, and Deequ results
 * become outcomes and metric values (STYLE §4): Scala options, functions and enumerations stay in
 * here. Everything asked for runs as one {@link VerificationSuite}.
 */
public final class DeequVerifier {
  /** Columns the verification adds to the data for its own analyzers carry this prefix. */
  public static final String INTERNAL_PREFIX = "__dq_";

  private DeequVerifier() {}

  /** A metric to compute alongside the checks (for freshness, referential and anomaly rules). */
  public record MetricRequest(Kind kind, String column) {
    public MetricRequest {
      requireNonNull(kind, "kind is null");
      requireNonNull(column, "column is null");
    }

    /** Deequ's analyzers used here; {@code name} is Deequ's metric name. */
    public enum Kind {
      SIZE("Size"),
      COMPLETENESS("Completeness"),
      MEAN("Mean"),
      COUNT_DISTINCT("CountDistinct"),
      MAXIMUM("Maximum"),
      SUM("Sum");

      private final String metricName;

      Kind(String metricName) {
        this.metricName = metricName;
      }

      public String metricName() {
        return metricName;
      }
    }

    /** The instance Deequ records the metric under: the column, or {@code *} for the row count. */
    public String instance() {
      return kind == Kind.SIZE ? "*" : column;
    }
  }

  /** A computed metric: its value, or why Deequ could not compute it (e.g. no rows). */
  public record MetricResult(OptionalDouble value, String error) {
    public MetricResult {
      requireNonNull(value, "value is null");
      requireNonNull(error, "error is null");
    }
  }

  /** What one suite gave: an outcome per check (in order), the requested metrics, all metrics. */
  public record Run(
      List<ConstraintOutcome> outcomes,
      Map<MetricRequest, MetricResult> values,
      List<QualityReport.MetricValue> metrics) {
    public Run {
      outcomes = List.copyOf(outcomes);
      values = Map.copyOf(values);
      metrics = List.copyOf(metrics);
    }
  }

  /**
   * Runs the checks and the requested metrics as one Deequ verification. Metrics on columns named
   * with {@link #INTERNAL_PREFIX} are returned in {@code values} but not in {@code metrics}.
   */
  public static Run run(Dataset<Row> data, List<CheckSpec> specs, List<MetricRequest> requests) {
    Map<Check, CheckSpec> bySpec = new IdentityHashMap<>();
    List<Check> checks = new ArrayList<>();
    for (CheckSpec spec : specs) {
      Check check = translate(spec);
      bySpec.put(check, spec);
      checks.add(check);
    }
    VerificationRunBuilder builder =
        new VerificationSuite().onData(data).addChecks(Scala.seq(checks));
    Map<MetricRequest, Analyzer<?, Metric<?>>> analyzers = new LinkedHashMap<>();
    for (MetricRequest r : requests) {
      Analyzer<?, Metric<?>> a = analyzer(r);
      analyzers.put(r, a);
      builder = builder.addRequiredAnalyzer(a);
    }
    VerificationResult result = builder.run();
    Map<Check, CheckResult> results = JavaConverters.mapAsJavaMap(result.checkResults());
    List<ConstraintOutcome> outcomes = new ArrayList<>();
    for (Check check : checks) {
      outcomes.add(outcome(bySpec.get(check), results.get(check)));
    }
    Map<Analyzer<?, Metric<?>>, Metric<?>> computed = JavaConverters.mapAsJavaMap(result.metrics());
    Map<MetricRequest, MetricResult> values = new LinkedHashMap<>();
    analyzers.forEach((r, a) -> values.put(r, value(computed.get(a))));
    List<QualityReport.MetricValue> metrics = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Metric<?> m : computed.values()) {
      if (m.value().isSuccess()
          && m.value().get() instanceof Number n
          && !m.instance().startsWith(INTERNAL_PREFIX)
          && seen.add(m.name() + "|" + m.instance())) {
        metrics.add(new QualityReport.MetricValue(m.name(), m.instance(), n.doubleValue()));
      }
    }
    return new Run(outcomes, values, metrics);
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // Deequ's analyzers are typed by their state
  private static Analyzer<?, Metric<?>> analyzer(MetricRequest r) {
    Option<String> noWhere = Option.empty();
    Option<AnalyzerOptions> noOptions = Option.empty();
    Analyzer a =
        switch (r.kind()) {
          case SIZE -> new Size(noWhere);
          case COMPLETENESS -> new Completeness(r.column(), noWhere, noOptions);
          case MEAN -> new Mean(r.column(), noWhere);
          case COUNT_DISTINCT -> new CountDistinct(Scala.seq(List.of(r.column())));
          case MAXIMUM -> new Maximum(r.column(), noWhere, noOptions);
          case SUM -> new Sum(r.column(), noWhere);
        };
    return (Analyzer<?, Metric<?>>) a;
  }

  private static MetricResult value(Metric<?> m) {
    if (m == null) {
      return new MetricResult(OptionalDouble.empty(), "not computed");
    }
    if (m.value().isFailure()) {
      return new MetricResult(
          OptionalDouble.empty(), String.valueOf(m.value().failed().get().getMessage()));
    }
    Object v = m.value().get();
    return v instanceof Number n
        ? new MetricResult(OptionalDouble.of(n.doubleValue()), "")
        : new MetricResult(OptionalDouble.empty(), "not a number: " + v);
  }

  private static ConstraintOutcome outcome(CheckSpec spec, CheckResult r) {
    boolean ok = r.status() == CheckStatus.Success();
    List<String> observed = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    boolean onlyNulls = !ok;
    for (ConstraintResult c : Scala.list(r.constraintResults())) {
      if (c.status() != ConstraintStatus.Success() && !allNull(c)) {
        onlyNulls = false;
      }
    }
    if (onlyNulls) {
      // Deequ's metrics of a column with no value (or of a table with no row) are errors; no value
      // breaks no rule. A table that must have rows says so with a row_count check.
      return new ConstraintOutcome(
          spec,
          ConstraintOutcome.Status.PASSED,
          "no non-null value",
          Thresholds.of(spec),
          "every value is null or the table has no rows: nothing to judge");
    }
    for (ConstraintResult c : Scala.list(r.constraintResults())) {
      metricValue(c).ifPresent(observed::add);
      if (c.status() != ConstraintStatus.Success() && c.message().isDefined()) {
        String m = c.message().get().trim();
        // Deequ appends the hint to its message; the gate adds it once itself.
        if (spec.hint().isPresent() && m.endsWith(spec.hint().get())) {
          m = m.substring(0, m.length() - spec.hint().get().length()).trim();
        }
        messages.add(m);
      }
    }
    ConstraintOutcome.Status status =
        ok
            ? ConstraintOutcome.Status.PASSED
            : spec.severity() == CheckSpec.Severity.FAIL
                ? ConstraintOutcome.Status.FAILED
                : ConstraintOutcome.Status.WARNED;
    return new ConstraintOutcome(
        spec,
        status,
        String.join("; ", observed),
        Thresholds.of(spec),
        String.join("; ", messages));
  }

  /** Whether the constraint's metric failed because every input value was null. */
  private static boolean allNull(ConstraintResult c) {
    return c.metric().isDefined()
        && c.metric().get().value().isFailure()
        && c.metric().get().value().failed().get()
            instanceof com.amazon.deequ.analyzers.runners.EmptyStateException;
  }

  private static Optional<String> metricValue(ConstraintResult c) {
    if (c.metric().isEmpty()) {
      return Optional.empty();
    }
    Metric<?> m = c.metric().get();
    if (m.value().isFailure()) {
      return Optional.of("error: " + m.value().failed().get().getMessage());
    }
    Object v = m.value().get();
    String name = m.name().toLowerCase(Locale.ROOT);
    String text =
        v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
            ? Long.toString(d.longValue())
            : String.valueOf(v);
    return Optional.of(name + "(" + m.instance() + ")=" + text);
  }

  /** Whether the rule is one of Deequ's own constraints (the others are judged around it). */
  public static boolean isDeequRule(CheckSpec.Rule rule) {
    return switch (rule) {
      case COMPLETE, UNIQUE, NON_NEGATIVE, IN_SET, PATTERN, RANGE, ROW_COUNT, SATISFIES -> true;
      case FRESHNESS, REFERENTIAL, ANOMALY -> false;
    };
  }

  static Check translate(CheckSpec spec) {
    scala.Enumeration.Value level =
        spec.severity() == CheckSpec.Severity.FAIL ? CheckLevel.Error() : CheckLevel.Warning();
    Check check = new Check(level, spec.ruleId(), Scala.seq(List.of()));
    Option<String> hint = Scala.option(spec.hint());
    Option<AnalyzerOptions> none = Option.empty();
    switch (spec.rule()) {
      case COMPLETE -> {
        for (String c : spec.columns()) {
          check = check.isComplete(c, hint, none);
        }
      }
      case UNIQUE -> {
        if (spec.columns().size() == 1) {
          check = check.isUnique(spec.columns().get(0), hint, none);
        } else {
          check = check.hasUniqueness(Scala.seq(spec.columns()), is(1.0), hint);
        }
      }
      case NON_NEGATIVE -> {
        for (String c : spec.columns()) {
          check = check.isNonNegative(c, is(1.0), hint);
        }
      }
      case IN_SET -> {
        for (String c : spec.columns()) {
          check = check.isContainedIn(c, spec.values().toArray(String[]::new), hint);
        }
      }
      case PATTERN -> {
        Regex regex = new Regex(spec.pattern().orElseThrow(), Scala.seq(List.<String>of()));
        for (String c : spec.columns()) {
          // Deequ counts a null as not matching; here a pattern judges values, as drop does.
          check =
              check
                  .hasPattern(c, regex, is(1.0), Option.empty(), hint, none)
                  .where("`" + c.replace("`", "``") + "` IS NOT NULL");
        }
      }
      case RANGE -> {
        for (String c : spec.columns()) {
          if (spec.min().isPresent()) {
            double min = spec.min().get();
            check = check.hasMin(c, d -> ((Double) d) >= min, hint, none);
          }
          if (spec.max().isPresent()) {
            double max = spec.max().get();
            check = check.hasMax(c, d -> ((Double) d) <= max, hint, none);
          }
        }
      }
      case ROW_COUNT -> {
        double min = spec.min().orElse(Double.NEGATIVE_INFINITY);
        double max = spec.max().orElse(Double.POSITIVE_INFINITY);
        Function1<Object, Object> size = n -> ((Long) n) >= min && ((Long) n) <= max;
        check = check.hasSize(size, hint);
      }
      case SATISFIES -> {
        String predicate = spec.predicate().orElseThrow();
        check =
            check.satisfies(
                predicate,
                spec.ruleId(),
                is(1.0),
                hint,
                scala.collection.immutable.List$.MODULE$.<String>empty(),
                none);
      }
      case FRESHNESS, REFERENTIAL, ANOMALY ->
          throw new IllegalArgumentException(spec.ruleId() + " is not one of Deequ's constraints");
    }
    return check;
  }

  private static Function1<Object, Object> is(double expected) {
    return v -> ((Double) v) == expected;
  }
}
