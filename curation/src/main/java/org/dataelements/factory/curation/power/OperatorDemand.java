package org.dataelements.factory.curation.power;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.curation.FileVersions;
import org.dataelements.factory.curation.RowRules;

/**
 * Half-hourly operator demand (AEMO's Victorian demand, MWh per half hour, with the local date):
 * summed per local month to kWh. A month with days missing is scaled to the whole month and flagged
 * ({@code imputation = scaled_to_month}). The source object is Victoria's demand, so its region is
 * Victoria (ISO 3166-2 AU-VIC via the region list).
 */
final class OperatorDemand {
  static final String REGION_LABEL = "Victoria";

  private OperatorDemand() {}

  /** Every half-hour row with rule_id/reason (null when kept) and the quarantine's columns. */
  static Dataset<Row> judge(Dataset<Row> bronze) {
    Dataset<Row> typed =
        FileVersions.latest(bronze)
            .withColumn("day", to_date(trim(col("Date"))))
            .withColumn("mwh", trim(col("Demand")).cast(DataTypes.DoubleType))
            .withColumn("source_file", col("_source_file"))
            .withColumn("series_name", lit("Demand"))
            .withColumn("period", col("Time"))
            .withColumn("value", col("Demand"))
            .withColumn("unit", lit("MWh per half hour"));
    RowRules rules =
        new RowRules(
            List.of(
                new RowRules.Rule(
                    col("day").isNull(),
                    "parse(Date)",
                    ConsumptionMonthly.quoted("Date", col("Date"), "is not a date")),
                new RowRules.Rule(
                    col("mwh").isNull(),
                    "parse(Demand)",
                    ConsumptionMonthly.quoted("Demand", col("Demand"), "is not a number")),
                new RowRules.Rule(
                    col("mwh").lt(0),
                    "non_negative(Demand)",
                    ConsumptionMonthly.quoted("Demand", col("Demand"), "is negative"))));
    return typed.withColumn("rule_id", rules.ruleId()).withColumn("reason", rules.reason());
  }

  /** Kept half-hours summed per month, in the silver columns. */
  static Dataset<Row> monthly(Dataset<Row> kept, Dataset<Row> regions) {
    Dataset<Row> months =
        kept.groupBy(trunc(col("day"), "month").as("month"))
            .agg(
                sum(col("mwh")).multiply(1000).as("observed_kwh"),
                countDistinct(col("day")).as("days_observed"),
                count(lit(1)).as("intervals"))
            .withColumn("days_in_month", dayofmonth(last_day(col("month"))))
            .withColumn("region_label", lit(REGION_LABEL));
    Column imputed = col("days_observed").lt(col("days_in_month"));
    return Regions.conform(months, regions, "region_label")
        .withColumn("industry_code", lit("ALL"))
        .withColumn("industry_name", lit("Whole society (all consumers)"))
        .withColumn("months_covered", lit(1))
        .withColumn(
            "consumption_kwh",
            col("observed_kwh").multiply(col("days_in_month")).divide(col("days_observed")))
        .withColumn("account_count", lit(null).cast(DataTypes.LongType))
        .withColumn("max_account_kwh", lit(null).cast(DataTypes.DoubleType))
        .withColumn("is_imputed", imputed)
        .withColumn("imputation", when(imputed, lit("scaled_to_month")))
        .withColumn("is_published_statistic", lit(true))
        .withColumn("is_jan_feb_combined", lit(false))
        .withColumn("derived_from_ytd", lit(false))
        .withColumn("source", lit(ConsumptionMonthly.OPERATOR_DEMAND))
        .withColumn("source_series", lit("Demand (MWh per half hour)"))
        .select(ConsumptionMonthly.OUTPUT_COLUMNS);
  }
}
