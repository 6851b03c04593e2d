package org.dataelements.factory.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.runtime.LakehouseSessions;
import org.dataelements.factory.core.testing.S3ProxyServer;
import org.dataelements.factory.orchestration.sample.SampleDataGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin jar on a real Spark standalone cluster on 127.0.0.1: a master and a worker, each a JVM
 * of its own started from the Maven-resolved engine jars (target/cluster.classpath, laid out as
 * {@code SPARK_HOME/jars}); the worker starts its executor JVMs itself from that SPARK_HOME.
 * SparkSubmit (client mode: the driver is the submit JVM) runs {@code factory run --profile
 * cluster} with the profile's real parts on loopback: S3Proxy for the s3a warehouse and the landing
 * root, the Iceberg JDBC catalog on an embedded PostgreSQL. The same sample run with the embedded
 * profile must give the same gold rows on each run's candidate branch.
 *
 * <p>Run-specific columns left out of the comparison: {@code run_id} (in {@code methodology}), the
 * only column of the gold tables that names the run. Runs differ in their id and timestamps only.
 */
@Tag("cluster")
class StandaloneClusterTest {
  private static final String MAIN = "org.dataelements.factory.orchestration.FactoryMain";
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration RUN = Duration.ofMinutes(6);
  private static final Pattern CANDIDATE =
      Pattern.compile("electricity_index: (candidate_\\S+) is a release candidate");
  private static final List<String> RUN_SPECIFIC = List.of("run_id");

  @TempDir Path tmp;

  private final List<Process> started = new ArrayList<>();

