package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.RunPolicy;
import org.dataelements.factory.core.Sensitivity;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.graph.StepGraph;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A step's transient failures are retried with back-off and its data errors are not; a failed
 * product build keeps what it finished, and resuming it builds only the rest.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class RetryResumeTest {
  static final StructType SCHEMA =
      new StructType().add("k", DataTypes.IntegerType).add("v", DataTypes.IntegerType);

  /** Transform calls per step, and faults each step throws on its next calls. */
  static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  static final Map<String, Deque<RuntimeException>> FAULTS = new ConcurrentHashMap<>();

  /** A gold step writing three rows; reads its input when it has one. */
  record Gold(TableId out, List<TableId> in) implements Step {
    @Override
    public StepSpec spec() {
      return StepSpec.of(
          "gold:" + out.namespace() + "." + out.entity(),
          in.stream().map(StepSpec.Input::required).toList(),
          List.of(),
          out,
          StepSpec.WriteMode.REPLACE);
    }

    @Override
    public String parameters() {
      return "3 rows";
    }

    @Override
    public StepOutput transform(StepInputs inputs) {
      String name = spec().name();
      CALLS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
      RuntimeException fault = FAULTS.getOrDefault(name, new ArrayDeque<>()).poll();
      if (fault != null) {
        throw fault;
      }
      List<Row> data = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        data.add(RowFactory.create(i, i * 10));
      }
      return StepOutput.of(out, SparkTestSession.spark().createDataFrame(data, SCHEMA));
    }
  }

  @BeforeEach
  void reset() {
    CALLS.clear();
    FAULTS.clear();
  }

  private static Specs specs(String product, int retries, List<String> tables) {
    return new Specs(
        List.of(),
        List.of(),
        List.of(
            new ProductSpec(
                product,
                "o",
                "d",
                "l",
                List.of(),
                tables.stream()
                    .map(t -> new TableSpec(t, "d", List.of(), List.of(), Map.of()))
                    .toList(),
                Map.of(),
                "conf/products/" + product + ".yaml",
                Sensitivity.Grade.GENERAL,
                ProductSpec.ReleasePolicy.DEFAULTS,
                new RunPolicy(
                    Optional.empty(), RunPolicy.DEFAULT_ZONE, retries, Duration.ofSeconds(5)))));
  }

  private static void fault(String step, RuntimeException... faults) {
    FAULTS.computeIfAbsent(step, k -> new ArrayDeque<>()).addAll(List.of(faults));
  }

  private static int calls(String step) {
    return CALLS.getOrDefault(step, new AtomicInteger()).get();
  }

  private static UncheckedIOException connectionRefused() {
    return new UncheckedIOException(
        "writing to the warehouse", new ConnectException("Connection refused"));
  }

  private record Built(String runId, Pipeline pipeline, List<Duration> waits, String console) {}

  private static Built build(
      Lakehouse lh, Specs specs, List<Step> steps, Optional<String> resumeOf) {
    StepGraph graph = StepGraph.of(specs, steps);
    List<Duration> waits = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Pipeline p =
        new Pipeline(lh, specs, graph, new Console(new PrintStream(out, true)))
            .sleepingWith(waits::add);
    String runId = RunIds.next(Instant.now());
    try {
      p.build(graph.ordered(), runId, resumeOf);
    } finally {
      p.recordSteps();
    }
    return new Built(runId, p, waits, out.toString());
  }

  private static List<OpsTables.RunStep> steps(Built b) {
    return b.pipeline().steps();
  }

  @Test
  void aTransientFailureIsRetriedWithBackOffAndTheStepSucceeds(Lakehouse lh) {
    new OpsTables(lh).ensureAll();
    TableId t = TableId.gold("retry_ok", "one");
    Gold step = new Gold(t, List.of());
    fault(step.spec().name(), connectionRefused(), connectionRefused());
    Built b = build(lh, specs("retry_ok", 2, List.of("one")), List.of(step), Optional.empty());
    assertEquals(3, calls(step.spec().name()), "two failures, then the attempt that succeeds");
    assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(10)), b.waits());
    OpsTables.RunStep s = steps(b).get(0);
    assertEquals(OpsTables.RunStatus.SUCCEEDED, s.status(), "one row for the step, succeeded");
    assertEquals(1, steps(b).stream().filter(x -> x.step().equals(step.spec().name())).count());
    assertTrue(b.console().contains("retry 1 of 2 in 5 s"), b.console());
    assertTrue(b.console().contains("Connection refused"), b.console());
    assertTrue(lh.branchSnapshot(t, "candidate_" + b.runId()).isPresent());
  }

  @Test
  void aDataErrorIsNotRetriedAndTooManyTransientFailuresGiveUp(Lakehouse lh) {
    new OpsTables(lh).ensureAll();
    TableId t = TableId.gold("retry_no", "one");
    Gold step = new Gold(t, List.of());
    Specs specs = specs("retry_no", 2, List.of("one"));
    fault(step.spec().name(), new DataInputException("field x: value 'y' is not a number"));
    assertThrows(DataInputException.class, () -> build(lh, specs, List.of(step), Optional.empty()));
    assertEquals(1, calls(step.spec().name()), "a data error fails at once");

    // Wrapped in Spark's way (a task failure whose cause is an I/O error) it is still transient;
    // after retries + 1 attempts the run gives up with the last error.
    CALLS.clear();
    RuntimeException wrapped =
        new RuntimeException("Job aborted", new IOException("Connection reset by peer"));
    fault(step.spec().name(), wrapped, wrapped, wrapped);
    RuntimeException e =
        assertThrows(
            RuntimeException.class, () -> build(lh, specs, List.of(step), Optional.empty()));
    assertEquals(3, calls(step.spec().name()));
    assertTrue(
        e.getSuppressed().length > 0 && e.getSuppressed()[0].getMessage().contains("3 attempts"));
  }

  @Test
  void aResumedBuildReusesTheFinishedStepsAndBuildsOnlyTheRest(Lakehouse lh) {
    new OpsTables(lh).ensureAll();
    TableId one = TableId.gold("resumed", "one");
    TableId two = TableId.gold("resumed", "two");
    TableId three = TableId.gold("resumed", "three");
    Specs specs = specs("resumed", 0, List.of("one", "two", "three"));
    List<Step> steps =
        List.of(
            new Gold(one, List.of()), new Gold(two, List.of(one)), new Gold(three, List.of(two)));
    String third = steps.get(2).spec().name();
    fault(third, new IllegalStateException("planted: the third step fails"));

    StepGraph graph = StepGraph.of(specs, steps);
    Pipeline p =
        new Pipeline(lh, specs, graph, new Console(new PrintStream(new ByteArrayOutputStream())));
    String firstRun = RunIds.next(Instant.now());
    assertThrows(IllegalStateException.class, () -> p.build(graph.ordered(), firstRun));
    p.recordSteps();
    String kept = "candidate_" + firstRun;
    long oneSnap = lh.branchSnapshot(one, kept).orElseThrow(() -> new AssertionError("one kept"));
    long twoSnap = lh.branchSnapshot(two, kept).orElseThrow(() -> new AssertionError("two kept"));
    assertTrue(!lh.exists(three), "the failed step wrote nothing");
    assertEquals(-1, lh.currentSnapshot(one), "main is untouched by a failed build");
    assertEquals(
        Optional.of("gates_failed"),
        new OpsTables(lh)
            .releases().stream()
                .filter(r -> r.candidate().equals(kept))
                .map(OpsTables.Release::status)
                .findFirst(),
        "the failed build cannot be approved");
    assertEquals(1, calls(steps.get(0).spec().name()));

    Built resumed = build(lh, specs, steps, Optional.of(firstRun));
    assertEquals(1, calls(steps.get(0).spec().name()), "step one is not built again");
    assertEquals(1, calls(steps.get(1).spec().name()), "step two is not built again");
    assertEquals(2, calls(third), "the failed step runs again");
    String branch = "candidate_" + resumed.runId();
    assertEquals(Optional.of(oneSnap), lh.branchSnapshot(one, branch), "one taken over as built");
    assertEquals(Optional.of(twoSnap), lh.branchSnapshot(two, branch));
    assertEquals(3, lh.readRef(three, branch).count());
    assertTrue(lh.branchSnapshot(one, kept).isEmpty(), "the resumed run's branch is gone");
    assertEquals(
        Optional.of("candidate"),
        new OpsTables(lh)
            .releases().stream()
                .filter(r -> r.candidate().equals(branch))
                .map(OpsTables.Release::status)
                .findFirst());
  }
}
