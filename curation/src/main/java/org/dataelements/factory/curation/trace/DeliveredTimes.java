package org.dataelements.factory.curation.trace;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates and times as the traceability sources deliver them, parsed strictly in plain Java (Spark's
 * own parsers either accept calendar errors such as 31/02 or refuse patterns that the legacy parser
 * read, depending on the session's policy).
 */
final class DeliveredTimes {
  private DeliveredTimes() {}

  /** How a source writes dates (an enum, so that a Spark UDF can carry it by name). */
  enum DateStyle {
    /** Day-first dates of UK spreadsheets: 24/01/2022, 24/1/22, 24-Jan-2022, 24 January 2022. */
    DAY_FIRST(
        "d/M/uuuu",
        "d/M/uu",
        "d.M.uuuu",
        "uuuu-M-d",
        "d-MMM-uuuu",
        "d-MMM-uu",
        "d MMM uuuu",
        "d MMMM uuuu"),
    /**
     * Year-first dates of Chinese documents: 2024-05-01, 2024/5/1, 2024.5.1, 20240501, 2024年5月1日.
     */
    YEAR_FIRST("uuuu-M-d", "uuuu/M/d", "uuuu.M.d", "uuuuMMdd", "uuuu年M月d日");

    private final List<DateTimeFormatter> patterns;

    DateStyle(String... patterns) {
      this.patterns = java.util.Arrays.stream(patterns).map(DeliveredTimes::strict).toList();
    }
  }

  private static DateTimeFormatter strict(String pattern) {
    return new DateTimeFormatterBuilder()
        .parseCaseInsensitive()
        .appendPattern(pattern)
        .toFormatter(Locale.UK)
        .withResolverStyle(ResolverStyle.STRICT);
  }

  /** A date-time with a date part, a time part and perhaps an offset (Z, +08:00, +0800, +08). */
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?)"
              + "\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?",
          Pattern.CASE_INSENSITIVE);

  /**
   * A date in one of the style's patterns; a date-time's date part (2024-05-01T08:00:00+08:00 →
   * 2024-05-01) is accepted too.
   */
  static Optional<LocalDate> date(String delivered, DateStyle style) {
    if (delivered == null || delivered.isBlank()) {
      return Optional.empty();
    }
    String s = delivered.strip().replaceAll("\\s+", " ");
    for (DateTimeFormatter f : style.patterns) {
      try {
        return Optional.of(LocalDate.parse(s, f));
      } catch (DateTimeException e) {
        // try the next pattern
      }
    }
    Matcher m = DATE_TIME.matcher(s);
    if (m.matches()) {
      try {
        return Optional.of(LocalDate.parse(m.group(1)));
      } catch (DateTimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** What a delivered time is. */
  enum TimeKind {
    /** A date-time with an offset: the instant is known. */
    INSTANT,
    /** A date-time without an offset: the instant is unknown. */
    NO_OFFSET,
    /** A date alone (ISO), no time of day and no offset. */
    DATE_ONLY,
    /** Empty. */
    MISSING,
    /** Not a date-time. */
    UNPARSEABLE
  }

  /**
   * A parsed time: its kind; for INSTANT the instant and the offset as delivered, for DATE_ONLY the
   * start of the day in UTC (for a caller that accepts a bare date).
   */
  record DeliveredTime(TimeKind kind, Optional<Instant> instant, Optional<String> offset) {
    DeliveredTime {
      requireNonNull(kind, "kind is null");
      requireNonNull(instant, "instant is null");
      requireNonNull(offset, "offset is null");
    }

    static DeliveredTime of(TimeKind kind) {
      return new DeliveredTime(kind, Optional.empty(), Optional.empty());
    }
  }

  /**
   * An ISO 8601 date-time ({@code 2024-05-01T08:00:00+08:00}; a space for the T, {@code Z}, {@code
   * +0800} and {@code +08} accepted), telling apart one without an offset and a bare date.
   */
  static DeliveredTime time(String delivered) {
    if (delivered == null || delivered.isBlank()) {
      return DeliveredTime.of(TimeKind.MISSING);
    }
    String s = delivered.strip();
    Matcher m = DATE_TIME.matcher(s);
    if (!m.matches()) {
      try {
        Instant midnight = LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new DeliveredTime(TimeKind.DATE_ONLY, Optional.of(midnight), Optional.empty());
      } catch (DateTimeException e) {
        return DeliveredTime.of(TimeKind.UNPARSEABLE);
      }
    }
    String local = m.group(1) + "T" + m.group(2).replace(',', '.');
    try {
      LocalDateTime.parse(local);
      String offset = m.group(3);
      if (offset == null) {
        return DeliveredTime.of(TimeKind.NO_OFFSET);
      }
      String iso = offset.equalsIgnoreCase("z") ? "Z" : isoOffset(offset);
      Instant instant = OffsetDateTime.parse(local + iso).toInstant();
      return new DeliveredTime(TimeKind.INSTANT, Optional.of(instant), Optional.of(offset));
    } catch (DateTimeException e) {
      return DeliveredTime.of(TimeKind.UNPARSEABLE);
    }
  }

  /** +08 → +08:00, +0800 → +08:00. */
  private static String isoOffset(String offset) {
    String digits = offset.substring(1).replace(":", "");
    String hhmm = digits.length() == 2 ? digits + "00" : digits;
    return offset.charAt(0) + hhmm.substring(0, 2) + ":" + hhmm.substring(2);
  }
}
