package org.dataelements.factory.curation;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Bronze keeps every version of a file that changed under the same name; silver reads only the
 * latest version of each file (by ingestion time). The latest checksum per file is a small
 * aggregate, broadcast back, so the rows themselves are not shuffled.
 */
public final class FileVersions {
  private FileVersions() {}

  public static Dataset<Row> latest(Dataset<Row> bronze) {
    Dataset<Row> latest =
        bronze
            .groupBy(col("_source_file"))
            .agg(max(struct(col("_ingested_at"), col("_source_checksum"))).as("_latest"))
            .select(col("_latest._source_checksum").as("_latest_checksum"));
    return bronze.join(
        broadcast(latest),
        bronze.col("_source_checksum").equalTo(latest.col("_latest_checksum")),
        "left_semi");
  }
}
