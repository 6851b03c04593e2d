package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.graph.StepGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `factory run --step` and `--resume`: selections, and usage errors before Spark starts. */
class RunOptionsTest {
  @TempDir Path work;

  @Test
  void aStepOrAProductsGoldUnitSelectsExactlyThoseStepsInGraphOrder() {
    Specs specs = Specs.load(SparkTestSession.confDir());
    StepGraph graph = StepGraph.load(specs);
    List<String> gold =
        RunCommand.select(graph, List.of(), List.of("gold:traceability")).stream()
            .map(s -> s.spec().name())
            .toList();
    List<String> expected =
        graph.ordered().stream()
            .filter(s -> StepGraph.product(s).equals(java.util.Optional.of("traceability")))
            .map(s -> s.spec().name())
            .toList();
    assertFalse(expected.isEmpty());
    assertEquals(expected, gold, "every gold step of the product and nothing else");
    Step first = graph.ordered().get(0);
    Step last = graph.ordered().get(graph.ordered().size() - 1);
    assertEquals(
        List.of(first, last),
        RunCommand.select(graph, List.of(), List.of(last.spec().name(), first.spec().name())),
        "graph order, whatever the order given");
  }

  @Test
  void unknownStepsAndBadRunIdsAreUsageErrorsBeforeSparkStarts() {
    CliRun step =
        run("run", "--warehouse", work.toString(), "--conf", conf(), "--step", "silver:nope");
    assertEquals(2, step.code(), step.err());
    assertTrue(step.err().contains("silver:nope"), step.err());
    assertTrue(
        step.err().contains("gold:electricity_index"), "lists the known ones: " + step.err());
    CliRun bad = run("run", "--warehouse", work.toString(), "--conf", conf(), "--resume", "../etc");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("20261204T070500Z_ab12"), bad.err());
    CliRun mixed =
        run(
            "run",
            "--warehouse",
            work.toString(),
            "--conf",
            conf(),
            "--resume",
            "20261204T070500Z_ab12",
            "--product",
            "traceability");
    assertEquals(2, mixed.code(), mixed.err());
    assertTrue(mixed.err().contains("alone"), mixed.err());
    for (CliRun c : List.of(step, bad, mixed)) {
      assertFalse(c.err().contains("starting Spark"), c.err());
    }
  }

  @Test
  void aRunRecordRoundTripsOnTheWarehouseFileSystem() throws Exception {
    String wh = work.toUri().toString();
    RunRecord r =
        new RunRecord(
            "20261204T070500Z_ab12",
            List.of("traceability"),
            List.of(),
            "s3a://bucket/landing",
            true,
            false,
            false,
            "2023-01",
            "2023-06",
            null,
            RunRecord.RUNNING,
            null);
    r.write(wh, new Configuration());
    assertTrue(Files.exists(work.resolve("_runs/20261204T070500Z_ab12.json")));
    RunRecord failed =
        r.finished(RunRecord.FAILED, "boom: jdbc:postgresql://db/lake?password=hunter2");
    assertEquals(
        "boom: jdbc:postgresql://db/lake?password=<redacted>",
        failed.message(),
        "a password in the failure is not written");
    failed.write(wh, new Configuration());
    assertEquals(
        java.util.Optional.of(failed),
        RunRecord.read(wh, new Configuration(), "20261204T070500Z_ab12"));
    assertEquals(
        java.util.Optional.empty(),
        RunRecord.read(wh, new Configuration(), "20261204T070501Z_ab12"));
  }

  private static String conf() {
    return SparkTestSession.confDir().toString();
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
