package org.dataelements.factory.orchestration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "sources",
    mixinStandardHelpOptions = true,
    description = "List declared sources and their objects.")
final class SourcesCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description = "Output: ${COMPLETION-CANDIDATES} (default table).")
  RowPrinter.Format format = RowPrinter.Format.TABLE;

  @Override
  public Integer call() {
    Specs specs = Specs.load(global.resolve().confDir());
    StructType schema =
        new StructType()
            .add("source", DataTypes.StringType)
            .add("object", DataTypes.StringType)
            .add("bronze_table", DataTypes.StringType)
            .add("format", DataTypes.StringType)
            .add("path", DataTypes.StringType)
            .add("encoding", DataTypes.StringType)
            .add("description", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (SourceSpec s : specs.sources()) {
      for (ObjectSpec o : s.objects()) {
        rows.add(
            RowFactory.create(
                s.name(),
                o.name(),
                s.bronzeTable(o).sqlName(),
                o.format().label(),
                o.path(),
                o.encoding(),
                o.description().trim()));
      }
    }
    RowPrinter.print(schema, rows, format, System.out);
    return FactoryMain.OK;
  }
}
