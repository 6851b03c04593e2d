package org.dataelements.factory.quality;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.quality.internal.CheckColumns;
import org.dataelements.factory.quality.internal.DropRules;
import org.dataelements.factory.quality.internal.Verification;

/**
 * Runs a table's declared checks: {@link #split} sends the rows that break {@code drop} checks to
 * quarantine in one pass, and {@link #verify} judges the rest of the checks over the kept rows in
 * one Deequ verification.
 */
public final class QualityChecks {
  private QualityChecks() {}

  /**
   * Verifies all checks in one pass (as few scans as Deequ allows), without other tables or metric
   * history (see {@link #verify(TableId, Dataset, List, QualityContext)}). Nothing is thrown for a
   * failed check: see {@link QualityReport#enforce()}.
   *
   * @throws InvalidSpecException when a check names a column the data does not have, before any
   *     Spark job runs
   */
  public static QualityReport verify(TableId table, Dataset<Row> data, List<CheckSpec> checks) {
    return verify(table, data, checks, QualityContext.standalone());
  }

  /**
   * Verifies all checks: Deequ's constraints, {@code freshness} (against {@code context.now()}),
   * {@code referential} (reading the reference through {@code context.tables()}) and {@code
   * anomaly} (against {@code context.history()}) run as one Deequ verification; each calendar-aware
   * anomaly period column adds one grouped job, and a failing referential check one job for its
   * example values. An anomaly check without enough history passes with a note. The outcomes of
   * {@code drop} checks are taken from {@code context.split()} when given (else they are verified
   * like {@code warn} checks). The report carries the number of Spark jobs taken.
   *
   * @throws InvalidSpecException when a check names a column the data (or a reference table) does
   *     not have, or a reference table that cannot be read, before any Spark job runs
   */
  public static QualityReport verify(
      TableId table, Dataset<Row> data, List<CheckSpec> checks, QualityContext context) {
    return Verification.run(table, data, checks, context);
  }

  /**
   * Splits the rows by the table's {@code drop} checks (the other checks are ignored here), lazily:
   * one projection marks the rules each row breaks (a {@code referential} drop check joins the
   * reference's distinct values, read through {@code tables} by SQL name, first), and kept and
   * quarantined rows are its two filters. Reasons name rule, column and value, e.g. {@code
   * non_negative(consumption_kwh): value -3.2 < 0}.
   *
   * @throws InvalidSpecException when any check names a column the data (or a reference table) does
   *     not have, or a reference table that cannot be read, before any Spark job runs
   */
  public static QualitySplit split(
      TableId table,
      Dataset<Row> data,
      List<CheckSpec> checks,
      String runId,
      Function<String, Dataset<Row>> tables) {
    CheckColumns.validate(table, data.schema(), checks, tables);
    Instant now = Instant.now();
    List<CheckSpec> drops =
        checks.stream().filter(c -> c.severity() == CheckSpec.Severity.DROP).toList();
    if (drops.isEmpty()) {
      return new QualitySplit(
          table, data, DropRules.emptyQuarantine(data, runId, now), Optional.empty(), drops, now);
    }
    DropRules.Judged j = DropRules.judge(data, drops, runId, now, tables);
    return new QualitySplit(table, j.kept(), j.quarantined(), Optional.of(j.judged()), drops, now);
  }
}
