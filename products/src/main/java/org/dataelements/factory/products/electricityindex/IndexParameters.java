package org.dataelements.factory.products.electricityindex;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import org.dataelements.factory.products.electricityindex.seasonal.SeasonalAdjuster;

/**
 * The {@code parameters:} of {@code conf/products/electricity_index.yaml}, typed and checked when
 * the specs are loaded (an unknown key or a value out of range is a spec error naming the file and
 * the parameter).
 *
 * @param baseYear the year whose mean month = 100 (default 2020)
 * @param weights composite weights: equal (default) or entropy
 * @param seasonalMethod JDemetra+ method: x13 (default) or tramo_seats
 * @param disclosureMinAccounts a metered cell with fewer accounts is suppressed (default 3)
 * @param disclosureMaxShare a metered cell whose largest account holds more is suppressed (default
 *     0.85)
 * @param sectorBaseSmoothing how {@code sector_indices} smooths its base periods: three_year
 *     (default) or none
 */
public record IndexParameters(
    int baseYear,
    RegionIndex.Weights weights,
    SeasonalAdjuster.Method seasonalMethod,
    int disclosureMinAccounts,
    double disclosureMaxShare,
    SectorIndices.Smoothing sectorBaseSmoothing) {

  public static final IndexParameters DEFAULTS =
      new IndexParameters(
          2020,
          RegionIndex.Weights.EQUAL,
          SeasonalAdjuster.Method.X13,
          3,
          0.85,
          SectorIndices.Smoothing.THREE_YEAR);

  public IndexParameters {
    java.util.Objects.requireNonNull(weights, "weights is null");
    java.util.Objects.requireNonNull(seasonalMethod, "seasonalMethod is null");
    java.util.Objects.requireNonNull(sectorBaseSmoothing, "sectorBaseSmoothing is null");
    if (baseYear < 1900 || baseYear > 2100) {
      throw new IllegalArgumentException(
          "base_year " + baseYear + " is not a plausible year; use four digits, e.g. 2020");
    }
    if (disclosureMinAccounts < 1) {
      throw new IllegalArgumentException(
          "disclosure_min_accounts "
              + disclosureMinAccounts
              + " must be a whole number ≥ 1, e.g. 3");
    }
    if (!(disclosureMaxShare > 0 && disclosureMaxShare <= 1)) {
      throw new IllegalArgumentException(
          "disclosure_max_share " + disclosureMaxShare + " must be a share in (0, 1], e.g. 0.85");
    }
  }

  @JsonCreator
  static IndexParameters fromYaml(
      @JsonProperty("base_year") Integer baseYear,
      @JsonProperty("weights") String weights,
      @JsonProperty("seasonal_method") String seasonalMethod,
      @JsonProperty("disclosure_min_accounts") Integer minAccounts,
      @JsonProperty("disclosure_max_share") Double maxShare,
      @JsonProperty("sector_base_smoothing") String sectorBaseSmoothing) {
    return new IndexParameters(
        baseYear == null ? DEFAULTS.baseYear() : baseYear,
        weights == null ? DEFAULTS.weights() : RegionIndex.Weights.parse(weights),
        seasonalMethod == null ? DEFAULTS.seasonalMethod() : method(seasonalMethod),
        minAccounts == null ? DEFAULTS.disclosureMinAccounts() : minAccounts,
        maxShare == null ? DEFAULTS.disclosureMaxShare() : maxShare,
        sectorBaseSmoothing == null
            ? DEFAULTS.sectorBaseSmoothing()
            : SectorIndices.Smoothing.parse(sectorBaseSmoothing));
  }

  private static SeasonalAdjuster.Method method(String raw) {
    String m = raw.trim().toLowerCase(Locale.ROOT);
    return switch (m) {
      case "x13", "x-13", "x13arima-seats" -> SeasonalAdjuster.Method.X13;
      case "tramo_seats", "tramo-seats", "tramoseats" -> SeasonalAdjuster.Method.TRAMO_SEATS;
      default ->
          throw new IllegalArgumentException(
              "seasonal_method '" + raw + "' is not one of: x13, tramo_seats");
    };
  }

  /** The parameters of the index math itself. */
  RegionIndex.Parameters index() {
    return new RegionIndex.Parameters(baseYear, weights, seasonalMethod);
  }
}
