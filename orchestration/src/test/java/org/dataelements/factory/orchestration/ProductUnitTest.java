package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.QualityGateException;
import org.dataelements.factory.core.RunIds;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A product's gold tables are committed together, after every gate of the product passed. */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class ProductUnitTest {
  static final TableId ONE = TableId.gold("unit_product", "one");
  static final TableId TWO = TableId.gold("unit_product", "two");
  static final StructType SCHEMA =
      new StructType().add("k", DataTypes.IntegerType).add("v", DataTypes.IntegerType);

  /** Writes {@code rows} rows with value {@code value} to its table; the second reads the first. */
  record Gold(TableId out, List<TableId> in, int rows, int value) implements Step {
    @Override
    public StepSpec spec() {
      return StepSpec.of(
          "gold:" + out.entity(),
          in.stream().map(StepSpec.Input::required).toList(),
          List.of(),
          out,
          StepSpec.WriteMode.REPLACE);
    }

    @Override
    public String parameters() {
      return rows + "x" + value;
    }

    @Override
    public StepOutput transform(StepInputs inputs) {
      Dataset<Row> base = inputs.table(ONE).orElse(null);
      List<Row> data = new java.util.ArrayList<>();
      for (int i = 0; i < rows; i++) {
        data.add(RowFactory.create(i, value));
      }
      Dataset<Row> rowsOut = SparkTestSession.spark().createDataFrame(data, SCHEMA);
      return StepOutput.of(out, base == null ? rowsOut : rowsOut.limit(rows));
    }
  }

  private static Specs specs(int minRowsOfTwo) {
    CheckSpec rowCount =
        new CheckSpec(
            CheckSpec.Rule.ROW_COUNT,
            List.of(),
            CheckSpec.Severity.FAIL,
            Optional.of((double) minRowsOfTwo),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    ProductSpec product =
        new ProductSpec(
            "unit_product",
            "o",
            "d",
            "l",
            List.of(),
            List.of(
                new TableSpec("one", "d", List.of(), List.of(), Map.of()),
                new TableSpec("two", "d", List.of(), List.of(rowCount), Map.of())),
            Map.of(),
            "conf/products/unit_product.yaml");
    return new Specs(List.of(), List.of(), List.of(product));
  }

  private static String build(Lakehouse lh, Specs specs, List<Step> steps) {
    StepGraph graph = StepGraph.of(specs, steps);
    Pipeline p =
        new Pipeline(lh, specs, graph, new Console(new PrintStream(new ByteArrayOutputStream())));
    String runId = RunIds.next(Instant.now());
    try {
      p.build(graph.ordered(), runId);
    } finally {
      p.recordSteps();
    }
    return runId;
  }

  private static Optional<String> status(Lakehouse lh, String candidate) {
    return new OpsTables(lh)
        .releases().stream()
            .filter(r -> r.candidate().equals(candidate))
            .map(OpsTables.Release::status)
            .findFirst();
  }

  @Test
  void aFailedGateOnOneTableLeavesEveryTableOfTheProductAsItWas(Lakehouse lh) throws Exception {
    new OpsTables(lh).ensureAll();
    String first =
        "candidate_"
            + build(
                lh,
                specs(1),
                List.of(new Gold(ONE, List.of(), 3, 1), new Gold(TWO, List.of(ONE), 3, 1)));
    long oneFirst = lh.branchSnapshot(ONE, first).orElseThrow();
    long twoFirst = lh.branchSnapshot(TWO, first).orElseThrow();
    assertEquals(Optional.of("candidate"), status(lh, first), "the build is one candidate");
    assertEquals(1, lh.readRef(ONE, first).first().getInt(1));
    assertEquals(-1, lh.currentSnapshot(ONE), "main untouched until an approval");

    // The second build changes table one (value 2) but table two fails its gate (fewer than 10
    // rows): table one was built and gated, but nothing of the product stays.
    Thread.sleep(1100); // run ids have second resolution
    StepGraph failing =
        StepGraph.of(
            specs(10), List.of(new Gold(ONE, List.of(), 3, 2), new Gold(TWO, List.of(ONE), 3, 2)));
    Pipeline p =
        new Pipeline(
            lh, specs(10), failing, new Console(new PrintStream(new ByteArrayOutputStream())));
    String run = RunIds.next(Instant.now());
    assertThrows(QualityGateException.class, () -> p.build(failing.ordered(), run));
    p.recordSteps();
    String second = "candidate_" + run;
    // Table one's build stays on the failed build's branch, for `factory run --resume`; table
    // two, whose gate failed, has nothing there.
    assertTrue(lh.branchSnapshot(ONE, second).isPresent(), "kept for a resume");
    assertTrue(lh.branchSnapshot(TWO, second).isEmpty(), "a table that failed its gate: nothing");
    assertEquals(
        Optional.of("gates_failed"), status(lh, second), "recorded, and cannot be approved");
    assertEquals(
        Optional.of(oneFirst), lh.branchSnapshot(ONE, first), "the earlier candidate stands");
    assertEquals(Optional.of(twoFirst), lh.branchSnapshot(TWO, first));
    assertEquals(-1, lh.currentSnapshot(ONE));

    // With the gate passing, both tables move together onto a new candidate.
    Thread.sleep(1100);
    String third =
        "candidate_"
            + build(
                lh,
                specs(1),
                List.of(new Gold(ONE, List.of(), 3, 2), new Gold(TWO, List.of(ONE), 3, 2)));
    assertEquals(2, lh.readRef(ONE, third).first().getInt(1));
    assertEquals(2, lh.readRef(TWO, third).first().getInt(1));
  }
}
