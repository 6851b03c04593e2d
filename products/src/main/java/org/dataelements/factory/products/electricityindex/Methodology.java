package org.dataelements.factory.products.electricityindex;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.products.electricityindex.seasonal.SeasonalAdjuster;

/**
 * {@code lake.electricity_index.methodology}: how this build's indices were made, as data — per
 * region and index the source, base period (and why, when it fell back), normalization, weather
 * model and degree-day coefficients, seasonal model and diagnostics, composite weights; plus the
 * build's parameters (region {@code *}). Written by {@link MonthlyIndices}' step, from the same
 * computation as the index. Columns: run_id, region_code, region_name, index_name, item, value,
 * number, detail.
 */
public final class Methodology {
  public static final TableId TABLE = TableId.gold("electricity_index", "methodology");

  /** A methodology row before its run id: region_code … detail. */
  static final StructType ROWS =
      new StructType()
          .add("region_code", DataTypes.StringType)
          .add("region_name", DataTypes.StringType)
          .add("index_name", DataTypes.StringType)
          .add("item", DataTypes.StringType)
          .add("value", DataTypes.StringType)
          .add("number", DataTypes.DoubleType)
          .add("detail", DataTypes.StringType);

  private Methodology() {}

  /** Rows of {@link #ROWS} with the run id first, as the table has them. */
  static Dataset<Row> withRunId(Dataset<Row> rows, String runId) {
    return rows.select(
        lit(runId).as("run_id"),
        col("region_code"),
        col("region_name"),
        col("index_name"),
        col("item"),
        col("value"),
        col("number"),
        col("detail"));
  }

  static Dataset<Row> columns(Dataset<Row> rows, String runId, RegionIndex.Parameters p) {
    Dataset<Row> perRegion =
        rows.select(
            lit(runId).as("run_id"),
            col("region_code"),
            col("region_name"),
            col("index_name"),
            col("item"),
            col("item_value").as("value"),
            col("number"),
            col("detail"));
    SeasonalAdjuster adjuster =
        new SeasonalAdjuster(
            p.seasonalMethod(),
            SeasonalAdjuster.DEFAULT_CNY_DAYS_BEFORE,
            SeasonalAdjuster.DEFAULT_CNY_DAYS_AFTER);
    List<Row> build =
        List.of(
            RowFactory.create(
                "*",
                "all regions",
                "*",
                "base_year",
                Integer.toString(p.baseYear()),
                (double) p.baseYear(),
                "the base year's mean month = 100; a series without a complete base year uses its first complete year (base_fallback)"),
            RowFactory.create(
                "*",
                "all regions",
                "*",
                "weights",
                p.weights().name().toLowerCase(java.util.Locale.ROOT),
                null,
                "composite weights: equal, or entropy (components that vary more weigh more)"),
            RowFactory.create(
                "*",
                "all regions",
                "*",
                "seasonal_method",
                adjuster.description(),
                null,
                "seasonal adjustment with JDemetra+ and a Chinese New Year regressor; at least "
                    + SeasonalAdjuster.MIN_MONTHS
                    + " months needed"),
            RowFactory.create(
                "*",
                "all regions",
                "*",
                "source_choice",
                "most months",
                null,
                "per region and index, the source with the most months (then published before metered)"),
            RowFactory.create(
                "*",
                "all regions",
                RegionIndex.COMPOSITE,
                "uncertainty_scenarios",
                "{equal, entropy, pca} × {base_100, z_score, min_max}",
                (double)
                    (CompositeScenarios.WEIGHTINGS.size()
                        * CompositeScenarios.NORMALIZATIONS.size()),
                "composite_uncertainty (OECD/JRC Handbook 2008, step 7): the composite recomputed"
                    + " under every weighting × normalization of its components; pca = squared"
                    + " loadings of the first principal component of the components' correlation"
                    + " matrix (their z-scores), normalized to sum 1; a region with fewer than two"
                    + " components has no composite and so no rows"),
            RowFactory.create(
                "*",
                "all regions",
                RegionIndex.COMPOSITE,
                "uncertainty_comparability",
                "linear map onto the published composite",
                null,
                "each scenario's composite is re-expressed as published mean over the base"
                    + " period's months + (scenario − its mean over those months) × published"
                    + " standard deviation ÷ its standard deviation (over all months); the"
                    + " published composite ("
                    + CompositeScenarios.published(p.weights())
                    + ") is one scenario, unchanged, so it lies in [low, high]"));
    Dataset<Row> global = withRunId(rows.sparkSession().createDataFrame(build, ROWS), runId);
    return global.unionByName(perRegion);
  }
}
