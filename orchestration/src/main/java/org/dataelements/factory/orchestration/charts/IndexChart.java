package org.dataelements.factory.orchestration.charts;

import static java.util.Objects.requireNonNull;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.text.SimpleDateFormat;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYPolygonAnnotation;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.time.Month;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * The electricity index series of one region as a line chart over months (base period = 100): the
 * raw {@code total} index, its seasonally and weather-adjusted values, the {@code composite} index,
 * and the other indices as thinner lines, each only where it has values. A missing or null value
 * leaves a gap, never a zero. Months whose {@code total} row is flagged {@code jan_feb_combined}
 * get a marker; flags such as {@code no_seasonal_adjustment} and {@code base_fallback} are noted in
 * a subtitle. Where the composite is drawn and its uncertainty band is given ({@code
 * lake.electricity_index.composite_uncertainty}: low and high over its weighting × normalization
 * scenarios), the band is shaded behind the lines. Built from rows already read, so a release
 * report can draw the same chart; rendering needs no display ({@code java.awt.headless}).
 */
public final class IndexChart {
  /** The raw index every region has. */
  public static final String TOTAL = "total";

  /** The composite of the sub-indices. */
  public static final String COMPOSITE = "composite";

  /** The flag of a month whose value covers January and February together. */
  public static final String JAN_FEB_COMBINED = "jan_feb_combined";

  /** The flag of a value that could not be seasonally adjusted. */
  public static final String NO_SEASONAL_ADJUSTMENT = "no_seasonal_adjustment";

  /** The flag of a series whose base period is not the configured base year. */
  public static final String BASE_FALLBACK = "base_fallback";

  /** The flag of a value built partly from imputed data. */
  public static final String IMPUTED = "imputed";

  /** Legend names of the lines drawn from the {@code total} rows. */
  public static final String SEASONALLY_ADJUSTED = "total, seasonally adjusted";

  public static final String WEATHER_ADJUSTED = "total, weather adjusted";

  /** Legend name of the Jan–Feb markers. */
  public static final String JAN_FEB_MARKER = "Jan–Feb combined";

  /** The subtitle note of the composite's shaded band. */
  public static final String BAND_NOTE =
      "shaded: the composite's range over its weighting × normalization scenarios";

  /** The fill of the composite's band: the composite's red, mostly transparent. */
  static final Color BAND_FILL = new Color(0xd6, 0x27, 0x28, 56);

  /** Sub-indices drawn as thin lines, in this order; unknown index names follow alphabetically. */
  private static final List<String> SUB_INDICES =
      List.of("economic_vitality", "urban_rural_integration", "specialty_industry");

  /** Flags that describe a row's source or are drawn as markers: not noted in the subtitle. */
  private static final Set<String> NOT_NOTED = Set.of("published_statistic", JAN_FEB_COMBINED);

  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
  private static final Stroke MAIN =
      new BasicStroke(2.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  private static final Stroke ADJUSTED =
      new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  private static final Stroke DASHED =
      new BasicStroke(
          2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 4f}, 0f);
  private static final Stroke THIN =
      new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  private static final List<Color> THIN_COLORS =
      List.of(
          new Color(0x9467bd),
          new Color(0x8c564b),
          new Color(0xe377c2),
          new Color(0x7f7f7f),
          new Color(0xbcbd22),
          new Color(0x17becf));

