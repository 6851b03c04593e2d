package org.dataelements.factory.quality.report;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Draws one series of values over time as an inline SVG line chart: a fixed-size box, axes labelled
 * with the lowest and highest value and the first and last date, a line through the points and a
 * dot with a tooltip per point.
 */
public final class SvgLineChart {
  static final int WIDTH = 520;
  static final int HEIGHT = 180;
  static final int LEFT = 72;
  static final int RIGHT = 16;
  static final int TOP = 14;
  static final int BOTTOM = 34;

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private SvgLineChart() {}

  /** One value at one time. */
  public record Point(Instant at, double value) {
    public Point {
      requireNonNull(at, "at is null");
    }
  }

  /**
   * The chart as an {@code <svg>} element. Points are drawn in time order; points without a finite
   * value are left out; with no points, the box says so.
   */
  public static String render(String title, List<Point> points) {
    requireNonNull(title, "title is null");
    List<Point> sorted = finiteSorted(points);
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            HtmlText.escape(title)));
    svg.append("<title>").append(HtmlText.escape(title)).append("</title>");
    int x0 = LEFT;
    int x1 = WIDTH - RIGHT;
    int y0 = TOP;
    int y1 = HEIGHT - BOTTOM;
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#ddd\"/>",
            x0,
            y0,
            x1 - x0,
            y1 - y0));
    svg.append(line(x0, y1, x1, y1)).append(line(x0, y0, x0, y1));
    if (sorted.isEmpty()) {
      svg.append(text((x0 + x1) / 2.0, (y0 + y1) / 2.0, "middle", "no values"));
      return svg.append("</svg>").toString();
    }
    List<double[]> xy = coordinates(sorted);
    double min = sorted.stream().mapToDouble(Point::value).min().getAsDouble();
    double max = sorted.stream().mapToDouble(Point::value).max().getAsDouble();
    if (min == max) {
      svg.append(text(x0 - 6, (y0 + y1) / 2.0 + 4, "end", number(min)));
    } else {
      svg.append(text(x0 - 6, y0 + 4, "end", number(max)));
      svg.append(text(x0 - 6, y1 + 4, "end", number(min)));
    }
    Instant first = sorted.get(0).at();
    Instant last = sorted.get(sorted.size() - 1).at();
    DateTimeFormatter f =
        Duration.between(first, last).compareTo(Duration.ofDays(2)) < 0 ? MINUTE : DAY;
    if (first.equals(last)) {
      svg.append(text((x0 + x1) / 2.0, y1 + 18, "middle", f.format(first)));
    } else {
      svg.append(text(x0, y1 + 18, "start", f.format(first)));
      svg.append(text(x1, y1 + 18, "end", f.format(last)));
    }
    if (xy.size() > 1) {
      List<String> pts = new ArrayList<>();
      for (double[] p : xy) {
        pts.add(coord(p[0]) + "," + coord(p[1]));
      }
      svg.append("<polyline fill=\"none\" stroke=\"#1f6fb2\" stroke-width=\"2\" points=\"")
          .append(String.join(" ", pts))
          .append("\"/>");
    }
    for (int i = 0; i < xy.size(); i++) {
      Point p = sorted.get(i);
      svg.append("<circle cx=\"")
          .append(coord(xy.get(i)[0]))
          .append("\" cy=\"")
          .append(coord(xy.get(i)[1]))
          .append("\" r=\"3\" fill=\"#1f6fb2\"><title>")
          .append(HtmlText.escape(MINUTE.format(p.at()) + ": " + number(p.value())))
          .append("</title></circle>");
    }
    return svg.append("</svg>").toString();
  }

  /**
   * Where each point lands in the box (x, y), for points in time order: the first and last time at
   * the box's left and right edge, the lowest and highest value at its bottom and top edge; a
   * single time in the middle horizontally, a single value in the middle vertically.
   */
  static List<double[]> coordinates(List<Point> sorted) {
    double x0 = LEFT;
    double x1 = WIDTH - RIGHT;
    double y0 = TOP;
    double y1 = HEIGHT - BOTTOM;
    long t0 = sorted.get(0).at().toEpochMilli();
    long t1 = sorted.get(sorted.size() - 1).at().toEpochMilli();
    double min = sorted.stream().mapToDouble(Point::value).min().orElse(0);
    double max = sorted.stream().mapToDouble(Point::value).max().orElse(0);
    List<double[]> out = new ArrayList<>();
    for (Point p : sorted) {
      double x =
          t1 == t0 ? (x0 + x1) / 2 : x0 + (p.at().toEpochMilli() - t0) * (x1 - x0) / (t1 - t0);
      double y = max == min ? (y0 + y1) / 2 : y1 - (p.value() - min) * (y1 - y0) / (max - min);
      out.add(new double[] {x, y});
    }
    return out;
  }

  static List<Point> finiteSorted(List<Point> points) {
    return points.stream()
        .filter(p -> Double.isFinite(p.value()))
        .sorted(Comparator.comparing(Point::at))
        .toList();
  }

  /** A value for a label: integers as such, others to four significant digits. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static String line(double xa, double ya, double xb, double yb) {
    return "<line x1=\""
        + coord(xa)
        + "\" y1=\""
        + coord(ya)
        + "\" x2=\""
        + coord(xb)
        + "\" y2=\""
        + coord(yb)
        + "\" stroke=\"#888\"/>";
  }

  private static String text(double x, double y, String anchor, String content) {
    return "<text x=\""
        + coord(x)
        + "\" y=\""
        + coord(y)
        + "\" text-anchor=\""
        + anchor
        + "\" font-size=\"11\" fill=\"#444\">"
        + HtmlText.escape(content)
        + "</text>";
  }

  private static String coord(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
