package org.dataelements.factory.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunPolicyTest {
  @Test
  void theNextTimeIsReadInTheProductsTimeZone() {
    RunPolicy p = RunPolicy.of("30 6 * * 1-5", "Asia/Shanghai", null, null);
    // Friday 2026-12-04 23:00 UTC is Saturday 07:00 in Shanghai: next is Monday 06:30 there.
    ZonedDateTime after = ZonedDateTime.of(2026, 12, 4, 23, 0, 0, 0, ZoneId.of("UTC"));
    ZonedDateTime next = p.nextAfter(after).orElseThrow();
    assertEquals(
        ZonedDateTime.of(2026, 12, 7, 6, 30, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant(),
        next.toInstant());
  }

  @Test
  void noScheduleMeansOnDemandOnly() {
    assertEquals(Optional.empty(), RunPolicy.DEFAULTS.nextAfter(ZonedDateTime.now()));
  }

  @Test
  void aBadExpressionSaysWhatACronExpressionIs() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> RunPolicy.of("every day", null, 1, 1));
    assertTrue(e.getMessage().contains("'every day'"), e.getMessage());
    assertTrue(e.getMessage().contains("five fields"), e.getMessage());
    // Quartz's six fields (seconds first) are not Unix cron
    assertThrows(IllegalArgumentException.class, () -> RunPolicy.of("0 0 6 * * ?", null, 1, 1));
    var z =
        assertThrows(
            IllegalArgumentException.class, () -> RunPolicy.of(null, "Mars/Olympus", 1, 1));
    assertTrue(z.getMessage().contains("Mars/Olympus"), z.getMessage());
  }

  @Test
  void backOffDoublesFromTheDelay() {
    RunPolicy p = RunPolicy.of(null, null, 3, 5);
    assertEquals(Duration.ofSeconds(5), p.backoff(1));
    assertEquals(Duration.ofSeconds(10), p.backoff(2));
    assertEquals(Duration.ofSeconds(20), p.backoff(3));
    assertThrows(IllegalArgumentException.class, () -> RunPolicy.of(null, null, 11, 5));
  }
}
