package org.dataelements.factory.orchestration;

import java.nio.file.Path;
import java.util.List;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableNotFoundException;

/**
 * The user errors of the {@code factory quality} commands; each message says problem, value and
 * fix.
 */
final class QualityCommandErrors {
  private QualityCommandErrors() {}

  static InvalidSpecException noChecksDeclared(
      TableId table, Path confDir, List<String> declaring) {
    return new InvalidSpecException(
        List.of(
            "table "
                + table.sqlName()
                + " declares no checks under "
                + confDir
                + (declaring.isEmpty()
                    ? "; no table does yet: add a `checks:` list to a table in tables/*.yaml or"
                        + " products/*.yaml"
                    : "; tables that declare checks: "
                        + String.join(", ", declaring)
                        + ". Pick one of those, or add a `checks:` list to the table's spec"
                        + " (`factory quality suggest "
                        + table.sqlName()
                        + "` drafts one)")));
  }

  static TableNotFoundException tableNotFound(TableId table, String warehouse) {
    return new TableNotFoundException(
        table.sqlName(),
        "table "
            + table.sqlName()
            + " does not exist in warehouse "
            + warehouse
            + "; check the name with `factory tables`");
  }

  static TableNotFoundException nothingRecorded(TableId table, String warehouse) {
    return new TableNotFoundException(
        table.sqlName(),
        "table "
            + table.sqlName()
            + " does not exist in warehouse "
            + warehouse
            + " and no quality results or metrics are recorded for it; check the name with"
            + " `factory tables`");
  }
}
