package org.dataelements.factory.orchestration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.lineage.LineageEmitter;
import org.dataelements.factory.orchestration.graph.StepGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "What `factory run` would do and why, without doing it: ingest and every step in order, run or"
            + " skip, and the reason (new or changed files, a changed spec, code or reference file, a stale"
            + " input, a missing input, nothing changed). Reads table versions and the ingest manifest only.")
final class PlanCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(
      names = "--product",
      paramLabel = "P",
      description = "Plan only what this product needs (repeatable).")
  List<String> products = new ArrayList<>();

  @Option(
      names = "--landing",
      paramLabel = "DIR|URI",
      description = "Landing root (default: <warehouse>/landing, with the sample data).")
  String landing;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description = "table (default) or json (an array).")
  String format = "table";

  @Override
  public Integer call() {
    Console console = new Console(System.err);
    if (!format.equals("table") && !format.equals("json")) {
      throw CoreErrors.badOption("--format", format, "table or json");
    }
    FactoryConfig config = global.resolve();
    Specs specs = Specs.load(config.confDir());
    StepGraph graph = StepGraph.load(specs, PseudonymKeys.environment(config, System.getenv()));
    for (String p : products) {
      if (specs.product(p).isEmpty()) {
        throw CoreErrors.badOption(
            "--product", p, "one of " + specs.products().stream().map(x -> x.name()).toList());
      }
    }
    List<Step> selected = graph.forProducts(products);
    List<SourceSpec> sources = products.isEmpty() ? specs.sources() : graph.sourcesFor(selected);
    LandingRoot root = RunCommand.landingRoot(config, landing, console);
    Lakehouse lakehouse = Sessions.openForBuild(config, console);
    OpsTables ops = new OpsTables(lakehouse);
    ops.ensureAll();
    StepRunner runner =
        new StepRunner(
            lakehouse,
            ops,
            new LineageEmitter(config.warehouse(), new Configuration()),
            Pipeline.checksOf(specs),
            Pipeline.propertiesOf(specs));
    List<Plan.Entry> plan = Plan.of(lakehouse, runner, sources, root, selected);
    if (format.equals("json")) {
      printJson(plan);
    } else {
      StructType schema =
          new StructType()
              .add("step", DataTypes.StringType)
              .add("action", DataTypes.StringType)
              .add("reason", DataTypes.StringType);
      List<Row> rows =
          plan.stream()
              .map(e -> RowFactory.create(e.step(), e.action().label(), e.reason()))
              .toList();
      RowPrinter.print(schema, rows, RowPrinter.Format.TABLE, System.out);
    }
    long runs = plan.stream().filter(e -> e.action() == Plan.Action.RUN).count();
    console.step(
        runs + " of " + plan.size() + " step(s) would run (planned at " + Instant.now() + ")");
    return FactoryMain.OK;
  }

  private static void printJson(List<Plan.Entry> plan) {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var array = mapper.createArrayNode();
    for (Plan.Entry e : plan) {
      var o = array.addObject();
      o.put("step", e.step());
      o.put("action", e.action().label());
      o.put("reason", e.reason());
      var ins = o.putArray("inputs");
      e.inputs().forEach(ins::add);
      var outs = o.putArray("outputs");
      e.outputs().forEach(outs::add);
    }
    try {
      System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
