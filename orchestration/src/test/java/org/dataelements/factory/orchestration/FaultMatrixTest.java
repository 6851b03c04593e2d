package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dataelements.factory.core.testing.Required;
import org.dataelements.factory.core.testing.S3ProxyServer;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.FactoryCommandTest.Result;
import org.dataelements.factory.orchestration.sample.SampleDataGenerator;
import org.dataelements.factory.products.release.NewUser;
import org.dataelements.factory.products.release.Role;
import org.dataelements.factory.products.release.Users;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a run must survive, each against the real CLI in its own JVM: SIGKILL (no shutdown hooks,
 * no cleanup) at the moment a step's first commit file appears, then the next run must recover with
 * no table half-written, no file landed twice and the ops tables agreeing with the data.
 */
@Tag("spark")
class FaultMatrixTest {
  private static final long KILL_WAIT_MINUTES = 5;

  /**
   * JIT flags for short commands on small input: C1 only and the serial collector halve the CPU a
   * command's start costs (about 12 s to 7 s for {@code factory sql} on two cores), which matters
   * more than peak speed here.
   */
  private static final List<String> QUICK_START =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  @TempDir Path tmp;

  /**
   * One warehouse through three SIGKILLs: during silver's commits, during the product's gold
   * commits, and during the publish of its release; each next command recovers.
   *
   * <p>Every command is a JVM with Spark (15–20 s each on a busy machine before any work), so the
   * input is one small year and each check point is one {@code factory sql} of scalar subqueries.
   */
  @Test
  void killsDuringSilverGoldAndPublishAreRecoveredByTheNextCommand() throws Exception {
    long begin = System.nanoTime();
    Path wh = tmp.resolve("wh");
    String[] run =
        with(wh, "run", "--product", "electricity_index", "--landing", landing().toString());

    // 1. Killed once the first silver table has committed (its _delta_log/…json appears).
    String silverKill =
        killWhen(
            "silver",
            run,
            () -> firstNew(wh.resolve("silver"), Set.of(), FaultMatrixTest::isDeltaCommit));

    // 2. Killed once the product's first gold commit lands (an Iceberg metadata file).
    Path gold = wh.resolve("lake").resolve("electricity_index");
    Set<Path> goldBefore = files(gold, FaultMatrixTest::isIcebergMetadata);
    String goldKill =
        killWhen("gold", run, () -> firstNew(gold, goldBefore, FaultMatrixTest::isIcebergMetadata));

    // 3. The next run takes over the dead run's lock and completes.
    Result recovered = factory("run after the kills", run);
    assertEquals(0, recovered.code(), recovered.err());
    assertTrue(
        recovered.err().contains("its process is gone"),
        "the killed run's lock is taken over, and the console says so: " + recovered.err());
    String candidate = candidate(recovered.err());

    // 4. Killed during the publish: once the publish intent is written, before it completes.
    // The users are set up through the library (the store is a file; `factory users add` would
    // start Spark twice for its audit entries, which this test is not about).
    Users users = Users.of(wh);
    NewUser admin = users.add("admin", Role.ADMIN, Optional.empty());
    Path operator = tmp.resolve("ops.token");
    Files.writeString(
        operator,
        users.add("ops.wang", Role.OPERATOR, Optional.of(admin.token().reveal())).token().reveal()
            + "\n");
    Path releases = wh.resolve("_releases").resolve("electricity_index");
    String publishKill =
        killWhen(
            "publish",
            with(
                wh,
                "release",
                "approve",
                "electricity_index",
                candidate,
                "--token-file",
                operator.toString()),
            () -> firstNew(releases, Set.of(), FaultMatrixTest::isIntent));

    // 5. The next release command completes the interrupted publish, and only once: its intent is
    // gone afterwards (every release command completes whatever intent it finds).
    Result list = factory("release list", with(wh, "release", "list", "--format", "csv"));
    assertEquals(0, list.code(), list.err());
    assertTrue(
        list.err().contains("completed the interrupted publish of electricity_index 1.0.0"),
        list.err());
    assertEquals(
        Set.of(),
        files(wh.resolve("_releases"), FaultMatrixTest::isIntent),
        "no publish is left to complete again");
    Path out = tmp.resolve("pulled");
    Result pull =
        factory(
            "pull",
            with(
                wh,
                "pull",
                "electricity_index@1.0.0",
                "--format",
                "csv",
                "--out",
                out.toString(),
                "--token-file",
                operator.toString()));
    assertEquals(
        0, pull.code(), "the manifest verifies: signature, tags, row counts: " + pull.err());
    assertTrue(Files.isRegularFile(releases.resolve("1.0.0").resolve("manifest.json")));

    // 6. One query for the rest: the data as the recovered run left it (publishing touches none of
    // it), the release recorded once, and every table reads back.
    assertConsistent(
        wh,
        List.of(
            "(select count(*) from lake.ops.releases where product = 'electricity_index'"
                + " and candidate = '"
                + candidate
                + "' and status = 'released' and version = '1.0.0') as released",
            "(select count(*) from lake.ops.releases where product = 'electricity_index'"
                + " and candidate = '"
                + candidate
                + "') as release_rows"),
        List.of("1", "1"));
    System.out.printf(
        "fault matrix: kill@silver %s | kill@gold %s | kill@publish %s | %.0f s in all%n",
        silverKill, goldKill, publishKill, (System.nanoTime() - begin) / 1e9);
  }

