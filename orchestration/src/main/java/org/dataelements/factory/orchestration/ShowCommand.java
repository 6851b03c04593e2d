package org.dataelements.factory.orchestration;

import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "show",
    description =
        "Print a table's rows, optionally as of a version (Delta version; Iceberg snapshot id, branch or tag).")
final class ShowCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  // Not mixinStandardHelpOptions: its --version would clash with time travel's --version.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Parameters(
      index = "0",
      paramLabel = "TABLE",
      description = "SQL name, e.g. lake.electricity_index.monthly_indices.")
  String table;

  @Option(names = "--limit", paramLabel = "N", description = "At most N rows (default 20).")
  int limit = 20;

  @Option(
      names = "--version",
      paramLabel = "V",
      description = "Time travel: Delta version, Iceberg snapshot id, branch or tag.")
  String version;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description = "Output: ${COMPLETION-CANDIDATES} (default table).")
  RowPrinter.Format format = RowPrinter.Format.TABLE;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw CoreErrors.badOption("--limit", Integer.toString(limit), "a number >= 0");
    }
    TableId id = TableId.parse(table);
    Console console = new Console(System.err);
    Lakehouse lakehouse = Sessions.open(global.resolve(), console);
    lakehouse.read(id); // a clear message when the table does not exist
    String asOf = "";
    if (version != null) {
      asOf =
          version.matches("\\d+")
              ? " VERSION AS OF " + version
              : " VERSION AS OF '" + version.replace("'", "") + "'";
    }
    Dataset<Row> rows = lakehouse.spark().sql("SELECT * FROM " + id.sqlName() + asOf).limit(limit);
    RowPrinter.print(rows.schema(), rows.collectAsList(), format, System.out);
    return FactoryMain.OK;
  }
}
