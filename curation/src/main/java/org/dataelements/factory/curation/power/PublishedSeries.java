package org.dataelements.factory.curation.power;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.curation.FileVersions;
import org.dataelements.factory.curation.RowRules;
import org.dataelements.factory.curation.Values;

/**
 * Electricity consumption series of Wind exports, recognised by their names whatever the file:
 * {@code China: Beijing: Power Consumption} (a region's total), {@code China: Electricity
 * Consumption: Manufacture of Medicines} (the country by industry), {@code China: Overall Social
 * Power Consumption: Primary Industry: YTD} (year to date), {@code China: Electricity Consumption
 * by Urban and Rural Households}. The part before the one naming "consumption" is the region, the
 * rest (or "by …") the industry; none means the whole society. A leading {@code (DC)}
 * (discontinued) is dropped.
 *
 * <p>Year-to-date series are differenced within each year. A year whose first figure is February
 * gives the January–February combined value, kept as published: one row on January 1 covering two
 * months. A first figure later than February, or a gap, cannot be differenced and is quarantined
 * with the reason, as is a decrease. In monthly series, a February figure in a year without January
 * that is over 1.5 times March is the combined January–February figure (NBS publishes it so) and
 * moves to January 1 the same way; otherwise a missing January stays a gap.
 *
 * <p>0.00 means not reported; unparseable values, unknown units and negative values go to
 * quarantine; a month reported twice with different values is quarantined with both values, the
 * same value twice is kept once.
 */
final class PublishedSeries {
  /** February above this multiple of March, with no January, is a combined Jan–Feb figure. */
  static final double COMBINED_FEBRUARY_RATIO = 1.5;

  private PublishedSeries() {}

  /** Every cell with rule_id/reason (null when kept) and the silver output columns. */
  static Dataset<Row> judge(Dataset<Row> bronze, Dataset<Row> regions, Dataset<Row> industries) {
    Dataset<Row> cells =
        FileVersions.latest(bronze)
            .filter(lower(trim(col("frequency"))).equalTo("month"))
            .filter(col("period").rlike("^\\d{4}-\\d{2}$"))
            .withColumn("_name", regexp_replace(trim(col("series_name")), "^\\(DC\\)\\s*", ""))
            .withColumn("_ytd", col("_name").rlike("(?i):\\s*YTD$"))
            .withColumn("_parts", split(regexp_replace(col("_name"), "(?i):\\s*YTD$", ""), ":\\s*"))
            .withColumn(
                "_k",
                expr("array_position(transform(_parts, p -> lower(p) like '%consumption%'), true)"))
            .filter(col("_k").gt(1))
            .withColumn("region_label", trim(expr("element_at(_parts, cast(_k - 1 as int))")))
            .withColumn(
                "_by",
                regexp_extract(
                    expr("element_at(_parts, cast(_k as int))"), "(?i)consumption by (.+)$", 1))
            .withColumn(
                "_rest",
                expr(
                    "array_join(slice(_parts, cast(_k + 1 as int), cast(greatest(size(_parts) - _k, 0) as int)), ': ')"))
            .withColumn(
                "industry_label",
                coalesce(
                    ConsumptionMonthly.text(col("_by")),
                    ConsumptionMonthly.text(col("_rest")),
                    lit("Whole Society")))
            .withColumn("value_raw", col("value"))
            .withColumn("value_num", Values.number(col("value")))
            .withColumn("kwh_factor", Units.toKwhFactor(col("unit")))
            .withColumn("period_month", to_date(concat(col("period"), lit("-01"))))
            .withColumn("source_file", col("_source_file"))
            .withColumn(
                "_series",
                concat_ws(
                    "#", col("_source_file"), col("series_column").cast(DataTypes.StringType)))
            .withColumn("_year", year(col("period_month")))
            .withColumn("_m", month(col("period_month")))
            .withColumn(
                "source",
                when(col("_ytd"), lit(ConsumptionMonthly.PUBLISHED_YTD))
                    .otherwise(lit(ConsumptionMonthly.PUBLISHED_MONTHLY)));
    Dataset<Row> conformed =
        Industries.conform(
            Regions.conform(cells, regions, "region_label"), industries, "industry_label");
    RowRules rules =
        new RowRules(
            List.of(
                new RowRules.Rule(
                    col("value_num").isNull(),
                    "parse(value)",
                    ConsumptionMonthly.quoted("value", col("value_raw"), "is not a number")),
                new RowRules.Rule(
                    col("value_num").equalTo(0),
                    "missing(value)",
                    lit("0.00 means not reported (missing), not zero")),
                new RowRules.Rule(
                    col("kwh_factor").isNull(),
                    "known_unit(unit)",
                    ConsumptionMonthly.quoted(
                        "unit",
                        col("unit"),
                        "is not a known energy unit (known: " + Units.known() + ")")),
                new RowRules.Rule(
                    col("value_num").lt(0),
                    "non_negative(value)",
                    concat(lit("negative value "), col("value_raw")))));
    Dataset<Row> typed =
        conformed
            .withColumn("rule_id", rules.ruleId())
            .withColumn("reason", rules.reason())
            .withColumn("kwh", col("value_num").multiply(col("kwh_factor")));
    Column valid = col("rule_id").isNull();
    Dataset<Row> rejected = plain(typed.filter(not(valid)));
    Dataset<Row> ytd = differenced(typed.filter(valid.and(col("_ytd"))));
    Dataset<Row> monthly = combinedFebruaries(typed.filter(valid.and(not(col("_ytd")))));
    return reported(rejected.unionByName(ytd).unionByName(monthly));
  }

