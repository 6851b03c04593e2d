package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.dataelements.factory.orchestration.sample.SampleDataGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  @TempDir Path wh;
  private final ByteArrayOutputStream said = new ByteArrayOutputStream();
  private final Console console = new Console(new PrintStream(said, true, StandardCharsets.UTF_8));

  private void lockFile(String runId, String host, long pid, Instant beat) throws Exception {
    Files.writeString(
        wh.resolve(RunLock.FILE),
        String.format(
            "{\"run_id\":\"%s\",\"host\":\"%s\",\"pid\":%d,\"started_at\":\"%s\",\"heartbeat_at\":\"%s\"}%n",
            runId, host, pid, beat.minusSeconds(60), beat));
  }

  @Test
  void aLiveHolderRefusesASecondRunNamingItself() throws Exception {
    try (RunLock held = RunLock.acquire(wh, "20261204T000000Z_aaaa", console)) {
      var e =
          assertThrows(
              RunLock.Held.class, () -> RunLock.acquire(wh, "20261204T000001Z_bbbb", console));
      assertTrue(e.getMessage().contains("run 20261204T000000Z_aaaa"), e.getMessage());
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
      assertTrue(e.getMessage().contains("host " + RunLock.host()), e.getMessage());
      assertTrue(e.getMessage().contains("started "), e.getMessage());
    }
    assertFalse(Files.exists(wh.resolve(RunLock.FILE)), "released");
  }

  @Test
  void aLockWhoseProcessIsGoneIsTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
    lockFile("20261204T000000Z_dead", RunLock.host(), gone.pid(), Instant.now());
    try (RunLock lock = RunLock.acquire(wh, "20261204T000002Z_cccc", console)) {
      assertTrue(said.toString(StandardCharsets.UTF_8).contains("its process is gone"));
      assertEquals(
          "20261204T000002Z_cccc", RunLock.read(wh.resolve(RunLock.FILE)).orElseThrow().runId());
    }
  }

  @Test
  void anotherHostsLockIsTakenOverOnlyOnceItsHeartbeatStopped() throws Exception {
    lockFile("20261204T000000Z_far", "some-other-host", 1, Instant.now());
    assertThrows(RunLock.Held.class, () -> RunLock.acquire(wh, "r2", console));
    lockFile(
        "20261204T000000Z_far",
        "some-other-host",
        1,
        Instant.now().minus(RunLock.STALE).minus(Duration.ofSeconds(5)));
    try (RunLock lock = RunLock.acquire(wh, "r3", console)) {
      assertTrue(said.toString(StandardCharsets.UTF_8).contains("its heartbeat stopped"));
    }
  }

  @Test
  void closingLeavesAnotherRunsLockAlone() throws Exception {
    RunLock lock = RunLock.acquire(wh, "r4", console);
    lockFile("someone-else", RunLock.host(), ProcessHandle.current().pid(), Instant.now());
    lock.close();
    assertTrue(Files.exists(wh.resolve(RunLock.FILE)), "not ours any more: kept");
  }

  /**
   * As a user meets it: a second `factory run` while one runs is refused with the holder; the first
   * killed with SIGKILL leaves its lock, and the next run takes it over and completes.
   */
  @Test
  @Tag("spark")
  void aRunKilledWithSigkillLeavesALockTheNextRunTakesOver(@TempDir Path tmp) throws Exception {
    Path landing = tmp.resolve("landing");
    new SampleDataGenerator(5, 2020, 2020, 0.0).write(landing);
    Path w = tmp.resolve("wh");
    String[] run = {
      "run",
      "--product",
      "electricity_index",
      "--landing",
      landing.toString(),
      "--warehouse",
      w.toString(),
      "--conf",
      org.dataelements.factory.core.testing.SparkTestSession.confDir().toString()
    };
    Process first =
        FactoryCommandTest.start(tmp, tmp.resolve("first.out"), tmp.resolve("first.err"), run);
    Path lock = w.resolve(RunLock.FILE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(lock) && first.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(lock), "the first run took the lock");
    RunLock.Holder holder = RunLock.read(lock).orElseThrow();

    var refused = FactoryCommandTest.factory(tmp, run);
    assertEquals(FactoryMain.FAILED, refused.code(), refused.err());
    assertTrue(refused.err().contains("run " + holder.runId()), refused.err());
    assertTrue(refused.err().contains("pid " + first.pid()), refused.err());

    first.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    assertTrue(Files.exists(lock), "a killed run leaves its lock");

    var next = FactoryCommandTest.factory(tmp, run);
    assertTrue(next.code() == FactoryMain.OK, next.err());
    assertTrue(next.err().contains("taking over the lock of run " + holder.runId()), next.err());
    assertFalse(Files.exists(lock), "released at the end");
  }
}
