package org.dataelements.factory.core.testing;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * An S3 endpoint for tests: S3Proxy with its in-memory ({@code transient}) backend, run as its own
 * process on a free port of 127.0.0.1 (STACK.md, "S3 in tests"). Its jar is the one Maven copies to
 * {@code target/s3proxy/s3proxy.jar} (system property {@code factory.s3proxy.jar}); the local Maven
 * repository is the fallback for runs outside Maven.
 *
 * <p>Most tests use the one {@link #shared()} server of the JVM: Hadoop caches a FileSystem per
 * bucket, so one endpoint per JVM keeps {@code s3a://bucket} meaning the same thing everywhere.
 */
public final class S3ProxyServer implements AutoCloseable {
  private static final String ACCESS_KEY = "factory-test";
  private static final String SECRET_KEY = "factory-test-secret";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String VERSION = "2.9.0";
  private static final String LOG = "s3proxy.log";
  private static S3ProxyServer shared;

  private final Process process;
  private final int port;
  private final Path dir;
  private final Thread hook;
  private AmazonS3 client;

  private S3ProxyServer(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.hook = new Thread(this::stop, "s3proxy-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * The JVM's shared server, started on first use and stopped when the JVM exits; with the shared
   * SparkSession's Hadoop configuration pointed at it (see {@link #configure(SparkSession)}).
   */
  public static synchronized S3ProxyServer shared() {
    if (shared == null || !shared.process.isAlive()) {
      shared = start();
      shared.configure(SparkTestSession.spark());
    }
    return shared;
  }

  /** Starts a server of its own; the caller closes it. */
  public static S3ProxyServer start() {
    Path jar = jar();
    try {
      int port = freePort();
      Path dir = Files.createTempDirectory("s3proxy");
      Path conf = dir.resolve("s3proxy.conf");
      Properties p = new Properties();
      p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
      p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
      p.setProperty("s3proxy.identity", ACCESS_KEY);
      p.setProperty("s3proxy.credential", SECRET_KEY);
      p.setProperty("jclouds.provider", "transient");
      p.setProperty("jclouds.identity", ACCESS_KEY);
      p.setProperty("jclouds.credential", SECRET_KEY);
      try (var w = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
        p.store(w, "S3Proxy for factory tests");
      }
      Path log = dir.resolve(LOG);
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // A small, quick-starting JVM: it serves a few test files from memory.
      cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
      cmd.addAll(List.of("-jar", jar.toString(), "--properties", conf.toString()));
      Process process =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      S3ProxyServer server = new S3ProxyServer(process, port, dir);
      server.awaitPort();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Proxy from " + jar, e);
    }
  }

  /**
   * The S3Proxy jar: the system property {@code factory.s3proxy.jar}, else the local repository.
   */
  static Path jar() {
    String configured = System.getProperty("factory.s3proxy.jar");
    if (configured != null && Files.isRegularFile(Path.of(configured))) {
      return Path.of(configured);
    }
    String repo =
        System.getProperty(
            "maven.repo.local",
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    Path fallback =
        Path.of(
            repo,
            "org",
            "gaul",
            "s3proxy",
            VERSION,
            "s3proxy-" + VERSION + "-jar-with-dependencies.jar");
    if (Files.isRegularFile(fallback)) {
      return fallback;
    }
    throw new IllegalStateException(
        "the S3Proxy jar is neither at factory.s3proxy.jar ("
            + configured
            + ") nor at "
            + fallback
            + "; run the tests through Maven, which copies it to target/s3proxy/s3proxy.jar at"
            + " generate-test-resources (see core/pom.xml)");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitPort() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Proxy exited with code "
                + process.exitValue()
                + " before it served port "
                + port
                + ":\n"
                + logTail());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
        }
      }
    }
    String tail = logTail();
    close();
    throw new IllegalStateException(
        "S3Proxy did not serve port "
            + port
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s:\n"
            + tail);
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve(LOG), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log at " + dir.resolve(LOG) + ")";
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return SECRET_KEY;
  }

  /** Creates a bucket (nothing happens when it exists). */
  public synchronized void createBucket(String name) {
    if (client == null) {
      client =
          AmazonS3ClientBuilder.standard()
              .withEndpointConfiguration(
                  new AwsClientBuilder.EndpointConfiguration(endpoint(), "us-east-1"))
              .withPathStyleAccessEnabled(true)
              .withCredentials(
                  new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY)))
              .build();
    }
    if (!client.doesBucketExistV2(name)) {
      client.createBucket(name);
    }
  }

  /** The Hadoop settings ({@code fs.s3a.*}) that point s3a at this server, failing fast. */
  public Map<String, String> hadoopSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", endpoint());
    s.put("fs.s3a.endpoint.region", "us-east-1");
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    s.put("fs.s3a.access.key", ACCESS_KEY);
    s.put("fs.s3a.secret.key", SECRET_KEY);
    s.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.directory.marker.retention", "keep");
    // A local server either answers at once or is broken: no long retry loops in tests.
    s.put("fs.s3a.attempts.maximum", "2");
    s.put("fs.s3a.retry.limit", "2");
    s.put("fs.s3a.connection.establish.timeout", "5000");
    s.put("fs.s3a.connection.timeout", "20000");
    return s;
  }

  /** The same settings as Spark settings ({@code spark.hadoop.fs.s3a.*}), e.g. for a profile. */
  public Map<String, String> sparkSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    hadoopSettings().forEach((k, v) -> s.put("spark.hadoop." + k, v));
    return s;
  }

  /**
   * Points a running session's Hadoop configuration at this server ({@code spark.hadoop.*} only
   * takes effect when a session starts, and the shared one is already running).
   */
  public void configure(SparkSession spark) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    hadoopSettings().forEach(conf::set);
  }

  /** Stops the process and deletes its files (not for {@link #shared()}: the JVM's exit does). */
  @Override
  public synchronized void close() {
    if (client != null) {
      client.shutdown();
      client = null;
    }
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: the process is being stopped anyway
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary folder that outlives the test JVM does no harm
    }
  }
}
