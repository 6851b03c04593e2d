package org.dataelements.factory.orchestration;

import java.util.Optional;
import java.util.OptionalLong;
import org.dataelements.factory.core.CommitResult;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.runtime.Lakehouse;

/**
 * Rows in = rows out + quarantined, with "out" read from the commits: the rows a step produced for
 * an output (before its drop checks) plus the rows it quarantined itself must be the rows the
 * table's commit and its quarantine's commit recorded (Delta's operation metrics, Iceberg's
 * snapshot summary). The two sides are counted by different parties, so a row lost anywhere between
 * the step and the table (a split that drops a row, a write that loses one) shows as a difference;
 * the commits are then taken back and the step fails with both numbers.
 */
final class RowAccounting {
  private RowAccounting() {}

  /**
   * @param produced rows the step produced for the table plus rows of its own quarantine
   * @param ref the branch the commits went to (gold), if any
   * @throws LakehouseException when the commits hold a different number of rows
   */
  static void verify(
      Lakehouse lakehouse,
      String step,
      long produced,
      CommitResult table,
      Optional<CommitResult> quarantine,
      Optional<String> ref) {
    OptionalLong kept = lakehouse.committedRows(table);
    OptionalLong quarantined = quarantine.map(lakehouse::committedRows).orElse(OptionalLong.of(0));
    if (kept.isEmpty() || quarantined.isEmpty()) {
      return; // the format kept no figure (Delta history metrics turned off): nothing to compare
    }
    long committed = kept.getAsLong() + quarantined.getAsLong();
    if (committed == produced) {
      return;
    }
    lakehouse.undo(table, ref);
    quarantine.ifPresent(q -> lakehouse.undo(q, ref));
    throw new LakehouseException(
        "internal error: step "
            + step
            + " produced "
            + produced
            + " rows for "
            + table.table().sqlName()
            + " (its output and its own quarantine) but the commits hold "
            + committed
            + " ("
            + kept.getAsLong()
            + " in "
            + table.table().sqlName()
            + " version "
            + table.version()
            + " + "
            + quarantined.getAsLong()
            + " quarantined); both commits were taken back. Please report this with the run id");
  }
}
