package org.dataelements.factory.orchestration.graph;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.Layer;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepEnvironment;
import org.dataelements.factory.core.StepProvider;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;

/**
 * The run as a graph: the steps every module declares (found through {@link StepProvider}), the
 * bronze tables the source specs land, and the products that own gold tables, checked and ordered
 * by their declared inputs and outputs. Two steps writing one table, a cycle, a product's upstream
 * table that nothing produces, a gold table no step builds (or built but not declared): each an
 * {@link InvalidSpecException}, all problems at once, before any Spark job.
 */
public final class StepGraph {
  private final List<Step> ordered;
  private final Map<TableId, Step> producers;
  private final Map<TableId, SourceSpec> bronze;
  private final Map<String, ProductSpec> products;

  private StepGraph(
      List<Step> ordered,
      Map<TableId, Step> producers,
      Map<TableId, SourceSpec> bronze,
      Map<String, ProductSpec> products) {
    this.ordered = List.copyOf(ordered);
    this.producers = Map.copyOf(producers);
    this.bronze = Map.copyOf(bronze);
    this.products = Map.copyOf(products);
  }

  /**
   * The graph of every step on the classpath's providers, for these specs.
   *
   * @throws InvalidSpecException listing every problem of the providers' specs and of the graph
   */
  public static StepGraph load(Specs specs) {
    return load(specs, StepEnvironment.none());
  }

  /**
   * The graph of every step on the classpath's providers, for these specs, with the secrets of this
   * process (asked for only when a step needs them).
   *
   * @throws InvalidSpecException listing every problem of the providers' specs and of the graph
   */
  public static StepGraph load(Specs specs, StepEnvironment environment) {
    List<String> problems = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    List<StepProvider> providers = new ArrayList<>();
    ServiceLoader.load(StepProvider.class, StepGraph.class.getClassLoader())
        .forEach(providers::add);
    providers.sort(Comparator.comparing(p -> p.getClass().getName()));
    for (StepProvider p : providers) {
      try {
        steps.addAll(p.steps(specs, environment));
      } catch (InvalidSpecException e) {
        problems.addAll(e.problems());
      }
    }
    return of(specs, steps, problems);
  }

  /** The graph of the given steps (tests, or a caller with its own steps). */
  public static StepGraph of(Specs specs, List<Step> steps) {
    return of(specs, steps, new ArrayList<>());
  }

