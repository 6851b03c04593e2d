package org.dataelements.factory.quality.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.TableId;

/** Checks that every column and table a check names exists, before any Spark job runs. */
public final class CheckColumns {
  private CheckColumns() {}

  /**
   * @throws org.dataelements.factory.core.InvalidSpecException listing every problem, each naming
   *     check, table and the columns it does have
   */
  public static void validate(
      TableId table,
      StructType schema,
      List<CheckSpec> checks,
      Function<String, Dataset<Row>> tables) {
    List<String> problems = new ArrayList<>();
    String have = String.join(", ", schema.fieldNames());
    for (CheckSpec c : checks) {
      String where = "check " + c.ruleId() + " of " + table.sqlName();
      for (String col : c.columns()) {
        if (field(schema, col).isEmpty()) {
          problems.add(
              where
                  + " names column '"
                  + col
                  + "', which the table does not have; its columns are: "
                  + have);
        }
      }
      if (c.rule() == CheckSpec.Rule.FRESHNESS) {
        field(schema, c.columns().get(0))
            .filter(f -> !isTemporal(f.dataType()))
            .ifPresent(
                f ->
                    problems.add(
                        where
                            + " needs a date or timestamp column; '"
                            + f.name()
                            + "' is "
                            + f.dataType().simpleString()
                            + "; cast it in the step, or check another column"));
      }
      c.anomaly()
          .ifPresent(
              a -> {
                if (a.metric() == CheckSpec.Anomaly.Metric.MEAN) {
                  field(schema, c.columns().get(0))
                      .filter(f -> !(f.dataType() instanceof NumericType))
                      .ifPresent(
                          f ->
                              problems.add(
                                  where
                                      + " takes the mean of '"
                                      + f.name()
                                      + "', which is "
                                      + f.dataType().simpleString()
                                      + "; use a numeric column or another metric"));
                }
                a.periodColumn()
                    .ifPresent(
                        p -> {
                          Optional<StructField> f = field(schema, p);
                          if (f.isEmpty()) {
                            problems.add(
                                where
                                    + " names period_column '"
                                    + p
                                    + "', which the table does not have; its columns are: "
                                    + have);
                          } else if (!isTemporal(f.get().dataType())
                              && f.get().dataType() != DataTypes.StringType) {
                            problems.add(
                                where
                                    + " needs period_column '"
                                    + p
                                    + "' to be a date, timestamp or 'yyyy-MM' string; it is "
                                    + f.get().dataType().simpleString());
                          }
                        });
              });
      c.reference()
          .ifPresent(
              r -> {
                StructType refSchema;
                try {
                  refSchema = tables.apply(r.table()).schema();
                } catch (LakehouseException e) {
                  problems.add(
                      where
                          + " names reference table "
                          + r.table()
                          + ", which cannot be read: "
                          + e.getMessage());
                  return;
                }
                if (field(refSchema, r.column()).isEmpty()) {
                  problems.add(
                      where
                          + " names reference column '"
                          + r.column()
                          + "', which "
                          + r.table()
                          + " does not have; its columns are: "
                          + String.join(", ", refSchema.fieldNames()));
                }
              });
    }
    if (!problems.isEmpty()) {
      throw QualityErrors.badChecks(problems);
    }
  }

  static Optional<StructField> field(StructType schema, String name) {
    return Arrays.stream(schema.fields()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
  }

  static boolean isTemporal(DataType t) {
    return t == DataTypes.DateType
        || t == DataTypes.TimestampType
        || t == DataTypes.TimestampNTZType;
  }
}