  static {
    // Drawn into an image only: no display is needed, and a server has none.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** A region as the table names it. */
  public record Region(String code, String name) {
    public Region {
      requireNonNull(code, "code is null");
      requireNonNull(name, "name is null");
    }

    @Override
    public String toString() {
      return code + " " + name;
    }
  }

  /** One row of {@code monthly_indices}: one index of one month. */
  public record Point(
      YearMonth month,
      String indexName,
      OptionalDouble value,
      String basePeriod,
      OptionalDouble weatherAdjusted,
      OptionalDouble seasonallyAdjusted,
      List<String> flags) {
    public Point {
      requireNonNull(month, "month is null");
      requireNonNull(indexName, "indexName is null");
      requireNonNull(value, "value is null");
      requireNonNull(basePeriod, "basePeriod is null");
      requireNonNull(weatherAdjusted, "weatherAdjusted is null");
      requireNonNull(seasonallyAdjusted, "seasonallyAdjusted is null");
      flags = List.copyOf(flags);
    }

    /** A point with a value and no adjusted values or flags. */
    public static Point of(YearMonth month, String indexName, double value, String basePeriod) {
      return new Point(
          month,
          indexName,
          OptionalDouble.of(value),
          basePeriod,
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          List.of());
    }

    public Point withValue(OptionalDouble v) {
      return new Point(month, indexName, v, basePeriod, weatherAdjusted, seasonallyAdjusted, flags);
    }

    public Point withWeatherAdjusted(OptionalDouble v) {
      return new Point(month, indexName, value, basePeriod, v, seasonallyAdjusted, flags);
    }

    public Point withSeasonallyAdjusted(OptionalDouble v) {
      return new Point(month, indexName, value, basePeriod, weatherAdjusted, v, flags);
    }

    public Point withFlags(List<String> f) {
      return new Point(month, indexName, value, basePeriod, weatherAdjusted, seasonallyAdjusted, f);
    }

    public boolean hasFlag(String flag) {
      return flags.contains(flag);
    }
  }

  /** The composite's range in one month: the lowest and highest of its scenarios. */
  public record Band(YearMonth month, double low, double high) {
    public Band {
      requireNonNull(month, "month is null");
    }
  }

  /**
   * What the chart shows: months covered, lines drawn (markers not counted), first and last month.
   */
  public record Summary(int months, int series, YearMonth from, YearMonth to) {
    public Summary {
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
    }
  }

  private record Line(String name, Paint paint, Stroke stroke, Map<YearMonth, Double> values) {}

  private final Region region;
  private final List<Point> points;
  private final List<Line> lines;
  private final Map<YearMonth, Double> janFebMarkers;
  private final TreeSet<YearMonth> months;
  private final List<Band> band;

  private IndexChart(Region region, List<Point> points, List<Band> band) {
    this.region = region;
    this.points =
        points.stream()
            .sorted(Comparator.comparing(Point::month).thenComparing(Point::indexName))
            .toList();
    this.months = new TreeSet<>(this.points.stream().map(Point::month).toList());
    this.lines = lines(this.points);
    this.janFebMarkers =
        values(
            this.points,
            p ->
                p.indexName().equals(TOTAL) && p.hasFlag(JAN_FEB_COMBINED)
                    ? p.value()
                    : OptionalDouble.empty());
    boolean composite = this.lines.stream().anyMatch(l -> l.name().equals(COMPOSITE));
    this.band =
        composite
            ? band.stream()
                .filter(b -> Double.isFinite(b.low()) && Double.isFinite(b.high()))
                .filter(b -> months.contains(b.month()))
                .sorted(Comparator.comparing(Band::month))
                .toList()
            : List.of();
  }

  /**
   * The chart of one region's rows.
   *
   * @throws IllegalArgumentException when there are no rows
   */
  public static IndexChart of(Region region, List<Point> points) {
    return of(region, points, List.of());
  }

  /**
   * The chart of one region's rows with the composite's band (drawn only when the composite is:
   * months without a composite line or outside the chart's months are left out).
   *
   * @throws IllegalArgumentException when there are no rows
   */
  public static IndexChart of(Region region, List<Point> points, List<Band> band) {
    requireNonNull(region, "region is null");
    requireNonNull(points, "points is null");
    requireNonNull(band, "band is null");
    if (points.isEmpty()) {
      throw new IllegalArgumentException(
          "no index rows for region " + region + "; nothing to chart");
    }
    return new IndexChart(region, List.copyOf(points), List.copyOf(band));
  }

  public Region region() {
    return region;
  }

  public List<Point> points() {
    return points;
  }

  public Summary summary() {
    return new Summary(months.size(), lines.size(), months.first(), months.last());
  }

  /** The months of the composite's band that are drawn, in order. */
  public List<Band> band() {
    return band;
  }

  /** The legend names of the lines drawn, in drawing order (markers not included). */
  public List<String> seriesNames() {
    return lines.stream().map(Line::name).toList();
  }

  /** "Name (code) — electricity index, base P = 100". */
  public String title() {
    return region.name()
        + " ("
        + region.code()
        + ") — electricity index, base "
        + basePeriod()
        + " = 100";
  }

  /** The notes on the rows' flags shown under the title, when any apply. */
  public Optional<String> notes() {
    List<String> notes = new ArrayList<>();
    if (points.stream().anyMatch(p -> p.hasFlag(NO_SEASONAL_ADJUSTMENT))) {
      notes.add("no seasonal adjustment (" + monthsFlagged(NO_SEASONAL_ADJUSTMENT) + ")");
    }
    if (points.stream().anyMatch(p -> p.hasFlag(BASE_FALLBACK))) {
      notes.add(
          "base fallback: "
              + basePeriod()
              + " is the first complete period, not the configured base year");
    }
    if (points.stream().anyMatch(p -> p.hasFlag(IMPUTED))) {
      notes.add(monthsFlagged(IMPUTED) + " partly imputed");
    }
    new TreeSet<>(points.stream().flatMap(p -> p.flags().stream()).toList())
        .stream()
            .filter(
                f ->
                    !NOT_NOTED.contains(f)
                        && !f.equals(NO_SEASONAL_ADJUSTMENT)
                        && !f.equals(BASE_FALLBACK)
                        && !f.equals(IMPUTED))
            .forEach(f -> notes.add(f + " (" + monthsFlagged(f) + ")"));
    if (!band.isEmpty()) {
      notes.add(BAND_NOTE);
    }
    return notes.isEmpty() ? Optional.empty() : Optional.of(String.join(" · ", notes));
  }

  /** A new JFreeChart of the series (each call builds its own, so callers may restyle it). */
  public JFreeChart chart() {
    TimeSeriesCollection dataset = new TimeSeriesCollection(UTC);
    XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      dataset.addSeries(continuous(line.name(), line.values()));
      lineRenderer.setSeriesPaint(i, line.paint());
      lineRenderer.setSeriesStroke(i, line.stroke());
    }
    DateAxis time = new DateAxis("month", UTC, Locale.ROOT);
    SimpleDateFormat monthFormat = new SimpleDateFormat("yyyy-MM", Locale.ROOT);
    monthFormat.setTimeZone(UTC);
    time.setDateFormatOverride(monthFormat);
    time.setLowerMargin(0.01);
    time.setUpperMargin(0.01);
    NumberAxis value = new NumberAxis("index (base " + basePeriod() + " = 100)");
    value.setAutoRangeIncludesZero(false);

    XYPlot plot = new XYPlot(dataset, time, value, lineRenderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
    plot.setNoDataMessage("no index values for " + region);
    // Behind every line: background annotations are drawn before the renderers' series.
    for (double[] polygon : bandPolygons()) {
      lineRenderer.addAnnotation(
          new XYPolygonAnnotation(polygon, null, null, BAND_FILL), Layer.BACKGROUND);
    }
    if (!janFebMarkers.isEmpty()) {
      TimeSeries markers = new TimeSeries(JAN_FEB_MARKER);
      janFebMarkers.forEach((m, v) -> markers.add(month(m), v));
      XYLineAndShapeRenderer markerRenderer = new XYLineAndShapeRenderer(false, true);
      markerRenderer.setSeriesPaint(0, Color.BLACK);
      markerRenderer.setSeriesShape(0, ShapeUtils.createDiamond(6f));
      plot.setDataset(1, new TimeSeriesCollection(markers, UTC));
      plot.setRenderer(1, markerRenderer);
      plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    }
    ValueMarker base =
        new ValueMarker(
            100,
            new Color(0x999999),
            new BasicStroke(
                1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {3f, 3f}, 0f));
    base.setLabel("base = 100");
    base.setLabelPaint(new Color(0x777777));
    base.setLabelBackgroundColor(new Color(255, 255, 255, 200));
    base.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    base.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    plot.addRangeMarker(base);

    JFreeChart chart = new JFreeChart(title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    notes()
        .ifPresent(
            n -> {
              TextTitle subtitle = new TextTitle(n, new Font(Font.SANS_SERIF, Font.PLAIN, 13));
              subtitle.setPaint(new Color(0x555555));
              chart.addSubtitle(subtitle);
            });
    return chart;
  }

  /** The chart drawn into an image of this size in pixels. */
  public BufferedImage image(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size " + width + "x" + height + " must be positive");
    }
    return chart().createBufferedImage(width, height);
  }

  /** The chart as PNG bytes. */
  public byte[] png(int width, int height) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      writePng(bytes, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the chart of " + region + " as PNG", e);
    }
    return bytes.toByteArray();
  }

