package org.dataelements.factory.products.electricityindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The council's conventions, on cells whose answers are worked out by hand. */
class SectorIndicesTest {
  static final Map<String, String> SECTORS =
      Map.of(
          "A", "primary",
          "C26", "secondary",
          "C31", "secondary",
          "C", "secondary",
          "F", "tertiary",
          "HH_URBAN", "household");

  static SectorIndices.Definition def(String series, int rank, String members, boolean partial) {
    return new SectorIndices.Definition(
        series, rank, List.of(members.split(";")), partial, "", series, "test", "2024-08-27", "");
  }

  static SectorIndices.Cell published(String industry, LocalDate month, double kwh) {
    return new SectorIndices.Cell(
        "CN",
        "China",
        "ISO 3166-1",
        industry,
        month,
        1,
        kwh,
        "published_monthly",
        true,
        false,
        false,
        "China: Electricity Consumption: " + industry);
  }

  static SectorIndices.Cell metered(String region, String industry, LocalDate month, double kwh) {
    return new SectorIndices.Cell(
        region,
        region,
        "GB/T 2260",
        industry,
        month,
        1,
        kwh,
        "meter_readings",
        false,
        false,
        false,
        null);
  }

  /** Twelve months of a year, every month {@code kwh}; March of 2020 {@code march2020}. */
  static List<SectorIndices.Cell> year(String industry, int y, double kwh, double march2020) {
    List<SectorIndices.Cell> cells = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      double v = y == 2020 && m == 3 ? march2020 : kwh;
      cells.add(published(industry, LocalDate.of(y, m, 1), v));
    }
    return cells;
  }

  /** An array column of a row built in Java (a java.util.List until Spark converts it). */
  static List<?> list(Row r, int i) {
    return (List<?>) r.get(i);
  }

  static Map<String, Row> byKey(List<Row> rows) {
    Map<String, Row> out = new java.util.TreeMap<>();
    for (Row r : rows) {
      out.put(r.getString(4) + "@" + r.getDate(3), r);
    }
    return out;
  }

  @Test
  void baseMonthsAreSmoothedOverThreeYearsAndJanFebIsOnePeriod() {
    List<SectorIndices.Cell> cells = new ArrayList<>();
    for (int y = 2019; y <= 2021; y++) {
      cells.addAll(year("C", y, 100, 50));
    }
    var result =
        new SectorIndices(2020, SectorIndices.Smoothing.THREE_YEAR)
            .compute(cells, List.of(def("manufacturing", 1, "C", false)), SECTORS);
    Map<String, Row> rows = byKey(result.indices());
    assertEquals(33, rows.size(), "11 periods a year: Jan–Feb is one");
    // T2019 = T2021 = 1200, T2020 = 1150; March's base = mean(100·1150/1200, 50, 100·1150/1200).
    double baseMarch = (2 * 100 * 1150.0 / 1200 + 50) / 3;
    Row march2020 = rows.get("manufacturing@2020-03-01");
    assertEquals(50 / baseMarch * 100, march2020.getDouble(5), 1e-9);
    double baseApril = (2 * 100 * 1150.0 / 1200 + 100) / 3;
    assertEquals(100 / baseApril * 100, rows.get("manufacturing@2020-04-01").getDouble(5), 1e-9);
    Row janFeb = rows.get("manufacturing@2021-01-01");
    assertTrue(list(janFeb, 10).contains("jan_feb_combined"), janFeb.toString());
    assertEquals("2020", janFeb.getString(6));
    assertEquals(List.of("C"), list(janFeb, 9));
    assertFalse(rows.containsKey("manufacturing@2021-02-01"));
    // yoy on the published figures, not the smoothed base: 2021 March 100 against 50.
    assertEquals(100.0, rows.get("manufacturing@2021-03-01").getDouble(7), 1e-9);

    var unsmoothed =
        new SectorIndices(2020, SectorIndices.Smoothing.NONE)
            .compute(cells, List.of(def("manufacturing", 1, "C", false)), SECTORS);
    assertEquals(
        100.0, byKey(unsmoothed.indices()).get("manufacturing@2020-03-01").getDouble(5), 1e-9);
    assertEquals(
        200.0, byKey(unsmoothed.indices()).get("manufacturing@2021-03-01").getDouble(5), 1e-9);
  }

  @Test
  void dailyAverageGrowthCorrectsTheLeapFebruary() {
    List<SectorIndices.Cell> cells = new ArrayList<>();
    for (int y = 2020; y <= 2021; y++) {
      cells.addAll(year("C", y, 100, 100));
    }
    var result =
        new SectorIndices(2020, SectorIndices.Smoothing.NONE)
            .compute(cells, List.of(def("manufacturing", 1, "C", false)), SECTORS);
    Row janFeb2021 = byKey(result.indices()).get("manufacturing@2021-01-01");
    assertEquals(0.0, janFeb2021.getDouble(7), 1e-9, "same consumption: no growth");
    // 2020's Jan–Feb had 60 days, 2021's 59: (1 + 0) × 60/59 − 1.
    assertEquals((60.0 / 59 - 1) * 100, janFeb2021.getDouble(8), 1e-9);
    Row march2021 = byKey(result.indices()).get("manufacturing@2021-03-01");
    assertEquals(0.0, march2021.getDouble(8), 1e-9);
    assertNull(byKey(result.indices()).get("manufacturing@2020-03-01").get(7), "no 2019");
  }

  @Test
  void aMissingMemberMonthDropsTheRowAndAnUncarriedMemberIsNamed() {
    List<SectorIndices.Cell> cells = new ArrayList<>();
    for (int y = 2020; y <= 2021; y++) {
      cells.addAll(year("C26", y, 100, 100));
      for (SectorIndices.Cell c : year("C31", y, 10, 10)) {
        if (!c.month().equals(LocalDate.of(2021, 5, 1))) {
          cells.add(c);
        }
      }
    }
    cells.add(
        new SectorIndices.Cell(
            "CN",
            "China",
            "ISO 3166-1",
            "F5267",
            LocalDate.of(2021, 6, 1),
            1,
            5,
            "published_monthly",
            true,
            false,
            false,
            "(DC) China: Power Consumption: Wholesale and Retail Trades: Charging and Replacing"));
    var defs =
        List.of(
            def("energy_intensive", 1, "C26;C31", false),
            def("heavy", 1, "C26;C31;C32", false),
            def("heavy_partial", 1, "C26;C31;C32", true),
            def("accommodation_catering", 1, "H", false));
    var result =
        new SectorIndices(2020, SectorIndices.Smoothing.NONE).compute(cells, defs, SECTORS);
    Map<String, Row> rows = byKey(result.indices());
    assertTrue(rows.containsKey("energy_intensive@2021-04-01"));
    assertFalse(rows.containsKey("energy_intensive@2021-05-01"), "C31 missing: no partial sum");
    assertEquals(110 / 110.0 * 100, rows.get("energy_intensive@2021-04-01").getDouble(5), 1e-9);
    assertTrue(
        rows.keySet().stream().noneMatch(k -> k.startsWith("heavy@")), rows.keySet().toString());
    assertTrue(
        result.warnings().stream().anyMatch(w -> w.contains("heavy") && w.contains("C32")),
        result.warnings().toString());
    Optional<Row> notBuilt =
        result.methodology().stream()
            .filter(
                r -> r.getString(2).equals("sector:heavy") && r.getString(3).equals("not_built"))
            .findFirst();
    assertTrue(notBuilt.isPresent() && notBuilt.get().getString(6).contains("C32"));
    assertTrue(
        result.warnings().stream()
            .anyMatch(w -> w.contains("accommodation_catering") && w.contains("carries H")),
        "a series none of whose members an input carries is named: " + result.warnings());
    Row partial = rows.get("heavy_partial@2021-04-01");
    assertEquals(List.of("C26", "C31"), list(partial, 9));
    assertTrue(list(partial, 10).contains("partial_members"));
  }

  @Test
  void discontinuedMemberSeriesAreFlagged() {
    List<SectorIndices.Cell> cells = new ArrayList<>();
    for (int y = 2020; y <= 2021; y++) {
      for (int m = 1; m <= 12; m++) {
        String name = y == 2021 ? "(DC) China: Power Consumption: X" : "China: X";
        cells.add(
            new SectorIndices.Cell(
                "CN",
                "China",
                "ISO 3166-1",
                "F5267",
                LocalDate.of(y, m, 1),
                1,
                7,
                "published_monthly",
                true,
                false,
                false,
                name));
      }
    }
    var result =
        new SectorIndices(2020, SectorIndices.Smoothing.NONE)
            .compute(cells, List.of(def("ev_charging", 1, "F5267", false)), SECTORS);
    Map<String, Row> rows = byKey(result.indices());
    assertTrue(list(rows.get("ev_charging@2021-07-01"), 10).contains("discontinued_member_series"));
    assertFalse(
        list(rows.get("ev_charging@2020-07-01"), 10).contains("discontinued_member_series"));
  }

  @Test
  void meteredRegionsRollFinerCodesAndSectorsUpAndSubtractHouseholds() {
    List<SectorIndices.Cell> cells = new ArrayList<>();
    for (int y = 2020; y <= 2021; y++) {
      for (int m = 1; m <= 12; m++) {
        LocalDate d = LocalDate.of(y, m, 1);
        cells.add(metered("620100", "C26", d, 40));
        cells.add(metered("620100", "C3110", d, 20));
        cells.add(metered("620100", "A", d, 5));
        cells.add(metered("620100", "F", d, 10));
        cells.add(metered("620100", "HH_URBAN", d, 30));
      }
    }
    var defs =
        List.of(
            def("all_industries", 1, "PRIMARY;SECONDARY;TERTIARY", false),
            def("energy_intensive", 1, "C26;C30;C31;C32", false),
            def("whole_less_households", 1, "ALL;-HH", false));
    var result =
        new SectorIndices(2020, SectorIndices.Smoothing.NONE).compute(cells, defs, SECTORS);
    Map<String, Row> rows = byKey(result.indices());
    Row all = rows.get("all_industries@2021-03-01");
    assertEquals(100.0, all.getDouble(5), 1e-9);
    assertTrue(list(all, 10).contains("metered"));
    assertEquals(0.0, all.getDouble(7), 1e-9);
    // Jan + Feb metered separately: one period of both months.
    assertTrue(rows.containsKey("energy_intensive@2021-01-01"));
    assertEquals(
        rows.get("all_industries@2021-05-01").getDouble(5),
        rows.get("whole_less_households@2021-05-01").getDouble(5),
        1e-9);
    assertEquals(66, result.indices().size(), "3 series × 11 periods × 2 years, none missing");
  }

  @Test
  void aBadReferenceRowNamesTheSeriesAndField() {
    StructType schema = new StructType();
    for (String f :
        List.of(
            "series",
            "rank",
            "members",
            "partial",
            "name_zh",
            "name_en",
            "definition_source",
            "defined_on",
            "note")) {
      schema = schema.add(f, DataTypes.StringType);
    }
    Row bad =
        new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(
            new Object[] {"manufacturing", "first", "C", "false", "", "", "", "", ""}, schema);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SectorIndices.definitions(List.of(bad)));
    assertTrue(e.getMessage().contains("manufacturing") && e.getMessage().contains("rank"));
    assertEquals(
        Date.valueOf("2021-01-01").toLocalDate(), SectorIndices.period(LocalDate.of(2021, 2, 1)));
    assertEquals(59, SectorIndices.days(LocalDate.of(2021, 1, 1)));
  }
}
