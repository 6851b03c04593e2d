package org.dataelements.factory.orchestration.airflow;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.orchestration.graph.StepGraph;

/**
 * One product's Airflow DAG as data, from the step graph: an {@code ingest} task for the sources
 * the product needs, a task per silver step, one task per product's gold unit (its gold steps build
 * one release candidate together), and the edges the steps' inputs and outputs give.
 */
record DagPlan(ProductSpec product, List<Task> tasks, Set<Edge> edges) {
  static final String INGEST = "ingest";

  DagPlan {
    requireNonNull(product, "product is null");
    tasks = List.copyOf(tasks);
    edges = Set.copyOf(new LinkedHashSet<>(edges));
  }

  /** A task: its Airflow task id, the factory step or unit it runs and the command's arguments. */
  record Task(String id, String unit, List<String> factoryArgs) {
    Task {
      requireNonNull(id, "id is null");
      requireNonNull(unit, "unit is null");
      factoryArgs = List.copyOf(factoryArgs);
    }
  }

  /** {@code upstream >> downstream}, as task ids. */
  record Edge(String upstream, String downstream) {}

  /**
   * The DAG of {@code product}; empty when no step builds it (a product declared but not built
   * yet).
   */
  static Optional<DagPlan> of(StepGraph graph, ProductSpec product) {
    List<Step> steps = graph.forProducts(List.of(product.name()));
    if (steps.stream().noneMatch(s -> StepGraph.product(s).isPresent())) {
      return Optional.empty();
    }
    Map<String, Task> units = new LinkedHashMap<>();
    List<SourceSpec> sources = graph.sourcesFor(steps);
    if (!sources.isEmpty()) {
      List<String> args = new ArrayList<>();
      args.add("ingest");
      sources.forEach(s -> args.add(s.name()));
      units.put(INGEST, new Task(INGEST, INGEST, args));
    }
    for (Step s : steps) {
      String unit = unit(s);
      units.computeIfAbsent(unit, u -> new Task(taskId(u), u, List.of("run", "--step", u)));
    }
    Set<Edge> edges = new LinkedHashSet<>();
    for (Step s : steps) {
      String to = units.get(unit(s)).id();
      for (TableId in : s.spec().inputTables()) {
        if (graph.isLanded(in)) {
          edges.add(new Edge(INGEST, to));
        }
        graph
            .producer(in)
            .map(DagPlan::unit)
            .map(u -> units.get(u).id())
            .filter(from -> !from.equals(to))
            .ifPresent(from -> edges.add(new Edge(from, to)));
      }
    }
    Set<String> ids = new LinkedHashSet<>();
    for (Task t : units.values()) {
      if (!ids.add(t.id())) {
        throw new IllegalStateException(
            "two tasks of " + product.name() + " share the id " + t.id());
      }
    }
    return Optional.of(new DagPlan(product, new ArrayList<>(units.values()), edges));
  }

  /** The factory unit a step runs in: its own name, or {@code gold:<product>} for a gold step. */
  static String unit(Step s) {
    return StepGraph.product(s).map(p -> "gold:" + p).orElse(s.spec().name());
  }

  /**
   * An Airflow task id (letters, digits, {@code _.-}) for a unit: {@code silver:power__meter_daily}
   * is {@code silver_power__meter_daily}.
   */
  static String taskId(String unit) {
    return unit.replaceAll("[^A-Za-z0-9_.-]", "_");
  }
}
