package org.dataelements.factory.curation.power;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Region names as sources write them ("Beijing", "Beijing Municipality", "北京市") conformed to the
 * reference list conf/reference/regions.csv (GB/T 2260 for Chinese divisions, ISO 3166 elsewhere).
 * A name not in the list keeps a code of its own ({@code X_<NAME>}, {@code code_system = factory}).
 */
public final class Regions {
  private Regions() {}

  /** Adds region_code, region_name and code_system from the reference list, by any known name. */
  public static Dataset<Row> conform(
      Dataset<Row> series, Dataset<Row> regions, String labelColumn) {
    Dataset<Row> aliases =
        regions
            .select(
                col("region_code").as("ref_code"),
                col("name_en").as("ref_name"),
                col("code_system").as("ref_system"),
                explode(
                        org.apache.spark.sql.functions.concat(
                            array(col("name_en"), col("name_zh")),
                            split(coalesce(col("aliases"), lit("")), ";")))
                    .as("alias"))
            .withColumn("alias_key", nameKey(col("alias")))
            .filter(col("alias_key").notEqual(""))
            .dropDuplicates("alias_key");
    Dataset<Row> keyed = series.withColumn("alias_key", nameKey(col(labelColumn)));
    return keyed
        .join(org.apache.spark.sql.functions.broadcast(aliases), "alias_key", "left")
        .withColumn(
            "region_code",
            coalesce(
                col("ref_code"),
                concat(lit("X_"), upper(regexp_replace(col(labelColumn), "[^A-Za-z0-9]+", "_")))))
        .withColumn("region_name", coalesce(col("ref_name"), col(labelColumn)))
        .withColumn("code_system", coalesce(col("ref_system"), lit("factory")))
        .drop("ref_code", "ref_name", "ref_system", "alias", "alias_key");
  }

  /** A region name reduced for matching: lower case, no administrative suffix, no spaces. */
  public static Column nameKey(Column name) {
    Column s = lower(trim(name));
    s =
        regexp_replace(
            s,
            "\\b(municipality|province|city|autonomous region|special administrative region|sar)\\b",
            "");
    return regexp_replace(s, "[\\s\\-_.']+", "");
  }
}
