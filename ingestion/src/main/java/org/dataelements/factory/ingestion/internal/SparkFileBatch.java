package org.dataelements.factory.ingestion.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Turns what a Spark file reader parsed (with {@value #CORRUPT} for records it could not parse and
 * {@value #FILE} for the file each row came from) into a {@link BronzeBatch}: per-file counts in
 * one pass over the cached rows, good rows keyed by file and checksum, bad records for quarantine.
 */
public final class SparkFileBatch {
  /** The reader's column for records it could not parse. */
  public static final String CORRUPT = "_corrupt_record";

  /** The column holding {@code input_file_name()}. */
  public static final String FILE = "_input_file";

  private SparkFileBatch() {}

  /**
   * One spelling of a file's location for what Spark's {@code input_file_name()} returns and what
   * it was asked to read ({@code file:/x} and {@code file:///x}, percent-encoded or not).
   */
  static String key(String uri) {
    URI u = URI.create(uri);
    if (u.getScheme() == null || u.getScheme().equalsIgnoreCase("file")) {
      return Path.of(u.getScheme() == null ? URI.create("file:" + uri) : u).toString();
    }
    return u.getScheme() + "://" + (u.getAuthority() == null ? "" : u.getAuthority()) + u.getPath();
  }

  /** Above this many bad records, their line numbers are not looked up (record_number null). */
  private static final int LOCATE_AT_MOST = 100_000;

  /**
   * Splits the parsed rows; bad records are located in their files by line (decoded with {@code
   * charset}) so the quarantine names file, line and reason.
   */
  public static BronzeBatch split(
      SparkSession spark,
      Dataset<Row> parsedWithFile,
      List<LandingFile> files,
      Map<String, String> rejections,
      String badRecordReason,
      Charset charset) {
    Dataset<Row> parsed = parsedWithFile.persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, LandingFile> byPath = new HashMap<>();
    files.forEach(f -> byPath.put(key(f.sparkUri()), f));
    Map<String, BronzeBatch.Counts> counts = new HashMap<>();
    List<Row> fileKeys = new ArrayList<>();
    for (Row r :
        parsed
            .groupBy(col(FILE))
            .agg(
                functions.sum(functions.when(col(CORRUPT).isNull(), 1).otherwise(0)).as("good"),
                functions.sum(functions.when(col(CORRUPT).isNotNull(), 1).otherwise(0)).as("bad"))
            .collectAsList()) {
      String uri = r.getString(0);
      LandingFile f = byPath.get(key(uri));
      if (f == null) {
        throw new IllegalStateException("Spark read a file that was not asked for: " + uri);
      }
      counts.put(f.path(), new BronzeBatch.Counts(r.getLong(1), r.getLong(2)));
      fileKeys.add(RowFactory.create(uri, f.path(), f.checksum()));
    }
    files.forEach(f -> counts.putIfAbsent(f.path(), new BronzeBatch.Counts(0, 0)));
    StructType keySchema =
        new StructType()
            .add(FILE, DataTypes.StringType)
            .add(BronzeColumns.SOURCE_FILE, DataTypes.StringType)
            .add(BronzeColumns.SOURCE_CHECKSUM, DataTypes.StringType);
    Dataset<Row> keys = functions.broadcast(spark.createDataFrame(fileKeys, keySchema));
    Dataset<Row> withKeys = parsed.join(keys, FILE);
    Dataset<Row> good = withKeys.filter(col(CORRUPT).isNull()).drop(CORRUPT, FILE);
    long badRows = counts.values().stream().mapToLong(BronzeBatch.Counts::quarantined).sum();
    Optional<Dataset<Row>> quarantine = Optional.empty();
    if (badRows > 0 && badRows <= LOCATE_AT_MOST) {
      List<Row> bad =
          withKeys
              .filter(col(CORRUPT).isNotNull())
              .select(
                  col(BronzeColumns.SOURCE_FILE), col(BronzeColumns.SOURCE_CHECKSUM), col(CORRUPT))
              .collectAsList();
      Map<String, LandingFile> byRelative = new HashMap<>();
      files.forEach(f -> byRelative.put(f.path(), f));
      Map<String, LineLocator> locators = new HashMap<>();
      List<Row> located = new ArrayList<>();
      for (Row r : bad) {
        LineLocator at =
            locators.computeIfAbsent(
                r.getString(0), p -> LineLocator.of(byRelative.get(p).absolute(), charset));
        located.add(
            RowFactory.create(
                r.getString(0),
                r.getString(1),
                at.next(r.getString(2)).orElse(null),
                r.getString(2),
                badRecordReason));
      }
      quarantine = Optional.of(spark.createDataFrame(located, BronzeColumns.QUARANTINE));
    } else if (badRows > 0) {
      quarantine =
          Optional.of(
              withKeys
                  .filter(col(CORRUPT).isNotNull())
                  .select(
                      col(BronzeColumns.SOURCE_FILE),
                      col(BronzeColumns.SOURCE_CHECKSUM),
                      lit(null).cast(DataTypes.LongType).as("record_number"),
                      col(CORRUPT).as("raw_record"),
                      lit(badRecordReason).as("reason")));
    }
    return new BronzeBatch(Optional.of(good), quarantine, counts, rejections, Optional.of(parsed));
  }
}