  /** Writes the chart as PNG to the stream (not closed). */
  public void writePng(OutputStream out, int width, int height) throws IOException {
    ChartUtils.writeBufferedImageAsPNG(out, image(width, height));
  }

  private String basePeriod() {
    List<Point> withBase = points.stream().filter(p -> p.indexName().equals(TOTAL)).toList();
    List<String> bases =
        new TreeSet<>(
                (withBase.isEmpty() ? points : withBase)
                    .stream().map(Point::basePeriod).filter(b -> !b.isBlank()).toList())
            .stream().toList();
    return bases.isEmpty() ? "period" : String.join("/", bases);
  }

  /**
   * The band as polygons, one per run of consecutive months (a lone month has no area and is left
   * out): x (the month's first millisecond, UTC, as the lines' x) and y of the highs forward, then
   * of the lows backward.
   */
  List<double[]> bandPolygons() {
    List<double[]> out = new ArrayList<>();
    List<Band> run = new ArrayList<>();
    for (int i = 0; i <= band.size(); i++) {
      Band b = i < band.size() ? band.get(i) : null;
      if (b == null
          || (!run.isEmpty() && !run.get(run.size() - 1).month().plusMonths(1).equals(b.month()))) {
        if (run.size() >= 2) {
          double[] polygon = new double[run.size() * 4];
          int n = run.size();
          for (int j = 0; j < n; j++) {
            double x =
                month(run.get(j).month()).getFirstMillisecond(java.util.Calendar.getInstance(UTC));
            polygon[2 * j] = x;
            polygon[2 * j + 1] = run.get(j).high();
            polygon[4 * n - 2 - 2 * j] = x;
            polygon[4 * n - 1 - 2 * j] = run.get(j).low();
          }
          out.add(polygon);
        }
        run.clear();
      }
      if (b != null) {
        run.add(b);
      }
    }
    return out;
  }

