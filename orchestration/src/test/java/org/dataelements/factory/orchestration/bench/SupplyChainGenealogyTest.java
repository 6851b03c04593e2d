package org.dataelements.factory.orchestration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The benchmark's generated genealogy: deterministic, farm-to-shelf shaped, sized by events. */
class SupplyChainGenealogyTest {
  private static List<Row> edges(SupplyChainGenealogy g, long runs) {
    List<Row> all = new ArrayList<>();
    LongStream.range(0, runs).forEach(r -> all.addAll(g.edges(r)));
    return all;
  }

  @Test
  void theSameSeedGivesTheSameEdgesAndAnotherSeedOthers() {
    assertEquals(
        edges(new SupplyChainGenealogy(42), 300), edges(new SupplyChainGenealogy(42), 300));
    assertNotEquals(
        edges(new SupplyChainGenealogy(42), 300), edges(new SupplyChainGenealogy(7), 300));
  }

  @Test
  void aSizeIsTheFewestRunsReachingTheEventsWithTheirEdgeCount() {
    SupplyChainGenealogy g = new SupplyChainGenealogy(42);
    SupplyChainGenealogy.Size s = g.forEvents(100_000);
    long events = LongStream.range(0, s.runs()).map(g::events).sum();
    assertEquals(events, s.events());
    assertTrue(
        s.events() >= 100_000 && s.events() - g.events(s.runs() - 1) < 100_000, s.toString());
    assertEquals(edges(g, s.runs()).size(), s.edges());
    // about 26 events and 39 edges a run: 1.5 edges per event, as the class documents
    double perEvent = s.edges() / (double) s.events();
    assertTrue(perEvent > 1.35 && perEvent < 1.65, "edges per event " + perEvent);
    double eventsPerRun = s.events() / (double) s.runs();
    assertTrue(eventsPerRun > 22 && eventsPerRun < 30, "events per run " + eventsPerRun);
  }

  @Test
  void aLotTouchesThreeToSixEdgesAndEveryEdgeTypeOccurs() {
    List<Row> all = edges(new SupplyChainGenealogy(42), 2_000);
    Set<String> lots = new HashSet<>();
    Set<String> types = new HashSet<>();
    for (Row e : all) {
      lots.add(e.getString(0));
      lots.add(e.getString(1));
      types.add(e.getString(2));
    }
    double touching = 2.0 * all.size() / lots.size();
    assertTrue(touching >= 3 && touching <= 6, "edges per lot " + touching);
    assertEquals(Set.of("aggregation", "transformation", "shipment"), types);
  }

  @Test
  void aRunBlendsItsInputsIntoEachProductLotPacksCasesAndReaggregatesThem() {
    SupplyChainGenealogy g = new SupplyChainGenealogy(42);
    long r =
        LongStream.range(1, 1_000).filter(x -> g.inputs(x).size() > 1).findFirst().orElseThrow();
    List<Row> run = g.edges(r);
    long transformations =
        run.stream().filter(e -> e.getString(2).equals("transformation")).count();
    assertEquals((long) g.inputs(r).size() * g.outputs(r), transformations);
    String lot = SupplyChainGenealogy.productLot(r, 0);
    String item = SupplyChainGenealogy.caseId(r, 0, 0);
    assertTrue(
        run.stream().anyMatch(e -> e.getString(0).equals(lot) && e.getString(1).equals(item)));
    // the case goes onto the run's pallet and onto a mixed pallet at the distribution centre
    assertEquals(
        Set.of(SupplyChainGenealogy.pallet(r), SupplyChainGenealogy.mixedPallet(r)),
        new HashSet<>(
            run.stream()
                .filter(e -> e.getString(0).equals(item))
                .map(e -> e.getString(1))
                .toList()));
  }

  @Test
  void aFewRunsRecordARelabellingCycle() {
    SupplyChainGenealogy g = new SupplyChainGenealogy(42);
    long r = LongStream.range(0, 100_000).filter(g::cyclic).findFirst().orElseThrow();
    assertTrue(
        g.edges(r).stream()
            .anyMatch(
                e ->
                    e.getString(0).equals(SupplyChainGenealogy.productLot(r, 0))
                        && e.getString(1).equals(SupplyChainGenealogy.farmLot(r, 0))));
    long cyclic = LongStream.range(0, 100_000).filter(g::cyclic).count();
    assertTrue(cyclic > 5 && cyclic < 60, "cyclic runs " + cyclic);
  }
}
