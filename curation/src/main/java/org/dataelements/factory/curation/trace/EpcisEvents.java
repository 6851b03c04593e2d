package org.dataelements.factory.curation.trace;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.curation.FileVersions;
import org.dataelements.factory.curation.RowRules;

/**
 * EPCIS events from {@code bronze.epcis__events} into three silver tables:
 *
 * <ul>
 *   <li>{@code silver.trace__events}: one row per event × identifier (EPCs, parent, children,
 *       inputs, outputs and the classes of quantity lists, each with its {@code role}); an event
 *       without identifiers keeps one row with a null {@code lot_id}. Times in UTC with the
 *       original offset kept; business steps, dispositions and source/destination types as CBV
 *       short names; the key {@code event_key} is the {@code eventID} or, where an event has none,
 *       {@code sha256:} of its normalized content.
 *   <li>{@code silver.trace__edges}: genealogy edges {@code from_id → to_id} in the direction goods
 *       flow: aggregation and association children into their parent (valid from the ADD until the
 *       first later DELETE of the pair or of the whole parent), transformation inputs into outputs
 *       (per {@code transformationID} across events where one is given), and shipments of a lot
 *       between parties (a self edge carrying {@code party_from}/{@code party_to}).
 *   <li>{@code silver.trace__lots}: each canonical identifier once, with the raw spellings seen,
 *       first and last event, and whether the data holds its beginning of life (commissioning, a
 *       transformation output, a packed parent); one that has none is an orphan, kept and flagged.
 * </ul>
 *
 * <p>Identifiers are canonical ({@link TraceIds#canonical}): an EPC URN and the GS1 Digital Link
 * URI of the same item, class or lot are one id.
 *
 * <p>Quarantine (one row per bronze event, with {@code rule_id} and {@code reason}): an event
 * without a time-zone offset, an eventID seen with different content (every version, since none can
 * be preferred), an exact repeat of an event already kept (kept once, the repeat accounted), and an
 * aggregation or association DELETE dated before the ADD of the same parent and child. Bronze event
 * rows = events kept + quarantined.
 */
public final class EpcisEvents implements Step {
  public static final TableId BRONZE_EVENTS = TableId.bronze("epcis", "events");
  public static final TableId EVENTS = TableId.silver("trace", "events");
  public static final TableId EDGES = TableId.silver("trace", "edges");
  public static final TableId LOTS = TableId.silver("trace", "lots");

  static final String RULE_NO_OFFSET = "no_time_zone";
  static final String RULE_CONFLICT = "duplicate_event_id_conflict";
  static final String RULE_REPEAT = "duplicate_event";
  static final String RULE_DELETE_BEFORE_ADD = "delete_before_add";
  static final String RULE_BAD_TIME = "bad_event_time";

  private static final ArrayType QUANTITIES =
      DataTypes.createArrayType(
          new StructType()
              .add("epcClass", DataTypes.StringType)
              .add("quantity", DataTypes.DoubleType)
              .add("uom", DataTypes.StringType));
  private static final ArrayType SOURCES =
      DataTypes.createArrayType(
          new StructType()
              .add("type", DataTypes.StringType)
              .add("source", DataTypes.StringType)
              .add("destination", DataTypes.StringType));

  /** CBV prefixes of the URI, URN and CURIE spellings of a vocabulary value. */
  private static final String CBV_PREFIX =
      "^(urn:epcglobal:cbv:(bizstep|disp|sdt|btt|er):"
          + "|https?://ref\\.gs1\\.org/cbv/(BizStep|Disp|SDT|BTT|ER)-"
          + "|cbv:(BizStep|Disp|SDT|BTT|ER)-)";

  private static final String OFFSET_AT_END = "(Z|z|[+-][0-9]{2}:?[0-9]{2})$";

  @Override
  public StepSpec spec() {
    return new StepSpec(
        "silver:trace__events+edges+lots",
        List.of(StepSpec.Input.required(BRONZE_EVENTS)),
        List.of(),
        List.of(EVENTS, EDGES, LOTS),
        StepSpec.WriteMode.REPLACE);
  }

