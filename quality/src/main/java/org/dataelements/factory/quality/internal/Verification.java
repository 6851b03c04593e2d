package org.dataelements.factory.quality.internal;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.SparkJobCounter;
import org.dataelements.factory.quality.ConstraintOutcome;
import org.dataelements.factory.quality.MetricPoint;
import org.dataelements.factory.quality.QualityContext;
import org.dataelements.factory.quality.QualityReport;
import org.dataelements.factory.quality.internal.deequ.DeequStrategies;
import org.dataelements.factory.quality.internal.deequ.DeequVerifier;
import org.dataelements.factory.quality.internal.deequ.DeequVerifier.MetricRequest;

/**
 * One table's verification: Deequ's constraints, freshness (the newest value as a Maximum),
 * referential checks (orphan rows as a Sum over a left join with the reference's distinct values)
 * and anomaly metrics all go into one Deequ suite; calendar-aware anomaly checks add one grouped
 * job per period column, and a failing referential check one job for its examples.
 */
public final class Verification {
  private static final int EXAMPLES = 5;

  private Verification() {}

  /** Judges a check once the suite has run. */
  private interface Judge {
    ConstraintOutcome outcome(DeequVerifier.Run run);
  }

  public static QualityReport run(
      TableId table, Dataset<Row> data, List<CheckSpec> checks, QualityContext ctx) {
    CheckColumns.validate(table, data.schema(), checks, ctx.tables());
    if (checks.isEmpty()) {
      return QualityReport.empty(table);
    }
    Map<CheckSpec, ConstraintOutcome> split = new HashMap<>();
    ctx.split().ifPresent(s -> s.outcomes().forEach(o -> split.put(o.check(), o)));
    SparkJobCounter counter = SparkJobCounter.start(data.sparkSession().sparkContext());
    List<ConstraintOutcome> outcomes = new ArrayList<>();
    List<QualityReport.MetricValue> metrics = new ArrayList<>();
    int jobs;
    try {
      verify(data, checks, ctx, split, outcomes, metrics);
    } finally {
      jobs = counter.stop();
    }
    return new QualityReport(table, outcomes, metrics, jobs);
  }

  private static void verify(
      Dataset<Row> data,
      List<CheckSpec> checks,
      QualityContext ctx,
      Map<CheckSpec, ConstraintOutcome> split,
      List<ConstraintOutcome> outcomes,
      List<QualityReport.MetricValue> metrics) {
    ZoneId zone = ZoneId.of(data.sparkSession().conf().get("spark.sql.session.timeZone"));
    Dataset<Row> d = data;
    List<CheckSpec> deequChecks = new ArrayList<>();
    List<MetricRequest> requests = new ArrayList<>();
    List<Judge> judges = new ArrayList<>();
    Map<String, List<CheckSpec>> calendar = new LinkedHashMap<>();
    int n = 0;
    for (CheckSpec c : checks) {
      ConstraintOutcome done = split.get(c);
      if (done != null) {
        judges.add(run -> done);
        continue;
      }
      switch (c.rule()) {
        case FRESHNESS -> {
          String column = c.columns().get(0);
          String newest = DeequVerifier.INTERNAL_PREFIX + "fresh_" + n++;
          boolean isDate =
              CheckColumns.field(d.schema(), column).orElseThrow().dataType() == DataTypes.DateType;
          d =
              d.withColumn(
                  newest,
                  DropRules.q(column).cast(DataTypes.TimestampType).cast(DataTypes.DoubleType));
          MetricRequest r = new MetricRequest(MetricRequest.Kind.MAXIMUM, newest);
          requests.add(r);
          judges.add(run -> freshness(c, run.values().get(r), isDate, zone, ctx.now()));
        }
        case REFERENTIAL -> {
          CheckSpec.Reference ref = c.reference().orElseThrow();
          String column = c.columns().get(0);
          String refColumn = DeequVerifier.INTERNAL_PREFIX + "ref_" + n;
          String orphan = DeequVerifier.INTERNAL_PREFIX + "orphan_" + n++;
          Dataset<Row> values =
              ctx.tables()
                  .apply(ref.table())
                  .select(DropRules.q(ref.column()).as(refColumn))
                  .distinct();
          Column isOrphan = DropRules.q(column).isNotNull().and(col(refColumn).isNull());
          Dataset<Row> orphans =
              data.join(values, DropRules.q(column).equalTo(col(refColumn)), "left_outer")
                  .filter(isOrphan)
                  .select(DropRules.q(column))
                  .distinct()
                  // ordered: a top-k is one job, where a plain limit may take several
                  .orderBy(DropRules.q(column))
                  .limit(EXAMPLES);
          d =
              d.join(values, DropRules.q(column).equalTo(col(refColumn)), "left_outer")
                  .withColumn(orphan, when(isOrphan, 1).otherwise(0))
                  .drop(refColumn);
          MetricRequest r = new MetricRequest(MetricRequest.Kind.SUM, orphan);
          requests.add(r);
          judges.add(run -> referential(c, run.values().get(r), orphans));
        }
        case ANOMALY -> {
          CheckSpec.Anomaly a = c.anomaly().orElseThrow();
          if (a.calendarAware()) {
            calendar.computeIfAbsent(a.periodColumn().orElseThrow(), k -> new ArrayList<>()).add(c);
            judges.add(null); // judged after the grouped job
          } else {
            MetricRequest r = request(c);
            requests.add(r);
            judges.add(run -> anomaly(c, r, run.values().get(r), ctx.history()));
          }
        }
        default -> {
          int index = deequChecks.size();
          deequChecks.add(c);
          judges.add(run -> run.outcomes().get(index));
        }
      }
    }
    DeequVerifier.Run run =
        deequChecks.isEmpty() && requests.isEmpty()
            ? new DeequVerifier.Run(List.of(), Map.of(), List.of())
            : DeequVerifier.run(d, deequChecks, requests);
    metrics.addAll(run.metrics());
    Map<CheckSpec, ConstraintOutcome> calendarOutcomes = new HashMap<>();
    calendar.forEach(
        (period, cs) ->
            calendarOutcomes.putAll(calendar(data, period, cs, ctx.history(), metrics)));
    for (int i = 0; i < checks.size(); i++) {
      Judge j = judges.get(i);
      outcomes.add(j == null ? calendarOutcomes.get(checks.get(i)) : j.outcome(run));
    }
  }

