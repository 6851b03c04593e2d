package org.dataelements.factory.orchestration.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYPolygonAnnotation;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

/** The index chart drawn from hand-written rows, without Spark. */
class IndexChartTest {
  static final IndexChart.Region GANSU = new IndexChart.Region("620000", "Gansu");
  static final YearMonth FIRST = YearMonth.of(2021, 1);
  static final YearMonth NULL_SA = YearMonth.of(2022, 6);
  static final YearMonth ABSENT = YearMonth.of(2022, 9);

  /** 24 months of total (SA null in one month, one month absent), composite and one sub-index. */
  static List<IndexChart.Point> rows() {
    List<IndexChart.Point> rows = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      YearMonth m = FIRST.plusMonths(i);
      if (m.equals(ABSENT)) {
        continue;
      }
      double v = 100 + 10 * Math.sin(i / 2.0) + i;
      IndexChart.Point total =
          IndexChart.Point.of(m, IndexChart.TOTAL, v, "2020")
              .withSeasonallyAdjusted(
                  m.equals(NULL_SA) ? OptionalDouble.empty() : OptionalDouble.of(100 + i))
              .withWeatherAdjusted(OptionalDouble.of(v - 2));
      if (m.getMonthValue() <= 2) {
        total = total.withFlags(List.of(IndexChart.JAN_FEB_COMBINED, "published_statistic"));
      }
      rows.add(total);
      rows.add(IndexChart.Point.of(m, IndexChart.COMPOSITE, 95 + i * 1.5, "2020"));
      rows.add(IndexChart.Point.of(m, "economic_vitality", 105 - i * 0.5, "2020"));
    }
    return rows;
  }

  static TimeSeries series(XYDataset dataset, String name) {
    TimeSeries s = ((TimeSeriesCollection) dataset).getSeries(name);
    assertNotNull(s, "series '" + name + "' is drawn");
    return s;
  }

  @Test
  void drawsEverySeriesThatHasValuesAtTheRequestedSize() throws Exception {
    IndexChart chart = IndexChart.of(GANSU, rows());
    assertEquals(
        List.of(
            "total",
            IndexChart.SEASONALLY_ADJUSTED,
            IndexChart.WEATHER_ADJUSTED,
            "composite",
            "economic vitality"),
        chart.seriesNames());
    assertEquals(new IndexChart.Summary(23, 5, FIRST, YearMonth.of(2022, 12)), chart.summary());

    BufferedImage img = ImageIO.read(new ByteArrayInputStream(chart.png(800, 500)));
    assertNotNull(img, "the bytes are a PNG");
    assertEquals(800, img.getWidth());
    assertEquals(500, img.getHeight());
    Set<Integer> colours = new HashSet<>();
    long totalBlue = 0;
    long composite = 0;
    long nonWhite = 0;
    for (int y = 100; y < 400; y++) {
      for (int x = 100; x < 700; x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        totalBlue += rgb == 0x1f77b4 ? 1 : 0;
        composite += rgb == 0xd62728 ? 1 : 0;
        nonWhite += rgb == 0xffffff ? 0 : 1;
      }
    }
    assertTrue(
        colours.size() > 50,
        "anti-aliased lines of several colours: " + colours.size() + " colours");
    assertTrue(totalBlue > 200, "the total line is drawn: " + totalBlue + " pixels");
    assertTrue(composite > 200, "the composite line is drawn: " + composite + " pixels");
    assertTrue(
        nonWhite > 600 * 300 / 50, "the plot area is not blank: " + nonWhite + " non-white pixels");
  }

  @Test
  void nullAndAbsentValuesLeaveGapsNotZeros() {
    JFreeChart chart = IndexChart.of(GANSU, rows()).chart();
    XYDataset lines = chart.getXYPlot().getDataset(0);
    TimeSeries sa = series(lines, IndexChart.SEASONALLY_ADJUSTED);
    TimeSeries total = series(lines, "total");
    assertEquals(24, sa.getItemCount(), "one item per month from the first to the last");
    assertNull(sa.getValue(new org.jfree.data.time.Month(6, 2022)), "a null SA value is a gap");
    assertNull(total.getValue(new org.jfree.data.time.Month(9, 2022)), "an absent month is a gap");
    assertNotNull(total.getValue(new org.jfree.data.time.Month(6, 2022)));
    for (int i = 0; i < total.getItemCount(); i++) {
      Number v = total.getValue(i);
      assertTrue(v == null || v.doubleValue() > 50, "no zeros for missing values: " + v);
    }
    assertTrue(
        chart.getXYPlot().getRangeAxis().getLowerBound() > 50,
        "the axis does not reach down to zero: " + chart.getXYPlot().getRangeAxis().getRange());
  }

  @Test
  void marksJanFebCombinedMonthsWithoutCountingThemAsASeries() {
    IndexChart chart = IndexChart.of(GANSU, rows());
    TimeSeries markers = series(chart.chart().getXYPlot().getDataset(1), IndexChart.JAN_FEB_MARKER);
    assertEquals(4, markers.getItemCount(), "Jan and Feb of two years");
    assertEquals(
        rows().get(0).value().getAsDouble(),
        markers.getValue(0).doubleValue(),
        1e-9,
        "the marker sits on the total value");
    assertEquals(5, chart.summary().series());
  }

  @Test
  void titleNamesRegionAndBaseAndSubtitleNotesTheFlags() {
    IndexChart plain = IndexChart.of(GANSU, rows());
    assertEquals("Gansu (620000) — electricity index, base 2020 = 100", plain.title());
    assertEquals(
        Optional.empty(), plain.notes(), "published_statistic and jan_feb_combined are not noted");
    assertEquals(
        0, plain.chart().getSubtitles().stream().filter(TextTitle.class::isInstance).count());

    List<IndexChart.Point> flagged = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      List<String> flags =
          new ArrayList<>(List.of(IndexChart.NO_SEASONAL_ADJUSTMENT, IndexChart.BASE_FALLBACK));
      if (i == 3) {
        flags.add(IndexChart.IMPUTED);
      }
      flagged.add(
          IndexChart.Point.of(FIRST.plusMonths(i), IndexChart.TOTAL, 100 + i, "2021")
              .withFlags(flags));
    }
    IndexChart chart = IndexChart.of(new IndexChart.Region("630000", "Qinghai"), flagged);
    assertEquals("Qinghai (630000) — electricity index, base 2021 = 100", chart.title());
    String notes = chart.notes().orElseThrow();
    assertTrue(notes.contains("no seasonal adjustment (12 months)"), notes);
    assertTrue(notes.contains("base fallback: 2021"), notes);
    assertTrue(notes.contains("1 month partly imputed"), notes);
    assertTrue(
        chart.chart().getSubtitles().stream()
            .anyMatch(t -> t instanceof TextTitle tt && tt.getText().equals(notes)),
        "the notes are the subtitle");
    assertEquals(List.of("total"), chart.seriesNames(), "no adjusted values, no adjusted lines");
  }

  @Test
  void shadesTheCompositesBandBehindTheLinesOnePolygonPerRunOfMonths() throws Exception {
    List<IndexChart.Band> band = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      YearMonth m = FIRST.plusMonths(i);
      if (!m.equals(ABSENT) && !m.equals(YearMonth.of(2022, 3))) {
        band.add(new IndexChart.Band(m, 95 + i * 1.5 - 3, 95 + i * 1.5 + 4));
      }
    }
    band.add(new IndexChart.Band(YearMonth.of(2030, 1), 1, 2)); // outside the chart: left out
    IndexChart chart = IndexChart.of(GANSU, rows(), band);
    assertEquals(22, chart.band().size());
    assertTrue(chart.notes().orElseThrow().contains(IndexChart.BAND_NOTE), chart.notes().get());

    JFreeChart jfree = chart.chart();
    List<double[]> polygons = new ArrayList<>();
    for (Object a : ((AbstractXYItemRenderer) jfree.getXYPlot().getRenderer(0)).getAnnotations()) {
      polygons.add(((XYPolygonAnnotation) a).getPolygonCoordinates());
    }
    // Runs 2021-01…2022-02 (14 months), 2022-04…2022-08 (5), 2022-10…2022-12 (3): highs forward,
    // lows back, two coordinates per point.
    assertEquals(List.of(14 * 4, 5 * 4, 3 * 4), polygons.stream().map(p -> p.length).toList());
    double[] first = polygons.get(0);
    TimeSeries composite = series(jfree.getXYPlot().getDataset(0), IndexChart.COMPOSITE);
    XYDataset lines = jfree.getXYPlot().getDataset(0);
    int c = ((TimeSeriesCollection) lines).indexOf(composite);
    assertEquals(lines.getXValue(c, 0), first[0], 1e-6, "the band's x is the lines' x");
    assertEquals(99, first[1], 1e-9, "first high");
    assertEquals(lines.getXValue(c, 0), first[first.length - 2], 1e-6);
    assertEquals(92, first[first.length - 1], 1e-9, "first low closes the polygon");

    BufferedImage img = ImageIO.read(new ByteArrayInputStream(chart.png(800, 500)));
    BufferedImage plain =
        ImageIO.read(new ByteArrayInputStream(IndexChart.of(GANSU, rows()).png(800, 500)));
    long changed = 0;
    for (int y = 0; y < 500; y++) {
      for (int x = 0; x < 800; x++) {
        changed += img.getRGB(x, y) == plain.getRGB(x, y) ? 0 : 1;
      }
    }
    assertTrue(changed > 2000, "the band is drawn: " + changed + " pixels differ");
  }

  @Test
  void noCompositeNoBand() {
    List<IndexChart.Point> totals =
        rows().stream().filter(p -> p.indexName().equals(IndexChart.TOTAL)).toList();
    IndexChart chart =
        IndexChart.of(
            GANSU,
            totals,
            List.of(
                new IndexChart.Band(FIRST, 90, 110),
                new IndexChart.Band(FIRST.plusMonths(1), 90, 110)));
    assertEquals(List.of(), chart.band());
    assertEquals(
        0,
        ((AbstractXYItemRenderer) chart.chart().getXYPlot().getRenderer(0))
            .getAnnotations()
            .size());
  }

  @Test
  void refusesNoRowsAndNonPositiveSizes() {
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> IndexChart.of(GANSU, List.of()));
    assertTrue(none.getMessage().contains("620000 Gansu"), none.getMessage());
    IndexChart chart = IndexChart.of(GANSU, rows());
    assertThrows(IllegalArgumentException.class, () -> chart.png(0, 100));
  }
}
