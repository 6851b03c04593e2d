package org.dataelements.factory.quality.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class QualityHtmlReportTest {
  static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");
  static final Instant T2 = Instant.parse("2024-05-08T10:00:00Z");

  static QualityHtmlReport report(Optional<List<QualityHtmlReport.QuarantineCount>> quarantine) {
    return new QualityHtmlReport(
        "silver.power__meter_daily<script>",
        Optional.of(new QualityHtmlReport.Run("20240508T100000Z_ab12", T2)),
        List.of(
            new QualityHtmlReport.Result(
                "complete(meter_id)",
                "fail",
                "passed",
                "completeness(meter_id)=1",
                "completeness = 1",
                ""),
            new QualityHtmlReport.Result(
                "in_set(unit)",
                "warn",
                "warned",
                "compliance=0.9",
                "every value in {kWh}",
                "Value: 0.9 does not meet <1>"),
            new QualityHtmlReport.Result(
                "non_negative(kwh)", "fail", "failed", "compliance=0.8", "every value >= 0", "")),
        List.of(
            new QualityHtmlReport.MetricPoint("Completeness", "meter_id", "r1", T1, 1.0),
            new QualityHtmlReport.MetricPoint("Completeness", "meter_id", "r2", T2, 0.98),
            new QualityHtmlReport.MetricPoint("Completeness", "unit", "r2", T2, 1.0),
            new QualityHtmlReport.MetricPoint("Size", "*", "r1", T1, 10),
            new QualityHtmlReport.MetricPoint("Size", "*", "r2", T2, 12)),
        quarantine);
  }

  @Test
  void rendersHeaderResultsAChartPerSeriesAndQuarantine() {
    String html =
        report(
                Optional.of(
                    List.of(
                        new QualityHtmlReport.QuarantineCount(
                            "range(kwh,min=0)", 3, "kwh < 0 & \"odd\""))))
            .render(T2);
    Document doc = Jsoup.parse(html);
    assertEquals("Quality report: silver.power__meter_daily<script>", doc.selectFirst("h1").text());
    assertFalse(html.contains("<script>"), "table name escaped");
    assertTrue(
        doc.select("script, link, img, [src]").isEmpty(),
        "self-contained: no scripts or external resources");
    assertEquals("1 passed 1 warned 1 failed", doc.selectFirst("p.counts").text());
    assertEquals(
        List.of("passed", "warned", "failed"), doc.select("table.results span.badge").eachText());
    assertEquals(1, doc.select("tr.status-failed").size());
    assertEquals("Value: 0.9 does not meet <1>", doc.select("tr.status-warned td").last().text());
    assertEquals(3, doc.select("figure.metric svg").size(), "one chart per metric and instance");
    assertEquals(
        List.of(
            "Completeness of meter_id (2 values)",
            "Completeness of unit (1 value)",
            "Size (2 values)"),
        doc.select("figcaption").eachText());
    assertEquals(
        List.of("range(kwh,min=0)", "3", "kwh < 0 & \"odd\""),
        doc.select("table.quarantine td").eachText());
    assertTrue(html.contains("20240508T100000Z_ab12"));
  }

  @Test
  void saysWhenThereIsNoQuarantineOrNoRun() {
    QualityHtmlReport none =
        new QualityHtmlReport("lake.p.t", Optional.empty(), List.of(), List.of(), Optional.empty());
    Document doc = Jsoup.parse(none.render(T1));
    assertTrue(doc.text().contains("No run has checked this table yet."));
    assertTrue(doc.text().contains("This table has no quarantine"));
    assertTrue(doc.select("svg").isEmpty());
  }

  /**
   * The page as a real browser renders it: headless Chromium loads the file and dumps its DOM; the
   * charts and the escaped name survive. Skipped where no Chromium is installed (.ci/run installs
   * it).
   */
  @Test
  void headlessChromiumRendersTheChartsAndTheEscapedName(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path chromium = org.dataelements.factory.core.testing.Required.chromium();
    java.nio.file.Path page = dir.resolve("report.html");
    java.nio.file.Files.writeString(page, report(Optional.empty()).render(T2));
    Process p =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile"),
                "--dump-dom",
                page.toUri().toString())
            .redirectError(dir.resolve("chromium.err").toFile())
            .start();
    String dom =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "Chromium finished");
    Document rendered = Jsoup.parse(dom);
    assertEquals(
        "Quality report: silver.power__meter_daily<script>",
        rendered.selectFirst("h1").text(),
        "rendered by Chromium: " + java.nio.file.Files.readString(dir.resolve("chromium.err")));
    assertEquals(
        3, rendered.select("figure.metric svg").size(), "one chart per metric and instance");
    assertFalse(
        rendered.select("figure.metric svg polyline, figure.metric svg circle").isEmpty(),
        "charts drawn");
  }
}
