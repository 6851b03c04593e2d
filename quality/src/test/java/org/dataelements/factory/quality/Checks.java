package org.dataelements.factory.quality;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dataelements.factory.core.CheckSpec;

/** Check specs for tests, with only the parts each rule needs. */
final class Checks {
  private Checks() {}

  static CheckSpec of(CheckSpec.Rule rule, String column, CheckSpec.Severity severity) {
    return new CheckSpec(
        rule,
        List.of(column),
        severity,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static CheckSpec inSet(String column, CheckSpec.Severity severity, String... values) {
    return new CheckSpec(
        CheckSpec.Rule.IN_SET,
        List.of(column),
        severity,
        Optional.empty(),
        Optional.empty(),
        List.of(values),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static CheckSpec rowCount(double min, CheckSpec.Severity severity) {
    return new CheckSpec(
        CheckSpec.Rule.ROW_COUNT,
        List.of(),
        severity,
        Optional.of(min),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static CheckSpec freshness(String column, Duration maxAge, CheckSpec.Severity severity) {
    return new CheckSpec(
        CheckSpec.Rule.FRESHNESS,
        List.of(column),
        severity,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(maxAge),
        Optional.empty(),
        Optional.empty());
  }

  static CheckSpec referential(
      String column, String table, String refColumn, CheckSpec.Severity severity) {
    return new CheckSpec(
        CheckSpec.Rule.REFERENTIAL,
        List.of(column),
        severity,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(new CheckSpec.Reference(table, refColumn)),
        Optional.empty());
  }

  static CheckSpec anomaly(
      CheckSpec.Anomaly.Metric metric,
      List<String> columns,
      CheckSpec.Anomaly.Strategy strategy,
      Double maxDecrease,
      Double maxIncrease,
      Optional<String> periodColumn) {
    return new CheckSpec(
        CheckSpec.Rule.ANOMALY,
        columns,
        CheckSpec.Severity.WARN,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(
            new CheckSpec.Anomaly(
                metric,
                strategy,
                Optional.ofNullable(maxDecrease),
                Optional.ofNullable(maxIncrease),
                Optional.empty(),
                periodColumn.isPresent(),
                periodColumn)));
  }
}