  private static StepGraph of(Specs specs, List<Step> steps, List<String> problems) {
    requireNonNull(specs, "specs is null");
    Map<TableId, SourceSpec> bronze = new LinkedHashMap<>();
    for (SourceSpec s : specs.sources()) {
      for (ObjectSpec o : s.objects()) {
        bronze.put(s.bronzeTable(o), s);
      }
    }
    Map<String, ProductSpec> products = new LinkedHashMap<>();
    specs.products().forEach(p -> products.put(p.name(), p));
    Map<TableId, Step> producers = new LinkedHashMap<>();
    for (Step step : steps) {
      StepSpec spec = step.spec();
      Set<String> owners = new TreeSet<>();
      for (TableId out : spec.outputs()) {
        Step other = producers.putIfAbsent(out, step);
        if (other != null) {
          problems.add(
              "steps "
                  + other.spec().name()
                  + " and "
                  + spec.name()
                  + " both write "
                  + out.sqlName()
                  + "; a table has one step that builds it");
        }
        if (bronze.containsKey(out)) {
          problems.add(
              "step "
                  + spec.name()
                  + " writes "
                  + out.sqlName()
                  + ", which source '"
                  + bronze.get(out).name()
                  + "' lands; bronze tables are written by ingest only");
        }
        if (out.layer() == Layer.GOLD) {
          owners.add(out.namespace());
          ProductSpec product = products.get(out.namespace());
          if (product == null) {
            problems.add(
                "step "
                    + spec.name()
                    + " writes "
                    + out.sqlName()
                    + " but no conf/products/"
                    + out.namespace()
                    + ".yaml declares that product");
          } else if (product.table(out.entity()).isEmpty()) {
            problems.add(
                product.origin()
                    + ": tables: step "
                    + spec.name()
                    + " writes "
                    + out.sqlName()
                    + ", which the product does not declare; add it under tables:");
          }
        }
      }
      if (owners.size() > 1) {
        problems.add(
            "step "
                + spec.name()
                + " writes gold tables of several products "
                + owners
                + "; a step belongs to one product");
      }
    }
    for (ProductSpec p : products.values()) {
      boolean built =
          producers.keySet().stream()
              .anyMatch(t -> t.layer() == Layer.GOLD && t.namespace().equals(p.name()));
      if (!built) {
        continue; // a product no module builds yet: declared, nothing to run
      }
      for (TableId t : p.tableIds()) {
        if (!producers.containsKey(t)) {
          problems.add(
              p.origin()
                  + ": tables: "
                  + t.entity()
                  + " is declared but no step builds "
                  + t.sqlName());
        }
      }
      for (TableId up : p.upstream()) {
        if (!producers.containsKey(up) && !bronze.containsKey(up)) {
          problems.add(
              p.origin()
                  + ": upstream: "
                  + up.sqlName()
                  + " is produced by no step and landed by no source; known tables: "
                  + nearby(up, producers.keySet(), bronze.keySet()));
        }
      }
    }
    List<Step> ordered = order(steps, producers, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return new StepGraph(ordered, producers, bronze, products);
  }

  private static String nearby(TableId wanted, Set<TableId> built, Set<TableId> landed) {
    List<String> same = new ArrayList<>();
    for (TableId t : concat(built, landed)) {
      if (t.layer() == wanted.layer() && !t.sqlName().endsWith("__quarantine")) {
        same.add(t.sqlName());
      }
    }
    return same.isEmpty()
        ? "none in layer " + wanted.layer().label()
        : String.join(", ", new TreeSet<>(same));
  }

  private static List<TableId> concat(Set<TableId> a, Set<TableId> b) {
    List<TableId> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * Kahn's order: a step after the steps that write its inputs; among ready steps, silver before
   * gold and one product's steps together (so a product is built, gated and committed as a unit),
   * then the order the providers declared them in.
   */
  private static List<Step> order(
      List<Step> steps, Map<TableId, Step> producers, List<String> problems) {
    Map<Step, Set<Step>> after = new LinkedHashMap<>();
    Map<Step, Integer> waiting = new HashMap<>();
    for (Step s : steps) {
      after.putIfAbsent(s, new LinkedHashSet<>());
      waiting.putIfAbsent(s, 0);
    }
    for (Step s : steps) {
      Set<Step> before = new LinkedHashSet<>();
      for (TableId in : s.spec().inputTables()) {
        Step p = producers.get(in);
        if (p != null && p != s) {
          before.add(p);
        } else if (p == s) {
          problems.add(
              "step " + s.spec().name() + " reads " + in.sqlName() + ", which it writes itself");
        }
      }
      for (Step p : before) {
        after.get(p).add(s);
      }
      waiting.put(s, before.size());
    }
    Map<Step, Integer> declared = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      declared.put(steps.get(i), i);
    }
    PriorityQueue<Step> ready =
        new PriorityQueue<>(
            Comparator.comparing((Step s) -> rank(s))
                .thenComparing(s -> product(s).orElse(""))
                .thenComparing(declared::get));
    steps.stream().filter(s -> waiting.get(s) == 0).forEach(ready::add);
    List<Step> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      Step s = ready.poll();
      out.add(s);
      for (Step next : after.get(s)) {
        if (waiting.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    if (out.size() < steps.size()) {
      List<String> stuck =
          steps.stream().filter(s -> !out.contains(s)).map(s -> s.spec().name()).toList();
      problems.add(
          "the steps "
              + String.join(", ", stuck)
              + " form a cycle: "
              + cycle(steps, producers, out));
    }
    return out;
  }

  private static String cycle(List<Step> steps, Map<TableId, Step> producers, List<Step> done) {
    List<String> edges = new ArrayList<>();
    for (Step s : steps) {
      if (done.contains(s)) {
        continue;
      }
      for (TableId in : s.spec().inputTables()) {
        Step p = producers.get(in);
        if (p != null && !done.contains(p)) {
          edges.add(p.spec().name() + " → " + in.sqlName() + " → " + s.spec().name());
        }
      }
    }
    return String.join("; ", edges);
  }

  private static int rank(Step s) {
    return s.spec().outputs().stream().mapToInt(t -> t.layer().ordinal()).max().orElse(0);
  }

  /** The product a step belongs to: the namespace of its gold outputs. */
  public static Optional<String> product(Step s) {
    return s.spec().outputs().stream()
        .filter(t -> t.layer() == Layer.GOLD)
        .map(TableId::namespace)
        .findFirst();
  }

  /**
   * Why a step cannot run, given which tables are there (or will be, earlier in the run): a
   * required input is absent, or the step has only optional inputs and none of them is there.
   *
   * @param absent how to say that a required input is absent (e.g. "has not landed")
   */
  public static Optional<String> missingInputs(
      StepSpec spec,
      java.util.function.Predicate<TableId> present,
      java.util.function.Function<TableId, String> absent) {
    List<StepSpec.Input> required =
        spec.inputs().stream().filter(StepSpec.Input::required).toList();
    for (StepSpec.Input in : required) {
      if (!present.test(in.table())) {
        return Optional.of("no input: " + in.table().sqlName() + " " + absent.apply(in.table()));
      }
    }
    if (required.isEmpty()
        && !spec.inputs().isEmpty()
        && spec.inputs().stream().noneMatch(in -> present.test(in.table()))) {
      return Optional.of(
          "none of its inputs exists: "
              + String.join(", ", spec.inputs().stream().map(in -> in.table().sqlName()).toList()));
    }
    return Optional.empty();
  }

  /** Every step, in an order where each comes after the steps that write its inputs. */
  public List<Step> ordered() {
    return ordered;
  }

  /**
   * The steps the given products need (their own and, transitively, those writing their inputs), in
   * order; all steps when {@code products} is empty.
   */
  public List<Step> forProducts(List<String> wanted) {
    if (wanted.isEmpty()) {
      return ordered;
    }
    Set<Step> needed = new LinkedHashSet<>();
    Deque<Step> todo = new ArrayDeque<>();
    for (Step s : ordered) {
      if (product(s).filter(wanted::contains).isPresent()) {
        todo.add(s);
      }
    }
    while (!todo.isEmpty()) {
      Step s = todo.poll();
      if (needed.add(s)) {
        for (TableId in : s.spec().inputTables()) {
          Step p = producers.get(in);
          if (p != null) {
            todo.add(p);
          }
        }
      }
    }
    return ordered.stream().filter(needed::contains).toList();
  }

  /**
   * The sources whose bronze tables the given steps read, directly or through bronze inputs of
   * their upstream steps (for {@code --product}: land only what the product needs).
   */
  public List<SourceSpec> sourcesFor(List<Step> steps) {
    Set<SourceSpec> out = new LinkedHashSet<>();
    for (Step s : steps) {
      for (TableId in : s.spec().inputTables()) {
        SourceSpec src = bronze.get(in);
        if (src != null) {
          out.add(src);
        }
      }
    }
    return List.copyOf(out);
  }

  /** The step that writes a table, if any. */
  public Optional<Step> producer(TableId table) {
    return Optional.ofNullable(producers.get(table));
  }

  /** True when ingest lands the table (a source spec declares its object). */
  public boolean isLanded(TableId table) {
    return bronze.containsKey(table);
  }

  /** The product spec that owns a gold table's namespace. */
  public Optional<ProductSpec> productSpec(String name) {
    return Optional.ofNullable(products.get(name));
  }
}
