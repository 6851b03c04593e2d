package org.dataelements.factory.quality;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.quality.internal.QualityErrors;

/**
 * What a verification needs besides the data: how to read other tables (for {@code referential}
 * checks, by SQL name, e.g. {@code silver.power__consumption_monthly}), the metric history (for
 * {@code anomaly} checks), the time to judge {@code freshness} against, and the outcome of the drop
 * split (for {@code drop} checks, judged there).
 */
public record QualityContext(
    Function<String, Dataset<Row>> tables,
    List<MetricPoint> history,
    Instant now,
    Optional<SplitCounts> split) {
  public QualityContext {
    requireNonNull(tables, "tables is null");
    history = List.copyOf(history);
    requireNonNull(now, "now is null");
    requireNonNull(split, "split is null");
  }

  /** Other tables read through {@code tables}; no history; judged now. */
  public static QualityContext of(Function<String, Dataset<Row>> tables) {
    return new QualityContext(tables, List.of(), Instant.now(), Optional.empty());
  }

  /** No other tables (a referential check then fails as an internal error); no history. */
  public static QualityContext standalone() {
    return of(
        name -> {
          throw QualityErrors.noTableReader(name);
        });
  }

  public QualityContext withHistory(List<MetricPoint> newHistory) {
    return new QualityContext(tables, newHistory, now, split);
  }

  public QualityContext withNow(Instant newNow) {
    return new QualityContext(tables, history, newNow, split);
  }

  /** The drop checks' outcomes come from this split instead of being verified again. */
  public QualityContext withSplit(SplitCounts counts) {
    return new QualityContext(tables, history, now, Optional.of(counts));
  }
}
