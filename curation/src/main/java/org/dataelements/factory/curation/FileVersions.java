package org.dataelements.factory.curation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Bronze keeps every version of a file that changed under the same name; silver reads only the
 * latest version of each file (by ingestion time).
 */
public final class FileVersions {
  private FileVersions() {}

  public static Dataset<Row> latest(Dataset<Row> bronze) {
    var perFile = Window.partitionBy(col("_source_file"));
    return bronze
        .withColumn("_latest_at", max(col("_ingested_at")).over(perFile))
        .filter(col("_ingested_at").equalTo(col("_latest_at")))
        .drop("_latest_at");
  }
}
