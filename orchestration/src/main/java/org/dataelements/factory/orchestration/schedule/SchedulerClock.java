package org.dataelements.factory.orchestration.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The scheduler's time: what time it is, and a sleep that {@link #wake()} cuts short. */
public interface SchedulerClock {
  Instant now();

  /** Sleeps until {@code until}, or until {@link #wake()} is called. */
  void sleepUntil(Instant until) throws InterruptedException;

  /** Ends a {@link #sleepUntil} in progress (and the next one, if none is in progress). */
  void wake();

  /** Wall-clock time of {@code clock}. */
  static SchedulerClock of(Clock clock) {
    return new Wall(clock);
  }

  /** Sleeps in slices of at most a minute, so that a wall clock set forward is noticed. */
  final class Wall implements SchedulerClock {
    private static final Duration SLICE = Duration.ofMinutes(1);
    private final Clock clock;
    private boolean woken;

    Wall(Clock clock) {
      this.clock = clock;
    }

    @Override
    public Instant now() {
      return clock.instant();
    }

    @Override
    public synchronized void sleepUntil(Instant until) throws InterruptedException {
      while (!woken) {
        Duration left = Duration.between(now(), until);
        if (left.isNegative() || left.isZero()) {
          return;
        }
        long millis = Math.max(1, (left.compareTo(SLICE) > 0 ? SLICE : left).toMillis());
        wait(millis);
      }
      woken = false;
    }

    @Override
    public synchronized void wake() {
      woken = true;
      notifyAll();
    }
  }
}
