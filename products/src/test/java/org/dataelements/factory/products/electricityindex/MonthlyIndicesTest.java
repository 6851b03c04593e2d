package org.dataelements.factory.products.electricityindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import scala.collection.JavaConverters;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class MonthlyIndicesTest {
  static final StructType SILVER =
      new StructType()
          .add("region_code", DataTypes.StringType)
          .add("region_name", DataTypes.StringType)
          .add("code_system", DataTypes.StringType)
          .add("industry_code", DataTypes.StringType)
          .add("industry_name", DataTypes.StringType)
          .add("month", DataTypes.DateType)
          .add("months_covered", DataTypes.IntegerType)
          .add("consumption_kwh", DataTypes.DoubleType)
          .add("account_count", DataTypes.LongType)
          .add("max_account_kwh", DataTypes.DoubleType)
          .add("is_imputed", DataTypes.BooleanType)
          .add("imputation", DataTypes.StringType)
          .add("is_published_statistic", DataTypes.BooleanType)
          .add("is_jan_feb_combined", DataTypes.BooleanType)
          .add("derived_from_ytd", DataTypes.BooleanType)
          .add("source", DataTypes.StringType)
          .add("source_series", DataTypes.StringType);

  static Row cell(String region, LocalDate month, double kwh, String source) {
    return cell(region, "ALL", month, kwh, source);
  }

  static Row cell(String region, String industry, LocalDate month, double kwh, String source) {
    boolean published = !source.equals("meter_readings");
    return RowFactory.create(
        region,
        region + " name",
        "GB/T 2260",
        industry,
        industry,
        Date.valueOf(month),
        1,
        kwh,
        published ? null : 5L,
        published ? null : kwh / 5,
        false,
        null,
        published,
        false,
        false,
        source,
        null);
  }

  /** The reference lists the index step declares, from conf/reference. */
  static Map<String, org.apache.spark.sql.Dataset<Row>> references(SparkSession spark) {
    Map<String, org.apache.spark.sql.Dataset<Row>> refs = new java.util.HashMap<>();
    for (String name : List.of("specialty_industries", "cec_series", "industries")) {
      refs.put(
          name,
          spark
              .read()
              .option("header", "true")
              .csv(SparkTestSession.confDir().resolve("reference/" + name + ".csv").toString()));
    }
    return refs;
  }

  static List<Row> build(SparkSession spark, List<Row> cells, int baseYear) {
    var in =
        new StepInputs(
            Map.of(MonthlyIndices.CONSUMPTION, spark.createDataFrame(cells, SILVER)),
            references(spark),
            "r");
    return new MonthlyIndices(baseYear)
        .transform(in)
        .tables()
        .get(MonthlyIndices.TABLE)
        .rows()
        .orderBy("region_code", "month")
        .collectAsList();
  }

  @Test
  void baseYearMeanIsOneHundredAndYearOnYearCompares(SparkSession spark) {
    List<Row> cells = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      cells.add(
          cell("110000", LocalDate.of(2020, m, 1), m == 2 ? 87.0 : 100.0, "published_monthly"));
      cells.add(cell("110000", LocalDate.of(2021, m, 1), 110.0, "published_monthly"));
    }
    List<Row> rows = build(spark, cells, 2020);
    assertEquals(24, rows.size());
    double mean = (11 * 100.0 + 87.0) / 12;
    Row jan2020 = rows.get(0);
    assertEquals(100.0 * 100 / mean, (double) jan2020.getAs("value"), 1e-3);
    assertEquals("2020", jan2020.getAs("base_period"));
    assertEquals("total", jan2020.getAs("index_name"));
    assertNull(jan2020.getAs("yoy_pct"), "no earlier year to compare with");
    assertEquals(10.0, (double) rows.get(12).getAs("yoy_pct"), 1e-9);
    // February 2020 had 29 days: on daily averages it is compared with the base year's 366 days.
    double baseDaily = (11 * 100.0 + 87.0) / 366;
    assertEquals(
        87.0 / 29 / baseDaily * 100, (double) rows.get(1).getAs("value_leap_adjusted"), 1e-3);
    List<String> flags = JavaConverters.seqAsJavaList(jan2020.getAs("flags"));
    assertEquals(
        List.of("published_statistic", "no_seasonal_adjustment"),
        flags,
        "24 months: too short to adjust");
  }

  @Test
  void aSeriesWithoutTheBaseYearFallsBackToItsFirstCompleteYear(SparkSession spark) {
    List<Row> cells = new ArrayList<>();
    for (int m = 6; m <= 12; m++) {
      cells.add(cell("LZNA", LocalDate.of(2021, m, 1), 50.0, "meter_readings"));
    }
    for (int m = 1; m <= 12; m++) {
      cells.add(cell("LZNA", LocalDate.of(2022, m, 1), 80.0, "meter_readings"));
    }
    List<Row> rows = build(spark, cells, 2020);
    Row first = rows.get(0);
    assertEquals("2022", first.getAs("base_period"));
    assertEquals(62.5, (double) first.getAs("value"), 1e-9);
    assertTrue(
        JavaConverters.seqAsJavaList(first.<scala.collection.Seq<String>>getAs("flags"))
            .contains("base_fallback"));
  }

  @Test
  void publishedStatisticsWinOverMetersForTheSameRegionAndMonth(SparkSession spark) {
    List<Row> cells = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      cells.add(cell("620000", LocalDate.of(2020, m, 1), 100.0, "published_monthly"));
      cells.add(cell("620000", LocalDate.of(2020, m, 1), 1.0, "meter_readings"));
    }
    List<Row> rows = build(spark, cells, 2020);
    assertEquals(12, rows.size(), "one row per region and month, sources not double counted");
    rows.forEach(r -> assertEquals(100.0, (double) r.getAs("value"), 1e-9));
  }

  @Test
  void metersGiveEveryComponentFromTheirIndustriesAndHouseholds(SparkSession spark) {
    List<Row> cells = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      LocalDate month = LocalDate.of(2020, m, 1);
      cells.add(cell("620100", "C26", month, 100.0 + m, "meter_readings"));
      cells.add(cell("620100", "F", month, 40.0, "meter_readings"));
      cells.add(cell("620100", "A", month, 10.0, "meter_readings"));
      cells.add(cell("620100", "HH_URBAN", month, 50.0, "meter_readings"));
      cells.add(cell("620100", "HH_RURAL", month, m == 12 ? 50.0 : 25.0, "meter_readings"));
    }
    List<Row> rows = build(spark, cells, 2020);
    java.util.Map<String, Row> december = new java.util.HashMap<>();
    rows.stream()
        .filter(r -> r.<Date>getAs("month").toLocalDate().getMonthValue() == 12)
        .forEach(r -> december.put(r.getAs("index_name"), r));
    assertEquals(
        java.util.Set.of(
            "total",
            "economic_vitality",
            "urban_rural_integration",
            "specialty_industry",
            "composite"),
        december.keySet());
    double economicMean = (12 * 140.0 + 78) / 12;
    assertEquals(
        152.0 / economicMean * 100,
        (double) december.get("economic_vitality").getAs("value"),
        1e-3,
        "industry and services (C26 + F), not agriculture, not households");
    double specialtyMean = (12 * 100.0 + 78) / 12;
    assertEquals(
        112.0 / specialtyMean * 100,
        (double) december.get("specialty_industry").getAs("value"),
        1e-3,
        "C26 is a specialty division, F is not");
    double ratioMean = (11 * 0.5 + 1.0) / 12;
    assertEquals(
        1.0 / ratioMean * 100,
        (double) december.get("urban_rural_integration").getAs("value"),
        1e-3,
        "rural ÷ urban residential");
  }
}
