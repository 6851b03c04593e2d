package org.dataelements.factory.curation.trace;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
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
 * Certificates of conformity (合格证) from {@code bronze.farm_records__certificates} into {@code
 * silver.trace__certificates}: one row per certificate, the lot canonical ({@link
 * TraceIds#canonical}), quantity a number, issued_on a date, and the issuer's and contact's name,
 * phone and address as keyed pseudonyms ({@link Pseudonyms}).
 *
 * <p>Quarantine (one row per bronze row; rule_id, reason, field, value; personal values only as
 * pseudonyms): no certificate_id, no lot_id, a quantity that is missing, not a number or not
 * positive, an issue date that is missing or not a date, a certificate_id with different contents
 * (every version) and an exact repeat (kept once). Bronze rows = certificates + quarantined.
 */
public final class Certificates implements Step {
  public static final TableId BRONZE = TableId.bronze("farm_records", "certificates");
  public static final TableId CERTIFICATES = TableId.silver("trace", "certificates");

  static final String RULE_NO_ID = "complete(certificate_id)";
  static final String RULE_NO_LOT = "complete(lot_id)";
  static final String RULE_QUANTITY = "parse(quantity)";
  static final String RULE_NOT_POSITIVE = "positive(quantity)";
  static final String RULE_DATE = "parse(issued_on)";
  static final String RULE_CONFLICT = "duplicate_certificate_conflict";
  static final String RULE_REPEAT = "duplicate_certificate";

  private static final Column[] OUTPUT = {
    col("certificate_id"),
    col("lot_id"),
    col("product"),
    col("quantity"),
    col("uom"),
    col("origin_farm_id"),
    col("origin_region_code"),
    col("issuer"),
    col("contact"),
    col("contact_phone"),
    col("contact_address"),
    col("basis"),
    col("issued_on"),
    col("source_file")
  };

  private final StepEnvironment environment;

  /** Certificates pseudonymized with the environment's key (asked for when the step runs). */
  public Certificates(StepEnvironment environment) {
    this.environment = java.util.Objects.requireNonNull(environment, "environment is null");
  }

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "silver:trace__certificates",
        List.of(StepSpec.Input.required(BRONZE)),
        List.of(),
        CERTIFICATES,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    PseudonymKey key = environment.pseudonymKey();
    Dataset<Row> bronze = FileVersions.latest(in.table(BRONZE).orElseThrow());
    Dataset<Row> typed = typed(bronze, key);
    Column file = coalesce(col("source_file"), lit("?"));
    Dataset<Row> judged =
        TraceRules.judge(
            typed,
            List.of(
                new TraceRules.Rule(
                    col("certificate_id").isNull(),
                    RULE_NO_ID,
                    "certificate_id",
                    col("certificate_id"),
                    concat(
                        lit("certificate_id is empty in "),
                        file,
                        lit(": a certificate cannot be referred to without its number"))),
                new TraceRules.Rule(
                    col("lot_id").isNull(),
                    RULE_NO_LOT,
                    "lot_id",
                    col("lot_id"),
                    concat(
                        lit("certificate "),
                        col("certificate_id"),
                        lit(" in "),
                        file,
                        lit(" names no lot_id: it certifies nothing traceable"))),
                new TraceRules.Rule(
                    col("quantity").isNull(),
                    RULE_QUANTITY,
                    "quantity",
                    col("quantity_raw"),
                    concat(
                        lit("certificate "),
                        col("certificate_id"),
                        lit(" in "),
                        file,
                        lit(": quantity '"),
                        coalesce(col("quantity_raw"), lit("")),
                        lit("' is not a number"))),
                new TraceRules.Rule(
                    col("quantity").leq(0),
                    RULE_NOT_POSITIVE,
                    "quantity",
                    col("quantity_raw"),
                    concat(
                        lit("certificate "),
                        col("certificate_id"),
                        lit(" in "),
                        file,
                        lit(": quantity "),
                        col("quantity_raw"),
                        lit(" is not positive; a certificate covers some goods"))),
                new TraceRules.Rule(
                    col("issued_on").isNull(),
                    RULE_DATE,
                    "issued_on",
                    col("issued_on_raw"),
                    concat(
                        lit("certificate "),
                        col("certificate_id"),
                        lit(" in "),
                        file,
                        lit(": issued_on '"),
                        coalesce(col("issued_on_raw"), lit("")),
                        lit("' is not a date (e.g. 2024-05-01, 2024/5/1, 2024年5月1日)")))));
    judged =
        TraceRules.duplicates(
            judged,
            col("certificate_id"),
            TraceRules.contentHash(
                col("lot_id"),
                col("product"),
                col("quantity"),
                col("uom"),
                col("origin_farm_id"),
                col("origin_region_code"),
                col("issuer"),
                col("contact"),
                col("contact_phone"),
                col("contact_address"),
                col("basis"),
                col("issued_on")),
            List.of(col("source_file"), col("row_hash")),
            "certificate",
            RULE_CONFLICT,
            RULE_REPEAT);
    Dataset<Row> rows = judged.where(col(TraceRules.RULE_ID).isNull()).select(OUTPUT);
    Dataset<Row> quarantine =
        judged
            .where(col(TraceRules.RULE_ID).isNotNull())
            .select(
                col("certificate_id"),
                col("lot_id"),
                col("product"),
                col("quantity_raw").as("quantity"),
                col("uom"),
                col("origin_farm_id"),
                col("origin_region_code"),
                col("issuer"),
                col("contact"),
                col("contact_phone"),
                col("contact_address"),
                col("basis"),
                col("issued_on_raw").as("issued_on"),
                col("source_file"),
                col(TraceRules.FIELD),
                col(TraceRules.VALUE),
                col(TraceRules.RULE_ID),
                col(TraceRules.REASON),
                lit(in.runId()).as("run_id"));
    return StepOutput.of(CERTIFICATES, rows, quarantine);
  }

  /** Bronze rows typed, personal values pseudonymized (the raw ones dropped here). */
  static Dataset<Row> typed(Dataset<Row> bronze, PseudonymKey key) {
    Column lot = TraceColumns.text(TraceColumns.column(bronze, "lot_id"));
    return bronze.select(
        TraceColumns.text(TraceColumns.column(bronze, "certificate_id")).as("certificate_id"),
        TraceIds.canonical(lot).as("lot_id"),
        TraceColumns.text(TraceColumns.column(bronze, "product")).as("product"),
        TraceColumns.text(TraceColumns.column(bronze, "quantity")).as("quantity_raw"),
        TraceColumns.number(TraceColumns.column(bronze, "quantity")).as("quantity"),
        TraceColumns.text(TraceColumns.column(bronze, "uom")).as("uom"),
        TraceColumns.text(TraceColumns.column(bronze, "origin_farm_id")).as("origin_farm_id"),
        TraceColumns.text(TraceColumns.column(bronze, "origin_region_code"))
            .as("origin_region_code"),
        Pseudonyms.of(key, Pseudonyms.Kind.NAME, TraceColumns.column(bronze, "issuer_name"))
            .as("issuer"),
        Pseudonyms.of(key, Pseudonyms.Kind.NAME, TraceColumns.column(bronze, "contact_name"))
            .as("contact"),
        Pseudonyms.of(key, Pseudonyms.Kind.PHONE, TraceColumns.column(bronze, "contact_phone"))
            .as("contact_phone"),
        Pseudonyms.of(key, Pseudonyms.Kind.ADDRESS, TraceColumns.column(bronze, "contact_address"))
            .as("contact_address"),
        TraceColumns.text(TraceColumns.column(bronze, "basis")).as("basis"),
        TraceColumns.text(TraceColumns.column(bronze, "issued_on")).as("issued_on_raw"),
        TraceColumns.date(
                TraceColumns.column(bronze, "issued_on"), DeliveredTimes.DateStyle.YEAR_FIRST)
            .as("issued_on"),
        TraceColumns.column(bronze, "_source_file").as("source_file"),
        TraceRules.contentHash(bronzeColumns(bronze)).as("row_hash"));
  }

  /** Every bronze column but the audit ones, for a stable order among a file's repeated rows. */
  static Column[] bronzeColumns(Dataset<Row> bronze) {
    return java.util.Arrays.stream(bronze.columns())
        .filter(c -> !c.startsWith("_"))
        .map(c -> col("`" + c + "`"))
        .toArray(Column[]::new);
  }
}
