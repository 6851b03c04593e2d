package org.dataelements.factory.quality.internal;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
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
 * The row-level judgement of {@code drop} checks: one column per rule and column says whether a row
 * violates it, and one projection collects the ids and reasons of every rule a row violates, so
 * that kept and quarantined rows are two filters of the same judged rows.
 */
public final class DropRules {
  public static final String RULE_ID = "rule_id";
  public static final String REASON = "reason";
  public static final String RUN_ID = "run_id";
  public static final String QUARANTINED_AT = "quarantined_at";
  private static final String VIOLATES = "__dq_v::";
  private static final String BAD = "__dq_bad";

  private DropRules() {}

  /**
   * The judged rows (data columns plus the violated rule ids and reasons) and their two filters.
   */
  public record Judged(Dataset<Row> judged, Dataset<Row> kept, Dataset<Row> quarantined) {}

  private record Violation(String ruleId, Column violates, Column reason) {}

  /** Judges every row against the drop checks (at least one) in one projection. */
  public static Judged judge(
      Dataset<Row> data,
      List<CheckSpec> drops,
      String runId,
      Instant at,
      Function<String, Dataset<Row>> tables) {
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
        violations.add(
            new Violation(
                c.ruleId(),
                q(column).isNotNull().and(col(ref).isNull()),
                concat(
                    lit(c.ruleId() + ": value '"),
                    text(column),
                    lit("' not in " + r.table() + "." + r.column()))));
      } else {
        violations.addAll(violations(c));
      }
    }
    // The judged rows carry one boolean per violation and their OR; ids and reasons (strings and
    // arrays, costly on every row) are built only for the quarantined rows.
    List<Column> projection = new ArrayList<>(Arrays.stream(columns).map(DropRules::q).toList());
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < violations.size(); i++) {
      String flag = VIOLATES + violations.get(i).ruleId() + "::" + i;
      flags.add(flag);
      projection.add(coalesce(violations.get(i).violates(), lit(false)).as(flag));
    }
    Dataset<Row> flagged = base.select(projection.toArray(Column[]::new));
    Column anyViolation = lit(false);
    for (String f : flags) {
      anyViolation = anyViolation.or(q(f));
    }
    Dataset<Row> judged = flagged.withColumn(BAD, anyViolation);
    Column[] dataColumns = Arrays.stream(columns).map(DropRules::q).toArray(Column[]::new);
    Dataset<Row> kept = judged.filter(not(col(BAD))).select(dataColumns);
    Column[] ids = new Column[violations.size()];
    Column[] reasons = new Column[violations.size()];
    for (int i = 0; i < violations.size(); i++) {
      ids[i] = when(q(flags.get(i)), lit(violations.get(i).ruleId()));
      reasons[i] = when(q(flags.get(i)), violations.get(i).reason());
    }
    List<Column> quarantine = new ArrayList<>(Arrays.asList(dataColumns));
    quarantine.add(concat_ws("; ", array_distinct(array_compact(array(ids)))).as(RULE_ID));
    quarantine.add(concat_ws("; ", array_compact(array(reasons))).as(REASON));
    quarantine.add(lit(runId).as(RUN_ID));
    quarantine.add(lit(Timestamp.from(at)).as(QUARANTINED_AT));
    Dataset<Row> quarantined = judged.filter(col(BAD)).select(quarantine.toArray(Column[]::new));
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
    aggs.add(sum(when(col(BAD), 0).otherwise(1)));
    aggs.add(sum(when(col(BAD), 1).otherwise(0)));
    for (String id : ruleIds) {
      Column broken = lit(false);
      for (String c : judged.columns()) {
        if (c.startsWith(VIOLATES + id + "::")) {
          broken = broken.or(q(c));
        }
      }
      aggs.add(sum(when(broken, 1).otherwise(0)));
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
      out.add(
          new Violation(
              id, not(coalesce(expr(p), lit(false))), lit(id + ": row does not satisfy " + p)));
      return out;
    }
    boolean several = c.columns().size() > 1;
    for (String column : c.columns()) {
      Column v = q(column);
      String subject = id + ": " + (several ? column + " " : "") + "value ";
      switch (c.rule()) {
        case COMPLETE -> out.add(new Violation(id, v.isNull(), lit(subject + "is null")));
        case NON_NEGATIVE ->
            out.add(new Violation(id, v.lt(0), concat(lit(subject), text(column), lit(" < 0"))));
        case IN_SET ->
            out.add(
                new Violation(
                    id,
                    v.isNotNull().and(not(v.cast(DataTypes.StringType).isin(c.values().toArray()))),
                    concat(
                        lit(subject + "'"),
                        text(column),
                        lit("' not in {" + String.join(", ", c.values()) + "}"))));
        case PATTERN ->
            out.add(
                new Violation(
                    id,
                    v.isNotNull()
                        .and(not(v.cast(DataTypes.StringType).rlike(c.pattern().orElseThrow()))),
                    concat(
                        lit(subject + "'"),
                        text(column),
                        lit("' does not match /" + c.pattern().orElseThrow() + "/"))));
        case RANGE -> {
          Column low = c.min().map(m -> v.lt(m)).orElse(lit(false));
          Column high = c.max().map(m -> v.gt(m)).orElse(lit(false));
          String min = c.min().map(Thresholds::num).orElse("");
          String max = c.max().map(Thresholds::num).orElse("");
          out.add(
              new Violation(
                  id,
                  low.or(high),
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
