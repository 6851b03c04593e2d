package org.dataelements.factory.ingestion.csv;

import static org.apache.spark.sql.functions.input_file_name;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
import org.dataelements.factory.ingestion.internal.SparkFileBatch;
import org.dataelements.factory.ingestion.internal.TextEncodings;

/**
 * Lands delimited text: each file's encoding and header are checked first (a file that fails is
 * rejected whole), then files with the same header are read by Spark in one pass, all columns as
 * strings; records Spark cannot split into the header's fields go to quarantine.
 */
public final class CsvLanding {
  private static final String CORRUPT = SparkFileBatch.CORRUPT;

  private CsvLanding() {}

  public static BronzeBatch parse(SparkSession spark, ObjectSpec object, List<LandingFile> files)
      throws IOException {
    return parse(spark, object, files, java.util.Set.of());
  }

  /**
   * As {@link #parse(SparkSession, ObjectSpec, List)}; the files named in {@code multiLine} (by
   * relative path) have quoted fields spanning lines and are read as multi-line records (Spark's
   * line-by-line reading, faster, would cut such a record in two).
   */
  public static BronzeBatch parse(
      SparkSession spark,
      ObjectSpec object,
      List<LandingFile> files,
      java.util.Set<String> multiLine)
      throws IOException {
    char delimiter = delimiter(object);
    Map<String, String> rejections = new HashMap<>();
    Map<List<String>, List<LandingFile>> byHeader = new LinkedHashMap<>();
    Map<LandingFile, Header> withPreamble = new LinkedHashMap<>();
    for (LandingFile f : files) {
      Optional<String> problem = TextEncodings.check(f.absolute(), object.encoding());
      if (problem.isEmpty()) {
        problem = headerProblem(f, object, byHeader, withPreamble);
      }
      problem.ifPresent(p -> rejections.put(f.path(), p));
    }
    if (byHeader.isEmpty() && withPreamble.isEmpty()) {
      return new BronzeBatch(Optional.empty(), Optional.empty(), Map.of(), rejections);
    }
    Dataset<Row> all = null;
    for (var group : byHeader.entrySet()) {
      for (boolean spanning : List.of(false, true)) {
        List<LandingFile> part =
            group.getValue().stream()
                .filter(f -> multiLine.contains(f.path()) == spanning)
                .toList();
        if (!part.isEmpty()) {
          Dataset<Row> read = readGroup(spark, object, delimiter, group.getKey(), part, spanning);
          all = all == null ? read : all.unionByName(read, true);
        }
      }
    }
    List<LandingFile> read = new ArrayList<>();
    byHeader.values().forEach(read::addAll);
    for (var e : withPreamble.entrySet()) {
      PreambleCsv.Parsed parsed =
          PreambleCsv.read(spark, object, delimiter, e.getKey(), e.getValue());
      if (parsed.problem().isPresent()) {
        rejections.put(e.getKey().path(), parsed.problem().get());
        continue;
      }
      Dataset<Row> part = parsed.rows().orElseThrow();
      all = all == null ? part : all.unionByName(part, true);
      read.add(e.getKey());
    }
    if (all == null) {
      return new BronzeBatch(Optional.empty(), Optional.empty(), Map.of(), rejections);
    }
    return SparkFileBatch.split(
        spark,
        all,
        read,
        rejections,
        "malformed record: its fields do not match the header's columns (ragged row or unbalanced quotes)",
        Charset.forName(object.encoding()));
  }

  /** Where a file's header row is (its record index, 0 for the first) and its column names. */
  record Header(int recordIndex, List<String> columns) {
    Header {
      columns = List.copyOf(columns);
    }
  }

  /**
   * The column names of the file's header row (BOM removed, trimmed); empty when the file has no
   * header or cannot be read in the object's encoding. With option {@code header_search_rows: N}
   * the header is the first of the first N rows that holds every required column, so a title row or
   * other preamble above the header (spreadsheet exports) is skipped.
   */
  public static Optional<List<String>> header(LandingFile f, ObjectSpec object) {
    return findHeader(f, object).map(Header::columns);
  }

