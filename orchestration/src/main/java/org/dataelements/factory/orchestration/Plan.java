package org.dataelements.factory.orchestration;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.ingestion.Ingestor;
import org.dataelements.factory.orchestration.graph.Fingerprint;

/**
 * What a run would do and why, without doing it: ingest (the new or changed files), then every step
 * of the graph in order, {@code run} or {@code skip}, with the reason — new files, a changed spec,
 * code or reference file, a stale input, a missing input, or nothing changed. It reads table
 * versions and the ingest manifest only; no data.
 */
final class Plan {
  /** What a step would do. */
  enum Action {
    RUN,
    SKIP;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One line of the plan. */
  record Entry(
      String step, Action action, String reason, List<String> inputs, List<String> outputs) {
    Entry {
      requireNonNull(step, "step is null");
      requireNonNull(action, "action is null");
      requireNonNull(reason, "reason is null");
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
    }
  }

  private Plan() {}

  /** The plan of a run over these sources and steps (in graph order). */
  static List<Entry> of(
      Lakehouse lakehouse,
      StepRunner runner,
      List<SourceSpec> sources,
      LandingRoot root,
      List<Step> steps) {
    List<Entry> plan = new ArrayList<>();
    // Tables that the run would (re)write before a step reads them.
    Map<TableId, String> changing = new LinkedHashMap<>();
    Set<TableId> bronze = new TreeSet<>(java.util.Comparator.comparing(TableId::sqlName));
    sources.forEach(s -> s.objects().forEach(o -> bronze.add(s.bronzeTable(o))));
    List<String> bronzeNames = bronze.stream().map(TableId::sqlName).toList();
    if (root.isRemote()) {
      plan.add(
          new Entry(
              "ingest",
              Action.RUN,
              "a remote landing root ("
                  + root
                  + ") is compared with the manifest when it is staged",
              List.of(root.toString()),
              bronzeNames));
      bronze.forEach(t -> changing.put(t, "it may land new files"));
    } else {
      List<Ingestor.PendingFile> pending =
          new Ingestor(lakehouse, new OpsTables(lakehouse))
              .pending(sources, root.local().orElseThrow());
      Map<TableId, List<Ingestor.PendingFile>> byTable = new LinkedHashMap<>();
      pending.forEach(f -> byTable.computeIfAbsent(f.table(), k -> new ArrayList<>()).add(f));
      byTable.forEach((t, files) -> changing.put(t, describe(files)));
      plan.add(
          pending.isEmpty()
              ? new Entry(
                  "ingest",
                  Action.SKIP,
                  "no new or changed files under " + root,
                  List.of(root.toString()),
                  bronzeNames)
              : new Entry(
                  "ingest",
                  Action.RUN,
                  String.join(
                      "; ",
                      byTable.entrySet().stream()
                          .map(e -> e.getKey().sqlName() + ": " + describe(e.getValue()))
                          .toList()),
                  List.of(root.toString()),
                  byTable.keySet().stream().map(TableId::sqlName).toList()));
    }
    OpsTables ops = new OpsTables(lakehouse);
    Map<String, Optional<String>> openCandidates = new LinkedHashMap<>();
    for (Step step : steps) {
      StepSpec spec = step.spec();
      List<String> inputs = spec.inputTables().stream().map(TableId::sqlName).toList();
      List<String> outputs = spec.outputs().stream().map(TableId::sqlName).toList();
      Optional<String> missing = missing(spec, lakehouse, changing);
      if (missing.isPresent()) {
        plan.add(new Entry(spec.name(), Action.SKIP, missing.get(), inputs, outputs));
        continue;
      }
      List<String> why = new ArrayList<>();
      for (TableId in : spec.inputTables()) {
        if (changing.containsKey(in)) {
          why.add("stale input: " + in.sqlName() + " will change (" + changing.get(in) + ")");
        }
      }
      Optional<String> reused = Optional.empty();
      if (why.isEmpty()) {
        Fingerprint now = runner.fingerprint(step, new StepRunner.Refs("plan", Map.of()));
        why.addAll(runner.staleness(step, now));
        Optional<String> product =
            org.dataelements.factory.orchestration.graph.StepGraph.product(step);
        Optional<String> open =
            product.flatMap(p -> openCandidates.computeIfAbsent(p, x -> openCandidate(ops, x)));
        if (!why.isEmpty() && open.isPresent()) {
          Map<TableId, String> onCandidate = new LinkedHashMap<>();
          for (TableId in : spec.inputTables()) {
            if (in.layer() == org.dataelements.factory.core.Layer.GOLD
                && lakehouse.branchSnapshot(in, open.get()).isPresent()) {
              onCandidate.put(in, open.get());
            }
          }
          Fingerprint there =
              runner.fingerprint(step, new StepRunner.Refs("plan", onCandidate, open));
          if (runner.builtOn(step, there, open.get())) {
            why.clear();
            reused = open;
          }
        }
      }
      if (why.isEmpty() && reused.isPresent()) {
        plan.add(
            new Entry(
                spec.name(),
                Action.SKIP,
                "built from the same inputs on the open candidate "
                    + reused.get()
                    + " (awaiting approval)",
                inputs,
                outputs));
      } else if (why.isEmpty()) {
        plan.add(
            new Entry(
                spec.name(), Action.SKIP, "nothing changed since its last build", inputs, outputs));
      } else {
        spec.outputs().forEach(o -> changing.put(o, "rebuilt by " + spec.name()));
        plan.add(
            new Entry(
                spec.name(),
                Action.RUN,
                String.join("; ", new LinkedHashSet<>(why)),
                inputs,
                outputs));
      }
    }
    return plan;
  }

  /** The newest open candidate of a product (awaiting approval). */
  private static Optional<String> openCandidate(OpsTables ops, String product) {
    return ops.releases().stream()
        .filter(r -> r.product().equals(product) && r.status().equals("candidate"))
        .map(OpsTables.Release::candidate)
        .findFirst();
  }

  private static String describe(List<Ingestor.PendingFile> files) {
    long changed = files.stream().filter(Ingestor.PendingFile::changed).count();
    long fresh = files.size() - changed;
    List<String> parts = new ArrayList<>();
    if (fresh > 0) {
      parts.add(fresh + " new file(s)");
    }
    if (changed > 0) {
      parts.add(changed + " changed file(s)");
    }
    String first = files.get(0).path();
    return String.join(", ", parts) + ", e.g. " + first;
  }

  private static Optional<String> missing(
      StepSpec spec, Lakehouse lakehouse, Map<TableId, String> changing) {
    return org.dataelements.factory.orchestration.graph.StepGraph.missingInputs(
        spec,
        t -> changing.containsKey(t) || lakehouse.exists(t),
        t -> "does not exist and nothing builds it first");
  }
}
