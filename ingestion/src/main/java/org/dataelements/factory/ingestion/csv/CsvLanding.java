package org.dataelements.factory.ingestion.csv;

import static org.apache.spark.sql.functions.input_file_name;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
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
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceFormat;
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
    char delimiter = delimiter(object);
    Map<String, String> rejections = new HashMap<>();
    Map<List<String>, List<LandingFile>> byHeader = new LinkedHashMap<>();
    for (LandingFile f : files) {
      Optional<String> problem = TextEncodings.check(f.absolute(), object.encoding());
      if (problem.isEmpty()) {
        problem = headerProblem(f, object, delimiter, byHeader);
      }
      problem.ifPresent(p -> rejections.put(f.path(), p));
    }
    if (byHeader.isEmpty()) {
      return new BronzeBatch(Optional.empty(), Optional.empty(), Map.of(), rejections);
    }
    Dataset<Row> all = null;
    for (var group : byHeader.entrySet()) {
      Dataset<Row> part = readGroup(spark, object, delimiter, group.getKey(), group.getValue());
      all = all == null ? part : all.unionByName(part, true);
    }
    List<LandingFile> read = new ArrayList<>();
    byHeader.values().forEach(read::addAll);
    return SparkFileBatch.split(
        spark,
        all.withColumn(SparkFileBatch.FILE, input_file_name()),
        read,
        rejections,
        "malformed record: its fields do not match the header's columns (ragged row or unbalanced quotes)");
  }

  /**
   * The column names of the file's header row (BOM removed, trimmed); empty when the file has no
   * header or cannot be read in the object's encoding.
   */
  public static Optional<List<String>> header(LandingFile f, ObjectSpec object) {
    try {
      String first;
      try (BufferedReader r = Files.newBufferedReader(f.absolute(), Charset.forName(object.encoding()))) {
        first = r.readLine();
      }
      if (first == null || first.replace("\uFEFF", "").isBlank()) {
        return Optional.empty();
      }
      try (CSVParser p =
          CSVParser.parse(
              new StringReader(first.replace("\uFEFF", "")),
              CSVFormat.RFC4180.builder().setDelimiter(delimiter(object)).build())) {
        CSVRecord rec = p.getRecords().get(0);
        return Optional.of(rec.toList().stream().map(String::trim).toList());
      }
    } catch (IOException | java.io.UncheckedIOException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** True when the file's header has every column the object requires (content decides). */
  public static boolean fits(LandingFile f, ObjectSpec object) {
    return header(f, object).map(h -> h.containsAll(object.requiredColumns())).orElse(false);
  }

  private static Optional<String> headerProblem(
      LandingFile f, ObjectSpec object, char delimiter, Map<List<String>, List<LandingFile>> byHeader) {
    if (f.sizeBytes() == 0) {
      return Optional.of("the file is empty (0 bytes): no header row");
    }
    Optional<List<String>> read = header(f, object);
    if (read.isEmpty()) {
      return Optional.of("the file has no header row (first line is empty)");
    }
    List<String> header = read.get();
    var names = new HashSet<String>();
    for (String h : header) {
      if (!names.add(BronzeColumns.safeName(h).toLowerCase(java.util.Locale.ROOT))) {
        return Optional.of("header names column '" + h + "' twice; column names must be unique");
      }
    }
    for (String required : object.requiredColumns()) {
      if (!header.contains(required)) {
        return Optional.of(
            "missing required column '"
                + required
                + "'; the header has: "
                + String.join(", ", header));
      }
    }
    byHeader.computeIfAbsent(header, h -> new ArrayList<>()).add(f);
    return Optional.empty();
  }

  private static Dataset<Row> readGroup(
      SparkSession spark, ObjectSpec object, char delimiter, List<String> header, List<LandingFile> files) {
    StructType schema = new StructType();
    for (String h : header) {
      Metadata meta = new MetadataBuilder().putString("comment", "source column: " + h).build();
      schema = schema.add(BronzeColumns.safeName(h), DataTypes.StringType, true, meta);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    String[] paths = files.stream().map(f -> f.absolute().toUri().toString()).toArray(String[]::new);
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
        .csv(paths);
  }

  private static char delimiter(ObjectSpec object) {
    String d = object.options().get("delimiter");
    if (d != null && d.length() == 1) {
      return d.charAt(0);
    }
    return object.format() == SourceFormat.TSV ? '\t' : ',';
  }
}
