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
      AirflowRunCommands.Trigger.class,
      AirflowRunCommands.Status.class,
      AirflowRunCommands.Runs.class,
    },
    footer = {
      "",
      "Examples:",
      "  factory airflow render --out dags/",
      "  factory airflow render --out dags/ --operator kubernetes",
      "  AIRFLOW_TOKEN=… factory airflow trigger electricity_index --profile cluster",
      "  AIRFLOW_TOKEN=… factory airflow status electricity_index --profile cluster",
      "  AIRFLOW_TOKEN=… factory airflow runs electricity_index --limit 20 --profile cluster",
    })
public final class AirflowCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
