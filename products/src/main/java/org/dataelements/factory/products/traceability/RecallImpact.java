package org.dataelements.factory.products.traceability;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;

/**
 * {@code lake.traceability.recall_impact}: per trigger — a failed inspection of a lot ({@code
 * failed_test}) or a recall notice naming lots ({@code recall_notice}) — the lot itself (depth 0)
 * and every lot downstream of it in {@code lot_lineage} (depth as there), each with its quantity
 * (from its certificate, else its commissioning event, else the largest quantity an event gives),
 * its last known location (the location of its latest event) and party (the destination of its
 * latest shipment, else of its latest event, else its farm). Recall notices that name no lot in a
 * recognizable form (most US notices describe codes in prose) give no rows.
 */
public final class RecallImpact implements Step {
  static final String FAILED_TEST = "failed_test";
  static final String RECALL_NOTICE = "recall_notice";

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "gold:traceability.recall_impact",
        List.of(
            StepSpec.Input.required(TraceTables.EVENTS),
            StepSpec.Input.required(TraceTables.EDGES),
            StepSpec.Input.required(TraceTables.LOT_LINEAGE),
            StepSpec.Input.optional(TraceTables.INSPECTIONS),
            StepSpec.Input.optional(TraceTables.RECALLS),
            StepSpec.Input.optional(TraceTables.CERTIFICATES),
            StepSpec.Input.optional(TraceTables.FARM_OPERATIONS)),
        List.of(),
        TraceTables.RECALL_IMPACT,
        StepSpec.WriteMode.REPLACE);
  }

  static final StructType RECALLS =
      new StructType()
          .add("recall_id", DataTypes.StringType)
          .add("lot_ids", DataTypes.createArrayType(DataTypes.StringType));

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> events = in.table(TraceTables.EVENTS).orElseThrow();
    SparkSession spark = events.sparkSession();
    Dataset<Row> inspections =
        in.table(TraceTables.INSPECTIONS)
            .orElseGet(() -> LotPassport.empty(spark, LotPassport.INSPECTIONS));
    Dataset<Row> recalls =
        in.table(TraceTables.RECALLS).orElseGet(() -> LotPassport.empty(spark, RECALLS));
    Dataset<Row> certificates =
        in.table(TraceTables.CERTIFICATES)
            .orElseGet(() -> LotPassport.empty(spark, LotPassport.CERTIFICATES));
    Dataset<Row> operations =
        in.table(TraceTables.FARM_OPERATIONS)
            .orElseGet(() -> LotPassport.empty(spark, LotPassport.OPERATIONS));
    return StepOutput.of(
        TraceTables.RECALL_IMPACT,
        impact(
            triggers(inspections, recalls),
            in.table(TraceTables.LOT_LINEAGE).orElseThrow(),
            events,
            in.table(TraceTables.EDGES).orElseThrow(),
            certificates,
            operations));
  }

  /** (trigger_id, trigger_kind, lot_id) of failed tests and of the lots recall notices name. */
  static Dataset<Row> triggers(Dataset<Row> inspections, Dataset<Row> recalls) {
    Dataset<Row> failed =
        inspections
            .where(col("result").equalTo("fail").and(col("lot_id").isNotNull()))
            .select(
                col("inspection_id").as("trigger_id"),
                lit(FAILED_TEST).as("trigger_kind"),
                col("lot_id"));
    Dataset<Row> named =
        recalls
            .where(col("lot_ids").isNotNull())
            .select(
                col("recall_id").as("trigger_id"),
                lit(RECALL_NOTICE).as("trigger_kind"),
                explode(col("lot_ids")).as("lot_id"))
            .where(col("lot_id").isNotNull());
    return failed.union(named).distinct();
  }

  static Dataset<Row> impact(
      Dataset<Row> triggers,
      Dataset<Row> lineage,
      Dataset<Row> events,
      Dataset<Row> edges,
      Dataset<Row> certificates,
      Dataset<Row> operations) {
    Dataset<Row> downstream =
        lineage
            .where(col("direction").equalTo("downstream"))
            .select(col("lot_id").as("t_lot"), col("related_lot_id").as("lot_id"), col("depth"));
    Dataset<Row> affected =
        triggers
            .select(col("trigger_id"), col("trigger_kind"), col("lot_id"), lit(0).as("depth"))
            .union(
                triggers
                    .join(downstream, triggers.col("lot_id").equalTo(downstream.col("t_lot")))
                    .select(
                        col("trigger_id"),
                        col("trigger_kind"),
                        downstream.col("lot_id"),
                        col("depth")))
            .groupBy("trigger_id", "trigger_kind", "lot_id")
            .agg(min("depth").as("depth"));

    Dataset<Row> ids = events.where(col("lot_id").isNotNull());
    Dataset<Row> certQty =
        certificates
            .where(col("lot_id").isNotNull().and(col("quantity").isNotNull()))
            .groupBy("lot_id")
            .agg(min_by(struct(col("quantity"), col("uom")), col("certificate_id")).as("cq"));
    Dataset<Row> eventQty =
        ids.where(col("quantity").isNotNull())
            .groupBy("lot_id")
            .agg(
                min_by(
                        struct(col("quantity"), col("uom")),
                        when(
                            col("event_type").equalTo("object").and(col("action").equalTo("ADD")),
                            col("event_time")))
                    .as("bq"),
                max_by(struct(col("quantity"), col("uom")), col("quantity")).as("mq"));
    Dataset<Row> lastSeen =
        ids.groupBy("lot_id")
            .agg(
                max_by(coalesce(col("biz_location"), col("read_point")), col("event_time"))
                    .as("location"),
                max_by(
                        col("destination_party"),
                        when(col("destination_party").isNotNull(), col("event_time")))
                    .as("event_party"));
    Dataset<Row> shipped =
        edges
            .where(col("edge_type").equalTo("shipment").and(col("party_to").isNotNull()))
            .groupBy(col("from_id").as("lot_id"))
            .agg(max_by(col("party_to"), col("event_time")).as("ship_party"));
    Dataset<Row> farms =
        operations
            .where(col("lot_id").isNotNull())
            .groupBy("lot_id")
            .agg(min("farm_id").as("farm_id"));
    return affected
        .join(certQty, "lot_id", "left")
        .join(eventQty, "lot_id", "left")
        .join(lastSeen, "lot_id", "left")
        .join(shipped, "lot_id", "left")
        .join(farms, "lot_id", "left")
        .select(
            col("trigger_id"),
            col("trigger_kind"),
            col("lot_id"),
            col("depth"),
            coalesce(col("cq.quantity"), col("bq.quantity"), col("mq.quantity")).as("quantity"),
            when(col("cq.quantity").isNotNull(), col("cq.uom"))
                .when(col("bq.quantity").isNotNull(), col("bq.uom"))
                .otherwise(col("mq.uom"))
                .as("uom"),
            col("location"),
            coalesce(col("ship_party"), col("event_party"), col("farm_id")).as("party"));
  }
}
