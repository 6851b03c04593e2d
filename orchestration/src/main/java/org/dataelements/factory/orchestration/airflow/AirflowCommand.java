package org.dataelements.factory.orchestration.airflow;

import picocli.CommandLine.Command;

/** {@code factory airflow}: render the products' DAGs, and trigger and follow them in Airflow. */
@Command(
    name = "airflow",
    mixinStandardHelpOptions = true,
    description = {
      "Run the products under Apache Airflow: `render` writes one DAG file per product from the"
          + " specs (tasks, dependencies, schedule and retries as `factory run` and `factory"
          + " schedule` use them); `trigger`, `status` and `runs` talk to Airflow's REST API"
          + " (/api/v2) at the profile's airflow.url, with the token in AIRFLOW_TOKEN.",
    },
    subcommands = {
      AirflowRenderCommand.class,
    },
    footer = {
      "",
      "Examples:",
      "  factory airflow render --out dags/",
      "  factory airflow render --out dags/ --operator kubernetes",
    })
public final class AirflowCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
