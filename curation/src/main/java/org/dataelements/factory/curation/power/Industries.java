package org.dataelements.factory.curation.power;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
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
 * Industries conformed to GB/T 4754-2017 (conf/reference/industries.csv: sections A–T, divisions
 * such as C26, the three sectors, households and the whole society). Sources name industries in
 * words ("Manufacture of Medicines", "Primary Industry"); a name not in the list keeps a code of
 * its own ({@code X_<NAME>}) and its name, so it is never lost.
 */
public final class Industries {
  private Industries() {}

  /** Adds industry_code and industry_name from the label column, by any known name. */
  public static Dataset<Row> conform(Dataset<Row> df, Dataset<Row> industries, String labelColumn) {
    Dataset<Row> aliases =
        industries
            .select(
                col("industry_code").as("ind_code"),
                col("name_en").as("ind_name"),
                explode(
                        concat(
                            array(col("name_en"), col("name_zh")),
                            split(coalesce(col("aliases"), lit("")), ";")))
                    .as("ind_alias"))
            .withColumn("ind_key", key(col("ind_alias")))
            .filter(col("ind_key").notEqual(""))
            .dropDuplicates("ind_key");
    return df.withColumn("ind_key", key(col(labelColumn)))
        .join(broadcast(aliases), "ind_key", "left")
        .withColumn(
            "industry_code",
            coalesce(
                col("ind_code"),
                concat(
                    lit("X_"),
                    upper(regexp_replace(trim(col(labelColumn)), "[^A-Za-z0-9]+", "_")))))
        .withColumn("industry_name", coalesce(col("ind_name"), trim(col(labelColumn))))
        .drop("ind_code", "ind_name", "ind_alias", "ind_key");
  }

  /** Adds industry_name for an industry_code column (a code not in the list names itself). */
  public static Dataset<Row> name(Dataset<Row> df, Dataset<Row> industries) {
    Dataset<Row> names =
        industries.select(col("industry_code").as("ind_code"), col("name_en").as("industry_name"));
    return df.join(broadcast(names), df.col("industry_code").equalTo(names.col("ind_code")), "left")
        .withColumn("industry_name", coalesce(col("industry_name"), col("industry_code")))
        .drop("ind_code");
  }

  /** An industry name reduced for matching: lower case, letters and digits only. */
  static Column key(Column name) {
    return regexp_replace(lower(trim(coalesce(name, lit("")))), "[^\\p{L}\\p{N}]+", "");
  }
}
