package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders Graphviz DOT as SVG with the {@code dot} program. */
final class Graphviz {
  private static final Logger LOG = LoggerFactory.getLogger(Graphviz.class);
  private static final long TIMEOUT_MINUTES = 10;
  private final String executable;

  /** {@code dot} found on the PATH, or a path to it. */
  Graphviz(String executable) {
    this.executable = executable;
  }

  /** The SVG of a DOT graph; a user error when {@code dot} is missing or fails. */
  byte[] svg(String dot) {
    Path dir;
    try {
      dir = Files.createTempDirectory("factory-dot");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for Graphviz", e);
    }
    try {
      Path in = Files.writeString(dir.resolve("graph.dot"), dot, StandardCharsets.UTF_8);
      Path out = dir.resolve("graph.svg");
      Path err = dir.resolve("dot.err");
      Process p;
      try {
        p =
            new ProcessBuilder(executable, "-Tsvg", "-o", out.toString(), in.toString())
                .redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
      } catch (IOException e) {
        throw LineageCommandErrors.graphvizMissing(executable, e.getMessage());
      }
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw LineageCommandErrors.graphvizFailed(
            executable, -1, "no answer after " + TIMEOUT_MINUTES + " minutes");
      }
      if (p.exitValue() != 0 || !Files.exists(out)) {
        throw LineageCommandErrors.graphvizFailed(
            executable, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
      }
      return Files.readAllBytes(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pass the graph to Graphviz in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while Graphviz rendered the graph", e);
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      LOG.debug("temporary Graphviz files left in {}: {}", dir, e.toString());
    }
  }
}
