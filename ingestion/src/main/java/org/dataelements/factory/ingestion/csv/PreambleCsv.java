package org.dataelements.factory.ingestion.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.internal.SparkFileBatch;

/**
 * Reads a delimited file whose header may not be its first row (a title or notes above it, as in
 * spreadsheet exports: objects with {@code header_search_rows} above 1). Spark's reader cannot skip
 * leading rows, so such files are parsed here, with the same result shape as Spark's: the header's
 * columns as strings (empty cells null), the raw record in the corrupt-record column when its field
 * count differs from the header's, and the file's URI in {@link SparkFileBatch#FILE}; plus {@link
 * BronzeColumns#RECORD_NUMBER}, the record's position in the file, because in such sheets the order
 * of rows carries meaning (a row continuing the one above it). The rows above the header are not
 * records.
 */
final class PreambleCsv {
  private PreambleCsv() {}

  /** The file's rows, or why the file cannot be landed at all (nothing of it lands then). */
  record Parsed(Optional<Dataset<Row>> rows, Optional<String> problem) {}

  static Parsed read(
      SparkSession spark,
      ObjectSpec object,
      char delimiter,
      LandingFile f,
      CsvLanding.Header header)
      throws IOException {
    List<String> columns = header.columns();
    String uri = f.sparkUri();
    List<Row> rows = new ArrayList<>();
    try (BufferedReader r =
            Files.newBufferedReader(f.absolute(), Charset.forName(object.encoding()));
        CSVParser p = CSVParser.parse(r, CsvLanding.format(object))) {
      int index = 0;
      for (CSVRecord rec : p) {
        if (index++ <= header.recordIndex()) {
          continue;
        }
        Object[] values = new Object[columns.size() + 3];
        if (rec.size() == columns.size()) {
          for (int i = 0; i < columns.size(); i++) {
            String v = rec.get(i);
            values[i] = v.isEmpty() ? null : v;
          }
        } else {
          values[columns.size()] = String.join(String.valueOf(delimiter), rec.toList());
        }
        values[columns.size() + 1] = uri;
        values[columns.size() + 2] = rec.getRecordNumber();
        rows.add(RowFactory.create(values));
      }
    } catch (java.io.UncheckedIOException | IllegalStateException e) {
      // commons-csv reports unbalanced quotes this way; the file is rejected whole.
      return new Parsed(
          Optional.empty(),
          Optional.of(
              "cannot be parsed after record "
                  + (rows.size() + header.recordIndex() + 1)
                  + ": "
                  + e.getMessage()));
    }
    StructType schema =
        CsvLanding.schema(columns)
            .add(SparkFileBatch.FILE, DataTypes.StringType, false)
            .add(BronzeColumns.RECORD_NUMBER, DataTypes.LongType, false);
    return new Parsed(Optional.of(spark.createDataFrame(rows, schema)), Optional.empty());
  }
}
