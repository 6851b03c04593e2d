package org.dataelements.factory.quality.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

class SvgLineChartTest {
  static final double X0 = SvgLineChart.LEFT;
  static final double X1 = SvgLineChart.WIDTH - SvgLineChart.RIGHT;
  static final double Y0 = SvgLineChart.TOP;
  static final double Y1 = SvgLineChart.HEIGHT - SvgLineChart.BOTTOM;

  static SvgLineChart.Point at(String day, double v) {
    return new SvgLineChart.Point(Instant.parse(day + "T00:00:00Z"), v);
  }

  static Document svg(String markup) {
    return Jsoup.parse(markup, "", Parser.xmlParser());
  }

  @Test
  void scalesTimesToTheBoxWidthAndValuesToItsHeight() {
    List<SvgLineChart.Point> points =
        List.of(at("2024-01-01", 10), at("2024-01-03", 30), at("2024-01-05", 20));
    List<double[]> xy = SvgLineChart.coordinates(points);
    assertEquals(X0, xy.get(0)[0], 1e-9, "first time at the left edge");
    assertEquals((X0 + X1) / 2, xy.get(1)[0], 1e-9, "middle time in the middle");
    assertEquals(X1, xy.get(2)[0], 1e-9, "last time at the right edge");
    assertEquals(Y1, xy.get(0)[1], 1e-9, "lowest value at the bottom");
    assertEquals(Y0, xy.get(1)[1], 1e-9, "highest value at the top");
    assertEquals((Y0 + Y1) / 2, xy.get(2)[1], 1e-9, "value half-way up");
  }

  @Test
  void drawsALineInTimeOrderWithMinMaxAndDateLabels() {
    String markup =
        SvgLineChart.render(
            "Completeness of a<b",
            List.of(
                at("2024-03-05", 0.5),
                at("2024-01-01", 1.0),
                new SvgLineChart.Point(Instant.parse("2024-02-01T00:00:00Z"), Double.NaN)));
    Document doc = svg(markup);
    Element polyline = doc.selectFirst("polyline");
    String[] pts = polyline.attr("points").split(" ");
    assertEquals(2, pts.length, "the NaN point is left out: " + markup);
    for (String p : pts) {
      double x = Double.parseDouble(p.split(",")[0]);
      double y = Double.parseDouble(p.split(",")[1]);
      assertTrue(x >= X0 && x <= X1 && y >= Y0 && y <= Y1, "inside the box: " + p);
    }
    assertEquals(X0 + "," + Y0, pts[0], "sorted by time: the January value (the highest) first");
    List<String> labels = doc.select("text").eachText();
    assertEquals(List.of("1", "0.5", "2024-01-01", "2024-03-05"), labels);
    assertEquals("Completeness of a<b", doc.selectFirst("title").text());
    assertTrue(markup.contains("a&lt;b"), "title escaped");
    assertEquals(2, doc.select("circle").size());
  }

  @Test
  void putsASinglePointInTheMiddleWithoutALine() {
    Document doc = svg(SvgLineChart.render("Size", List.of(at("2024-01-01", 42))));
    assertTrue(doc.select("polyline").isEmpty());
    Element dot = doc.selectFirst("circle");
    assertEquals((X0 + X1) / 2, Double.parseDouble(dot.attr("cx")), 0.05);
    assertEquals((Y0 + Y1) / 2, Double.parseDouble(dot.attr("cy")), 0.05);
    assertEquals(List.of("42", "2024-01-01 00:00"), doc.select("text").eachText());
  }

  @Test
  void drawsEqualValuesAsAFlatLineAcrossTheMiddle() {
    List<SvgLineChart.Point> points =
        List.of(at("2024-01-01", 1), at("2024-01-02", 1), at("2024-01-09", 1));
    for (double[] p : SvgLineChart.coordinates(points)) {
      assertEquals((Y0 + Y1) / 2, p[1], 1e-9);
    }
    Document doc = svg(SvgLineChart.render("Completeness", points));
    assertEquals(
        List.of("1", "2024-01-01", "2024-01-09"), doc.select("text").eachText(), "one value label");
  }

  @Test
  void saysSoWhenThereAreNoValues() {
    Document doc = svg(SvgLineChart.render("Mean", List.of()));
    assertFalse(doc.select("svg").isEmpty());
    assertTrue(doc.select("circle").isEmpty());
    assertEquals(List.of("no values"), doc.select("text").eachText());
  }

  @Test
  void labelsNumbersCompactly() {
    assertEquals("1234567", SvgLineChart.number(1234567));
    assertEquals("0.3333", SvgLineChart.number(1.0 / 3));
    assertEquals("-2.5", SvgLineChart.number(-2.5));
  }
}
