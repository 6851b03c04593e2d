package org.dataelements.factory.products.electricityindex;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;

/**
 * {@code lake.electricity_index.validation}: does the index track the economy? Per region, the
 * correlation of the index's year-on-year change with that of each macro indicator that landed
 * ({@code silver.macro__indicators}: GDP and its sectors by quarter, industrial output by month,
 * annual GDP), at leads and lags. The index is taken at the indicator's frequency (quarterly and
 * annual sums of complete periods; monthly as is); countries' annual electricity demand (annual
 * sources feed validation, not the monthly index) is compared with their GDP the same way. {@code
 * lag_periods} = k means electricity's change k periods earlier (k &gt; 0: electricity leads);
 * {@code best_lag} marks the strongest correlation of each comparison with at least 8 periods.
 */
public final class Validation implements Step {
  public static final TableId TABLE = TableId.gold("electricity_index", "validation");
  public static final TableId MACRO = TableId.silver("macro", "indicators");
  static final int MIN_PERIODS = 8;

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "gold:electricity_index.validation",
        List.of(StepSpec.Input.required(MonthlyIndices.TABLE), StepSpec.Input.required(MACRO)),
        List.of(),
        TABLE,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> index =
        in.table(MonthlyIndices.TABLE)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        MonthlyIndices.TABLE + " is required to build " + TABLE));
    Dataset<Row> macro =
        in.table(MACRO)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        MACRO + " is required to build " + TABLE + " (no GDP or output landed)"));
    return StepOutput.of(TABLE, validate(index, macro));
  }

  static Dataset<Row> validate(Dataset<Row> index, Dataset<Row> macro) {
    Dataset<Row> total =
        index
            .filter(col("index_name").equalTo(RegionIndex.TOTAL))
            .withColumn(
                "_mc",
                when(array_contains(col("flags"), "jan_feb_combined"), lit(2)).otherwise(lit(1)));
    Dataset<Row> monthly =
        total.select(
            col("region_code"),
            col("region_name"),
            lit("month").as("frequency"),
            col("month").as("period_start"),
            col("value").multiply(col("_mc")).as("level"),
            col("_mc").as("months"));
    Dataset<Row> quarterly = periods(total, "quarter", 3);
    Dataset<Row> annual = periods(total, "year", 12);
    Dataset<Row> indexSeries =
        yoy(monthly.unionByName(quarterly).unionByName(annual))
            .withColumn("electricity_series", lit("monthly_indices.total"));
    // Countries' annual electricity demand, compared with their other annual indicators.
    Dataset<Row> demand =
        yoy(macro
                .filter(
                    col("indicator")
                        .equalTo("electricity_demand_kwh")
                        .and(col("frequency").equalTo("year")))
                .select(
                    col("region_code"),
                    col("region_name"),
                    col("frequency"),
                    col("period_start"),
                    col("value").as("level"),
                    lit(12).as("months")))
            .withColumn("electricity_series", lit("electricity_demand_kwh (annual)"));
    Dataset<Row> electricity = indexSeries.unionByName(demand);

    Dataset<Row> indicators =
        yoyIndicators(macro.filter(col("indicator").notEqual("electricity_demand_kwh")));
    Dataset<Row> lags =
        indicators.withColumn(
            "lag_periods", explode(sequence(lit(-1).multiply(col("_max_lag")), col("_max_lag"))));
    Column step =
        when(col("frequency").equalTo("quarter"), lit(3))
            .when(col("frequency").equalTo("year"), lit(12))
            .otherwise(lit(1));
    Dataset<Row> e =
        electricity.select(
            col("region_code").as("e_region"),
            col("frequency").as("e_frequency"),
            col("period_start").as("e_period"),
            col("yoy").as("e_yoy"),
            col("electricity_series"),
            col("region_name").as("e_region_name"));
    Dataset<Row> paired =
        lags.join(
            e,
            col("region_code")
                .equalTo(col("e_region"))
                .and(col("frequency").equalTo(col("e_frequency")))
                .and(
                    col("e_period")
                        .equalTo(
                            add_months(
                                col("period_start"),
                                lit(-1).multiply(col("lag_periods")).multiply(step)))));
    Dataset<Row> result =
        paired
            .groupBy(
                col("region_code"),
                col("electricity_series"),
                col("indicator"),
                col("price_basis"),
                col("frequency"),
                col("lag_periods"))
            .agg(
                first(coalesce(col("e_region_name"), col("region_name"))).as("region_name"),
                count(lit(1)).as("n_periods"),
                corr(col("e_yoy"), col("yoy")).as("correlation"),
                min(col("period_start")).as("period_from"),
                max(col("period_start")).as("period_to"))
            .filter(col("n_periods").geq(4));
    var strongest =
        Window.partitionBy(
                col("region_code"),
                col("electricity_series"),
                col("indicator"),
                col("price_basis"),
                col("frequency"))
            .orderBy(
                when(col("n_periods").geq(MIN_PERIODS), lit(0)).otherwise(lit(1)),
                abs(col("correlation")).desc_nulls_last());
    return result
        .withColumn("_rank", row_number().over(strongest))
        .select(
            col("region_code"),
            col("region_name"),
            col("electricity_series"),
            col("indicator"),
            col("price_basis"),
            col("frequency"),
            col("lag_periods"),
            when(
                    col("lag_periods").gt(0),
                    concat(
                        lit("electricity leads by "),
                        col("lag_periods").cast(DataTypes.StringType),
                        lit(" "),
                        col("frequency"),
                        lit("(s)")))
                .when(
                    col("lag_periods").lt(0),
                    concat(
                        lit("electricity lags by "),
                        abs(col("lag_periods")).cast(DataTypes.StringType),
                        lit(" "),
                        col("frequency"),
                        lit("(s)")))
                .otherwise(lit("same period"))
                .as("lead_lag"),
            col("n_periods"),
            round(col("correlation"), 4).as("correlation"),
            col("period_from"),
            col("period_to"),
            col("_rank").equalTo(1).and(col("n_periods").geq(MIN_PERIODS)).as("best_lag"));
  }

  /** Sums of complete periods (quarters or years) of the monthly index levels. */
  private static Dataset<Row> periods(Dataset<Row> total, String unit, int months) {
    return total
        .groupBy(col("region_code"), trunc(col("month"), unit).as("period_start"))
        .agg(
            first(col("region_name")).as("region_name"),
            sum(col("value").multiply(col("_mc"))).as("level"),
            sum(col("_mc")).as("months"))
        .filter(col("months").equalTo(months))
        .select(
            col("region_code"),
            col("region_name"),
            lit(unit).as("frequency"),
            col("period_start"),
            col("level"),
            col("months"));
  }

  /** Year-on-year change in percent of a (region, frequency, period_start, level) series. */
  private static Dataset<Row> yoy(Dataset<Row> series) {
    Dataset<Row> before =
        series.select(
            col("region_code").as("b_region"),
            col("frequency").as("b_frequency"),
            add_months(col("period_start"), 12).as("b_period"),
            col("level").as("b_level"),
            col("months").as("b_months"));
    return series
        .join(
            before,
            col("region_code")
                .equalTo(col("b_region"))
                .and(col("frequency").equalTo(col("b_frequency")))
                .and(col("period_start").equalTo(col("b_period")))
                .and(col("months").equalTo(col("b_months"))))
        .withColumn("yoy", col("level").divide(col("b_level")).minus(1).multiply(100))
        .select(
            col("region_code"),
            col("region_name"),
            col("frequency"),
            col("period_start"),
            col("yoy"));
  }

  private static Dataset<Row> yoyIndicators(Dataset<Row> macro) {
    Dataset<Row> m = macro.withColumn("price_basis", coalesce(col("price_basis"), lit("")));
    Dataset<Row> before =
        m.select(
            col("region_code").as("b_region"),
            col("indicator").as("b_indicator"),
            col("price_basis").as("b_basis"),
            col("frequency").as("b_frequency"),
            add_months(col("period_start"), 12).as("b_period"),
            col("value").as("b_value"),
            col("jan_feb_combined").as("b_combined"));
    return m.join(
            before,
            col("region_code")
                .equalTo(col("b_region"))
                .and(col("indicator").equalTo(col("b_indicator")))
                .and(col("price_basis").equalTo(col("b_basis")))
                .and(col("frequency").equalTo(col("b_frequency")))
                .and(col("period_start").equalTo(col("b_period")))
                .and(col("jan_feb_combined").equalTo(col("b_combined"))))
        .filter(col("b_value").gt(0))
        .withColumn("yoy", col("value").divide(col("b_value")).minus(1).multiply(100))
        .withColumn(
            "_max_lag",
            when(col("frequency").equalTo("month"), lit(3))
                .when(col("frequency").equalTo("quarter"), lit(2))
                .otherwise(lit(1)))
        .select(
            col("region_code"),
            col("region_name"),
            col("indicator"),
            col("price_basis"),
            col("frequency"),
            col("period_start"),
            col("yoy"),
            col("_max_lag"));
  }
}
