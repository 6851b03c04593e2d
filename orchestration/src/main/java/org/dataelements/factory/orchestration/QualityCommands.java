package org.dataelements.factory.orchestration;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.Layer;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.quality.MetricPoint;

/**
 * What the {@code factory quality} commands share: finding a table's spec and its quarantine
 * counts.
 */
final class QualityCommands {
  // Columns of quarantine tables: silver ones carry the rule that rejected a row, bronze ones the
  // reason with the file and record it came from.
  static final String RULE_ID = "rule_id";
  static final String REASON = "reason";
  static final String RUN_ID = "run_id";
  static final String SOURCE_FILE = "_source_file";
  static final String RECORD_NUMBER = "record_number";
  static final String ROWS = "rows";
  static final String EXAMPLE = "example";

  private QualityCommands() {}

  /** The declared spec of a silver or gold table. */
  static Optional<TableSpec> spec(Specs specs, TableId id) {
    return switch (id.layer()) {
      case SILVER -> specs.table(id);
      case GOLD -> specs.product(id.namespace()).flatMap(p -> p.table(id.entity()));
      default -> Optional.empty();
    };
  }

  /** The SQL names of every declared table with at least one check. */
  static List<String> tablesWithChecks(Specs specs) {
    List<String> out = new ArrayList<>();
    for (TableSpec t : specs.tables()) {
      if (!t.checks().isEmpty()) {
        out.add(Layer.SILVER.label() + "." + t.name());
      }
    }
    for (ProductSpec p : specs.products()) {
      for (TableSpec t : p.tables()) {
        if (!t.checks().isEmpty()) {
          out.add(TableId.gold(p.name(), t.name()).sqlName());
        }
      }
    }
    return out;
  }

  /**
   * The table's declared checks.
   *
   * @throws org.dataelements.factory.core.InvalidSpecException when it declares none, listing the
   *     tables that do
   */
  static List<CheckSpec> declaredChecks(Specs specs, TableId id, Path confDir) {
    List<CheckSpec> checks = spec(specs, id).map(TableSpec::checks).orElse(List.of());
    if (checks.isEmpty()) {
      throw QualityCommandErrors.noChecksDeclared(id, confDir, tablesWithChecks(specs));
    }
    return checks;
  }

  /**
   * Rows of the table's quarantine per rule (silver: {@code rule_id}; bronze: {@code reason}), most
   * first, with {@code rows}, the files or last run where known, and an {@code example} (a reason,
   * or the file and record of one rejected row). Empty when there is no quarantine.
   */
  static Optional<Dataset<Row>> quarantineCounts(Lakehouse lakehouse, TableId id) {
    TableId q = id.quarantine();
    if (!lakehouse.exists(q)) {
      return Optional.empty();
    }
    Dataset<Row> rows = lakehouse.read(q);
    List<String> columns = Arrays.asList(rows.columns());
    String key = columns.contains(RULE_ID) ? RULE_ID : columns.contains(REASON) ? REASON : null;
    Column group = key == null ? lit("(all rows)").as(RULE_ID) : col(key);
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as(ROWS));
    if (columns.contains(SOURCE_FILE)) {
      aggs.add(countDistinct(col(SOURCE_FILE)).as("files"));
    }
    if (columns.contains(RUN_ID)) {
      aggs.add(max(col(RUN_ID)).as("last_run"));
    }
    Column example;
    if (RULE_ID.equals(key) && columns.contains(REASON)) {
      example = col(REASON);
    } else if (columns.contains(SOURCE_FILE)) {
      Column record =
          columns.contains(RECORD_NUMBER)
              ? coalesce(concat(lit(":"), col(RECORD_NUMBER).cast("string")), lit(""))
              : lit("");
      example = concat(col(SOURCE_FILE), record);
    } else {
      example = lit("");
    }
    aggs.add(coalesce(first(example, true), lit("")).as(EXAMPLE));
    Dataset<Row> counts =
        rows.groupBy(group)
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
            .orderBy(col(ROWS).desc(), col(key == null ? RULE_ID : key));
    return Optional.of(counts);
  }

  /**
   * The history of the metrics anomaly checks use, from {@code lake.ops.quality_metrics}; empty
   * when the table has no anomaly check (nothing is read then). Builds and {@code quality check}
   * share it.
   */
  static List<MetricPoint> metricHistory(
      Lakehouse lakehouse, TableId table, List<CheckSpec> checks) {
    if (checks.stream().noneMatch(c -> c.rule() == CheckSpec.Rule.ANOMALY)
        || !lakehouse.exists(OpsTables.QUALITY_METRICS)) {
      return List.of();
    }
    List<MetricPoint> out = new ArrayList<>();
    for (Row r :
        lakehouse
            .read(OpsTables.QUALITY_METRICS)
            .where(
                col("table_name")
                    .equalTo(table.sqlName())
                    .and(col("value").isNotNull())
                    .and(col("metric").isin("Size", "Completeness", "Mean", "CountDistinct")))
            .select("metric", "instance", "run_id", "computed_at", "value")
            .collectAsList()) {
      out.add(
          new MetricPoint(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.getTimestamp(3).toInstant(),
              r.getDouble(4)));
    }
    return out;
  }
}