  /**
   * A full disk: the warehouse on a small tmpfs. The run fails with one clear line naming the
   * cause, no stack trace; with room again, the next run completes and every table reads back.
   */
  @Test
  void aFullDiskFailsWithOneClearLineAndTheNextRunCompletes() throws Exception {
    long begin = System.nanoTime();
    Path wh = Files.createDirectories(tmp.resolve("wh"));
    boolean mounted =
        sh("mount", "-t", "tmpfs", "-o", "size=" + FULL_DISK_KB + "k", "tmpfs", wh.toString());
    Required.check(
        Required.TMPFS,
        mounted,
        "cannot mount a tmpfs at " + wh + " (needs root or CAP_SYS_ADMIN)");
    try {
      String[] run =
          with(wh, "run", "--product", "electricity_index", "--landing", landing().toString());
      Result full = factory("run on a full disk", run);
      System.out.printf(
          "fault matrix: full disk: exit %d: %s%n",
          full.code(), full.err().lines().reduce((a, b) -> b).orElse(""));
      assertTrue(
          failedInOneLine(full).contains("No space left on device"),
          "the last line says the disk is full: " + full.err());

      assertTrue(sh("mount", "-o", "remount,size=512m", wh.toString()), "remount with room");
      Result next = factory("run with room", run);
      assertEquals(0, next.code(), next.err());
      assertConsistent(wh, List.of(), List.of());
    } finally {
      sh("umount", "-l", wh.toString());
    }
    System.out.printf(
        "fault matrix: full disk: %.0f s in all%n", (System.nanoTime() - begin) / 1e9);
  }

  /**
   * The S3 endpoint of the landing root stops answering mid-run (S3Proxy stopped once the run has
   * begun to stage its files): the run ends within a bounded time with one line naming the failure
   * and no secret; with an endpoint again (a fresh one: its transient backend lost the files, so
   * they are uploaded again) the next run completes consistent. The profile sets no retry limits:
   * the bound is the factory's own.
   */
  @Test
  void anS3EndpointStoppedMidRunFailsInBoundedTimeAndTheNextRunCompletes() throws Exception {
    long begin = System.nanoTime();
    Path wh = tmp.resolve("wh");
    Path conf = s3Conf();
    String[] run =
        with(wh, conf, "run", "--product", "electricity_index", "--landing", "s3a://landing/in");
    Result down;
    try (S3ProxyServer s3 = s3Landing(conf)) {
      down =
          underFault(
              "S3 stopped",
              run,
              () -> firstNew(wh.resolve("_staging"), Set.of(), Files::isRegularFile),
              s3::close,
              S3_DOWN_LIMIT_SECONDS);
    }
    String last = failedInOneLine(down);
    assertTrue(
        last.startsWith("error: a service did not answer (") && last.contains("Connection refused"),
        "the last line says what failed: " + down.err());
    String secret;
    try (S3ProxyServer again = s3Landing(conf)) {
      secret = again.secretKey();
      Result next = factory("run with S3 back", run);
      assertEquals(0, next.code(), next.err());
      assertConsistent(wh, conf, List.of(), List.of());
    }
    assertFalse(
        (down.out() + down.err()).contains(secret), "no secret key in the output: " + down.err());
    System.out.printf(
        "fault matrix: S3 stopped: %.0f s in all%n", (System.nanoTime() - begin) / 1e9);
  }