  private static ConstraintOutcome.Status status(CheckSpec c, boolean ok) {
    if (ok) {
      return ConstraintOutcome.Status.PASSED;
    }
    return c.severity() == CheckSpec.Severity.FAIL
        ? ConstraintOutcome.Status.FAILED
        : ConstraintOutcome.Status.WARNED;
  }

  private static ConstraintOutcome freshness(
      CheckSpec c, DeequVerifier.MetricResult newest, boolean isDate, ZoneId zone, Instant now) {
    String column = c.columns().get(0);
    if (newest.value().isEmpty()) {
      return new ConstraintOutcome(
          c,
          status(c, false),
          "no values in " + column,
          Thresholds.of(c),
          "the freshness of an empty column cannot be judged (" + newest.error() + ")");
    }
    double seconds = newest.value().getAsDouble();
    long whole = (long) Math.floor(seconds);
    Instant at = Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
    Duration age = Duration.between(at, now);
    if (age.isNegative()) {
      age = Duration.ZERO;
    }
    boolean ok = age.compareTo(c.maxAge().orElseThrow()) <= 0;
    String shown = isDate ? LocalDate.ofInstant(at, zone).toString() : at.toString();
    return new ConstraintOutcome(
        c,
        status(c, ok),
        "max(" + column + ")=" + shown + ", age " + human(age),
        Thresholds.of(c),
        ok
            ? ""
            : "the newest "
                + column
                + " is "
                + human(age)
                + " old, more than "
                + Thresholds.duration(c.maxAge().orElseThrow()));
  }

  private static ConstraintOutcome referential(
      CheckSpec c, DeequVerifier.MetricResult orphanRows, Dataset<Row> orphans) {
    CheckSpec.Reference ref = c.reference().orElseThrow();
    long rows = orphanRows.value().isPresent() ? Math.round(orphanRows.value().getAsDouble()) : 0;
    if (rows == 0) {
      return new ConstraintOutcome(
          c, ConstraintOutcome.Status.PASSED, "orphan rows: 0", Thresholds.of(c), "");
    }
    List<String> examples =
        orphans.collectAsList().stream().map(r -> "'" + r.get(0) + "'").toList();
    return new ConstraintOutcome(
        c,
        status(c, false),
        "orphan rows: " + rows + " (values e.g. " + String.join(", ", examples) + ")",
        Thresholds.of(c),
        rows
            + " rows have a "
            + c.columns().get(0)
            + " that "
            + ref.table()
            + "."
            + ref.column()
            + " does not hold");
  }