  static Optional<Header> findHeader(LandingFile f, ObjectSpec object) {
    int search = headerSearchRows(object);
    List<List<String>> rows = new ArrayList<>();
    try (BufferedReader r =
            Files.newBufferedReader(f.absolute(), Charset.forName(object.encoding()));
        CSVParser p = CSVParser.parse(r, format(object))) {
      for (CSVRecord rec : p) {
        List<String> cols = rec.toList().stream().map(c -> c.replace("\uFEFF", "").trim()).toList();
        if (search <= 1 && cols.size() == 1 && cols.get(0).isEmpty()) {
          // Spark skips a line of only spaces before the header; so must the header found here
          continue;
        }
        rows.add(cols);
        if (rows.size() >= search) {
          break;
        }
      }
    } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
      // An unreadable or badly quoted start is reported as "no header row" by the caller.
      if (rows.isEmpty()) {
        return Optional.empty();
      }
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).containsAll(object.requiredColumns())) {
        return Optional.of(new Header(i, rows.get(i)));
      }
    }
    return Optional.of(new Header(0, rows.get(0)));
  }

  /** True when the file's header has every column the object requires (content decides). */
  public static boolean fits(LandingFile f, ObjectSpec object) {
    return header(f, object).map(h -> h.containsAll(object.requiredColumns())).orElse(false);
  }

  private static Optional<String> headerProblem(
      LandingFile f,
      ObjectSpec object,
      Map<List<String>, List<LandingFile>> byHeader,
      Map<LandingFile, Header> withPreamble) {
    if (f.sizeBytes() == 0) {
      return Optional.of("the file is empty (0 bytes): no header row");
    }
    Optional<Header> read = findHeader(f, object);
    if (read.isEmpty()) {
      return Optional.of("the file has no header row (first line is empty)");
    }
    List<String> header = read.get().columns();
    for (String required : object.requiredColumns()) {
      if (!header.contains(required)) {
        int search = headerSearchRows(object);
        return Optional.of(
            "missing required column '"
                + required
                + "'; "
                + (search > 1
                    ? "no row among the first "
                        + search
                        + " holds all of "
                        + object.requiredColumns()
                        + "; the first row has: "
                    : "the header has: ")
                + abbreviated(String.join(", ", header)));
      }
    }
    var names = new HashSet<String>();
    for (String h : header) {
      if (!names.add(BronzeColumns.safeName(h).toLowerCase(java.util.Locale.ROOT))) {
        return Optional.of("header names column '" + h + "' twice; column names must be unique");
      }
    }
    if (read.get().recordIndex() > 0 || headerSearchRows(object) > 1) {
      // spreadsheet exports: read by our own parser, which numbers the records (their order
      // carries meaning there, e.g. continuation rows below the row they continue)
      withPreamble.put(f, read.get());
    } else {
      byHeader.computeIfAbsent(header, h -> new ArrayList<>()).add(f);
    }
    return Optional.empty();
  }

  private static String abbreviated(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= 200 ? one : one.substring(0, 200) + "…";
  }

  static CSVFormat format(ObjectSpec object) {
    return CSVFormat.RFC4180
        .builder()
        .setDelimiter(delimiter(object))
        .setIgnoreEmptyLines(true)
        .build();
  }

  private static int headerSearchRows(ObjectSpec object) {
    return object.options(FormatOptions.Delimited.class).headerSearchRows();
  }

  /** The Spark schema of a header: safe names, the source name in each column's comment. */
  static StructType schema(List<String> header) {
    StructType schema = new StructType();
    for (String h : header) {
      Metadata meta = new MetadataBuilder().putString("comment", "source column: " + h).build();
      schema = schema.add(BronzeColumns.safeName(h), DataTypes.StringType, true, meta);
    }
    return schema.add(CORRUPT, DataTypes.StringType, true);
  }

  private static Dataset<Row> readGroup(
      SparkSession spark,
      ObjectSpec object,
      char delimiter,
      List<String> header,
      List<LandingFile> files,
      boolean multiLine) {
    StructType schema = schema(header);
    String[] paths = files.stream().map(LandingFile::sparkUri).toArray(String[]::new);
    return spark
        .read()
        .schema(schema)
        .option("header", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .option("encoding", object.encoding())
        .option("sep", String.valueOf(delimiter))
        .option("quote", "\"")
        .option("escape", "\"")
        .option("enforceSchema", "true")
        .option("multiLine", Boolean.toString(multiLine))
        .csv(paths)
        .withColumn(SparkFileBatch.FILE, input_file_name());
  }

  static char delimiter(ObjectSpec object) {
    return object.options(FormatOptions.Delimited.class).delimiter();
  }
}
