package org.dataelements.factory.curation.trace;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.curation.FileVersions;

/**
 * Recall notices, {@code silver.trace__recalls}: one row per notice, from the province's notices
 * ({@code bronze.recall_notices__notices}, which name the recalled lots) and the U.S. FDA and USDA
 * FSIS notices ({@code bronze.food_recalls__notices}). A notice's id is its {@code notice_id}, the
 * agency's notice number ({@code notice_id_number}, USDA) or else the record's {@code uid} (FDA);
 * FSIS publishes each notice twice under one number (English and Spanish), and the English one is
 * kept. Lot codes are the lot and product codes the notice quotes as written; lot ids are the GS1
 * identifiers among them, canonical ({@link TraceIds#canonical}), so that they join with EPCIS lots
 * (FDA and FSIS notices quote lot codes in prose, rarely GS1 ids).
 *
 * <p>Quarantine (rule_id, reason, field, value): a record with no id, one whose agency is neither
 * FDA nor USDA, and every further record of a notice already kept (a translation, an update or a
 * repeat), naming the record kept; its lot codes and ids are merged into the kept row, so no lot a
 * version names is lost. Bronze records = recalls + quarantined.
 */
public final class Recalls implements Step {
  public static final TableId BRONZE_NOTICES = TableId.bronze("recall_notices", "notices");
  public static final TableId BRONZE_US = TableId.bronze("food_recalls", "notices");
  public static final TableId RECALLS = TableId.silver("trace", "recalls");

  static final String NOTICE = "notice";
  static final String FDA = "fda";
  static final String USDA_FSIS = "usda_fsis";

  static final String RULE_NO_ID = "complete(recall_id)";
  static final String RULE_AGENCY = "known(agency)";
  static final String RULE_VERSION = "notice_version";

  private static final ArrayType STRINGS = DataTypes.createArrayType(DataTypes.StringType);

  /** The table's columns; {@code reason} is the notice's (recall_reason inside the step). */
  static final List<String> COLUMNS =
      List.of(
          "recall_id",
          "source",
          "authority",
          "issued_on",
          "firm",
          "brand",
          "product",
          "title",
          "lot_codes",
          "lot_ids",
          "reason",
          "classification",
          "url",
          "records",
          "source_file");