  /** Rows already rejected: output columns from the cell as it is. */
  private static Dataset<Row> plain(Dataset<Row> df) {
    return finish(df, col("kwh"), col("period_month"), lit(false), lit(1));
  }

  /** Year-to-date values differenced within each year of each series. */
  static Dataset<Row> differenced(Dataset<Row> ytd) {
    WindowSpec w = Window.partitionBy(col("_series"), col("_year")).orderBy(col("period_month"));
    Dataset<Row> d =
        ytd.withColumn("_prev_kwh", lag(col("kwh"), 1).over(w))
            .withColumn("_prev_month", lag(col("period_month"), 1).over(w))
            .withColumn("_prev_raw", lag(col("value_raw"), 1).over(w))
            .withColumn(
                "_gap",
                months_between(col("period_month"), col("_prev_month"))
                    .cast(DataTypes.IntegerType));
    Column first = col("_prev_kwh").isNull();
    Column combined = first.and(col("_m").equalTo(2));
    Column kwh =
        when(first.and(col("_m").leq(2)), col("kwh"))
            .when(not(first).and(col("_gap").equalTo(1)), col("kwh").minus(col("_prev_kwh")));
    Column prevPeriod = date_format(col("_prev_month"), "yyyy-MM");
    RowRules rules =
        new RowRules(
            List.of(
                new RowRules.Rule(
                    first.and(col("_m").gt(2)),
                    "ytd_start(value)",
                    concat(
                        lit("year-to-date series starts at "),
                        col("period"),
                        lit(
                            " in this year: the months before are"
                                + " not reported, so the month's own value cannot be derived (YTD "),
                        trim(col("value_raw")),
                        lit(")"))),
                new RowRules.Rule(
                    not(first).and(col("_gap").gt(1)),
                    "ytd_gap(value)",
                    concat(
                        lit("year-to-date value of "),
                        col("period"),
                        lit(" follows "),
                        prevPeriod,
                        lit(": the difference spans "),
                        col("_gap").cast(DataTypes.StringType),
                        lit(" months (YTD "),
                        trim(col("_prev_raw")),
                        lit(" then "),
                        trim(col("value_raw")),
                        lit(")"))),
                new RowRules.Rule(
                    kwh.lt(0),
                    "ytd_decrease(value)",
                    concat(
                        lit("year-to-date value decreased: "),
                        trim(col("_prev_raw")),
                        lit(" at "),
                        prevPeriod,
                        lit(", then "),
                        trim(col("value_raw")),
                        lit(" at "),
                        col("period")))));
    return finish(
        d.withColumn("rule_id", rules.ruleId()).withColumn("reason", rules.reason()),
        kwh,
        when(combined, trunc(col("period_month"), "year")).otherwise(col("period_month")),
        combined,
        when(combined, lit(2)).otherwise(lit(1)));
  }

