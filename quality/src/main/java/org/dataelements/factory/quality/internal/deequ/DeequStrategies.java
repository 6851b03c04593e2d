package org.dataelements.factory.quality.internal.deequ;

import com.amazon.deequ.anomalydetection.Anomaly;
import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import com.amazon.deequ.anomalydetection.BatchNormalStrategy;
import com.amazon.deequ.anomalydetection.OnlineNormalStrategy;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.anomalydetection.seasonal.HoltWinters;
import java.util.List;
import java.util.Optional;
import org.dataelements.factory.core.CheckSpec;
import scala.Option;
import scala.Tuple2;

/** Deequ's anomaly detection strategies applied to a metric's history and its current value. */
public final class DeequStrategies {
  /** Holt-Winters treats the history as monthly values with a yearly season. */
  public static final int HOLT_WINTERS_PERIOD = 12;

  private DeequStrategies() {}

  /** The bounds an anomaly check judges with, defaults filled in. */
  public record Bounds(
      Optional<Double> maxDecrease, Optional<Double> maxIncrease, double deviations) {
    /** Ratio bounds: a fall by more than half or a doubling, unless the spec names either. */
    public static Bounds of(CheckSpec.Anomaly a) {
      boolean none = a.maxDecrease().isEmpty() && a.maxIncrease().isEmpty();
      return new Bounds(
          none ? Optional.of(0.5) : a.maxDecrease(),
          none ? Optional.of(1.0) : a.maxIncrease(),
          a.deviations().orElse(3.0));
    }

    /** The lowest ratio to the reference value that passes ({@code 1 - max_decrease}). */
    public double lowestRatio() {
      return maxDecrease.map(d -> 1.0 - d).orElse(Double.NEGATIVE_INFINITY);
    }

    /** The highest ratio to the reference value that passes ({@code 1 + max_increase}). */
    public double highestRatio() {
      return maxIncrease.map(i -> 1.0 + i).orElse(Double.POSITIVE_INFINITY);
    }
  }

  /** How many earlier values the strategy needs before it can judge the current one. */
  public static int historyNeeded(CheckSpec.Anomaly.Strategy strategy) {
    return switch (strategy) {
      case RELATIVE_RATE_OF_CHANGE -> 1;
      case BATCH_NORMAL -> 2;
      case ONLINE_NORMAL -> 3;
      case HOLT_WINTERS -> 2 * HOLT_WINTERS_PERIOD;
    };
  }

  /**
   * Applies the strategy to {@code history} followed by {@code current}; returns Deequ's detail
   * when the current value is an anomaly, empty when it is not.
   */
  public static Optional<String> detect(
      CheckSpec.Anomaly.Strategy strategy, Bounds bounds, double[] history, double current) {
    double[] series = new double[history.length + 1];
    System.arraycopy(history, 0, series, 0, history.length);
    series[history.length] = current;
    AnomalyDetectionStrategy s = strategy(strategy, bounds);
    Tuple2<Object, Object> last = new Tuple2<>(history.length, history.length + 1);
    List<Tuple2<Object, Anomaly>> found = Scala.list(s.detect(Scala.vector(series), last));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Option<String> detail = found.get(0)._2().detail();
    return Optional.of(detail.isDefined() ? detail.get() : "anomaly");
  }

  private static AnomalyDetectionStrategy strategy(CheckSpec.Anomaly.Strategy strategy, Bounds b) {
    Option<Object> deviations = Scala.someDouble(b.deviations());
    return switch (strategy) {
      case RELATIVE_RATE_OF_CHANGE ->
          new RelativeRateOfChangeStrategy(
              b.maxDecrease().isPresent() ? Scala.someDouble(b.lowestRatio()) : Option.empty(),
              b.maxIncrease().isPresent() ? Scala.someDouble(b.highestRatio()) : Option.empty(),
              1);
      case ONLINE_NORMAL -> new OnlineNormalStrategy(deviations, deviations, 0.1, true);
      case BATCH_NORMAL -> new BatchNormalStrategy(deviations, deviations, false);
      case HOLT_WINTERS -> new HoltWinters(HOLT_WINTERS_PERIOD);
    };
  }
}
