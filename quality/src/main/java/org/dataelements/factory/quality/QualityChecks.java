package org.dataelements.factory.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.quality.internal.deequ.DeequVerifier;

/** Runs a table's declared checks over a dataset in one Deequ verification. */
public final class QualityChecks {
  private QualityChecks() {}

  /**
   * Verifies all checks in one pass (as few scans as Deequ allows). Nothing is thrown for a failed
   * check: see {@link QualityReport#enforce()}.
   *
   * @throws InvalidSpecException when a check names a column the data does not have, before any
   *     Spark job runs
   */
  public static QualityReport verify(TableId table, Dataset<Row> data, List<CheckSpec> checks) {
    Set<String> columns = new TreeSet<>();
    Arrays.stream(data.columns()).forEach(c -> columns.add(c.toLowerCase(Locale.ROOT)));
    List<String> problems = new ArrayList<>();
    for (CheckSpec c : checks) {
      for (String col : c.columns()) {
        if (!columns.contains(col.toLowerCase(Locale.ROOT))) {
          problems.add(
              "check "
                  + c.ruleId()
                  + " of "
                  + table.sqlName()
                  + " names column '"
                  + col
                  + "', which the table does not have; its columns are: "
                  + String.join(", ", data.columns()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    if (checks.isEmpty()) {
      return QualityReport.empty(table);
    }
    return DeequVerifier.run(table, data, checks);
  }
}
