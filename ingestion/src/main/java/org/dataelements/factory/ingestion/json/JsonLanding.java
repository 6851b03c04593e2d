package org.dataelements.factory.ingestion.json;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.dataelements.factory.ingestion.internal.JsonProblems;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.internal.SparkFileBatch;
import org.dataelements.factory.ingestion.internal.TextEncodings;

/**
 * Lands JSON documents (a file is an array of records or one record) and JSON Lines (a record per
 * line). Nested objects stay structs. A JSON document that does not parse is rejected whole with
 * the line and column where it breaks (e.g. a truncated file); a JSON Lines line that does not
 * parse is quarantined and the rest of the file lands.
 */
public final class JsonLanding {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonLanding() {}

  public static BronzeBatch parse(SparkSession spark, ObjectSpec object, List<LandingFile> files)
      throws IOException {
    boolean lines = object.format() == SourceFormat.JSONL;
    Map<String, String> rejections = new HashMap<>();
    List<LandingFile> readable = new ArrayList<>();
    for (LandingFile f : files) {
      Optional<String> problem =
          f.sizeBytes() == 0
              ? Optional.of("the file is empty (0 bytes)")
              : TextEncodings.check(f.absolute(), object.encoding());
      if (problem.isEmpty() && !lines) {
        problem = documentProblem(f, object);
      }
      if (problem.isPresent()) {
        rejections.put(f.path(), problem.get());
      } else {
        readable.add(f);
      }
    }
    if (readable.isEmpty()) {
      return new BronzeBatch(Optional.empty(), Optional.empty(), Map.of(), rejections);
    }
    Dataset<Row> read;
    try {
      read = read(spark, object, lines, readable);
    } catch (Exception e) {
      // Spark's AnalysisException is checked to javac, though Scala throws it undeclared
      if (!(e instanceof AnalysisException a)
          || !"COLUMN_ALREADY_EXISTS".equals(a.getErrorClass())) {
        throw e;
      }
      // field names that differ only in case: reject the files that spell them otherwise
      Map<String, String> clashes =
          CaseCollisions.find(readable, lines, Charset.forName(object.encoding()));
      if (clashes.isEmpty()) {
        throw e;
      }
      rejections.putAll(clashes);
      readable = readable.stream().filter(f -> !clashes.containsKey(f.path())).toList();
      if (readable.isEmpty()) {
        return new BronzeBatch(Optional.empty(), Optional.empty(), Map.of(), rejections);
      }
      read = read(spark, object, lines, readable);
    }
    if (!Arrays.asList(read.columns()).contains(SparkFileBatch.CORRUPT)) {
      read = read.withColumn(SparkFileBatch.CORRUPT, lit(null).cast(DataTypes.StringType));
    }
    return SparkFileBatch.split(
        spark,
        deltaSafe(read).withColumn(SparkFileBatch.FILE, input_file_name()),
        readable,
        rejections,
        "not a JSON record (the line does not parse as JSON)",
        Charset.forName(object.encoding()));
  }

  private static Dataset<Row> read(
      SparkSession spark, ObjectSpec object, boolean lines, List<LandingFile> files) {
    String[] paths = files.stream().map(LandingFile::sparkUri).toArray(String[]::new);
    return spark
        .read()
        .option("multiLine", Boolean.toString(!lines))
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", SparkFileBatch.CORRUPT)
        .option("encoding", object.encoding())
        .option("samplingRatio", "1.0")
        .json(paths);
  }

  /** A JSON document's first syntax error, with line and column; empty when it parses. */
  static Optional<String> documentProblem(LandingFile f, ObjectSpec object) throws IOException {
    try (Reader r = Files.newBufferedReader(f.absolute(), Charset.forName(object.encoding()));
        JsonParser p = JSON.createParser(r)) {
      if (p.nextToken() == null) {
        return Optional.of("the file holds no JSON value");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        return Optional.of(
            "more than one JSON value in the file; declare format: jsonl for JSON Lines");
      }
      return Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.of(JsonProblems.notValid(e));
    }
  }

  /**
   * Top-level names made acceptable to Delta; a nested value whose field names Delta cannot hold
   * (spaces, {@code ,;{}()=}) is kept as its JSON text so that nothing is lost.
   */
  static Dataset<Row> deltaSafe(Dataset<Row> df) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      String safe =
          f.name().equals(SparkFileBatch.CORRUPT) ? f.name() : BronzeColumns.safeName(f.name());
      Column c = col("`" + f.name().replace("`", "``") + "`");
      cols.add((hasUnsafeNestedName(f.dataType()) ? to_json(c) : c).as(safe));
    }
    return df.select(cols.toArray(Column[]::new));
  }

  private static boolean hasUnsafeNestedName(DataType t) {
    if (t instanceof StructType st) {
      for (StructField f : st.fields()) {
        if (!BronzeColumns.safeName(f.name()).equals(f.name())
            || hasUnsafeNestedName(f.dataType())) {
          return true;
        }
      }
      return false;
    }
    if (t instanceof ArrayType at) {
      return hasUnsafeNestedName(at.elementType());
    }
    if (t instanceof MapType mt) {
      return hasUnsafeNestedName(mt.valueType());
    }
    return false;
  }
}