  /**
   * The PostgreSQL of the Iceberg catalog (a jdbc catalog, as the cluster profile has) restarts
   * while the product's gold tables commit: the step's retries ride it out and the run completes.
   * Then, in a full refresh, it stops and stays down: the run ends within a bounded time with one
   * line naming the failure and no password (which the profile gives in the URL and as a property);
   * started again on the same data, the next run completes consistent.
   */
  @Test
  void aPostgresCatalogRestartedMidRunIsRiddenOutAndAStoppedOneFailsClearly() throws Exception {
    long begin = System.nanoTime();
    Path wh = tmp.resolve("wh");
    Path conf = specs(tmp.resolve("conf"));
    // The product's retries a few seconds apart: its spec's minute would only make this longer.
    Path spec = conf.resolve("products").resolve("electricity_index.yaml");
    String product = Files.readString(spec, StandardCharsets.UTF_8);
    assertTrue(product.contains("retry_delay_seconds: 60"), product);
    Files.writeString(spec, product.replace("retry_delay_seconds: 60", "retry_delay_seconds: 5"));
    Path data = tmp.resolve("pgdata");
    int port = freePort();
    String secret = "pg-secret-" + java.util.UUID.randomUUID();
    Files.writeString(
        conf.resolve("embedded.yaml"),
        String.join(
            "\n",
            "spark:",
            "  master: \"local[2]\"",
            "  conf:",
            "    spark.sql.shuffle.partitions: \"2\"",
            "catalog:",
            "  type: jdbc",
            "  uri: \"jdbc:postgresql://127.0.0.1:" + port + "/postgres?password=" + secret + "\"",
            "  properties:",
            "    jdbc.user: postgres",
            "    jdbc.password: " + secret,
            "lineage:",
            "  transport: file",
            ""),
        StandardCharsets.UTF_8);
    String[] run =
        with(wh, conf, "run", "--product", "electricity_index", "--landing", landing().toString());
    Path gold = wh.resolve("lake").resolve("electricity_index");
    List<String> printed = new ArrayList<>();
    Postgres pg = new Postgres(data, port);
    try {
      // 1. Restarted: down for a few seconds from the product's first gold commit.
      Result restarted =
          underFault(
              "catalog restarted",
              run,
              () -> firstNew(gold, Set.of(), FaultMatrixTest::isIcebergMetadata),
              () -> {
                pg.stop();
                Thread.sleep(PG_DOWN_SECONDS * 1000L);
                pg.start();
              },
              PG_STOPPED_LIMIT_SECONDS);
      printed.add(restarted.out() + restarted.err());
      assertEquals(0, restarted.code(), "the run rides out the restart: " + restarted.err());
      assertTrue(
          restarted.err().contains("transient failure"),
          "the restart reached the run, and a step retried: " + restarted.err());

      // 2. Stopped: a full refresh rebuilds the product, and the catalog goes away at its first
      // gold commit for good.
      Set<Path> before = files(gold, FaultMatrixTest::isIcebergMetadata);
      List<String> refresh = new ArrayList<>(List.of(run));
      refresh.add("--full-refresh");
      Result down =
          underFault(
              "catalog stopped",
              refresh.toArray(String[]::new),
              () -> firstNew(gold, before, FaultMatrixTest::isIcebergMetadata),
              pg::stop,
              PG_STOPPED_LIMIT_SECONDS);
      printed.add(down.out() + down.err());
      assertTrue(
          failedInOneLine(down).startsWith("error: a service did not answer (PSQLException: "),
          "the last line says that the catalog's database failed: " + down.err());

      // 3. Started again on the same data: the next run completes, and everything agrees.
      pg.start();
      Result next = factory("run with the catalog back", run);
      printed.add(next.out() + next.err());
      assertEquals(0, next.code(), next.err());
      assertConsistent(wh, conf, List.of(), List.of());
    } finally {
      pg.stop();
    }
    for (String text : printed) {
      assertFalse(text.contains(secret), "the catalog's password is printed: " + text);
    }
    try (Stream<Path> walk = Files.walk(wh)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        assertFalse(
            new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret),
            "the catalog's password is written in " + f);
      }
    }
    System.out.printf(
        "fault matrix: PostgreSQL catalog: %.0f s in all%n", (System.nanoTime() - begin) / 1e9);
  }

  /** How long the catalog's PostgreSQL stays down when it restarts. */
  private static final int PG_DOWN_SECONDS = 5;

  /** How long a run may take to end once its catalog stopped for good. */
  private static final int PG_STOPPED_LIMIT_SECONDS = 180;

  /**
   * The catalog's PostgreSQL on a fixed port and data folder, so that it can stop and start again
   * as the same server with the same tables (the embedded binaries, 127.0.0.1).
   */
  private static final class Postgres {
    private final Path data;
    private final int port;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    Postgres(Path data, int port) throws IOException {
      this.data = data;
      this.port = port;
      start();
    }

    void start() throws IOException {
      server =
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
              .setLocaleConfig("locale", "C")
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setPort(port)
              .start();
    }

    @SuppressWarnings("try") // closed here, not in a try block: it starts again later
    void stop() throws IOException {
      if (server != null) {
        server.close();
        server = null;
      }
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  interface IoAction {
    void run() throws Exception;
  }

  /**
   * Runs the command, does {@code fault} once {@code moment} finds its file, and waits for the
   * command to end (at most {@code limitSeconds} after the fault); fails when the command ended
   * before the fault (it would prove nothing) or did not end in time.
   */
  private Result underFault(
      String what,
      String[] args,
      IoSupplier<Optional<Path>> moment,
      IoAction fault,
      int limitSeconds)
      throws Exception {
    Started s = startUntil(what, args, moment);
    assertCaught(what, s);
    Process p = s.process();
    double at = s.seconds();
    fault.run();
    boolean ended = p.waitFor(limitSeconds, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    Result r =
        new Result(
            ended ? p.exitValue() : -1,
            Files.readString(s.out(), StandardCharsets.UTF_8),
            Files.readString(s.err(), StandardCharsets.UTF_8));
    System.out.printf(
        "fault matrix: %s at %s, %.1f s in: exit %d in %.1f s: %s%n",
        what,
        s.seen().get().getFileName(),
        at,
        r.code(),
        s.seconds(),
        r.err().lines().reduce((a, b) -> b).orElse(""));
    assertTrue(ended, what + ": still running " + limitSeconds + " s after the fault:\n" + r.err());
    return r;
  }

  /**
   * The last line of a command that failed (exit 1) with one line and no stack trace, as every
   * fault here must end a command that cannot go on.
   */
  private static String failedInOneLine(Result r) {
    assertEquals(1, r.code(), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
    List<String> err = r.err().lines().toList();
    String last = err.get(err.size() - 1);
    assertTrue(last.startsWith("error: "), "the last line is the error: " + r.err());
    return last;
  }

  /** How long a run may take to give up once S3 stopped answering. */
  private static final int S3_DOWN_LIMIT_SECONDS = 150;

  /**
   * A fresh S3Proxy with the landing uploaded to s3a://landing/in, and the conf dir's default
   * profile pointed at it: the specs of the repository, a local warehouse, s3a settings without
   * retry limits.
   */
  private static S3ProxyServer s3Landing(Path conf) throws IOException {
    S3ProxyServer s3 = S3ProxyServer.start();
    try {
      s3.createBucket("landing");
      org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
      s3.hadoopSettings().forEach(hadoop::set);
      try (org.apache.hadoop.fs.FileSystem fs =
          org.apache.hadoop.fs.FileSystem.newInstance(
              java.net.URI.create("s3a://landing"), hadoop)) {
        fs.copyFromLocalFile(
            false,
            true,
            new org.apache.hadoop.fs.Path(landing().toUri()),
            new org.apache.hadoop.fs.Path("s3a://landing/in"));
      }
      List<String> yaml = new ArrayList<>(List.of("spark:", "  master: \"local[2]\"", "  conf:"));
      yaml.add("    spark.sql.shuffle.partitions: \"2\"");
      for (String key :
          List.of(
              "fs.s3a.endpoint",
              "fs.s3a.endpoint.region",
              "fs.s3a.path.style.access",
              "fs.s3a.connection.ssl.enabled",
              "fs.s3a.access.key",
              "fs.s3a.secret.key",
              "fs.s3a.aws.credentials.provider",
              "fs.s3a.directory.marker.retention")) {
        yaml.add("    spark.hadoop." + key + ": \"" + s3.hadoopSettings().get(key) + "\"");
      }
      yaml.addAll(List.of("catalog:", "  type: hadoop", "lineage:", "  transport: file", ""));
      // The default profile: every command of the test reads it.
      Files.writeString(
          conf.resolve("embedded.yaml"), String.join("\n", yaml), StandardCharsets.UTF_8);
      return s3;
    } catch (IOException | RuntimeException e) {
      s3.close();
      throw e;
    }
  }

  /** A conf dir with the repository's specs (its profiles come from {@link #s3Landing}). */
  private Path s3Conf() throws IOException {
    return specs(tmp.resolve("conf"));
  }

  /** A conf dir at {@code conf} with a copy of the repository's specs and no profile. */
  private static Path specs(Path conf) throws IOException {
    Path repo = SparkTestSession.confDir();
    for (String dir : List.of("sources", "tables", "products", "reference")) {
      Path from = repo.resolve(dir);
      try (Stream<Path> walk = Files.walk(from)) {
        for (Path f : walk.toList()) {
          Path to = conf.resolve(dir).resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(to);
          } else {
            Files.copy(f, to);
          }
        }
      }
    }
    return conf;
  }

  private static final int FULL_DISK_KB = 768;

  private static boolean sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    if (!ok) {
      System.out.println(String.join(" ", cmd) + ": " + out);
    }
    return ok;
  }

  /**
   * Invariants a clean run leaves, whatever was killed before it, and every table (each Delta table
   * under bronze/silver, each Iceberg table under lake) reads back, all in one {@code factory sql}:
   * the {@code extra} scalar subqueries must answer {@code expected}.
   */
  private void assertConsistent(Path wh, List<String> extra, List<String> expected)
      throws Exception {
    assertConsistent(wh, SparkTestSession.confDir(), extra, expected);
  }

  private void assertConsistent(Path wh, Path conf, List<String> extra, List<String> expected)
      throws Exception {
    List<String> columns = new ArrayList<>();
    columns.add(
        "(select count(*) from (select _source_file from bronze.grid__meter_daily"
            + " group by 1 having count(distinct _batch_id) > 1)) as landed_twice");
    columns.add(
        "(select count(*) - count(distinct account_id, reading_date)"
            + " from silver.power__meter_daily) as silver_duplicates");
    columns.add(
        "(select count(*) - count(distinct path, checksum) from lake.ops.ingest_files"
            + " where status = 'landed') as recorded_twice");
    columns.addAll(extra);
    List<String> tables = tables(wh);
    assertTrue(tables.size() > 3, "tables found: " + tables);
    for (int i = 0; i < tables.size(); i++) {
      columns.add("(select count(*) >= 0 from " + tables.get(i) + ") as read_" + i);
    }
    Result r =
        factory(
            "sql",
            with(wh, conf, "sql", "select " + String.join(", ", columns), "--format", "csv"));
    assertEquals(0, r.code(), r.err());
    List<String> values = new ArrayList<>(List.of("0", "0", "0"));
    values.addAll(expected);
    values.addAll(java.util.Collections.nCopies(tables.size(), "true"));
    List<String> got = lines(r);
    assertEquals(2, got.size(), r.out() + r.err());
    assertEquals(
        String.join(",", values),
        got.get(1),
        "no file landed twice, no silver key twice, no landed file recorded twice, "
            + String.join(", ", extra)
            + ", then every one of "
            + tables
            + " reads: "
            + r.err());
  }

  /** The SQL name of every table in the warehouse, found on disk as {@code factory tables} does. */
  private static List<String> tables(Path wh) throws IOException {
    List<String> out = new ArrayList<>();
    for (String layer : List.of("bronze", "silver")) {
      for (Path t : children(wh.resolve(layer), ns -> children(ns, e -> List.of(e)))) {
        if (Files.isDirectory(t.resolve("_delta_log"))) {
          out.add(layer + "." + t.getParent().getFileName() + "__" + t.getFileName());
        }
      }
    }
    for (Path t : children(wh.resolve("lake"), ns -> children(ns, e -> List.of(e)))) {
      if (Files.isDirectory(t.resolve("metadata"))) {
        out.add("lake." + t.getParent().getFileName() + "." + t.getFileName());
      }
    }
    return out;
  }

  interface IoFunction<T, R> {
    R apply(T t) throws IOException;
  }

  private static List<Path> children(Path dir, IoFunction<Path, List<Path>> each)
      throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.filter(Files::isDirectory).sorted().toList()) {
        out.addAll(each.apply(p));
      }
    }
    return out;
  }

  /** The sample landing both tests read (read only): one year, a tenth of the accounts. */
  private static synchronized Path landing() throws IOException {
    if (landing == null) {
      landing = shared.resolve("landing");
      new SampleDataGenerator(1, 2021, 2021, 0.1).write(landing);
    }
    return landing;
  }

  @TempDir static Path shared;
  private static Path landing;

  /** Runs a command to its end and says how long it took. */
  private Result factory(String what, String... args) throws Exception {
    long start = System.nanoTime();
    Result r = FactoryCommandTest.factory(tmp, QUICK_START, args);
    System.out.printf(
        "fault matrix: %s: exit %d in %.1f s%n", what, r.code(), (System.nanoTime() - start) / 1e9);
    return r;
  }

  /**
   * Starts the command, waits for {@code moment} to find its file, SIGKILLs the process, and says
   * what it saw; fails when the command ended first (the kill would prove nothing).
   */
  private String killWhen(String step, String[] args, IoSupplier<Optional<Path>> moment)
      throws Exception {
    Started s = startUntil(step, args, moment);
    // SIGKILL: no shutdown hooks, no cleanup
    s.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertCaught(step, s);
    return String.format(
        "killed %.1f s in, at %s (exit %d)",
        s.seconds(), s.seen().get().getFileName(), s.process().exitValue());
  }

  /**
   * A command started in its own JVM, as it was when {@code moment} found its file, it ended, or
   * {@link #KILL_WAIT_MINUTES} ran out, whichever came first.
   */
  private record Started(
      Process process, Path out, Path err, long startNanos, Optional<Path> seen, boolean alive) {
    double seconds() {
      return (System.nanoTime() - startNanos) / 1e9;
    }
  }

  private Started startUntil(String name, String[] args, IoSupplier<Optional<Path>> moment)
      throws Exception {
    Path out = tmp.resolve(name.replace(' ', '-') + ".out");
    Path err = tmp.resolve(name.replace(' ', '-') + ".err");
    long start = System.nanoTime();
    Process p = FactoryCommandTest.start(tmp, out, err, QUICK_START, args);
    long deadline = start + TimeUnit.MINUTES.toNanos(KILL_WAIT_MINUTES);
    Optional<Path> seen = Optional.empty();
    while (p.isAlive() && System.nanoTime() < deadline) {
      seen = moment.get();
      if (seen.isPresent()) {
        break;
      }
      Thread.sleep(20);
    }
    return new Started(p, out, err, start, seen, p.isAlive());
  }

  /**
   * Fails, after killing the command, unless the moment came while it still ran (a fault after it
   * ended, or without its moment, would prove nothing).
   */
  private static void assertCaught(String what, Started s) throws Exception {
    if (s.seen().isPresent() && s.alive()) {
      return;
    }
    s.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    String log = Files.readString(s.err(), StandardCharsets.UTF_8);
    assertTrue(
        s.seen().isPresent(),
        what
            + ": the moment for the fault never appeared (exit "
            + exit(s.process())
            + "):\n"
            + log);
    assertTrue(
        s.alive(),
        what + ": the command ended before the fault could land; make the input bigger:\n" + log);
  }

  private static String exit(Process p) {
    return p.isAlive() ? "running" : Integer.toString(p.exitValue());
  }

  interface IoSupplier<T> {
    T get() throws IOException;
  }

  private static boolean isDeltaCommit(Path p) {
    return p.getParent() != null
        && p.getParent().getFileName().toString().equals("_delta_log")
        && p.getFileName().toString().matches("\\d{20}\\.json");
  }

  private static boolean isIntent(Path p) {
    return p.getFileName().toString().equals("publish-intent.json");
  }

  private static boolean isIcebergMetadata(Path p) {
    return p.getFileName().toString().endsWith(".metadata.json");
  }

  private static Set<Path> files(Path root, Predicate<Path> which) throws IOException {
    if (!Files.isDirectory(root)) {
      return Set.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(which).collect(Collectors.toSet());
    } catch (UncheckedIOException e) {
      return files(root, which); // a folder appeared or vanished during the walk
    }
  }

  private static Optional<Path> firstNew(Path root, Set<Path> before, Predicate<Path> which)
      throws IOException {
    return files(root, which).stream().filter(p -> !before.contains(p)).findFirst();
  }

  private static String candidate(String err) {
    return err.lines()
        .map(String::trim)
        .filter(l -> l.startsWith("electricity_index: candidate_"))
        .map(l -> l.substring("electricity_index: ".length()).split(" ")[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no candidate in:\n" + err));
  }

  private static List<String> lines(Result r) {
    return r.out().lines().toList();
  }

  private static String[] with(Path wh, String... args) {
    return with(wh, SparkTestSession.confDir(), args);
  }

  private static String[] with(Path wh, Path conf, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--warehouse", wh.toString(), "--conf", conf.toString()));
    return all.toArray(String[]::new);
  }
}
