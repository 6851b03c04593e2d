package org.dataelements.factory.ingestion.wind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.internal.TextEncodings;

/** Lands Wind wide exports: one bronze row per period × series cell. */
public final class WindLanding {
  static final StructType SCHEMA =
      new StructType()
          .add("period", DataTypes.StringType, false)
          .add("series_column", DataTypes.IntegerType, false)
          .add("series_name", DataTypes.StringType, false)
          .add("series_id", DataTypes.StringType, true)
          .add("unit", DataTypes.StringType, true)
          .add("frequency", DataTypes.StringType, true)
          .add("country", DataTypes.StringType, true)
          .add("value", DataTypes.StringType, false)
          .add("header", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false)
          .add(BronzeColumns.SOURCE_FILE, DataTypes.StringType, false)
          .add(BronzeColumns.SOURCE_CHECKSUM, DataTypes.StringType, false);

  private WindLanding() {}

  /** True when the file's first rows are a Wind header block (content decides, not the name). */
  public static boolean accepts(LandingFile file, ObjectSpec object) {
    byte[] head = new byte[16 * 1024];
    int n;
    try (var in = java.nio.file.Files.newInputStream(file.absolute())) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return false;
    }
    // Lenient decoding of the first bytes only: a cut multi-byte character at the end is harmless.
    String text = new String(head, 0, n, java.nio.charset.Charset.forName(object.encoding()));
    return WindWideParser.looksLikeWind(text);
  }

  public static BronzeBatch parse(SparkSession spark, ObjectSpec object, List<LandingFile> files)
      throws IOException {
    List<Row> rows = new ArrayList<>();
    List<Row> bad = new ArrayList<>();
    Map<String, BronzeBatch.Counts> counts = new HashMap<>();
    Map<String, String> rejections = new HashMap<>();
    for (LandingFile f : files) {
      var decoded = TextEncodings.decode(f.absolute(), object.encoding());
      if (decoded.problem().isPresent()) {
        rejections.put(f.path(), decoded.problem().get());
        continue;
      }
      WindWideParser.Parsed parsed = WindWideParser.parse(decoded.text().orElseThrow());
      if (parsed.rejection().isPresent()) {
        rejections.put(f.path(), parsed.rejection().get());
        continue;
      }
      for (WindWideParser.Cell c : parsed.cells()) {
        rows.add(
            RowFactory.create(
                c.period(),
                c.seriesColumn(),
                c.seriesName(),
                c.seriesId().orElse(null),
                c.unit().orElse(null),
                c.frequency().orElse(null),
                c.country().orElse(null),
                c.value(),
                c.header(),
                f.path(),
                f.checksum()));
      }
      for (WindWideParser.BadRecord b : parsed.bad()) {
        bad.add(RowFactory.create(f.path(), f.checksum(), b.recordNumber(), b.raw(), b.reason()));
      }
      counts.put(f.path(), new BronzeBatch.Counts(parsed.cells().size(), parsed.bad().size()));
    }
    Optional<Dataset<Row>> good =
        counts.isEmpty() ? Optional.empty() : Optional.of(spark.createDataFrame(rows, SCHEMA));
    Optional<Dataset<Row>> quarantine =
        bad.isEmpty()
            ? Optional.empty()
            : Optional.of(spark.createDataFrame(bad, BronzeColumns.QUARANTINE));
    return new BronzeBatch(good, quarantine, counts, rejections);
  }
}
