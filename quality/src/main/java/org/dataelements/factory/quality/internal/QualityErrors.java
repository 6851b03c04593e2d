package org.dataelements.factory.quality.internal;

import java.util.List;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.TableId;

/** The quality module's exceptions (STYLE §6). */
public final class QualityErrors {
  private QualityErrors() {}

  /**
   * Checks that name columns or tables the data does not have; each problem names check and table.
   */
  public static InvalidSpecException badChecks(List<String> problems) {
    return new InvalidSpecException(problems);
  }

  /**
   * The drop split lost or duplicated rows: an internal error (a bug in the split, not the user's
   * data), so its stack trace is logged.
   */
  public static LakehouseException rowsNotConserved(
      TableId table, long rowsIn, long kept, long dropped) {
    return new LakehouseException(
        "internal error: the drop checks of "
            + table.sqlName()
            + " did not conserve rows: "
            + rowsIn
            + " rows in, but "
            + kept
            + " kept + "
            + dropped
            + " quarantined = "
            + (kept + dropped)
            + "; nothing was written. Please report this with the table's checks");
  }

  /** A referential check was verified without a way to read its reference table. */
  public static LakehouseException noTableReader(String table) {
    return new LakehouseException(
        "internal error: a referential check needs table "
            + table
            + " but no table reader was given; verify through QualityChecks.verify(..., QualityContext)");
  }
}
