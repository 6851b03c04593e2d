package org.dataelements.factory.orchestration.schedule;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.dataelements.factory.core.RunPolicy;
import org.dataelements.factory.orchestration.Console;

/**
 * A scheduler as {@code factory schedule} runs it, whose one product is due a second after start
 * and whose run is {@code sleep 30}: for stopping it with a signal in its own JVM.
 */
final class SleepingScheduleMain {
  private SleepingScheduleMain() {}

  public static void main(String[] args) throws Exception {
    Scheduler.Entry a =
        new Scheduler.Entry(
            "a", new RunPolicy(Optional.of("* * * * *"), ZoneId.of("UTC"), 0, Duration.ZERO));
    a.policy().nextAfter(ZonedDateTime.now(ZoneOffset.UTC)); // cron-utils loaded: the offset holds
    Instant now = Instant.now();
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(now, minute).minusSeconds(1));
    Scheduler s =
        new Scheduler(
            List.of(a),
            new ProcessLauncher(p -> List.of("sleep", "30")),
            SchedulerClock.of(clock),
            new Console(new PrintStream(System.err, true, StandardCharsets.UTF_8)),
            0);
    s.runUntilStopped(Duration.ofSeconds(Long.parseLong(args[0])));
    System.exit(0);
  }
}
