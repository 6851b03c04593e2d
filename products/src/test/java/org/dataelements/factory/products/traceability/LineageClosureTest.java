package org.dataelements.factory.products.traceability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.products.traceability.GenealogyOracle.CycleEdge;
import org.dataelements.factory.products.traceability.GenealogyOracle.Edge;
import org.dataelements.factory.products.traceability.GenealogyOracle.Pair;
import org.dataelements.factory.products.traceability.LineageClosure.Options;
import org.dataelements.factory.products.traceability.LineageClosure.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class LineageClosureTest {
  private static final StructType EDGES =
      new StructType()
          .add("edge_id", DataTypes.StringType)
          .add("from_id", DataTypes.StringType)
          .add("to_id", DataTypes.StringType)
          .add("edge_type", DataTypes.StringType)
          .add("event_time", DataTypes.TimestampType);

  private static final String AGG = "aggregation";
  private static final String TRANS = "transformation";
  private static final String ASSOC = "association";
  private static final String SHIP = "shipment";

  private static Timestamp t(int day) {
    return Timestamp.valueOf(String.format("2024-03-%02d 08:00:00", day));
  }

  private static Edge e(String from, String to, String type, int day) {
    return new Edge(from, to, type, t(day));
  }

  private static Dataset<Row> edges(SparkSession spark, List<Edge> edges) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < edges.size(); i++) {
      Edge e = edges.get(i);
      rows.add(RowFactory.create("e" + i, e.from(), e.to(), e.type(), e.time()));
    }
    return spark.createDataFrame(rows, EDGES);
  }

  private static List<Pair> pairs(Result r) {
    return r.pairs().collectAsList().stream()
        .map(
            row ->
                new Pair(
                    row.getAs(LineageClosure.UPSTREAM_ID),
                    row.getAs(LineageClosure.DOWNSTREAM_ID),
                    row.<Integer>getAs(LineageClosure.DEPTH),
                    row.getAs(LineageClosure.VIA),
                    row.getAs(LineageClosure.FIRST_EVENT_TIME),
                    row.getAs(LineageClosure.LAST_EVENT_TIME)))
        .sorted(Comparator.comparing(Pair::up).thenComparing(Pair::down))
        .toList();
  }

  private static List<CycleEdge> cycles(Result r) {
    return r.cycleEdges().collectAsList().stream()
        .map(
            row ->
                new CycleEdge(
                    row.getAs("from_id"),
                    row.getAs("to_id"),
                    row.getAs("edge_type"),
                    row.getAs("event_time"),
                    row.getList(row.fieldIndex(LineageClosure.CYCLE_LOT_IDS))))
        .sorted(
            Comparator.comparing(CycleEdge::from)
                .thenComparing(CycleEdge::to)
                .thenComparing(CycleEdge::type)
                .thenComparing(CycleEdge::time))
        .toList();
  }

  /** The closure of {@code edges}, checked row by row against the oracle; returns the result. */
  private static Result checked(SparkSession spark, List<Edge> edges, Options options) {
    Result r = LineageClosure.compute(edges(spark, edges), options);
    List<Pair> expected = GenealogyOracle.closure(edges);
    List<Pair> actual = pairs(r);
    assertEquals(expected.size(), r.pairCount(), "pair count");
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      assertEquals(
          i < expected.size() ? expected.get(i) : null,
          i < actual.size() ? actual.get(i) : null,
          "pair " + i + " of " + expected.size());
    }
    assertEquals(GenealogyOracle.cycleEdges(edges), cycles(r), "cycle edges");
    int deepest = expected.stream().mapToInt(Pair::depth).max().orElse(0);
    assertEquals(deepest, r.rounds(), "rounds = the deepest pair's depth");
    return r;
  }

  @Test
  void diamondGivesEachPairOnceAndTheViaAndTimesOfTheChosenPathWorkedOutByHand(SparkSession spark) {
    // farm lot a, washed into b (aggregation, day 1) and cut into c (transformation, day 2);
    // both blended into d: b→d transformation on day 9, c→d aggregation on day 4.
    List<Edge> diamond =
        List.of(
            e("a", "b", AGG, 1), e("a", "c", TRANS, 2), e("b", "d", TRANS, 9), e("c", "d", AGG, 4));
    Result r = LineageClosure.compute(edges(spark, diamond));
    // a→d at depth 2: via b "aggregation>transformation" [1, 9] beats via c
    // "transformation>aggregation" [2, 4] on the types, though c's times are tighter.
    List<String> expected =
        List.of(
            "a|b|downstream|1|aggregation|2024-03-01 08:00:00.0|2024-03-01 08:00:00.0",
            "a|c|downstream|1|transformation|2024-03-02 08:00:00.0|2024-03-02 08:00:00.0",
            "a|d|downstream|2|aggregation>transformation|2024-03-01 08:00:00.0"
                + "|2024-03-09 08:00:00.0",
            "b|a|upstream|1|aggregation|2024-03-01 08:00:00.0|2024-03-01 08:00:00.0",
            "b|d|downstream|1|transformation|2024-03-09 08:00:00.0|2024-03-09 08:00:00.0",
            "c|a|upstream|1|transformation|2024-03-02 08:00:00.0|2024-03-02 08:00:00.0",
            "c|d|downstream|1|aggregation|2024-03-04 08:00:00.0|2024-03-04 08:00:00.0",
            "d|a|upstream|2|aggregation>transformation|2024-03-01 08:00:00.0"
                + "|2024-03-09 08:00:00.0",
            "d|b|upstream|1|transformation|2024-03-09 08:00:00.0|2024-03-09 08:00:00.0",
            "d|c|upstream|1|aggregation|2024-03-04 08:00:00.0|2024-03-04 08:00:00.0");
    Dataset<Row> lineage = r.lineage();
    assertEquals(LineageClosure.LINEAGE_COLUMNS, List.of(lineage.columns()));
    assertEquals(DataTypes.IntegerType, lineage.schema().apply("depth").dataType());
    assertEquals(DataTypes.TimestampType, lineage.schema().apply("first_event_time").dataType());
    List<String> actual =
        lineage.collectAsList().stream()
            .map(row -> IntStream.range(0, 7).mapToObj(i -> String.valueOf(row.get(i))))
            .map(s -> s.collect(Collectors.joining("|")))
            .sorted()
            .toList();
    assertEquals(expected, actual);
    assertEquals(5, r.pairCount());
    assertEquals(2, r.rounds());
    assertTrue(r.cycleEdges().isEmpty());
  }

  @Test
  void theSameTypesOnTwoShortestPathsAreDecidedByTheEarlierTimesFromTheUpstreamEnd(
      SparkSession spark) {
    // a→x→d on days 5, 1 and a→y→d on days 3, 9: the times [3, 9] come before [5, 1].
    Result r =
        checked(
            spark,
            List.of(
                e("a", "x", AGG, 5), e("x", "d", AGG, 1), e("a", "y", AGG, 3), e("y", "d", AGG, 9)),
            Options.DEFAULTS);
    Pair ad =
        pairs(r).stream()
            .filter(p -> p.up().equals("a") && p.down().equals("d"))
            .findFirst()
            .orElseThrow();
    assertEquals(new Pair("a", "d", 2, "aggregation>aggregation", t(3), t(9)), ad);
  }

  @Test
  void aPairReachedOverPathsOfDifferentLengthsKeepsTheShortest(SparkSession spark) {
    Result r =
        checked(
            spark,
            List.of(
                e("a", "b", TRANS, 1),
                e("b", "c", AGG, 2),
                e("c", "d", AGG, 3),
                e("a", "d", ASSOC, 7),
                e("b", "d", TRANS, 8)),
            Options.DEFAULTS);
    List<Pair> pairs = pairs(r);
    assertTrue(pairs.contains(new Pair("a", "d", 1, ASSOC, t(7), t(7))), pairs.toString());
    assertTrue(pairs.contains(new Pair("b", "d", 1, TRANS, t(8), t(8))), pairs.toString());
    assertTrue(
        pairs.contains(new Pair("a", "c", 2, "transformation>aggregation", t(1), t(2))),
        pairs.toString());
    assertEquals(6, r.pairCount());
  }

  @Test
  void fanInBlendingRelatesEveryInputToEveryOutputAndWhatTheyArePackedInto(SparkSession spark) {
    List<Edge> blend = new ArrayList<>();
    for (String farm : List.of("farm1", "farm2", "farm3")) {
      blend.add(e(farm, "mix", TRANS, 2));
      blend.add(e(farm, "mix2", TRANS, 2));
    }
    blend.add(e("mix", "case1", AGG, 3));
    blend.add(e("mix", "case2", AGG, 3));
    blend.add(e("mix2", "case2", AGG, 3));
    blend.add(e("case1", "pallet", AGG, 4));
    blend.add(e("case2", "pallet", AGG, 5));
    blend.add(e("pallet", "pallet", SHIP, 6));
    Result r = checked(spark, blend, Options.DEFAULTS);
    List<Pair> pairs = pairs(r);
    for (String farm : List.of("farm1", "farm2", "farm3")) {
      assertTrue(
          pairs.contains(
              new Pair(farm, "pallet", 3, "transformation>aggregation>aggregation", t(2), t(4))),
          pairs.toString());
    }
    // 3 farms × (mix, mix2, case1, case2, pallet) + mix × 3 + mix2 × 2 + case1, case2 → pallet
    assertEquals(15 + 3 + 2 + 2, r.pairCount());
  }

  @Test
  void aCycleTerminatesWithoutSelfPairsAndNamesItsEdgesAndLots(SparkSession spark) {
    List<Edge> cyclic =
        List.of(
            e("a", "b", TRANS, 1),
            e("b", "c", TRANS, 2),
            e("c", "a", TRANS, 3),
            e("d", "a", AGG, 1),
            e("c", "e", AGG, 4));
    Result r = checked(spark, cyclic, Options.DEFAULTS);
    assertTrue(pairs(r).stream().noneMatch(p -> p.up().equals(p.down())));
    assertEquals(
        List.of(
            new CycleEdge("a", "b", TRANS, t(1), List.of("a", "b", "c")),
            new CycleEdge("b", "c", TRANS, t(2), List.of("a", "b", "c")),
            new CycleEdge("c", "a", TRANS, t(3), List.of("a", "b", "c"))),
        cycles(r));
    // the cycle edges keep every input column, for the quarantine
    assertEquals(
        List.of("edge_id", "from_id", "to_id", "edge_type", "event_time", "cycle_lot_ids"),
        List.of(r.cycleEdges().columns()));
    // a, b, c to each other (6) and to e (3); d to a, b, c, e (4)
    assertEquals(13, r.pairCount());
  }

  @Test
  void selfEdgesAddNoPairAndOnlyThoseThatAreNoShipmentAreCycles(SparkSession spark) {
    Result r =
        checked(
            spark,
            List.of(e("a", "a", SHIP, 1), e("b", "b", AGG, 2), e("a", "b", AGG, 3)),
            Options.DEFAULTS);
    assertEquals(List.of(new Pair("a", "b", 1, AGG, t(3), t(3))), pairs(r));
    assertEquals(List.of(new CycleEdge("b", "b", AGG, t(2), List.of("b"))), cycles(r));
  }

  @Test
  void duplicateEdgesBetweenTwoLotsCountOnceWithTheSmallestTypeThenTheEarliestTime(
      SparkSession spark) {
    Result r =
        checked(
            spark,
            List.of(
                e("a", "b", TRANS, 1),
                e("a", "b", AGG, 3),
                e("a", "b", AGG, 2),
                e("a", "b", AGG, 2),
                e("b", "c", TRANS, 5)),
            Options.DEFAULTS);
    assertEquals(
        List.of(
            new Pair("a", "b", 1, AGG, t(2), t(2)),
            new Pair("a", "c", 2, "aggregation>transformation", t(2), t(5)),
            new Pair("b", "c", 1, TRANS, t(5), t(5))),
        pairs(r));
  }

  @Test
  void aChainOf150LotsIsClosedToDepth149(SparkSession spark) {
    List<Edge> chain = new ArrayList<>();
    for (int i = 0; i < 149; i++) {
      chain.add(
          e(
              String.format("lot%03d", i),
              String.format("lot%03d", i + 1),
              i % 2 == 0 ? TRANS : AGG,
              1 + i % 28));
    }
    Result r = checked(spark, chain, Options.DEFAULTS);
    assertEquals(150 * 149 / 2, r.pairCount());
    assertEquals(149, r.rounds());
    assertEquals(
        1L,
        r.pairs()
            .where("upstream_id = 'lot000' AND downstream_id = 'lot149' AND depth = 149")
            .count());
  }

  @Test
  void aGenealogyDeeperThanMaxDepthStopsWithTheBoundAndALotPair(SparkSession spark) {
    List<Edge> chain = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      chain.add(e("lot" + i, "lot" + (i + 1), TRANS, 1));
    }
    Dataset<Row> edges = edges(spark, chain);
    DataInputException error =
        assertThrows(
            DataInputException.class,
            () -> LineageClosure.compute(edges, Options.DEFAULTS.withMaxDepth(5)));
    assertTrue(error.getMessage().contains("deeper than max_depth 5"), error.getMessage());
    assertTrue(error.getMessage().contains("path of 6 edges"), error.getMessage());
    assertTrue(error.getMessage().contains("max_depth"), error.getMessage());
    // exactly at the bound is fine
    assertEquals(9, LineageClosure.compute(edges, Options.DEFAULTS.withMaxDepth(9)).rounds());
  }

  @Test
  void randomGenealogiesMatchThePlainJavaClosureRowByRow(SparkSession spark) {
    for (long seed = 1; seed <= 4; seed++) {
      checked(spark, random(seed, 24, 48, seed % 2 == 0), Options.DEFAULTS);
    }
  }

  @Test
  void partitionedEdgesAndReliableCheckpointsGiveTheSameClosure(
      SparkSession spark, @TempDir Path tmp) {
    List<Edge> edges = random(7, 20, 40, false);
    checked(spark, edges, Options.DEFAULTS.withBroadcastEdgesBelow(0));
    spark.sparkContext().setCheckpointDir(tmp.toUri().toString());
    checked(
        spark,
        edges,
        Options.DEFAULTS.withTruncation(LineageClosure.Truncation.RELIABLE_CHECKPOINT));
  }

  @Test
  void theResultDoesNotDependOnInputOrderOrPartitioning(SparkSession spark) {
    List<Edge> edges = random(11, 20, 50, true);
    List<Pair> first = pairs(LineageClosure.compute(edges(spark, edges)));
    List<Edge> shuffled = new ArrayList<>(edges);
    Collections.shuffle(shuffled, new Random(3));
    List<Pair> second = pairs(LineageClosure.compute(edges(spark, shuffled).repartition(5)));
    assertEquals(first, second);
  }

  @Test
  void noEdgesGiveNoPairsAndNoRounds(SparkSession spark) {
    Result r = LineageClosure.compute(edges(spark, List.of(e("a", "a", SHIP, 1))));
    assertEquals(0, r.pairCount());
    assertEquals(0, r.rounds());
    assertTrue(r.pairs().isEmpty());
    assertTrue(r.lineage().isEmpty());
  }

  @Test
  void edgesWithoutTheGenealogyColumnsAreRefusedWithWhatIsMissing(SparkSession spark) {
    Dataset<Row> wrong = edges(spark, List.of(e("a", "b", AGG, 1))).drop("edge_type");
    DataInputException error =
        assertThrows(DataInputException.class, () -> LineageClosure.compute(wrong));
    assertTrue(error.getMessage().contains("column edge_type is missing"), error.getMessage());
  }

  @Test
  void optionsOutOfRangeAreRefused() {
    InvalidSpecException error =
        assertThrows(InvalidSpecException.class, () -> Options.DEFAULTS.withMaxDepth(0));
    assertTrue(error.getMessage().contains("maxDepth '0'"), error.getMessage());
    assertEquals(1000, Options.DEFAULTS.maxDepth());
  }

  /**
   * A random genealogy over {@code lots} lots: a DAG (edges from lower to higher lot) or any
   * digraph (cycles likely), with duplicate edges, self edges and few distinct times, so that ties
   * on the via and on the times are common.
   */
  static List<Edge> random(long seed, int lots, int edges, boolean dag) {
    Random rnd = new Random(seed);
    List<String> types = List.of(AGG, TRANS, ASSOC, SHIP);
    List<Edge> out = new ArrayList<>();
    for (int i = 0; i < edges; i++) {
      int a = rnd.nextInt(lots);
      int b = rnd.nextInt(lots);
      if (dag && a > b) {
        int x = a;
        a = b;
        b = x;
      }
      if (a == b && rnd.nextInt(3) > 0) {
        b = (b + 1) % lots;
        if (dag && b < a) {
          continue;
        }
      }
      Edge edge =
          e(
              String.format("L%02d", a),
              String.format("L%02d", b),
              types.get(rnd.nextInt(4)),
              1 + rnd.nextInt(4));
      out.add(edge);
      if (rnd.nextInt(8) == 0) {
        out.add(e(edge.from(), edge.to(), types.get(rnd.nextInt(4)), 1 + rnd.nextInt(4)));
      }
    }
    return out;
  }
}
