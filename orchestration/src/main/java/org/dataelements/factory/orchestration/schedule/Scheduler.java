package org.dataelements.factory.orchestration.schedule;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dataelements.factory.core.RunPolicy;
import org.dataelements.factory.orchestration.Console;

/**
 * Runs products on their cron schedules, one run at a time, until stopped. A product that falls due
 * while another runs waits for it, at most once however often it fell due; times missed while the
 * scheduler was not running are not caught up.
 */
public final class Scheduler {
  /** A product and when it runs. */
  public record Entry(String product, RunPolicy policy) {
    public Entry {
      requireNonNull(product, "product is null");
      requireNonNull(policy, "policy is null");
      if (policy.schedule().isEmpty()) {
        throw new IllegalArgumentException("product " + product + " has no schedule");
      }
    }
  }

  /** How fire times are printed: local time in the product's zone, with its offset. */
  public static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /** How often a run's fire times are counted at most when the scheduler falls far behind. */
  private static final int MAX_COUNTED = 10_000;

  /** The longest wait on a running child between looks at the clock. */
  private static final Duration POLL = Duration.ofMinutes(1);

  private final List<Entry> entries;
  private final RunLauncher launcher;
  private final SchedulerClock clock;
  private final Console console;
  private final long maxRuns;
  private final Map<String, ZonedDateTime> next = new LinkedHashMap<>();
  private final Map<String, ZonedDateTime> pending = new LinkedHashMap<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopping;
  private RunLauncher.Child current;
  private int runs;

