package org.dataelements.factory.products.electricityindex;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.ColumnRef;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.products.electricityindex.seasonal.SeasonalAdjuster;

/**
 * {@code lake.electricity_index.monthly_indices}: one row per region × month × index (total,
 * economic vitality, urban–rural integration, specialty industries, composite — where the inputs
 * allow), with base period = 100, year-on-year change, leap-day, weather and seasonally adjusted
 * values, contributions and flags; computed by {@link RegionIndex} per region (see there for the
 * method). The same computation yields {@link Methodology}'s rows: one step writes both tables, the
 * index math (JDemetra+ per region and index) runs once per build.
 */
public final class MonthlyIndices implements Step {
  public static final TableId TABLE = TableId.gold("electricity_index", "monthly_indices");
  public static final TableId CONSUMPTION = TableId.silver("power", "consumption_monthly");
  public static final TableId DEGREE_DAYS = TableId.silver("weather", "degree_days_monthly");
  static final String SPECIALTY = "specialty_industries";

  private final RegionIndex.Parameters parameters;
  private final SectorIndices.Smoothing sectorSmoothing;

  MonthlyIndices(RegionIndex.Parameters parameters, SectorIndices.Smoothing sectorSmoothing) {
    this.parameters = parameters;
    this.sectorSmoothing = sectorSmoothing;
  }

  /** With a base year, equal weights and X-13 (tests). */
  public MonthlyIndices(int baseYear) {
    this(
        new RegionIndex.Parameters(
            baseYear, RegionIndex.Weights.EQUAL, SeasonalAdjuster.Method.X13),
        SectorIndices.Smoothing.THREE_YEAR);
  }

  /** With the product's parameters (base year, weights, seasonal method). */
  public static MonthlyIndices from(IndexParameters p) {
    return new MonthlyIndices(p.index(), p.sectorBaseSmoothing());
  }

  @Override
  public String parameters() {
    return "base_year="
        + parameters.baseYear()
        + ";weights="
        + parameters.weights()
        + ";seasonal="
        + parameters.seasonalMethod()
        + ";sector_base_smoothing="
        + sectorSmoothing;
  }

  @Override
  public StepSpec spec() {
    return new StepSpec(
        "gold:electricity_index.monthly_indices+methodology",
        List.of(StepSpec.Input.required(CONSUMPTION), StepSpec.Input.optional(DEGREE_DAYS)),
        List.of(SPECIALTY, SectorIndices.REFERENCE, SectorIndices.INDUSTRIES),
        List.of(TABLE, Methodology.TABLE, SectorIndices.TABLE),
        StepSpec.WriteMode.REPLACE);
  }

  /**
   * The per-region build runs in Java ({@code flatMapGroups}), where Spark's plan sees only "every
   * column from every input column"; what each column is computed from, as the method has it.
   */
  @Override
  public Map<TableId, Map<String, List<ColumnRef>>> declaredLineage() {
    ColumnRef region = ColumnRef.of(CONSUMPTION, "region_code");
    ColumnRef name = ColumnRef.of(CONSUMPTION, "region_name");
    ColumnRef month = ColumnRef.of(CONSUMPTION, "month");
    ColumnRef kwh = ColumnRef.of(CONSUMPTION, "consumption_kwh");
    ColumnRef industry = ColumnRef.of(CONSUMPTION, "industry_code");
    ColumnRef hdd = ColumnRef.of(DEGREE_DAYS, "hdd");
    ColumnRef cdd = ColumnRef.of(DEGREE_DAYS, "cdd");
    List<ColumnRef> series = List.of(kwh, industry, month);
    Map<String, List<ColumnRef>> indices = new java.util.LinkedHashMap<>();
    indices.put("region_code", List.of(region));
    indices.put("region_name", List.of(name));
    indices.put("code_system", List.of(ColumnRef.of(CONSUMPTION, "code_system")));
    indices.put("month", List.of(month));
    indices.put("index_name", List.of(industry));
    indices.put("value", series);
    indices.put("base_period", List.of(month));
    indices.put("yoy_pct", series);
    indices.put("value_leap_adjusted", series);
    indices.put("value_weather_adjusted", List.of(kwh, industry, month, hdd, cdd));
    indices.put("value_seasonally_adjusted", series);
    indices.put("contribution", series);
    indices.put(
        "flags",
        List.of(
            ColumnRef.of(CONSUMPTION, "is_imputed"),
            ColumnRef.of(CONSUMPTION, "is_published_statistic"),
            ColumnRef.of(CONSUMPTION, "derived_from_ytd"),
            ColumnRef.of(CONSUMPTION, "months_covered")));
    Map<String, List<ColumnRef>> method = new java.util.LinkedHashMap<>();
    method.put("region_code", List.of(region));
    method.put("region_name", List.of(name));
    method.put("index_name", List.of(industry));
    method.put("item", List.of(industry));
    method.put("value", List.of(kwh, industry, month, hdd, cdd));
    method.put("number", List.of(kwh, industry, month, hdd, cdd));
    method.put("detail", List.of(kwh, industry, month, hdd, cdd));
    Map<String, List<ColumnRef>> sectors = new java.util.LinkedHashMap<>();
    sectors.put("region_code", List.of(region));
    sectors.put("region_name", List.of(name));
    sectors.put("code_system", List.of(ColumnRef.of(CONSUMPTION, "code_system")));
    sectors.put("month", List.of(month));
    sectors.put("series", List.of(industry));
    sectors.put("value", series);
    sectors.put("base_period", List.of(month));
    sectors.put("yoy_pct", series);
    sectors.put("yoy_daily_average_pct", series);
    sectors.put("members", List.of(industry));
    sectors.put(
        "flags",
        List.of(
            ColumnRef.of(CONSUMPTION, "is_imputed"),
            ColumnRef.of(CONSUMPTION, "is_published_statistic"),
            ColumnRef.of(CONSUMPTION, "derived_from_ytd"),
            ColumnRef.of(CONSUMPTION, "source_series"),
            ColumnRef.of(CONSUMPTION, "months_covered")));
    return Map.of(TABLE, indices, Methodology.TABLE, method, SectorIndices.TABLE, sectors);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> consumption =
        in.table(CONSUMPTION)
            .orElseThrow(
                () -> new IllegalStateException(CONSUMPTION + " is required to build " + TABLE));
    Dataset<Row> all =
        IndexBuild.compute(
            consumption, in.reference(SPECIALTY), in.table(DEGREE_DAYS).orElse(null), parameters);
    Dataset<Row>[] sectors =
        new SectorIndices(parameters.baseYear(), sectorSmoothing)
            .build(
                consumption,
                in.reference(SectorIndices.REFERENCE),
                in.reference(SectorIndices.INDUSTRIES));
    return StepOutput.of(TABLE, indexColumns(all.filter(col("kind").equalTo("index"))))
        .with(
            Methodology.TABLE,
            Methodology.columns(all.filter(col("kind").equalTo("method")), in.runId(), parameters)
                .unionByName(Methodology.withRunId(sectors[1], in.runId())))
        .with(SectorIndices.TABLE, sectors[0])
        .withShared(all);
  }

  static Dataset<Row> indexColumns(Dataset<Row> rows) {
    return rows.select(
        "region_code",
        "region_name",
        "code_system",
        "month",
        "index_name",
        "value",
        "base_period",
        "yoy_pct",
        "value_leap_adjusted",
        "value_weather_adjusted",
        "value_seasonally_adjusted",
        "contribution",
        "flags");
  }
}