  /** "1 month", "12 months": how many months have a row with the flag. */
  private String monthsFlagged(String flag) {
    long n = points.stream().filter(p -> p.hasFlag(flag)).map(Point::month).distinct().count();
    return n + (n == 1 ? " month" : " months");
  }

  /** Every month from the first to the last, null where there is no value: a gap in the line. */
  private TimeSeries continuous(String name, Map<YearMonth, Double> values) {
    TimeSeries series = new TimeSeries(name);
    for (YearMonth m = months.first(); !m.isAfter(months.last()); m = m.plusMonths(1)) {
      series.add(month(m), values.get(m));
    }
    return series;
  }

  private static Month month(YearMonth m) {
    return new Month(m.getMonthValue(), m.getYear());
  }

  private static List<Line> lines(List<Point> points) {
    List<Line> all = new ArrayList<>();
    all.add(line(TOTAL, new Color(0x1f77b4), MAIN, points, TOTAL, Point::value));
    all.add(
        line(
            SEASONALLY_ADJUSTED,
            new Color(0xff7f0e),
            ADJUSTED,
            points,
            TOTAL,
            Point::seasonallyAdjusted));
    all.add(
        line(WEATHER_ADJUSTED, new Color(0x2ca02c), DASHED, points, TOTAL, Point::weatherAdjusted));
    all.add(line(COMPOSITE, new Color(0xd62728), MAIN, points, COMPOSITE, Point::value));
    List<String> others = new ArrayList<>(SUB_INDICES);
    new TreeSet<>(points.stream().map(Point::indexName).toList())
        .stream()
            .filter(n -> !n.equals(TOTAL) && !n.equals(COMPOSITE) && !SUB_INDICES.contains(n))
            .forEach(others::add);
    for (int i = 0; i < others.size(); i++) {
      String index = others.get(i);
      all.add(
          line(
              index.replace('_', ' '),
              THIN_COLORS.get(i % THIN_COLORS.size()),
              THIN,
              points,
              index,
              Point::value));
    }
    return all.stream().filter(l -> !l.values().isEmpty()).toList();
  }

  private static Line line(
      String name,
      Paint paint,
      Stroke stroke,
      List<Point> points,
      String index,
      Function<Point, OptionalDouble> value) {
    return new Line(
        name,
        paint,
        stroke,
        values(points, p -> p.indexName().equals(index) ? value.apply(p) : OptionalDouble.empty()));
  }

  private static Map<YearMonth, Double> values(
      List<Point> points, Function<Point, OptionalDouble> value) {
    Map<YearMonth, Double> out = new TreeMap<>();
    for (Point p : points) {
      OptionalDouble v = value.apply(p);
      if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
        out.put(p.month(), v.getAsDouble());
      }
    }
    return out;
  }
}
