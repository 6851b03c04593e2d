package org.dataelements.factory.ingestion.parquet;

import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.internal.SparkFileBatch;

/**
 * Lands Parquet files: each file's footer is read first, so a file that is not Parquet (or is cut
 * short) is rejected whole with the reader's reason while the others land; files with different
 * columns are merged by name.
 */
public final class ParquetLanding {
  private ParquetLanding() {}

  public static BronzeBatch parse(SparkSession spark, ObjectSpec object, List<LandingFile> files) {
    Map<String, String> rejections = new HashMap<>();
    List<LandingFile> readable = new ArrayList<>();
    for (LandingFile f : files) {
      if (f.sizeBytes() == 0) {
        rejections.put(f.path(), "the file is empty (0 bytes)");
        continue;
      }
      try {
        spark.read().parquet(f.sparkUri()).schema();
        readable.add(f);
      } catch (Exception e) { // Spark throws SparkException, a checked type, from Scala
        rejections.put(f.path(), "not a readable Parquet file: " + firstLine(e));
      }
    }
    if (readable.isEmpty()) {
      return new BronzeBatch(Optional.empty(), Optional.empty(), Map.of(), rejections);
    }
    String[] paths = readable.stream().map(LandingFile::sparkUri).toArray(String[]::new);
    Dataset<Row> read = spark.read().option("mergeSchema", "true").parquet(paths);
    List<Column> cols = new ArrayList<>();
    for (StructField field : read.schema().fields()) {
      cols.add(
          read.col("`" + field.name().replace("`", "``") + "`")
              .as(BronzeColumns.safeName(field.name())));
    }
    Dataset<Row> safe =
        read.select(cols.toArray(Column[]::new))
            .withColumn(SparkFileBatch.CORRUPT, lit(null).cast(DataTypes.StringType))
            .withColumn(SparkFileBatch.FILE, input_file_name());
    return SparkFileBatch.split(
        spark,
        safe,
        readable,
        rejections,
        "unreadable record",
        java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String firstLine(Exception e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