  private static MetricRequest request(CheckSpec c) {
    CheckSpec.Anomaly a = c.anomaly().orElseThrow();
    return switch (a.metric()) {
      case ROW_COUNT -> new MetricRequest(MetricRequest.Kind.SIZE, "*");
      case COMPLETENESS -> new MetricRequest(MetricRequest.Kind.COMPLETENESS, c.columns().get(0));
      case MEAN -> new MetricRequest(MetricRequest.Kind.MEAN, c.columns().get(0));
      case DISTINCT_COUNT ->
          new MetricRequest(MetricRequest.Kind.COUNT_DISTINCT, c.columns().get(0));
    };
  }

  private static ConstraintOutcome anomaly(
      CheckSpec c, MetricRequest r, DeequVerifier.MetricResult current, List<MetricPoint> history) {
    CheckSpec.Anomaly a = c.anomaly().orElseThrow();
    String label =
        r.kind().metricName().toLowerCase(java.util.Locale.ROOT) + "(" + r.instance() + ")";
    if (current.value().isEmpty()) {
      return new ConstraintOutcome(
          c,
          status(c, false),
          label + " not computed",
          Thresholds.of(c),
          "the metric could not be computed: " + current.error());
    }
    double value = current.value().getAsDouble();
    double[] earlier = history(history, r.kind().metricName(), r.instance());
    int needed = DeequStrategies.historyNeeded(a.strategy());
    String observed = label + "=" + Thresholds.num(value);
    if (earlier.length < needed) {
      return new ConstraintOutcome(
          c,
          ConstraintOutcome.Status.PASSED,
          observed,
          Thresholds.of(c),
          "no history yet: "
              + needed
              + " earlier value"
              + (needed == 1 ? "" : "s")
              + " needed, "
              + earlier.length
              + " in lake.ops.quality_metrics");
    }
    observed +=
        earlier.length == 1 || a.strategy() == CheckSpec.Anomaly.Strategy.RELATIVE_RATE_OF_CHANGE
            ? "; previous " + Thresholds.num(earlier[earlier.length - 1])
            : "; " + earlier.length + " earlier values";
    var found = DeequStrategies.detect(a.strategy(), DeequStrategies.Bounds.of(a), earlier, value);
    return new ConstraintOutcome(
        c, status(c, found.isEmpty()), observed, Thresholds.of(c), found.orElse(""));
  }

  /** The earlier values of one metric instance, one per run (its latest), oldest first. */
  private static double[] history(List<MetricPoint> history, String metric, String instance) {
    Map<String, MetricPoint> perRun = new HashMap<>();
    for (MetricPoint p : history) {
      if (p.metric().equals(metric) && p.instance().equals(instance) && !Double.isNaN(p.value())) {
        perRun.merge(p.runId(), p, (x, y) -> x.computedAt().isAfter(y.computedAt()) ? x : y);
      }
    }
    return perRun.values().stream()
        .sorted(Comparator.comparing(MetricPoint::computedAt))
        .mapToDouble(MetricPoint::value)
        .toArray();
  }

  /** Calendar-aware anomaly checks on one period column: one grouped Spark job for all of them. */
  private static Map<CheckSpec, ConstraintOutcome> calendar(
      Dataset<Row> data,
      String period,
      List<CheckSpec> checks,
      List<MetricPoint> history,
      List<QualityReport.MetricValue> metrics) {
    var type = CheckColumns.field(data.schema(), period).orElseThrow().dataType();
    Column key =
        type == DataTypes.StringType
            ? substring(DropRules.q(period), 1, 7)
            : date_format(DropRules.q(period), "yyyy-MM");
    List<Column> aggs = new ArrayList<>();
    for (CheckSpec c : checks) {
      String column = c.columns().isEmpty() ? "" : c.columns().get(0);
      aggs.add(
          switch (c.anomaly().orElseThrow().metric()) {
            case ROW_COUNT -> count(lit(1)).cast(DataTypes.DoubleType);
            case COMPLETENESS ->
                count(DropRules.q(column)).divide(count(lit(1))).cast(DataTypes.DoubleType);
            case MEAN -> avg(DropRules.q(column)).cast(DataTypes.DoubleType);
            case DISTINCT_COUNT -> countDistinct(DropRules.q(column)).cast(DataTypes.DoubleType);
          });
    }
    List<Row> rows =
        data.groupBy(key.as("period"))
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
            .collectAsList();
    Map<CheckSpec, ConstraintOutcome> out = new HashMap<>();
    for (int i = 0; i < checks.size(); i++) {
      CheckSpec c = checks.get(i);
      MetricRequest r = request(c);
      String name = r.kind().metricName();
      Map<YearMonth, Double> current = new TreeMap<>();
      List<String> unreadable = new ArrayList<>();
      for (Row row : rows) {
        if (row.isNullAt(0) || row.isNullAt(i + 1)) {
          continue;
        }
        try {
          current.put(YearMonth.parse(row.getString(0)), row.getDouble(i + 1));
        } catch (DateTimeParseException e) {
          unreadable.add(row.getString(0));
        }
      }
      current.forEach(
          (m, v) -> metrics.add(new QualityReport.MetricValue(name, r.instance() + "@" + m, v)));
      out.put(c, calendarOutcome(c, r, current, history, unreadable));
    }
    return out;
  }

