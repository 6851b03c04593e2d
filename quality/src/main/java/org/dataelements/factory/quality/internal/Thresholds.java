package org.dataelements.factory.quality.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.quality.internal.deequ.DeequStrategies;

/** What each rule requires, in words, as recorded in {@code quality_results.threshold}. */
public final class Thresholds {
  private Thresholds() {}

  public static String of(CheckSpec spec) {
    return switch (spec.rule()) {
      case COMPLETE -> "completeness = 1";
      case UNIQUE -> "uniqueness = 1";
      case NON_NEGATIVE -> "every value >= 0";
      case IN_SET -> "every value in {" + String.join(", ", spec.values()) + "}";
      case PATTERN -> "every value matches /" + spec.pattern().orElse("") + "/";
      case RANGE, ROW_COUNT -> bounds(spec);
      case SATISFIES -> "every row satisfies " + spec.predicate().orElse("");
      case FRESHNESS ->
          "newest "
              + spec.columns().get(0)
              + " at most "
              + duration(spec.maxAge().orElseThrow())
              + " old";
      case REFERENTIAL ->
          spec.reference().map(r -> "every value in " + r.table() + "." + r.column()).orElse("");
      case ANOMALY -> spec.anomaly().map(Thresholds::anomaly).orElse("");
    };
  }

  private static String anomaly(CheckSpec.Anomaly a) {
    DeequStrategies.Bounds b = DeequStrategies.Bounds.of(a);
    String ratio = "[" + num(b.lowestRatio()) + ", " + num(b.highestRatio()) + "]";
    if (a.calendarAware()) {
      return "ratio to the median of the same season in earlier years within "
          + ratio
          + " (Spring Festival months compared with Spring Festival months)";
    }
    String sigma = num(b.deviations());
    return switch (a.strategy()) {
      case RELATIVE_RATE_OF_CHANGE -> "ratio to the previous build's value within " + ratio;
      case ONLINE_NORMAL ->
          "within " + sigma + " standard deviations of the running mean of earlier builds";
      case BATCH_NORMAL -> "within " + sigma + " standard deviations of the mean of earlier builds";
      case HOLT_WINTERS ->
          "within 1.96 residual standard deviations of the Holt-Winters forecast (season of "
              + DeequStrategies.HOLT_WINTERS_PERIOD
              + " builds)";
    };
  }

  private static String bounds(CheckSpec spec) {
    List<String> parts = new ArrayList<>();
    String what = spec.rule() == CheckSpec.Rule.ROW_COUNT ? "rows" : "value";
    spec.min().ifPresent(m -> parts.add(what + " >= " + num(m)));
    spec.max().ifPresent(m -> parts.add(what + " <= " + num(m)));
    return String.join(" and ", parts);
  }

  /** A duration as written in specs: whole days as {@code P2D}, else {@code PT36H}. */
  public static String duration(Duration d) {
    return d.getSeconds() % 86_400 == 0 && d.getNano() == 0 ? "P" + d.toDays() + "D" : d.toString();
  }

  public static String num(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "∞" : "-∞";
    }
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
