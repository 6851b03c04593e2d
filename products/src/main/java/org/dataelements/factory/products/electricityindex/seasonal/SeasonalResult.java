package org.dataelements.factory.products.electricityindex.seasonal;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one seasonal adjustment: a value, never an exception.
 *
 * @param adjusted whether the series was seasonally adjusted
 * @param seasonallyAdjusted one value per input month: the seasonally adjusted value (seasonal and
 *     Chinese New Year effects removed), or {@code NaN} where the input was missing or the series
 *     was not adjusted. {@link #seasonallyAdjusted()} returns a copy.
 * @param method the method and specification used, for example {@code X-13ARIMA-SEATS (JDemetra+
 *     3.5.0) RSA3 + Chinese New Year regressor (7 days before, 15 from the festival)}
 * @param note why the series was not adjusted, or remarks on an adjusted one (missing months,
 *     warnings of JDemetra+); empty when there is nothing to say
 * @param diagnostics model and quality figures as text, in a stable order (see {@link
 *     SeasonalAdjuster}); empty when not adjusted
 */
public record SeasonalResult(
    boolean adjusted,
    double[] seasonallyAdjusted,
    String method,
    String note,
    Map<String, String> diagnostics) {

  /** Copies the array and the map, keeping the diagnostics' order. */
  public SeasonalResult {
    requireNonNull(seasonallyAdjusted, "seasonallyAdjusted is null");
    requireNonNull(method, "method is null");
    requireNonNull(note, "note is null");
    requireNonNull(diagnostics, "diagnostics is null");
    seasonallyAdjusted = seasonallyAdjusted.clone();
    diagnostics = Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
  }

  /** A copy of the seasonally adjusted values. */
  @Override
  public double[] seasonallyAdjusted() {
    return seasonallyAdjusted.clone();
  }

  /** Equal when all components are, the values compared element by element. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SeasonalResult r
        && adjusted == r.adjusted
        && Arrays.equals(seasonallyAdjusted, r.seasonallyAdjusted)
        && method.equals(r.method)
        && note.equals(r.note)
        && diagnostics.equals(r.diagnostics);
  }

  @Override
  public int hashCode() {
    return Objects.hash(adjusted, Arrays.hashCode(seasonallyAdjusted), method, note, diagnostics);
  }

  @Override
  public String toString() {
    return "SeasonalResult[adjusted="
        + adjusted
        + ", months="
        + seasonallyAdjusted.length
        + ", method="
        + method
        + ", note="
        + note
        + ", diagnostics="
        + diagnostics
        + "]";
  }
}