  private static ConstraintOutcome calendarOutcome(
      CheckSpec c,
      MetricRequest r,
      Map<YearMonth, Double> current,
      List<MetricPoint> history,
      List<String> unreadable) {
    String name = r.kind().metricName();
    String prefix = r.instance() + "@";
    Map<YearMonth, MetricPoint> latest = new HashMap<>();
    for (MetricPoint p : history) {
      if (p.metric().equals(name) && p.instance().startsWith(prefix) && !Double.isNaN(p.value())) {
        try {
          YearMonth m = YearMonth.parse(p.instance().substring(prefix.length()));
          latest.merge(m, p, (x, y) -> x.computedAt().isAfter(y.computedAt()) ? x : y);
        } catch (DateTimeParseException e) {
          // another check's instance that merely starts alike; not this series
        }
      }
    }
    Map<YearMonth, Double> series = new HashMap<>();
    latest.forEach((m, p) -> series.put(m, p.value()));
    series.putAll(current);
    DeequStrategies.Bounds b = DeequStrategies.Bounds.of(c.anomaly().orElseThrow());
    List<CalendarAnomaly.Verdict> verdicts =
        CalendarAnomaly.judge(
            series, current.keySet(), 1.0 - b.lowestRatio(), b.highestRatio() - 1.0);
    long judged = verdicts.stream().filter(CalendarAnomaly.Verdict::hasPeers).count();
    List<CalendarAnomaly.Verdict> bad =
        verdicts.stream().filter(CalendarAnomaly.Verdict::anomalous).toList();
    String label = name.toLowerCase(java.util.Locale.ROOT) + "(" + r.instance() + ") per month";
    String skipped =
        unreadable.isEmpty()
            ? ""
            : "; periods not read as yyyy-MM: " + String.join(", ", unreadable);
    if (judged == 0) {
      return new ConstraintOutcome(
          c,
          ConstraintOutcome.Status.PASSED,
          label + ": " + current.size() + " months, none with the same season in an earlier year",
          Thresholds.of(c),
          "no history yet: the same month (or Spring Festival month) of an earlier year is needed"
              + skipped);
    }
    String observed = label + ": " + bad.size() + " of " + judged + " months out of bounds";
    String message =
        bad.stream().limit(EXAMPLES).map(Verification::describe).collect(Collectors.joining("; "))
            + (bad.size() > EXAMPLES ? "; and " + (bad.size() - EXAMPLES) + " more" : "")
            + skipped;
    return new ConstraintOutcome(c, status(c, bad.isEmpty()), observed, Thresholds.of(c), message);
  }

  private static String describe(CalendarAnomaly.Verdict v) {
    OptionalDouble ratio = v.ratio();
    return v.period()
        + " = "
        + Thresholds.num(round(v.value()))
        + ", ratio "
        + Thresholds.num(round(ratio.orElse(Double.NaN)))
        + " to the median "
        + Thresholds.num(round(v.baseline().orElse(Double.NaN)))
        + " of "
        + v.season().label()
        + " "
        + v.peers().stream().map(YearMonth::toString).collect(Collectors.joining(", "));
  }

  private static double round(double d) {
    return Double.isFinite(d) ? Math.round(d * 1000) / 1000.0 : d;
  }

  private static String human(Duration d) {
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    if (days > 0) {
      return days + "d " + hours + "h";
    }
    return hours > 0 ? hours + "h " + minutes + "m" : minutes + "m";
  }
}
