package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataelements.factory.core.testing.Required;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.sample.CorpusSampleGenerator;
import org.dataelements.factory.orchestration.sample.SampleDataGenerator;
import org.dataelements.factory.orchestration.sample.TraceabilitySampleGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every notebook in {@code notebooks/} headless (nbclient, through {@code
 * notebooks/run-all}) against a warehouse built from a small sample, as its users would: first
 * before anything is released (the first cell names the candidate to approve and stops), with a
 * missing and a wrong token, then after an operator created here approved the three products, with
 * a consumer's token. A cell that fails fails the test.
 *
 * <p>The notebooks run the factory through {@code FACTORY_BIN}: a launcher written here that starts
 * the CLI with this JVM's classpath and flags (never the repository's {@code ./factory}, which
 * would build with Maven).
 */
@Tag("spark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebooksTest {
  static final String PYTHON = "/usr/bin/python3";
  static final List<String> PRODUCTS =
      List.of("electricity_index", "traceability", "training_corpus");

  @TempDir static Path tmp;
  static Path wh;
  static Path launcher;
  static String consumerToken;
  static String adminToken;
  static final Map<String, String> candidates = new HashMap<>();

  @BeforeAll
  static void warehouseFromASmallSample() throws Exception {
    Required.check(
        "notebooks",
        python("import nbclient, ipykernel, pandas, matplotlib"),
        PYTHON
            + " cannot import nbclient, ipykernel, pandas and matplotlib (apt-get install"
            + " python3-nbclient python3-ipykernel python3-pandas python3-matplotlib)");
    long started = System.nanoTime();
    Path landing = tmp.resolve("landing");
    // Three years: the seasonal model needs them; 0.1 of the accounts, the fewest EPCIS events,
    // 2,000 texts (10,000 took a minute more of the corpus step and showed nothing more).
    new SampleDataGenerator(2, 2019, 2021, 0.1).writeAll(landing);
    new TraceabilitySampleGenerator(42, TraceabilitySampleGenerator.MIN_EVENTS).write(landing);
    new CorpusSampleGenerator(42, 2_000).write(landing);
    wh = tmp.resolve("wh");
    launcher = tmp.resolve("factory");
    List<String> java = new ArrayList<>();
    java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    java.add("-Xmx2g");
    java.add("-Duser.timezone=UTC");
    for (String flag : System.getProperty("factory.jvm.flags", "").split(" ")) {
      if (!flag.isBlank()) {
        java.add(flag);
      }
    }
    java.addAll(List.of("-cp", System.getProperty("java.class.path"), FactoryMain.class.getName()));
    StringBuilder script = new StringBuilder("#!/usr/bin/env bash\nexec");
    for (String part : java) {
      script.append(" '").append(part.replace("'", "'\\''")).append('\'');
    }
    Files.writeString(launcher, script.append(" \"$@\"\n").toString());
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));

    // the whole sample build: minutes on a quiet machine, far more on a busy one; a bound, not a
    // benchmark
    FactoryCommandTest.Result run =
        exec(List.of(launcher.toString(), "run", "--landing", landing.toString()), null, 25);
    assertEquals(3, run.code(), "the sample's one non-UTF-8 file is rejected:\n" + run.err());
    for (String product : PRODUCTS) {
      Matcher m =
          Pattern.compile(product + ": (candidate_\\S+) is a release candidate").matcher(run.err());
      assertTrue(m.find(), product + " left no candidate:\n" + run.err());
      candidates.put(product, m.group(1));
    }
    FactoryCommandTest.Result admin = factory(null, "users", "add", "admin", "--role", "admin");
    assertEquals(0, admin.code(), admin.err());
    adminToken = admin.out().strip();
    consumerToken = user(adminToken, "ai.team", "consumer");
    System.out.printf(
        "NotebooksTest: sample warehouse built in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  static String user(String adminToken, String name, String role) throws Exception {
    FactoryCommandTest.Result r = factory(adminToken, "users", "add", name, "--role", role);
    assertEquals(0, r.code(), r.err());
    return r.out().strip();
  }

  /** The factory through the launcher the notebooks use, with FACTORY_TOKEN = token. */
  static FactoryCommandTest.Result factory(String token, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    return exec(cmd, token, 5);
  }

  static FactoryCommandTest.Result exec(List<String> cmd, String token, int minutes)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(tmp.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    env.put("FACTORY_WAREHOUSE", wh.toString());
    env.put("FACTORY_CONF", SparkTestSession.confDir().toString());
    env.put("FACTORY_BIN", launcher.toString());
    env.put("NOTEBOOK_PYTHON", PYTHON);
    // not Agg: the kernel's inline backend is what puts figures into the executed notebooks
    env.remove("MPLBACKEND");
    env.remove("FACTORY_TOKEN");
    if (token != null) {
      env.put("FACTORY_TOKEN", token);
    }
    Process p = pb.start();
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish in " + minutes + " min");
    }
    return new FactoryCommandTest.Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  static boolean python(String code) {
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", code).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** {@code notebooks/run-all --out OUT NOTEBOOK...} as the consumer with {@code token}. */
  static FactoryCommandTest.Result runAll(String token, Path out, String... notebooks)
      throws Exception {
    Path folder = NotebooksStrippedTest.folder();
    List<String> cmd =
        new ArrayList<>(List.of(folder.resolve("run-all").toString(), "--out", out.toString()));
    for (String nb : notebooks) {
      cmd.add(folder.resolve(nb).toString());
    }
    return exec(cmd, token, 9);
  }

  /** The error outputs of an executed notebook, "ename: evalue" each. */
  static List<String> errors(Path executed) throws IOException {
    List<String> errors = new ArrayList<>();
    for (JsonNode cell : new ObjectMapper().readTree(executed.toFile()).path("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        if ("error".equals(o.path("output_type").asText())) {
          errors.add(o.path("ename").asText() + ": " + o.path("evalue").asText());
          errors.add(o.path("traceback").toString());
        }
      }
    }
    return errors;
  }

  @Test
  @Order(1)
  void beforeAnyReleaseTheFirstCellSaysWhatToApproveAndStops() throws Exception {
    for (String product : PRODUCTS) {
      String nb = NotebooksStrippedTest.notebookOf(product);
      Path out = tmp.resolve("no-release");
      FactoryCommandTest.Result r = runAll(consumerToken, out, nb);
      assertEquals(1, r.code(), r.out() + r.err());
      String approve =
          "FACTORY_TOKEN=<an operator's token> factory release approve "
              + product
              + " "
              + candidates.get(product);
      assertTrue(r.err().contains("SystemExit: " + product + " has no release yet"), r.err());
      assertTrue(r.err().contains(approve), r.err());
      List<String> errors = errors(out.resolve(nb));
      assertEquals(2, errors.size(), "one error, in the first code cell: " + errors);
      assertFalse(errors.get(1).contains("subprocess"), "no traceback of internals: " + errors);
    }
  }

  @Test
  @Order(2)
  void aMissingOrWrongTokenGivesOneClearMessage() throws Exception {
    String nb = NotebooksStrippedTest.notebookOf("training_corpus");
    FactoryCommandTest.Result missing = runAll(null, tmp.resolve("no-token"), nb);
    assertEquals(1, missing.code(), missing.err());
    assertTrue(missing.err().contains("SystemExit: FACTORY_TOKEN is not set"), missing.err());
    FactoryCommandTest.Result wrong = runAll(consumerToken + "x", tmp.resolve("wrong-token"), nb);
    assertEquals(1, wrong.code(), wrong.err());
    assertTrue(wrong.err().contains("SystemExit: FACTORY_TOKEN was refused"), wrong.err());
    assertFalse(wrong.err().contains(consumerToken), "the token is never printed");
  }

  @Test
  @Order(3)
  void everyNotebookRunsOnTheApprovedReleases() throws Exception {
    String operator = user(adminToken, "ops.test", "operator");
    for (String product : PRODUCTS) {
      FactoryCommandTest.Result approved =
          factory(operator, "release", "approve", product, candidates.get(product));
      assertEquals(0, approved.code(), approved.err());
      assertTrue(approved.err().contains("released " + product + " 1.0.0"), approved.err());
    }
    List<Path> notebooks = NotebooksStrippedTest.notebooks(NotebooksStrippedTest.folder());
    Path out = tmp.resolve("executed");
    long started = System.nanoTime();
    FactoryCommandTest.Result r =
        runAll(
            consumerToken,
            out,
            notebooks.stream().map(p -> p.getFileName().toString()).toArray(String[]::new));
    System.out.printf(
        "NotebooksTest: %d notebooks in %.1f s:%n%s",
        notebooks.size(), (System.nanoTime() - started) / 1e9, r.out());
    assertEquals(0, r.code(), r.out() + r.err());
    for (Path nb : notebooks) {
      String name = nb.getFileName().toString();
      assertTrue(r.out().contains(name + ": ok in "), r.out());
      Path executed = out.resolve(name);
      assertEquals(List.of(), errors(executed), name);
      JsonNode cells = new ObjectMapper().readTree(executed.toFile()).path("cells");
      int figures = 0;
      int executedCells = 0;
      for (JsonNode cell : cells) {
        if (!cell.path("execution_count").isNull()) {
          executedCells++;
        }
        for (JsonNode o : cell.path("outputs")) {
          if (o.path("data").has("image/png")) {
            figures++;
          }
        }
      }
      assertTrue(executedCells >= 5, name + " ran " + executedCells + " cells");
      assertTrue(figures >= 1, name + " drew no figure");
      assertFalse(Files.readString(executed).contains(consumerToken), name + " printed the token");
      assertEquals(List.of(), NotebooksStrippedTest.problems(nb), "run-all wrote to " + nb);
    }
  }
}
