package org.dataelements.factory.curation.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class ConsumptionMonthlyTest {
  static final StructType WIND =
      new StructType()
          .add("period", DataTypes.StringType)
          .add("series_column", DataTypes.IntegerType)
          .add("series_name", DataTypes.StringType)
          .add("unit", DataTypes.StringType)
          .add("frequency", DataTypes.StringType)
          .add("value", DataTypes.StringType)
          .add("_source_file", DataTypes.StringType)
          .add("_source_checksum", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);

  static Row cell(String period, int col, String name, String unit, String value, String file) {
    return RowFactory.create(
        period, col, name, unit, "Month", value, file, file + "-sum", new Timestamp(1000));
  }

  private static Dataset<Row> reference(SparkSession spark, String name) {
    return spark
        .read()
        .option("header", "true")
        .csv(SparkTestSession.confDir().resolve("reference/" + name + ".csv").toString());
  }

  private static Map<String, Dataset<Row>> references(SparkSession spark) {
    return Map.of(
        "regions", reference(spark, "regions"), "industries", reference(spark, "industries"));
  }

  private static StepOutput published(SparkSession spark, List<Row> cells) {
    return new ConsumptionMonthly()
        .transform(
            new StepInputs(
                Map.of(PowerTables.BRONZE_WIND_SERIES, spark.createDataFrame(cells, WIND)),
                references(spark),
                "20210101T000000Z_0000"));
  }

  @Test
  void conformsPublishedSeriesAndQuarantinesMissingAndConflictingCells(SparkSession spark) {
    Dataset<Row> wind =
        spark.createDataFrame(
            List.of(
                cell(
                    "2021-01",
                    1,
                    "China: Beijing Municipality: Power Consumption",
                    "100 million kwh",
                    "\"1,001.50 \"".replace("\"", ""),
                    "a.csv"),
                cell(
                    "2021-02",
                    1,
                    "China: Beijing Municipality: Power Consumption",
                    "100 million kwh",
                    "0.00 ",
                    "a.csv"),
                cell(
                    "2021-01",
                    2,
                    "China: Atlantis: Power Consumption",
                    "10000 kwh",
                    "5.00",
                    "a.csv"),
                cell(
                    "2021-01",
                    3,
                    "China: Electricity Consumption: Whole Society: YTD",
                    "100 million kwh",
                    "9",
                    "a.csv"),
                cell(
                    "2021-03",
                    1,
                    "China: Gansu: Power Consumption",
                    "100 million kwh",
                    "10",
                    "a.csv"),
                cell(
                    "2021-03",
                    1,
                    "China: Gansu: Power Consumption",
                    "100 million kwh",
                    "11",
                    "b.csv"),
                cell(
                    "2021-04",
                    1,
                    "China: Gansu: Power Consumption",
                    "100 million kwh",
                    "12",
                    "a.csv"),
                cell(
                    "2021-04",
                    1,
                    "China: Gansu: Power Consumption",
                    "100 million kwh",
                    "12",
                    "b.csv")),
            WIND);
    StepOutput out =
        new ConsumptionMonthly()
            .transform(
                new StepInputs(
                    Map.of(PowerTables.BRONZE_WIND_SERIES, wind),
                    references(spark),
                    "20210101T000000Z_0000"));

    List<Row> rows = out.rows().orderBy("region_code", "month").collectAsList();
    assertEquals(4, rows.size(), rows.toString());
    Row beijing = rows.get(0);
    assertEquals("110000", beijing.getAs("region_code"));
    assertEquals("Beijing", beijing.getAs("region_name"));
    assertEquals("GB/T 2260", beijing.getAs("code_system"));
    assertEquals(Date.valueOf("2021-01-01"), beijing.getAs("month"));
    assertEquals(1001.5e8, (double) beijing.getAs("consumption_kwh"), 1);
    assertEquals(true, beijing.getAs("is_published_statistic"));
    assertEquals("620000", rows.get(1).getAs("region_code"));
    assertEquals(
        Date.valueOf("2021-04-01"),
        rows.get(1).getAs("month"),
        "the same value twice is kept once");
    Row national = rows.get(2);
    assertEquals("CN", national.getAs("region_code"));
    assertEquals("ALL", national.getAs("industry_code"));
    assertEquals(
        9e8, (double) national.getAs("consumption_kwh"), 1, "a January YTD is January's own value");
    assertEquals(true, national.getAs("derived_from_ytd"));
    Row unknown = rows.get(3);
    assertEquals(
        "X_ATLANTIS", unknown.getAs("region_code"), "an unknown region keeps a series of its own");
    assertEquals("factory", unknown.getAs("code_system"));
    assertEquals(5e4, (double) unknown.getAs("consumption_kwh"), 1e-6);

    List<Row> q = out.quarantine().orElseThrow().orderBy("rule_id", "period").collectAsList();
    assertEquals(4, q.size(), q.toString());
    assertEquals("duplicate(region_code,industry_code,month)", q.get(0).getAs("rule_id"));
    assertEquals("missing(value)", q.get(1).getAs("rule_id"));
    assertEquals("unique(region_code,industry_code,month)", q.get(2).getAs("rule_id"));
    assertTrue(
        ((String) q.get(2).getAs("reason")).contains("10 vs 11")
            || ((String) q.get(2).getAs("reason")).contains("11 vs 10"),
        (String) q.get(2).getAs("reason"));
  }

  @Test
  void aggregatesMeterReadingsImputingMissingDaysAndCountingAccounts(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("account_id", DataTypes.StringType)
            .add("region_code", DataTypes.StringType)
            .add("industry_code", DataTypes.StringType)
            .add("customer_class", DataTypes.StringType)
            .add("reading_date", DataTypes.DateType)
            .add("consumption_kwh", DataTypes.DoubleType)
            .add("source_file", DataTypes.StringType);
    java.util.List<Row> readings = new java.util.ArrayList<>();
    for (int d = 1; d <= 28; d++) {
      readings.add(
          RowFactory.create(
              "A",
              "LZNA",
              "C",
              "large_industry",
              Date.valueOf(String.format("2021-02-%02d", d)),
              10.0,
              "f"));
    }
    for (int d = 1; d <= 14; d++) {
      readings.add(
          RowFactory.create(
              "B",
              "LZNA",
              "C",
              "large_industry",
              Date.valueOf(String.format("2021-02-%02d", d)),
              1.0,
              "f"));
    }
    readings.add(
        RowFactory.create(
            "H", "LZNA", null, "residential_urban", Date.valueOf("2021-02-01"), 2.0, "f"));
    StepOutput out =
        new ConsumptionMonthly()
            .transform(
                new StepInputs(
                    Map.of(PowerTables.METER_DAILY, spark.createDataFrame(readings, schema)),
                    references(spark),
                    "20210101T000000Z_0000"));
    List<Row> rows = out.rows().orderBy("industry_code").collectAsList();
    assertEquals(2, rows.size());
    Row c = rows.get(0);
    assertEquals("C", c.getAs("industry_code"));
    assertEquals(
        280.0 + 28.0, (double) c.getAs("consumption_kwh"), 1e-9, "B's 14 days scaled to 28");
    assertEquals(2L, (long) c.getAs("account_count"));
    assertEquals(true, c.getAs("is_imputed"));
    assertEquals("Lanzhou New Area", c.getAs("region_name"));
    assertEquals("HH_URBAN", rows.get(1).getAs("industry_code"));
  }

  @Test
  void differencesYearToDateSeriesKeepingJanuaryFebruaryCombinedAsPublished(SparkSession spark) {
    String primary = "China: Overall Social Power Consumption: Primary Industry: YTD";
    StepOutput out =
        published(
            spark,
            List.of(
                cell("2004-02", 1, primary, "100 million kwh", "20.00 ", "y.csv"),
                cell("2004-03", 1, primary, "100 million kwh", "32.00 ", "y.csv"),
                cell("2004-04", 1, primary, "100 million kwh", "30.00 ", "y.csv"),
                cell("2005-01", 1, primary, "100 million kwh", "11.00 ", "y.csv"),
                cell("2005-02", 1, primary, "100 million kwh", "21.00 ", "y.csv"),
                cell("2005-04", 1, primary, "100 million kwh", "45.00 ", "y.csv"),
                cell("2003-05", 1, primary, "100 million kwh", "50.00 ", "y.csv")));
    List<Row> rows = out.rows().orderBy("month").collectAsList();
    assertEquals(4, rows.size(), rows.toString());
    Row janFeb = rows.get(0);
    assertEquals(
        Date.valueOf("2004-01-01"), janFeb.getAs("month"), "Jan–Feb combined sits on January 1");
    assertEquals(true, janFeb.getAs("is_jan_feb_combined"));
    assertEquals(2, (int) janFeb.getAs("months_covered"));
    assertEquals(20e8, (double) janFeb.getAs("consumption_kwh"), 1);
    assertEquals("PRIMARY", janFeb.getAs("industry_code"));
    assertEquals("CN", janFeb.getAs("region_code"));
    assertEquals(
        12e8, (double) rows.get(1).getAs("consumption_kwh"), 1, "March = YTD March − YTD February");
    assertEquals(Date.valueOf("2005-01-01"), rows.get(2).getAs("month"));
    assertEquals(
        false, rows.get(2).getAs("is_jan_feb_combined"), "a published January is January alone");
    assertEquals(10e8, (double) rows.get(3).getAs("consumption_kwh"), 1);

    List<Row> q = out.quarantine().orElseThrow().orderBy("period").collectAsList();
    assertEquals(3, q.size(), q.toString());
    assertEquals("ytd_start(value)", q.get(0).getAs("rule_id"));
    assertTrue(
        ((String) q.get(0).getAs("reason")).contains("starts at 2003-05"),
        (String) q.get(0).getAs("reason"));
    assertEquals("ytd_decrease(value)", q.get(1).getAs("rule_id"));
    assertTrue(
        ((String) q.get(1).getAs("reason")).contains("32.00 at 2004-03, then 30.00 at 2004-04"),
        (String) q.get(1).getAs("reason"));
    assertEquals("ytd_gap(value)", q.get(2).getAs("rule_id"));
    assertTrue(
        ((String) q.get(2).getAs("reason")).contains("spans 2 months"),
        (String) q.get(2).getAs("reason"));
  }

  @Test
  void conformsIndustriesAndTellsACombinedFebruaryFromAPlainOne(SparkSession spark) {
    String medicines = "(DC) China: Electricity Consumption: Manufacture of Medicines";
    String households = "China: Electricity Consumption by Urban and Rural Households";
    String odd =
        "China: Power Consumption: Manufacture of Medicines: Biological Drug Products Manufacturing";
    String hebei = "China: Hebei: Power Consumption";
    StepOutput out =
        published(
            spark,
            List.of(
                cell(
                    "2010-03",
                    1,
                    medicines,
                    "10000 kwh",
                    "\"1,000.00 \"".replace("\"", ""),
                    "i.csv"),
                cell("2010-03", 2, households, "10000 kwh", "500.00", "i.csv"),
                cell("2010-03", 3, odd, "10000 kwh", "7.00", "i.csv"),
                cell("2012-02", 4, hebei, "100 million kwh", "200.00", "i.csv"),
                cell("2012-03", 4, hebei, "100 million kwh", "100.00", "i.csv"),
                cell("2013-02", 4, hebei, "100 million kwh", "90.00", "i.csv"),
                cell("2013-03", 4, hebei, "100 million kwh", "100.00", "i.csv")));
    List<Row> rows = out.rows().orderBy("region_code", "industry_code", "month").collectAsList();
    assertEquals(7, rows.size(), rows.toString());
    Row hebeiJanFeb = rows.get(0);
    assertEquals("130000", hebeiJanFeb.getAs("region_code"));
    assertEquals(
        Date.valueOf("2012-01-01"),
        hebeiJanFeb.getAs("month"),
        "February twice March without January: combined");
    assertEquals(true, hebeiJanFeb.getAs("is_jan_feb_combined"));
    assertEquals(
        Date.valueOf("2013-02-01"),
        rows.get(2).getAs("month"),
        "an ordinary February stays February");
    assertEquals(false, rows.get(2).getAs("is_jan_feb_combined"));
    Row c27 = rows.get(4);
    assertEquals("C27", c27.getAs("industry_code"), "(DC) dropped, GB/T 4754 division by name");
    assertEquals(1e7, (double) c27.getAs("consumption_kwh"), 1e-6);
    assertEquals("HH", rows.get(5).getAs("industry_code"));
    assertEquals(
        "X_MANUFACTURE_OF_MEDICINES_BIOLOGICAL_DRUG_PRODUCTS_MANUFACTURING",
        rows.get(6).getAs("industry_code"),
        "a sub-division not in the list keeps a code of its own");
    assertEquals(
        "Manufacture of Medicines: Biological Drug Products Manufacturing",
        rows.get(6).getAs("industry_name"));
  }

  @Test
  void sumsHalfHourlyOperatorDemandPerLocalMonth(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("Time", DataTypes.StringType)
            .add("Demand", DataTypes.StringType)
            .add("Temperature", DataTypes.StringType)
            .add("Date", DataTypes.StringType)
            .add("_source_file", DataTypes.StringType)
            .add("_source_checksum", DataTypes.StringType)
            .add("_ingested_at", DataTypes.TimestampType);
    List<Row> rows = new java.util.ArrayList<>();
    for (int d = 1; d <= 31; d++) {
      for (int h = 0; h < 48; h++) {
        rows.add(
            RowFactory.create(
                "t" + d + "-" + h,
                "100",
                "20",
                String.format("2012-01-%02d", d),
                "v.csv",
                "s",
                new Timestamp(0)));
      }
    }
    for (int d = 1; d <= 14; d++) {
      rows.add(
          RowFactory.create(
              "f" + d,
              "1000",
              "20",
              String.format("2012-02-%02d", d),
              "v.csv",
              "s",
              new Timestamp(0)));
    }
    rows.add(RowFactory.create("bad", "n/a", "20", "2012-02-20", "v.csv", "s", new Timestamp(0)));
    StepOutput out =
        new ConsumptionMonthly()
            .transform(
                new StepInputs(
                    Map.of(PowerTables.BRONZE_OPERATOR_DEMAND, spark.createDataFrame(rows, schema)),
                    references(spark),
                    "20210101T000000Z_0000"));
    List<Row> months = out.rows().orderBy("month").collectAsList();
    assertEquals(2, months.size());
    assertEquals(31 * 48 * 100 * 1000.0, (double) months.get(0).getAs("consumption_kwh"), 1e-6);
    assertEquals("Victoria", months.get(0).getAs("region_name"));
    assertEquals(
        14 * 1000 * 1000.0 * 29 / 14,
        (double) months.get(1).getAs("consumption_kwh"),
        1e-6,
        "scaled to the 29 days");
    assertEquals("scaled_to_month", months.get(1).getAs("imputation"));
    Row bad = out.quarantine().orElseThrow().collectAsList().get(0);
    assertEquals("parse(Demand)", bad.getAs("rule_id"));
    assertTrue(((String) bad.getAs("reason")).contains("'n/a'"));
  }
}
