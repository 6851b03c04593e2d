package org.dataelements.factory.curation.power;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.Incremental;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.curation.FileVersions;
import org.dataelements.factory.curation.RowRules;

/**
 * Daily meter readings, typed and in kWh: unparseable dates or values, unknown units, negative
 * readings, repeated identical readings and conflicting readings of one account and day go to
 * quarantine with their rule and reason; every other reading goes on. Grain account × day.
 */
public final class MeterDaily implements Step {
  static final String REASON = "reason";
  static final String RULE = "rule_id";

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "silver:power__meter_daily",
        List.of(StepSpec.Input.required(PowerTables.BRONZE_METER_DAILY)),
        List.of(),
        PowerTables.METER_DAILY,
        StepSpec.WriteMode.REPLACE);
  }

  /** The month of a raw or typed reading date, as yyyy-MM (null when it is no date). */
  static final String MONTH_OF_READING =
      "date_format(to_date(trim(cast(reading_date AS STRING)), 'yyyy-MM-dd'), 'yyyy-MM')";

  /**
   * Incremental by month: a reading is judged with the other readings of its account and day only
   * (and with the other versions of its file), so a month of output needs only that month's rows.
   */
  @Override
  public Optional<Incremental> incremental() {
    return Optional.of(
        new Incremental(
            Map.of(PowerTables.BRONZE_METER_DAILY, MONTH_OF_READING),
            Map.of(
                PowerTables.METER_DAILY,
                "reading_date",
                PowerTables.METER_DAILY.quarantine(),
                MONTH_OF_READING),
            Optional.of("_source_file"),
            Optional.of("source_file")));
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> bronze = in.table(PowerTables.BRONZE_METER_DAILY).orElseThrow();
    Dataset<Row> typed =
        FileVersions.latest(bronze)
            .select(
                trim(col("account_id")).as("account_id"),
                trim(col("region_code")).as("region_code"),
                trim(col("industry_code")).as("industry_code"),
                trim(col("customer_class")).as("customer_class"),
                col("reading_date").as("reading_date_raw"),
                to_date(trim(col("reading_date")), "yyyy-MM-dd").as("reading_date"),
                col("consumption").as("consumption_raw"),
                trim(col("consumption")).cast(DataTypes.DoubleType).as("consumption"),
                col("unit"),
                Units.toKwhFactor(col("unit")).as("kwh_factor"),
                col("_source_file").as("source_file"),
                col("_ingested_at"));
    RowRules rules =
        new RowRules(
            List.of(
                new RowRules.Rule(
                    col("account_id").isNull().or(col("account_id").equalTo("")),
                    "complete(account_id)",
                    lit("account_id is empty")),
                new RowRules.Rule(
                    col("reading_date").isNull(),
                    "parse(reading_date)",
                    concat(
                        lit("reading_date '"),
                        coalesce(col("reading_date_raw"), lit("")),
                        lit("' is not a date (yyyy-MM-dd)"))),
                new RowRules.Rule(
                    col("consumption").isNull(),
                    "parse(consumption)",
                    concat(
                        lit("consumption '"),
                        coalesce(col("consumption_raw"), lit("")),
                        lit("' is not a number"))),
                new RowRules.Rule(
                    col("kwh_factor").isNull(),
                    "known_unit(unit)",
                    concat(
                        lit("unit '"),
                        coalesce(col("unit"), lit("")),
                        lit("' is not a known energy unit"))),
                new RowRules.Rule(
                    col("consumption").lt(0),
                    "non_negative(consumption)",
                    concat(
                        lit("negative reading (a meter reset or a faulty meter): consumption="),
                        col("consumption_raw")))));
    Dataset<Row> checked =
        typed
            .withColumn("consumption_kwh", col("consumption").multiply(col("kwh_factor")))
            .withColumn(RULE, rules.ruleId())
            .withColumn(REASON, rules.reason());
    var sameDay = Window.partitionBy(col("account_id"), col("reading_date"));
    var ordered = sameDay.orderBy(col("_ingested_at"), col("source_file"), col("consumption_kwh"));
    Column valid = col(RULE).isNull();
    Dataset<Row> withDup =
        checked
            .withColumn("_min", min(when(valid, col("consumption_kwh"))).over(sameDay))
            .withColumn("_max", max(when(valid, col("consumption_kwh"))).over(sameDay))
            .withColumn("_n", row_number().over(ordered));
    Dataset<Row> flagged =
        withDup
            .withColumn("_conflicting", valid.and(col("_min").notEqual(col("_max"))))
            .withColumn(
                "_duplicate", valid.and(col("_min").equalTo(col("_max"))).and(col("_n").gt(1)));
    Dataset<Row> judged =
        flagged
            .withColumn(
                REASON,
                when(col("_conflicting"), lit("conflicting readings for the same account and day"))
                    .when(col("_duplicate"), lit("repeated identical reading (kept the first)"))
                    .otherwise(col(REASON)))
            .withColumn(
                RULE,
                when(col("_conflicting"), lit("unique(account_id,reading_date)"))
                    .when(col("_duplicate"), lit("duplicate(account_id,reading_date)"))
                    .otherwise(col(RULE)));
    Dataset<Row> rows =
        judged
            .filter(col(RULE).isNull())
            .select(
                col("account_id"),
                col("region_code"),
                when(col("industry_code").equalTo(""), lit(null))
                    .otherwise(col("industry_code"))
                    .as("industry_code"),
                col("customer_class"),
                col("reading_date"),
                col("consumption_kwh"),
                col("source_file"));
    Dataset<Row> quarantine =
        judged
            .filter(col(RULE).isNotNull())
            .select(
                col("account_id"),
                col("region_code"),
                col("industry_code"),
                col("customer_class"),
                col("reading_date_raw").as("reading_date"),
                col("consumption_raw").as("consumption"),
                col("unit"),
                col("source_file"),
                col(RULE),
                col(REASON),
                lit(in.runId()).as("run_id"));
    return StepOutput.of(PowerTables.METER_DAILY, rows, quarantine).withShared(judged);
  }
}
