package org.dataelements.factory.ingestion.internal;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The parsed files of one object, not yet written: rows for bronze (with {@code _source_file} and
 * {@code _source_checksum}), quarantined records, per-file counts and whole-file rejections.
 */
public record BronzeBatch(
    Optional<Dataset<Row>> rows,
    Optional<Dataset<Row>> quarantine,
    Map<String, Counts> counts,
    Map<String, String> rejections,
    Optional<Dataset<Row>> cached) {

  public BronzeBatch {
    counts = Map.copyOf(counts);
    rejections = Map.copyOf(rejections);
  }

  public BronzeBatch(
      Optional<Dataset<Row>> rows,
      Optional<Dataset<Row>> quarantine,
      Map<String, Counts> counts,
      Map<String, String> rejections) {
    this(rows, quarantine, counts, rejections, Optional.empty());
  }

  /**
   * Frees the parsed data once it is written. Spark reuses a cached plan for an identical later
   * read of the same paths, which would return a changed file's old content.
   */
  public void release() {
    cached.ifPresent(Dataset::unpersist);
  }

  /** Records read from one file, split into landed and quarantined. */
  public record Counts(long landed, long quarantined) {
    public long read() {
      return landed + quarantined;
    }
  }
}
