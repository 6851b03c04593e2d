package org.dataelements.factory.lineage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import scala.collection.JavaConverters;

/**
 * Column lineage read from Spark's analyzed plan: which columns of the step's input tables each
 * output column was computed from. The inputs' own columns are the roots (a step builds its outputs
 * on the datasets the runner read, so their attribute ids survive into the output's plan); every
 * alias, aggregate, window, union and generator in between is followed to them. Where a step leaves
 * Spark's plan (rows collected and rebuilt in Java, an RDD), a column reaches no root and has no
 * lineage here: the step declares it instead.
 */
public final class PlanColumnLineage {
  private PlanColumnLineage() {}

  /**
   * For each output column, the input columns it was computed from (empty when the plan loses
   * them). {@code inputs} maps a dataset's name to the dataset the step read.
   */
  public static Map<String, Set<LineageDataset.ColumnSource>> derive(
      Dataset<Row> output, Map<String, Dataset<Row>> inputs, String namespace) {
    return read(output, inputs, namespace).columns();
  }

  /**
   * The plan's column lineage: for each output column its input columns, and which columns passed
   * through an opaque step (Java code over whole rows: a typed map, {@code flatMapGroups}), where
   * the plan only says "computed from everything that went in".
   */
  public record Lineage(Map<String, Set<LineageDataset.ColumnSource>> columns, Set<String> opaque) {
    public Lineage {
      columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
      opaque = Set.copyOf(opaque);
    }
  }

  /** The plan's column lineage, with the columns an opaque step computed marked. */
  public static Lineage read(
      Dataset<Row> output, Map<String, Dataset<Row>> inputs, String namespace) {
    Map<ExprId, Set<LineageDataset.ColumnSource>> deps = new HashMap<>();
    for (var in : inputs.entrySet()) {
      for (Attribute a : attributes(in.getValue().queryExecution().analyzed().output())) {
        deps.put(
            a.exprId(),
            new LinkedHashSet<>(
                List.of(new LineageDataset.ColumnSource(namespace, in.getKey(), a.name()))));
      }
    }
    LogicalPlan plan = output.queryExecution().analyzed();
    Set<ExprId> opaque = new java.util.HashSet<>();
    visit(plan, deps, opaque, new IdentityHashMap<>());
    Map<String, Set<LineageDataset.ColumnSource>> out = new LinkedHashMap<>();
    Set<String> opaqueColumns = new java.util.TreeSet<>();
    for (Attribute a : attributes(plan.output())) {
      out.put(a.name(), deps.getOrDefault(a.exprId(), Set.of()));
      if (opaque.contains(a.exprId())) {
        opaqueColumns.add(a.name());
      }
    }
    return new Lineage(out, opaqueColumns);
  }

  private static void visit(
      LogicalPlan node,
      Map<ExprId, Set<LineageDataset.ColumnSource>> deps,
      Set<ExprId> opaque,
      IdentityHashMap<LogicalPlan, Boolean> seen) {
    if (seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    List<LogicalPlan> children = JavaConverters.seqAsJavaList(node.children());
    for (LogicalPlan child : children) {
      visit(child, deps, opaque, seen);
    }
    if (node instanceof Union) {
      List<Attribute> out = attributes(node.output());
      for (LogicalPlan child : children) {
        List<Attribute> co = attributes(child.output());
        for (int i = 0; i < out.size() && i < co.size(); i++) {
          deps.computeIfAbsent(out.get(i).exprId(), k -> new LinkedHashSet<>())
              .addAll(deps.getOrDefault(co.get(i).exprId(), Set.of()));
          if (opaque.contains(co.get(i).exprId())) {
            opaque.add(out.get(i).exprId());
          }
        }
      }
      return;
    }
    Map<ExprId, Alias> aliases = new HashMap<>();
    for (Expression e : JavaConverters.seqAsJavaList(node.expressions())) {
      collectAliases(e, aliases);
    }
    Set<LineageDataset.ColumnSource> fromReferences = null;
    for (Attribute a : attributes(node.output())) {
      if (deps.containsKey(a.exprId())) {
        continue; // passed through from a child
      }
      Alias alias = aliases.get(a.exprId());
      if (alias != null && !bound(alias.child())) {
        deps.put(a.exprId(), sources(alias.child().references().toSeq(), deps));
        for (Attribute r : JavaConverters.seqAsJavaList(alias.child().references().toSeq())) {
          if (opaque.contains(r.exprId())) {
            opaque.add(a.exprId());
          }
        }
      } else {
        // Generators, object (de)serialisers, leaves the runner did not read: what the node
        // reads is what this column can come from (empty for a leaf).
        if (fromReferences == null) {
          fromReferences = sources(node.references().toSeq(), deps);
        }
        deps.put(a.exprId(), fromReferences);
        if (!fromReferences.isEmpty()
            && !(node instanceof org.apache.spark.sql.catalyst.plans.logical.Generate)) {
          opaque.add(a.exprId());
        }
      }
    }
  }

  private static Set<LineageDataset.ColumnSource> sources(
      scala.collection.Seq<Attribute> refs, Map<ExprId, Set<LineageDataset.ColumnSource>> deps) {
    Set<LineageDataset.ColumnSource> s = new LinkedHashSet<>();
    for (Attribute r : JavaConverters.seqAsJavaList(refs)) {
      s.addAll(deps.getOrDefault(r.exprId(), Set.of()));
    }
    return s;
  }

  /** An object serialiser's expression reads its input by position, not by attribute. */
  private static boolean bound(Expression e) {
    if (e instanceof org.apache.spark.sql.catalyst.expressions.BoundReference) {
      return true;
    }
    for (Expression c : JavaConverters.seqAsJavaList(e.children())) {
      if (bound(c)) {
        return true;
      }
    }
    return false;
  }

  private static void collectAliases(Expression e, Map<ExprId, Alias> into) {
    if (e instanceof Alias a) {
      into.put(a.exprId(), a);
    }
    for (Expression c : JavaConverters.seqAsJavaList(e.children())) {
      collectAliases(c, into);
    }
  }

  private static List<Attribute> attributes(scala.collection.Seq<Attribute> seq) {
    return new ArrayList<>(JavaConverters.seqAsJavaList(seq));
  }
}