  /** A CBV vocabulary value as its short name ({@code receiving}); other URIs unchanged. */
  static Column cbvShort(Column c) {
    return when(c.isNull(), lit(null)).otherwise(regexp_replace(trim(c), CBV_PREFIX, ""));
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> bronze = FileVersions.latest(in.table(BRONZE_EVENTS).orElseThrow());
    Dataset<Row> normalized = normalize(bronze);

    // Duplicates: the same key seen more than once, with one content (a repeat) or several.
    Dataset<Row> perKey =
        normalized
            .groupBy(col("event_key"))
            .agg(
                count_distinct(col("content_hash")).as("_contents"),
                min(struct(col("source_file"), col("record_number"))).as("_first"),
                collect_set(col("source_file")).as("_files"));
    Dataset<Row> judged =
        normalized
            .join(perKey, "event_key")
            .withColumn(
                "_is_first",
                col("source_file")
                    .equalTo(col("_first.source_file"))
                    .and(col("record_number").equalTo(col("_first.record_number"))));

    Dataset<Row> deleteBeforeAdd = deletesBeforeAdds(judged);
    judged =
        judged
            .join(deleteBeforeAdd, judged.col("event_key").equalTo(col("_dba_key")), "left")
            .drop("_dba_key");

    RowRules rules =
        new RowRules(
            List.of(
                new RowRules.Rule(
                    col("event_time").isNull().and(col("has_offset")),
                    RULE_BAD_TIME,
                    format_string("eventTime '%s' is not an ISO 8601 date-time", col("raw_time"))),
                new RowRules.Rule(
                    col("event_time").isNull(),
                    RULE_NO_OFFSET,
                    format_string(
                        "eventTime '%s' has no time-zone offset and eventTimeZoneOffset is missing;"
                            + " the instant is unknown",
                        col("raw_time"))),
                new RowRules.Rule(
                    col("_contents").gt(1),
                    RULE_CONFLICT,
                    format_string(
                        "eventID %s occurs with %d different contents (files %s); none is used"
                            + " until the sender corrects it (an EPCIS errorDeclaration)",
                        col("event_key"),
                        col("_contents"),
                        array_join(sort_array(col("_files")), ", "))),
                new RowRules.Rule(
                    col("_dba_reason").isNotNull(), RULE_DELETE_BEFORE_ADD, col("_dba_reason")),
                new RowRules.Rule(
                    not(col("_is_first")),
                    RULE_REPEAT,
                    format_string(
                        "the same event (%s, same content) is kept once, from %s record %d",
                        col("event_key"),
                        col("_first.source_file"),
                        col("_first.record_number")))));
    Dataset<Row> withRules =
        judged.withColumn("rule_id", rules.ruleId()).withColumn("reason", rules.reason());
    Dataset<Row> quarantine =
        withRules
            .where(col("rule_id").isNotNull())
            .select(
                col("event_key"),
                col("event_id"),
                col("event_type"),
                col("raw_time").as("event_time"),
                col("source_file"),
                col("record_number"),
                col("rule_id"),
                col("reason"));
    Dataset<Row> kept = withRules.where(col("rule_id").isNull());

    Dataset<Row> identifiers = identifiers(kept);
    Dataset<Row> lots = lots(identifiers);
    Dataset<Row> events = events(identifiers, lots);
    Dataset<Row> edges = edges(identifiers, kept);
    return StepOutput.of(EVENTS, events, quarantine)
        .with(EDGES, edges)
        .with(LOTS, lots)
        .withShared(kept);
  }