  @Test
  void theThinJarOnAStandaloneClusterBuildsTheSameGoldRowsAsTheEmbeddedProfile() throws Exception {
    assertTrue(
        System.getProperty("factory.cluster.classpath") != null,
        "run through Maven (dist/pom.xml sets factory.thin.jar and factory.cluster.classpath)");
    Path thinJar = Path.of(System.getProperty("factory.thin.jar"));
    assertTrue(Files.isRegularFile(thinJar), "build the thin jar first (mvn package): " + thinJar);
    S3ProxyServer s3 = S3ProxyServer.start();
    EmbeddedPostgres pg = EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start();
    try {
      // The sample: three years of the electricity readings (~16 000 rows), on S3 and locally.
      Path landing = tmp.resolve("landing");
      new SampleDataGenerator(42, 2021, 2023, 0.03).write(landing);
      s3.createBucket("landing");
      s3.createBucket("lake");
      Configuration hadoop = new Configuration(false);
      s3.hadoopSettings().forEach(hadoop::set);
      hadoop.set("fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
      try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://landing/"), hadoop);
          Stream<Path> files = Files.walk(landing)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          fs.copyFromLocalFile(
              new org.apache.hadoop.fs.Path(f.toUri()),
              new org.apache.hadoop.fs.Path(
                  "s3a://landing/sample/" + landing.relativize(f).toString().replace('\\', '/')));
        }
      }

      Path conf = confDir(tmp.resolve("conf"), tmp.resolve("embedded-wh"));
      Map<String, String> env = new LinkedHashMap<>();
      env.put("FACTORY_S3_ENDPOINT", s3.endpoint());
      env.put("FACTORY_S3_ACCESS_KEY", s3.accessKey());
      env.put("FACTORY_S3_SECRET_KEY", s3.secretKey());
      env.put("FACTORY_PG_PORT", Integer.toString(pg.getPort()));
      env.put("FACTORY_PG_USER", "postgres");
      env.put("FACTORY_PG_PASSWORD", "");

      // The cluster: SPARK_HOME from the Maven-resolved engine jars; master and worker.
      Path sparkHome = sparkHome(tmp.resolve("spark-home"));
      env.put("SPARK_HOME", sparkHome.toString());
      env.put("SPARK_SCALA_VERSION", "2.12");
      env.put("SPARK_LOCAL_IP", "127.0.0.1");
      int masterPort = freePort();
      String master = "spark://127.0.0.1:" + masterPort;
      long clusterStart = System.nanoTime();
      start(
          "master",
          sparkHome,
          env,
          List.of("-Xmx256m"),
          "org.apache.spark.deploy.master.Master",
          "--host",
          "127.0.0.1",
          "--port",
          Integer.toString(masterPort),
          "--webui-port",
          "0");
      awaitLog("master", "I have been elected leader");
      Path work = Files.createDirectories(tmp.resolve("worker"));
      start(
          "worker",
          sparkHome,
          env,
          List.of("-Xmx256m"),
          "org.apache.spark.deploy.worker.Worker",
          master,
          "--host",
          "127.0.0.1",
          "--port",
          "0",
          "--webui-port",
          "0",
          "--cores",
          "1",
          "--memory",
          "1g",
          "--work-dir",
          work.toString());
      awaitLog("worker", "Successfully registered with master");
      double clusterUp = seconds(clusterStart);

      // Client mode: the driver runs in the SparkSubmit JVM, with its own temp dir (the remote
      // landing root is staged there for the driver's parsers; executors must not read it).
      Path driverTmp = Files.createDirectories(tmp.resolve("driver-tmp"));
      Path events = Files.createDirectories(tmp.resolve("events"));
      Path defaults =
          Path.of(
              System.getProperty("factory.root"), "infra", "spark-submit", "spark-defaults.conf");
      long clusterRunStart = System.nanoTime();
      Process submit =
          start(
              "submit",
              sparkHome,
              env,
              List.of("-Xmx1536m", "-Djava.io.tmpdir=" + driverTmp, "-Duser.timezone=UTC"),
              "org.apache.spark.deploy.SparkSubmit",
              "--master",
              master,
              "--deploy-mode",
              "client",
              "--properties-file",
              defaults.toString(),
              "--conf",
              "spark.driver.host=127.0.0.1",
              "--conf",
              "spark.driver.bindAddress=127.0.0.1",
              "--conf",
              "spark.executor.memory=1g",
              "--conf",
              "spark.eventLog.enabled=true",
              "--conf",
              "spark.eventLog.dir=" + events.toUri(),
              "--class",
              MAIN,
              thinJar.toString(),
              "run",
              "--profile",
              "cluster",
              "--conf",
              conf.toString(),
              "--landing",
              "s3a://landing/sample");
      String clusterOut = await("submit", submit, RUN);
      double clusterSeconds = seconds(clusterRunStart);
      String clusterCandidate = candidate("submit", clusterOut);
      assertTrue(
          Files.list(work).findAny().isPresent(),
          "the worker started executors (their folders are under " + work + ")");

      // Spark's readers read the landing root on S3, never the driver's staging copy.
      String eventLog = read(events);
      assertTrue(
          eventLog.contains("s3a://landing/sample/electricity/meter_readings"),
          "the executors read the landing files from S3");
      assertFalse(
          eventLog.contains("factory-staging"),
          "no Spark job read the driver's staging directory (" + driverTmp + ")");
      try (Stream<Path> staged = Files.walk(driverTmp)) {
        assertTrue(
            staged.anyMatch(p -> p.toString().endsWith("meter_readings_2022.csv")),
            "the driver staged the remote root for its own parsers under " + driverTmp);
      }

      // The same files through the embedded profile (Spark inside the process, local[2]).
      long embeddedStart = System.nanoTime();
      Process embedded =
          startJava(
              "embedded",
              System.getProperty("java.class.path"),
              env,
              List.of("-Xmx2g", "-Duser.timezone=UTC"),
              MAIN,
              "run",
              "--profile",
              "embedded",
              "--conf",
              conf.toString(),
              "--landing",
              landing.toString());
      String embeddedOut = await("embedded", embedded, RUN);
      double embeddedSeconds = seconds(embeddedStart);
      String embeddedCandidate = candidate("embedded", embeddedOut);

      System.out.printf(
          Locale.ROOT,
          "standalone cluster (master + 1 worker, 1 core, 1 executor) up in %.1f s; factory run:"
              + " cluster %.1f s, embedded local[2] %.1f s, ratio %.2f (%s, %s)%n",
          clusterUp,
          clusterSeconds,
          embeddedSeconds,
          clusterSeconds / embeddedSeconds,
          clusterCandidate,
          embeddedCandidate);

      compareGold(conf, env, clusterCandidate, embeddedCandidate, s3);
    } finally {
      stopAll();
      pg.close();
      s3.close();
    }
  }

  /** Every gold table of the product, on each run's candidate branch, row for row. */
  private void compareGold(
      Path conf, Map<String, String> env, String clu, String emb, S3ProxyServer s3) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.master", "local[1]");
    settings.put("spark.ui.enabled", "false");
    settings.put("spark.driver.bindAddress", "127.0.0.1");
    settings.put("spark.driver.host", "127.0.0.1");
    settings.put("spark.sql.session.timeZone", "UTC");
    settings.put(
        "spark.sql.extensions",
        "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    settings.putAll(s3.sparkSettings());
    // The JDBC catalog keeps its tables under the catalog's name: it must be "lake" here too.
    catalog(settings, "lake", conf, "cluster", env);
    catalog(settings, "emb", conf, "embedded", env);
    SparkSession.Builder b = SparkSession.builder().appName("compare");
    settings.forEach(b::config);
    SparkSession spark = b.getOrCreate();
    try {
      TreeSet<String> tables = new TreeSet<>();
      for (String catalog : List.of("lake", "emb")) {
        for (Row r :
            spark.sql("SHOW TABLES IN " + catalog + ".electricity_index").collectAsList()) {
          tables.add(r.getAs("tableName"));
        }
      }
      int compared = 0;
      for (String table : tables) {
        boolean inClu = hasBranch(spark, "lake.electricity_index." + table, clu);
        boolean inEmb = hasBranch(spark, "emb.electricity_index." + table, emb);
        assertEquals(
            inEmb, inClu, table + ": written by both runs or by neither (embedded " + inEmb + ")");
        if (!inClu) {
          continue;
        }
        Dataset<Row> c = read(spark, "lake.electricity_index." + table, clu);
        Dataset<Row> e = read(spark, "emb.electricity_index." + table, emb);
        assertEquals(e.schema(), c.schema(), table + ": schema");
        long rows = e.count();
        assertTrue(rows > 0, table + ": the embedded run wrote rows");
        assertEquals(rows, c.count(), table + ": row count");
        assertEquals(0, c.exceptAll(e).count(), table + ": cluster rows missing from embedded");
        assertEquals(0, e.exceptAll(c).count(), table + ": embedded rows missing from cluster");
        System.out.printf(Locale.ROOT, "gold %s: %d rows, identical%n", table, rows);
        compared++;
      }
      assertTrue(compared >= 3, "compared the product's gold tables: " + tables);
    } finally {
      spark.stop();
    }
  }

  private static boolean hasBranch(SparkSession spark, String table, String branch) {
    return spark.sql("SELECT name FROM " + table + ".refs WHERE name = '" + branch + "'").count()
        == 1;
  }

  private static Dataset<Row> read(SparkSession spark, String table, String branch) {
    Dataset<Row> d = spark.sql("SELECT * FROM " + table + " VERSION AS OF '" + branch + "'");
    for (String col : RUN_SPECIFIC) {
      if (Arrays.asList(d.columns()).contains(col)) {
        d = d.drop(col);
      }
    }
    // Set operations refuse maps (composite_uncertainty.scenarios): compare their sorted entries.
    for (org.apache.spark.sql.types.StructField f : d.schema().fields()) {
      if (f.dataType() instanceof org.apache.spark.sql.types.MapType) {
        d =
            d.withColumn(
                f.name(),
                org.apache.spark.sql.functions.array_sort(
                    org.apache.spark.sql.functions.map_entries(
                        org.apache.spark.sql.functions.col(f.name()))));
      }
    }
    return d;
  }

  /** The profile's Iceberg catalog settings (from the factory's own code) under another name. */
  private static void catalog(
      Map<String, String> settings,
      String name,
      Path conf,
      String profile,
      Map<String, String> env) {
    FactoryConfig config =
        FactoryConfig.resolve(
            new FactoryConfig.Overrides(
                Optional.empty(), Optional.of(conf.toString()), Optional.of(profile)),
            env,
            conf);
    LakehouseSessions.settings(config)
        .forEach(
            (k, v) -> {
              if (k.startsWith("spark.sql.catalog.lake")) {
                settings.put(
                    "spark.sql.catalog." + name + k.substring("spark.sql.catalog.lake".length()),
                    v);
              }
            });
  }

  /** The run's conf dir: the repository's specs, an embedded and a loopback cluster profile. */
  private static Path confDir(Path conf, Path embeddedWarehouse) throws IOException {
    Path repo = Path.of(System.getProperty("factory.root"), "conf");
    for (String dir : List.of("sources", "tables", "products", "reference")) {
      copyTree(repo.resolve(dir), conf.resolve(dir));
    }
    Files.writeString(
        conf.resolve("embedded.yaml"),
        String.join(
            "\n",
            "warehouse: " + embeddedWarehouse,
            "spark:",
            "  master: \"local[2]\"",
            "  conf:",
            "    spark.sql.shuffle.partitions: \"2\"",
            "catalog:",
            "  type: hadoop",
            "lineage:",
            "  transport: file",
            ""),
        StandardCharsets.UTF_8);
    // As conf/cluster.yaml: endpoints and credentials come from the environment.
    Files.writeString(
        conf.resolve("cluster.yaml"),
        String.join(
            "\n",
            "warehouse: s3a://lake/warehouse",
            "spark:",
            "  conf:",
            "    spark.sql.shuffle.partitions: \"2\"",
            "    spark.hadoop.fs.s3a.endpoint: ${FACTORY_S3_ENDPOINT}",
            "    spark.hadoop.fs.s3a.endpoint.region: us-east-1",
            "    spark.hadoop.fs.s3a.connection.ssl.enabled: \"false\"",
            "    spark.hadoop.fs.s3a.access.key: ${FACTORY_S3_ACCESS_KEY}",
            "    spark.hadoop.fs.s3a.secret.key: ${FACTORY_S3_SECRET_KEY}",
            "    spark.hadoop.fs.s3a.aws.credentials.provider:"
                + " org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
            "    spark.hadoop.fs.s3a.attempts.maximum: \"2\"",
            "    spark.hadoop.fs.s3a.retry.limit: \"2\"",
            "catalog:",
            "  type: jdbc",
            "  uri: jdbc:postgresql://127.0.0.1:${FACTORY_PG_PORT}/postgres",
            "  properties:",
            "    jdbc.user: ${FACTORY_PG_USER}",
            "    jdbc.password: ${FACTORY_PG_PASSWORD}",
            "lineage:",
            "  transport: file",
            ""),
        StandardCharsets.UTF_8);
    return conf;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /**
   * A SPARK_HOME a worker can start executors from: {@code jars/} holds the engine jars (links to
   * the local Maven repository), {@code conf/} a quieter log4j2 configuration. Spark's launcher
   * (AbstractCommandBuilder.buildClassPath) needs no more: SPARK_HOME/conf and SPARK_HOME/jars/*
   * become the executor's class path, and SPARK_SCALA_VERSION stands in for a build tree.
   */
  private static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    String cp = Files.readString(Path.of(System.getProperty("factory.cluster.classpath"))).strip();
    for (String jar : cp.split(java.io.File.pathSeparator)) {
      Path j = Path.of(jar);
      Files.createSymbolicLink(jars.resolve(j.getFileName()), j);
    }
    Path conf = Files.createDirectories(home.resolve("conf"));
    Files.writeString(
        conf.resolve("log4j2.properties"),
        String.join(
            "\n",
            "rootLogger.level = warn",
            "rootLogger.appenderRef.stdout.ref = console",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex",
            "logger.master.name = org.apache.spark.deploy",
            "logger.master.level = info",
            ""),
        StandardCharsets.UTF_8);
    return home;
  }

  private Process start(
      String name,
      Path sparkHome,
      Map<String, String> env,
      List<String> jvm,
      String main,
      String... args)
      throws IOException {
    String cp = sparkHome.resolve("conf") + java.io.File.pathSeparator + sparkHome + "/jars/*";
    return startJava(name, cp, env, jvm, main, args);
  }

  private Process startJava(
      String name,
      String classPath,
      Map<String, String> env,
      List<String> jvm,
      String main,
      String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    for (String flag : System.getProperty("factory.jvm.flags", "").split(" ")) {
      if (!flag.isBlank()) {
        cmd.add(flag);
      }
    }
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(main);
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(tmp.toFile())
            .redirectOutput(tmp.resolve(name + ".out").toFile())
            .redirectError(tmp.resolve(name + ".err").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    started.add(p);
    return p;
  }

  private void awaitLog(String name, String line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    Path err = tmp.resolve(name + ".err");
    Process p = started.get(started.size() - 1);
    while (System.nanoTime() < deadline) {
      if (Files.readString(err, StandardCharsets.UTF_8).contains(line)) {
        return;
      }
      if (!p.isAlive()) {
        throw new AssertionError(name + " exited (" + p.exitValue() + "):\n" + tail(err));
      }
      Thread.sleep(200);
    }
    throw new AssertionError(name + " did not log '" + line + "' in " + START + ":\n" + tail(err));
  }

  private String await(String name, Process p, Duration limit)
      throws IOException, InterruptedException {
    if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError(
          name + " did not finish in " + limit + ":\n" + tail(tmp.resolve(name + ".err")));
    }
    String out = Files.readString(tmp.resolve(name + ".out"), StandardCharsets.UTF_8);
    assertEquals(
        0,
        p.exitValue(),
        name + " failed:\n" + out + "\n" + tail(tmp.resolve(name + ".err")) + workerLogs());
    return out;
  }

  private String workerLogs() throws IOException {
    Path work = tmp.resolve("worker");
    if (!Files.isDirectory(work)) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> walk = Files.walk(work)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.getFileName().toString().equals("stderr")) {
          sb.append("\n--- executor ").append(p).append(":\n").append(tail(p));
        }
      }
    }
    return sb.toString();
  }

  /** The candidate the run's summary names (the summary goes to stderr, data to stdout). */
  private String candidate(String name, String out) throws IOException {
    Matcher m =
        CANDIDATE.matcher(
            out + Files.readString(tmp.resolve(name + ".err"), StandardCharsets.UTF_8));
    assertTrue(
        m.find(),
        name
            + " run printed no electricity_index candidate:\n"
            + out
            + "\n"
            + tail(tmp.resolve(name + ".err")));
    return m.group(1);
  }

  private static String read(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p)) {
          sb.append(Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    }
    assertFalse(sb.isEmpty(), "Spark wrote an event log under " + dir);
    return sb.toString();
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no " + file + ")";
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops what the test started, latest first; a worker's executors first of all. */
  private void stopAll() {
    for (int i = started.size() - 1; i >= 0; i--) {
      Process p = started.get(i);
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
