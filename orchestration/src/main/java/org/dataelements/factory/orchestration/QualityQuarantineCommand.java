package org.dataelements.factory.orchestration;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description =
        "What was quarantined from a table: rows per rule (silver: rule_id; bronze: reason) with an"
            + " example, then the first rows of <table>__quarantine.")
final class QualityQuarantineCommand implements Callable<Integer> {
  private static final StructType EMPTY_COUNTS =
      new StructType()
          .add(QualityCommands.RULE_ID, DataTypes.StringType)
          .add(QualityCommands.ROWS, DataTypes.LongType)
          .add(QualityCommands.EXAMPLE, DataTypes.StringType);

  @Mixin GlobalOptions global;

  @Parameters(
      index = "0",
      paramLabel = "TABLE",
      description = "SQL name, e.g. silver.power__consumption_monthly.")
  String table;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Show the first N quarantined rows (default 10).")
  int limit = 10;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw CoreErrors.badOption("--limit", Integer.toString(limit), "a number >= 0");
    }
    FactoryConfig config = global.resolve();
    TableId id = TableId.parse(table);
    Console console = new Console(System.err);
    Lakehouse lakehouse = Sessions.openForBuild(config, console);
    return quarantine(lakehouse, id, limit, System.out, console);
  }

  /** Prints the counts and the first rows; returns the exit code. */
  static int quarantine(
      Lakehouse lakehouse, TableId id, int limit, PrintStream out, Console console) {
    TableId q = id.quarantine();
    Optional<Dataset<Row>> counts = QualityCommands.quarantineCounts(lakehouse, id);
    if (counts.isEmpty()) {
      if (!lakehouse.exists(id)) {
        throw QualityCommandErrors.tableNotFound(id, lakehouse.config().warehouse());
      }
      console.step(
          id + " has no quarantine (" + q + " does not exist): no row of it has been quarantined");
      RowPrinter.print(EMPTY_COUNTS, List.of(), RowPrinter.Format.TABLE, out);
      return FactoryMain.OK;
    }
    List<Row> byRule = counts.get().collectAsList();
    long total = byRule.stream().mapToLong(r -> r.<Long>getAs(QualityCommands.ROWS)).sum();
    out.println(
        "Quarantined rows of "
            + id
            + " by "
            + counts.get().columns()[0]
            + " ("
            + total
            + " in all):");
    RowPrinter.print(counts.get().schema(), byRule, RowPrinter.Format.TABLE, out);
    Dataset<Row> first = lakehouse.read(q).limit(limit);
    out.println();
    out.println("First " + limit + " rows of " + q + ":");
    RowPrinter.print(first.schema(), first.collectAsList(), RowPrinter.Format.TABLE, out);
    return FactoryMain.OK;
  }
}
