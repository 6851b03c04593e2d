package org.dataelements.factory.products.electricityindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import scala.collection.JavaConverters;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class SectorConsumptionTest {
  static Row metered(String industry, double kwh, long accounts, double largest) {
    return RowFactory.create(
        "620100",
        "Lanzhou",
        "GB/T 2260",
        industry,
        industry,
        Date.valueOf(LocalDate.of(2022, 3, 1)),
        1,
        kwh,
        accounts,
        largest,
        false,
        null,
        false,
        false,
        false,
        "meter_readings",
        null);
  }

  @Test
  void suppressesSmallAndDominatedCellsAndOneComplementaryCell(SparkSession spark) {
    List<Row> cells =
        List.of(
            metered("C26", 1000, 2, 600), // fewer than 3 accounts
            metered("F", 5000, 10, 900), // released
            metered("G", 3000, 8, 400), // smallest other cell: complementary
            metered("HH_URBAN", 9000, 400, 30), // released
            RowFactory.create(
                "CN",
                "China",
                "ISO 3166-1",
                "ALL",
                "Whole society",
                Date.valueOf(LocalDate.of(2022, 3, 1)),
                1,
                7.0e11,
                null,
                null,
                false,
                null,
                true,
                false,
                false,
                "published_monthly",
                "China: …"));
    var in =
        new StepInputs(
            Map.of(
                MonthlyIndices.CONSUMPTION,
                spark.createDataFrame(cells, MonthlyIndicesTest.SILVER)),
            Map.of(),
            "r");
    List<Row> rows =
        new SectorConsumption(3, 0.85)
            .transform(in)
            .rows()
            .orderBy("region_code", "industry_code")
            .collectAsList();
    assertEquals(5, rows.size());
    Row c26 = rows.get(0);
    assertEquals("C26", c26.getAs("industry_code"));
    assertEquals(true, c26.getAs("suppressed"));
    assertNull(c26.getAs("consumption_kwh"), "a suppressed cell's value does not leave");
    assertNull(c26.getAs("account_count"), "nor its small account count");
    assertTrue(((String) c26.getAs("suppression_reason")).contains("fewer than 3 accounts (2)"));
    Row g = rows.get(2);
    assertEquals("G", g.getAs("industry_code"));
    assertEquals(
        true, g.getAs("suppressed"), "the one other cell that would reveal C26 by subtraction");
    assertTrue(((String) g.getAs("suppression_reason")).startsWith("complementary"));
    assertEquals(5000.0, (double) rows.get(1).getAs("consumption_kwh"));
    assertEquals(false, rows.get(3).getAs("suppressed"));
    Row published = rows.get(4);
    assertEquals(
        false, published.getAs("suppressed"), "published statistics are released as published");
    assertTrue(
        JavaConverters.seqAsJavaList(published.<scala.collection.Seq<String>>getAs("flags"))
            .contains("published_statistic"));

    List<Row> dominated =
        new SectorConsumption(3, 0.85)
            .transform(
                new StepInputs(
                    Map.of(
                        MonthlyIndices.CONSUMPTION,
                        spark.createDataFrame(
                            List.of(
                                metered("C32", 1000, 5, 900),
                                metered("F", 10, 5, 3),
                                metered("H", 20, 5, 3)),
                            MonthlyIndicesTest.SILVER)),
                    Map.of(),
                    "r"))
            .rows()
            .orderBy("industry_code")
            .collectAsList();
    assertTrue(
        ((String) dominated.get(0).getAs("suppression_reason"))
            .contains("one account holds 90.0% of the cell (limit 85%)"),
        (String) dominated.get(0).getAs("suppression_reason"));
    assertEquals(
        5L,
        (long) dominated.get(0).getAs("account_count"),
        "the count of a dominated cell may be shown");
  }
}
