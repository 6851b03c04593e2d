package org.dataelements.factory.curation.trace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.PseudonymKey;
import org.dataelements.factory.core.StepEnvironment;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.testing.SparkTestSession;

/** Landing-layout fixture files and their bronze shape, for the traceability record steps. */
final class TraceFixtures {
  private TraceFixtures() {}

  static final String RUN = "20260101T000000Z_test";
  static final PseudonymKey KEY = PseudonymKey.of("fixture-key-0123456789abcdef".getBytes(UTF_8));
  static final PseudonymKey OTHER_KEY =
      PseudonymKey.of("another-key-fedcba9876543210".getBytes(UTF_8));

  static StepEnvironment environment(PseudonymKey key) {
    return StepEnvironment.of(() -> key);
  }

  /** Writes a file under the landing root (relative path as a source glob sees it). */
  static Path write(Path landing, String relative, String content) {
    try {
      Path p = landing.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, UTF_8);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The bronze rows of CSV files as ingestion lands them (header row first, every column a string,
   * empty cells null), with the audit columns.
   */
  static Dataset<Row> bronzeCsv(Path landing, String... relatives) {
    SparkSession spark = SparkTestSession.spark();
    Dataset<Row> all = null;
    for (String rel : relatives) {
      Path p = landing.resolve(rel);
      Dataset<Row> one =
          spark
              .read()
              .option("header", "true")
              .option("quote", "\"")
              .option("escape", "\"")
              .option("multiLine", "true")
              .csv(p.toString())
              .withColumn("_source_file", lit(rel))
              .withColumn("_source_checksum", lit(sha(p)))
              .withColumn(
                  "_ingested_at", lit(Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"))));
      all = all == null ? one : all.unionByName(one, true);
    }
    return all;
  }

  /** The bronze rows of JSON array files as ingestion lands them, with the audit columns. */
  static Dataset<Row> bronzeJson(Path landing, String... relatives) {
    SparkSession spark = SparkTestSession.spark();
    Dataset<Row> all = null;
    for (String rel : relatives) {
      Path p = landing.resolve(rel);
      Dataset<Row> one =
          spark
              .read()
              .option("multiLine", "true")
              .json(p.toString())
              .withColumn("_source_file", lit(rel))
              .withColumn("_source_checksum", lit(sha(p)))
              .withColumn(
                  "_ingested_at", lit(Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"))));
      all = all == null ? one : all.unionByName(one, true);
    }
    return all;
  }

  static String sha(Path p) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static StepInputs inputs(Map<TableId, Dataset<Row>> tables) {
    return new StepInputs(tables, Map.of(), RUN);
  }

  static StepInputs inputs(Map<TableId, Dataset<Row>> tables, Map<String, Dataset<Row>> refs) {
    return new StepInputs(tables, refs, RUN);
  }

  static Dataset<Row> reference(String name) {
    return SparkTestSession.spark()
        .read()
        .option("header", "true")
        .option("encoding", "UTF-8")
        .csv(SparkTestSession.confDir().resolve("reference/" + name + ".csv").toString());
  }

  /** Every string value of every row, nested arrays included. */
  static Set<String> strings(List<Row> rows) {
    Set<String> out = new TreeSet<>();
    for (Row r : rows) {
      collect(r, out);
    }
    return out;
  }

  private static void collect(Object v, Set<String> out) {
    if (v instanceof String s) {
      out.add(s);
    } else if (v instanceof Row r) {
      for (int i = 0; i < r.size(); i++) {
        collect(r.get(i), out);
      }
    } else if (v instanceof scala.collection.Iterable<?> it) {
      it.foreach(
          x -> {
            collect(x, out);
            return null;
          });
    }
  }

  /** Fails when a raw value occurs in any string of the rows (also as a substring). */
  static List<String> leaks(List<Row> rows, List<String> raw) {
    List<String> found = new ArrayList<>();
    for (String s : strings(rows)) {
      for (String r : raw) {
        if (s.contains(r)) {
          found.add(r + " in '" + s + "'");
        }
      }
    }
    return found;
  }

  /** The field names of a schema. */
  static List<String> names(StructType schema) {
    return Arrays.stream(schema.fields()).map(StructField::name).toList();
  }

  static StructField string(String name, String sourceHeader) {
    return new StructField(
        name,
        DataTypes.StringType,
        true,
        new org.apache.spark.sql.types.MetadataBuilder()
            .putString("comment", "source column: " + sourceHeader)
            .build());
  }
}
