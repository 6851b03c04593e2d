package org.dataelements.factory.ingestion.jdbc;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.Redaction;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a database table as one snapshot (the object's {@code path} is the table reference, {@code
 * schema.table}) with the options of {@link FormatOptions.Jdbc} (URL, user, the environment
 * variable of the password, fetch size, bounded doubling retries), checked at load. The snapshot's
 * checksum is a hash of its rows, independent of their order: an unchanged table is not landed
 * again, a changed one lands as the next version.
 */
public final class JdbcLanding {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcLanding.class);

  private JdbcLanding() {}

  /** A table read once: its rows (cached) with count and checksum, or why it could not be read. */
  public record Snapshot(
      String reference,
      Optional<Dataset<Row>> rows,
      Optional<Dataset<Row>> cached,
      long rowCount,
      String checksum,
      Optional<String> problem) {

    /** Frees the cached rows once they are written. */
    public void release() {
      cached.ifPresent(Dataset::unpersist);
    }
  }

  /** The reference recorded as the object's path in {@code lake.ops.ingest_files}. */
  public static String reference(ObjectSpec object) {
    return "jdbc:" + object.path();
  }

  /**
   * Connects (with bounded retries), reads the table and hashes its rows. A database that stays
   * down, a missing table or a missing password variable is a problem, not an exception.
   */
  public static Snapshot read(SparkSession spark, ObjectSpec object, Function<String, String> env) {
    String ref = reference(object);
    FormatOptions.Jdbc o = object.options(FormatOptions.Jdbc.class);
    String url = o.url();
    Properties props = new Properties();
    o.user().ifPresent(user -> props.setProperty("user", user));
    if (o.passwordEnv().isPresent()) {
      String password = env.apply(o.passwordEnv().get());
      if (password == null) {
        return failed(
            ref,
            "environment variable "
                + o.passwordEnv().get()
                + " (options.password_env) is not set; export the database password there");
      }
      props.setProperty("password", password);
    }
    int attempts = o.retries();
    long wait = o.retryWaitMs();
    Optional<String> down = connect(url, props, attempts, wait);
    if (down.isPresent()) {
      return failed(ref, down.get());
    }
    props.setProperty("fetchsize", String.valueOf(o.fetchSize()));
    Dataset<Row> rows;
    try {
      rows = spark.read().jdbc(url, object.path(), props);
    } catch (Exception e) { // Spark rethrows the driver's SQLException, undeclared, from Scala
      return failed(
          ref,
          Redaction.of("cannot read table " + object.path() + " at " + url + ": " + firstLine(e)));
    }
    rows = safeNames(rows).persist(StorageLevel.MEMORY_AND_DISK());
    List<Column> all = new ArrayList<>();
    for (String c : rows.columns()) {
      all.add(col("`" + c + "`"));
    }
    Row agg =
        rows.agg(count(lit(1)), sum(all.isEmpty() ? lit(0L) : xxhash64(all.toArray(Column[]::new))))
            .first();
    long n = agg.getLong(0);
    String checksum =
        sha256(rows.schema().json() + "|" + n + "|" + (agg.isNullAt(1) ? 0 : agg.getLong(1)));
    Dataset<Row> keyed =
        rows.withColumn(BronzeColumns.SOURCE_FILE, lit(ref))
            .withColumn(BronzeColumns.SOURCE_CHECKSUM, lit(checksum));
    return new Snapshot(ref, Optional.of(keyed), Optional.of(rows), n, checksum, Optional.empty());
  }

  private static Optional<String> connect(
      String url, Properties props, int attempts, long firstWaitMs) {
    long wait = firstWaitMs;
    long started = System.nanoTime();
    SQLException last = null;
    for (int i = 1; i <= attempts; i++) {
      try (Connection c = DriverManager.getConnection(url, props)) {
        return Optional.empty();
      } catch (SQLException e) {
        last = e;
        LOG.warn(
            "jdbc {}: attempt {} of {} failed: {}",
            Redaction.of(url),
            i,
            attempts,
            Redaction.of(e.getMessage()));
        if (i < attempts) {
          try {
            Thread.sleep(wait);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
          wait *= 2;
        }
      }
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    return Optional.of(
        "cannot connect to "
            + Redaction.of(url)
            + " after "
            + attempts
            + " attempt(s) in "
            + seconds
            + " s: "
            + Redaction.of(firstLine(last))
            + "; check that the database is up and options.url, user and password_env");
  }

  private static Dataset<Row> safeNames(Dataset<Row> df) {
    Dataset<Row> out = df;
    for (String c : df.columns()) {
      String safe = BronzeColumns.safeName(c);
      if (!safe.equals(c)) {
        out = out.withColumnRenamed(c, safe);
      }
    }
    return out;
  }

  private static Snapshot failed(String ref, String problem) {
    return new Snapshot(ref, Optional.empty(), Optional.empty(), 0, "", Optional.of(problem));
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private static String firstLine(Throwable e) {
    if (e == null) {
      return "no attempt made";
    }
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