  /** The notice's reason, named apart from the quarantine's rule reason until the output. */
  private static final String RECALL_REASON = "recall_reason";

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "silver:trace__recalls",
        List.of(StepSpec.Input.optional(BRONZE_NOTICES), StepSpec.Input.optional(BRONZE_US)),
        List.of(),
        RECALLS,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    List<Dataset<Row>> parts = new ArrayList<>();
    in.table(BRONZE_NOTICES).ifPresent(b -> parts.add(notices(FileVersions.latest(b))));
    in.table(BRONZE_US).ifPresent(b -> parts.add(usNotices(FileVersions.latest(b))));
    if (parts.isEmpty()) {
      throw new IllegalStateException(
          "no recall input: neither "
              + BRONZE_NOTICES
              + " nor "
              + BRONZE_US
              + " exists; ingest the sources recall_notices or food_recalls first");
    }
    Dataset<Row> all = parts.get(0);
    for (Dataset<Row> more : parts.subList(1, parts.size())) {
      all = all.unionByName(more);
    }
    Column file = coalesce(col("source_file"), lit("?"));
    Dataset<Row> judged =
        TraceRules.judge(
            all,
            List.of(
                new TraceRules.Rule(
                    col("recall_id").isNull(),
                    RULE_NO_ID,
                    "recall_id",
                    col("record_id"),
                    concat(
                        lit("a recall record in "),
                        file,
                        lit(
                            " has no notice_id (notices), notice_id_number or uid (FDA, USDA):"
                                + " it cannot be told apart from other notices"))),
                new TraceRules.Rule(
                    col("source").isNull(),
                    RULE_AGENCY,
                    "agency",
                    col("agency"),
                    concat(
                        lit("recall "),
                        coalesce(col("recall_id"), lit("?")),
                        lit(" in "),
                        file,
                        lit(": agency '"),
                        coalesce(col("agency"), lit("")),
                        lit("' is neither FDA nor USDA; its fields cannot be interpreted")))));
    // every record of a notice: the preferred one is kept, the others merge their lots into it
    Column open = col(TraceRules.RULE_ID).isNull();
    Column openId = when(open, col("recall_id"));
    WindowSpec byNotice = Window.partitionBy(openId);
    WindowSpec preferred =
        byNotice.orderBy(
            col("english").desc(),
            col("issued_on").desc_nulls_last(),
            col("source_file"),
            col("record_id"));
    Dataset<Row> versions =
        judged
            .withColumn("_rank", row_number().over(preferred))
            .withColumn(
                "_kept",
                first(concat_ws(" in ", col("record_id"), col("source_file")))
                    .over(preferred.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
            .withColumn(
                "records",
                when(openId.isNotNull(), count(lit(1)).over(byNotice))
                    .otherwise(lit(1))
                    .cast(DataTypes.IntegerType))
            .withColumn("lot_codes", mergedOver(col("lot_codes"), openId, byNotice))
            .withColumn("lot_ids", mergedOver(col("lot_ids"), openId, byNotice));
    Dataset<Row> merged =
        TraceRules.judge(
            versions,
            List.of(
                new TraceRules.Rule(
                    openId.isNotNull().and(col("_rank").gt(1)),
                    RULE_VERSION,
                    "recall_id",
                    col("recall_id"),
                    concat(
                        lit("record "),
                        coalesce(col("record_id"), lit("?")),
                        lit(" in "),
                        file,
                        lit(" is another record of notice "),
                        col("recall_id"),
                        lit(" (a translation, an update or a repeat; "),
                        col("records").cast(DataTypes.StringType),
                        lit(" records in all); the notice is kept once, from record "),
                        col("_kept"),
                        lit(", with the lot codes of every record")))));
    List<Column> output = new ArrayList<>();
    // in the quarantine, reason is the rule's and the notice's own is recall_reason
    List<Column> quarantined = new ArrayList<>();
    for (String c : COLUMNS) {
      boolean own = c.equals("reason");
      output.add(own ? col(RECALL_REASON).as(c) : col(c));
      quarantined.add(own ? col(RECALL_REASON) : col(c));
    }
    Dataset<Row> rows =
        merged.where(col(TraceRules.RULE_ID).isNull()).select(output.toArray(Column[]::new));
    quarantined.add(col("record_id"));
    quarantined.add(col(TraceRules.FIELD));
    quarantined.add(col(TraceRules.VALUE));
    quarantined.add(col(TraceRules.RULE_ID));
    quarantined.add(col(TraceRules.REASON));
    quarantined.add(lit(in.runId()).as("run_id"));
    Dataset<Row> quarantine =
        merged
            .where(col(TraceRules.RULE_ID).isNotNull())
            .select(quarantined.toArray(Column[]::new));
    return StepOutput.of(RECALLS, rows, quarantine);
  }

  /** The province's notices: notice_id, issued_on, authority, firm, product, lot_ids, reason. */
  static Dataset<Row> notices(Dataset<Row> bronze) {
    Column raw = lotIdCells(bronze);
    Column codes = filter(functions.transform(raw, x -> TraceColumns.text(x)), x -> x.isNotNull());
    Column id = TraceColumns.text(TraceColumns.column(bronze, "notice_id"));
    return bronze.select(
        id.as("recall_id"),
        id.as("record_id"),
        lit(NOTICE).as("source"),
        lit(null).cast(DataTypes.StringType).as("agency"),
        TraceColumns.text(TraceColumns.column(bronze, "authority")).as("authority"),
        TraceColumns.date(
                TraceColumns.column(bronze, "issued_on"), DeliveredTimes.DateStyle.YEAR_FIRST)
            .as("issued_on"),
        TraceColumns.text(TraceColumns.column(bronze, "firm")).as("firm"),
        lit(null).cast(DataTypes.StringType).as("brand"),
        TraceColumns.text(TraceColumns.column(bronze, "product")).as("product"),
        lit(null).cast(DataTypes.StringType).as("title"),
        coalesce(codes, array().cast(STRINGS)).as("lot_codes"),
        coalesce(functions.transform(codes, x -> TraceIds.canonical(x)), array().cast(STRINGS))
            .as("lot_ids"),
        TraceColumns.text(TraceColumns.column(bronze, "reason")).as(RECALL_REASON),
        TraceColumns.text(TraceColumns.column(bronze, "classification")).as("classification"),
        lit(null).cast(DataTypes.StringType).as("url"),
        lit(0).as("english"),
        TraceColumns.column(bronze, "_source_file").as("source_file"));
  }

  /** The notices' lot_ids as an array of strings, whether landed as an array or as text. */
  private static Column lotIdCells(Dataset<Row> bronze) {
    if (!java.util.Arrays.asList(bronze.columns()).contains("lot_ids")) {
      return array().cast(STRINGS);
    }
    if (bronze.schema().apply("lot_ids").dataType() instanceof ArrayType) {
      return col("lot_ids").cast(STRINGS);
    }
    return split(col("lot_ids").cast(DataTypes.StringType), "[,;\\s]+");
  }

  /** The FDA and USDA FSIS notices of the recall feeds (title, recall_reason, company_name…). */
  static Dataset<Row> usNotices(Dataset<Row> bronze) {
    Column agency = TraceColumns.text(TraceColumns.column(bronze, "agency"));
    Column source =
        when(upper(agency).equalTo("FDA"), lit(FDA))
            .when(upper(agency).rlike("USDA|FSIS"), lit(USDA_FSIS));
    Column title = html(TraceColumns.column(bronze, "title"));
    Column description = html(TraceColumns.column(bronze, "product_description"));
    Column noticed =
        coalesce(
            TraceColumns.date(
                TraceColumns.column(bronze, "notification_dttm"),
                DeliveredTimes.DateStyle.YEAR_FIRST),
            TraceColumns.date(
                TraceColumns.column(bronze, "company_announce_dttm"),
                DeliveredTimes.DateStyle.YEAR_FIRST));
    Column uid = TraceColumns.text(TraceColumns.column(bronze, "uid"));
    return bronze.select(
        coalesce(TraceColumns.text(TraceColumns.column(bronze, "notice_id_number")), uid)
            .as("recall_id"),
        uid.as("record_id"),
        source.as("source"),
        agency.as("agency"),
        when(source.equalTo(USDA_FSIS), lit("USDA FSIS")).otherwise(agency).as("authority"),
        noticed.as("issued_on"),
        html(TraceColumns.column(bronze, "company_name")).as("firm"),
        html(TraceColumns.column(bronze, "brand_name")).as("brand"),
        description.as("product"),
        title.as("title"),
        strings(RecallTexts::lotCodes, "recall_lot_codes", description).as("lot_codes"),
        functions
            .transform(
                strings(RecallTexts::gs1Ids, "recall_gs1_ids", concat_ws(" ", description, title)),
                x -> TraceIds.canonical(x))
            .as("lot_ids"),
        html(TraceColumns.column(bronze, "recall_reason")).as(RECALL_REASON),
        coalesce(
                TraceColumns.text(TraceColumns.column(bronze, "recall_classification")),
                TraceColumns.text(TraceColumns.column(bronze, "risk_level")))
            .as("classification"),
        TraceColumns.text(TraceColumns.column(bronze, "recall_url")).as("url"),
        english(title).as("english"),
        TraceColumns.column(bronze, "_source_file").as("source_file"));
  }

  /**
   * The arrays of every record of a notice, each element once, sorted (the order in which a window
   * collects them is not fixed); a quarantined record keeps its own.
   */
  private static Column mergedOver(Column array, Column openId, WindowSpec byNotice) {
    return when(
            openId.isNotNull(),
            array_sort(array_distinct(flatten(collect_list(array).over(byNotice)))))
        .otherwise(array);
  }

  private static Column html(Column cell) {
    UDF1<String, String> f = RecallTexts::unescapeHtml;
    return TraceColumns.text(udf(f, DataTypes.StringType).withName("html_text").apply(cell));
  }

  private static Column english(Column title) {
    UDF1<String, Integer> f = RecallTexts::englishScore;
    return udf(f, DataTypes.IntegerType).withName("english_score").apply(title);
  }

  private static Column strings(UDF1<String, List<String>> f, String name, Column text) {
    return udf(f, STRINGS).withName(name).apply(text);
  }
}