  /** Monthly series: a February that is the combined January–February figure moves to January. */
  static Dataset<Row> combinedFebruaries(Dataset<Row> monthly) {
    WindowSpec y = Window.partitionBy(col("_series"), col("_year"));
    Dataset<Row> d =
        monthly
            .withColumn(
                "_has_jan", max(when(col("_m").equalTo(1), lit(1)).otherwise(lit(0))).over(y))
            .withColumn("_mar", max(when(col("_m").equalTo(3), col("kwh"))).over(y));
    Column combined =
        col("_m")
            .equalTo(2)
            .and(col("_has_jan").equalTo(0))
            .and(col("_mar").isNotNull())
            .and(col("kwh").gt(col("_mar").multiply(COMBINED_FEBRUARY_RATIO)));
    return finish(
        d,
        col("kwh"),
        when(combined, trunc(col("period_month"), "year")).otherwise(col("period_month")),
        combined,
        when(combined, lit(2)).otherwise(lit(1)));
  }

  private static Dataset<Row> finish(
      Dataset<Row> df, Column kwh, Column month, Column combined, Column monthsCovered) {
    return df.select(
        col("region_code"),
        col("region_name"),
        col("code_system"),
        col("industry_code"),
        col("industry_name"),
        month.as("month"),
        monthsCovered.as("months_covered"),
        kwh.as("consumption_kwh"),
        lit(null).cast(DataTypes.LongType).as("account_count"),
        lit(null).cast(DataTypes.DoubleType).as("max_account_kwh"),
        lit(false).as("is_imputed"),
        lit(null).cast(DataTypes.StringType).as("imputation"),
        lit(true).as("is_published_statistic"),
        combined.as("is_jan_feb_combined"),
        col("_ytd").as("derived_from_ytd"),
        col("source"),
        col("series_name").as("source_series"),
        col("source_file"),
        col("series_name"),
        col("series_column"),
        col("period"),
        col("value_raw").as("value"),
        col("unit"),
        col("rule_id"),
        col("reason"));
  }

  /** The same month reported twice: once kept when equal, both quarantined when they differ. */
  private static Dataset<Row> reported(Dataset<Row> df) {
    WindowSpec cell =
        Window.partitionBy(col("region_code"), col("industry_code"), col("month"), col("source"));
    Column valid = col("rule_id").isNull();
    Dataset<Row> judged =
        df.withColumn("_values", size(collect_set(when(valid, col("consumption_kwh"))).over(cell)))
            .withColumn(
                "_all_values",
                concat_ws(" vs ", collect_set(when(valid, trim(col("value")))).over(cell)))
            .withColumn(
                "_n",
                row_number()
                    .over(cell.orderBy(valid.desc(), col("source_file"), col("series_column"))));
    return judged
        .withColumn("_conflicting", valid.and(col("_values").gt(1)))
        .withColumn("_repeated", valid.and(col("_values").equalTo(1)).and(col("_n").gt(1)))
        .withColumn(
            "reason",
            when(
                    col("_conflicting"),
                    concat(lit("month reported twice with different values: "), col("_all_values")))
                .when(
                    col("_repeated"),
                    lit("month reported again with the same value (kept the first)"))
                .otherwise(col("reason")))
        .withColumn(
            "rule_id",
            when(col("_conflicting"), lit("unique(region_code,industry_code,month)"))
                .when(col("_repeated"), lit("duplicate(region_code,industry_code,month)"))
                .otherwise(col("rule_id")))
        .drop("_values", "_all_values", "_n", "_conflicting", "_repeated");
  }
}
