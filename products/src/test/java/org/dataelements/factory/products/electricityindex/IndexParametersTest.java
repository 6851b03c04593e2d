package org.dataelements.factory.products.electricityindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.SpecParameters;
import org.dataelements.factory.products.electricityindex.seasonal.SeasonalAdjuster;
import org.junit.jupiter.api.Test;

class IndexParametersTest {
  private static ProductSpec spec(Map<String, Object> parameters) {
    return new ProductSpec(
        "electricity_index",
        "o",
        "d",
        "l",
        List.of(),
        List.of(),
        parameters,
        "conf/products/electricity_index.yaml");
  }

  @Test
  void defaultsWhenTheSpecSetsNothing() {
    assertEquals(
        IndexParameters.DEFAULTS, SpecParameters.bind(spec(Map.of()), IndexParameters.class));
  }

  @Test
  void mapsEveryParameter() {
    IndexParameters p =
        SpecParameters.bind(
            spec(
                Map.of(
                    "base_year",
                    "2019",
                    "weights",
                    "entropy",
                    "seasonal_method",
                    "tramo_seats",
                    "disclosure_min_accounts",
                    5,
                    "disclosure_max_share",
                    "0.7")),
            IndexParameters.class);
    assertEquals(
        new IndexParameters(
            2019,
            RegionIndex.Weights.ENTROPY,
            SeasonalAdjuster.Method.TRAMO_SEATS,
            5,
            0.7,
            SectorIndices.Smoothing.THREE_YEAR),
        p);
    assertEquals("min_accounts=5;max_share=0.7", SectorConsumption.from(p).parameters());
  }

  @Test
  void anUnknownParameterIsASpecErrorNamingFileAndKnownKeys() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> SpecParameters.bind(spec(Map.of("base_yaer", "2020")), IndexParameters.class));
    assertTrue(
        e.getMessage()
            .contains("conf/products/electricity_index.yaml: parameters: unknown key 'base_yaer'"),
        e.getMessage());
    assertTrue(e.getMessage().contains("base_year"), e.getMessage());
  }

  @Test
  void aValueOutOfRangeNamesTheParameterAndTheValue() {
    InvalidSpecException share =
        assertThrows(
            InvalidSpecException.class,
            () ->
                SpecParameters.bind(
                    spec(Map.of("disclosure_max_share", "85")), IndexParameters.class));
    assertTrue(
        share.getMessage().contains("disclosure_max_share 85.0 must be a share in (0, 1]"),
        share.getMessage());
    InvalidSpecException text =
        assertThrows(
            InvalidSpecException.class,
            () ->
                SpecParameters.bind(
                    spec(Map.of("disclosure_max_share", "85%")), IndexParameters.class));
    assertTrue(
        text.getMessage().contains("electricity_index.yaml: parameters.disclosure_max_share")
            && text.getMessage().contains("85%"),
        text.getMessage());
    InvalidSpecException method =
        assertThrows(
            InvalidSpecException.class,
            () ->
                SpecParameters.bind(spec(Map.of("seasonal_method", "stl")), IndexParameters.class));
    assertTrue(
        method.getMessage().contains("seasonal_method 'stl' is not one of: x13, tramo_seats"),
        method.getMessage());
  }
}
