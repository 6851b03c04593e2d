package org.dataelements.factory.products.electricityindex;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;

/**
 * {@code lake.electricity_index.monthly_indices}: per region × month, the {@code total} index of
 * electricity consumption with base period = 100 (the mean month of the base year; a series not
 * covering it takes its first complete year, flagged {@code base_fallback}), year-on-year change,
 * and the index on daily averages (leap-day adjusted). Per region one source is used: published
 * statistics where they exist for that region and month, else metered consumption.
 */
public final class MonthlyIndices implements Step {
  public static final TableId TABLE = TableId.gold("electricity_index", "monthly_indices");
  static final TableId CONSUMPTION = TableId.silver("power", "consumption_monthly");
  static final String DEFAULT_BASE_YEAR = "2020";

  private final int baseYear;

  public MonthlyIndices(int baseYear) {
    this.baseYear = baseYear;
  }

  /**
   * Reads the base year from the product spec ({@code parameters.base_year}).
   *
   * @throws org.dataelements.factory.core.InvalidSpecException when it is not a year
   */
  public static MonthlyIndices from(ProductSpec spec) {
    String raw = spec.parameter("base_year", DEFAULT_BASE_YEAR);
    if (!raw.matches("\\d{4}")) {
      throw new org.dataelements.factory.core.InvalidSpecException(
          List.of("products/" + spec.name() + ".yaml: parameters.base_year '" + raw
              + "' is not a year; use four digits, e.g. 2020"));
    }
    return new MonthlyIndices(Integer.parseInt(raw));
  }

  @Override
  public String parameters() {
    return "base_year=" + baseYear;
  }

  @Override
  public StepSpec spec() {
    return new StepSpec(
        "gold:electricity_index.monthly_indices",
        List.of(CONSUMPTION),
        List.of(),
        TABLE,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> consumption = in.table(CONSUMPTION).orElseThrow(
        () -> new IllegalStateException(CONSUMPTION + " is required to build " + TABLE));
    return new StepOutput(totalIndex(consumption, baseYear), Optional.empty());
  }

  static Dataset<Row> totalIndex(Dataset<Row> consumption, int baseYear) {
    Dataset<Row> bySource =
        consumption
            .groupBy(col("region_code"), col("month"), col("source"))
            .agg(
                first(col("region_name")).as("region_name"),
                first(col("code_system")).as("code_system"),
                sum(col("consumption_kwh")).as("kwh"),
                max(col("is_imputed")).as("is_imputed"),
                max(col("is_published_statistic")).as("is_published"));
    var perCell = Window.partitionBy(col("region_code"), col("month"))
        .orderBy(col("is_published").desc(), col("source"));
    Dataset<Row> total =
        bySource
            .withColumn("_rank", org.apache.spark.sql.functions.row_number().over(perCell))
            .filter(col("_rank").equalTo(1))
            .drop("_rank")
            .withColumn("year", year(col("month")))
            .withColumn("days", dayofmonth(last_day(col("month"))));

    Dataset<Row> years =
        total
            .groupBy(col("region_code"), col("year"))
            .agg(countDistinct(col("month")).as("months"));
    Dataset<Row> base =
        years
            .groupBy(col("region_code"))
            .agg(
                max(when(col("year").equalTo(baseYear).and(col("months").equalTo(12)), col("year"))).as("configured"),
                min(when(col("months").equalTo(12), col("year"))).as("first_complete"),
                min(col("year")).as("first_year"))
            .withColumn("base_year", coalesce(col("configured"), col("first_complete"), col("first_year")))
            .withColumn("base_fallback", col("configured").isNull())
            .select("region_code", "base_year", "base_fallback");
    Dataset<Row> baseLevels =
        total
            .join(base, "region_code")
            .filter(col("year").equalTo(col("base_year")))
            .groupBy(col("region_code"))
            .agg(
                avg(col("kwh")).as("base_mean_kwh"),
                sum(col("kwh")).divide(sum(col("days"))).as("base_daily_kwh"));
    Dataset<Row> prev =
        total.select(
            col("region_code").as("p_region"),
            org.apache.spark.sql.functions.add_months(col("month"), 12).as("p_month"),
            col("kwh").as("prev_kwh"));
    Dataset<Row> joined =
        total
            .join(base, "region_code")
            .join(baseLevels, "region_code")
            .join(
                prev,
                col("region_code").equalTo(col("p_region")).and(col("month").equalTo(col("p_month"))),
                "left");
    Column flags =
        array_compact(
            array(
                when(col("is_imputed"), lit("imputed")),
                when(col("is_published"), lit("published_statistic")),
                when(col("base_fallback"), lit("base_fallback"))));
    Column nullDouble = lit(null).cast(DataTypes.DoubleType);
    return joined.select(
        col("region_code"),
        col("region_name"),
        col("code_system"),
        col("month"),
        lit("total").as("index_name"),
        round(col("kwh").multiply(100).divide(col("base_mean_kwh")), 4).as("value"),
        col("base_year").cast(DataTypes.StringType).as("base_period"),
        round(col("kwh").divide(col("prev_kwh")).minus(1).multiply(100), 2).as("yoy_pct"),
        round(col("kwh").divide(col("days")).multiply(100).divide(col("base_daily_kwh")), 4)
            .as("value_leap_adjusted"),
        nullDouble.as("value_weather_adjusted"),
        nullDouble.as("value_seasonally_adjusted"),
        nullDouble.as("contribution"),
        flags.as("flags"));
  }
}
