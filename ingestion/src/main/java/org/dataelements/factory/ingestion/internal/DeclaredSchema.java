package org.dataelements.factory.ingestion.internal;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Applies an object's declared schema to a parsed batch: each declared column is cast to its type,
 * and a value that does not fit (e.g. {@code "abc"} for a DOUBLE, {@code 2021-13-01} for a DATE) is
 * kept as delivered in {@code _rescued_data} (a JSON object keyed by column) instead of becoming a
 * silent null. Declared names may be the source's or the bronze (Delta-safe) ones.
 */
public final class DeclaredSchema {
  private DeclaredSchema() {}

  public static Dataset<Row> apply(Dataset<Row> batch, StructType declared) {
    List<String> present = Arrays.asList(batch.columns());
    List<Column> rescued = new ArrayList<>();
    List<StructField> casts = new ArrayList<>();
    Column anyFailed = lit(false);
    for (StructField f : declared.fields()) {
      String name = present.contains(f.name()) ? f.name() : BronzeColumns.safeName(f.name());
      if (!present.contains(name)) {
        continue;
      }
      StructField actual = batch.schema().apply(name);
      if (actual.dataType().sameType(f.dataType())) {
        continue;
      }
      Column raw = col(quoted(name));
      Column typed = raw.cast(f.dataType());
      Column delivered =
          actual.dataType().sameType(DataTypes.StringType)
              ? raw.isNotNull().and(trim(raw).notEqual(""))
              : raw.isNotNull();
      Column failed = typed.isNull().and(delivered);
      anyFailed = anyFailed.or(failed);
      rescued.add(when(failed, raw.cast(DataTypes.StringType)).as(name));
      casts.add(new StructField(name, f.dataType(), true, f.metadata()));
    }
    if (rescued.isEmpty()) {
      return batch;
    }
    // The rescue is computed from the batch's columns before the casts replaced them.
    Column rescue = when(anyFailed, to_json(struct(rescued.toArray(Column[]::new))));
    Column earlier =
        present.contains(BronzeColumns.RESCUED_DATA)
            ? col(BronzeColumns.RESCUED_DATA)
            : lit(null).cast(DataTypes.StringType);
    Dataset<Row> withRescue =
        batch.withColumn(BronzeColumns.RESCUED_DATA, coalesce(earlier, rescue));
    for (StructField c : casts) {
      withRescue = withRescue.withColumn(c.name(), col(quoted(c.name())).cast(c.dataType()));
    }
    return withRescue;
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
