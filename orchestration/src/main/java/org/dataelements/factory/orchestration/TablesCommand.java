package org.dataelements.factory.orchestration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.Layer;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description = "List every table by layer with its format and row count.")
final class TablesCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description = "Output: ${COMPLETION-CANDIDATES} (default table).")
  RowPrinter.Format format = RowPrinter.Format.TABLE;

  @Override
  public Integer call() {
    Console console = new Console(System.err);
    Lakehouse lakehouse = Sessions.open(global.resolve(), console);
    List<TableId> tables = new ArrayList<>(lakehouse.deltaTables());
    for (Row ns :
        lakehouse.spark().sql("SHOW NAMESPACES IN " + TableId.ICEBERG_CATALOG).collectAsList()) {
      String namespace = ns.getString(0);
      for (Row t :
          lakehouse
              .spark()
              .sql("SHOW TABLES IN " + TableId.ICEBERG_CATALOG + "." + namespace)
              .collectAsList()) {
        Layer layer = namespace.equals("ops") ? Layer.OPS : Layer.GOLD;
        tables.add(TableId.of(layer, namespace, t.getString(1)));
      }
    }
    StructType schema =
        new StructType()
            .add("table", DataTypes.StringType)
            .add("layer", DataTypes.StringType)
            .add("format", DataTypes.StringType)
            .add("rows", DataTypes.LongType);
    List<Row> rows = new ArrayList<>();
    for (TableId t : tables) {
      long count = lakehouse.read(t).count();
      rows.add(RowFactory.create(t.sqlName(), t.layer().label(), t.format().label(), count));
    }
    RowPrinter.print(schema, rows, format, System.out);
    return FactoryMain.OK;
  }
}
