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
    return RowFactory.create(period, col, name, unit, "Month", value, file, file + "-sum", new Timestamp(1000));
  }

  private static Dataset<Row> regions(SparkSession spark) {
    return spark.read().option("header", "true").csv(SparkTestSession.confDir().resolve("reference/regions.csv").toString());
  }

  @Test
  void conformsPublishedSeriesAndQuarantinesMissingAndConflictingCells(SparkSession spark) {
    Dataset<Row> wind = spark.createDataFrame(List.of(
        cell("2021-01", 1, "China: Beijing Municipality: Power Consumption", "100 million kwh", "\"1,001.50 \"".replace("\"", ""), "a.csv"),
        cell("2021-02", 1, "China: Beijing Municipality: Power Consumption", "100 million kwh", "0.00 ", "a.csv"),
        cell("2021-01", 2, "China: Atlantis: Power Consumption", "10000 kwh", "5.00", "a.csv"),
        cell("2021-01", 3, "China: Electricity Consumption: Whole Society: YTD", "100 million kwh", "9", "a.csv"),
        cell("2021-03", 1, "China: Gansu: Power Consumption", "100 million kwh", "10", "a.csv"),
        cell("2021-03", 1, "China: Gansu: Power Consumption", "100 million kwh", "11", "b.csv"),
        cell("2021-04", 1, "China: Gansu: Power Consumption", "100 million kwh", "12", "a.csv"),
        cell("2021-04", 1, "China: Gansu: Power Consumption", "100 million kwh", "12", "b.csv")), WIND);
    StepOutput out = new ConsumptionMonthly().transform(new StepInputs(
        Map.of(PowerTables.BRONZE_WIND_SERIES, wind), Map.of("regions", regions(spark)), "20210101T000000Z_0000"));

    List<Row> rows = out.rows().orderBy("region_code", "month").collectAsList();
    assertEquals(3, rows.size(), rows.toString());
    Row beijing = rows.get(0);
    assertEquals("110000", beijing.getAs("region_code"));
    assertEquals("Beijing", beijing.getAs("region_name"));
    assertEquals("GB/T 2260", beijing.getAs("code_system"));
    assertEquals(Date.valueOf("2021-01-01"), beijing.getAs("month"));
    assertEquals(1001.5e8, (double) beijing.getAs("consumption_kwh"), 1);
    assertEquals(true, beijing.getAs("is_published_statistic"));
    assertEquals("620000", rows.get(1).getAs("region_code"));
    assertEquals(Date.valueOf("2021-04-01"), rows.get(1).getAs("month"), "the same value twice is kept once");
    Row unknown = rows.get(2);
    assertEquals("X_ATLANTIS", unknown.getAs("region_code"), "an unknown region keeps a series of its own");
    assertEquals("factory", unknown.getAs("code_system"));
    assertEquals(5e4, (double) unknown.getAs("consumption_kwh"), 1e-6);

    List<Row> q = out.quarantine().orElseThrow().orderBy("rule_id", "period").collectAsList();
    assertEquals(4, q.size(), q.toString());
    assertEquals("duplicate(region_code,month)", q.get(0).getAs("rule_id"));
    assertEquals("missing(value)", q.get(1).getAs("rule_id"));
    assertEquals("unique(region_code,month)", q.get(2).getAs("rule_id"));
    assertTrue(((String) q.get(2).getAs("reason")).contains("10 vs 11") || ((String) q.get(2).getAs("reason")).contains("11 vs 10"),
        (String) q.get(2).getAs("reason"));
  }

  @Test
  void aggregatesMeterReadingsImputingMissingDaysAndCountingAccounts(SparkSession spark) {
    StructType schema = new StructType()
        .add("account_id", DataTypes.StringType)
        .add("region_code", DataTypes.StringType)
        .add("industry_code", DataTypes.StringType)
        .add("customer_class", DataTypes.StringType)
        .add("reading_date", DataTypes.DateType)
        .add("consumption_kwh", DataTypes.DoubleType)
        .add("source_file", DataTypes.StringType);
    java.util.List<Row> readings = new java.util.ArrayList<>();
    for (int d = 1; d <= 28; d++) {
      readings.add(RowFactory.create("A", "LZNA", "C", "large_industry", Date.valueOf(String.format("2021-02-%02d", d)), 10.0, "f"));
    }
    for (int d = 1; d <= 14; d++) {
      readings.add(RowFactory.create("B", "LZNA", "C", "large_industry", Date.valueOf(String.format("2021-02-%02d", d)), 1.0, "f"));
    }
    readings.add(RowFactory.create("H", "LZNA", null, "residential_urban", Date.valueOf("2021-02-01"), 2.0, "f"));
    StepOutput out = new ConsumptionMonthly().transform(new StepInputs(
        Map.of(PowerTables.METER_DAILY, spark.createDataFrame(readings, schema)),
        Map.of("regions", regions(spark)), "20210101T000000Z_0000"));
    List<Row> rows = out.rows().orderBy("industry_code").collectAsList();
    assertEquals(2, rows.size());
    Row c = rows.get(0);
    assertEquals("C", c.getAs("industry_code"));
    assertEquals(280.0 + 28.0, (double) c.getAs("consumption_kwh"), 1e-9, "B's 14 days scaled to 28");
    assertEquals(2L, (long) c.getAs("account_count"));
    assertEquals(true, c.getAs("is_imputed"));
    assertEquals("Lanzhou New Area", c.getAs("region_name"));
    assertEquals("HH_URBAN", rows.get(1).getAs("industry_code"));
  }
}