  /** One row per bronze event, with its key, UTC time, short vocabulary names and content hash. */
  static Dataset<Row> normalize(Dataset<Row> bronze) {
    Column rawTime = trim(col("eventTime"));
    Column hasOffset = rawTime.rlike(OFFSET_AT_END);
    Column offset = trim(col("eventTimeZoneOffset"));
    Column instant =
        when(hasOffset, rawTime)
            .when(
                offset.isNotNull().and(offset.rlike("^[+-][0-9]{2}:[0-9]{2}$")),
                concat(rawTime, offset));
    Column eventTime = instant.cast(DataTypes.TimestampType);
    Column type = lower(regexp_replace(trim(col("type")), "Event$", ""));
    Dataset<Row> n =
        bronze.select(
            col("eventID").as("event_id"),
            type.as("event_type"),
            rawTime.as("raw_time"),
            hasOffset.as("has_offset"),
            eventTime.as("event_time"),
            coalesce(offset, regexp_extract(rawTime, OFFSET_AT_END, 1)).as("event_time_offset"),
            col("recordTime").cast(DataTypes.TimestampType).as("record_time"),
            trim(col("action")).as("action"),
            cbvShort(col("bizStep")).as("biz_step"),
            cbvShort(col("disposition")).as("disposition"),
            TraceIds.canonical(trim(col("readPoint"))).as("read_point"),
            TraceIds.canonical(trim(col("bizLocation"))).as("biz_location"),
            TraceIds.canonical(trim(col("parentID"))).as("parent_id"),
            canonicalList(col("epcList")).as("epcs"),
            canonicalList(col("childEPCs")).as("children"),
            canonicalList(col("inputEPCList")).as("inputs"),
            canonicalList(col("outputEPCList")).as("outputs"),
            quantities(col("quantityList")).as("quantities"),
            quantities(col("childQuantityList")).as("child_quantities"),
            quantities(col("inputQuantityList")).as("input_quantities"),
            quantities(col("outputQuantityList")).as("output_quantities"),
            parties(col("sourceList"), "source").as("sources"),
            parties(col("destinationList"), "destination").as("destinations"),
            trim(col("transformationID")).as("transformation_id"),
            col("epcList").as("raw_epcs"),
            col("childEPCs").as("raw_children"),
            col("inputEPCList").as("raw_inputs"),
            col("outputEPCList").as("raw_outputs"),
            trim(col("parentID")).as("raw_parent"),
            col("_source_file").as("source_file"),
            col("record_number"));
    Column content =
        sha2(
            to_json(
                struct(
                    col("event_type"),
                    col("event_time"),
                    col("action"),
                    col("biz_step"),
                    col("disposition"),
                    col("read_point"),
                    col("biz_location"),
                    col("parent_id"),
                    sortedOrEmpty(col("epcs")),
                    sortedOrEmpty(col("children")),
                    sortedOrEmpty(col("inputs")),
                    sortedOrEmpty(col("outputs")),
                    sortedOrEmpty(col("quantities")),
                    sortedOrEmpty(col("child_quantities")),
                    sortedOrEmpty(col("input_quantities")),
                    sortedOrEmpty(col("output_quantities")),
                    sortedOrEmpty(col("sources")),
                    sortedOrEmpty(col("destinations")),
                    col("transformation_id"))),
            256);
    return n.withColumn("content_hash", content)
        .withColumn(
            "event_key",
            coalesce(trim(col("event_id")), concat(lit("sha256:"), col("content_hash"))));
  }

  private static Column sortedOrEmpty(Column c) {
    return coalesce(array_sort(c), array());
  }

  private static Column canonicalList(Column raw) {
    return functions.transform(raw, x -> TraceIds.canonical(trim(x)));
  }

  private static Column quantities(Column json) {
    Column parsed = from_json(json, QUANTITIES);
    return functions.transform(
        parsed,
        q ->
            struct(
                TraceIds.canonical(trim(q.getField("epcClass"))).as("id"),
                trim(q.getField("epcClass")).as("raw_id"),
                q.getField("quantity").as("quantity"),
                trim(q.getField("uom")).as("uom")));
  }

  /** Source or destination list entries as {@code {type (CBV short), party}}. */
  private static Column parties(Column json, String field) {
    Column parsed = from_json(json, SOURCES);
    return functions.transform(
        parsed,
        s ->
            struct(
                cbvShort(s.getField("type")).as("type"),
                TraceIds.canonical(trim(s.getField(field))).as("party")));
  }

  /** The preferred party of a list: owning party, else possessing party, else location. */
  private static Column party(Column list) {
    Column owning = element_at(filter(list, p -> p.getField("type").equalTo("owning_party")), 1);
    Column possessing =
        element_at(filter(list, p -> p.getField("type").equalTo("possessing_party")), 1);
    Column any = element_at(list, 1);
    return coalesce(owning.getField("party"), possessing.getField("party"), any.getField("party"));
  }

