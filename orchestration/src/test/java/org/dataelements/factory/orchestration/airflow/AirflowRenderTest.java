package org.dataelements.factory.orchestration.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.FactoryMain;
import org.dataelements.factory.orchestration.graph.StepGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AirflowRenderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Specs specs;
  private static StepGraph graph;

  @TempDir Path work;

  @BeforeAll
  static void loadGraph() {
    specs = Specs.load(SparkTestSession.confDir());
    graph = StepGraph.load(specs);
  }

  /** The DAGs of the repository's specs, rendered and read back by python3 (ast, py_compile). */
  private Map<String, JsonNode> render(String operator) throws Exception {
    Path out = work.resolve("dags-" + operator);
    int code =
        FactoryMain.execute(
            "airflow",
            "render",
            "--conf",
            SparkTestSession.confDir().toString(),
            "--out",
            out.toString(),
            "--operator",
            operator);
    assertEquals(FactoryMain.OK, code);
    return inspect(out);
  }

  private Map<String, JsonNode> inspect(Path dir) throws Exception {
    List<String> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> f.toString().endsWith(".py")).map(Path::toString).sorted().toList();
    }
    String out = PythonRunner.run(work, "airflow/inspect_dags.py", files);
    Map<String, JsonNode> byProduct = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        JsonNode n = JSON.readTree(line);
        byProduct.put(n.get("dag").get("dag_id").asText(), n);
      }
    }
    return byProduct;
  }

  /** Products some step builds (a declared product without steps gets no DAG). */
  private static List<ProductSpec> builtProducts() {
    return specs.products().stream()
        .filter(p -> graph.ordered().stream().anyMatch(s -> isGoldOf(s, p.name())))
        .toList();
  }

  private static boolean isGoldOf(Step s, String product) {
    return s.spec().outputs().stream()
        .anyMatch(
            t ->
                t.layer() == org.dataelements.factory.core.Layer.GOLD
                    && t.namespace().equals(product));
  }

  private static String gold(Step s) {
    return s.spec().outputs().stream()
        .filter(t -> t.layer() == org.dataelements.factory.core.Layer.GOLD)
        .map(TableId::namespace)
        .findFirst()
        .orElse(null);
  }

  /** The expected task id of a step, worked out here rather than by the renderer. */
  private static String expectedId(Step s) {
    String g = gold(s);
    return g != null ? "gold_" + g : s.spec().name().replaceAll("[:+]", "_");
  }

  /** The steps a product needs: its gold steps and, transitively, the producers of their inputs. */
  private static Set<Step> needed(String product) {
    Set<Step> needed = new LinkedHashSet<>();
    Deque<Step> todo = new ArrayDeque<>();
    graph.ordered().stream().filter(s -> isGoldOf(s, product)).forEach(todo::add);
    while (!todo.isEmpty()) {
      Step s = todo.poll();
      if (needed.add(s)) {
        s.spec().inputTables().forEach(t -> graph.producer(t).ifPresent(todo::add));
      }
    }
    return needed;
  }

  private static Set<String> expectedEdges(String product) {
    Set<String> edges = new TreeSet<>();
    for (Step s : needed(product)) {
      for (TableId in : s.spec().inputTables()) {
        if (graph.isLanded(in)) {
          edges.add("ingest >> " + expectedId(s));
        }
        graph
            .producer(in)
            .filter(p -> !expectedId(p).equals(expectedId(s)))
            .ifPresent(p -> edges.add(expectedId(p) + " >> " + expectedId(s)));
      }
    }
    return edges;
  }

  private static Set<String> expectedSources(String product) {
    Set<TableId> read = new LinkedHashSet<>();
    needed(product).forEach(s -> read.addAll(s.spec().inputTables()));
    Set<String> sources = new TreeSet<>();
    for (SourceSpec src : specs.sources()) {
      for (ObjectSpec o : src.objects()) {
        if (read.contains(src.bronzeTable(o))) {
          sources.add(src.name());
        }
      }
    }
    return sources;
  }

  private static Set<String> edges(JsonNode dag) {
    Set<String> edges = new TreeSet<>();
    dag.get("edges").forEach(e -> edges.add(e.get(0).asText() + " >> " + e.get(1).asText()));
    return edges;
  }

  private static List<String> strings(JsonNode array) {
    List<String> l = new ArrayList<>();
    array.forEach(n -> l.add(n.asText()));
    return l;
  }

  /** The factory arguments a task runs, whichever operator carries them. */
  private static List<String> factoryArgs(JsonNode task) throws Exception {
    if (task.has("application_args")) {
      return strings(task.get("application_args"));
    }
    return strings(JSON.readTree(task.get("application_file").asText()).at("/spec/arguments"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"spark_submit", "kubernetes"})
  void rendersOneDagPerProductWithTheGraphsTasksAndEdges(String operator) throws Exception {
    Map<String, JsonNode> dags = render(operator);
    List<ProductSpec> products = builtProducts();
    assertFalse(products.isEmpty(), "the repository's conf builds products");
    assertEquals(
        new TreeSet<>(products.stream().map(ProductSpec::name).toList()),
        new TreeSet<>(dags.keySet()));
    for (ProductSpec p : products) {
      JsonNode dag = dags.get(p.name());
      String file = Path.of(dag.get("file").asText()).getFileName().toString();
      assertEquals(p.name() + ".py", file);

      Set<String> tasks = new TreeSet<>();
      tasks.add("ingest");
      needed(p.name()).forEach(s -> tasks.add(expectedId(s)));
      Set<String> rendered = new TreeSet<>();
      dag.get("tasks").fieldNames().forEachRemaining(rendered::add);
      assertEquals(tasks, rendered, p.name());
      assertEquals(expectedEdges(p.name()), edges(dag), p.name() + ": dependency edges");

      JsonNode d = dag.get("dag");
      assertEquals("DAG", d.get("callee").asText());
      assertEquals(
          p.run().schedule().orElse(null),
          d.get("schedule").isNull() ? null : d.get("schedule").asText());
      assertEquals(p.run().timezone().getId(), d.get("tz").asText());
      assertEquals(p.run().retries(), d.at("/default_args/retries").asInt());
      assertEquals(p.owner(), d.at("/default_args/owner").asText());
      assertEquals(
          "datetime.timedelta(seconds=" + p.run().retryDelay().toSeconds() + ")",
          d.at("/default_args/retry_delay").asText());
      assertFalse(d.get("catchup").asBoolean());
      assertEquals(1, d.get("max_active_runs").asInt());
      assertTrue(d.get("doc_md").asText().contains(p.description().strip()));
      assertEquals("/opt/factory/factory-thin.jar", d.at("/params/jar").asText());
      assertEquals("cluster", d.at("/params/profile").asText());

      for (String imp : strings(dag.get("imports"))) {
        assertTrue(
            imp.equals("airflow")
                || imp.startsWith("airflow.")
                || imp.equals("pendulum")
                || imp.equals("datetime"),
            p.name() + " imports " + imp);
      }

      JsonNode ingest = dag.at("/tasks/ingest");
      List<String> ingestArgs = factoryArgs(ingest);
      assertEquals("ingest", ingestArgs.get(0));
      assertEquals(
          expectedSources(p.name()),
          new TreeSet<>(ingestArgs.subList(1, ingestArgs.indexOf("--profile"))));
      assertTrue(String.join(" ", ingestArgs).endsWith("--landing {{ params.landing }}"));
      for (Step s : needed(p.name())) {
        List<String> args = factoryArgs(dag.get("tasks").get(expectedId(s)));
        String unit = gold(s) != null ? "gold:" + gold(s) : s.spec().name();
        assertEquals(
            List.of(
                "run",
                "--step",
                unit,
                "--profile",
                "{{ params.profile }}",
                "--warehouse",
                "{{ params.warehouse }}",
                "--conf",
                "{{ params.conf }}"),
            args,
            expectedId(s));
      }
      if (operator.equals("spark_submit")) {
        assertTrue(
            strings(dag.get("imports"))
                .contains("airflow.providers.apache.spark.operators.spark_submit"));
        dag.get("tasks")
            .forEach(
                t -> {
                  assertEquals("SparkSubmitOperator", t.get("operator").asText());
                  assertEquals("{{ params.jar }}", t.get("application").asText());
                  assertEquals("FACTORY_MAIN", t.get("java_class").asText());
                });
        assertEquals(DagRenderer.MAIN_CLASS, dag.at("/constants/FACTORY_MAIN").asText());
      } else {
        dag.get("tasks")
            .forEach(
                t -> {
                  assertEquals("SparkKubernetesOperator", t.get("operator").asText());
                  try {
                    JsonNode app = JSON.readTree(t.get("application_file").asText());
                    assertEquals("SparkApplication", app.get("kind").asText());
                    assertEquals(DagRenderer.MAIN_CLASS, app.at("/spec/mainClass").asText());
                    assertEquals("{{ params.jar }}", app.at("/spec/mainApplicationFile").asText());
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                });
      }
    }
    // the electricity index, spelt out once
    JsonNode ei = dags.get("electricity_index");
    Set<String> e = edges(ei);
    assertTrue(e.contains("ingest >> silver_power__meter_daily"), e.toString());
    assertTrue(
        e.contains("silver_power__meter_daily >> silver_power__consumption_monthly"), e.toString());
    assertTrue(
        e.contains("silver_power__consumption_monthly >> gold_electricity_index"), e.toString());
    assertEquals("0 9 20 * *", ei.at("/dag/schedule").asText());
  }

  @Test
  void aDroppedDependencyIsNoticed() throws Exception {
    Path out = work.resolve("dags");
    assertEquals(
        FactoryMain.OK,
        FactoryMain.execute(
            "airflow",
            "render",
            "--conf",
            SparkTestSession.confDir().toString(),
            "--out",
            out.toString()));
    Path file = out.resolve("electricity_index.py");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> kept = new ArrayList<>(lines);
    assertTrue(
        kept.remove(
            "    tasks[\"silver_power__meter_daily\"] >> tasks[\"silver_power__consumption_monthly\"]"));
    Path broken = work.resolve("broken");
    Files.createDirectories(broken);
    Files.write(broken.resolve("electricity_index.py"), kept, StandardCharsets.UTF_8);
    JsonNode dag = inspect(broken).get("electricity_index");
    assertNotEquals(expectedEdges("electricity_index"), edges(dag));
  }

  @Test
  void refusesAnOutThatIsAFileBeforeWritingAnything() throws Exception {
    Path file = work.resolve("not-a-folder");
    Files.writeString(file, "x");
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code =
          FactoryMain.execute(
              "airflow",
              "render",
              "--conf",
              SparkTestSession.confDir().toString(),
              "--out",
              file.toString());
    } finally {
      System.setErr(old);
    }
    assertEquals(FactoryMain.USAGE, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--out"), err.toString());
    assertEquals("x", Files.readString(file));
  }

  @Test
  void refusesAnUnknownOperatorBeforeCreatingTheFolder() {
    Path out = work.resolve("never");
    assertEquals(
        FactoryMain.USAGE,
        FactoryMain.execute(
            "airflow",
            "render",
            "--conf",
            SparkTestSession.confDir().toString(),
            "--out",
            out.toString(),
            "--operator",
            "yarn"));
    assertFalse(Files.exists(out));
  }

  @Test
  void dagFileNamesAreProductNamesOnly() {
    assertTrue(DagFiles.isValidName("electricity_index"));
    for (String bad : List.of("../x", "a/b", "Upper", "a.py", "", "a b", "电力")) {
      assertFalse(DagFiles.isValidName(bad), bad);
    }
  }
}
