package org.dataelements.factory.orchestration.airflow;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dataelements.factory.airflow.client.model.DAGRunResponse;
import org.dataelements.factory.airflow.client.model.TaskInstanceResponse;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.orchestration.Console;
import org.dataelements.factory.orchestration.FactoryMain;
import org.dataelements.factory.orchestration.GlobalOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factory airflow trigger|status|runs PRODUCT}, through Airflow's REST API. */
final class AirflowRunCommands {
  private AirflowRunCommands() {}

  static final String CONNECTION =
      "Airflow is reached at the profile's airflow.url (conf/<profile>.yaml) with the token in the"
          + " environment variable AIRFLOW_TOKEN (never on the command line). Exit codes: 0 done;"
          + " 1 Airflow refused or failed (bad token, no such DAG, a run that exists, server errors"
          + " or no connection after 3 attempts); 2 bad usage, no URL or no token.";

  private static PrintStream out() {
    return new PrintStream(System.out, true, StandardCharsets.UTF_8);
  }

  private static String checked(String product) {
    if (!DagFiles.isValidName(product)) {
      throw AirflowErrors.badProduct(product);
    }
    return product;
  }

  private static String time(OffsetDateTime t) {
    return t == null ? "-" : t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static String text(Object o) {
    return o == null ? "-" : o.toString();
  }

  @Command(
      name = "trigger",
      mixinStandardHelpOptions = true,
      description = {
        "Start a run of PRODUCT's DAG in Airflow now (logical date = now, UTC) and print its run id"
            + " and state. --param sets a DAG param for this run only (e.g. --param"
            + " landing=s3a://bucket/landing/2026-12).",
        "",
        CONNECTION
      })
  static final class Trigger implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "PRODUCT", description = "The product (= DAG id).")
    String product;

    @Option(
        names = "--param",
        paramLabel = "KEY=VALUE",
        description =
            "A DAG param for this run (repeatable): jar, profile, warehouse, conf, landing.")
    List<String> params = new ArrayList<>();

    @Override
    public Integer call() {
      checked(product);
      Map<String, Object> conf = new LinkedHashMap<>();
      for (String p : params) {
        int eq = p.indexOf('=');
        if (eq < 1) {
          throw CoreErrors.badOption("--param", p, "KEY=VALUE, e.g. landing=s3a://bucket/landing");
        }
        conf.put(p.substring(0, eq), p.substring(eq + 1));
      }
      AirflowApi api = AirflowApi.of(global.resolve());
      DAGRunResponse run = api.trigger(product, conf);
      new Console(System.err).step("triggered " + product + " in Airflow at " + api.host());
      out().println("run_id: " + text(run.getDagRunId()));
      out().println("state: " + text(run.getState()));
      out().println("logical_date: " + time(run.getLogicalDate()));
      return FactoryMain.OK;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "The state of PRODUCT's latest DAG run in Airflow and of each of its tasks (ingest, the"
            + " silver steps, the gold unit).",
        "",
        CONNECTION
      })
  static final class Status implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "PRODUCT", description = "The product (= DAG id).")
    String product;

    @Override
    public Integer call() {
      checked(product);
      AirflowApi api = AirflowApi.of(global.resolve());
      List<DAGRunResponse> runs = api.runs(product, 1);
      PrintStream out = out();
      if (runs.isEmpty()) {
        new Console(System.err)
            .step(
                "no runs of "
                    + product
                    + " in Airflow yet; start one: factory airflow trigger "
                    + product);
        return FactoryMain.OK;
      }
      DAGRunResponse run = runs.get(0);
      out.println(
          "run "
              + text(run.getDagRunId())
              + ": "
              + text(run.getState())
              + " (started "
              + time(run.getStartDate())
              + ", ended "
              + time(run.getEndDate())
              + ")");
      List<TaskInstanceResponse> tasks =
          new ArrayList<>(api.taskInstances(product, run.getDagRunId()));
      tasks.sort(
          Comparator.comparing(
                  (TaskInstanceResponse t) -> t.getStartDate(),
                  Comparator.nullsLast(Comparator.naturalOrder()))
              .thenComparing(t -> text(t.getTaskId())));
      out.println(
          String.format(Locale.ROOT, "%-45s %-18s %5s  %s", "task", "state", "try", "started"));
      for (TaskInstanceResponse t : tasks) {
        out.println(
            String.format(
                Locale.ROOT,
                "%-45s %-18s %5s  %s",
                text(t.getTaskId()),
                text(t.getState()),
                text(t.getTryNumber()),
                time(t.getStartDate())));
      }
      return FactoryMain.OK;
    }
  }

  @Command(
      name = "runs",
      mixinStandardHelpOptions = true,
      description = {"PRODUCT's recent DAG runs in Airflow, newest first.", "", CONNECTION})
  static final class Runs implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "PRODUCT", description = "The product (= DAG id).")
    String product;

    @Option(names = "--limit", paramLabel = "N", description = "How many runs (default 10).")
    int limit = 10;

    @Override
    public Integer call() {
      checked(product);
      if (limit < 1 || limit > 1000) {
        throw CoreErrors.badOption("--limit", Integer.toString(limit), "a number from 1 to 1000");
      }
      AirflowApi api = AirflowApi.of(global.resolve());
      List<DAGRunResponse> runs = new ArrayList<>(api.runs(product, limit));
      runs.sort(
          Comparator.comparing(
              (DAGRunResponse r) -> r.getRunAfter(),
              Comparator.nullsLast(Comparator.reverseOrder())));
      PrintStream out = out();
      String fmt = "%-50s %-10s %-12s %-26s %-26s %s";
      out.println(
          String.format(
              Locale.ROOT, fmt, "run_id", "state", "run_type", "run_after", "started", "ended"));
      for (DAGRunResponse r : runs) {
        out.println(
            String.format(
                Locale.ROOT,
                fmt,
                text(r.getDagRunId()),
                text(r.getState()),
                text(r.getRunType()),
                time(r.getRunAfter()),
                time(r.getStartDate()),
                time(r.getEndDate())));
      }
      return FactoryMain.OK;
    }
  }
}
