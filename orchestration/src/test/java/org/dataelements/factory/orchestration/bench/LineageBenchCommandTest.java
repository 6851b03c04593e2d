package org.dataelements.factory.orchestration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.lineage.LineageAnswer;
import org.dataelements.factory.lineage.LineageDataset;
import org.dataelements.factory.lineage.LineageGraph;
import org.dataelements.factory.orchestration.FactoryMain;
import org.junit.jupiter.api.Test;

/**
 * {@code factory bench lineage}: the generated events chain landing files to pulls, and a tiny run
 * prints every figure (a check of the bench, not of its timings).
 */
class LineageBenchCommandTest {
  @Test
  void aTinyRunPrintsEveryFigure() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int code;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      code =
          FactoryMain.execute(
              "bench",
              "lineage",
              "--events",
              "1500",
              "--files",
              "3",
              "--repeat",
              "1",
              "--conf",
              SparkTestSession.confDir().toString());
    } finally {
      System.setOut(stdout);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, out);
    List<String> lines = out.lines().toList();
    assertEquals(
        List.of("events", "runs", "files", "parts", "data_MB", "datasets", "write_s"),
        List.of(lines.get(0).trim().split("\\s+")),
        out);
    String[] written = lines.get(1).trim().split("\\s+");
    assertEquals("1500", written[0], out);
    assertEquals("3", written[3], "data files: " + out);
    assertEquals(
        List.of("query", "load_s", "query_s", "total_s", "datasets", "edges", "json_read"),
        List.of(lines.get(3).trim().split("\\s+")),
        out);
    List<String[]> queries = new ArrayList<>();
    for (String l : lines.subList(4, 8)) {
      String[] f = l.trim().split("\\s+");
      queries.add(java.util.Arrays.copyOfRange(f, f.length - 6, f.length));
    }
    assertTrue(lines.get(4).startsWith("upstream lake.electricity_index.monthly_indices "), out);
    assertTrue(lines.get(5).contains(" --columns "), out);
    assertTrue(lines.get(7).startsWith("downstream bronze.grid__meter_daily@0 "), out);
    for (String[] q : queries) {
      assertTrue(Integer.parseInt(q[3]) > 1, "every answer reaches something: " + out);
      assertTrue(Long.parseLong(q[5]) > 0, "JSON read for every answer: " + out);
    }
    assertTrue(out.contains("peak heap in use during the measured queries: "), out);
  }

  @Test
  void theGeneratedEventsChainFilesToBronzeSilverGoldReleasesAndPulls() {
    LineageBenchEvents generator = new LineageBenchEvents(7, "/tmp/wh");
    List<String> json = new ArrayList<>();
    List<LineageGraph.EventRow> rows = new ArrayList<>();
    while (json.size() < 1500) {
      for (LineageBenchEvents.Event e : generator.nextRun()) {
        json.add(e.json());
        rows.add(
            new LineageGraph.EventRow(
                e.eventTime(), e.runId(), e.jobName(), e.inputs(), e.outputs()));
      }
    }
    LineageGraph eager = LineageGraph.fromEvents(json);
    assertEquals(json.size(), eager.eventCount(), "every event is a COMPLETE run event");
    String firstFile =
        rows.get(0).inputs().get(0).substring(0, rows.get(0).inputs().get(0).lastIndexOf('@'));
    assertTrue(firstFile.startsWith("electricity/grid__meter_daily/2024/"), firstFile);
    LineageAnswer down = eager.downstream(firstFile, Optional.empty(), OptionalInt.empty(), false);
    Set<LineageDataset.Kind> kinds = EnumSet.noneOf(LineageDataset.Kind.class);
    down.nodes().forEach(r -> kinds.add(r.node().kind()));
    assertEquals(EnumSet.allOf(LineageDataset.Kind.class), kinds, "file to pull");

    LineageAnswer up =
        eager.upstream(LineageBenchEvents.GOLD, Optional.empty(), OptionalInt.of(2), true);
    assertTrue(
        up.edges().stream()
            .anyMatch(
                e ->
                    e.from().name().equals("silver.power__meter_daily")
                        && e.columns().stream()
                            .anyMatch(p -> p.from().equals("kwh") && p.to().equals("value"))),
        up.edges().toString());
    // the stored columns (inputs, outputs) say what the JSON says
    LineageGraph lazy =
        LineageGraph.fromRows(
            rows, want -> want.stream().map(r -> json.get(rows.indexOf(r))).toList());
    assertEquals(
        eager.upstream(LineageBenchEvents.GOLD, Optional.empty(), OptionalInt.empty(), true),
        lazy.upstream(LineageBenchEvents.GOLD, Optional.empty(), OptionalInt.empty(), true));
  }
}
