package org.dataelements.factory.curation.macro;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.testing.Required;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class MacroIndicatorsTest {
  static final String RUN = "20240101T000000Z_0000";

  static final StructType WIND =
      new StructType()
          .add("period", DataTypes.StringType)
          .add("series_column", DataTypes.IntegerType)
          .add("series_name", DataTypes.StringType)
          .add("series_id", DataTypes.StringType)
          .add("unit", DataTypes.StringType)
          .add("frequency", DataTypes.StringType)
          .add("value", DataTypes.StringType)
          .add("_source_file", DataTypes.StringType)
          .add("_source_checksum", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);

  static Row cell(
      String file, int column, String name, String unit, String freq, String period, String value) {
    return RowFactory.create(
        period, column, name, null, unit, freq, value, file, file + "-sum", new Timestamp(1000));
  }

  static Dataset<Row> reference(SparkSession spark, String name) {
    return spark
        .read()
        .option("header", "true")
        .option("encoding", "UTF-8")
        .csv(SparkTestSession.confDir().resolve("reference/" + name + ".csv").toString());
  }

  /** Runs the transform and, as the runner does, caches the judged rows both outputs filter. */
  static StepOutput run(SparkSession spark, Map<TableId, Dataset<Row>> tables) {
    StepOutput out =
        new MacroIndicators()
            .transform(
                new StepInputs(
                    tables,
                    Map.of(
                        "regions",
                        reference(spark, "regions"),
                        "countries",
                        reference(spark, "countries")),
                    RUN));
    out.shared().forEach(Dataset::persist);
    return out;
  }

  static List<Row> rows(StepOutput out, String region, String indicator) {
    return rows(out.rows(), region, indicator);
  }

  static List<Row> rows(Dataset<Row> rows, String region, String indicator) {
    return rows.filter(col("region_code").equalTo(region).and(col("indicator").equalTo(indicator)))
        .orderBy("frequency", "period_start")
        .collectAsList();
  }

  static void assertRow(Row r, String frequency, String start, double value, String context) {
    assertEquals(frequency, r.getAs("frequency"), context + ": " + r);
    assertEquals(Date.valueOf(start), r.getAs("period_start"), context + ": " + r);
    assertEquals(value, (double) r.getAs("value"), 1e-9, context + ": " + r);
  }

  @Test
  void differencesQuarterlyYtdIntoQuartersAndKeepsYearEndOnlyRowsAsAnnualValues(
      SparkSession spark) {
    String bj = "China: Beijing Municipality: GDP: YTD";
    String f = "gdp.csv";
    Dataset<Row> wind =
        spark.createDataFrame(
            List.of(
                cell(f, 1, bj, "CNY 100mn", "Season", "1990-12", "500.80 "),
                cell(f, 1, bj, "CNY 100mn", "Season", "1991-03", "0.00 "),
                cell(f, 1, bj, "CNY 100mn", "Season", "1991-06", "0.00 "),
                cell(f, 1, bj, "CNY 100mn", "Season", "1991-09", "0.00 "),
                cell(f, 1, bj, "CNY 100mn", "Season", "1991-12", "598.90 "),
                cell(f, 1, bj, "CNY 100mn", "Season", "2021-09", "1,000.00 "),
                cell(f, 1, bj, "CNY 100mn", "Season", "2021-03", "100.00 "),
                cell(f, 1, bj, "CNY 100mn", "Season", "2021-06", "250.50 "),
                cell(f, 1, bj, "CNY 100mn", "Season", "2021-12", "1,400.25 "),
                cell(
                    f,
                    2,
                    "China: GDP: Current Prices",
                    "CNY 100mn",
                    "Season",
                    "2021-03",
                    "5,284.90 "),
                cell(
                    f,
                    2,
                    "China: GDP: Current Prices",
                    "CNY 100mn",
                    "Season",
                    "2021-06",
                    "6,507.90 "),
                cell(
                    f,
                    3,
                    "China: GDP: Constant Prices: Tertiary Industry",
                    "CNY 100mn",
                    "Season",
                    "2021-03",
                    "7.00 "),
                cell(
                    f,
                    4,
                    "China: Anhui: GDP: Secondary Industry: Industry: YTD",
                    "CNY 100mn",
                    "Season",
                    "2021-03",
                    "10.00 "),
                cell(
                    f,
                    5,
                    "(DC) China: Fujian: GDP: Tertiary Industry: Financial Intermediation: YTD",
                    "CNY 100mn",
                    "Season",
                    "2021-03",
                    "3.00 "),
                cell(
                    f,
                    6,
                    "China: GDP: Current Prices: Wholesale and Retail Trade",
                    "CNY 100mn",
                    "Season",
                    "2021-03",
                    "2.00 "),
                cell(
                    f,
                    7,
                    "China: Beijing: Power Consumption",
                    "100 million kwh",
                    "Month",
                    "2021-03",
                    "99.00 "),
                cell(f, 8, "Output: Solar: Hebei: YTD", null, "Month", "2021-03", "5.00 "),
                cell(
                    f,
                    9,
                    "China: Anhui: Output: Electricity: YTD",
                    "100 million kwh",
                    "Month",
                    "2021-03",
                    "5.00 ")),
            WIND);

    StepOutput out = run(spark, Map.of(MacroIndicators.BRONZE_WIND_SERIES, wind));

    List<Row> beijing = rows(out, "110000", "gdp");
    assertEquals(6, beijing.size(), beijing.toString());
    assertRow(beijing.get(0), "quarter", "2021-01-01", 100.0, "Q1 = YTD Q1");
    assertRow(beijing.get(1), "quarter", "2021-04-01", 150.5, "Q2 = 250.50 - 100.00");
    assertRow(beijing.get(2), "quarter", "2021-07-01", 749.5, "Q3 = 1,000.00 - 250.50");
    assertRow(beijing.get(3), "quarter", "2021-10-01", 400.25, "Q4 = 1,400.25 - 1,000.00");
    assertRow(
        beijing.get(4), "year", "1990-01-01", 500.8, "a December-only year is an annual value");
    assertRow(
        beijing.get(5),
        "year",
        "1991-01-01",
        598.9,
        "quarters of 0.00 are missing, so still annual");
    Row q1 = beijing.get(0);
    assertEquals("Beijing", q1.getAs("region_name"));
    assertEquals("GB/T 2260", q1.getAs("code_system"));
    assertEquals("CNY 100mn", q1.getAs("unit"));
    assertNull(q1.getAs("price_basis"));
    assertEquals(true, q1.getAs("derived_from_ytd"));
    assertEquals(false, q1.getAs("jan_feb_combined"));
    assertEquals(bj, q1.getAs("source_series"));
    assertEquals("wind", q1.getAs("source"));

    List<Row> national = rows(out, "CN", "gdp_current");
    assertEquals(2, national.size(), national.toString());
    assertRow(
        national.get(0),
        "quarter",
        "2021-01-01",
        5284.9,
        "national series are per quarter, not YTD");
    assertRow(
        national.get(1), "quarter", "2021-04-01", 6507.9, "national series are not differenced");
    assertEquals("current", national.get(0).getAs("price_basis"));
    assertEquals("ISO 3166-1", national.get(0).getAs("code_system"));
    assertEquals(false, national.get(0).getAs("derived_from_ytd"));

    Map<String, String> indicators = new TreeMap<>();
    out.rows()
        .select("region_code", "indicator", "price_basis")
        .distinct()
        .collectAsList()
        .forEach(
            r -> indicators.put(r.getString(0) + " " + r.getString(1), String.valueOf(r.get(2))));
    assertEquals(
        Map.of(
            "110000 gdp", "null",
            "CN gdp_current", "current",
            "CN gdp_constant_tertiary", "constant",
            "340000 gdp_industry", "null",
            "350000 gdp_tertiary_finance", "null",
            "CN gdp_current_tertiary_wholesale_and_retail_trade", "current"),
        indicators,
        "consumption and generation series are ignored; names normalised");
    assertEquals(0, out.quarantine().orElseThrow().count());
  }

  @Test
  void monthlyYtdStartingInFebruaryGivesAJanuaryFebruaryValueAndAGapIsNotSplit(SparkSession spark) {
    String fibres = "China: Anhui: Output: Chemical Fibers: YTD";
    Dataset<Row> wind =
        spark.createDataFrame(
            List.of(
                cell(
                    "out.csv",
                    1,
                    fibres,
                    "ton",
                    "Month",
                    "2022-02",
                    "\"1,000.00 \"".replace("\"", "")),
                cell("out.csv", 1, fibres, "ton", "Month", "2022-03", "1,600.00 "),
                cell("out.csv", 1, fibres, "ton", "Month", "2022-04", "0.00 "),
                cell("out.csv", 1, fibres, "ton", "Month", "2022-05", "2,900.00 "),
                cell("out.csv", 1, fibres, "ton", "Month", "2022-06", "3,500.00 "),
                cell("out.csv", 1, fibres, "ton", "Month", "2023-01", "700.00 "),
                cell("out.csv", 1, fibres, "ton", "Month", "2023-02", "1,500.00 ")),
            WIND);

    StepOutput out = run(spark, Map.of(MacroIndicators.BRONZE_WIND_SERIES, wind));

    List<Row> r = rows(out, "340000", "output_chemical_fibers");
    assertEquals(5, r.size(), r.toString());
    assertRow(r.get(0), "month", "2022-01-01", 1000.0, "Jan-Feb combined, stored on January 1");
    assertEquals(true, r.get(0).getAs("jan_feb_combined"));
    assertRow(r.get(1), "month", "2022-03-01", 600.0, "March = 1,600 - 1,000");
    assertEquals(false, r.get(1).getAs("jan_feb_combined"));
    assertRow(r.get(2), "month", "2022-06-01", 600.0, "June = 3,500 - 2,900");
    assertRow(r.get(3), "month", "2023-01-01", 700.0, "a year starting in January");
    assertEquals(false, r.get(3).getAs("jan_feb_combined"));
    assertRow(r.get(4), "month", "2023-02-01", 800.0, "February = 1,500 - 700");
    assertEquals("ton", r.get(0).getAs("unit"));

    List<Row> q = out.quarantine().orElseThrow().collectAsList();
    assertEquals(1, q.size(), q.toString());
    assertEquals("ytd_contiguous(period)", q.get(0).getAs("rule_id"));
    assertEquals("2022-05", q.get(0).getAs("period"));
    String reason = q.get(0).getAs("reason");
    assertTrue(
        reason.contains("out.csv")
            && reason.contains(fibres)
            && reason.contains("2022-03")
            && reason.contains("spans 2 months"),
        reason);
  }

  @Test
  void quarantinesDecreasingYtdUnparseableAndConflictingCellsAndTreats000AsMissing(
      SparkSession spark) {
    String hb = "China: Hebei: GDP: YTD";
    String js = "China: Jiangsu: GDP: Primary Industry: YTD";
    String zj = "China: Zhejiang: GDP: YTD";
    Dataset<Row> wind =
        spark.createDataFrame(
            List.of(
                cell("a.csv", 1, hb, "CNY 100mn", "Season", "2021-03", "300.00 "),
                cell("a.csv", 1, hb, "CNY 100mn", "Season", "2021-06", "250.00 "),
                cell("a.csv", 1, hb, "CNY 100mn", "Season", "2021-09", "400.00 "),
                cell("a.csv", 2, zj, "CNY 100mn", "Season", "2020-03", "100.00 "),
                cell("a.csv", 2, zj, "CNY 100mn", "Season", "2020-06", "0.00 "),
                cell("a.csv", 2, zj, "CNY 100mn", "Season", "2020-09", "400.00 "),
                cell("a.csv", 2, zj, "CNY 100mn", "Season", "2020-12", "500.00 "),
                cell("a.csv", 2, zj, "CNY 100mn", "Season", "2021-03", "n/a"),
                cell("a.csv", 3, js, "CNY 100mn", "Season", "2019-03", "10.00 "),
                cell("b.csv", 1, js, "CNY 100mn", "Season", "2019-03", "11.00 ")),
            WIND);

    StepOutput out = run(spark, Map.of(MacroIndicators.BRONZE_WIND_SERIES, wind));

    List<Row> hebei = rows(out, "130000", "gdp");
    assertEquals(1, hebei.size(), hebei.toString());
    assertRow(hebei.get(0), "quarter", "2021-01-01", 300.0, "the Q1 before the decrease is kept");
    List<Row> zhejiang = rows(out, "330000", "gdp");
    assertEquals(
        2,
        zhejiang.size(),
        "0.00 is a gap, not a zero YTD (which would give -100 and 400): " + zhejiang);
    assertRow(zhejiang.get(0), "quarter", "2020-01-01", 100.0, "Q1");
    assertRow(zhejiang.get(1), "quarter", "2020-10-01", 100.0, "Q4 = 500 - 400");
    assertEquals(0, rows(out, "320000", "gdp_primary").size());

    Map<String, Row> q = new HashMap<>();
    out.quarantine()
        .orElseThrow()
        .collectAsList()
        .forEach(r -> q.put(r.getAs("source_file") + " " + r.getAs("period"), r));
    assertEquals(6, q.size(), q.toString());
    Row fell = q.get("a.csv 2021-06");
    assertEquals("ytd_non_decreasing(value)", fell.getAs("rule_id"));
    String reason = fell.getAs("reason");
    assertTrue(
        reason.contains("a.csv")
            && reason.contains(hb)
            && reason.contains("300.00")
            && reason.contains("250.00")
            && reason.contains("2021-03")
            && reason.contains("2021-06"),
        reason);
    assertEquals(
        "ytd_after_decrease(value)",
        q.get("a.csv 2021-09").getAs("rule_id"),
        "400 - 250 is not trusted: 250 may be the wrong one");
    assertEquals("ytd_contiguous(period)", q.get("a.csv 2020-09").getAs("rule_id"));
    assertEquals("parse(value)", q.get("a.csv 2021-03").getAs("rule_id"), "'n/a' is not a number");
    Row conflictA = q.get("a.csv 2019-03");
    Row conflictB = q.get("b.csv 2019-03");
    assertEquals(MacroIndicators.KEY_RULE, conflictA.getAs("rule_id"));
    assertEquals(MacroIndicators.KEY_RULE, conflictB.getAs("rule_id"));
    String both = conflictB.getAs("reason");
    assertTrue(
        both.contains("10.0")
            && both.contains("11.0")
            && both.contains("a.csv")
            && both.contains("b.csv"),
        both);
    assertEquals(RUN, conflictA.getAs("run_id"));
  }

  static final StructType OWID_ELECTRICITY =
      new StructType()
          .add("Country", DataTypes.StringType)
          .add("Year", DataTypes.StringType)
          .add("Electricity demand (TWh)", DataTypes.StringType)
          .add("Electricity generation (TWh)", DataTypes.StringType)
          .add("_source_file", DataTypes.StringType)
          .add("_source_checksum", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);

  /**
   * The GDP file as bronze lands it: source names made Delta-safe ("Total real GDP" →
   * Total_real_GDP).
   */
  static final StructType OWID_GDP =
      new StructType()
          .add("Country", DataTypes.StringType)
          .add("Year", DataTypes.StringType)
          .add("Total_real_GDP", DataTypes.StringType)
          .add("_source_file", DataTypes.StringType)
          .add("_source_checksum", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);

  static Row owid(String country, String year, String value) {
    return RowFactory.create(country, year, value, "e.csv", "e-sum", new Timestamp(1000));
  }

  static Row owidElectricity(String country, String year, String demand) {
    return RowFactory.create(country, year, demand, "1.0", "e.csv", "e-sum", new Timestamp(1000));
  }

  @Test
  void convertsOwidDemandToKwhAndConformsCountriesKeepingAggregatesUnderFactoryCodes(
      SparkSession spark) {
    Dataset<Row> electricity =
        spark.createDataFrame(
            List.of(
                owidElectricity("Afghanistan", "2000", "0.57"),
                owidElectricity("China", "2020", "7,500.5"),
                owidElectricity("European Union (27)", "2020", "2700"),
                owidElectricity("Cote d'Ivoire", "2020", "9.1"),
                owidElectricity("Czechia", "2020", ""),
                owidElectricity("Albania", "2020", "lots")),
            OWID_ELECTRICITY);
    Dataset<Row> gdp =
        spark.createDataFrame(
            List.of(
                owid("China", "2016", "19494799360"),
                owid("High-income countries", "2016", "1000")),
            OWID_GDP);

    StepOutput out =
        run(
            spark,
            Map.of(
                MacroIndicators.BRONZE_OWID_ELECTRICITY,
                electricity,
                MacroIndicators.BRONZE_OWID_GDP,
                gdp));

    List<Row> af = rows(out, "AF", "electricity_demand_kwh");
    assertEquals(1, af.size(), af.toString());
    assertRow(af.get(0), "year", "2000-01-01", 0.57e9, "TWh × 1e9");
    assertEquals("Afghanistan", af.get(0).getAs("region_name"));
    assertEquals("ISO 3166-1", af.get(0).getAs("code_system"));
    assertEquals("kWh", af.get(0).getAs("unit"));
    assertEquals("owid:Electricity demand (TWh)", af.get(0).getAs("source_series"));
    assertEquals("owid", af.get(0).getAs("source"));
    assertRow(
        rows(out, "CN", "electricity_demand_kwh").get(0),
        "year",
        "2020-01-01",
        7500.5e9,
        "China is CN");
    assertEquals(1, rows(out, "CI", "electricity_demand_kwh").size(), "an apostrophe in the name");
    List<Row> eu = rows(out, "X_EUROPEAN_UNION_27", "electricity_demand_kwh");
    assertEquals(1, eu.size(), out.rows().collectAsList().toString());
    assertEquals("factory", eu.get(0).getAs("code_system"), "an aggregate is not a country");
    assertEquals("European Union (27)", eu.get(0).getAs("region_name"));
    assertEquals(
        0,
        out.rows().filter(col("region_name").equalTo("Czechia")).count(),
        "an empty cell is missing");

    List<Row> cnGdp = rows(out, "CN", "gdp_real_2011_intl_usd");
    assertEquals(1, cnGdp.size(), cnGdp.toString());
    assertRow(
        cnGdp.get(0), "year", "2016-01-01", 19494799360.0, "the bronze-safe column name is found");
    assertEquals("constant", cnGdp.get(0).getAs("price_basis"));
    assertEquals("owid:Total real GDP", cnGdp.get(0).getAs("source_series"));
    assertEquals(
        "factory",
        rows(out, "X_HIGH_INCOME_COUNTRIES", "gdp_real_2011_intl_usd").get(0).getAs("code_system"));

    List<Row> q = out.quarantine().orElseThrow().collectAsList();
    assertEquals(1, q.size(), q.toString());
    assertEquals("parse(value)", q.get(0).getAs("rule_id"));
    String reason = q.get(0).getAs("reason");
    assertTrue(
        reason.contains("e.csv")
            && reason.contains("Albania")
            && reason.contains("2020")
            && reason.contains("'lots'"),
        reason);
  }

  @Test
  void failsNamingTheInputsWhenNoneExists(SparkSession spark) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(spark, Map.of()));
    assertTrue(
        e.getMessage().contains("bronze.wind__series")
            && e.getMessage().contains("bronze.owid__electricity_annual")
            && e.getMessage().contains("bronze.owid__gdp_annual"),
        e.getMessage());
  }

  @Test
  void outputHasTheDeclaredSchema(SparkSession spark) {
    Dataset<Row> gdp = spark.createDataFrame(List.of(owid("China", "2016", "1")), OWID_GDP);
    StructType schema = run(spark, Map.of(MacroIndicators.BRONZE_OWID_GDP, gdp)).rows().schema();
    assertEquals(
        List.of(
            "region_code",
            "region_name",
            "code_system",
            "indicator",
            "frequency",
            "period_start",
            "value",
            "unit",
            "price_basis",
            "jan_feb_combined",
            "derived_from_ytd",
            "source_series",
            "source"),
        List.of(schema.fieldNames()));
    assertEquals(DataTypes.DateType, schema.apply("period_start").dataType());
    assertEquals(DataTypes.DoubleType, schema.apply("value").dataType());
    assertEquals(DataTypes.BooleanType, schema.apply("jan_feb_combined").dataType());
    assertEquals(DataTypes.BooleanType, schema.apply("derived_from_ytd").dataType());
    assertEquals(DataTypes.StringType, schema.apply("price_basis").dataType());
  }

  // ---- the real files in ../shared/data ----

  static final String WIND_DIR = "electricity/china_monthly_crea_wind";
  static final String OWID_DIR = "electricity/owid_country_annual";

  @Test
  void realWindAndOwidFilesGiveBeijingQuarterlyGdpSummingToTheDecemberYtd(SparkSession spark)
      throws IOException {
    Path data = SparkTestSession.sharedData();
    Required.sharedData(WIND_DIR);
    List<Row> cells = new ArrayList<>();
    Map<String, String> beijingYtd = new TreeMap<>();
    try (Stream<Path> files = Files.list(data.resolve(WIND_DIR))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
        String rel = data.relativize(f).toString();
        List<List<String>> records = TestCsv.records(f);
        if (records.isEmpty() || !records.get(0).get(0).equals("Wind")) {
          continue;
        }
        Map<String, List<String>> header = new HashMap<>();
        int i = 0;
        while (!records.get(i).get(0).matches("\\d{4}-\\d{2}")) {
          header.put(records.get(i).get(0), records.get(i));
          i++;
        }
        List<String> names = header.get("Name");
        for (; i < records.size(); i++) {
          List<String> r = records.get(i);
          for (int j = 1; j < r.size() && j < names.size(); j++) {
            if (r.get(j).isBlank()) {
              continue;
            }
            cells.add(
                cell(
                    rel,
                    j,
                    names.get(j),
                    at(header.get("Unit"), j),
                    at(header.get("Frequency"), j),
                    r.get(0),
                    r.get(j)));
            if (names.get(j).equals("China: Beijing Municipality: GDP: YTD")) {
              beijingYtd.put(r.get(0), r.get(j).trim().replace(",", ""));
            }
          }
        }
      }
    }
    assertFalse(beijingYtd.isEmpty(), "the GDP file has Beijing's YTD series");
    Dataset<Row> wind = spark.createDataFrame(cells, WIND);
    StepOutput out =
        run(
            spark,
            Map.of(
                MacroIndicators.BRONZE_WIND_SERIES, wind,
                MacroIndicators.BRONZE_OWID_ELECTRICITY,
                    owidBronze(spark, data, "electricity_mix_bp_ember_2022_countries_A-L.csv"),
                MacroIndicators.BRONZE_OWID_GDP,
                    owidBronze(spark, data, "total_gdp_maddison_countries_A-L.csv")));
    Dataset<Row> rows = out.rows();
    try {
      // Expected from the raw file: per year, the December YTD; quarterly where Q1-Q3 were
      // reported.
      Map<Integer, Double> december = new TreeMap<>();
      Map<Integer, Integer> reportedQuarters = new TreeMap<>();
      beijingYtd.forEach(
          (period, v) -> {
            int year = Integer.parseInt(period.substring(0, 4));
            if (Double.parseDouble(v) != 0) {
              reportedQuarters.merge(year, 1, Integer::sum);
              if (period.endsWith("-12")) {
                december.put(year, Double.parseDouble(v));
              }
            }
          });
      Map<Integer, List<Row>> quarterly = new TreeMap<>();
      Map<Integer, Double> annual = new TreeMap<>();
      for (Row r : rows(rows, "110000", "gdp")) {
        int year = ((Date) r.getAs("period_start")).toLocalDate().getYear();
        assertTrue((double) r.getAs("value") > 0, "positive: " + r);
        if (r.getAs("frequency").equals("quarter")) {
          quarterly.computeIfAbsent(year, y -> new ArrayList<>()).add(r);
        } else {
          assertEquals("year", r.getAs("frequency"), r.toString());
          annual.put(year, r.getAs("value"));
        }
      }
      int checked = 0;
      for (var e : december.entrySet()) {
        int year = e.getKey();
        if (year < 1992) {
          continue;
        }
        if (reportedQuarters.get(year) == 4) {
          List<Row> qs = quarterly.get(year);
          assertEquals(4, qs == null ? 0 : qs.size(), "four quarters in " + year + ": " + qs);
          double sum = qs.stream().mapToDouble(r -> r.getAs("value")).sum();
          assertEquals(
              e.getValue(),
              sum,
              1e-6 * e.getValue(),
              "quarters of " + year + " sum to the December YTD");
        } else {
          assertEquals(1, reportedQuarters.get(year), "only December reported in " + year);
          assertEquals(e.getValue(), annual.get(year), 1e-9, "annual value of " + year);
        }
        checked++;
      }
      assertEquals(2024 - 1992 + 1, checked, "every year from 1992 to 2024 has Beijing's GDP");
      assertEquals(
          1999,
          quarterly.keySet().iterator().next(),
          "the file reports Beijing's quarters from 1999");
      assertEquals(2024 - 1999 + 1, quarterly.size(), "no quarterly year is missing from 1999 on");

      List<Row> cnQuarterly =
          rows.filter(
                  col("region_code")
                      .equalTo("CN")
                      .and(col("indicator").equalTo("gdp_current"))
                      .and(col("frequency").equalTo("quarter")))
              .orderBy("period_start")
              .collectAsList();
      assertFalse(cnQuarterly.isEmpty(), "national GDP at current prices is CN");
      assertEquals(Date.valueOf("1992-01-01"), cnQuarterly.get(0).getAs("period_start"));
      assertEquals(
          5284.9,
          (double) cnQuarterly.get(0).getAs("value"),
          1e-9,
          "1992 Q1 as published (not YTD)");
      assertEquals("ISO 3166-1", cnQuarterly.get(0).getAs("code_system"));
      assertTrue(
          rows.filter(col("region_code").equalTo("CN").and(col("source").equalTo("owid"))).count()
              > 0,
          "OWID's China is CN");
      for (String aggregate :
          List.of("X_EUROPEAN_UNION_27", "X_HIGH_INCOME_COUNTRIES", "X_FORMER_USSR")) {
        assertTrue(
            rows.filter(
                        col("region_code")
                            .equalTo(aggregate)
                            .and(col("code_system").equalTo("factory")))
                    .count()
                > 0,
            "an OWID aggregate keeps a factory code: " + aggregate);
      }
      assertEquals(
          0,
          rows.filter(
                  col("source")
                      .equalTo("owid")
                      .and(col("code_system").equalTo("factory"))
                      .and(
                          col("region_name")
                              .isin(
                                  "Albania",
                                  "Belgium",
                                  "Cote d'Ivoire",
                                  "Democratic Republic of Congo",
                                  "Faeroe Islands",
                                  "Hong Kong",
                                  "Micronesia (country)",
                                  "Laos")))
              .count(),
          "countries are ISO");
      assertTrue(
          rows.filter(
                      col("indicator")
                          .equalTo("output_crude_steel")
                          .and(col("region_code").equalTo("110000"))
                          .and(col("frequency").equalTo("month")))
                  .count()
              > 0,
          "industrial output of Beijing, monthly");
      assertEquals(
          0,
          rows.filter(col("indicator").rlike("consumption|generat|solar|thermal|hydro|nuclear"))
              .count(),
          "electricity series are other steps' business");
      long keys =
          rows.select("region_code", "indicator", "frequency", "period_start", "price_basis")
              .distinct()
              .count();
      assertEquals(rows.count(), keys, "the key is unique");
      assertEquals(
          0,
          rows.filter(col("region_code").isNull().or(col("value").isNull())).count(),
          "complete");
    } finally {
      out.shared().forEach(Dataset::unpersist);
    }
  }

  private static String at(List<String> headerRow, int j) {
    return headerRow == null || j >= headerRow.size() ? null : headerRow.get(j);
  }

  /** An OWID CSV as bronze lands it: strings, Delta-safe column names, audit columns. */
  static Dataset<Row> owidBronze(SparkSession spark, Path data, String file) {
    Dataset<Row> csv =
        spark.read().option("header", "true").csv(data.resolve(OWID_DIR).resolve(file).toString());
    for (String c : csv.columns()) {
      csv = csv.withColumnRenamed(c, c.trim().replaceAll("[\\s,;{}()=\\n\\t]+", "_"));
    }
    return csv.withColumn("_source_file", lit(OWID_DIR + "/" + file))
        .withColumn("_source_checksum", lit(file + "-sum"))
        .withColumn("_ingested_at", lit(new Timestamp(1000)));
  }

  /**
   * A minimal RFC 4180 reader for the Wind exports (quoted fields with commas; no newlines in
   * fields).
   */
  static final class TestCsv {
    static List<List<String>> records(Path f) throws IOException {
      List<List<String>> out = new ArrayList<>();
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        line = line.replace("\uFEFF", "");
        if (line.isEmpty()) {
          continue;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
          char c = line.charAt(i);
          if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            b.append('"');
            i++;
          } else if (c == '"') {
            quoted = !quoted;
          } else if (c == ',' && !quoted) {
            fields.add(b.toString());
            b.setLength(0);
          } else {
            b.append(c);
          }
        }
        fields.add(b.toString());
        out.add(fields);
      }
      return out;
    }
  }
}
