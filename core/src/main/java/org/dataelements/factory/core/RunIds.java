package org.dataelements.factory.core;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Run ids: sortable and branch-safe, e.g. {@code 20261128T145500Z_ab12} (DESIGN §8). */
public final class RunIds {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  /** A new run id for the given start time. */
  public static String next(Instant start) {
    byte[] b = new byte[2];
    RANDOM.nextBytes(b);
    return FORMAT.format(start) + "_" + HexFormat.of().formatHex(b);
  }

  /** The run's start instant. */
  public static Instant startOf(String runId) {
    return Instant.from(FORMAT.parse(runId.substring(0, 16)));
  }
}
