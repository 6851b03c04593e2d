package org.dataelements.factory.orchestration.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class StepGraphTest {
  static final TableId A = TableId.silver("d", "a");
  static final TableId B = TableId.silver("d", "b");
  static final TableId C = TableId.silver("d", "c");
  static final TableId G1 = TableId.gold("p", "one");
  static final TableId G2 = TableId.gold("p", "two");

  /** A step known by its declaration only (the graph never calls transform). */
  record Fake(String name, List<TableId> in, List<TableId> out) implements Step {
    @Override
    public StepSpec spec() {
      return new StepSpec(
          name,
          in.stream().map(StepSpec.Input::required).toList(),
          List.of(),
          out,
          StepSpec.WriteMode.REPLACE);
    }

    @Override
    public StepOutput transform(StepInputs inputs) {
      throw new UnsupportedOperationException("not run in graph tests");
    }
  }

  private static ProductSpec product(List<String> tables, List<TableId> upstream) {
    return new ProductSpec(
        "p",
        "o",
        "d",
        "l",
        upstream,
        tables.stream().map(t -> new TableSpec(t, "d", List.of(), List.of(), Map.of())).toList(),
        Map.of(),
        "conf/products/p.yaml");
  }

  private static Specs specs(ProductSpec... products) {
    return new Specs(List.of(), List.of(), List.of(products));
  }

  @Test
  void ordersStepsByTheirInputsWhateverTheOrderTheyAreDeclaredIn() {
    StepGraph g =
        StepGraph.of(
            specs(product(List.of("one"), List.of(B))),
            List.of(
                new Fake("gold", List.of(B), List.of(G1)),
                new Fake("second", List.of(A), List.of(B)),
                new Fake("first", List.of(), List.of(A))));
    assertEquals(
        List.of("first", "second", "gold"),
        g.ordered().stream().map(s -> s.spec().name()).toList());
  }

  @Test
  void runsOnlyWhatAProductNeeds() {
    StepGraph g =
        StepGraph.of(
            specs(product(List.of("one"), List.of())),
            List.of(
                new Fake("unrelated", List.of(), List.of(C)),
                new Fake("a", List.of(), List.of(A)),
                new Fake("gold", List.of(A), List.of(G1))));
    assertEquals(
        List.of("a", "gold"),
        g.forProducts(List.of("p")).stream().map(s -> s.spec().name()).toList());
    assertEquals(3, g.forProducts(List.of()).size());
  }

  @Test
  void twoStepsWritingOneTableACycleAndAnUnknownUpstreamAreReportedTogether() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                StepGraph.of(
                    specs(product(List.of("one"), List.of(TableId.silver("d", "nowhere")))),
                    List.of(
                        new Fake("x", List.of(B), List.of(A)),
                        new Fake("y", List.of(A), List.of(B)),
                        new Fake("z", List.of(), List.of(A, C)),
                        new Fake("gold", List.of(C), List.of(G1)))));
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("steps x and z both write silver.d__a"), all);
    assertTrue(all.contains("form a cycle") && all.contains("x") && all.contains("y"), all);
    assertTrue(
        all.contains("conf/products/p.yaml: upstream: silver.d__nowhere is produced by no step"),
        all);
    assertEquals(3, e.problems().size(), all);
  }

  @Test
  void aGoldTableMustBeDeclaredByItsProductAndEveryDeclaredTableBuilt() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                StepGraph.of(
                    specs(product(List.of("one", "three"), List.of())),
                    List.of(new Fake("gold", List.of(), List.of(G1, G2)))));
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("writes lake.p.two, which the product does not declare"), all);
    assertTrue(all.contains("tables: three is declared but no step builds lake.p.three"), all);
  }

  @Test
  void theFactorysOwnStepsFormAValidGraphFromTheRepositorysSpecs() {
    Specs specs = Specs.load(SparkTestSession.confDir());
    StepGraph g = StepGraph.load(specs);
    List<String> names = g.ordered().stream().map(s -> s.spec().name()).toList();
    assertTrue(
        names.indexOf("silver:power__consumption_monthly")
            < names.indexOf("gold:electricity_index.monthly_indices+methodology"),
        names.toString());
    assertTrue(
        names.indexOf("gold:electricity_index.monthly_indices+methodology")
            < names.indexOf("gold:electricity_index.validation"),
        names.toString());
    assertTrue(g.producer(TableId.gold("electricity_index", "methodology")).isPresent());
  }
}
