package org.dataelements.factory.curation.trace;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.PseudonymKey;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepEnvironment;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.curation.FileVersions;

/**
 * Residue inspections, {@code silver.trace__inspections}: one row per sample × analyte, from the
 * rapid tests of {@code bronze.farm_records__rapid_tests} (one row each, the lot canonical, the
 * inspector a keyed pseudonym) and from the UK PRiF sample sheets of {@code
 * bronze.pesticide_residues__sample_details} ({@link PrifSheets}: no lot, one row per residue a
 * sample names, one {@code not_detected} row for a sample with none). {@code result} is {@code
 * fail} when the value exceeds the limit (or the lab reported a failure), {@code pass} when it does
 * not, {@code not_detected} without a value, {@code no_limit} for a value without a limit.
 *
 * <p>Quarantine (rule_id, reason, field, value): for rapid tests no test_id, no analyte, a sampling
 * time that is missing, not a date-time or without offset, a value or limit that is not a number or
 * out of range, a result word not understood; for the sheets see {@link PrifSheets}; for both an
 * inspection_id with different contents (every version) and an exact repeat (kept once).
 */
public final class Inspections implements Step {
  public static final TableId BRONZE_RAPID_TESTS = TableId.bronze("farm_records", "rapid_tests");
  public static final TableId BRONZE_PRIF = TableId.bronze("pesticide_residues", "sample_details");
  public static final TableId INSPECTIONS = TableId.silver("trace", "inspections");

  static final String RAPID_TEST = "rapid_test";
  static final String PASS = "pass";
  static final String FAIL = "fail";
  static final String NOT_DETECTED = "not_detected";
  static final String NO_LIMIT = "no_limit";

  static final String RULE_NO_ID = "complete(test_id)";
  static final String RULE_NO_ANALYTE = "complete(analyte)";
  static final String RULE_NO_TIME = "complete(sampled_at)";
  static final String RULE_BAD_TIME = "parse(sampled_at)";
  static final String RULE_NO_OFFSET = "no_time_zone";
  static final String RULE_VALUE = "parse(value_mg_kg)";
  static final String RULE_NEGATIVE_VALUE = "non_negative(value_mg_kg)";
  static final String RULE_LIMIT = "parse(limit_mg_kg)";
  static final String RULE_LIMIT_RANGE = "positive(limit_mg_kg)";
  static final String RULE_RESULT = "known(result)";
  static final String RULE_CONFLICT = "duplicate_inspection_conflict";
  static final String RULE_REPEAT = "duplicate_inspection";

  /** Result words of rapid tests (lower case, trimmed), by the result they mean. */
  static final List<String> PASS_WORDS =
      List.of("pass", "passed", "ok", "qualified", "compliant", "合格");

  static final List<String> FAIL_WORDS =
      List.of(
          "fail",
          "failed",
          "positive",
          "unqualified",
          "non-compliant",
          "exceeded",
          "不合格",
          "阳性",
          "超标");
  static final List<String> NOT_DETECTED_WORDS =
      List.of("not_detected", "not detected", "nd", "n/d", "none", "negative", "未检出", "阴性");

  /** Value cells that say nothing was detected. */
  private static final String NOT_DETECTED_VALUE =
      "(?i)^(nd|n/d|not detected|none|未检出|<\\s*lod|<\\s*loq|-)$";

  static final Column[] OUTPUT = {
    col("inspection_id"),
    col("source"),
    col("lot_id"),
    col("sample_id"),
    col("commodity"),
    col("category"),
    col("origin"),
    col("sampling_point"),
    col("brand"),
    col("sampled_at"),
    col("lab"),
    col("analyte"),
    col("value_mg_kg"),
    col("limit_mg_kg"),
    col("result"),
    col("residue_text"),
    col("inspector"),
    col("source_file"),
    col("source_row")
  };

  private final StepEnvironment environment;

