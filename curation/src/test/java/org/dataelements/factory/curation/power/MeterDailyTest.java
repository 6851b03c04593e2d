package org.dataelements.factory.curation.power;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.util.ArrayList;
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
class MeterDailyTest {
  static final StructType BRONZE =
      new StructType()
          .add("account_id", DataTypes.StringType)
          .add("region_code", DataTypes.StringType)
          .add("industry_code", DataTypes.StringType)
          .add("customer_class", DataTypes.StringType)
          .add("reading_date", DataTypes.StringType)
          .add("consumption", DataTypes.StringType)
          .add("unit", DataTypes.StringType)
          .add("_source_file", DataTypes.StringType)
          .add("_source_checksum", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);

  static Row reading(
      String account,
      String date,
      String value,
      String unit,
      String file,
      String checksum,
      long at) {
    return RowFactory.create(
        account,
        "620100",
        "C",
        "large_industry",
        date,
        value,
        unit,
        file,
        checksum,
        new Timestamp(at));
  }

  @Test
  void typesConvertsUnitsAndQuarantinesWhatItCannotTrust(SparkSession spark) {
    List<Row> in =
        new ArrayList<>(
            List.of(
                reading("A", "2021-01-01", "10.5", "kWh", "f1", "c1", 1000),
                reading("A", "2021-01-02", "0.002", "MWh", "f1", "c1", 1000),
                reading("A", "2021-01-03", "-4", "kWh", "f1", "c1", 1000),
                reading("A", "2021-01-04", "abc", "kWh", "f1", "c1", 1000),
                reading("A", "2021-13-01", "1", "kWh", "f1", "c1", 1000),
                reading("A", "2021-01-05", "1", "joules", "f1", "c1", 1000),
                reading("B", "2021-01-01", "3", "kWh", "f1", "c1", 1000),
                reading("B", "2021-01-01", "3", "kWh", "f1", "c1", 1000),
                reading("C", "2021-01-01", "3", "kWh", "f1", "c1", 1000),
                reading("C", "2021-01-01", "4", "kWh", "f1", "c1", 1000),
                // an older version of file f2, superseded by the newer one below
                reading("D", "2021-01-01", "99", "kWh", "f2", "old", 1000),
                reading("D", "2021-01-01", "7", "kWh", "f2", "new", 2000)));
    Dataset<Row> bronze = spark.createDataFrame(in, BRONZE);
    StepOutput out =
        new MeterDaily()
            .transform(
                new StepInputs(
                    Map.of(PowerTables.BRONZE_METER_DAILY, bronze),
                    Map.of(),
                    "20210101T000000Z_0000"));

    List<Row> rows = out.rows().orderBy("account_id", "reading_date").collectAsList();
    assertEquals(4, rows.size(), rows.toString());
    assertEquals("A", rows.get(0).getAs("account_id"));
    assertEquals(10.5, (double) rows.get(0).getAs("consumption_kwh"), 1e-9);
    assertEquals(2.0, (double) rows.get(1).getAs("consumption_kwh"), 1e-9, "MWh converted to kWh");
    assertEquals("B", rows.get(2).getAs("account_id"));
    assertEquals(
        7.0, (double) rows.get(3).getAs("consumption_kwh"), 1e-9, "the latest file version wins");

    Map<String, Long> byRule = new java.util.TreeMap<>();
    for (Row q : out.quarantine().orElseThrow().collectAsList()) {
      byRule.merge(q.getAs("rule_id"), 1L, Long::sum);
      org.junit.jupiter.api.Assertions.assertNotNull(q.getAs("reason"), q.toString());
    }
    assertEquals(
        Map.of(
            "non_negative(consumption)", 1L,
            "parse(consumption)", 1L,
            "parse(reading_date)", 1L,
            "known_unit(unit)", 1L,
            "duplicate(account_id,reading_date)", 1L,
            "unique(account_id,reading_date)", 2L),
        byRule);
    long read = in.size() - 1; // the superseded file version is not an input
    assertEquals(
        read, rows.size() + out.quarantine().get().count(), "rows in = rows out + quarantined");
  }
}
