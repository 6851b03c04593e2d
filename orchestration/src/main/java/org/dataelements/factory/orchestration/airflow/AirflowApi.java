package org.dataelements.factory.orchestration.airflow;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dataelements.factory.airflow.client.ApiClient;
import org.dataelements.factory.airflow.client.ApiException;
import org.dataelements.factory.airflow.client.api.DagRunApi;
import org.dataelements.factory.airflow.client.api.TaskInstanceApi;
import org.dataelements.factory.airflow.client.model.DAGRunResponse;
import org.dataelements.factory.airflow.client.model.TaskInstanceResponse;
import org.dataelements.factory.airflow.client.model.TriggerDAGRunPostBody;
import org.dataelements.factory.core.FactoryConfig;

/**
 * The calls {@code factory airflow} makes through the generated client: the Bearer token on every
 * request (never logged), a bounded retry with doubling waits for 5xx answers and I/O failures, and
 * Airflow's refusals turned into one-line errors.
 */
final class AirflowApi {
  static final String TOKEN_ENV = "AIRFLOW_TOKEN";
  static final int ATTEMPTS = 3;

  /**
   * Test hooks: the environment, extra request headers (e.g. Prism's Prefer) and the first wait.
   */
  static volatile Map<String, String> environment = System.getenv();

  static volatile Map<String, String> extraHeaders = Map.of();
  static volatile Duration firstBackoff = Duration.ofSeconds(1);

  private final String host;
  private final DagRunApi dagRuns;
  private final TaskInstanceApi taskInstances;

  private AirflowApi(URI base, String token, Duration timeout) {
    this.host = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
    Map<String, String> headers = Map.copyOf(extraHeaders);
    ApiClient client =
        new ApiClient(
            HttpClient.newBuilder().connectTimeout(timeout),
            ApiClient.createDefaultObjectMapper(),
            base.toString().replaceAll("/+$", ""));
    client.setReadTimeout(timeout);
    client.setRequestInterceptor(
        b -> {
          b.header("Authorization", "Bearer " + token);
          headers.forEach(b::header);
        });
    this.dagRuns = new DagRunApi(client);
    this.taskInstances = new TaskInstanceApi(client);
  }

  /**
   * The API of the profile's {@code airflow.url} with the token of {@code AIRFLOW_TOKEN}.
   *
   * @throws org.dataelements.factory.core.InvalidSpecException when either is missing
   */
  static AirflowApi of(FactoryConfig config) {
    String url = config.airflow().url().orElseThrow(() -> AirflowErrors.noUrl(config.profile()));
    String token = Optional.ofNullable(environment.get(TOKEN_ENV)).map(String::strip).orElse("");
    if (token.isEmpty()) {
      throw AirflowErrors.noToken();
    }
    return new AirflowApi(URI.create(url), token, config.airflow().timeout());
  }

  String host() {
    return host;
  }

  /** Starts a run of the product's DAG now (logical date = now, UTC), with {@code conf}. */
  DAGRunResponse trigger(String product, Map<String, Object> conf) {
    TriggerDAGRunPostBody body =
        new TriggerDAGRunPostBody()
            .logicalDate(OffsetDateTime.now(ZoneOffset.UTC))
            .conf(new java.util.HashMap<>(conf))
            .note("triggered by factory airflow trigger");
    return call(product, "the run", () -> dagRuns.triggerDagRun(product, body));
  }

  /** The product's most recent runs, newest first. */
  List<DAGRunResponse> runs(String product, int limit) {
    return call(
        product,
        "the list of runs",
        () ->
            dagRuns
                .getDagRuns(
                    product,
                    limit,
                    0,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of("-run_after"),
                    null,
                    null,
                    null,
                    null)
                .getDagRuns());
  }

  /** The task instances of one run. */
  List<TaskInstanceResponse> taskInstances(String product, String runId) {
    return call(
        product,
        "the task instances",
        () ->
            taskInstances
                .getTaskInstances(
                    product, runId, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, 100, 0, null)
                .getTaskInstances());
  }

  private interface Call<T> {
    T call() throws ApiException;
  }

  private <T> T call(String product, String what, Call<T> call) {
    requireNonNull(product, "product is null");
    Duration wait = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (ApiException e) {
        int code = e.getCode();
        boolean retriable = code >= 500 || code == 0;
        if (!retriable) {
          throw refusal(code, product, what, e.getResponseBody());
        }
        if (attempt == ATTEMPTS) {
          throw code == 0
              ? AirflowErrors.unreachable(host, cause(e), ATTEMPTS)
              : AirflowErrors.serverError(code, host, ATTEMPTS);
        }
        sleep(wait);
        wait = wait.multipliedBy(2);
      }
    }
  }

  private RuntimeException refusal(int code, String product, String what, String body) {
    return switch (code) {
      case 401, 403 -> AirflowErrors.refusedToken(code, host);
      case 404 -> AirflowErrors.noDag(product, host);
      case 409 -> AirflowErrors.runExists(product, host);
      default -> AirflowErrors.refused(code, host, what, detail(body));
    };
  }

  /** Airflow's {@code detail} (FastAPI's error body), on one line, when there is one. */
  private static String detail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      var node = ApiClient.createDefaultObjectMapper().readTree(body).get("detail");
      String d = node == null ? body : node.isTextual() ? node.asText() : node.toString();
      d = d.replaceAll("\\s+", " ");
      return ": " + (d.length() > 300 ? d.substring(0, 300) + "…" : d);
    } catch (IOException notJson) {
      return "";
    }
  }

  private static String cause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String name = t.getClass().getSimpleName();
    return t.getMessage() == null || t.getMessage().isBlank()
        ? name.equals("ConnectException") ? "connection refused" : name
        : name + ": " + t.getMessage();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AirflowErrors.AirflowException("interrupted while waiting to retry");
    }
  }
}
