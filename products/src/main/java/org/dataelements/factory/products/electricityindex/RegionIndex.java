package org.dataelements.factory.products.electricityindex;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dataelements.factory.products.electricityindex.seasonal.SeasonalAdjuster;
import org.dataelements.factory.products.electricityindex.seasonal.SeasonalResult;

/**
 * The indices of one region, computed from its monthly component series (plain Java: gold has one
 * small series per region and index, so a region is one task).
 *
 * <p>Per component: base period = 100 (the configured year's mean month, else the first complete
 * year, flagged {@code base_fallback}); year-on-year change against the same period a year earlier
 * (a January–February combined figure against the earlier January–February); the index on daily
 * averages (leap-day adjusted); weather-adjusted (kWh per day regressed on heating and cooling
 * degree days per day with a trend and, from three years on, month effects; the weather's deviation
 * from the calendar month's normal is removed); seasonally adjusted with JDemetra+ and a Chinese
 * New Year regressor ({@link SeasonalAdjuster}; a January–February figure is split by days for the
 * model and its two adjusted months averaged back). A composite of two or more components is their
 * weighted mean (equal or entropy weights); each component's contribution is its share of the
 * composite's year-on-year change, in percentage points. Zero values count as missing.
 */
public final class RegionIndex {
  public static final String TOTAL = "total";
  public static final String ECONOMIC_VITALITY = "economic_vitality";
  public static final String URBAN_RURAL = "urban_rural_integration";
  public static final String SPECIALTY = "specialty_industry";
  public static final String COMPOSITE = "composite";

  /** Components in composite order. */
  public static final List<String> COMPONENTS =
      List.of(TOTAL, ECONOMIC_VITALITY, URBAN_RURAL, SPECIALTY);

  /** How the composite weighs its components. */
  public enum Weights {
    EQUAL,
    ENTROPY;