  /**
   * @param maxRuns stop after this many runs; 0 for no limit
   */
  public Scheduler(
      List<Entry> entries,
      RunLauncher launcher,
      SchedulerClock clock,
      Console console,
      long maxRuns) {
    this.entries = List.copyOf(entries);
    this.launcher = requireNonNull(launcher, "launcher is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.console = requireNonNull(console, "console is null");
    if (this.entries.isEmpty()) {
      throw new IllegalArgumentException("no product to schedule");
    }
    if (maxRuns < 0) {
      throw new IllegalArgumentException("maxRuns " + maxRuns + " must be 0 or more");
    }
    this.maxRuns = maxRuns;
  }

  /** The number of runs started so far. */
  public int runs() {
    return runs;
  }

  /** Schedules until {@link #stop} is called or {@code maxRuns} runs have ended. */
  public void run() throws InterruptedException {
    try {
      Instant start = clock.now();
      for (Entry e : entries) {
        next.put(e.product(), nextAfter(e, start));
      }
      while (!stopping && (maxRuns == 0 || runs < maxRuns)) {
        collectDue(Optional.empty());
        if (pending.isEmpty()) {
          clock.sleepUntil(earliestNext());
          continue;
        }
        String product = pending.keySet().iterator().next();
        ZonedDateTime due = pending.remove(product);
        runOnce(product, due);
      }
      say(
          maxRuns > 0 && runs >= maxRuns && !stopping
              ? "stopped after " + runs + " run(s) (--max-runs " + maxRuns + ")"
              : "stopped");
    } finally {
      finished.countDown();
    }
  }

  /**
   * {@link #run()} with a shutdown hook, so that SIGTERM or Ctrl-C stops it as {@link #stop} does;
   * the process then exits 0 once "stopped" is printed.
   */
  public void runUntilStopped(Duration grace) throws InterruptedException {
    Thread hook =
        new Thread(
            () -> {
              try {
                if (stop(grace)) {
                  // A signal's exit status would be 143; a scheduler stopped on request exits 0.
                  Runtime.getRuntime().halt(0);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "factory-schedule-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    run();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutting down already: the hook prints and exits.
    }
  }

  /** The next fire time of each product, as the scheduler starts. */
  public Map<String, ZonedDateTime> nextFireTimes(Instant now) {
    Map<String, ZonedDateTime> times = new LinkedHashMap<>();
    entries.forEach(e -> times.put(e.product(), nextAfter(e, now)));
    return times;
  }

  /**
   * Stops scheduling: wakes the loop, asks a run in progress to stop (SIGTERM), kills it when it
   * has not ended within {@code grace}, and waits for the loop to end. Returns false when the loop
   * had ended already.
   */
  public boolean stop(Duration grace) throws InterruptedException {
    RunLauncher.Child child;
    synchronized (this) {
      if (finished.getCount() == 0) {
        return false;
      }
      stopping = true;
      child = current;
    }
    clock.wake();
    if (child != null) {
      say("stopping: asking the run in progress (pid " + child.pid() + ") to stop (SIGTERM)");
      child.terminate();
      if (!child.awaitExit(grace)) {
        say(
            "stopping: the run (pid "
                + child.pid()
                + ") did not stop within "
                + grace.toSeconds()
                + " s; killing it");
        child.kill();
        child.awaitExit(Duration.ofSeconds(10));
      }
    }
    finished.await(grace.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    return true;
  }

  private void runOnce(String product, ZonedDateTime due) throws InterruptedException {
    Instant started = clock.now();
    RunLauncher.Child child;
    synchronized (this) {
      if (stopping) {
        return;
      }
      runs++;
      try {
        child = launcher.start(product);
      } catch (IOException | RuntimeException e) {
        say(product + ": failed to start (" + e.getMessage() + "); the scheduler carries on");
        say(product + ": next run " + LOCAL.format(next.get(product)));
        return;
      }
      current = child;
    }
    say(
        product
            + ": run started (due "
            + LOCAL.format(due)
            + ", pid "
            + child.pid()
            + "): factory run --product "
            + product);
    try {
      while (!child.awaitExit(untilNextDueOrPoll())) {
        collectDue(Optional.of(product));
      }
    } finally {
      synchronized (this) {
        current = null;
      }
    }
    collectDue(Optional.of(product));
    String took = format(Duration.between(started, clock.now()));
    int code = child.exitCode();
    if (stopping) {
      say(product + ": run stopped by the shutdown (exit " + code + ") after " + took);
      return;
    }
    String then =
        pending.containsKey(product)
            ? "it fell due again during the run and runs next in turn"
            : "next run " + LOCAL.format(next.get(product));
    say(product + ": " + outcome(code) + " in " + took + "; " + then);
  }

  private static String outcome(int code) {
    return switch (code) {
      case 0 -> "succeeded (exit 0)";
      case 3 -> "completed with rejected files (exit 3; see lake.ops.ingest_files)";
      case 1 -> "failed (exit 1; the scheduler carries on)";
      case 2 -> "refused: bad usage or an invalid spec (exit 2; the scheduler carries on)";
      default -> "ended with exit " + code + " (the scheduler carries on)";
    };
  }

  /** A product that fell due: first at {@code first}, {@code times} times by now. */
  private record Due(String product, ZonedDateTime first, int times) {}

  /**
   * Moves every product whose fire time has come to the pending runs, earliest first and at most
   * once each, and sets its next fire time after now.
   */
  private void collectDue(Optional<String> running) {
    Instant now = clock.now();
    List<Due> due = new ArrayList<>();
    for (Entry e : entries) {
      ZonedDateTime at = next.get(e.product());
      if (at.toInstant().isAfter(now)) {
        continue;
      }
      ZonedDateTime first = at;
      int times = 0;
      while (!at.toInstant().isAfter(now) && times < MAX_COUNTED) {
        times++;
        at = e.policy().nextAfter(at).orElseThrow();
      }
      next.put(e.product(), at.toInstant().isAfter(now) ? at : nextAfter(e, now));
      due.add(new Due(e.product(), first, times));
    }
    due.sort(Comparator.comparing((Due d) -> d.first().toInstant()).thenComparing(Due::product));
    for (Due d : due) {
      String fell =
          d.times() == 1
              ? "fell due at " + LOCAL.format(d.first())
              : "fell due " + d.times() + " times from " + LOCAL.format(d.first());
      if (pending.containsKey(d.product())) {
        say(
            d.product()
                + ": "
                + fell
                + " again while waiting for "
                + running.orElse("its turn")
                + "; it runs once");
      } else {
        pending.put(d.product(), d.first());
        if (running.isPresent()) {
          say(
              d.product()
                  + ": "
                  + fell
                  + " while "
                  + running.get()
                  + " is running; it runs after"
                  + (d.times() > 1 ? ", once" : ""));
        } else if (d.times() > 1) {
          say(d.product() + ": " + fell + "; it runs once");
        }
      }
    }
  }

  private Duration untilNextDueOrPoll() {
    Duration left = Duration.between(clock.now(), earliestNext());
    if (left.isNegative() || left.isZero()) {
      return Duration.ofMillis(1);
    }
    return left.compareTo(POLL) > 0 ? POLL : left;
  }

  private Instant earliestNext() {
    return next.values().stream()
        .map(ZonedDateTime::toInstant)
        .min(Comparator.naturalOrder())
        .orElseThrow();
  }

  private static ZonedDateTime nextAfter(Entry e, Instant now) {
    return e.policy().nextAfter(now.atZone(e.policy().timezone())).orElseThrow();
  }

  private void say(String message) {
    console.line("[" + STAMP.format(clock.now().truncatedTo(ChronoUnit.SECONDS)) + "] " + message);
  }

  static String format(Duration d) {
    if (d.compareTo(Duration.ofMinutes(1)) < 0) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
    long s = d.toSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, s % 3600 / 60, s % 60)
        : String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
  }
}
