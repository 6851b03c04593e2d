package org.dataelements.factory.quality.internal.deequ;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.AnalyzerOptions;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.checks.CheckStatus;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.Metric;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.quality.ConstraintOutcome;
import org.dataelements.factory.quality.QualityReport;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.util.matching.Regex;

/**
 * The one place where check specs become Deequ {@link Check}s and Deequ results become outcomes
 * (STYLE §4): Scala options, functions and enumerations stay in here.
 */
public final class DeequVerifier {
  private DeequVerifier() {}

  public static QualityReport run(TableId table, Dataset<Row> data, List<CheckSpec> specs) {
    Map<Check, CheckSpec> bySpec = new IdentityHashMap<>();
    List<Check> checks = new ArrayList<>();
    for (CheckSpec spec : specs) {
      Check check = translate(spec);
      bySpec.put(check, spec);
      checks.add(check);
    }
    VerificationResult result =
        new VerificationSuite().onData(data).addChecks(seq(checks)).run();
    Map<Check, CheckResult> results = JavaConverters.mapAsJavaMap(result.checkResults());
    List<ConstraintOutcome> outcomes = new ArrayList<>();
    for (Check check : checks) {
      CheckSpec spec = bySpec.get(check);
      CheckResult r = results.get(check);
      outcomes.add(outcome(spec, r));
    }
    List<QualityReport.MetricValue> metrics = new ArrayList<>();
    var seen = new java.util.HashSet<String>();
    for (var entry : JavaConverters.mapAsJavaMap(result.metrics()).entrySet()) {
      Metric<?> m = entry.getValue();
      if (m.value().isSuccess() && m.value().get() instanceof Number n && seen.add(m.name() + "|" + m.instance())) {
        metrics.add(new QualityReport.MetricValue(m.name(), m.instance(), n.doubleValue()));
      }
    }
    return new QualityReport(table, outcomes, metrics);
  }

  private static ConstraintOutcome outcome(CheckSpec spec, CheckResult r) {
    boolean ok = r.status() == CheckStatus.Success();
    List<String> observed = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    for (ConstraintResult c : JavaConverters.seqAsJavaList(r.constraintResults())) {
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
        spec, status, String.join("; ", observed), threshold(spec), String.join("; ", messages));
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
    String name = m.name().toLowerCase(java.util.Locale.ROOT);
    String text = v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
        ? Long.toString(d.longValue()) : String.valueOf(v);
    return Optional.of(name + "(" + m.instance() + ")=" + text);
  }

  static String threshold(CheckSpec spec) {
    return switch (spec.rule()) {
      case COMPLETE -> "completeness = 1";
      case UNIQUE -> "uniqueness = 1";
      case NON_NEGATIVE -> "every value >= 0";
      case IN_SET -> "every value in {" + String.join(", ", spec.values()) + "}";
      case PATTERN -> "every value matches /" + spec.pattern().orElse("") + "/";
      case RANGE, ROW_COUNT -> bounds(spec);
      case SATISFIES -> "every row satisfies " + spec.predicate().orElse("");
    };
  }

  private static String bounds(CheckSpec spec) {
    List<String> parts = new ArrayList<>();
    String what = spec.rule() == CheckSpec.Rule.ROW_COUNT ? "rows" : "value";
    spec.min().ifPresent(m -> parts.add(what + " >= " + num(m)));
    spec.max().ifPresent(m -> parts.add(what + " <= " + num(m)));
    return String.join(" and ", parts);
  }

  private static String num(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  static Check translate(CheckSpec spec) {
    scala.Enumeration.Value level =
        spec.severity() == CheckSpec.Severity.FAIL ? CheckLevel.Error() : CheckLevel.Warning();
    Check check = new Check(level, spec.ruleId(), seq(List.of()));
    Option<String> hint = option(spec.hint());
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
          check = check.hasUniqueness(seq(spec.columns()), is(1.0), hint);
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
        Regex regex = new Regex(spec.pattern().orElseThrow(), seq(List.<String>of()));
        for (String c : spec.columns()) {
          check = check.hasPattern(c, regex, is(1.0), Option.empty(), hint, none);
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
    }
    return check;
  }

  private static Function1<Object, Object> is(double expected) {
    return v -> ((Double) v) == expected;
  }

  private static <T> Option<T> option(Optional<T> o) {
    return o.isPresent() ? Option.apply(o.get()) : Option.empty();
  }

  private static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(new ArrayList<>(list)).toSeq();
  }
}
