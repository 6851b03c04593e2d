package org.dataelements.factory.orchestration.airflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.orchestration.Console;
import org.dataelements.factory.orchestration.FactoryMain;
import org.dataelements.factory.orchestration.GlobalOptions;
import org.dataelements.factory.orchestration.graph.StepGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Write one Airflow DAG file per product, <product>.py, into --out, from the specs under"
          + " --conf. Each DAG has an `ingest` task (factory ingest of the sources the product"
          + " reads), a task per silver step it needs (factory run --step silver:…) and one task"
          + " for its gold tables (factory run --step gold:<product>, one release candidate),"
          + " ordered as the step graph orders them; schedule, time zone, retries and retry delay"
          + " come from the product spec.",
      "",
      "The files import only airflow (Task SDK, Airflow 3), its Spark or Kubernetes provider,"
          + " pendulum and datetime. The jar, profile, warehouse, conf folder and landing root are"
          + " DAG params with defaults (jar /opt/factory/factory-thin.jar, profile cluster; the"
          + " warehouse of the profile when it is remote), changeable per run in Airflow.",
    })
final class AirflowRenderCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder for the DAG files (created if missing; files there are overwritten).")
  Path out;

  @Option(
      names = "--operator",
      paramLabel = "OP",
      description =
          "spark_submit (default: SparkSubmitOperator, spark-submit through an Airflow Spark"
              + " connection) or kubernetes (SparkKubernetesOperator: a SparkApplication per task"
              + " for the Spark operator on Kubernetes).")
  String operator = "spark_submit";

  @Override
  public Integer call() {
    Console console = new Console(System.err);
    DagRenderer.Operator op =
        DagRenderer.Operator.of(operator)
            .orElseThrow(
                () -> CoreErrors.badOption("--operator", operator, "spark_submit or kubernetes"));
    Path dir = out.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw CoreErrors.badOption("--out", out.toString(), "a folder (this is a file)");
    }
    FactoryConfig config = global.resolve();
    Specs specs = Specs.load(config.confDir());
    StepGraph graph = StepGraph.load(specs);
    List<DagPlan> plans = new ArrayList<>();
    for (ProductSpec p : specs.products()) {
      if (!DagFiles.isValidName(p.name())) {
        throw CoreErrors.badOption(
            "product",
            p.name(),
            "a DAG id of lowercase letters, digits and '_' (" + p.origin() + ")");
      }
      DagPlan.of(graph, p)
          .ifPresentOrElse(
              plans::add, () -> console.step(p.name() + ": no step builds it yet, no DAG written"));
    }
    DagRenderer renderer = new DagRenderer(op, DagFiles.defaults(config));
    try {
      Files.createDirectories(dir);
      for (DagPlan plan : plans) {
        Path file = DagFiles.file(dir, plan.product().name());
        Files.writeString(file, renderer.render(plan), StandardCharsets.UTF_8);
        console.step(
            "wrote "
                + file
                + ": "
                + plan.tasks().size()
                + " task(s), schedule "
                + plan.product().run().schedule().orElse("none"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the DAG files under " + dir, e);
    }
    return FactoryMain.OK;
  }
}
