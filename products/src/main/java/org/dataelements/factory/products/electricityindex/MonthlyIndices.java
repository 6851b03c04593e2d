package org.dataelements.factory.products.electricityindex;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.ProductSpec;
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
 * method). The same computation's methodology rows are {@link Methodology}'s.
 */
public final class MonthlyIndices implements Step {
  public static final TableId TABLE = TableId.gold("electricity_index", "monthly_indices");
  public static final TableId CONSUMPTION = TableId.silver("power", "consumption_monthly");
  public static final TableId DEGREE_DAYS = TableId.silver("weather", "degree_days_monthly");
  static final String SPECIALTY = "specialty_industries";
  static final String DEFAULT_BASE_YEAR = "2020";

  private final RegionIndex.Parameters parameters;
  private final TableId output;
  private final String kind;

  MonthlyIndices(RegionIndex.Parameters parameters, TableId output, String kind) {
    this.parameters = parameters;
    this.output = output;
    this.kind = kind;
  }

  /** With a base year, equal weights and X-13 (tests). */
  public MonthlyIndices(int baseYear) {
    this(new RegionIndex.Parameters(baseYear, RegionIndex.Weights.EQUAL, SeasonalAdjuster.Method.X13), TABLE, "index");
  }

  /**
   * Reads {@code parameters.base_year}, {@code weights} (equal|entropy) and {@code seasonal_method}
   * (x13|tramo_seats) from the product spec.
   *
   * @throws InvalidSpecException naming the parameter and the allowed values
   */
  public static MonthlyIndices from(ProductSpec spec) {
    return new MonthlyIndices(parameters(spec), TABLE, "index");
  }

  static RegionIndex.Parameters parameters(ProductSpec spec) {
    String where = "products/" + spec.name() + ".yaml: parameters.";
    String base = spec.parameter("base_year", DEFAULT_BASE_YEAR);
    if (!base.matches("\\d{4}")) {
      throw new InvalidSpecException(List.of(where + "base_year '" + base + "' is not a year; use four digits, e.g. 2020"));
    }
    RegionIndex.Weights weights;
    try {
      weights = RegionIndex.Weights.parse(spec.parameter("weights", "equal"));
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(List.of(where + e.getMessage()));
    }
    String m = spec.parameter("seasonal_method", "x13").trim().toLowerCase(Locale.ROOT);
    SeasonalAdjuster.Method method = switch (m) {
      case "x13", "x-13", "x13arima-seats" -> SeasonalAdjuster.Method.X13;
      case "tramo_seats", "tramo-seats", "tramoseats" -> SeasonalAdjuster.Method.TRAMO_SEATS;
      default -> throw new InvalidSpecException(List.of(where + "seasonal_method '" + m + "' is not one of: x13, tramo_seats"));
    };
    return new RegionIndex.Parameters(Integer.parseInt(base), weights, method);
  }

  @Override
  public String parameters() {
    return "base_year=" + parameters.baseYear() + ";weights=" + parameters.weights() + ";seasonal=" + parameters.seasonalMethod();
  }

  @Override
  public StepSpec spec() {
    return new StepSpec(
        "gold:electricity_index." + output.entity(),
        List.of(CONSUMPTION, DEGREE_DAYS),
        List.of(SPECIALTY),
        output,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> consumption = in.table(CONSUMPTION).orElseThrow(
        () -> new IllegalStateException(CONSUMPTION + " is required to build " + output));
    Dataset<Row> all = IndexBuild.compute(consumption, in.reference(SPECIALTY), in.table(DEGREE_DAYS).orElse(null), parameters);
    Dataset<Row> mine = all.filter(col("kind").equalTo(kind));
    return new StepOutput(kind.equals("index") ? indexColumns(mine) : Methodology.columns(mine, in.runId(), parameters),
        Optional.empty());
  }

  static Dataset<Row> indexColumns(Dataset<Row> rows) {
    return rows.select(
        "region_code", "region_name", "code_system", "month", "index_name", "value", "base_period", "yoy_pct",
        "value_leap_adjusted", "value_weather_adjusted", "value_seasonally_adjusted", "contribution", "flags");
  }
}
