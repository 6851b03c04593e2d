package org.dataelements.factory.curation.trace;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.curation.RowRules;

/**
 * Row rules of the traceability records: each rule names the field and the offending value besides
 * its id and reason (so the quarantine says file, field and value), and the two rules every keyed
 * record has — one key with different contents (every version quarantined, since none can be
 * preferred) and an exact repeat (kept once, the repeat quarantined).
 */
final class TraceRules {
  private TraceRules() {}

  static final String RULE_ID = "rule_id";
  static final String REASON = "reason";
  static final String FIELD = "field";
  static final String VALUE = "value";

  /** A rule: when a row breaks it, its id, the field and value at fault, and the reason shown. */
  record Rule(Column broken, String ruleId, Column field, Column value, Column reason) {
    Rule {
      requireNonNull(broken, "broken is null");
      requireNonNull(ruleId, "ruleId is null");
      requireNonNull(field, "field is null");
      requireNonNull(value, "value is null");
      requireNonNull(reason, "reason is null");
    }

    /** A rule about one named field. */
    Rule(Column broken, String ruleId, String field, Column value, Column reason) {
      this(broken, ruleId, lit(field), value, reason);
    }
  }

  /**
   * Adds rule_id, reason, field and value of the first rule each row breaks (all null when none); a
   * row already judged (rule_id set) keeps its verdict.
   */
  static Dataset<Row> judge(Dataset<Row> rows, List<Rule> rules) {
    List<RowRules.Rule> reasons = new ArrayList<>();
    List<RowRules.Rule> fields = new ArrayList<>();
    List<RowRules.Rule> values = new ArrayList<>();
    for (Rule r : rules) {
      Column broken = coalesce(r.broken(), lit(false));
      reasons.add(new RowRules.Rule(broken, r.ruleId(), r.reason()));
      fields.add(new RowRules.Rule(broken, r.ruleId(), r.field()));
      values.add(new RowRules.Rule(broken, r.ruleId(), r.value().cast(DataTypes.StringType)));
    }
    RowRules id = new RowRules(reasons);
    Column field = new RowRules(fields).reason();
    Column value = new RowRules(values).reason();
    if (!List.of(rows.columns()).contains(RULE_ID)) {
      return rows.withColumn(FIELD, field)
          .withColumn(VALUE, value)
          .withColumn(REASON, id.reason())
          .withColumn(RULE_ID, id.ruleId());
    }
    Column open = col(RULE_ID).isNull();
    return rows.withColumn(FIELD, when(open, field).otherwise(col(FIELD)))
        .withColumn(VALUE, when(open, value).otherwise(col(VALUE)))
        .withColumn(REASON, when(open, id.reason()).otherwise(col(REASON)))
        .withColumn(RULE_ID, when(open, id.ruleId()).otherwise(col(RULE_ID)));
  }

  /** The hash of a record's content (the given columns as JSON). */
  static Column contentHash(Column... columns) {
    return sha2(to_json(org.apache.spark.sql.functions.struct(columns)), 256);
  }

  /**
   * Judges repeated keys among the rows not yet quarantined: a key seen with different contents
   * breaks {@code conflictRule} on every version; a key seen again with the same content breaks
   * {@code repeatRule} on all but the first (by {@code order}). {@code what} names the record in
   * the reasons ("certificate").
   */
  static Dataset<Row> duplicates(
      Dataset<Row> judged,
      Column key,
      Column content,
      List<Column> order,
      String what,
      String conflictRule,
      String repeatRule) {
    Column open = col(RULE_ID).isNull();
    Column openKey = when(open, key);
    WindowSpec byKey = Window.partitionBy(openKey);
    WindowSpec ordered = byKey.orderBy(order.toArray(Column[]::new));
    Dataset<Row> withCounts =
        judged
            .withColumn("_content", content)
            .withColumn("_versions", size(collect_set(when(open, col("_content"))).over(byKey)))
            .withColumn(
                "_files",
                array_join(
                    array_sort(collect_set(when(open, col("source_file"))).over(byKey)), ", "))
            .withColumn("_position", row_number().over(ordered))
            .withColumn(
                "_first_file",
                first(col("source_file"))
                    .over(ordered.rowsBetween(Window.unboundedPreceding(), Window.currentRow())));
    Column keyText = key.cast(DataTypes.StringType);
    return judge(
            withCounts,
            List.of(
                new Rule(
                    openKey.isNotNull().and(col("_versions").gt(1)),
                    conflictRule,
                    "key",
                    keyText,
                    format_string(
                        "%s %s occurs with %d different contents (files %s); none is used until"
                            + " the sender corrects it",
                        lit(what), keyText, col("_versions"), col("_files"))),
                new Rule(
                    openKey.isNotNull().and(col("_position").gt(1)),
                    repeatRule,
                    "key",
                    keyText,
                    format_string(
                        "the same %s %s (same content) is kept once, from %s",
                        lit(what), keyText, col("_first_file")))))
        .drop("_content", "_versions", "_files", "_position", "_first_file");
  }
}