  /**
   * Keys of aggregation and association DELETE events dated before the ADD of the same parent and
   * child (no ADD at or before the DELETE, an ADD after it), with the reason.
   */
  static Dataset<Row> deletesBeforeAdds(Dataset<Row> judged) {
    Dataset<Row> containment =
        judged
            .where(
                col("event_type")
                    .isin("aggregation", "association")
                    .and(col("parent_id").isNotNull())
                    .and(col("event_time").isNotNull()))
            .select(
                col("event_key"),
                col("action"),
                col("parent_id"),
                col("event_time"),
                explode_outer(
                        flatten(
                            array(
                                coalesce(col("children"), array()),
                                coalesce(
                                    functions.transform(
                                        col("child_quantities"), q -> q.getField("id")),
                                    array()))))
                    .as("child_id"));
    Dataset<Row> adds =
        containment
            .where(col("action").isin("ADD", "OBSERVE"))
            .select(
                col("parent_id").as("a_parent"),
                col("child_id").as("a_child"),
                col("event_time").as("a_time"));
    Dataset<Row> deletes = containment.where(col("action").equalTo("DELETE"));
    Column samePair =
        deletes
            .col("parent_id")
            .equalTo(adds.col("a_parent"))
            .and(
                deletes
                    .col("child_id")
                    .isNull()
                    .or(deletes.col("child_id").equalTo(adds.col("a_child"))));
    return deletes
        .join(adds, samePair, "inner")
        .groupBy(col("event_key"), col("parent_id"), col("child_id"), col("event_time"))
        .agg(
            min(when(col("a_time").leq(col("event_time")), col("a_time"))).as("_before"),
            min(when(col("a_time").gt(col("event_time")), col("a_time"))).as("_after"))
        .where(col("_before").isNull().and(col("_after").isNotNull()))
        .groupBy(col("event_key").as("_dba_key"))
        .agg(
            first(
                    format_string(
                        "DELETE of %s from %s at %s precedes its ADD at %s",
                        coalesce(col("child_id"), lit("every child")),
                        col("parent_id"),
                        col("event_time").cast(DataTypes.StringType),
                        col("_after").cast(DataTypes.StringType)))
                .as("_dba_reason"));
  }

  /** One row per kept event × identifier (an event without identifiers keeps one null row). */
  static Dataset<Row> identifiers(Dataset<Row> kept) {
    Column ids =
        flatten(
            array(
                roles(col("epcs"), col("raw_epcs"), "epc"),
                roles(col("children"), col("raw_children"), "child"),
                roles(col("inputs"), col("raw_inputs"), "input"),
                roles(col("outputs"), col("raw_outputs"), "output"),
                when(
                        col("parent_id").isNotNull(),
                        array(
                            struct(
                                lit("parent").as("role"),
                                col("parent_id").as("id"),
                                col("raw_parent").as("raw_id"),
                                lit(null).cast(DataTypes.DoubleType).as("quantity"),
                                lit(null).cast(DataTypes.StringType).as("uom"))))
                    .otherwise(array().cast(ROLE_ARRAY)),
                quantityRoles(col("quantities"), "quantity"),
                quantityRoles(col("child_quantities"), "child"),
                quantityRoles(col("input_quantities"), "input"),
                quantityRoles(col("output_quantities"), "output")));
    return kept.select(
            col("event_key"),
            col("event_id"),
            col("event_type"),
            col("action"),
            col("biz_step"),
            col("disposition"),
            col("event_time"),
            col("event_time_offset"),
            col("record_time"),
            col("read_point"),
            col("biz_location"),
            col("transformation_id"),
            party(col("sources")).as("source_party"),
            party(col("destinations")).as("destination_party"),
            col("source_file"),
            explode_outer(ids).as("_id"))
        .select(
            col("*"),
            col("_id.role").as("role"),
            col("_id.id").as("lot_id"),
            col("_id.raw_id").as("raw_id"),
            col("_id.quantity").as("quantity"),
            col("_id.uom").as("uom"))
        .drop("_id");
  }

  private static final ArrayType ROLE_ARRAY =
      DataTypes.createArrayType(
          new StructType()
              .add("role", DataTypes.StringType)
              .add("id", DataTypes.StringType)
              .add("raw_id", DataTypes.StringType)
              .add("quantity", DataTypes.DoubleType)
              .add("uom", DataTypes.StringType));

  private static Column roles(Column canonical, Column raw, String role) {
    // the canonical and the raw spelling of each identifier, side by side
    return when(canonical.isNull(), array().cast(ROLE_ARRAY))
        .otherwise(
            functions
                .transform(
                    canonical,
                    (id, i) ->
                        struct(
                            lit(role).as("role"),
                            id.as("id"),
                            element_at(raw, i.plus(1)).as("raw_id"),
                            lit(null).cast(DataTypes.DoubleType).as("quantity"),
                            lit(null).cast(DataTypes.StringType).as("uom")))
                .cast(ROLE_ARRAY));
  }

