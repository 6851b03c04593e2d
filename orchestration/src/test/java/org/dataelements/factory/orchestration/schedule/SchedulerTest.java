package org.dataelements.factory.orchestration.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.dataelements.factory.core.RunPolicy;
import org.dataelements.factory.orchestration.Console;
import org.junit.jupiter.api.Test;

/** The scheduling loop on a fake clock with a launcher that records its runs. */
class SchedulerTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private final ByteArrayOutputStream said = new ByteArrayOutputStream();
  private final Console console = new Console(new PrintStream(said, true, StandardCharsets.UTF_8));

  /** Time that passes only when the scheduler sleeps or a fake run takes its time. */
  static final class FakeClock implements SchedulerClock {
    Instant now;
    private boolean woken;

    FakeClock(String start) {
      now = Instant.parse(start);
    }

    @Override
    public synchronized Instant now() {
      return now;
    }

    @Override
    public synchronized void sleepUntil(Instant until) {
      if (woken) {
        woken = false;
        return;
      }
      if (until.isAfter(now)) {
        now = until;
      }
    }

    @Override
    public synchronized void wake() {
      woken = true;
    }
  }

  /** A run as scripted: how long it takes and how it ends (a negative code: it cannot start). */
  record Script(Duration takes, int exitCode) {}

  /** Records each start; a run takes its scripted time on the fake clock. */
  static final class RecordingLauncher implements RunLauncher {
    final List<String> started = new ArrayList<>();
    private final FakeClock clock;
    private final Map<String, Deque<Script>> scripts = new HashMap<>();

    RecordingLauncher(FakeClock clock) {
      this.clock = clock;
    }

    RecordingLauncher script(String product, Script... runs) {
      scripts.put(product, new ArrayDeque<>(List.of(runs)));
      return this;
    }

    @Override
    public Child start(String product) throws IOException {
      started.add(product + "@" + clock.now());
      Script s =
          Optional.ofNullable(scripts.get(product))
              .map(Deque::poll)
              .orElse(new Script(Duration.ofMinutes(1), 0));
      if (s.exitCode() < 0) {
        throw new IOException("no such program");
      }
      Instant end = clock.now().plus(s.takes());
      return new Child() {
        @Override
        public long pid() {
          return 4242;
        }

        @Override
        public boolean awaitExit(Duration timeout) {
          synchronized (clock) {
            Instant until = clock.now.plus(timeout);
            clock.now = until.isBefore(end) ? until : end;
            return !clock.now.isBefore(end);
          }
        }

        @Override
        public int exitCode() {
          return s.exitCode();
        }

        @Override
        public void terminate() {}

        @Override
        public void kill() {}
      };
    }
  }

  private static Scheduler.Entry entry(String product, String cron, String zone) {
    return new Scheduler.Entry(
        product, new RunPolicy(Optional.of(cron), ZoneId.of(zone), 0, Duration.ZERO));
  }

  private String said() {
    return said.toString(StandardCharsets.UTF_8);
  }

  @Test
  void firesEachProductOnItsCronInItsTimeZoneInTimeOrder() throws Exception {
    FakeClock clock = new FakeClock("2026-12-01T00:00:00Z");
    RecordingLauncher launcher = new RecordingLauncher(clock);
    // 09:00 in Shanghai is 01:00 UTC.
    Scheduler s =
        new Scheduler(
            List.of(entry("a", "0 9 * * *", "Asia/Shanghai"), entry("b", "30 */6 * * *", "UTC")),
            launcher,
            clock,
            console,
            5);
    s.run();
    assertEquals(
        List.of(
            "b@2026-12-01T00:30:00Z",
            "a@2026-12-01T01:00:00Z",
            "b@2026-12-01T06:30:00Z",
            "b@2026-12-01T12:30:00Z",
            "b@2026-12-01T18:30:00Z"),
        launcher.started,
        said());
    assertTrue(
        said().contains("a: succeeded (exit 0) in 1m 00s; next run 2026-12-02 09:00 +08:00"),
        said());
    assertTrue(said().contains("stopped after 5 run(s)"), said());
  }

  @Test
  void aProductDueWhileAnotherRunsWaitsAndThenRunsOnceHoweverOftenItFellDue() throws Exception {
    FakeClock clock = new FakeClock("2026-12-01T00:58:00Z");
    RecordingLauncher launcher =
        new RecordingLauncher(clock).script("b", new Script(Duration.ofMinutes(45), 0));
    Scheduler s =
        new Scheduler(
            List.of(entry("a", "*/10 * * * *", "UTC"), entry("b", "2 * * * *", "UTC")),
            launcher,
            clock,
            console,
            4);
    s.run();
    // b runs 01:02-01:47; a falls due at 01:10, 01:20, 01:30 and 01:40 meanwhile and runs once.
    assertEquals(
        List.of(
            "a@2026-12-01T01:00:00Z",
            "b@2026-12-01T01:02:00Z",
            "a@2026-12-01T01:47:00Z",
            "a@2026-12-01T01:50:00Z"),
        launcher.started,
        said());
    assertTrue(
        said().contains("a: fell due at 2026-12-01 01:10 +00:00 while b is running; it runs after"),
        said());
    assertTrue(
        said()
            .contains(
                "a: fell due at 2026-12-01 01:40 +00:00 again while waiting for b; it runs once"),
        said());
    // Logged when it happens, not when the run ends.
    assertTrue(said().contains("[2026-12-01 01:20:00Z] a: fell due at 2026-12-01 01:20"), said());
  }

  @Test
  void aRunLongerThanItsOwnIntervalRunsAgainOnceAfterIt() throws Exception {
    FakeClock clock = new FakeClock("2026-12-01T00:59:30Z");
    RecordingLauncher launcher =
        new RecordingLauncher(clock).script("a", new Script(Duration.ofMinutes(35), 0));
    Scheduler s =
        new Scheduler(List.of(entry("a", "*/10 * * * *", "UTC")), launcher, clock, console, 2);
    s.run();
    assertEquals(
        List.of("a@2026-12-01T01:00:00Z", "a@2026-12-01T01:35:00Z"), launcher.started, said());
    assertTrue(said().contains("it fell due again during the run and runs next in turn"), said());
  }

  @Test
  void aFailedRunOrOneThatCannotStartDoesNotStopTheScheduler() throws Exception {
    FakeClock clock = new FakeClock("2026-12-01T00:00:00Z");
    RecordingLauncher launcher =
        new RecordingLauncher(clock)
            .script(
                "a",
                new Script(Duration.ofSeconds(90), 1),
                new Script(Duration.ZERO, -1),
                new Script(Duration.ofSeconds(5), 3),
                new Script(Duration.ofSeconds(5), 0));
    Scheduler s =
        new Scheduler(List.of(entry("a", "0 * * * *", "UTC")), launcher, clock, console, 4);
    s.run();
    assertEquals(4, launcher.started.size(), said());
    assertTrue(
        said()
            .contains(
                "a: failed (exit 1; the scheduler carries on) in 1m 30s; next run 2026-12-01"
                    + " 02:00 +00:00"),
        said());
    assertTrue(said().contains("a: failed to start (no such program)"), said());
    assertTrue(said().contains("a: completed with rejected files (exit 3"), said());
    assertTrue(said().contains("a: succeeded (exit 0) in 5.0 s"), said());
  }

  @Test
  void timesMissedBeforeTheSchedulerStartedAreNotCaughtUp() throws Exception {
    FakeClock clock = new FakeClock("2026-12-01T06:30:00Z");
    RecordingLauncher launcher = new RecordingLauncher(clock);
    Scheduler s =
        new Scheduler(List.of(entry("a", "0 6 * * *", "UTC")), launcher, clock, console, 1);
    assertEquals(
        Instant.parse("2026-12-02T06:00:00Z"), s.nextFireTimes(clock.now()).get("a").toInstant());
    s.run();
    assertEquals(List.of("a@2026-12-02T06:00:00Z"), launcher.started, said());
  }

  @Test
  void stoppingWhileIdleEndsPromptly() throws Exception {
    Scheduler s =
        new Scheduler(
            List.of(entry("a", "0 0 1 1 *", "UTC")),
            new RecordingLauncher(new FakeClock("2026-01-01T00:00:00Z")),
            SchedulerClock.of(Clock.systemUTC()),
            console,
            0);
    Thread loop = start(s);
    Thread.sleep(300);
    long t0 = System.nanoTime();
    assertTrue(s.stop(Duration.ofSeconds(5)), "it was running");
    loop.join(2000);
    assertFalse(loop.isAlive(), said());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "prompt");
    assertTrue(said().endsWith("] stopped\n"), said());
    assertFalse(s.stop(Duration.ofSeconds(5)), "ended already");
  }

  @Test
  void stoppingDuringARunTerminatesTheChild() throws Exception {
    var launched = new AtomicReference<RunLauncher.Child>();
    Scheduler s = aboutToRun(List.of("sleep", "30"), launched);
    Thread loop = start(s);
    RunLauncher.Child child = awaitLaunch(launched);
    long t0 = System.nanoTime();
    assertTrue(s.stop(Duration.ofSeconds(20)));
    loop.join(5000);
    assertFalse(loop.isAlive(), said());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "SIGTERM ended sleep at once");
    assertFalse(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false));
    assertTrue(said().contains("a: run stopped by the shutdown (exit 143)"), said());
    assertFalse(said().contains("killing"), said());
    assertTrue(said().endsWith("] stopped\n"), said());
  }

  @Test
  void aRunThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
    var launched = new AtomicReference<RunLauncher.Child>();
    Scheduler s = aboutToRun(List.of("sh", "-c", "trap '' TERM; exec sleep 30"), launched);
    Thread loop = start(s);
    RunLauncher.Child child = awaitLaunch(launched);
    long t0 = System.nanoTime();
    assertTrue(s.stop(Duration.ofSeconds(1)));
    loop.join(5000);
    assertFalse(loop.isAlive(), said());
    long took = System.nanoTime() - t0;
    assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(900), "waited for the grace period");
    assertTrue(took < TimeUnit.SECONDS.toNanos(5), "then killed it");
    assertFalse(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false));
    assertTrue(said().contains("did not stop within 1 s; killing it"), said());
    assertTrue(said().contains("(exit 137)"), said());
    assertTrue(said().endsWith("] stopped\n"), said());
  }

  /** A scheduler of one product due every minute, on a clock a second before a minute. */
  private Scheduler aboutToRun(List<String> command, AtomicReference<RunLauncher.Child> launched) {
    Instant now = Instant.now();
    Instant minute = now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(60);
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(now, minute).minusSeconds(1));
    ProcessLauncher processes = new ProcessLauncher(p -> command);
    RunLauncher recording =
        p -> {
          RunLauncher.Child c = processes.start(p);
          launched.set(c);
          return c;
        };
    return new Scheduler(
        List.of(entry("a", "* * * * *", "UTC")), recording, SchedulerClock.of(clock), console, 0);
  }

  private static RunLauncher.Child awaitLaunch(AtomicReference<RunLauncher.Child> launched)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (launched.get() == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    RunLauncher.Child c = launched.get();
    assertTrue(c != null, "a run was launched");
    Thread.sleep(200); // let sh set its trap
    return c;
  }

  private static Thread start(Scheduler s) {
    Thread t =
        new Thread(
            () -> {
              try {
                s.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    t.start();
    return t;
  }
}
