package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RowPrinterTest {
  static final StructType SCHEMA =
      new StructType().add("name", DataTypes.StringType).add("n", DataTypes.LongType);

  private static String print(List<Row> rows, RowPrinter.Format f) {
    var bytes = new ByteArrayOutputStream();
    RowPrinter.print(SCHEMA, rows, f, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void csvQuotesPerRfc4180AndKeepsTheHeaderWithNoRows() {
    assertEquals("name,n\r\n", print(List.of(), RowPrinter.Format.CSV));
    assertEquals(
        "name,n\r\n\"a, \"\"b\"\"\",1\r\n,\r\n",
        print(
            List.of(RowFactory.create("a, \"b\"", 1L), RowFactory.create(null, null)),
            RowPrinter.Format.CSV));
  }

  @Test
  void jsonIsOneObjectPerLineWithNulls() {
    assertEquals(
        "{\"name\":\"兰州\",\"n\":2}\n{\"name\":null,\"n\":null}\n",
        print(
                List.of(RowFactory.create("兰州", 2L), RowFactory.create(null, null)),
                RowPrinter.Format.JSON)
            .replace(System.lineSeparator(), "\n"));
  }
}
