package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When and how a product is run unattended, from its spec: {@code schedule} (a Unix cron
 * expression, five fields, read in {@code timezone}; absent = run only on demand), and how often a
 * step's transient failure (I/O, catalog, object store) is retried, {@code retries}, the first wait
 * {@code retry_delay_seconds} doubling after each attempt. The same values drive {@code factory
 * schedule}, {@code factory run} and the rendered Airflow DAGs. Cron expressions are parsed by
 * cron-utils (Unix definition, the one Airflow uses).
 */
public record RunPolicy(
    Optional<String> schedule, ZoneId timezone, int retries, Duration retryDelay) {
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
  public static final RunPolicy DEFAULTS =
      new RunPolicy(Optional.empty(), DEFAULT_ZONE, 2, Duration.ofSeconds(30));

  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  public RunPolicy {
    requireNonNull(schedule, "schedule is null");
    requireNonNull(timezone, "timezone is null");
    requireNonNull(retryDelay, "retryDelay is null");
    schedule.ifPresent(RunPolicy::parse);
    if (retries < 0 || retries > 10) {
      throw new IllegalArgumentException("retries " + retries + " must be between 0 and 10");
    }
    if (retryDelay.isNegative() || retryDelay.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "retry_delay_seconds " + retryDelay.toSeconds() + " must be between 0 and 3600");
    }
  }

  /** The policy as written in a spec; absent keys take the defaults. */
  static RunPolicy of(
      String schedule, String timezone, Integer retries, Integer retryDelaySeconds) {
    ZoneId zone;
    try {
      zone = timezone == null ? DEFAULT_ZONE : ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "timezone '" + timezone + "' is not a time zone id (e.g. Asia/Shanghai, UTC)");
    }
    return new RunPolicy(
        Optional.ofNullable(schedule).map(String::strip),
        zone,
        retries == null ? DEFAULTS.retries() : retries,
        retryDelaySeconds == null
            ? DEFAULTS.retryDelay()
            : Duration.ofSeconds(retryDelaySeconds.longValue()));
  }

  private static Cron parse(String expression) {
    try {
      return UNIX.parse(expression).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "schedule '"
              + expression
              + "' is not a cron expression of five fields (minute hour day-of-month month"
              + " day-of-week, e.g. \"0 6 * * *\" for 06:00 every day): "
              + e.getMessage());
    }
  }

  /** The first scheduled time strictly after {@code after}; empty when the product has none. */
  public Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
    return schedule.flatMap(
        s -> ExecutionTime.forCron(parse(s)).nextExecution(after.withZoneSameInstant(timezone)));
  }

  /** The wait before retry number {@code attempt} (1-based): the delay, doubled each time. */
  public Duration backoff(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt " + attempt + " must be 1 or more");
    }
    return retryDelay.multipliedBy(1L << Math.min(attempt - 1, 16));
  }
}
