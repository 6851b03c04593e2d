package org.dataelements.factory.curation.power;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.Incremental;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;

/**
 * Consumption per region × industry × month in kWh, from every electricity source that landed:
 *
 * <ul>
 *   <li>daily meter readings: summed per account and month, months with missing days scaled to the
 *       whole month and flagged ({@code imputation = scaled_to_month}), then aggregated with active
 *       account counts and the largest account's share (for disclosure control);
 *   <li>published statistics in Wind exports ({@link PublishedSeries}): provincial totals, national
 *       consumption by industry, year-to-date sector series differenced within each year,
 *       January–February combined figures kept as one row on January 1;
 *   <li>half-hourly operator demand (AEMO, Victoria): summed per local month.
 * </ul>
 *
 * Regions are conformed to GB/T 2260 / ISO 3166 (conf/reference/regions.csv), industries to GB/T
 * 4754 (conf/reference/industries.csv); names not found keep codes of their own ({@code X_…}). Key
 * (region_code, industry_code, month, source): each source stays a series of its own and gold
 * chooses one per region and index.
 */
public final class ConsumptionMonthly implements Step {
  static final String REGIONS = "regions";
  static final String INDUSTRIES = "industries";

  /** Source labels, one per kind of input. */
  public static final String METERS = "meter_readings";

  public static final String PUBLISHED_MONTHLY = "published_monthly";
  public static final String PUBLISHED_YTD = "published_ytd";
  public static final String OPERATOR_DEMAND = "operator_demand";

  static final Column[] OUTPUT_COLUMNS = {
    col("region_code"),
    col("region_name"),
    col("code_system"),
    col("industry_code"),
    col("industry_name"),
    col("month"),
    col("months_covered"),
    col("consumption_kwh"),
    col("account_count"),
    col("max_account_kwh"),
    col("is_imputed"),
    col("imputation"),
    col("is_published_statistic"),
    col("is_jan_feb_combined"),
    col("derived_from_ytd"),
    col("source"),
    col("source_series")
  };

  /** The quarantine's columns, shared by every kind of input. */
  static final Column[] QUARANTINE_COLUMNS = {
    col("source_file"),
    col("series_name"),
    col("period"),
    col("value"),
    col("unit"),
    col("rule_id"),
    col("reason")
  };

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "silver:power__consumption_monthly",
        List.of(
            StepSpec.Input.optional(PowerTables.METER_DAILY),
            StepSpec.Input.optional(PowerTables.BRONZE_WIND_SERIES),
            StepSpec.Input.optional(PowerTables.BRONZE_OPERATOR_DEMAND)),
        List.of(REGIONS, INDUSTRIES),
        PowerTables.CONSUMPTION_MONTHLY,
        StepSpec.WriteMode.REPLACE);
  }

  /**
   * Incremental by month over the meter readings: a month's cells come from that month's readings
   * only. Published statistics and operator demand are read whole (small), so a change there, or
   * anywhere else, rebuilds the table; their quarantine is then left as it is.
   */
  @Override
  public Optional<Incremental> incremental() {
    return Optional.of(
        new Incremental(
            Map.of(PowerTables.METER_DAILY, "reading_date"),
            Map.of(PowerTables.CONSUMPTION_MONTHLY, "month"),
            Optional.empty()));
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> regions = in.reference(REGIONS);
    Dataset<Row> industries = in.reference(INDUSTRIES);
    List<Dataset<Row>> rows = new ArrayList<>();
    List<Dataset<Row>> quarantines = new ArrayList<>();
    Dataset<Row> shared = null;
    in.table(PowerTables.METER_DAILY).ifPresent(r -> rows.add(fromMeters(r, regions, industries)));
    if (in.table(PowerTables.BRONZE_WIND_SERIES).isPresent()) {
      Dataset<Row> judged =
          PublishedSeries.judge(
              in.table(PowerTables.BRONZE_WIND_SERIES).get(), regions, industries);
      shared = judged;
      rows.add(judged.filter(col("rule_id").isNull()).select(OUTPUT_COLUMNS));
      quarantines.add(judged.filter(col("rule_id").isNotNull()).select(QUARANTINE_COLUMNS));
    }
    if (in.table(PowerTables.BRONZE_OPERATOR_DEMAND).isPresent()) {
      Dataset<Row> judged =
          OperatorDemand.judge(in.table(PowerTables.BRONZE_OPERATOR_DEMAND).get());
      rows.add(OperatorDemand.monthly(judged.filter(col("rule_id").isNull()), regions));
      quarantines.add(judged.filter(col("rule_id").isNotNull()).select(QUARANTINE_COLUMNS));
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException(
          "no consumption input: none of "
              + PowerTables.METER_DAILY
              + ", "
              + PowerTables.BRONZE_WIND_SERIES
              + ", "
              + PowerTables.BRONZE_OPERATOR_DEMAND
              + " exists");
    }
    Dataset<Row> out = rows.stream().reduce(Dataset::unionByName).orElseThrow();
    Optional<Dataset<Row>> quarantine =
        quarantines.stream()
            .reduce(Dataset::unionByName)
            .map(q -> q.withColumn("run_id", lit(in.runId())));
    StepOutput result =
        quarantine.isPresent()
            ? StepOutput.of(PowerTables.CONSUMPTION_MONTHLY, out, quarantine.get())
            : StepOutput.of(PowerTables.CONSUMPTION_MONTHLY, out);
    return shared == null ? result : result.withShared(shared);
  }

  static Dataset<Row> fromMeters(
      Dataset<Row> readings, Dataset<Row> regions, Dataset<Row> industries) {
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
                // Silver readings are unique per account and day (repeats and conflicts
                // quarantined,
                // a fail check guards it), so counting rows counts days without a distinct shuffle.
                count(lit(1)).as("days_observed"))
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
                max(col("consumption_kwh")).as("max_account_kwh"),
                max(col("is_imputed")).as("is_imputed"));
    Dataset<Row> names =
        regions.select(
            col("region_code").as("ref_code"),
            col("name_en").as("region_name"),
            col("code_system"));
    return Industries.name(
            cells
                .join(
                    org.apache.spark.sql.functions.broadcast(names),
                    cells.col("region_code").equalTo(names.col("ref_code")),
                    "left")
                .withColumn("region_name", coalesce(col("region_name"), col("region_code")))
                .withColumn("code_system", coalesce(col("code_system"), lit("factory"))),
            industries)
        .withColumn("months_covered", lit(1))
        .withColumn("imputation", when(col("is_imputed"), lit("scaled_to_month")))
        .withColumn("is_published_statistic", lit(false))
        .withColumn("is_jan_feb_combined", lit(false))
        .withColumn("derived_from_ytd", lit(false))
        .withColumn("source", lit(METERS))
        .withColumn("source_series", lit(null).cast(DataTypes.StringType))
        .withColumn("account_count", col("account_count").cast(DataTypes.LongType))
        .select(OUTPUT_COLUMNS);
  }

  /** Trimmed text, null when empty. */
  static Column text(Column c) {
    return when(trim(c).equalTo(""), lit(null)).otherwise(trim(c));
  }

  /** A textual value with a message-friendly fallback. */
  static Column shown(Column c) {
    return coalesce(c, lit(""));
  }

  /** "value 'x' is not a number" style fragments. */
  static Column quoted(String field, Column raw, String what) {
    return concat(lit(field + " '"), shown(raw), lit("' " + what));
  }
}