  /** Inspections whose inspectors are pseudonymized with the environment's key. */
  public Inspections(StepEnvironment environment) {
    this.environment = Objects.requireNonNull(environment, "environment is null");
  }

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "silver:trace__inspections",
        List.of(StepSpec.Input.optional(BRONZE_RAPID_TESTS), StepSpec.Input.optional(BRONZE_PRIF)),
        List.of(),
        INSPECTIONS,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    List<Dataset<Row>> parts = new ArrayList<>();
    in.table(BRONZE_RAPID_TESTS)
        .ifPresent(b -> parts.add(rapidTests(FileVersions.latest(b), environment.pseudonymKey())));
    in.table(BRONZE_PRIF).ifPresent(b -> parts.add(PrifSheets.results(FileVersions.latest(b))));
    if (parts.isEmpty()) {
      throw new IllegalStateException(
          "no inspection input: neither "
              + BRONZE_RAPID_TESTS
              + " nor "
              + BRONZE_PRIF
              + " exists; ingest the sources farm_records or pesticide_residues first");
    }
    Dataset<Row> all = parts.get(0);
    for (Dataset<Row> more : parts.subList(1, parts.size())) {
      all = all.unionByName(more);
    }
    Dataset<Row> judged =
        TraceRules.duplicates(
            all,
            col("inspection_id"),
            TraceRules.contentHash(
                col("source"),
                col("lot_id"),
                col("sample_id"),
                col("commodity"),
                col("origin"),
                col("sampled_at"),
                col("lab"),
                col("analyte"),
                col("value_mg_kg"),
                col("limit_mg_kg"),
                col("result"),
                col("inspector")),
            List.of(col("source_file"), col("source_row"), col("result_index"), col("row_hash")),
            "inspection",
            RULE_CONFLICT,
            RULE_REPEAT);
    Dataset<Row> rows = judged.where(col(TraceRules.RULE_ID).isNull()).select(OUTPUT);
    List<Column> quarantined = new ArrayList<>(List.of(OUTPUT));
    quarantined.add(col(TraceRules.FIELD));
    quarantined.add(col(TraceRules.VALUE));
    quarantined.add(col(TraceRules.RULE_ID));
    quarantined.add(col(TraceRules.REASON));
    quarantined.add(lit(in.runId()).as("run_id"));
    Dataset<Row> quarantine =
        judged
            .where(col(TraceRules.RULE_ID).isNotNull())
            .select(quarantined.toArray(Column[]::new));
    return StepOutput.of(INSPECTIONS, rows, quarantine);
  }

  /** Rapid tests, one result each, judged (rule_id set on the rows to quarantine). */
  static Dataset<Row> rapidTests(Dataset<Row> bronze, PseudonymKey key) {
    Column valueRaw = TraceColumns.text(TraceColumns.column(bronze, "value_mg_kg"));
    Column limitRaw = TraceColumns.text(TraceColumns.column(bronze, "limit_mg_kg"));
    Column resultRaw = lower(TraceColumns.text(TraceColumns.column(bronze, "result")));
    Dataset<Row> typed =
        bronze
            .select(
                TraceColumns.text(TraceColumns.column(bronze, "test_id")).as("test_id"),
                TraceIds.canonical(TraceColumns.text(TraceColumns.column(bronze, "lot_id")))
                    .as("lot_id"),
                TraceColumns.text(TraceColumns.column(bronze, "sampled_at")).as("sampled_raw"),
                TraceColumns.time(TraceColumns.column(bronze, "sampled_at")).as("_time"),
                TraceColumns.text(TraceColumns.column(bronze, "lab")).as("lab"),
                TraceColumns.text(TraceColumns.column(bronze, "analyte")).as("analyte"),
                valueRaw.as("value_raw"),
                when(valueRaw.rlike(NOT_DETECTED_VALUE), lit(true))
                    .otherwise(lit(false))
                    .as("value_nd"),
                TraceColumns.number(valueRaw).as("value_mg_kg"),
                limitRaw.as("limit_raw"),
                TraceColumns.number(limitRaw).as("limit_mg_kg"),
                resultRaw.as("result_raw"),
                Pseudonyms.of(
                        key, Pseudonyms.Kind.NAME, TraceColumns.column(bronze, "inspector_name"))
                    .as("inspector"),
                TraceColumns.column(bronze, "_source_file").as("source_file"),
                TraceRules.contentHash(Certificates.bronzeColumns(bronze)).as("row_hash"))
            .withColumn("sampled_at", col("_time.instant"));
    Column said =
        when(col("result_raw").isin(FAIL_WORDS.toArray()), lit(FAIL))
            .when(col("result_raw").isin(PASS_WORDS.toArray()), lit(PASS))
            .when(col("result_raw").isin(NOT_DETECTED_WORDS.toArray()), lit(NOT_DETECTED));
    Column value = col("value_mg_kg");
    Column limit = col("limit_mg_kg");
    Column result =
        when(said.equalTo(FAIL).or(coalesce(value.gt(limit), lit(false))), lit(FAIL))
            .when(
                value.isNull(),
                when(col("value_nd"), lit(NOT_DETECTED))
                    .otherwise(coalesce(said, lit(NOT_DETECTED))))
            .when(limit.isNotNull(), lit(PASS))
            .otherwise(coalesce(said, lit(NO_LIMIT)));
    Column id = coalesce(col("test_id"), lit("(no id)"));
    Column where =
        concat(lit("rapid test "), id, lit(" in "), coalesce(col("source_file"), lit("?")));
    Column kind = col("_time.kind");
    Dataset<Row> judged =
        TraceRules.judge(
            typed.withColumn("result", result),
            List.of(
                new TraceRules.Rule(
                    col("test_id").isNull(),
                    RULE_NO_ID,
                    "test_id",
                    col("test_id"),
                    concat(
                        lit("test_id is empty in "),
                        coalesce(col("source_file"), lit("?")),
                        lit(": a test cannot be referred to without its id"))),
                new TraceRules.Rule(
                    col("analyte").isNull(),
                    RULE_NO_ANALYTE,
                    "analyte",
                    col("analyte"),
                    concat(where, lit(": no analyte; what was tested for is unknown"))),
                new TraceRules.Rule(
                    kind.equalTo("MISSING"),
                    RULE_NO_TIME,
                    "sampled_at",
                    col("sampled_raw"),
                    concat(where, lit(": sampled_at is empty"))),
                new TraceRules.Rule(
                    kind.equalTo("UNPARSEABLE"),
                    RULE_BAD_TIME,
                    "sampled_at",
                    col("sampled_raw"),
                    concat(
                        where,
                        lit(": sampled_at '"),
                        col("sampled_raw"),
                        lit("' is not an ISO 8601 date-time (e.g. 2024-05-01T08:00:00+08:00)"))),
                new TraceRules.Rule(
                    kind.equalTo("NO_OFFSET"),
                    RULE_NO_OFFSET,
                    "sampled_at",
                    col("sampled_raw"),
                    concat(
                        where,
                        lit(": sampled_at '"),
                        col("sampled_raw"),
                        lit("' has no time-zone offset, so the instant is unknown"))),
                new TraceRules.Rule(
                    col("value_raw").isNotNull().and(value.isNull()).and(not(col("value_nd"))),
                    RULE_VALUE,
                    "value_mg_kg",
                    col("value_raw"),
                    concat(
                        where,
                        lit(": value_mg_kg '"),
                        col("value_raw"),
                        lit("' is not a number (ND or empty for nothing detected)"))),
                new TraceRules.Rule(
                    value.lt(0),
                    RULE_NEGATIVE_VALUE,
                    "value_mg_kg",
                    col("value_raw"),
                    concat(where, lit(": value_mg_kg "), col("value_raw"), lit(" is negative"))),
                new TraceRules.Rule(
                    col("limit_raw").isNotNull().and(limit.isNull()),
                    RULE_LIMIT,
                    "limit_mg_kg",
                    col("limit_raw"),
                    concat(
                        where, lit(": limit_mg_kg '"), col("limit_raw"), lit("' is not a number"))),
                new TraceRules.Rule(
                    limit.leq(0),
                    RULE_LIMIT_RANGE,
                    "limit_mg_kg",
                    col("limit_raw"),
                    concat(
                        where, lit(": limit_mg_kg "), col("limit_raw"), lit(" is not positive"))),
                new TraceRules.Rule(
                    col("result_raw").isNotNull().and(said.isNull()),
                    RULE_RESULT,
                    "result",
                    col("result_raw"),
                    concat(
                        where,
                        lit(": result '"),
                        col("result_raw"),
                        lit(
                            "' is not understood; use pass or fail (or not_detected), or leave"
                                + " it empty to judge by value and limit")))));
    return judged.select(
        col("test_id").as("inspection_id"),
        lit(RAPID_TEST).as("source"),
        col("lot_id"),
        col("test_id").as("sample_id"),
        lit(null).cast(DataTypes.StringType).as("commodity"),
        lit(null).cast(DataTypes.StringType).as("category"),
        lit(null).cast(DataTypes.StringType).as("origin"),
        lit(null).cast(DataTypes.StringType).as("sampling_point"),
        lit(null).cast(DataTypes.StringType).as("brand"),
        col("sampled_at"),
        col("lab"),
        col("analyte"),
        col("value_mg_kg"),
        col("limit_mg_kg"),
        col("result"),
        lit(null).cast(DataTypes.StringType).as("residue_text"),
        col("inspector"),
        col("source_file"),
        lit(null).cast(DataTypes.LongType).as("source_row"),
        lit(0).as("result_index"),
        col("row_hash"),
        col(TraceRules.RULE_ID),
        col(TraceRules.REASON),
        col(TraceRules.FIELD),
        col(TraceRules.VALUE));
  }
}
