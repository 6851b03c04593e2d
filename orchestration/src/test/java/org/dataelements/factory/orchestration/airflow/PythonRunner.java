package org.dataelements.factory.orchestration.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's python3 (no Airflow needed) on rendered files, for the tests. */
final class PythonRunner {
  private PythonRunner() {}

  /** Runs {@code python3 SCRIPT ARGS…} where SCRIPT is a test resource; returns its stdout. */
  static String run(Path work, String resource, List<String> args) throws Exception {
    Path script = work.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in = PythonRunner.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + resource);
      }
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
    cmd.addAll(args);
    Path stdout = work.resolve("python.out");
    Path stderr = work.resolve("python.err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    pb.environment().put("PYTHONIOENCODING", "utf-8");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "python3 cannot be started ("
              + e.getMessage()
              + "); install it (apt-get install python3)",
          e);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("python3 " + resource + " did not finish in 60 s");
    }
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "python3 " + String.join(" ", args) + " failed:\n" + err);
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }
}
