package org.dataelements.factory.products.electricityindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class ValidationTest {
  static final StructType INDEX =
      new StructType()
          .add("region_code", DataTypes.StringType)
          .add("region_name", DataTypes.StringType)
          .add("month", DataTypes.DateType)
          .add("index_name", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("flags", DataTypes.createArrayType(DataTypes.StringType));
  static final StructType MACRO =
      new StructType()
          .add("region_code", DataTypes.StringType)
          .add("region_name", DataTypes.StringType)
          .add("code_system", DataTypes.StringType)
          .add("indicator", DataTypes.StringType)
          .add("frequency", DataTypes.StringType)
          .add("period_start", DataTypes.DateType)
          .add("value", DataTypes.DoubleType)
          .add("unit", DataTypes.StringType)
          .add("price_basis", DataTypes.StringType)
          .add("jan_feb_combined", DataTypes.BooleanType)
          .add("derived_from_ytd", DataTypes.BooleanType)
          .add("source_series", DataTypes.StringType)
          .add("source", DataTypes.StringType);

  @Test
  void findsThatElectricityLeadsGdpByOneQuarter(SparkSession spark) {
    Random rnd = new Random(11);
    List<Row> index = new ArrayList<>();
    double[] quarter = new double[40];
    double level = 100;
    for (int i = 0; i < 120; i++) {
      level *= 1 + 0.01 * rnd.nextGaussian() + (i % 12 == 0 ? 0.05 * rnd.nextGaussian() : 0);
      LocalDate m = LocalDate.of(2010, 1, 1).plusMonths(i);
      index.add(
          RowFactory.create(
              "110000",
              "Beijing",
              m == null ? null : Date.valueOf(m),
              "total",
              level,
              scala.collection.JavaConverters.asScalaBuffer(List.<String>of()).toList()));
      quarter[i / 3] += level;
    }
    List<Row> macro = new ArrayList<>();
    for (int q = 1; q < 40; q++) {
      // GDP this quarter moves like electricity did a quarter earlier.
      macro.add(
          RowFactory.create(
              "110000",
              "Beijing",
              "GB/T 2260",
              "gdp",
              "quarter",
              Date.valueOf(LocalDate.of(2010, 1, 1).plusMonths(3L * q)),
              quarter[q - 1] * 7,
              "CNY",
              null,
              false,
              true,
              "s",
              "wind"));
    }
    var in =
        new StepInputs(
            Map.of(
                MonthlyIndices.TABLE,
                spark.createDataFrame(index, INDEX),
                Validation.MACRO,
                spark.createDataFrame(macro, MACRO)),
            Map.of(),
            "r");
    List<Row> rows =
        new Validation()
            .transform(in)
            .rows()
            .filter("frequency = 'quarter'")
            .orderBy("lag_periods")
            .collectAsList();
    assertEquals(5, rows.size(), "lags -2 … 2 quarters");
    Row best = rows.stream().filter(r -> r.<Boolean>getAs("best_lag")).findFirst().orElseThrow();
    assertEquals(1, (int) best.getAs("lag_periods"));
    assertEquals(1.0, (double) best.getAs("correlation"), 1e-3);
    assertEquals("electricity leads by 1 quarter(s)", best.getAs("lead_lag"));
    assertTrue((long) best.getAs("n_periods") >= 30);
    Row same = rows.get(2);
    assertEquals(0, (int) same.getAs("lag_periods"));
    assertTrue(
        Math.abs((double) same.getAs("correlation")) < 0.9,
        "the same quarter correlates less: " + same);
  }
}
