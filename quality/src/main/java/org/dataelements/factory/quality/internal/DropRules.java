package org.dataelements.factory.quality.internal;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.CheckSpec;

/**
 * The row-level judgement of {@code drop} checks: one column per rule and column says whether a
 * row violates it, and one projection collects the ids and reasons of every rule a row violates,
 * so that kept and quarantined rows are two filters of the same judged rows.
 */
public final class DropRules {
  public static final String RULE_ID = "rule_id";
  public static final String REASON = "reason";
  public static final String RUN_ID = "run_id";
  public static final String QUARANTINED_AT = "quarantined_at";
  private static final String IDS = "__dq_rule_ids";
  private static final String REASONS = "__dq_reasons";

  private DropRules() {}

  /** The judged rows (data columns plus the violated rule ids and reasons) and their two filters. */
  public record Judged(Dataset<Row> judged, Dataset<Row> kept, Dataset<Row> quarantined) {}

  private record Violation(String ruleId, Column violates, Column reason) {}

  /** Judges every row against the drop checks (at least one) in one projection. */
  public static Judged judge(
      Dataset<Row> data, List<CheckSpec> drops, String runId, Instant at, Function<String, Dataset<Row>> tables) {
    String[] columns = data.columns();
    Dataset<Row> base = data;
    List<Violation> violations = new ArrayList<>();
    int n = 0;
    for (CheckSpec c : drops) {
      if (c.rule() == CheckSpec.Rule.REFERENTIAL) {
        // A left join with the distinct reference values keeps each row exactly once.
        CheckSpec.Reference r = c.reference().orElseThrow();
        String ref = "__dq_ref_" + n++;
        Dataset<Row> values = tables.apply(r.table()).select(q(r.column()).as(ref)).distinct();
        String column = c.columns().get(0);
        base = base.join(values, q(column).equalTo(col(ref)), "left_outer");
        violations.add(new Violation(c.ruleId(), q(column).isNotNull().and(col(ref).isNull()),
            concat(lit(c.ruleId() + ": value '"), text(column), lit("' not in " + r.table() + "." + r.column()))));
      } else {
        violations.addAll(violations(c));
      }
    }
    Column[] ids = violations.stream().map(v -> when(coalesce(v.violates(), lit(false)), lit(v.ruleId()))).toArray(Column[]::new);
    Column[] reasons = violations.stream().map(v -> when(coalesce(v.violates(), lit(false)), v.reason())).toArray(Column[]::new);
    List<Column> projection = new ArrayList<>(Arrays.stream(columns).map(DropRules::q).toList());
    projection.add(array_distinct(array_compact(array(ids))).as(IDS));
    projection.add(array_compact(array(reasons)).as(REASONS));
    Dataset<Row> judged = base.select(projection.toArray(Column[]::new));
    Column[] dataColumns = Arrays.stream(columns).map(DropRules::q).toArray(Column[]::new);
    Dataset<Row> kept = judged.filter(size(col(IDS)).equalTo(0)).select(dataColumns);
    List<Column> quarantine = new ArrayList<>(Arrays.asList(dataColumns));
    quarantine.add(concat_ws("; ", col(IDS)).as(RULE_ID));
    quarantine.add(concat_ws("; ", col(REASONS)).as(REASON));
    quarantine.add(lit(runId).as(RUN_ID));
    quarantine.add(lit(Timestamp.from(at)).as(QUARANTINED_AT));
    Dataset<Row> quarantined = judged.filter(size(col(IDS)).gt(0)).select(quarantine.toArray(Column[]::new));
    return new Judged(judged, kept, quarantined);
  }

  /** An empty quarantine with the data's columns and the quarantine columns (no drop checks). */
  public static Dataset<Row> emptyQuarantine(Dataset<Row> data, String runId, Instant at) {
    return data.filter(lit(false))
        .withColumn(RULE_ID, lit(null).cast(DataTypes.StringType))
        .withColumn(REASON, lit(null).cast(DataTypes.StringType))
        .withColumn(RUN_ID, lit(runId))
        .withColumn(QUARANTINED_AT, lit(Timestamp.from(at)));
  }

  /**
   * Counts, in one Spark job over the judged rows: rows kept, rows quarantined, then rows per rule
   * id (in the order given).
   */
  public static long[] count(Dataset<Row> judged, List<String> ruleIds) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(sum(when(size(col(IDS)).equalTo(0), 1).otherwise(0)));
    aggs.add(sum(when(size(col(IDS)).gt(0), 1).otherwise(0)));
    for (String id : ruleIds) {
      aggs.add(sum(when(array_contains(col(IDS), id), 1).otherwise(0)));
    }
    Row r = judged.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    long[] counts = new long[aggs.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = r.isNullAt(i) ? 0 : r.getLong(i);
    }
    return counts;
  }

  private static List<Violation> violations(CheckSpec c) {
    String id = c.ruleId();
    List<Violation> out = new ArrayList<>();
    if (c.rule() == CheckSpec.Rule.SATISFIES) {
      String p = c.predicate().orElseThrow();
      out.add(new Violation(id, not(coalesce(expr(p), lit(false))), lit(id + ": row does not satisfy " + p)));
      return out;
    }
    boolean several = c.columns().size() > 1;
    for (String column : c.columns()) {
      Column v = q(column);
      String subject = id + ": " + (several ? column + " " : "") + "value ";
      switch (c.rule()) {
        case COMPLETE -> out.add(new Violation(id, v.isNull(), lit(subject + "is null")));
        case NON_NEGATIVE -> out.add(new Violation(id, v.lt(0), concat(lit(subject), text(column), lit(" < 0"))));
        case IN_SET -> out.add(new Violation(id,
            v.isNotNull().and(not(v.cast(DataTypes.StringType).isin(c.values().toArray()))),
            concat(lit(subject + "'"), text(column), lit("' not in {" + String.join(", ", c.values()) + "}"))));
        case PATTERN -> out.add(new Violation(id,
            v.isNotNull().and(not(v.cast(DataTypes.StringType).rlike(c.pattern().orElseThrow()))),
            concat(lit(subject + "'"), text(column), lit("' does not match /" + c.pattern().orElseThrow() + "/"))));
        case RANGE -> {
          Column low = c.min().map(m -> v.lt(m)).orElse(lit(false));
          Column high = c.max().map(m -> v.gt(m)).orElse(lit(false));
          String min = c.min().map(Thresholds::num).orElse("");
          String max = c.max().map(Thresholds::num).orElse("");
          out.add(new Violation(id, low.or(high),
              when(low, concat(lit(subject), text(column), lit(" < " + min)))
                  .otherwise(concat(lit(subject), text(column), lit(" > " + max)))));
        }
        default -> throw new IllegalArgumentException(c.ruleId() + " does not judge single rows");
      }
    }
    return out;
  }

  private static Column text(String column) {
    return coalesce(q(column).cast(DataTypes.StringType), lit("null"));
  }

  static Column q(String column) {
    return col("`" + column.replace("`", "``") + "`");
  }
}
