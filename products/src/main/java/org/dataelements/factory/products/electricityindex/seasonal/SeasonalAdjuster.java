package org.dataelements.factory.products.electricityindex.seasonal;

import static java.util.Objects.requireNonNull;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdplus.sa.base.api.ComponentType;
import jdplus.sa.base.api.SaVariable;
import jdplus.toolkit.base.api.arima.SarimaOrders;
import jdplus.toolkit.base.api.dictionaries.ResidualsDictionaries;
import jdplus.toolkit.base.api.modelling.ComponentInformation;
import jdplus.toolkit.base.api.processing.ProcessingLog;
import jdplus.toolkit.base.api.stats.StatisticalTest;
import jdplus.toolkit.base.api.timeseries.StaticTsDataSupplier;
import jdplus.toolkit.base.api.timeseries.TsData;
import jdplus.toolkit.base.api.timeseries.TsPeriod;
import jdplus.toolkit.base.api.timeseries.regression.IOutlier;
import jdplus.toolkit.base.api.timeseries.regression.IUserVariable;
import jdplus.toolkit.base.api.timeseries.regression.ModellingContext;
import jdplus.toolkit.base.api.timeseries.regression.TsContextVariable;
import jdplus.toolkit.base.api.timeseries.regression.TsDataSuppliers;
import jdplus.toolkit.base.api.timeseries.regression.Variable;
import jdplus.toolkit.base.core.modelling.regression.RegressionDesc;
import jdplus.toolkit.base.core.regsarima.regular.RegSarimaModel;
import jdplus.tramoseats.base.api.tramo.TramoSpec;
import jdplus.tramoseats.base.api.tramoseats.TramoSeatsSpec;
import jdplus.tramoseats.base.core.tramoseats.TramoSeatsKernel;
import jdplus.tramoseats.base.core.tramoseats.TramoSeatsResults;
import jdplus.x13.base.api.regarima.RegArimaSpec;
import jdplus.x13.base.api.x13.X13Spec;
import jdplus.x13.base.core.x13.Mstatistics;
import jdplus.x13.base.core.x13.X13Kernel;
import jdplus.x13.base.core.x13.X13Results;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seasonal adjustment of a monthly series with JDemetra+ 3, removing the seasonal component and the
 * Chinese New Year effect.
 *
 * <p>Both methods start from JDemetra+'s RSA3 specification: automatic log/level test, automatic
 * detection of additive outliers, level shifts and transitory changes, automatic ARIMA model
 * selection, and no trading-day or Easter regressors (the Western working-day calendar does not fit
 * China's, whose official holidays move with the lunar calendar and swap weekend days). To it the
 * {@link ChineseNewYear#regressor Chinese New Year regressor} is added as a user-defined variable
 * whose estimated effect is removed from the seasonally adjusted series.
 *
 * <p>The default window is {@value #DEFAULT_CNY_DAYS_BEFORE} days before the festival and {@value
 * #DEFAULT_CNY_DAYS_AFTER} days from it: electricity demand falls when factories close, from about
 * a week before New Year's Eve until the Lantern Festival on the 15th day of the first lunar month.
 * The classic 20-days-before window of X-13's Chinese {@code genhol} models the pre-holiday
 * shopping rush of retail sales, which electricity consumption does not show.
 *
 * <p>{@link #adjust} never throws for a property of the data: a series with fewer than {@value
 * #MIN_MONTHS} observed months, a value that is not strictly positive, or any failure inside
 * JDemetra+ gives a result that is not adjusted, with the reason in its note. Missing months
 * ({@code NaN}) inside the series are estimated by the RegARIMA/TRAMO model (as JDemetra+ does,
 * with one additive-outlier-like term each) and stay {@code NaN} in the result; leading and
 * trailing missing months are left out of the model.
 *
 * <p>The diagnostics are, in this order: {@code observed_months}, {@code missing_months}, {@code
 * transformation} ({@code log} or {@code none}), {@code arima} (orders as {@code (p,d,q)(P,D,Q)}),
 * {@code cny_coefficient} (on the log scale when the transformation is {@code log}), {@code
 * cny_t_stat}, {@code cny_p_value}, {@code outliers} (their number), {@code outlier_list} (such as
 * {@code LS (2015-03)}, or {@code none}), {@code ljung_box_p_value} (Ljung-Box test on the model's
 * residuals; above 0.05 means no autocorrelation is left) and, for X-13 only, {@code
 * m_statistics_q} (X-11's quality statistic Q, acceptable below 1).
 *
 * <p>An instance is immutable and thread-safe: each call builds its own JDemetra+ specification,
 * modelling context and kernel, so one instance may serve a parallel stream.
 */
public final class SeasonalAdjuster {
  /** Fewest observed (non-missing) months for which a series is adjusted. */
  public static final int MIN_MONTHS = 36;

  /** Default days of the Chinese New Year window before the festival. */
  public static final int DEFAULT_CNY_DAYS_BEFORE = 7;

  /** Default days of the Chinese New Year window from the festival on. */
  public static final int DEFAULT_CNY_DAYS_AFTER = 15;

  /** The JDemetra+ release on the classpath; a test compares it with the jar's Maven metadata. */
  static final String JDPLUS_VERSION = "3.5.0";

  private static final Logger LOG = LoggerFactory.getLogger(SeasonalAdjuster.class);
  private static final String CNY_GROUP = "factory";
  private static final String CNY_NAME = "cny";

  /** Months of regressor beyond the series on each side, for JDemetra+'s forecasts/backcasts. */
  private static final int REGRESSOR_MARGIN_MONTHS = 60;

  /** The seasonal adjustment method. */
  public enum Method {
    /** X-13ARIMA-SEATS: RegARIMA pre-adjustment, then X-11 moving averages. */
    X13("X-13ARIMA-SEATS"),
    /** TRAMO-SEATS: TRAMO pre-adjustment, then SEATS model-based decomposition. */
    TRAMO_SEATS("TRAMO-SEATS");

    private final String label;

    Method(String label) {
      this.label = label;
    }

    /** The method's usual name, such as {@code X-13ARIMA-SEATS}. */
    public String label() {
      return label;
    }
  }

  private final Method method;
  private final int cnyDaysBefore;
  private final int cnyDaysAfter;

  /**
   * X-13 with the default Chinese New Year window of {@value #DEFAULT_CNY_DAYS_BEFORE} days before
   * and {@value #DEFAULT_CNY_DAYS_AFTER} days from the festival (see the class comment).
   */
  public SeasonalAdjuster() {
    this(Method.X13, DEFAULT_CNY_DAYS_BEFORE, DEFAULT_CNY_DAYS_AFTER);
  }

  /**
   * An adjuster with the given method and Chinese New Year window.
   *
   * @param method X-13 or TRAMO-SEATS
   * @param cnyDaysBefore days of the window before the festival, 0 to {@value
   *     ChineseNewYear#MAX_DAYS}
   * @param cnyDaysAfter days of the window from the festival on (the festival day included), 0 to
   *     {@value ChineseNewYear#MAX_DAYS}; the window must have at least one day
   * @throws IllegalArgumentException when the window is invalid
   */
  public SeasonalAdjuster(Method method, int cnyDaysBefore, int cnyDaysAfter) {
    this.method = requireNonNull(method, "method is null");
    ChineseNewYear.checkWindow(cnyDaysBefore, cnyDaysAfter);
    this.cnyDaysBefore = cnyDaysBefore;
    this.cnyDaysAfter = cnyDaysAfter;
  }

  /** The method this adjuster uses. */
  public Method method() {
    return method;
  }

  /** Days of the Chinese New Year window before the festival. */
  public int cnyDaysBefore() {
    return cnyDaysBefore;
  }

  /** Days of the Chinese New Year window from the festival on. */
  public int cnyDaysAfter() {
    return cnyDaysAfter;
  }

  /**
   * The method as reported in {@link SeasonalResult#method()}, for example {@code X-13ARIMA-SEATS
   * (JDemetra+ 3.5.0) RSA3 + Chinese New Year regressor (7 days before, 15 from the festival)}.
   */
  public String description() {
    return method.label()
        + " (JDemetra+ "
        + JDPLUS_VERSION
        + ") RSA3 + Chinese New Year regressor ("
        + cnyDaysBefore
        + " days before, "
        + cnyDaysAfter
        + " from the festival)";
  }

  /**
   * Seasonally adjusts a monthly series.
   *
   * @param start the month of {@code values[0]}
   * @param values monthly values, strictly positive; {@code NaN} marks a missing month
   * @return the adjusted series, or a result that is not adjusted with the reason in its note;
   *     never an exception for a property of the data
   */
  public SeasonalResult adjust(YearMonth start, double[] values) {
    requireNonNull(start, "start is null");
    requireNonNull(values, "values is null");
    int n = values.length;
    int first = 0;
    while (first < n && Double.isNaN(values[first])) {
      first++;
    }
    int last = n - 1;
    while (last >= first && Double.isNaN(values[last])) {
      last--;
    }
    int observed = 0;
    for (int i = first; i <= last; i++) {
      double v = values[i];
      if (Double.isNaN(v)) {
        continue;
      }
      if (!(v > 0) || Double.isInfinite(v)) {
        return notAdjusted(
            n,
            "value "
                + v
                + " in "
                + start.plusMonths(i)
                + " is not a strictly positive number; seasonal adjustment needs positive values,"
                + " with NaN for a missing month");
      }
      observed++;
    }
    if (observed < MIN_MONTHS) {
      return notAdjusted(
          n, MIN_MONTHS + " months needed for seasonal adjustment, " + observed + " observed");
    }
    YearMonth seriesStart = start.plusMonths(first);
    TsData series =
        TsData.ofInternal(period(seriesStart), Arrays.copyOfRange(values, first, last + 1));
    CollectingLog log = new CollectingLog();
    try {
      Outcome outcome = method == Method.X13 ? x13(series, log) : tramoSeats(series, log);
      if (outcome == null) {
        String reason =
            log.errors.isEmpty() ? "no result and no message" : String.join("; ", log.errors);
        return failed(start, n, reason);
      }
      double[] sa = new double[n];
      Arrays.fill(sa, Double.NaN);
      for (int i = first; i <= last; i++) {
        if (!Double.isNaN(values[i])) {
          int pos = outcome.sa.getDomain().indexOf(period(start.plusMonths(i)));
          if (pos >= 0 && pos < outcome.sa.length()) {
            sa[i] = outcome.sa.getValue(pos);
          }
        }
      }
      int missing = last - first + 1 - observed;
      Map<String, String> diagnostics = new LinkedHashMap<>();
      diagnostics.put("observed_months", Integer.toString(observed));
      diagnostics.put("missing_months", Integer.toString(missing));
      diagnostics.putAll(modelDiagnostics(outcome.model));
      diagnostics.putAll(outcome.extra);
      List<String> notes = new ArrayList<>();
      if (missing > 0) {
        notes.add(
            missing
                + " missing months inside the series estimated by the model, NaN in the"
                + " result");
      }
      if (first > 0 || last < n - 1) {
        notes.add(
            first
                + " leading and "
                + (n - 1 - last)
                + " trailing missing months left out of the model");
      }
      log.warnings.stream().distinct().map(w -> "JDemetra+: " + w).forEach(notes::add);
      return new SeasonalResult(true, sa, description(), String.join("; ", notes), diagnostics);
    } catch (RuntimeException e) {
      LOG.debug("JDemetra+ stack trace for the series starting {}", seriesStart, e);
      return failed(start, n, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private Outcome x13(TsData series, ProcessingLog log) {
    // JDemetra+ 3's X-13 routes a user variable by its component type only; a CalendarEffect one
    // would stay in the series given to X-11. As Seasonal, it is removed before X-11 and its
    // effect joins the seasonal factors (D10), so it is not in the adjusted series (D11).
    RegArimaSpec rsa3 = X13Spec.RSA3.getRegArima();
    X13Spec spec =
        X13Spec.RSA3.toBuilder()
            .regArima(
                rsa3.toBuilder()
                    .regression(
                        rsa3.getRegression().toBuilder()
                            .userDefinedVariable(cnyVariable(ComponentType.Seasonal))
                            .build())
                    .build())
            .build();
    X13Results results = X13Kernel.of(spec, context(series)).process(series, log);
    if (!results.isValid() || results.getPreprocessing() == null) {
      return null;
    }
    Map<String, String> extra = new LinkedHashMap<>();
    Mstatistics m =
        results.getDiagnostics() == null ? null : results.getDiagnostics().getMstatistics();
    extra.put("m_statistics_q", m == null ? "n/a" : format(m.getQ(), "%.3f"));
    return new Outcome(results.getFinals().getD11final(), results.getPreprocessing(), extra);
  }

  private Outcome tramoSeats(TsData series, ProcessingLog log) {
    // A CalendarEffect user variable is removed before SEATS and joins the seasonal component.
    TramoSpec tr3 = TramoSeatsSpec.RSA3.getTramo();
    TramoSeatsSpec spec =
        TramoSeatsSpec.RSA3.toBuilder()
            .tramo(
                tr3.toBuilder()
                    .regression(
                        tr3.getRegression().toBuilder()
                            .userDefinedVariable(cnyVariable(ComponentType.CalendarEffect))
                            .build())
                    .build())
            .build();
    TramoSeatsResults results = TramoSeatsKernel.of(spec, context(series)).process(series, log);
    if (!results.isValid() || results.getPreprocessing() == null) {
      return null;
    }
    TsData sa =
        results.getFinals().getSeries(ComponentType.SeasonallyAdjusted, ComponentInformation.Value);
    if (sa == null) {
      return null;
    }
    return new Outcome(sa, results.getPreprocessing(), Map.of());
  }

  /** A context holding only this series' Chinese New Year regressor. */
  private ModellingContext context(TsData series) {
    YearMonth seriesStart =
        YearMonth.of(series.getStart().year(), series.getStart().annualPosition() + 1);
    YearMonth from =
        max(
            seriesStart.minusMonths(REGRESSOR_MARGIN_MONTHS),
            YearMonth.of(ChineseNewYear.FIRST_YEAR, 1));
    YearMonth to =
        min(
            seriesStart.plusMonths(series.length() - 1L + REGRESSOR_MARGIN_MONTHS),
            YearMonth.of(ChineseNewYear.LAST_YEAR - 1, 12));
    int length = (int) (from.until(to, ChronoUnit.MONTHS) + 1);
    double[] x = ChineseNewYear.regressor(from, length, cnyDaysBefore, cnyDaysAfter);
    TsDataSuppliers group = new TsDataSuppliers();
    group.set(CNY_NAME, new StaticTsDataSupplier(TsData.ofInternal(period(from), x)));
    ModellingContext context = new ModellingContext();
    context.getTsVariableManagers().set(CNY_GROUP, group);
    return context;
  }

  private static Variable<TsContextVariable> cnyVariable(ComponentType component) {
    return Variable.<TsContextVariable>builder()
        .name(CNY_NAME)
        .core(new TsContextVariable(CNY_GROUP + "." + CNY_NAME))
        .attribute(SaVariable.REGEFFECT, component.name())
        .build();
  }

  private static Map<String, String> modelDiagnostics(RegSarimaModel model) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("transformation", model.getDescription().isLogTransformation() ? "log" : "none");
    SarimaOrders o = model.specification();
    d.put(
        "arima",
        "(" + o.getP() + "," + o.getD() + "," + o.getQ() + ")(" + o.getBp() + "," + o.getBd() + ","
            + o.getBq() + ")");
    RegressionDesc cny = null;
    List<String> outliers = new ArrayList<>();
    for (RegressionDesc item : model.getDetails().getRegressionItems()) {
      if (item.getCore() instanceof IUserVariable) {
        cny = item;
      } else if (item.getCore() instanceof IOutlier outlier) {
        outliers.add(outlier.getCode() + " (" + YearMonth.from(outlier.getPosition()) + ")");
      }
    }
    d.put("cny_coefficient", cny == null ? "n/a" : format(cny.getCoef(), "%.4f"));
    d.put("cny_t_stat", cny == null ? "n/a" : format(cny.getTStat(), "%.2f"));
    d.put("cny_p_value", cny == null ? "n/a" : format(cny.getPvalue(), "%.4f"));
    d.put("outliers", Integer.toString(outliers.size()));
    d.put("outlier_list", outliers.isEmpty() ? "none" : String.join(", ", outliers));
    StatisticalTest lb = model.getResiduals().getTests().get(ResidualsDictionaries.LB);
    d.put("ljung_box_p_value", lb == null ? "n/a" : format(lb.getPvalue(), "%.4f"));
    return d;
  }

  private SeasonalResult notAdjusted(int length, String note) {
    double[] nan = new double[length];
    Arrays.fill(nan, Double.NaN);
    return new SeasonalResult(false, nan, description(), note, Map.of());
  }

  private SeasonalResult failed(YearMonth start, int length, String reason) {
    LOG.warn(
        "Seasonal adjustment ({}) of the series starting {} failed in JDemetra+: {}",
        method.label(),
        start,
        reason);
    return notAdjusted(length, "JDemetra+ could not adjust the series: " + reason);
  }

  private static String format(double value, String pattern) {
    return String.format(Locale.ROOT, pattern, value);
  }

  private static TsPeriod period(YearMonth month) {
    return TsPeriod.monthly(month.getYear(), month.getMonthValue());
  }

  private static YearMonth max(YearMonth a, YearMonth b) {
    return a.isAfter(b) ? a : b;
  }

  private static YearMonth min(YearMonth a, YearMonth b) {
    return a.isBefore(b) ? a : b;
  }

  /** The seasonally adjusted series, the pre-adjustment model and method-specific diagnostics. */
  private record Outcome(TsData sa, RegSarimaModel model, Map<String, String> extra) {}

  /** Keeps JDemetra+'s errors and warnings of one run. */
  private static final class CollectingLog implements ProcessingLog {
    final List<String> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    @Override
    public void error(String origin, String msg, Object details) {
      errors.add(msg == null ? String.valueOf(details) : msg);
    }

    @Override
    public void warning(String origin, String msg, Object details) {
      if (msg != null) {
        warnings.add(msg);
      }
    }
  }
}
