package org.dataelements.factory.products.electricityindex;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;

/**
 * {@code lake.electricity_index.sector_consumption}: region × industry × month consumption with
 * account counts, disclosure-controlled before release. A cell from metered accounts with fewer
 * than {@code min_accounts} accounts, or whose largest account holds more than {@code max_share} of
 * it, is suppressed (its kWh null, {@code suppressed = true}, the reason given); where a
 * region-month has exactly one such cell among its industries, the next smallest cell is suppressed
 * too, so the suppressed value cannot be recovered by subtraction from the others. Published
 * statistics carry no account data: they are released as published and flagged {@code
 * published_statistic}.
 */
public final class SectorConsumption implements Step {
  public static final TableId TABLE = TableId.gold("electricity_index", "sector_consumption");
  static final int DEFAULT_MIN_ACCOUNTS = 3;
  static final double DEFAULT_MAX_SHARE = 0.85;

  private final int minAccounts;
  private final double maxShare;

  public SectorConsumption(int minAccounts, double maxShare) {
    this.minAccounts = minAccounts;
    this.maxShare = maxShare;
  }

  /** With the product's disclosure parameters. */
  public static SectorConsumption from(IndexParameters p) {
    return new SectorConsumption(p.disclosureMinAccounts(), p.disclosureMaxShare());
  }

  @Override
  public String parameters() {
    return "min_accounts=" + minAccounts + ";max_share=" + maxShare;
  }

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "gold:electricity_index.sector_consumption",
        List.of(StepSpec.Input.required(MonthlyIndices.CONSUMPTION)),
        List.of(),
        TABLE,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> silver =
        in.table(MonthlyIndices.CONSUMPTION)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        MonthlyIndices.CONSUMPTION + " is required to build " + TABLE));
    return StepOutput.of(TABLE, controlled(silver));
  }

  Dataset<Row> controlled(Dataset<Row> silver) {
    Column accounts = col("account_count");
    Column share = col("max_account_kwh").divide(col("consumption_kwh"));
    Column metered = accounts.isNotNull();
    Column few = metered.and(accounts.lt(minAccounts));
    Column dominant = metered.and(share.gt(maxShare));
    Dataset<Row> primary =
        silver
            .withColumn("largest_account_share", when(metered, share))
            .withColumn(
                "suppression",
                when(
                        few,
                        concat(
                            lit("fewer than " + minAccounts + " accounts ("),
                            accounts.cast(DataTypes.StringType),
                            lit(")")))
                    .when(
                        dominant,
                        concat(
                            lit("one account holds "),
                            format_number(share.multiply(100), 1),
                            lit("% of the cell (limit " + Math.round(maxShare * 100) + "%)"))));
    // Complementary suppression: a lone suppressed cell in a region-month could be derived by
    // subtraction, so the smallest other metered cell is suppressed with it.
    WindowSpec cell = Window.partitionBy(col("region_code"), col("month"), col("source"));
    Dataset<Row> counted =
        primary
            .withColumn(
                "_suppressed_in_month",
                sum(when(col("suppression").isNotNull(), lit(1)).otherwise(lit(0))).over(cell))
            .withColumn(
                "_rank",
                row_number()
                    .over(
                        cell.orderBy(
                            when(col("suppression").isNull().and(metered), lit(0))
                                .otherwise(lit(1)),
                            col("consumption_kwh"))));
    Column complementary =
        col("suppression")
            .isNull()
            .and(metered)
            .and(col("_suppressed_in_month").equalTo(1))
            .and(col("_rank").equalTo(1));
    Dataset<Row> judged =
        counted.withColumn(
            "suppression",
            when(
                    complementary,
                    lit(
                        "complementary: protects the one other suppressed cell of this region and month"))
                .otherwise(col("suppression")));
    Column suppressed = col("suppression").isNotNull();
    return judged.select(
        col("region_code"),
        col("region_name"),
        col("code_system"),
        col("industry_code"),
        col("industry_name"),
        col("month"),
        col("months_covered"),
        when(suppressed, lit(null).cast(DataTypes.DoubleType))
            .otherwise(col("consumption_kwh"))
            .as("consumption_kwh"),
        when(suppressed.and(few), lit(null).cast(DataTypes.LongType))
            .otherwise(accounts)
            .as("account_count"),
        when(suppressed, lit(null).cast(DataTypes.DoubleType))
            .otherwise(col("largest_account_share"))
            .as("largest_account_share"),
        suppressed.as("suppressed"),
        col("suppression").as("suppression_reason"),
        col("source"),
        array_compact(
                array(
                    when(col("is_published_statistic"), lit("published_statistic")),
                    when(col("is_imputed"), lit("imputed")),
                    when(col("is_jan_feb_combined"), lit("jan_feb_combined")),
                    when(col("derived_from_ytd"), lit("derived_from_ytd")),
                    when(suppressed, lit("suppressed"))))
            .as("flags"));
  }
}
