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
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.FactoryCommandTest.Result;
import org.dataelements.factory.orchestration.sample.SampleDataGenerator;
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

  @TempDir Path tmp;

  /**
   * One warehouse through three SIGKILLs: during silver's commits, during the product's gold
   * commits, and during the publish of its release; each next command recovers.
   */
  @Test
  void killsDuringSilverGoldAndPublishAreRecoveredByTheNextCommand() throws Exception {
    Path landing = tmp.resolve("landing");
    new SampleDataGenerator(2, 2020, 2021, 0.1).write(landing);
    Path wh = tmp.resolve("wh");
    String[] run =
        with(wh, "run", "--product", "electricity_index", "--landing", landing.toString());

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
    Result recovered = FactoryCommandTest.factory(tmp, run);
    assertEquals(0, recovered.code(), recovered.err());
    assertTrue(
        recovered.err().contains("its process is gone"),
        "the killed run's lock is taken over, and the console says so: " + recovered.err());
    assertConsistent(wh);
    String candidate = candidate(recovered.err());

    // 4. Killed during the publish: once the publish intent is written, before it completes.
    Path admin = tmp.resolve("admin.token");
    Path operator = tmp.resolve("ops.token");
    token(with(wh, "users", "add", "admin", "--role", "admin"), admin);
    token(
        with(
            wh, "users", "add", "ops.wang", "--role", "operator", "--token-file", admin.toString()),
        operator);
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
            () -> firstNew(releases, Set.of(), p -> p.getFileName().toString().contains("intent")));

    // 5. The next release command completes the interrupted publish, once.
    Result list = FactoryCommandTest.factory(tmp, with(wh, "release", "list", "--format", "csv"));
    assertEquals(0, list.code(), list.err());
    assertTrue(
        list.err().contains("completed the interrupted publish of electricity_index 1.0.0"),
        list.err());
    Result released =
        sql(
            wh,
            "select status, version, count(*) over () as rows from lake.ops.releases"
                + " where product = 'electricity_index' and candidate = '"
                + candidate
                + "'");
    assertEquals(List.of("status,version,rows", "released,1.0.0,1"), lines(released));
    Result again = FactoryCommandTest.factory(tmp, with(wh, "release", "list"));
    assertFalse(again.err().contains("completed the interrupted publish"), again.err());
    Path out = tmp.resolve("pulled");
    Result pull =
        FactoryCommandTest.factory(
            tmp,
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
    System.out.printf(
        "fault matrix: kill@silver %s | kill@gold %s | kill@publish %s%n",
        silverKill, goldKill, publishKill);
  }

  /**
   * A full disk: the warehouse on a small tmpfs. The run fails with one clear line naming the
   * cause, no stack trace; with room again, the next run completes and every table reads back.
   */
  @Test
  void aFullDiskFailsWithOneClearLineAndTheNextRunCompletes() throws Exception {
    Path landing = tmp.resolve("landing");
    new SampleDataGenerator(2, 2020, 2021, 0.1).write(landing);
    Path wh = Files.createDirectories(tmp.resolve("wh"));
    boolean mounted =
        sh("mount", "-t", "tmpfs", "-o", "size=" + FULL_DISK_KB + "k", "tmpfs", wh.toString());
    Required.check(
        Required.TMPFS,
        mounted,
        "cannot mount a tmpfs at " + wh + " (needs root or CAP_SYS_ADMIN)");
    try {
      String[] run =
          with(wh, "run", "--product", "electricity_index", "--landing", landing.toString());
      long start = System.nanoTime();
      Result full = FactoryCommandTest.factory(tmp, run);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "fault matrix: full disk: exit %d in %.1f s: %s%n",
          full.code(), seconds, full.err().lines().reduce((a, b) -> b).orElse(""));
      assertEquals(1, full.code(), full.err());
      List<String> err = full.err().lines().toList();
      String last = err.get(err.size() - 1);
      assertTrue(
          last.startsWith("error: ") && last.contains("No space left on device"),
          "the last line says the disk is full: " + full.err());
      assertFalse(full.err().contains("\tat "), "no stack trace without --verbose: " + full.err());

      assertTrue(sh("mount", "-o", "remount,size=512m", wh.toString()), "remount with room");
      Result next = FactoryCommandTest.factory(tmp, run);
      assertEquals(0, next.code(), next.err());
      Result tables = FactoryCommandTest.factory(tmp, with(wh, "tables", "--format", "csv"));
      assertEquals(0, tables.code(), "every table reads back: " + tables.err());
      assertConsistent(wh);
    } finally {
      sh("umount", "-l", wh.toString());
    }
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

  /** Invariants a clean run leaves, whatever was killed before it. */
  private void assertConsistent(Path wh) throws Exception {
    Result r =
        sql(
            wh,
            "select"
                + " (select count(*) from (select _source_file from bronze.grid__meter_daily"
                + "   group by 1 having count(distinct _batch_id) > 1)) as landed_twice,"
                + " (select count(*) - count(distinct account_id, reading_date)"
                + "   from silver.power__meter_daily) as silver_duplicates,"
                + " (select count(*) - count(distinct path, checksum) from lake.ops.ingest_files"
                + "   where status = 'landed') as recorded_twice");
    assertEquals(
        List.of("landed_twice,silver_duplicates,recorded_twice", "0,0,0"),
        lines(r),
        "no file landed twice, no silver key twice, no landed file recorded twice: " + r.err());
  }

  /**
   * Starts the command, waits for {@code moment} to find its file, SIGKILLs the process, and says
   * what it saw; fails when the command ended first (the kill would prove nothing).
   */
  private String killWhen(String step, String[] args, IoSupplier<Optional<Path>> moment)
      throws Exception {
    Path out = tmp.resolve(step + ".out");
    Path err = tmp.resolve(step + ".err");
    long start = System.nanoTime();
    Process p = FactoryCommandTest.start(tmp, out, err, args);
    long deadline = start + TimeUnit.MINUTES.toNanos(KILL_WAIT_MINUTES);
    Optional<Path> seen = Optional.empty();
    while (p.isAlive() && System.nanoTime() < deadline) {
      seen = moment.get();
      if (seen.isPresent()) {
        break;
      }
      Thread.sleep(20);
    }
    boolean alive = p.isAlive();
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hooks, no cleanup
    String log = Files.readString(err, StandardCharsets.UTF_8);
    assertTrue(
        seen.isPresent(),
        step + ": the commit to kill at never appeared (exit " + exit(p) + "):\n" + log);
    assertTrue(
        alive,
        step + ": the command ended before the kill could land; make the input bigger:\n" + log);
    return String.format(
        "killed %.1f s in, at %s (exit %d)",
        (System.nanoTime() - start) / 1e9, seen.get().getFileName(), p.exitValue());
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

  private void token(String[] args, Path file) throws Exception {
    Result r = FactoryCommandTest.factory(tmp, args);
    assertEquals(0, r.code(), r.err());
    List<String> out = r.out().lines().toList();
    Files.writeString(file, out.get(out.size() - 1).trim() + "\n");
  }

  private static String candidate(String err) {
    return err.lines()
        .map(String::trim)
        .filter(l -> l.startsWith("electricity_index: candidate_"))
        .map(l -> l.substring("electricity_index: ".length()).split(" ")[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no candidate in:\n" + err));
  }

  private Result sql(Path wh, String query) throws Exception {
    Result r = FactoryCommandTest.factory(tmp, with(wh, "sql", query, "--format", "csv"));
    assertEquals(0, r.code(), r.err());
    return r;
  }

  private static List<String> lines(Result r) {
    return r.out().lines().toList();
  }

  private static String[] with(Path wh, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--warehouse", wh.toString(), "--conf", SparkTestSession.confDir().toString()));
    return all.toArray(String[]::new);
  }
}
