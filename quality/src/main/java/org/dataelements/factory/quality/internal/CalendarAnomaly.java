package org.dataelements.factory.quality.internal;

import static java.util.Objects.requireNonNull;

import com.ibm.icu.util.ChineseCalendar;
import com.ibm.icu.util.TimeZone;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Year-over-year anomaly judgement of monthly values with the Chinese New Year as its own season:
 * each month is compared with the median of its seasonal peers in the (up to) three most recent
 * earlier years — a growing series is compared with its recent level, not its whole history — and
 * its ratio to that median must stay within {@code [1 - maxDecrease, 1 + maxIncrease]}. Peers of
 * the month that holds the Spring Festival are the festival months of earlier years (whichever
 * Gregorian month they fell in); peers of a January or February without the festival are the
 * festival-free Januaries and Februaries of earlier years (the same month where there are any);
 * peers of any other month are the same month of earlier years.
 */
public final class CalendarAnomaly {
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  // Gregorian year + 2637 is the ICU extended year of the lunar year starting in it.
  private static final int EXTENDED_YEAR_OFFSET = 2637;
  private static final Map<Integer, LocalDate> FESTIVALS = new ConcurrentHashMap<>();

  private CalendarAnomaly() {}

  /** How many earlier years' peers a month is compared with (the most recent ones). */
  static final int PEER_YEARS = 3;

  /** Which seasonal peers a month is compared with. */
  public enum Season {
    /** The month holding the Spring Festival (Chinese New Year's day). */
    SPRING_FESTIVAL("Spring Festival month"),
    /** A January or February without the festival. */
    JAN_FEB_WITHOUT_FESTIVAL("January/February without the Spring Festival"),
    /** Any other month. */
    REGULAR("same month");

    private final String label;

    Season(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * The judgement of one month: its value, season, the earlier months it was compared with, their
   * median and the ratio to it (both empty when there were no peers yet), and whether it is out of
   * bounds.
   */
  public record Verdict(
      YearMonth period,
      double value,
      Season season,
      List<YearMonth> peers,
      OptionalDouble baseline,
      OptionalDouble ratio,
      boolean anomalous) {
    public Verdict {
      requireNonNull(period, "period is null");
      requireNonNull(season, "season is null");
      peers = List.copyOf(peers);
      requireNonNull(baseline, "baseline is null");
      requireNonNull(ratio, "ratio is null");
    }

    public boolean hasPeers() {
      return !peers.isEmpty();
    }
  }

  /** The Gregorian date of the Spring Festival (first day of the first lunar month) in a year. */
  public static LocalDate springFestival(int year) {
    return FESTIVALS.computeIfAbsent(
        year,
        y -> {
          ChineseCalendar cc = new ChineseCalendar(TimeZone.getTimeZone("Asia/Shanghai"));
          cc.clear();
          cc.set(ChineseCalendar.EXTENDED_YEAR, y + EXTENDED_YEAR_OFFSET);
          cc.set(ChineseCalendar.MONTH, 0);
          cc.set(ChineseCalendar.IS_LEAP_MONTH, 0);
          cc.set(ChineseCalendar.DAY_OF_MONTH, 1);
          return Instant.ofEpochMilli(cc.getTimeInMillis()).atZone(CHINA).toLocalDate();
        });
  }

  /** The month of a year that holds its Spring Festival. */
  public static YearMonth festivalMonth(int year) {
    return YearMonth.from(springFestival(year));
  }

  public static Season season(YearMonth m) {
    if (m.equals(festivalMonth(m.getYear()))) {
      return Season.SPRING_FESTIVAL;
    }
    return m.getMonth() == Month.JANUARY || m.getMonth() == Month.FEBRUARY
        ? Season.JAN_FEB_WITHOUT_FESTIVAL
        : Season.REGULAR;
  }

  /**
   * Judges each month of {@code toJudge} against its seasonal peers of earlier years in {@code
   * series} (which holds the values of all months known, the judged ones included). NaN values are
   * neither judged nor used as peers. Bounds may be infinite to leave a side open.
   */
  public static List<Verdict> judge(
      Map<YearMonth, Double> series,
      Collection<YearMonth> toJudge,
      double maxDecrease,
      double maxIncrease) {
    List<Verdict> verdicts = new ArrayList<>();
    for (YearMonth m : toJudge.stream().sorted().toList()) {
      Double v = series.get(m);
      if (v == null || v.isNaN()) {
        continue;
      }
      Season season = season(m);
      List<YearMonth> peers = peers(m, season, series);
      if (peers.isEmpty()) {
        verdicts.add(
            new Verdict(
                m, v, season, peers, OptionalDouble.empty(), OptionalDouble.empty(), false));
        continue;
      }
      double baseline = median(peers.stream().mapToDouble(series::get).toArray());
      double ratio = baseline == 0 ? (v == 0 ? 1.0 : Double.POSITIVE_INFINITY) : v / baseline;
      boolean anomalous = ratio < 1.0 - maxDecrease || ratio > 1.0 + maxIncrease;
      verdicts.add(
          new Verdict(
              m,
              v,
              season,
              peers,
              OptionalDouble.of(baseline),
              OptionalDouble.of(ratio),
              anomalous));
    }
    return verdicts;
  }

  private static List<YearMonth> peers(YearMonth m, Season season, Map<YearMonth, Double> series) {
    List<YearMonth> same = new ArrayList<>();
    List<YearMonth> janFeb = new ArrayList<>();
    for (int y = m.getYear() - 1; y >= minYear(series); y--) {
      switch (season) {
        case SPRING_FESTIVAL -> known(festivalMonth(y), series).ifPresent(same::add);
        case REGULAR -> known(YearMonth.of(y, m.getMonth()), series).ifPresent(same::add);
        case JAN_FEB_WITHOUT_FESTIVAL -> {
          for (Month month : List.of(Month.JANUARY, Month.FEBRUARY)) {
            YearMonth p = YearMonth.of(y, month);
            if (season(p) == Season.JAN_FEB_WITHOUT_FESTIVAL) {
              known(p, series).ifPresent(month == m.getMonth() ? same::add : janFeb::add);
            }
          }
        }
      }
    }
    List<YearMonth> found = same.isEmpty() ? janFeb : same;
    return found.subList(0, Math.min(PEER_YEARS, found.size()));
  }

  private static Optional<YearMonth> known(YearMonth m, Map<YearMonth, Double> series) {
    Double v = series.get(m);
    return v == null || v.isNaN() ? Optional.empty() : Optional.of(m);
  }

  private static int minYear(Map<YearMonth, Double> series) {
    return series.keySet().stream().mapToInt(YearMonth::getYear).min().orElse(Integer.MAX_VALUE);
  }

  static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
  }
}
