package org.dataelements.factory.orchestration;

import java.util.List;
import java.util.Optional;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableNotFoundException;
import org.dataelements.factory.orchestration.charts.IndexChart;

/**
 * The user errors of the {@code factory index} commands; each message says problem, value and fix.
 */
final class IndexCommandErrors {
  private IndexCommandErrors() {}

  static TableNotFoundException tableMissing(TableId table, String warehouse) {
    return new TableNotFoundException(
        table.sqlName(),
        "table "
            + table.sqlName()
            + " does not exist in warehouse "
            + warehouse
            + "; run `factory run` first to build the electricity index");
  }

  static InvalidSpecException unknownRegion(
      String region, TableId table, Optional<String> version, List<IndexChart.Region> regions) {
    return new InvalidSpecException(
        List.of(
            "option --region '"
                + region
                + "' matches no region code or name in "
                + where(table, version)
                + (regions.isEmpty()
                    ? "; it has no rows there: run `factory run` to build it"
                    : "; use one of (code name, case-insensitive): " + list(regions))));
  }

  static InvalidSpecException ambiguousRegion(
      String region, TableId table, Optional<String> version, List<IndexChart.Region> matches) {
    return new InvalidSpecException(
        List.of(
            "option --region '"
                + region
                + "' names "
                + matches.size()
                + " regions in "
                + where(table, version)
                + ": "
                + list(matches)
                + "; pass the region code instead"));
  }

  static InvalidSpecException unknownVersion(
      TableId table, String version, List<String> branches, List<String> tags) {
    return new InvalidSpecException(
        List.of(
            "option --version '"
                + version
                + "' is not a branch, tag or snapshot id of "
                + table.sqlName()
                + "; branches: "
                + (branches.isEmpty() ? "(none)" : String.join(", ", branches))
                + "; tags: "
                + (tags.isEmpty() ? "(none)" : String.join(", ", tags))
                + ". Leave --version out to read main"));
  }

  static DataInputException missingColumns(
      TableId table, Optional<String> version, List<String> missing) {
    return new DataInputException(
        where(table, version)
            + " lacks the column(s) "
            + String.join(", ", missing)
            + " that the chart needs; rebuild it with `factory run`, or chart a newer version");
  }

  private static String where(TableId table, Optional<String> version) {
    return table.sqlName() + version.map(v -> " (version " + v + ")").orElse(" (main)");
  }

  private static String list(List<IndexChart.Region> regions) {
    return String.join(", ", regions.stream().map(IndexChart.Region::toString).toList());
  }
}