  private static Column quantityRoles(Column list, String role) {
    return when(list.isNull(), array().cast(ROLE_ARRAY))
        .otherwise(
            functions
                .transform(
                    list,
                    q ->
                        struct(
                            lit(role).as("role"),
                            q.getField("id").as("id"),
                            q.getField("raw_id").as("raw_id"),
                            q.getField("quantity").as("quantity"),
                            q.getField("uom").as("uom")))
                .cast(ROLE_ARRAY));
  }

  /**
   * Each canonical identifier once: raw spellings, first/last event, event count, and whether the
   * data holds its beginning of life (an ObjectEvent ADD, a transformation output, the parent of an
   * aggregation or association ADD); one without is an orphan.
   */
  static Dataset<Row> lots(Dataset<Row> identifiers) {
    Column born =
        col("event_type")
            .equalTo("object")
            .and(col("action").equalTo("ADD"))
            .or(col("event_type").equalTo("transformation").and(col("role").equalTo("output")))
            .or(
                col("event_type")
                    .isin("aggregation", "association")
                    .and(col("action").equalTo("ADD"))
                    .and(col("role").equalTo("parent")));
    return identifiers
        .where(col("lot_id").isNotNull())
        .groupBy(col("lot_id"))
        .agg(
            array_sort(collect_set(col("raw_id"))).as("raw_ids"),
            min(col("event_time")).as("first_event_time"),
            max(col("event_time")).as("last_event_time"),
            count_distinct(col("event_key")).as("events"),
            min(when(born, col("event_time"))).as("born_at"),
            max(born).as("_born"))
        .select(
            col("lot_id"),
            TraceIds.scheme(col("lot_id")).as("id_scheme"),
            regexp_extract(col("lot_id"), "/01/([0-9]{14})", 1).as("gtin"),
            when(col("lot_id").contains("/10/"), regexp_extract(col("lot_id"), "/10/([^/]+)", 1))
                .as("lot_number"),
            when(col("lot_id").contains("/21/"), regexp_extract(col("lot_id"), "/21/([^/]+)", 1))
                .as("serial"),
            col("raw_ids"),
            col("first_event_time"),
            col("last_event_time"),
            col("events"),
            col("born_at"),
            not(col("_born")).as("is_orphan"));
  }

  /**
   * The event rows with the orphan flag and, for a receiving event, whether a shipping event of the
   * same identifier precedes it ({@code unmatched_receive}: a broken chain).
   */
  static Dataset<Row> events(Dataset<Row> identifiers, Dataset<Row> lots) {
    Dataset<Row> shipped =
        identifiers
            .where(col("biz_step").equalTo("shipping").and(col("lot_id").isNotNull()))
            .groupBy(col("lot_id").as("_s_lot"))
            .agg(min(col("event_time")).as("_first_ship"));
    Dataset<Row> orphans = lots.select(col("lot_id").as("_o_lot"), col("is_orphan").as("_orphan"));
    Dataset<Row> e =
        identifiers
            .join(shipped, identifiers.col("lot_id").equalTo(shipped.col("_s_lot")), "left")
            .join(orphans, col("lot_id").equalTo(col("_o_lot")), "left");
    return e.select(
        col("event_key"),
        col("event_id"),
        col("event_type"),
        col("action"),
        col("biz_step"),
        col("disposition"),
        col("event_time"),
        col("event_time_offset"),
        col("record_time"),
        col("role"),
        col("lot_id"),
        col("raw_id"),
        col("quantity"),
        col("uom"),
        col("read_point"),
        col("biz_location"),
        col("source_party"),
        col("destination_party"),
        coalesce(col("_orphan"), lit(false)).as("is_orphan"),
        col("biz_step")
            .equalTo("receiving")
            .and(col("lot_id").isNotNull())
            .and(col("_first_ship").isNull().or(col("_first_ship").gt(col("event_time"))))
            .as("unmatched_receive"),
        col("source_file"));
  }

