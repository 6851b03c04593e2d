package org.dataelements.factory.curation.power;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.curation.FileVersions;
import org.dataelements.factory.curation.RowRules;

/**
 * Consumption per region × industry × month in kWh, from two kinds of input: daily meter readings
 * (summed per account and month, months with missing days imputed from the observed daily mean and
 * flagged, then aggregated with active account counts) and published monthly statistics (Wind
 * series named {@code <country>: <region>: Power Consumption}, whole society). Region names are
 * conformed to GB/T 2260 via conf/reference/regions.csv; a name not found keeps its own code
 * ({@code code_system = factory}). Published cells that are 0.00 (missing), unparseable, in an
 * unknown unit, or reported twice with different values go to quarantine.
 */
public final class ConsumptionMonthly implements Step {
  static final String REGIONS = "regions";
  /** Wind's naming of whole-society consumption series: "China: Beijing: Power Consumption". */
  static final String CONSUMPTION_SERIES = "(?i)^(?:(.+): )?([^:]+): (?:power|electricity) consumption$";

  @Override
  public StepSpec spec() {
    return new StepSpec(
        "silver:power__consumption_monthly",
        List.of(PowerTables.METER_DAILY, PowerTables.BRONZE_WIND_SERIES),
        List.of(REGIONS),
        PowerTables.CONSUMPTION_MONTHLY,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> regions = in.reference(REGIONS);
    Dataset<Row> rows = null;
    Dataset<Row> quarantine = null;
    Dataset<Row> shared = null;
    if (in.table(PowerTables.METER_DAILY).isPresent()) {
      rows = fromMeters(in.table(PowerTables.METER_DAILY).get(), regions);
    }
    if (in.table(PowerTables.BRONZE_WIND_SERIES).isPresent()) {
      Dataset<Row> judged = publishedCells(in.table(PowerTables.BRONZE_WIND_SERIES).get(), regions);
      shared = judged;
      Dataset<Row> good = judged.filter(col("rule_id").isNull()).select(OUTPUT_COLUMNS);
      rows = rows == null ? good : rows.unionByName(good);
      quarantine =
          judged
              .filter(col("rule_id").isNotNull())
              .select(
                  col("source_file"),
                  col("series_name"),
                  col("period"),
                  col("value_raw").as("value"),
                  col("unit"),
                  col("rule_id"),
                  col("reason"),
                  lit(in.runId()).as("run_id"));
    }
    if (rows == null) {
      throw new IllegalStateException(
          "no consumption input: neither " + PowerTables.METER_DAILY + " nor "
              + PowerTables.BRONZE_WIND_SERIES + " exists");
    }
    return new StepOutput(rows, Optional.ofNullable(quarantine), Optional.ofNullable(shared));
  }

  private static final Column[] OUTPUT_COLUMNS = {
    col("region_code"),
    col("region_name"),
    col("code_system"),
    col("industry_code"),
    col("month"),
    col("consumption_kwh"),
    col("account_count"),
    col("is_imputed"),
    col("is_published_statistic"),
    col("source")
  };

  static Dataset<Row> fromMeters(Dataset<Row> readings, Dataset<Row> regions) {
    Dataset<Row> perAccount =
        readings
            .withColumn("month", trunc(col("reading_date"), "month"))
            .withColumn(
                "industry_code",
                coalesce(
                    col("industry_code"),
                    when(col("customer_class").equalTo("residential_urban"), lit("HH_URBAN"))
                        .when(col("customer_class").equalTo("residential_rural"), lit("HH_RURAL"))
                        .otherwise(lit("UNKNOWN"))))
            .groupBy(col("account_id"), col("region_code"), col("industry_code"), col("month"))
            .agg(
                sum(col("consumption_kwh")).as("observed_kwh"),
                countDistinct(col("reading_date")).as("days_observed"))
            .withColumn("days_in_month", dayofmonth(last_day(col("month"))))
            .withColumn("is_imputed", col("days_observed").lt(col("days_in_month")))
            .withColumn(
                "consumption_kwh",
                col("observed_kwh").multiply(col("days_in_month")).divide(col("days_observed")));
    Dataset<Row> cells =
        perAccount
            .groupBy(col("region_code"), col("industry_code"), col("month"))
            .agg(
                sum(col("consumption_kwh")).as("consumption_kwh"),
                countDistinct(col("account_id")).as("account_count"),
                max(col("is_imputed")).as("is_imputed"));
    Dataset<Row> names =
        regions.select(
            col("region_code").as("ref_code"),
            col("name_en").as("region_name"),
            col("code_system"));
    return cells
        .join(names, cells.col("region_code").equalTo(names.col("ref_code")), "left")
        .withColumn("region_name", coalesce(col("region_name"), col("region_code")))
        .withColumn("code_system", coalesce(col("code_system"), lit("factory")))
        .withColumn("is_published_statistic", lit(false))
        .withColumn("source", lit("meter_readings"))
        .withColumn("account_count", col("account_count").cast(DataTypes.LongType))
        .select(OUTPUT_COLUMNS);
  }

  static Dataset<Row> publishedCells(Dataset<Row> bronze, Dataset<Row> regions) {
    Dataset<Row> series =
        FileVersions.latest(bronze)
            .filter(lower(trim(col("frequency"))).equalTo("month"))
            .filter(col("series_name").rlike(CONSUMPTION_SERIES))
            .filter(col("period").rlike("^\\d{4}-\\d{2}$"))
            .withColumn("region_label", trim(regexp_extract(col("series_name"), CONSUMPTION_SERIES, 2)))
            .withColumn("value_raw", col("value"))
            .withColumn(
                "value_num",
                regexp_replace(col("value"), "[,\\s]", "").cast(DataTypes.DoubleType))
            .withColumn("kwh_factor", Units.toKwhFactor(col("unit")))
            .withColumn("month", to_date(concat(col("period"), lit("-01"))))
            .withColumn("source_file", col("_source_file"));
    Dataset<Row> conformed = Regions.conform(series, regions, "region_label");
    RowRules rules = new RowRules(List.of(
        new RowRules.Rule(col("value_num").isNull(), "parse(value)",
            concat(lit("value '"), col("value_raw"), lit("' is not a number"))),
        new RowRules.Rule(col("value_num").equalTo(0), "missing(value)",
            lit("0.00 means not reported (missing), not zero")),
        new RowRules.Rule(col("kwh_factor").isNull(), "known_unit(unit)",
            concat(lit("unit '"), coalesce(col("unit"), lit("")), lit("' is not a known energy unit"))),
        new RowRules.Rule(col("value_num").lt(0), "non_negative(value)",
            concat(lit("negative value "), col("value_raw")))));
    Dataset<Row> typed =
        conformed
            .withColumn("rule_id", rules.ruleId())
            .withColumn("reason", rules.reason())
            .withColumn("consumption_kwh", col("value_num").multiply(col("kwh_factor")));
    var cell = Window.partitionBy(col("region_code"), col("month"));
    Column valid = col("rule_id").isNull();
    Dataset<Row> judged =
        typed
            .withColumn("_values", size(collect_set(when(valid, col("consumption_kwh"))).over(cell)))
            .withColumn(
                "_all_values",
                concat_ws(" vs ", collect_set(when(valid, col("value_raw"))).over(cell)))
            .withColumn("_n", row_number().over(cell.orderBy(col("source_file"), col("series_column"))));
    return judged
        .withColumn("_conflicting", valid.and(col("_values").gt(1)))
        .withColumn("_repeated", valid.and(col("_values").equalTo(1)).and(col("_n").gt(1)))
        .withColumn(
            "reason",
            when(col("_conflicting"), concat(lit("month reported twice with different values: "), col("_all_values")))
                .when(col("_repeated"), lit("month reported again with the same value (kept the first)"))
                .otherwise(col("reason")))
        .withColumn(
            "rule_id",
            when(col("_conflicting"), lit("unique(region_code,month)"))
                .when(col("_repeated"), lit("duplicate(region_code,month)"))
                .otherwise(col("rule_id")))
        .withColumn("industry_code", lit("ALL"))
        .withColumn("account_count", lit(null).cast(DataTypes.LongType))
        .withColumn("is_imputed", lit(false))
        .withColumn("is_published_statistic", lit(true))
        .withColumn("source", lit("published_statistics"));
  }
}
