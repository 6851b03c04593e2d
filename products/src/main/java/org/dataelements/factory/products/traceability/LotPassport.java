package org.dataelements.factory.products.traceability;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
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
 * {@code lake.traceability.lot_passport} and {@code chain_completeness}, from one set of facts per
 * lot. A lot's scope is itself and every lot upstream of it ({@code lot_lineage}): a retail pack's
 * passport shows the farm, tests and certificate of the lots it was made from.
 *
 * <ul>
 *   <li>{@code origin}: the farm of the lot's farm operations or certificate, else that of the
 *       nearest upstream lot that has one, else the location of its commissioning event; {@code
 *       origin_region} the farm's prefecture code.
 *   <li>{@code steps}: the lot's own EPCIS events in time order; {@code tests}: inspections of the
 *       lot or of an upstream lot; {@code certificate_id}: its own certificate, else the nearest
 *       upstream lot's.
 *   <li>{@code completeness}: the share of the checks that hold — origin known, at least one event,
 *       a test, a certificate, every pesticide sprayed on the lot or upstream tested for afterwards
 *       on that lot or a lot made from it (用什么药检什么药; counted only where there were sprays), no
 *       receiving without an earlier shipping in its chain — and {@code missing} names those that
 *       fail ({@code origin}, {@code events}, {@code test}, {@code certificate}, {@code
 *       test_for_sprayed:<substance>}, {@code shipping_before_receiving}).
 * </ul>
 *
 * <p>{@code chain_completeness} aggregates the facts by product line and region over lots and items
 * (logistic units such as pallets and locations are not counted): lots, how many have an origin, a
 * test, a certificate, the percentage of sprays (each counted once, on the lot it was sprayed on)
 * that a later test covered, and the percentage of lots whose chain is unbroken.
 */
public final class LotPassport implements Step {
  static final String UNKNOWN = "unknown";

