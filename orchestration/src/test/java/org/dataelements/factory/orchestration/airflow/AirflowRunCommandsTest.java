package org.dataelements.factory.orchestration.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.dataelements.factory.core.testing.PrismServer;
import org.dataelements.factory.orchestration.FactoryMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code factory airflow trigger|status|runs} against Prism serving Airflow's own spec (every
 * request validated; {@code Prefer: code=N} makes it answer N), and against a JDK HTTP server for
 * what Prism cannot show: retries after 5xx and the Bearer header.
 */
class AirflowRunCommandsTest {
  private static final String TOKEN = "s3cret-t0ken-value";
  private static PrismServer prism;

  @TempDir Path conf;

  /** What a command printed and returned. */
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  @BeforeAll
  static void startPrism() {
    prism = PrismServer.serve("airflow/v2.no-global-security.yaml");
  }

  @AfterAll
  static void stopPrism() {
    if (prism != null) {
      prism.close();
    }
  }

  @BeforeEach
  void hooks() {
    AirflowApi.environment = Map.of(AirflowApi.TOKEN_ENV, TOKEN);
    AirflowApi.extraHeaders = Map.of();
    AirflowApi.firstBackoff = Duration.ofMillis(10);
  }

  @AfterEach
  void resetHooks() {
    AirflowApi.environment = System.getenv();
    AirflowApi.extraHeaders = Map.of();
    AirflowApi.firstBackoff = Duration.ofSeconds(1);
  }

  private Result factory(String url, String... args) throws Exception {
    Files.writeString(
        conf.resolve("test.yaml"),
        url == null
            ? "warehouse: ./wh\n"
            : "airflow:\n  url: " + url + "\n  timeout_seconds: 10\n");
    List<String> all = new java.util.ArrayList<>(List.of("airflow"));
    all.addAll(List.of(args));
    all.addAll(List.of("--conf", conf.toString(), "--profile", "test"));
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = FactoryMain.execute(all.toArray(String[]::new));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    Result r =
        new Result(
            code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    assertFalse(r.all().contains(TOKEN), "the token was printed:\n" + r.all());
    return r;
  }

  private String prismUrl() {
    return prism.url("").toString();
  }

  @Test
  void triggersARunAndPrintsItsId() throws Exception {
    Result r = factory(prismUrl(), "trigger", "electricity_index", "--param", "landing=s3a://b/l");
    assertEquals(FactoryMain.OK, r.code(), r.all() + "\n" + prism.output());
    assertTrue(r.out().contains("run_id: "), r.out());
    assertTrue(r.out().contains("state: "), r.out());
  }

  @Test
  void listsRecentRuns() throws Exception {
    Result r = factory(prismUrl(), "runs", "electricity_index", "--limit", "5");
    assertEquals(FactoryMain.OK, r.code(), r.all() + "\n" + prism.output());
    assertTrue(r.out().startsWith("run_id"), r.out());
    assertTrue(r.out().lines().count() >= 2, r.out());
  }

  @Test
  void showsTheLatestRunAndItsTasks() throws Exception {
    Result r = factory(prismUrl(), "status", "electricity_index");
    assertEquals(FactoryMain.OK, r.code(), r.all() + "\n" + prism.output());
    assertTrue(r.out().startsWith("run "), r.out());
    assertTrue(r.out().contains("task"), r.out());
  }

  @Test
  void anUnknownDagSaysHowToDeployIt() throws Exception {
    AirflowApi.extraHeaders = Map.of("Prefer", "code=404");
    Result r = factory(prismUrl(), "trigger", "electricity_index");
    assertEquals(FactoryMain.FAILED, r.code(), r.all());
    assertTrue(
        r.err().contains("no DAG electricity_index in Airflow")
            && r.err().contains("factory airflow render"),
        r.err());
  }

  @Test
  void aRefusedTokenIsOneLine() throws Exception {
    AirflowApi.extraHeaders = Map.of("Prefer", "code=401");
    Result r = factory(prismUrl(), "runs", "electricity_index");
    assertEquals(FactoryMain.FAILED, r.code(), r.all());
    assertTrue(r.err().contains("Airflow refused the token (401)"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    AirflowApi.extraHeaders = Map.of("Prefer", "code=403");
    r = factory(prismUrl(), "status", "electricity_index");
    assertEquals(FactoryMain.FAILED, r.code(), r.all());
    assertTrue(r.err().contains("Airflow refused the token (403)"), r.err());
  }

  @Test
  void aRunThatExistsIsRefused() throws Exception {
    AirflowApi.extraHeaders = Map.of("Prefer", "code=409");
    Result r = factory(prismUrl(), "trigger", "electricity_index");
    assertEquals(FactoryMain.FAILED, r.code(), r.all());
    assertTrue(r.err().contains("already exists") && r.err().contains("(409)"), r.err());
  }

  @Test
  void withoutUrlOrTokenItSaysWhereToSetThem() throws Exception {
    Result r = factory(null, "runs", "electricity_index");
    assertEquals(FactoryMain.USAGE, r.code(), r.all());
    assertTrue(r.err().contains("airflow:") && r.err().contains("conf/test.yaml"), r.err());
    AirflowApi.environment = Map.of();
    r = factory(prismUrl(), "runs", "electricity_index");
    assertEquals(FactoryMain.USAGE, r.code(), r.all());
    assertTrue(r.err().contains("AIRFLOW_TOKEN"), r.err());
  }

  @Test
  void aBadProductNameIsUsage() throws Exception {
    Result r = factory(prismUrl(), "runs", "../etc");
    assertEquals(FactoryMain.USAGE, r.code(), r.all());
  }

  @Test
  void aClosedPortIsRetriedThenNamed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Result r = factory("http://127.0.0.1:" + port, "runs", "electricity_index");
    assertEquals(FactoryMain.FAILED, r.code(), r.all());
    assertTrue(
        r.err().contains("cannot reach Airflow at 127.0.0.1:" + port)
            && r.err().contains("after 3 attempts"),
        r.err());
  }

  @Test
  void serverErrorsAreRetriedWithTheBearerToken() throws Exception {
    List<String> auth = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v2/dags/",
        ex -> {
          auth.add(ex.getRequestHeaders().getFirst("Authorization"));
          byte[] body =
              calls.incrementAndGet() < 3
                  ? "{\"detail\":\"busy\"}".getBytes(StandardCharsets.UTF_8)
                  : ("{\"dag_runs\":[{\"dag_run_id\":\"manual__1\",\"dag_id\":\"electricity_index\","
                          + "\"state\":\"success\",\"run_type\":\"manual\","
                          + "\"run_after\":\"2026-12-01T01:00:00Z\"}],\"total_entries\":1}")
                      .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(calls.get() < 3 ? 503 : 200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      Result r = factory(url, "runs", "electricity_index");
      assertEquals(FactoryMain.OK, r.code(), r.all());
      assertEquals(3, calls.get());
      assertTrue(r.out().contains("manual__1"), r.out());
      assertEquals(List.of("Bearer " + TOKEN, "Bearer " + TOKEN, "Bearer " + TOKEN), auth);

      calls.set(-100);
      r = factory(url, "runs", "electricity_index");
      assertEquals(FactoryMain.FAILED, r.code(), r.all());
      assertTrue(r.err().contains("failed with HTTP 503 3 times"), r.err());
      assertTrue(r.err().contains("127.0.0.1:" + server.getAddress().getPort()), r.err());
    } finally {
      server.stop(0);
    }
  }
}
