package org.dataelements.factory.quality.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The quality report of one table as a self-contained HTML page: a header with the last run that
 * checked the table and its counts of passed, warned and failed checks, that run's results coloured
 * by status, one {@link SvgLineChart} per metric and instance over its history, and the rows in the
 * table's quarantine by rule.
 *
 * @param table the table's SQL name
 * @param lastRun the last run that checked the table, if any did
 * @param results that run's check results
 * @param metrics the metric history (any order)
 * @param quarantine rows quarantined per rule, or empty when the table has no quarantine
 */
public record QualityHtmlReport(
    String table,
    Optional<Run> lastRun,
    List<Result> results,
    List<MetricPoint> metrics,
    Optional<List<QuarantineCount>> quarantine) {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  public QualityHtmlReport {
    requireNonNull(table, "table is null");
    requireNonNull(lastRun, "lastRun is null");
    results = List.copyOf(results);
    metrics = List.copyOf(metrics);
    quarantine = quarantine.map(List::copyOf);
  }

  /** A run that checked the table: its id and when. */
  public record Run(String runId, Instant checkedAt) {
    public Run {
      requireNonNull(runId, "runId is null");
      requireNonNull(checkedAt, "checkedAt is null");
    }
  }

  /** One check result as recorded in {@code lake.ops.quality_results}. */
  public record Result(
      String ruleId,
      String severity,
      String status,
      String observed,
      String threshold,
      String message) {
    public Result {
      requireNonNull(ruleId, "ruleId is null");
      requireNonNull(severity, "severity is null");
      requireNonNull(status, "status is null");
      requireNonNull(observed, "observed is null");
      requireNonNull(threshold, "threshold is null");
      requireNonNull(message, "message is null");
    }
  }

  /** One metric value as recorded in {@code lake.ops.quality_metrics}. */
  public record MetricPoint(
      String metric, String instance, String runId, Instant computedAt, double value) {
    public MetricPoint {
      requireNonNull(metric, "metric is null");
      requireNonNull(instance, "instance is null");
      requireNonNull(runId, "runId is null");
      requireNonNull(computedAt, "computedAt is null");
    }
  }

  /** The quarantined rows of one rule (or reason), with an example of why. */
  public record QuarantineCount(String rule, long rows, String example) {
    public QuarantineCount {
      requireNonNull(rule, "rule is null");
      requireNonNull(example, "example is null");
    }
  }

  /**
   * The number of results with the given status ({@code passed}, {@code warned}, {@code failed}).
   */
  public long count(String status) {
    return results.stream().filter(r -> r.status().equals(status)).count();
  }

  /** The metric series, keyed by metric then instance, each in time order. */
  public Map<String, Map<String, List<SvgLineChart.Point>>> series() {
    Map<String, Map<String, List<SvgLineChart.Point>>> out = new TreeMap<>();
    for (MetricPoint m : metrics) {
      out.computeIfAbsent(m.metric(), k -> new TreeMap<>())
          .computeIfAbsent(m.instance(), k -> new ArrayList<>())
          .add(new SvgLineChart.Point(m.computedAt(), m.value()));
    }
    out.values()
        .forEach(
            byInstance ->
                byInstance
                    .values()
                    .forEach(l -> l.sort(Comparator.comparing(SvgLineChart.Point::at))));
    return out;
  }

  /** The page, stamped with the time it was generated. */
  public String render(Instant generatedAt) {
    StringBuilder h = new StringBuilder(8192);
    String t = HtmlText.escape(table);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Quality report: ")
        .append(t)
        .append("</title>\n")
        .append("<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");
    h.append("<header>\n<h1>Quality report: <code>").append(t).append("</code></h1>\n");
    if (lastRun.isPresent()) {
      h.append("<p>Last checked by run <code>")
          .append(HtmlText.escape(lastRun.get().runId()))
          .append("</code> at ")
          .append(TIME.format(lastRun.get().checkedAt()))
          .append("</p>\n")
          .append("<p class=\"counts\">")
          .append("<span class=\"badge passed\">")
          .append(count("passed"))
          .append(" passed</span> ")
          .append("<span class=\"badge warned\">")
          .append(count("warned"))
          .append(" warned</span> ")
          .append("<span class=\"badge failed\">")
          .append(count("failed"))
          .append(" failed</span>")
          .append("</p>\n");
    } else {
      h.append("<p>No run has checked this table yet.</p>\n");
    }
    h.append("<p class=\"muted\">Generated ")
        .append(TIME.format(generatedAt))
        .append(" by the Data Element Factory.</p>\n</header>\n");
    appendResults(h);
    appendMetrics(h);
    appendQuarantine(h);
    return h.append("</body>\n</html>\n").toString();
  }

  private void appendResults(StringBuilder h) {
    h.append("<section id=\"results\">\n<h2>Check results</h2>\n");
    if (results.isEmpty()) {
      h.append("<p>No check results recorded.</p>\n</section>\n");
      return;
    }
    h.append("<table class=\"results\">\n<thead><tr><th>rule</th><th>severity</th><th>status</th>")
        .append("<th>observed</th><th>threshold</th><th>message</th></tr></thead>\n<tbody>\n");
    for (Result r : results) {
      String status = HtmlText.escape(r.status());
      h.append("<tr class=\"status-")
          .append(status)
          .append("\"><td><code>")
          .append(HtmlText.escape(r.ruleId()))
          .append("</code></td><td>")
          .append(HtmlText.escape(r.severity()))
          .append("</td><td><span class=\"badge ")
          .append(status)
          .append("\">")
          .append(status)
          .append("</span></td><td>")
          .append(HtmlText.escape(r.observed()))
          .append("</td><td>")
          .append(HtmlText.escape(r.threshold()))
          .append("</td><td>")
          .append(HtmlText.escape(r.message()))
          .append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private void appendMetrics(StringBuilder h) {
    h.append("<section id=\"metrics\">\n<h2>Metric history</h2>\n");
    Map<String, Map<String, List<SvgLineChart.Point>>> series = series();
    if (series.isEmpty()) {
      h.append("<p>No metrics recorded.</p>\n");
    }
    series.forEach(
        (metric, byInstance) ->
            byInstance.forEach(
                (instance, points) -> {
                  String title = instance.equals("*") ? metric : metric + " of " + instance;
                  h.append("<figure class=\"metric\">\n<figcaption>")
                      .append(HtmlText.escape(title))
                      .append(" <span class=\"muted\">(")
                      .append(points.size())
                      .append(points.size() == 1 ? " value" : " values")
                      .append(")</span></figcaption>\n")
                      .append(SvgLineChart.render(title, points))
                      .append("\n</figure>\n");
                }));
    h.append("</section>\n");
  }

  private void appendQuarantine(StringBuilder h) {
    h.append("<section id=\"quarantine\">\n<h2>Quarantine</h2>\n");
    if (quarantine.isEmpty()) {
      h.append(
          "<p>This table has no quarantine: no row of it has been quarantined.</p>\n</section>\n");
      return;
    }
    List<QuarantineCount> counts = quarantine.get();
    long total = counts.stream().mapToLong(QuarantineCount::rows).sum();
    h.append("<p>")
        .append(total)
        .append(total == 1 ? " row" : " rows")
        .append(" quarantined.</p>\n");
    if (!counts.isEmpty()) {
      h.append(
          "<table class=\"quarantine\">\n<thead><tr><th>rule</th><th>rows</th><th>example</th></tr></thead>\n<tbody>\n");
      for (QuarantineCount c : counts) {
        h.append("<tr><td><code>")
            .append(HtmlText.escape(c.rule()))
            .append("</code></td><td class=\"num\">")
            .append(c.rows())
            .append("</td><td>")
            .append(HtmlText.escape(c.example()))
            .append("</td></tr>\n");
      }
      h.append("</tbody>\n</table>\n");
    }
    h.append("</section>\n");
  }

  private static final String STYLE =
      """
      body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em; color: #222; }
      h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
      table { border-collapse: collapse; margin: .5em 0; }
      th, td { border: 1px solid #ddd; padding: .3em .6em; text-align: left; vertical-align: top; }
      th { background: #f3f3f3; } td.num { text-align: right; }
      .muted { color: #777; font-size: .9em; }
      .badge { display: inline-block; padding: .1em .5em; border-radius: .8em; font-size: .9em; }
      .badge.passed { background: #d8f0dc; color: #185c27; }
      .badge.warned { background: #fdf0c8; color: #7a5a00; }
      .badge.failed { background: #f8d4d4; color: #8a1c1c; }
      tr.status-failed td { background: #fff5f5; } tr.status-warned td { background: #fffcf0; }
      figure.metric { display: inline-block; margin: .5em 1em .5em 0; }
      figcaption { font-size: .95em; margin-bottom: .2em; }
      """;
}
