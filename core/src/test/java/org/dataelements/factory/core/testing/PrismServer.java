package org.dataelements.factory.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A validating mock of an OpenAPI spec for tests: Stoplight Prism ({@code prism mock --errors}) on
 * a free port of 127.0.0.1, serving one of the shared specs in {@code ../shared/specs} (read from
 * there, never copied). With {@code --errors} Prism checks every request against the spec and
 * answers a refused one with a 4xx problem document (404 for a path the spec does not have, 415 for
 * a content type it does not accept, 422 for a body its schema refuses).
 *
 * <p>Prism is installed by the Maven build ({@code npm ci} in {@code tools/prism}, pinned by its
 * {@code package-lock.json}; see {@code lineage/pom.xml}) and started here as its own binary, not
 * through npx, so that {@link #close()} can stop it. Everything it prints is kept in {@link
 * #output()} (each request with its validation result), for assertion messages.
 *
 * <p>Prism matches the spec's {@code paths} without the server's base path: Marquez's {@code POST
 * /api/v1/lineage} is {@code POST /lineage} here ({@link #url(String)}).
 */
public final class PrismServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String BINARY = "tools/prism/node_modules/.bin/prism";
  private static final String MARKER = "tools/prism/package.json";

  private final Process process;
  private final int port;
  private final Path log;
  private final Path spec;
  private final Thread hook;
  private Duration startup = Duration.ZERO;

  private PrismServer(Process process, int port, Path log, Path spec) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.spec = spec;
    this.hook = new Thread(this::stop, "prism-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts Prism on one of the shared specs, e.g. {@code marquez/openapi.yml} for {@code
   * ../shared/specs/marquez/openapi.yml}; returns once its port answers. Throws {@link
   * IllegalStateException} naming what is missing when the Prism binary or the spec is not there,
   * or with Prism's output when it does not start.
   */
  public static PrismServer serve(String sharedSpec) {
    Path root = repoRoot();
    Path spec = root.resolve("../shared/specs").resolve(sharedSpec).normalize();
    if (!Files.isRegularFile(spec)) {
      throw new IllegalStateException(
          "no OpenAPI spec at "
              + spec
              + ": the shared specs are read from ../shared/specs beside the checkout ("
              + root
              + "); put the shared folder there");
    }
    return start(root.resolve(BINARY), spec);
  }

  private static PrismServer start(Path binary, Path spec) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "Prism is not installed at "
              + binary
              + ": the Maven build of the lineage module installs it (npm ci in tools/prism at"
              + " generate-test-resources); run `mvn -B test -pl lineage -am`, or `npm ci` in"
              + " tools/prism (needs Node 18.20+ and npm)");
    }
    try {
      int port = freePort();
      Path log = Files.createTempFile("prism", ".log");
      long started = System.nanoTime();
      Process process =
          new ProcessBuilder(
                  List.of(
                      binary.toString(),
                      "mock",
                      "-h",
                      "127.0.0.1",
                      "-p",
                      Integer.toString(port),
                      "--errors",
                      spec.toString()))
              .directory(binary.getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      PrismServer server = new PrismServer(process, port, log, spec);
      server.awaitPort();
      server.startup = Duration.ofNanos(System.nanoTime() - started);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Prism " + binary + " on " + spec, e);
    }
  }

  /**
   * The repository root: the nearest folder upwards of the working directory (a module's folder
   * when Maven runs the tests) holding {@code tools/prism/package.json}.
   */
  static Path repoRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(MARKER))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no repository root above " + start + ": no folder there holds " + MARKER);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitPort() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String out = output();
        close();
        throw new IllegalStateException(
            "Prism exited with code "
                + process.exitValue()
                + " before it served port "
                + port
                + " ("
                + spec
                + "):\n"
                + out);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          close();
          throw new IllegalStateException("interrupted while waiting for Prism", e);
        }
      }
    }
    String out = output();
    close();
    throw new IllegalStateException(
        "Prism did not serve port "
            + port
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s ("
            + spec
            + "):\n"
            + out);
  }

  /**
   * {@code http://127.0.0.1:PORT} followed by {@code path} (a path of the spec's {@code paths}).
   */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** How long Prism took from start until its port answered. */
  public Duration startup() {
    return startup;
  }

  /** Everything Prism has printed so far: each request, how it was validated, and the answer. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(Prism's output " + log + " cannot be read: " + e + ")";
    }
  }

  /** Stops Prism and the processes it started, and deletes its output. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: the process is being stopped anyway
    }
  }

  private synchronized void stop() {
    List<ProcessHandle> tree = process.descendants().toList();
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a temporary file that outlives the test JVM does no harm
    }
  }
}
