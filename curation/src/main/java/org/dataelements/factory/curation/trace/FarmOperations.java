package org.dataelements.factory.curation.trace;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.PseudonymKey;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepEnvironment;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.curation.FileVersions;

/**
 * Farm operation records (planting, spraying, feeding, veterinary drugs, harvest, slaughter) from
 * {@code bronze.farm_records__operations} into {@code silver.trace__farm_operations}: one row per
 * operation, the lot canonical ({@link TraceIds#canonical}), the substance lower case, the dose a
 * number, the time in UTC with the offset it was recorded with, the prefecture's name from
 * conf/reference/regions.csv, and the farmer's name, phone and the farm's address as keyed
 * pseudonyms ({@link Pseudonyms}).
 *
 * <p>Quarantine (one row per bronze row; rule_id, reason, field, value; personal values only as
 * pseudonyms): no operation_id, an operation not in the list, a time that is missing, not a
 * date-time or has no time-zone offset, a spraying without substance or without dose, a dose that
 * is not a number or negative, an operation_id with different contents (every version) and an exact
 * repeat (kept once). Bronze rows = operations + quarantined.
 */
public final class FarmOperations implements Step {
  public static final TableId BRONZE = TableId.bronze("farm_records", "operations");
  public static final TableId FARM_OPERATIONS = TableId.silver("trace", "farm_operations");

  /** The operations a farm record may hold. */
  public static final List<String> OPERATIONS =
      List.of("planting", "spraying", "feeding", "veterinary_drug", "harvest", "slaughter");

  static final String REGIONS = "regions";
  static final String SPRAYING = "spraying";

  static final String RULE_NO_ID = "complete(operation_id)";
  static final String RULE_OPERATION = "known(operation)";
  static final String RULE_NO_TIME = "complete(operated_at)";
  static final String RULE_BAD_TIME = "parse(operated_at)";
  static final String RULE_NO_OFFSET = "no_time_zone";
  static final String RULE_SPRAY_SUBSTANCE = "spraying_needs_substance";
  static final String RULE_SPRAY_DOSE = "spraying_needs_dose";
  static final String RULE_DOSE = "parse(dose)";
  static final String RULE_NEGATIVE_DOSE = "non_negative(dose)";
  static final String RULE_CONFLICT = "duplicate_operation_conflict";
  static final String RULE_REPEAT = "duplicate_operation";

  private static final Column[] OUTPUT = {
    col("operation_id"),
    col("farm_id"),
    col("farm_name"),
    col("farmer"),
    col("farmer_phone"),
    col("farm_address"),
    col("prefecture_code"),
    col("region_name"),
    col("product_line"),
    col("lot_id"),
    col("operation"),
    col("substance"),
    col("dose"),
    col("dose_unit"),
    col("operated_at"),
    col("operated_at_offset"),
    col("source_file")
  };

  private final StepEnvironment environment;

