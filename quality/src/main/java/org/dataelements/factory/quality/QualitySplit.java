package org.dataelements.factory.quality;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.quality.internal.DropRules;
import org.dataelements.factory.quality.internal.QualityErrors;
import org.dataelements.factory.quality.internal.Thresholds;

/**
 * A table's rows split by its {@code drop} checks: {@code kept} go on to the table, {@code
 * quarantined} (the row's columns plus {@code rule_id}, {@code reason}, {@code run_id}, {@code
 * quarantined_at}; a row breaking several rules appears once, listing them all, separated by {@code
 * "; "}) go to its quarantine. Both are filters of {@code judged}, which a caller may cache so that
 * they are computed once. Without drop checks, {@code kept} is the data itself, {@code quarantined}
 * is empty and {@code judged} is empty.
 */
public record QualitySplit(
    TableId table,
    Dataset<Row> kept,
    Dataset<Row> quarantined,
    Optional<Dataset<Row>> judged,
    List<CheckSpec> dropChecks,
    Instant quarantinedAt) {
  public QualitySplit {
    requireNonNull(table, "table is null");
    requireNonNull(kept, "kept is null");
    requireNonNull(quarantined, "quarantined is null");
    requireNonNull(judged, "judged is null");
    dropChecks = List.copyOf(dropChecks);
    requireNonNull(quarantinedAt, "quarantinedAt is null");
  }

  public boolean hasDropChecks() {
    return !dropChecks.isEmpty();
  }

  /**
   * Counts kept and quarantined rows and the rows each drop check quarantined, in one Spark job (no
   * job without drop checks), and checks that no row was lost or duplicated.
   *
   * @param rowsIn the number of rows of the data that was split
   * @throws org.dataelements.factory.core.LakehouseException (an internal error) when kept +
   *     quarantined is not {@code rowsIn}
   */
  public SplitCounts count(long rowsIn) {
    if (judged.isEmpty()) {
      return new SplitCounts(rowsIn, rowsIn, 0, Map.of(), List.of());
    }
    List<String> ids = dropChecks.stream().map(CheckSpec::ruleId).distinct().toList();
    long[] c = DropRules.count(judged.get(), ids);
    long kept = c[0];
    long dropped = c[1];
    if (kept + dropped != rowsIn) {
      throw QualityErrors.rowsNotConserved(table, rowsIn, kept, dropped);
    }
    Map<String, Long> perRule = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      perRule.put(ids.get(i), c[2 + i]);
    }
    List<ConstraintOutcome> outcomes = new ArrayList<>();
    for (CheckSpec check : dropChecks) {
      long n = perRule.get(check.ruleId());
      outcomes.add(
          new ConstraintOutcome(
              check,
              n == 0 ? ConstraintOutcome.Status.PASSED : ConstraintOutcome.Status.WARNED,
              n + " of " + rowsIn + " rows quarantined",
              Thresholds.of(check),
              n == 0 ? "" : "rows that break it went to " + table.quarantine().sqlName()));
    }
    return new SplitCounts(rowsIn, kept, dropped, perRule, outcomes);
  }

  /**
   * The quarantined rows together with a step's own quarantine (by column name; columns missing on
   * either side are null; a column typed differently on the two sides becomes a string; rows
   * without {@code quarantined_at} get this split's time).
   */
  public Dataset<Row> quarantineWith(Dataset<Row> stepQuarantine) {
    Dataset<Row> own = stepQuarantine;
    if (field(own, DropRules.QUARANTINED_AT).isEmpty()) {
      own = own.withColumn(DropRules.QUARANTINED_AT, lit(Timestamp.from(quarantinedAt)));
    }
    Dataset<Row> ours = quarantined;
    for (StructField f : own.schema().fields()) {
      Optional<StructField> other = field(ours, f.name());
      if (other.isPresent() && !other.get().dataType().equals(f.dataType())) {
        own = own.withColumn(f.name(), col(quote(f.name())).cast(DataTypes.StringType));
        ours =
            ours.withColumn(
                other.get().name(), col(quote(other.get().name())).cast(DataTypes.StringType));
      }
    }
    return own.unionByName(ours, true);
  }

  private static Optional<StructField> field(Dataset<Row> d, String name) {
    return Arrays.stream(d.schema().fields())
        .filter(f -> f.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