  @Override
  public StepSpec spec() {
    return new StepSpec(
        "gold:traceability.lot_passport",
        List.of(
            StepSpec.Input.required(TraceTables.LOTS),
            StepSpec.Input.required(TraceTables.EVENTS),
            StepSpec.Input.required(TraceTables.LOT_LINEAGE),
            StepSpec.Input.optional(TraceTables.INSPECTIONS),
            StepSpec.Input.optional(TraceTables.CERTIFICATES),
            StepSpec.Input.optional(TraceTables.FARM_OPERATIONS)),
        List.of(),
        List.of(TraceTables.LOT_PASSPORT, TraceTables.CHAIN_COMPLETENESS),
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> lots = in.table(TraceTables.LOTS).orElseThrow();
    SparkSession spark = lots.sparkSession();
    Inputs i =
        new Inputs(
            lots,
            in.table(TraceTables.EVENTS).orElseThrow(),
            in.table(TraceTables.LOT_LINEAGE).orElseThrow(),
            in.table(TraceTables.INSPECTIONS).orElseGet(() -> empty(spark, INSPECTIONS)),
            in.table(TraceTables.CERTIFICATES).orElseGet(() -> empty(spark, CERTIFICATES)),
            in.table(TraceTables.FARM_OPERATIONS).orElseGet(() -> empty(spark, OPERATIONS)));
    Dataset<Row> facts = facts(i);
    return StepOutput.of(TraceTables.LOT_PASSPORT, passport(facts))
        .with(TraceTables.CHAIN_COMPLETENESS, completeness(facts))
        .withShared(facts);
  }

  /** The silver tables the facts are drawn from (optional ones empty when absent). */
  record Inputs(
      Dataset<Row> lots,
      Dataset<Row> events,
      Dataset<Row> lineage,
      Dataset<Row> inspections,
      Dataset<Row> certificates,
      Dataset<Row> operations) {}

  static final StructType INSPECTIONS =
      new StructType()
          .add("inspection_id", DataTypes.StringType)
          .add("lot_id", DataTypes.StringType)
          .add("sampled_at", DataTypes.TimestampType)
          .add("lab", DataTypes.StringType)
          .add("analyte", DataTypes.StringType)
          .add("value_mg_kg", DataTypes.DoubleType)
          .add("limit_mg_kg", DataTypes.DoubleType)
          .add("result", DataTypes.StringType);
  static final StructType CERTIFICATES =
      new StructType()
          .add("certificate_id", DataTypes.StringType)
          .add("lot_id", DataTypes.StringType)
          .add("product", DataTypes.StringType)
          .add("quantity", DataTypes.DoubleType)
          .add("uom", DataTypes.StringType)
          .add("origin_farm_id", DataTypes.StringType)
          .add("origin_region_code", DataTypes.StringType)
          .add("issued_on", DataTypes.DateType);
  static final StructType OPERATIONS =
      new StructType()
          .add("operation_id", DataTypes.StringType)
          .add("farm_id", DataTypes.StringType)
          .add("prefecture_code", DataTypes.StringType)
          .add("product_line", DataTypes.StringType)
          .add("lot_id", DataTypes.StringType)
          .add("operation", DataTypes.StringType)
          .add("substance", DataTypes.StringType)
          .add("operated_at", DataTypes.TimestampType);

  static Dataset<Row> empty(SparkSession spark, StructType schema) {
    return spark.createDataFrame(List.of(), schema);
  }

  /** An analyte as a substance name: lower case, a trailing qualifier such as "(sum)" dropped. */
  static Column substanceOf(Column analyte) {
    return trim(lower(regexp_replace(analyte, "\\s*\\([^)]*\\)\\s*$", "")));
  }

  /**
   * One row per lot: lot_id, id_scheme, product, origin, origin_region, product_line, steps, tests,
   * certificate_id, and the completeness checks (has_origin, has_events, has_test, has_certificate,
   * sprays, sprays_tested, untested (substances), unbroken).
   */
  static Dataset<Row> facts(Inputs in) {
    Dataset<Row> ops =
        in.operations()
            .where(col("lot_id").isNotNull())
            .select(
                col("lot_id"),
                col("farm_id"),
                col("prefecture_code"),
                col("product_line"),
                col("operation"),
                lower(trim(col("substance"))).as("substance"),
                col("operated_at"));
    Dataset<Row> certs = in.certificates().where(col("lot_id").isNotNull());
    Dataset<Row> tests =
        in.inspections()
            .where(col("lot_id").isNotNull())
            .select(
                col("lot_id"),
                col("inspection_id"),
                col("sampled_at"),
                col("analyte"),
                substanceOf(col("analyte")).as("substance"),
                col("value_mg_kg"),
                col("limit_mg_kg"),
                col("result"),
                col("lab"));

    // every lot any silver table names
    Dataset<Row> ids =
        in.lots()
            .select(col("lot_id"))
            .union(ops.select("lot_id"))
            .union(certs.select("lot_id"))
            .union(tests.select("lot_id"))
            .distinct();

    // the lot's own origin, product line and certificate
    Dataset<Row> ownFarm =
        ops.groupBy("lot_id")
            .agg(
                min("farm_id").as("farm_id"),
                min("prefecture_code").as("farm_region"),
                min("product_line").as("product_line"));
    Dataset<Row> ownCert =
        certs
            .groupBy("lot_id")
            .agg(
                min_by(col("certificate_id"), struct(col("issued_on"), col("certificate_id")))
                    .as("certificate_id"),
                min("origin_farm_id").as("cert_farm"),
                min("origin_region_code").as("cert_region"),
                min("product").as("cert_product"));
    Dataset<Row> born =
        in.events()
            .where(
                col("lot_id")
                    .isNotNull()
                    .and(col("event_type").equalTo("object"))
                    .and(col("action").equalTo("ADD")))
            .groupBy("lot_id")
            .agg(
                min_by(coalesce(col("biz_location"), col("read_point")), col("event_time"))
                    .as("born_location"));
    Dataset<Row> own =
        ids.join(ownFarm, "lot_id", "left")
            .join(ownCert, "lot_id", "left")
            .join(born, "lot_id", "left")
            .select(
                col("lot_id"),
                coalesce(col("farm_id"), col("cert_farm")).as("own_farm"),
                coalesce(col("farm_region"), col("cert_region")).as("own_region"),
                col("product_line").as("own_line"),
                col("certificate_id").as("own_certificate"),
                col("cert_product"),
                col("born_location"));

    // scope: the lot itself (depth 0) and every lot upstream of it
    Dataset<Row> scope =
        ids.select(col("lot_id"), col("lot_id").as("src_id"), lit(0).as("depth"))
            .union(
                in.lineage()
                    .where(col("direction").equalTo("upstream"))
                    .select(col("lot_id"), col("related_lot_id").as("src_id"), col("depth")));

    Column srcHasFarm = col("s.own_farm").isNotNull();
    Dataset<Row> inherited =
        scope
            .as("sc")
            .join(own.as("s"), col("sc.src_id").equalTo(col("s.lot_id")))
            .groupBy(col("sc.lot_id").as("lot_id"))
            .agg(
                min_by(col("s.own_farm"), when(srcHasFarm, col("sc.depth"))).as("origin_farm"),
                min_by(col("s.own_region"), when(srcHasFarm, col("sc.depth"))).as("origin_region"),
                min_by(col("s.own_line"), when(col("s.own_line").isNotNull(), col("sc.depth")))
                    .as("product_line"),
                min_by(
                        col("s.own_certificate"),
                        when(
                            col("s.own_certificate").isNotNull(),
                            struct(col("sc.depth"), col("s.own_certificate"))))
                    .as("certificate_id"));

    // tests of the lot or of any lot upstream
    Dataset<Row> testsInScope =
        scope
            .join(tests.withColumnRenamed("lot_id", "src_id"), "src_id")
            .groupBy("lot_id")
            .agg(
                expr("array_sort(collect_set(named_struct('test_id', inspection_id, 'lot_id',"
                        + " src_id, 'sampled_at', sampled_at, 'analyte', analyte,"
                        + " 'value_mg_kg', value_mg_kg, 'limit_mg_kg', limit_mg_kg, 'result',"
                        + " result, 'lab', lab)), (l, r) -> case when l.sampled_at < r.sampled_at"
                        + " then -1 when l.sampled_at > r.sampled_at then 1 when l.test_id <"
                        + " r.test_id then -1 when l.test_id > r.test_id then 1 else 0 end)")
                    .as("tests"));

    // sprays on the lot or upstream, each covered by a later test of the sprayed lot or of a lot
    // made from it
    Dataset<Row> sprays =
        ops.where(col("operation").equalTo("spraying").and(col("substance").isNotNull()))
            .select(col("lot_id").as("sprayed_lot"), col("substance"), col("operated_at"))
            .distinct();
    Dataset<Row> downstreamOfSprayed =
        sprays
            .select(col("sprayed_lot"), col("sprayed_lot").as("tested_lot"))
            .distinct()
            .union(
                in.lineage()
                    .where(col("direction").equalTo("downstream"))
                    .join(
                        sprays.select(col("sprayed_lot")).distinct(),
                        col("lot_id").equalTo(col("sprayed_lot")))
                    .select(col("sprayed_lot"), col("related_lot_id").as("tested_lot")));
    Dataset<Row> covered =
        sprays
            .join(downstreamOfSprayed, "sprayed_lot")
            .join(
                tests.select(
                    col("lot_id").as("tested_lot"),
                    col("substance").as("t_substance"),
                    col("sampled_at")),
                "tested_lot")
            .where(
                col("t_substance")
                    .equalTo(col("substance"))
                    .and(col("sampled_at").isNull().or(col("sampled_at").geq(col("operated_at")))))
            .select(col("sprayed_lot"), col("substance"), col("operated_at"))
            .distinct()
            .withColumn("covered", lit(true));
    Dataset<Row> sprayCoverage =
        sprays
            .join(covered, new String[] {"sprayed_lot", "substance", "operated_at"}, "left")
            .withColumn("covered", coalesce(col("covered"), lit(false)));
    Dataset<Row> spraysInScope =
        scope
            .join(sprayCoverage.withColumnRenamed("sprayed_lot", "src_id"), "src_id")
            .groupBy("lot_id")
            .agg(
                count(lit(1)).as("sprays"),
                sum(when(col("covered"), 1).otherwise(0)).as("sprays_tested"),
                sum(when(col("depth").equalTo(0), 1).otherwise(0)).as("own_sprays"),
                sum(when(col("depth").equalTo(0).and(col("covered")), 1).otherwise(0))
                    .as("own_sprays_tested"),
                expr("array_sort(collect_set(case when not covered then substance end))")
                    .as("untested"));

    // a receive with no earlier shipping anywhere in the chain
    Dataset<Row> broken =
        in.events()
            .where(col("unmatched_receive"))
            .select(col("lot_id").as("src_id"))
            .distinct()
            .join(scope, "src_id")
            .select("lot_id")
            .distinct()
            .withColumn("broken", lit(true));

    Dataset<Row> steps =
        in.events()
            .where(col("lot_id").isNotNull())
            .groupBy("lot_id")
            .agg(
                expr("array_sort(collect_set(named_struct('event_type', event_type, 'biz_step',"
                        + " biz_step, 'at', event_time, 'location', coalesce(biz_location,"
                        + " read_point))), (l, r) -> case when l.at < r.at then -1 when l.at >"
                        + " r.at then 1 else 0 end)")
                    .as("steps"));

    Dataset<Row> lotInfo = in.lots().select(col("lot_id"), col("id_scheme"), col("gtin"));
    Dataset<Row> f =
        own.join(inherited, "lot_id", "left")
            .join(lotInfo, "lot_id", "left")
            .join(steps, "lot_id", "left")
            .join(testsInScope, "lot_id", "left")
            .join(spraysInScope, "lot_id", "left")
            .join(broken, "lot_id", "left");
    Column scheme =
        coalesce(
            col("id_scheme"),
            when(col("lot_id").startsWith("https://id.gs1.org/01/"), lit("lgtin"))
                .otherwise("other"));
    Column gtin = coalesce(col("gtin"), regexp_extract(col("lot_id"), "/01/([0-9]{14})", 1));
    return f.select(
        col("lot_id"),
        scheme.as("id_scheme"),
        coalesce(
                when(gtin.notEqual(""), concat(lit("https://id.gs1.org/01/"), gtin)),
                col("cert_product"),
                col("product_line"))
            .as("product"),
        coalesce(col("origin_farm"), col("born_location")).as("origin"),
        col("origin_region"),
        col("product_line"),
        col("steps"),
        col("tests"),
        col("certificate_id"),
        coalesce(col("origin_farm"), col("born_location")).isNotNull().as("has_origin"),
        coalesce(size(col("steps")), lit(-1)).gt(0).as("has_events"),
        coalesce(size(col("tests")), lit(-1)).gt(0).as("has_test"),
        col("certificate_id").isNotNull().as("has_certificate"),
        coalesce(col("sprays"), lit(0L)).as("sprays"),
        coalesce(col("sprays_tested"), lit(0L)).as("sprays_tested"),
        coalesce(col("own_sprays"), lit(0L)).as("own_sprays"),
        coalesce(col("own_sprays_tested"), lit(0L)).as("own_sprays_tested"),
        col("untested"),
        not(coalesce(col("broken"), lit(false))).as("unbroken"));
  }

  static Dataset<Row> passport(Dataset<Row> facts) {
    Column checks =
        expr(
            "(cast(has_origin as int) + cast(has_events as int) + cast(has_test as int)"
                + " + cast(has_certificate as int) + cast(unbroken as int)"
                + " + case when sprays > 0 then cast(sprays_tested = sprays as int) else 0 end)"
                + " / (5.0D + case when sprays > 0 then 1 else 0 end)");
    Column missing =
        expr(
            "concat(filter(array(case when not has_origin then 'origin' end, case when not"
                + " has_events then 'events' end, case when not has_test then 'test' end, case"
                + " when not has_certificate then 'certificate' end, case when not unbroken then"
                + " 'shipping_before_receiving' end), x -> x is not null),"
                + " transform(coalesce(untested, array()), s -> concat('test_for_sprayed:', s)))");
    return facts.select(
        col("lot_id"),
        col("product"),
        col("origin"),
        col("origin_region"),
        coalesce(col("steps"), expr("array()").cast(STEPS)).as("steps"),
        coalesce(col("tests"), expr("array()").cast(TESTS)).as("tests"),
        col("certificate_id"),
        round(checks, 4).as("completeness"),
        missing.as("missing"),
        col("product_line"),
        col("id_scheme"));
  }

  static final org.apache.spark.sql.types.ArrayType STEPS =
      DataTypes.createArrayType(
          new StructType()
              .add("event_type", DataTypes.StringType)
              .add("biz_step", DataTypes.StringType)
              .add("at", DataTypes.TimestampType)
              .add("location", DataTypes.StringType));
  static final org.apache.spark.sql.types.ArrayType TESTS =
      DataTypes.createArrayType(
          new StructType()
              .add("test_id", DataTypes.StringType)
              .add("lot_id", DataTypes.StringType)
              .add("sampled_at", DataTypes.TimestampType)
              .add("analyte", DataTypes.StringType)
              .add("value_mg_kg", DataTypes.DoubleType)
              .add("limit_mg_kg", DataTypes.DoubleType)
              .add("result", DataTypes.StringType)
              .add("lab", DataTypes.StringType));

  static Dataset<Row> completeness(Dataset<Row> facts) {
    return facts
        .where(not(col("id_scheme").isin("sscc", "gln")))
        .groupBy(
            coalesce(col("product_line"), lit(UNKNOWN)).as("product_line"),
            coalesce(col("origin_region"), lit(UNKNOWN)).as("region"))
        .agg(
            count(lit(1)).as("lots"),
            sum(when(col("has_origin"), 1).otherwise(0)).cast(DataTypes.LongType).as("with_origin"),
            sum(when(col("has_test"), 1).otherwise(0)).cast(DataTypes.LongType).as("with_test"),
            sum(when(col("has_certificate"), 1).otherwise(0))
                .cast(DataTypes.LongType)
                .as("with_certificate"),
            sum(col("own_sprays")).as("_sprays"),
            sum(col("own_sprays_tested")).as("_tested"),
            sum(when(col("unbroken"), 1).otherwise(0)).as("_unbroken"))
        .select(
            col("product_line"),
            col("region"),
            col("lots"),
            col("with_origin"),
            col("with_test"),
            col("with_certificate"),
            when(
                    col("_sprays").gt(0),
                    round(col("_tested").multiply(100.0).divide(col("_sprays")), 2))
                .as("sprays_tested_pct"),
            round(col("_unbroken").multiply(100.0).divide(col("lots")), 2)
                .as("unbroken_chain_pct"));
  }
}
