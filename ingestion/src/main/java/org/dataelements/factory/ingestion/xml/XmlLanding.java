package org.dataelements.factory.ingestion.xml;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.dataelements.factory.ingestion.internal.LandingFile;

/**
 * Lands XML files (format {@code xml}): one bronze row per record element (option {@code
 * record_path}, by default the root's children), with {@code record_number} (1-based within the
 * file), {@code _source_file} and {@code _source_checksum}. Leaf children are string columns by
 * local name, attributes of the record are {@code attr_<name>}, structured or repeated children are
 * JSON text (see {@link XmlRecords}). A file that is empty, not well-formed (the reason gives line
 * and column), declares a DTD (refused, never resolved), has another root than option {@code root},
 * or has no element at the record path is rejected whole.
 */
public final class XmlLanding {
  private XmlLanding() {}

  /**
   * True when the file looks like XML and, where the object declares option {@code root}, its root
   * element is that one. Reads only the start of the file.
   */
  public static boolean accepts(LandingFile f, ObjectSpec object) {
    FormatOptions.Xml options = object.options(FormatOptions.Xml.class);
    Optional<String> root;
    try {
      root = SecureXml.rootElement(f.absolute());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f.path(), e);
    }
    if (root.isEmpty()) {
      return false;
    }
    return options.root().isEmpty()
        || XmlRecords.matches(options.root().get(), root.get(), SecureXml.localPart(root.get()));
  }

  /**
   * Parses the files in the driver and returns their rows (all strings, plus {@code
   * record_number}), per-file counts and whole-file rejections. Nothing is quarantined: a file
   * either parses whole or is rejected.
   */
  public static BronzeBatch parse(SparkSession spark, ObjectSpec object, List<LandingFile> files) {
    FormatOptions.Xml options = object.options(FormatOptions.Xml.class);
    Map<String, String> rejections = new HashMap<>();
    Map<LandingFile, List<XmlNode>> good = new java.util.LinkedHashMap<>();
    for (LandingFile f : files) {
      XmlRecords.FileRecords read;
      try {
        read = XmlRecords.read(f, options, object.encoding());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f.path(), e);
      }
      if (read.problem().isPresent()) {
        rejections.put(f.path(), read.problem().get());
      } else {
        good.put(f, read.records());
      }
    }
    if (good.isEmpty()) {
      return new BronzeBatch(Optional.empty(), Optional.empty(), Map.of(), rejections);
    }
    List<XmlRecords.Column> columns =
        XmlRecords.columns(good.values().stream().flatMap(List::stream).toList());
    Map<String, BronzeBatch.Counts> counts = new HashMap<>();
    List<Row> rows = new ArrayList<>();
    for (var e : good.entrySet()) {
      LandingFile f = e.getKey();
      long n = 0;
      for (XmlNode record : e.getValue()) {
        n++;
        List<Object> values = new ArrayList<>(XmlRecords.values(record, columns));
        values.add(n);
        values.add(f.path());
        values.add(f.checksum());
        rows.add(RowFactory.create(values.toArray()));
      }
      counts.put(f.path(), new BronzeBatch.Counts(n, 0));
    }
    Dataset<Row> df = spark.createDataFrame(rows, schema(columns));
    return new BronzeBatch(Optional.of(df), Optional.empty(), counts, rejections);
  }

  /** Source columns (strings, the source name in the comment), then the landing's own columns. */
  static StructType schema(List<XmlRecords.Column> columns) {
    StructType s = new StructType();
    for (XmlRecords.Column c : columns) {
      String form =
          switch (c.kind()) {
            case TEXT -> "text";
            case JSON -> "JSON rendering";
            case JSON_ARRAY -> "JSON array of renderings";
          };
      Metadata meta =
          new MetadataBuilder()
              .putString("comment", "source: " + c.source() + " (" + form + ")")
              .build();
      s = s.add(c.name(), DataTypes.StringType, true, meta);
    }
    return s.add(XmlRecords.RECORD_NUMBER, DataTypes.LongType, false)
        .add(BronzeColumns.SOURCE_FILE, DataTypes.StringType, false)
        .add(BronzeColumns.SOURCE_CHECKSUM, DataTypes.StringType, false);
  }
}
