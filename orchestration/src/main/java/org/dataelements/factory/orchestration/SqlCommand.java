package org.dataelements.factory.orchestration;

import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.runtime.Lakehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description =
        "Run Spark SQL over every layer: bronze.<source>__<object>, silver.<domain>__<entity>,"
            + " lake.<product>.<table>, lake.ops.<table>. Rows go to stdout, nothing else does.")
final class SqlCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "SQL", description = "The query.")
  String query;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description =
          "Output: ${COMPLETION-CANDIDATES} (default table); csv is RFC 4180 with a header row, json is JSON Lines.")
  RowPrinter.Format format = RowPrinter.Format.TABLE;

  @Override
  public Integer call() {
    Console console = new Console(System.err);
    Lakehouse lakehouse = Sessions.open(global.resolve(), console);
    Dataset<Row> result = lakehouse.spark().sql(query);
    RowPrinter.print(result.schema(), result.collectAsList(), format, System.out);
    return FactoryMain.OK;
  }
}