  /** Farm operations pseudonymized with the environment's key (asked for when the step runs). */
  public FarmOperations(StepEnvironment environment) {
    this.environment = Objects.requireNonNull(environment, "environment is null");
  }

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "silver:trace__farm_operations",
        List.of(StepSpec.Input.required(BRONZE)),
        List.of(REGIONS),
        FARM_OPERATIONS,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    PseudonymKey key = environment.pseudonymKey();
    Dataset<Row> bronze = FileVersions.latest(in.table(BRONZE).orElseThrow());
    Dataset<Row> typed = withRegionNames(typed(bronze, key), in.reference(REGIONS));
    Column id = coalesce(col("operation_id"), lit("(no id)"));
    Column where =
        concat(lit("operation "), id, lit(" in "), coalesce(col("source_file"), lit("?")));
    Column spraying = col("operation").equalTo(SPRAYING);
    Column kind = col("_time.kind");
    Dataset<Row> judged =
        TraceRules.judge(
            typed,
            List.of(
                new TraceRules.Rule(
                    col("operation_id").isNull(),
                    RULE_NO_ID,
                    "operation_id",
                    col("operation_id"),
                    concat(
                        lit("operation_id is empty in "),
                        coalesce(col("source_file"), lit("?")),
                        lit(": an operation cannot be referred to without its id"))),
                new TraceRules.Rule(
                    not(coalesce(col("operation").isin(OPERATIONS.toArray()), lit(false))),
                    RULE_OPERATION,
                    "operation",
                    col("operation_raw"),
                    concat(
                        where,
                        lit(": operation '"),
                        coalesce(col("operation_raw"), lit("")),
                        lit("' is not one of " + String.join(", ", OPERATIONS)))),
                new TraceRules.Rule(
                    kind.equalTo("MISSING"),
                    RULE_NO_TIME,
                    "operated_at",
                    col("operated_at_raw"),
                    concat(where, lit(": operated_at is empty; when it happened is unknown"))),
                new TraceRules.Rule(
                    kind.equalTo("UNPARSEABLE"),
                    RULE_BAD_TIME,
                    "operated_at",
                    col("operated_at_raw"),
                    concat(
                        where,
                        lit(": operated_at '"),
                        col("operated_at_raw"),
                        lit("' is not an ISO 8601 date-time (e.g. 2024-05-01T08:00:00+08:00)"))),
                new TraceRules.Rule(
                    kind.isin("NO_OFFSET", "DATE_ONLY"),
                    RULE_NO_OFFSET,
                    "operated_at",
                    col("operated_at_raw"),
                    concat(
                        where,
                        lit(": operated_at '"),
                        col("operated_at_raw"),
                        when(kind.equalTo("DATE_ONLY"), lit("' is a date without time and"))
                            .otherwise(lit("'")),
                        lit(
                            " has no time-zone offset, so the instant is unknown; write it as"
                                + " e.g. 2024-05-01T08:00:00+08:00"))),
                new TraceRules.Rule(
                    spraying.and(col("substance").isNull()),
                    RULE_SPRAY_SUBSTANCE,
                    "substance",
                    col("substance"),
                    concat(
                        where,
                        lit(
                            ": a spraying without a substance; what was sprayed decides what the"
                                + " lot must be tested for"))),
                new TraceRules.Rule(
                    spraying.and(col("dose_raw").isNull()),
                    RULE_SPRAY_DOSE,
                    "dose",
                    col("dose_raw"),
                    concat(
                        where, lit(": a spraying of "), col("substance"), lit(" without a dose"))),
                new TraceRules.Rule(
                    col("dose_raw").isNotNull().and(col("dose").isNull()),
                    RULE_DOSE,
                    "dose",
                    col("dose_raw"),
                    concat(where, lit(": dose '"), col("dose_raw"), lit("' is not a number"))),
                new TraceRules.Rule(
                    col("dose").lt(0),
                    RULE_NEGATIVE_DOSE,
                    "dose",
                    col("dose_raw"),
                    concat(where, lit(": dose "), col("dose_raw"), lit(" is negative")))));
    judged =
        TraceRules.duplicates(
            judged,
            col("operation_id"),
            TraceRules.contentHash(
                col("farm_id"),
                col("farm_name"),
                col("farmer"),
                col("farmer_phone"),
                col("farm_address"),
                col("prefecture_code"),
                col("product_line"),
                col("lot_id"),
                col("operation"),
                col("substance"),
                col("dose"),
                col("dose_unit"),
                col("operated_at"),
                col("operated_at_offset")),
            List.of(col("source_file"), col("row_hash")),
            "farm operation",
            RULE_CONFLICT,
            RULE_REPEAT);
    Dataset<Row> rows = judged.where(col(TraceRules.RULE_ID).isNull()).select(OUTPUT);
    Dataset<Row> quarantine =
        judged
            .where(col(TraceRules.RULE_ID).isNotNull())
            .select(
                col("operation_id"),
                col("farm_id"),
                col("farm_name"),
                col("farmer"),
                col("farmer_phone"),
                col("farm_address"),
                col("prefecture_code"),
                col("product_line"),
                col("lot_id"),
                col("operation_raw").as("operation"),
                col("substance"),
                col("dose_raw").as("dose"),
                col("dose_unit"),
                col("operated_at_raw").as("operated_at"),
                col("source_file"),
                col(TraceRules.FIELD),
                col(TraceRules.VALUE),
                col(TraceRules.RULE_ID),
                col(TraceRules.REASON),
                lit(in.runId()).as("run_id"));
    return StepOutput.of(FARM_OPERATIONS, rows, quarantine);
  }

  /** Bronze rows typed, personal values pseudonymized (the raw ones dropped here). */
  static Dataset<Row> typed(Dataset<Row> bronze, PseudonymKey key) {
    Column operation = TraceColumns.text(TraceColumns.column(bronze, "operation"));
    Column operatedAt = TraceColumns.column(bronze, "operated_at");
    return bronze
        .select(
            TraceColumns.text(TraceColumns.column(bronze, "operation_id")).as("operation_id"),
            TraceColumns.text(TraceColumns.column(bronze, "farm_id")).as("farm_id"),
            TraceColumns.text(TraceColumns.column(bronze, "farm_name")).as("farm_name"),
            Pseudonyms.of(key, Pseudonyms.Kind.NAME, TraceColumns.column(bronze, "farmer_name"))
                .as("farmer"),
            Pseudonyms.of(key, Pseudonyms.Kind.PHONE, TraceColumns.column(bronze, "farmer_phone"))
                .as("farmer_phone"),
            Pseudonyms.of(key, Pseudonyms.Kind.ADDRESS, TraceColumns.column(bronze, "farm_address"))
                .as("farm_address"),
            TraceColumns.text(TraceColumns.column(bronze, "prefecture_code")).as("prefecture_code"),
            lower(TraceColumns.text(TraceColumns.column(bronze, "product_line")))
                .as("product_line"),
            TraceIds.canonical(TraceColumns.text(TraceColumns.column(bronze, "lot_id")))
                .as("lot_id"),
            operation.as("operation_raw"),
            regexp_replace(lower(operation), "[\\s-]+", "_").as("operation"),
            lower(TraceColumns.text(TraceColumns.column(bronze, "substance"))).as("substance"),
            TraceColumns.text(TraceColumns.column(bronze, "dose")).as("dose_raw"),
            TraceColumns.number(TraceColumns.column(bronze, "dose")).as("dose"),
            TraceColumns.text(TraceColumns.column(bronze, "dose_unit")).as("dose_unit"),
            TraceColumns.text(operatedAt).as("operated_at_raw"),
            TraceColumns.time(operatedAt).as("_time"),
            TraceColumns.column(bronze, "_source_file").as("source_file"),
            TraceRules.contentHash(Certificates.bronzeColumns(bronze)).as("row_hash"))
        .withColumn("operated_at", col("_time.instant"))
        .withColumn("operated_at_offset", col("_time.offset"));
  }

  /** Adds region_name (English name of regions.csv; null for a code the list does not know). */
  private static Dataset<Row> withRegionNames(Dataset<Row> ops, Dataset<Row> regions) {
    Dataset<Row> names =
        regions
            .select(
                trim(col("region_code")).as("_ref_code"), trim(col("name_en")).as("region_name"))
            .dropDuplicates("_ref_code");
    return ops.join(
            broadcast(names), ops.col("prefecture_code").equalTo(names.col("_ref_code")), "left")
        .drop("_ref_code");
  }
}
