package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dataelements.factory.core.runtime.OpsTables;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The candidate report page ({@code factory release show --html}) as a browser renders it. */
class ReleaseShowCommandTest {
  static final String CANDIDATE = "candidate_20261202T101500Z_ab12";
  static final String GATES =
      "[{\"gate\":\"quality\",\"status\":\"failed\",\"detail\":\"2 passed, 0 warned, 1 failed\"},"
          + "{\"gate\":\"sensitivity\",\"status\":\"passed\",\"detail\":\"no personal column\"},"
          + "{\"gate\":\"schema\",\"status\":\"warned\","
          + "\"detail\":\"next version 2.0.0: column <script>alert(1)</script> removed\"}]";

  @Test
  void htmlReportRendersInHeadlessChromiumEscapedAndSelfContained(@TempDir Path dir)
      throws Exception {
    OpsTables.Release row =
        new OpsTables.Release(
            "rel_show",
            Optional.empty(),
            CANDIDATE,
            "20261202T101500Z_ab12",
            "gates_failed",
            Instant.parse("2026-12-02T10:15:00Z"),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            GATES,
            "a gate failed; fix and run again");
    List<ReleaseShowCommand.Section> report =
        List.of(
            new ReleaseShowCommand.Section("Gates", List.of("quality failed 1 failed")),
            new ReleaseShowCommand.Section(
                "Against the last release (v1.0.0)",
                List.of("facts: 2 rows (+1 against v1.0.0)", "region added: <script>x()</script>")),
            new ReleaseShowCommand.Section("Lineage (built from)", List.of("facts ← silver.a@3")));
    Path page = dir.resolve("report.html");

    ReleaseShowCommand.writeHtml(page, "rel_show " + CANDIDATE, row, report);

    String html = Files.readString(page);
    assertFalse(html.contains("<script"), "no script element in the file: " + html);
    assertFalse(html.contains("http"), "nothing external: " + html);
    assertFalse(html.contains("src="), "nothing external: " + html);
    Document rendered = render(page, dir);
    Element gates = rendered.selectFirst("table#gates");
    assertNotNull(gates, "gates table rendered: " + rendered.outerHtml());
    assertEquals(4, gates.select("tr").size(), "a header and one row per gate");
    Element failed = gates.selectFirst("tr.failed");
    assertNotNull(failed, "the failed gate has class failed: " + gates.outerHtml());
    assertEquals("quality", failed.selectFirst("td").text());
    assertEquals(1, gates.select("tr.passed").size());
    assertEquals(1, gates.select("tr.warned").size());
    assertTrue(rendered.select("script").isEmpty(), "no script element in the DOM");
    assertTrue(
        gates.text().contains("column <script>alert(1)</script> removed"),
        "the script text shown as text: " + gates.text());
    assertTrue(
        rendered.select("pre").text().contains("region added: <script>x()</script>"),
        rendered.select("pre").text());
    assertEquals("rel_show " + CANDIDATE, rendered.selectFirst("h1").text());
    assertTrue(rendered.selectFirst("p#status").hasClass("gates_failed"));
  }

  /** The page's DOM after headless Chromium loaded it (CI installs Chromium: never skipped). */
  private static Document render(Path page, Path dir) throws Exception {
    Optional<Path> chromium =
        Stream.of("chromium", "chromium-browser", "google-chrome")
            .map(c -> Path.of("/usr/bin", c))
            .filter(Files::isExecutable)
            .findFirst();
    if (chromium.isEmpty()) {
      fail(
          "headless Chromium is needed to render the release report and none is under /usr/bin"
              + " (chromium, chromium-browser, google-chrome): install it, e.g. `apt-get install"
              + " chromium` (.ci/run does)");
    }
    Process p =
        new ProcessBuilder(
                chromium.get().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile"),
                "--dump-dom",
                page.toUri().toString())
            .redirectError(dir.resolve("chromium.err").toFile())
            .start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Chromium finished");
    assertEquals(
        0, p.exitValue(), "Chromium failed: " + Files.readString(dir.resolve("chromium.err")));
    assertFalse(
        dom.isBlank(), "Chromium dumped no DOM: " + Files.readString(dir.resolve("chromium.err")));
    return Jsoup.parse(dom);
  }
}
