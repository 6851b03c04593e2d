package org.dataelements.factory.products.traceability;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.ColumnRef;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;

/**
 * {@code lake.traceability.lot_lineage}: the transitive closure of {@code silver.trace__edges}
 * ({@link LineageClosure}), each pair in both directions at its shortest depth, sorted by lot so
 * that a trace of one lot reads one small slice of the table. Edges on a cycle go to the table's
 * quarantine with the lots of the cycle; the closure over the rest of the edges is unaffected.
 *
 * <p>Unlike other steps, the transform runs Spark jobs: a fixed point needs to know when a round
 * found nothing new. The rounds' results are checkpointed, so what the runner receives is a short
 * plan over materialized data, and a rerun computes the same rows.
 */
public final class LotLineage implements Step {
  static final String RULE_CYCLE = "transformation_cycle";

  private final int maxDepth;

  LotLineage(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "gold:traceability.lot_lineage",
        List.of(StepSpec.Input.required(TraceTables.EDGES)),
        List.of(),
        TraceTables.LOT_LINEAGE,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public String parameters() {
    return "max_depth=" + maxDepth;
  }

  /**
   * The closure's rounds are checkpointed, so the plan the runner sees starts from materialized
   * rows and knows no input column: what each column of {@code lot_lineage} comes from.
   */
  @Override
  public java.util.Map<TableId, java.util.Map<String, List<ColumnRef>>> declaredLineage() {
    ColumnRef from = ColumnRef.of(TraceTables.EDGES, "from_id");
    ColumnRef to = ColumnRef.of(TraceTables.EDGES, "to_id");
    ColumnRef type = ColumnRef.of(TraceTables.EDGES, "edge_type");
    ColumnRef time = ColumnRef.of(TraceTables.EDGES, "event_time");
    java.util.Map<String, List<ColumnRef>> columns = new java.util.LinkedHashMap<>();
    columns.put("lot_id", List.of(from, to));
    columns.put("related_lot_id", List.of(from, to));
    columns.put("direction", List.of(from, to));
    columns.put("depth", List.of(from, to));
    columns.put("via", List.of(type));
    columns.put("first_event_time", List.of(time));
    columns.put("last_event_time", List.of(time));
    return java.util.Map.of(TraceTables.LOT_LINEAGE, columns);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> edges = in.table(TraceTables.EDGES).orElseThrow();
    LineageClosure.Result r =
        LineageClosure.compute(
            edges.select("from_id", "to_id", "edge_type", "event_time", "event_key"),
            LineageClosure.Options.DEFAULTS.withMaxDepth(maxDepth));
    Dataset<Row> quarantine =
        r.cycleEdges()
            .select(
                col("from_id"),
                col("to_id"),
                col("edge_type"),
                col("event_key"),
                col("event_time"),
                lit(RULE_CYCLE).as("rule_id"),
                format_string(
                        "%s edge %s -> %s (event %s) lies on a cycle through %s: a lot cannot be"
                            + " made from itself",
                        col("edge_type"),
                        col("from_id"),
                        col("to_id"),
                        col("event_key"),
                        array_join(col("cycle_lot_ids"), ", "))
                    .as("reason"));
    return StepOutput.of(
        TraceTables.LOT_LINEAGE,
        r.lineage().sortWithinPartitions("lot_id", "direction", "depth"),
        quarantine);
  }
}