  /** Genealogy edges in the direction goods flow. */
  static Dataset<Row> edges(Dataset<Row> identifiers, Dataset<Row> kept) {
    Dataset<Row> ids = identifiers.where(col("lot_id").isNotNull());

    // aggregation / association: child → parent, valid until the first later DELETE
    Dataset<Row> parents =
        ids.where(
                col("event_type")
                    .isin("aggregation", "association")
                    .and(col("role").equalTo("parent")))
            .select(col("event_key").as("_p_key"), col("lot_id").as("parent"));
    Dataset<Row> children =
        ids.where(
            col("event_type").isin("aggregation", "association").and(col("role").equalTo("child")));
    Dataset<Row> contained =
        children.join(parents, children.col("event_key").equalTo(parents.col("_p_key")));
    Dataset<Row> adds = contained.where(col("action").isin("ADD", "OBSERVE"));
    Dataset<Row> deletes =
        kept.where(
                col("event_type")
                    .isin("aggregation", "association")
                    .and(col("action").equalTo("DELETE"))
                    .and(col("parent_id").isNotNull()))
            .select(
                col("parent_id").as("d_parent"),
                explode_outer(
                        flatten(
                            array(
                                coalesce(col("children"), array()),
                                coalesce(
                                    functions.transform(
                                        col("child_quantities"), q -> q.getField("id")),
                                    array()))))
                    .as("d_child"),
                col("event_time").as("d_time"));
    Column until =
        adds.col("parent")
            .equalTo(deletes.col("d_parent"))
            .and(
                deletes
                    .col("d_child")
                    .isNull()
                    .or(deletes.col("d_child").equalTo(adds.col("lot_id"))))
            .and(deletes.col("d_time").geq(adds.col("event_time")));
    Dataset<Row> containment =
        adds.join(deletes, until, "left")
            .groupBy(
                col("event_key"),
                col("event_type"),
                col("lot_id"),
                col("parent"),
                col("event_time"),
                col("quantity"),
                col("uom"),
                col("biz_location"),
                col("source_party"),
                col("destination_party"))
            .agg(min(col("d_time")).as("valid_to"))
            .select(
                col("lot_id").as("from_id"),
                col("parent").as("to_id"),
                col("event_type").as("edge_type"),
                col("event_key"),
                col("event_time"),
                col("event_time").as("valid_from"),
                col("valid_to"),
                col("quantity"),
                col("uom"),
                col("source_party").as("party_from"),
                col("destination_party").as("party_to"),
                col("biz_location").as("location"));

    // transformation: inputs → outputs, joined per transformationID where one is given
    Column group = coalesce(col("transformation_id"), col("event_key"));
    Dataset<Row> tr =
        ids.where(col("event_type").equalTo("transformation")).withColumn("_group", group);
    Dataset<Row> inputs =
        tr.where(col("role").equalTo("input"))
            .select(
                col("_group").as("_i_group"),
                col("lot_id").as("from_id"),
                col("quantity"),
                col("uom"),
                col("event_time").as("_i_time"));
    Dataset<Row> outputs =
        tr.where(col("role").equalTo("output"))
            .select(
                col("_group").as("_o_group"),
                col("lot_id").as("to_id"),
                col("event_key"),
                col("event_time"),
                col("biz_location").as("location"),
                col("source_party"),
                col("destination_party"));
    Dataset<Row> transformation =
        inputs
            .join(outputs, inputs.col("_i_group").equalTo(outputs.col("_o_group")))
            .where(col("from_id").notEqual(col("to_id")))
            .select(
                col("from_id"),
                col("to_id"),
                lit("transformation").as("edge_type"),
                col("event_key"),
                col("event_time"),
                col("event_time").as("valid_from"),
                lit(null).cast(DataTypes.TimestampType).as("valid_to"),
                col("quantity"),
                col("uom"),
                col("source_party").as("party_from"),
                col("destination_party").as("party_to"),
                col("location"))
            .dropDuplicates("from_id", "to_id", "event_key");

    // shipment: a lot moving between parties (a self edge; the closure adds no pair for it)
    Dataset<Row> shipment =
        ids.where(
                col("biz_step")
                    .equalTo("shipping")
                    .and(col("role").isin("epc", "quantity", "parent", "child")))
            .select(
                col("lot_id").as("from_id"),
                col("lot_id").as("to_id"),
                lit("shipment").as("edge_type"),
                col("event_key"),
                col("event_time"),
                col("event_time").as("valid_from"),
                lit(null).cast(DataTypes.TimestampType).as("valid_to"),
                col("quantity"),
                col("uom"),
                col("source_party").as("party_from"),
                col("destination_party").as("party_to"),
                col("biz_location").as("location"))
            .dropDuplicates("from_id", "event_key");

    Dataset<Row> all = containment.unionByName(transformation).unionByName(shipment);
    return all.withColumn(
        "edge_id",
        sha2(concat_ws("|", col("edge_type"), col("from_id"), col("to_id"), col("event_key")), 256)
            .substr(1, 24));
  }
}