    /** Parses {@code equal} or {@code entropy}. */
    public static Weights parse(String s) {
      return switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "equal" -> EQUAL;
        case "entropy" -> ENTROPY;
        default ->
            throw new IllegalArgumentException("weights '" + s + "' is not one of: equal, entropy");
      };
    }
  }

  /** Build parameters, from the product spec. */
  public record Parameters(int baseYear, Weights weights, SeasonalAdjuster.Method seasonalMethod)
      implements Serializable {}

  /** One figure of a component series: kWh (or the rural/urban ratio) over one or two months. */
  public record Observation(
      YearMonth month,
      double value,
      int monthsCovered,
      boolean imputed,
      boolean published,
      boolean fromYtd,
      String source)
      implements Serializable {}

  /** Heating and cooling degree days of a month. */
  public record DegreeDays(double hdd, double cdd) implements Serializable {}

  /** A region's inputs. */
  public record Input(
      String regionCode,
      String regionName,
      String codeSystem,
      Map<String, List<Observation>> components,
      Map<YearMonth, DegreeDays> weather)
      implements Serializable {}

  /** One row of {@code monthly_indices}. */
  public record IndexRow(
      String regionCode,
      String regionName,
      String codeSystem,
      LocalDate month,
      String indexName,
      Double value,
      String basePeriod,
      Double yoyPct,
      Double leapAdjusted,
      Double weatherAdjusted,
      Double seasonallyAdjusted,
      Double contribution,
      List<String> flags)
      implements Serializable {}

  /** One row of {@code methodology}: an item of how an index was built. */
  public record MethodRow(
      String regionCode, String indexName, String item, String value, Double number, String detail)
      implements Serializable {}

  /** The region's index rows and methodology rows. */
  public record Result(List<IndexRow> rows, List<MethodRow> method) {}

  private final Input in;
  private final Parameters p;
  private final SeasonalAdjuster adjuster;
  private final List<IndexRow> rows = new ArrayList<>();
  private final List<MethodRow> method = new ArrayList<>();

  private RegionIndex(Input in, Parameters p) {
    this.in = in;
    this.p = p;
    this.adjuster =
        new SeasonalAdjuster(
            p.seasonalMethod(),
            SeasonalAdjuster.DEFAULT_CNY_DAYS_BEFORE,
            SeasonalAdjuster.DEFAULT_CNY_DAYS_AFTER);
  }

  /** Computes every index the region's inputs allow. */
  public static Result compute(Input in, Parameters p) {
    RegionIndex r = new RegionIndex(in, p);
    Map<String, Series> done = new LinkedHashMap<>();
    for (String name : COMPONENTS) {
      List<Observation> obs = in.components().getOrDefault(name, List.of());
      if (obs.isEmpty()) {
        continue;
      }
      Series s = r.component(name, obs);
      if (s != null) {
        done.put(name, s);
      }
    }
    if (done.size() >= 2) {
      r.composite(done);
    }
    done.values().forEach(s -> r.rows.addAll(s.rows()));
    return new Result(List.copyOf(r.rows), List.copyOf(r.method));
  }

  /** A computed component: its points by month, in order. */
  private record Series(
      String name, TreeMap<YearMonth, Point> points, String basePeriod, boolean ratio) {
    List<IndexRow> rows() {
      return points.values().stream().map(Point::row).toList();
    }
  }

  /** One month of a component, mutable while the composite adds contributions. */
  private static final class Point {
    final Observation obs;
    final String region;
    final String regionName;
    final String codeSystem;
    final String index;
    final double value;
    final String base;
    Double yoy;
    final double leap;
    Double weather;
    Double sa;
    Double contribution;
    final Set<String> flags = new LinkedHashSet<>();

    Point(Input in, String index, Observation obs, double value, double leap, String base) {
      this.obs = obs;
      this.region = in.regionCode();
      this.regionName = in.regionName();
      this.codeSystem = in.codeSystem();
      this.index = index;
      this.value = value;
      this.leap = leap;
      this.base = base;
    }

    IndexRow row() {
      return new IndexRow(
          region,
          regionName,
          codeSystem,
          obs.month().atDay(1),
          index,
          round(value, 4),
          base,
          yoy == null ? null : round(yoy, 2),
          round(leap, 4),
          weather == null ? null : round(weather, 4),
          sa == null ? null : round(sa, 4),
          contribution == null ? null : round(contribution, 3),
          List.copyOf(flags));
    }
  }

  private Series component(String name, List<Observation> raw) {
    boolean ratio = name.equals(URBAN_RURAL);
    TreeMap<YearMonth, Observation> obs = new TreeMap<>();
    int zeros = 0;
    for (Observation o : raw) {
      if (Double.isFinite(o.value()) && o.value() > 0) {
        obs.put(o.month(), o);
      } else {
        zeros++;
      }
    }
    if (obs.isEmpty()) {
      note(
          name,
          "not_reporting",
          "every value is zero or missing: treated as not reporting, no index",
          null);
      return null;
    }
    if (zeros > 0) {
      note(
          name,
          "missing_values",
          zeros + " zero or missing month(s) treated as missing, not as 0",
          (double) zeros);
    }
    method.add(
        new MethodRow(
            in.regionCode(),
            name,
            "source",
            obs.firstEntry().getValue().source(),
            null,
            ratio ? "rural ÷ urban residential consumption" : "consumption in kWh"));

    // Base period: the configured year if complete, else the first complete year, else the first.
    Map<Integer, Integer> coverage = new TreeMap<>();
    obs.values().forEach(o -> coverage.merge(o.month().getYear(), o.monthsCovered(), Integer::sum));
    int baseYear;
    boolean fallback = false;
    if (coverage.getOrDefault(p.baseYear(), 0) >= 12) {
      baseYear = p.baseYear();
    } else {
      fallback = true;
      baseYear =
          coverage.entrySet().stream()
              .filter(e -> e.getValue() >= 12)
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(coverage.keySet().iterator().next());
    }
    double baseSum = 0;
    int baseMonths = 0;
    int baseDays = 0;
    for (Observation o : obs.values()) {
      if (o.month().getYear() == baseYear) {
        baseSum += o.value();
        baseMonths += o.monthsCovered();
        baseDays += days(o);
      }
    }
    double baseMean = ratio ? baseSum / count(obs, baseYear) : baseSum / baseMonths;
    double baseDaily = baseSum / baseDays;
    String basePeriod = Integer.toString(baseYear);
    method.add(
        new MethodRow(
            in.regionCode(),
            name,
            "base_period",
            basePeriod,
            (double) baseYear,
            fallback
                ? "base_fallback: "
                    + p.baseYear()
                    + " is not complete in this series ("
                    + coverage.getOrDefault(p.baseYear(), 0)
                    + " of 12 months); "
                    + (coverage.getOrDefault(baseYear, 0) >= 12
                        ? "first complete year"
                        : "no complete year, first year")
                    + " used"
                : "configured base year; its mean month = 100"));
    method.add(
        new MethodRow(
            in.regionCode(),
            name,
            "normalization",
            ratio
                ? "ratio / base-year mean ratio × 100"
                : "monthly mean kWh / base-year monthly mean × 100",
            null,
            "a January–February combined figure counts as two months; leap-day adjusted = kWh per day / base-year kWh per day × 100"));

    TreeMap<YearMonth, Point> points = new TreeMap<>();
    for (Observation o : obs.values()) {
      double value =
          ratio ? o.value() / baseMean * 100 : o.value() / o.monthsCovered() / baseMean * 100;
      double leap = ratio ? value : o.value() / days(o) / baseDaily * 100;
      Point pt = new Point(in, name, o, value, leap, basePeriod);
      if (o.imputed()) {
        pt.flags.add("imputed");
      }
      if (o.published()) {
        pt.flags.add("published_statistic");
      }
      if (o.monthsCovered() == 2) {
        pt.flags.add("jan_feb_combined");
      }
      if (o.fromYtd()) {
        pt.flags.add("derived_from_ytd");
      }
      if (fallback) {
        pt.flags.add("base_fallback");
      }
      pt.yoy = yoy(obs, o, ratio);
      points.put(o.month(), pt);
    }
    if (!ratio) {
      weather(name, obs, points, baseMean);
    }
    seasonal(name, points);
    return new Series(name, points, basePeriod, ratio);
  }

  private static int count(TreeMap<YearMonth, Observation> obs, int year) {
    return (int) obs.values().stream().filter(o -> o.month().getYear() == year).count();
  }

  static int days(Observation o) {
    int d = o.month().lengthOfMonth();
    return o.monthsCovered() == 2 ? d + o.month().plusMonths(1).lengthOfMonth() : d;
  }

  /** Year-on-year change in percent, or null when the year before has no comparable figure. */
  static Double yoy(TreeMap<YearMonth, Observation> obs, Observation o, boolean ratio) {
    YearMonth before = o.month().minusYears(1);
    Observation prev = obs.get(before);
    double prevValue;
    if (o.monthsCovered() == 2) {
      if (prev != null && prev.monthsCovered() == 2) {
        prevValue = prev.value();
      } else if (!ratio && prev != null && obs.containsKey(before.plusMonths(1))) {
        prevValue = prev.value() + obs.get(before.plusMonths(1)).value();
      } else {
        return null;
      }
    } else if (prev != null && prev.monthsCovered() == 1) {
      prevValue = prev.value();
    } else {
      return null;
    }
    return (o.value() / prevValue - 1) * 100;
  }

  /** Weather adjustment by regression on degree days; stores the coefficients. */
  private void weather(
      String name,
      TreeMap<YearMonth, Observation> obs,
      TreeMap<YearMonth, Point> points,
      double baseMean) {
    Map<YearMonth, DegreeDays> w = in.weather();
    if (w == null || w.isEmpty()) {
      return;
    }
    // Normals: the mean degree days per day of each calendar month over the weather record.
    double[] normalH = new double[13];
    double[] normalC = new double[13];
    int[] n = new int[13];
    w.forEach(
        (m, d) -> {
          int k = m.getMonthValue();
          normalH[k] += d.hdd() / m.lengthOfMonth();
          normalC[k] += d.cdd() / m.lengthOfMonth();
          n[k]++;
        });
    List<Observation> fit =
        obs.values().stream()
            .filter(o -> o.monthsCovered() == 1 && w.containsKey(o.month()))
            .toList();
    // Heating and cooling degree days enter only where they vary (a tropical region has no HDD).
    boolean useH = varies(fit, w, true);
    boolean useC = varies(fit, w, false);
    if (!useH && !useC) {
      note(
          name,
          "weather_model",
          "not fitted: the degree days do not vary over the " + fit.size() + " months",
          (double) fit.size());
      return;
    }
    boolean monthEffects = fit.size() >= 36;
    int h = 2;
    int c = useH ? 3 : 2;
    int dummies = c + (useC ? 1 : 0);
    int k = dummies + (monthEffects ? 11 : 0);
    if (fit.size() < Math.max(12, k + 6)) {
      note(
          name,
          "weather_model",
          "not fitted: "
              + fit.size()
              + " months with both consumption and degree days; "
              + Math.max(12, k + 6)
              + " needed",
          (double) fit.size());
      return;
    }
    YearMonth first = obs.firstKey();
    double[][] x = new double[fit.size()][k];
    double[] y = new double[fit.size()];
    for (int i = 0; i < fit.size(); i++) {
      Observation o = fit.get(i);
      DegreeDays d = w.get(o.month());
      int days = o.month().lengthOfMonth();
      y[i] = o.value() / days;
      x[i][0] = 1;
      x[i][1] = (first.until(o.month(), java.time.temporal.ChronoUnit.MONTHS)) / 12.0;
      if (useH) {
        x[i][h] = d.hdd() / days;
      }
      if (useC) {
        x[i][c] = d.cdd() / days;
      }
      if (monthEffects && o.month().getMonthValue() > 1) {
        x[i][dummies + o.month().getMonthValue() - 2] = 1;
      }
    }
    LeastSquares.Fit f = LeastSquares.fit(x, y);
    if (f == null) {
      note(
          name,
          "weather_model",
          "not fitted: the degree days do not vary enough to separate their effect",
          null);
      return;
    }
    double bh = useH ? f.coefficients()[h] : 0;
    double bc = useC ? f.coefficients()[c] : 0;
    String model =
        "kWh per day = a + b·years + "
            + (monthEffects ? "month effects + " : "")
            + (useH ? "h·HDD per day" : "")
            + (useH && useC ? " + " : "")
            + (useC ? "c·CDD per day" : "")
            + "; adjusted = actual − h·(HDD − normal) − c·(CDD − normal), normals = calendar-month means of "
            + w.size()
            + " months of degree days";
    method.add(
        new MethodRow(
            in.regionCode(),
            name,
            "weather_model",
            "OLS on degree days",
            (double) fit.size(),
            model));
    if (useH) {
      method.add(
          new MethodRow(
              in.regionCode(),
              name,
              "degree_day_coefficient:hdd",
              fmt(bh),
              bh,
              "kWh per day per heating degree (t = " + fmt(f.t()[h]) + ")"));
    }
    if (useC) {
      method.add(
          new MethodRow(
              in.regionCode(),
              name,
              "degree_day_coefficient:cdd",
              fmt(bc),
              bc,
              "kWh per day per cooling degree (t = " + fmt(f.t()[c]) + ")"));
    }
    method.add(
        new MethodRow(
            in.regionCode(),
            name,
            "weather_r_squared",
            fmt(f.rSquared()),
            f.rSquared(),
            "share of variance explained"));
    for (Point pt : points.values()) {
      Observation o = pt.obs;
      List<YearMonth> months =
          o.monthsCovered() == 2 ? List.of(o.month(), o.month().plusMonths(1)) : List.of(o.month());
      if (!months.stream().allMatch(w::containsKey)) {
        continue;
      }
      double adjust = 0;
      for (YearMonth m : months) {
        int km = m.getMonthValue();
        DegreeDays d = w.get(m);
        double dh = d.hdd() / m.lengthOfMonth() - normalH[km] / n[km];
        double dc = d.cdd() / m.lengthOfMonth() - normalC[km] / n[km];
        adjust += (bh * dh + bc * dc) * m.lengthOfMonth();
      }
      pt.weather = (o.value() - adjust) / o.monthsCovered() / baseMean * 100;
    }
  }

  private static boolean varies(
      List<Observation> fit, Map<YearMonth, DegreeDays> w, boolean heating) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (Observation o : fit) {
      DegreeDays d = w.get(o.month());
      double v = (heating ? d.hdd() : d.cdd()) / o.month().lengthOfMonth();
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return !fit.isEmpty() && max - min > 1e-6;
  }

  /** Seasonal adjustment of the index values with JDemetra+. */
  private void seasonal(String name, TreeMap<YearMonth, Point> points) {
    YearMonth start = points.firstKey();
    Point lastPoint = points.lastEntry().getValue();
    YearMonth end =
        lastPoint.obs.monthsCovered() == 2
            ? lastPoint.obs.month().plusMonths(1)
            : lastPoint.obs.month();
    int length = (int) start.until(end, java.time.temporal.ChronoUnit.MONTHS) + 1;
    double[] v = new double[length];
    java.util.Arrays.fill(v, Double.NaN);
    int observed = 0;
    for (Point pt : points.values()) {
      int i = (int) start.until(pt.obs.month(), java.time.temporal.ChronoUnit.MONTHS);
      if (pt.obs.monthsCovered() == 2) {
        // Split by days: the two months' values average back to the combined figure's value.
        int d1 = pt.obs.month().lengthOfMonth();
        int d2 = pt.obs.month().plusMonths(1).lengthOfMonth();
        v[i] = pt.value * 2 * d1 / (d1 + d2);
        v[i + 1] = pt.value * 2 * d2 / (d1 + d2);
        observed += 2;
      } else {
        v[i] = pt.value;
        observed++;
      }
    }
    SeasonalResult r = observed < SeasonalAdjuster.MIN_MONTHS ? null : adjuster.adjust(start, v);
    if (r == null || !r.adjusted()) {
      String why =
          r == null
              ? SeasonalAdjuster.MIN_MONTHS
                  + " months needed for seasonal adjustment, "
                  + observed
                  + " observed"
              : r.note();
      points.values().forEach(pt -> pt.flags.add("no_seasonal_adjustment"));
      note(name, "seasonal_model", "none: " + why, (double) observed);
      return;
    }
    double[] sa = r.seasonallyAdjusted();
    for (Point pt : points.values()) {
      int i = (int) start.until(pt.obs.month(), java.time.temporal.ChronoUnit.MONTHS);
      double s = pt.obs.monthsCovered() == 2 ? (sa[i] + sa[i + 1]) / 2 : sa[i];
      pt.sa = Double.isFinite(s) ? s : null;
    }
    method.add(
        new MethodRow(
            in.regionCode(), name, "seasonal_model", r.method(), (double) observed, r.note()));
    r.diagnostics()
        .forEach(
            (key, value) ->
                method.add(
                    new MethodRow(
                        in.regionCode(),
                        name,
                        "seasonal_diagnostic:" + key,
                        value,
                        parse(value),
                        null)));
  }

  /** The composite of the computed components, and their contributions. */
  private void composite(Map<String, Series> parts) {
    List<String> names = List.copyOf(parts.keySet());
    // Months where every component has the same kind of figure.
    TreeMap<YearMonth, List<Point>> aligned = new TreeMap<>();
    for (YearMonth m : parts.get(names.get(0)).points().keySet()) {
      List<Point> pts = new ArrayList<>();
      for (String n : names) {
        Point pt = parts.get(n).points().get(m);
        if (pt != null
            && pt.obs.monthsCovered()
                == parts.get(names.get(0)).points().get(m).obs.monthsCovered()) {
          pts.add(pt);
        }
      }
      if (pts.size() == names.size()) {
        aligned.put(m, pts);
      }
    }
    if (aligned.size() < 2) {
      note(
          COMPOSITE,
          "not_built",
          "its components share fewer than 2 months",
          (double) aligned.size());
      return;
    }
    double[] w = weights(names, aligned);
    for (int j = 0; j < names.size(); j++) {
      method.add(
          new MethodRow(
              in.regionCode(),
              COMPOSITE,
              "weight:" + names.get(j),
              fmt(w[j]),
              w[j],
              p.weights().name().toLowerCase(Locale.ROOT)
                  + " weights over "
                  + aligned.size()
                  + " months"));
    }
    method.add(
        new MethodRow(
            in.regionCode(),
            COMPOSITE,
            "aggregation",
            "weighted arithmetic mean of component indices",
            (double) names.size(),
            "contribution = weight × (component index − its value a year earlier) ÷ composite a year earlier × 100,"
                + " in percentage points of the composite's year-on-year change"));
    TreeMap<YearMonth, Point> comp = new TreeMap<>();
    // Components keep their own base periods (each = 100 on its own base); the composite names them
    // all.
    String base =
        String.join("/", names.stream().map(n -> parts.get(n).basePeriod()).distinct().toList());
    for (Map.Entry<YearMonth, List<Point>> e : aligned.entrySet()) {
      List<Point> pts = e.getValue();
      Observation o0 = pts.get(0).obs;
      double value = 0;
      double leap = 0;
      Double weather = 0.0;
      Double sa = 0.0;
      Set<String> flags = new LinkedHashSet<>();
      for (int j = 0; j < pts.size(); j++) {
        Point pt = pts.get(j);
        value += w[j] * pt.value;
        leap += w[j] * pt.leap;
        Double pw = parts.get(names.get(j)).ratio() ? Double.valueOf(pt.value) : pt.weather;
        weather = weather == null || pw == null ? null : weather + w[j] * pw;
        sa = sa == null || pt.sa == null ? null : sa + w[j] * pt.sa;
        flags.addAll(pt.flags);
      }
      Point c =
          new Point(
              in,
              COMPOSITE,
              new Observation(
                  o0.month(), value, o0.monthsCovered(), false, false, false, "components"),
              value,
              leap,
              base);
      c.flags.addAll(flags);
      c.flags.remove("derived_from_ytd");
      c.weather = weather;
      c.sa = sa;
      comp.put(e.getKey(), c);
    }
    for (Map.Entry<YearMonth, Point> e : comp.entrySet()) {
      Point before = comp.get(e.getKey().minusYears(1));
      if (before == null || before.obs.monthsCovered() != e.getValue().obs.monthsCovered()) {
        continue;
      }
      e.getValue().yoy = (e.getValue().value / before.value - 1) * 100;
      List<Point> now = aligned.get(e.getKey());
      List<Point> then = aligned.get(e.getKey().minusYears(1));
      for (int j = 0; j < now.size(); j++) {
        now.get(j).contribution =
            w[j] * (now.get(j).value - then.get(j).value) / before.value * 100;
      }
    }
    rows.addAll(comp.values().stream().map(Point::row).toList());
  }

  /** Equal weights, or entropy weights from the components' dispersion over the aligned months. */
  private double[] weights(List<String> names, TreeMap<YearMonth, List<Point>> aligned) {
    int k = names.size();
    double[] w = new double[k];
    java.util.Arrays.fill(w, 1.0 / k);
    if (p.weights() == Weights.EQUAL) {
      return w;
    }
    double[][] x =
        aligned.values().stream()
            .map(l -> l.stream().mapToDouble(pt -> pt.value).toArray())
            .toArray(double[][]::new);
    return CompositeScenarios.entropyWeights(x);
  }

  private void note(String index, String item, String text, Double number) {
    method.add(new MethodRow(in.regionCode(), index, item, text, number, null));
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }

  private static Double parse(String s) {
    try {
      return Double.valueOf(s.trim());
    } catch (NumberFormatException | NullPointerException e) {
      return null;
    }
  }
}
