package org.dataelements.factory.products.electricityindex.seasonal;

import static java.util.Objects.requireNonNull;

import com.ibm.icu.util.Calendar;
import com.ibm.icu.util.ChineseCalendar;
import com.ibm.icu.util.TimeZone;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Chinese New Year (Spring Festival) dates, and a moving-holiday regressor for monthly series in
 * the spirit of X-13's {@code genhol}.
 *
 * <p>For the festival of year {@code y} on date {@code F}, the holiday window is the {@code
 * daysBefore + daysAfter} days {@code [F - daysBefore, F + daysAfter - 1]}: with {@code daysAfter =
 * 0} it ends on New Year's Eve, with {@code daysBefore = 0} it starts on the festival itself. The
 * regressor's value for a month is the share of the window's days falling in that month, minus the
 * mean share of that calendar month over the festivals of {@value #REFERENCE_FIRST_YEAR}–{@value
 * #REFERENCE_LAST_YEAR}. Centring removes the part of the effect that recurs every year in the same
 * month, which the seasonal component already holds, so the regressor is not collinear with
 * seasonality: it is zero in months no window ever reaches, and over any calendar year whose
 * windows stay inside it, its values sum to zero.
 *
 * <p>Dates come from ICU4J's {@link ChineseCalendar} (the first day of the first, non-leap lunar
 * month, reckoned in China Standard Time), except in 1954, 2027 and 2030. ICU4J approximates new
 * moons to within minutes, and in those years the new moon that starts the year falls within eight
 * minutes of midnight, China Standard Time (1954-02-03 23:55, 2027-02-06 23:56, 2030-02-03 00:07 by
 * Meeus' algorithm), so ICU4J 76.1 puts the festival a day late (1954, 2027) or early (2030). The
 * dates of those new moons, 1954-02-03, 2027-02-06 and 2030-02-03, are used instead. In every other
 * year from {@value #FIRST_YEAR} to {@value #LAST_YEAR}, ICU4J's date is the new moon's date by
 * Meeus' algorithm (before 1929 in Beijing mean time, which the calendar then used). All methods
 * are thread-safe.
 */
public final class ChineseNewYear {
  /** First year whose festival date is available. */
  public static final int FIRST_YEAR = 1900;

  /** Last year whose festival date is available; regressor months end one year earlier. */
  public static final int LAST_YEAR = 2200;

  /** First year of the span whose mean monthly shares centre the regressor. */
  public static final int REFERENCE_FIRST_YEAR = 1950;

  /** Last year of the span whose mean monthly shares centre the regressor. */
  public static final int REFERENCE_LAST_YEAR = 2100;

  /** Largest {@code daysBefore} or {@code daysAfter}: keeps a window between November and April. */
  public static final int MAX_DAYS = 60;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** Years in which ICU4J 76.1 is a day off (see the class comment), with the official date. */
  private static final Map<Integer, LocalDate> ICU_CORRECTIONS =
      Map.of(
          1954, LocalDate.of(1954, 2, 3),
          2027, LocalDate.of(2027, 2, 6),
          2030, LocalDate.of(2030, 2, 3));

  private static final ConcurrentMap<Integer, LocalDate> FESTIVALS = new ConcurrentHashMap<>();
  private static final ConcurrentMap<List<Integer>, double[]> MEAN_SHARES =
      new ConcurrentHashMap<>();

  private ChineseNewYear() {}

  /**
   * The Gregorian date of the Spring Festival (first day of the first lunar month) of a year.
   *
   * @throws IllegalArgumentException when {@code year} is outside {@value #FIRST_YEAR}–{@value
   *     #LAST_YEAR}
   */
  public static LocalDate springFestival(int year) {
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      throw new IllegalArgumentException(
          "year "
              + year
              + " is outside the supported span "
              + FIRST_YEAR
              + "–"
              + LAST_YEAR
              + " of Spring Festival dates; use a year within it");
    }
    return FESTIVALS.computeIfAbsent(
        year, y -> ICU_CORRECTIONS.containsKey(y) ? ICU_CORRECTIONS.get(y) : icuSpringFestival(y));
  }

  /**
   * The centred Chinese New Year regressor for {@code length} consecutive months from {@code start}
   * (see the class comment).
   *
   * @param start the first month
   * @param length the number of months, zero or more
   * @param daysBefore days of the window before the festival, 0 to {@value #MAX_DAYS}
   * @param daysAfter days of the window from the festival on (the festival day included), 0 to
   *     {@value #MAX_DAYS}; {@code daysBefore + daysAfter} must be at least 1
   * @return one value per month; a fresh array
   * @throws IllegalArgumentException when the window is invalid, {@code length} is negative, or the
   *     months leave {@value #FIRST_YEAR}-01 to {@code LAST_YEAR - 1}-12
   */
  public static double[] regressor(YearMonth start, int length, int daysBefore, int daysAfter) {
    requireNonNull(start, "start is null");
    checkWindow(daysBefore, daysAfter);
    if (length < 0) {
      throw new IllegalArgumentException("length " + length + " is negative; use 0 or more months");
    }
    double[] values = new double[length];
    if (length == 0) {
      return values;
    }
    YearMonth end = start.plusMonths(length - 1L);
    if (start.getYear() < FIRST_YEAR || end.getYear() >= LAST_YEAR) {
      throw new IllegalArgumentException(
          "months "
              + start
              + " to "
              + end
              + " leave the regressor's span "
              + FIRST_YEAR
              + "-01 to "
              + (LAST_YEAR - 1)
              + "-12; use months within it");
    }
    double[] mean = meanShares(daysBefore, daysAfter);
    for (int i = 0; i < length; i++) {
      YearMonth month = start.plusMonths(i);
      values[i] = share(month, daysBefore, daysAfter) - mean[month.getMonthValue() - 1];
    }
    return values;
  }

  /**
   * The share of festival-window days (of any festival) falling in {@code month}, before centring.
   * Package-private for tests.
   */
  static double share(YearMonth month, int daysBefore, int daysAfter) {
    LocalDate first = month.atDay(1);
    LocalDate last = month.atEndOfMonth();
    long days = 0;
    // With at most MAX_DAYS on either side, only the festivals of this year and the next (whose
    // window may start in November or December) can reach a month.
    for (int year = month.getYear(); year <= month.getYear() + 1; year++) {
      LocalDate festival = springFestival(year);
      LocalDate windowStart = festival.minusDays(daysBefore);
      LocalDate windowEnd = festival.plusDays(daysAfter - 1L);
      LocalDate from = windowStart.isAfter(first) ? windowStart : first;
      LocalDate to = windowEnd.isBefore(last) ? windowEnd : last;
      if (!from.isAfter(to)) {
        days += to.toEpochDay() - from.toEpochDay() + 1;
      }
    }
    return days / (double) (daysBefore + daysAfter);
  }

  /**
   * Mean share of each calendar month (index 0 = January) over the reference span. Package-private
   * for tests; callers must not modify the array.
   */
  static double[] meanShares(int daysBefore, int daysAfter) {
    checkWindow(daysBefore, daysAfter);
    return MEAN_SHARES.computeIfAbsent(
        List.of(daysBefore, daysAfter),
        key -> {
          double[] mean = new double[12];
          int years = REFERENCE_LAST_YEAR - REFERENCE_FIRST_YEAR + 1;
          for (int year = REFERENCE_FIRST_YEAR; year <= REFERENCE_LAST_YEAR; year++) {
            for (int month = 1; month <= 12; month++) {
              mean[month - 1] += share(YearMonth.of(year, month), daysBefore, daysAfter) / years;
            }
          }
          return mean;
        });
  }

  /** Checks a window's bounds; package-private for the adjuster's constructor. */
  static void checkWindow(int daysBefore, int daysAfter) {
    if (daysBefore < 0
        || daysBefore > MAX_DAYS
        || daysAfter < 0
        || daysAfter > MAX_DAYS
        || daysBefore + daysAfter < 1) {
      throw new IllegalArgumentException(
          "Chinese New Year window of "
              + daysBefore
              + " days before and "
              + daysAfter
              + " days after the festival is invalid; use 0 to "
              + MAX_DAYS
              + " days on each side and at least 1 day in all");
    }
  }

  /** The festival as ICU4J computes it, without corrections. Package-private for tests. */
  static LocalDate icuSpringFestival(int year) {
    // ICU's calendars are mutable and not thread-safe: one per computation. In GMT, midnight of a
    // LocalDate maps to that same civil date; ICU fixes new moons in China Standard Time itself.
    ChineseCalendar lunar = new ChineseCalendar(TimeZone.GMT_ZONE);
    // The festival always falls between 21 January and 20 February.
    for (LocalDate day = LocalDate.of(year, 1, 19);
        day.isBefore(LocalDate.of(year, 2, 23));
        day = day.plusDays(1)) {
      lunar.setTimeInMillis(day.toEpochDay() * MILLIS_PER_DAY);
      if (lunar.get(Calendar.MONTH) == 0
          && lunar.get(Calendar.DAY_OF_MONTH) == 1
          && lunar.get(ChineseCalendar.IS_LEAP_MONTH) == 0) {
        return day;
      }
    }
    throw new IllegalStateException(
        "ICU4J's ChineseCalendar gives no first day of the first lunar"
            + " month between 19 January and 22 February "
            + year
            + "; check the icu4j version");
  }
}
