package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableNotFoundException;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code factory index chart} against small monthly_indices tables in the shared test warehouse.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class IndexChartCommandTest {
  static final StructType SCHEMA =
      new StructType()
          .add("region_code", DataTypes.StringType)
          .add("region_name", DataTypes.StringType)
          .add("code_system", DataTypes.StringType)
          .add("month", DataTypes.DateType)
          .add("index_name", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("base_period", DataTypes.StringType)
          .add("yoy_pct", DataTypes.DoubleType)
          .add("value_leap_adjusted", DataTypes.DoubleType)
          .add("value_weather_adjusted", DataTypes.DoubleType)
          .add("value_seasonally_adjusted", DataTypes.DoubleType)
          .add("contribution", DataTypes.DoubleType)
          .add("flags", DataTypes.createArrayType(DataTypes.StringType));
  static final LocalDate FIRST = LocalDate.of(2021, 1, 1);

  /** Written once, read by the tests that do not change it. */
  static final TableId SHARED = TableId.gold("idxchart_shared", "monthly_indices");

  private static boolean sharedWritten;

  @TempDir Path tmp;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** A console on a fresh buffer: what one command tells the user. */
  Console console() {
    err.reset();
    return new Console(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** The summary line, the last one the command printed. */
  String printed() {
    List<String> lines = errors().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  /**
   * Gansu (620000): total with SA (null in 2022-06) and weather-adjusted values, composite and
   * economic_vitality; January total null and Jan–Feb flagged. Qinghai (630000): total only,
   * flagged no_seasonal_adjustment and base_fallback.
   */
  static List<Row> rows(int months) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < months; i++) {
      LocalDate m = FIRST.plusMonths(i);
      Date d = Date.valueOf(m);
      double v = 100 + 8 * Math.sin(i / 2.0) + i * 0.7;
      boolean janFeb = m.getMonthValue() <= 2;
      rows.add(
          RowFactory.create(
              "620000",
              "Gansu",
              "GB/T 2260",
              d,
              "total",
              m.getMonthValue() == 1 ? null : v,
              "2020",
              3.0,
              v,
              v - 1.5,
              m.equals(LocalDate.of(2022, 6, 1)) ? null : 100 + i * 0.7,
              null,
              janFeb
                  ? List.of("jan_feb_combined", "published_statistic")
                  : List.of("published_statistic")));
      rows.add(
          RowFactory.create(
              "620000",
              "Gansu",
              "GB/T 2260",
              d,
              "composite",
              95 + i * 1.1,
              "2020",
              null,
              null,
              null,
              null,
              null,
              List.of()));
      rows.add(
          RowFactory.create(
              "620000",
              "Gansu",
              "GB/T 2260",
              d,
              "economic_vitality",
              110 - i * 0.4,
              "2020",
              null,
              null,
              null,
              null,
              0.3,
              List.of()));
      rows.add(
          RowFactory.create(
              "630000",
              "Qinghai",
              "GB/T 2260",
              d,
              "total",
              90.0 + i,
              "2021",
              null,
              90.0 + i,
              null,
              null,
              null,
              List.of("no_seasonal_adjustment", "base_fallback")));
    }
    return rows;
  }

  static void write(Lakehouse lh, TableId table, int months) {
    List<Row> rows = rows(months);
    lh.replaceIceberg(
        table, lh.spark().createDataFrame(rows, SCHEMA), rows.size(), Optional.empty());
  }

  static synchronized TableId shared(Lakehouse lh) {
    if (!sharedWritten) {
      write(lh, SHARED, 36);
      sharedWritten = true;
    }
    return SHARED;
  }

  IndexChartCommand.Request request(String region, Path file) {
    return new IndexChartCommand.Request(region, file, Optional.empty(), 1200, 700);
  }

  @Test
  void chartsARegionByCodeAsANonBlankPngOfTheRequestedSize(Lakehouse lh) throws Exception {
    Path png = tmp.resolve("charts/gansu.png");
    int code =
        IndexChartCommand.chart(
            lh,
            shared(lh),
            new IndexChartCommand.Request("620000", png, Optional.empty(), 1000, 600),
            console());
    System.out.println("index chart: " + printed());
    assertEquals(FactoryMain.OK, code);
    assertEquals("wrote " + png + ": 36 months, 5 series, 2021-01 … 2023-12", printed());

    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, "the file is a PNG");
    assertEquals(1000, img.getWidth());
    assertEquals(600, img.getHeight());
    Set<Integer> colours = new HashSet<>();
    long nonWhite = 0;
    long totalLine = 0;
    for (int y = 150; y < 450; y++) {
      for (int x = 150; x < 850; x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        nonWhite += rgb == 0xffffff ? 0 : 1;
        totalLine += rgb == 0x1f77b4 ? 1 : 0;
      }
    }
    assertTrue(colours.size() > 50, colours.size() + " distinct colours in the plot area");
    assertTrue(nonWhite > 700 * 300 / 50, nonWhite + " non-white pixels in the plot area");
    assertTrue(totalLine > 200, "the total line is drawn: " + totalLine + " pixels");
  }

  @Test
  void findsARegionByNameIgnoringCase(Lakehouse lh) throws Exception {
    Path png = tmp.resolve("qinghai.png");
    assertEquals(
        FactoryMain.OK,
        IndexChartCommand.chart(lh, shared(lh), request("qINGHAI", png), console()));
    assertEquals("wrote " + png + ": 36 months, 1 series, 2021-01 … 2023-12", printed());
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1200, img.getWidth(), "default width");
    assertEquals(700, img.getHeight(), "default height");
    assertTrue(
        errors().contains("charting 630000 Qinghai from lake.idxchart_shared.monthly_indices"),
        errors());
  }

  @Test
  void unknownRegionIsAUsageErrorListingTheRegions(Lakehouse lh) {
    Path png = tmp.resolve("atlantis.png");
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> IndexChartCommand.chart(lh, shared(lh), request("Atlantis", png), console()));
    assertTrue(
        e.getMessage()
            .contains(
                "option --region 'Atlantis' matches no region code or name in "
                    + "lake.idxchart_shared.monthly_indices (main)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("620000 Gansu, 630000 Qinghai"), e.getMessage());
    assertEquals(FactoryMain.USAGE, FactoryMain.handle(e, false, console()));
    assertTrue(errors().contains("error: option --region 'Atlantis'"), errors());
    assertTrue(Files.notExists(png), "nothing written");
  }

  @Test
  void missingTableTellsToRunTheFactoryFirst(Lakehouse lh) {
    TableId absent = TableId.gold("idxchart_absent", "monthly_indices");
    TableNotFoundException e =
        assertThrows(
            TableNotFoundException.class,
            () ->
                IndexChartCommand.chart(
                    lh, absent, request("620000", tmp.resolve("x.png")), console()));
    assertTrue(
        e.getMessage().contains("lake.idxchart_absent.monthly_indices does not exist"),
        e.getMessage());
    assertTrue(e.getMessage().contains("run `factory run` first"), e.getMessage());
    assertEquals(FactoryMain.USAGE, FactoryMain.handle(e, false, console()));
  }

  @Test
  void versionReadsATagOrABranchAndNamesAnUnknownOne(Lakehouse lh) throws Exception {
    TableId table = TableId.gold("idxchart_versions", "monthly_indices");
    write(lh, table, 36);
    Table iceberg = Spark3Util.loadIcebergTable(lh.spark(), table.sqlName());
    long tagged = iceberg.currentSnapshot().snapshotId();
    iceberg
        .manageSnapshots()
        .createTag("release_1", tagged)
        .createBranch("candidate", tagged)
        .commit();
    write(lh, table, 24);

    Path png = tmp.resolve("v.png");
    IndexChartCommand.chart(lh, table, request("gansu", png), console());
    assertEquals(
        "wrote " + png + ": 24 months, 5 series, 2021-01 … 2022-12",
        printed(),
        "main has the rewrite");
    for (String version : List.of("release_1", "candidate", Long.toString(tagged))) {
      IndexChartCommand.chart(
          lh,
          table,
          new IndexChartCommand.Request("gansu", png, Optional.of(version), 1200, 700),
          console());
      assertEquals(
          "wrote " + png + ": 36 months, 5 series, 2021-01 … 2023-12",
          printed(),
          "version " + version);
    }

    InvalidSpecException unknown =
        assertThrows(
            InvalidSpecException.class,
            () ->
                IndexChartCommand.chart(
                    lh,
                    table,
                    new IndexChartCommand.Request(
                        "gansu", png, Optional.of("release_9"), 1200, 700),
                    console()));
    assertTrue(
        unknown
            .getMessage()
            .contains(
                "option --version 'release_9' is not a branch, tag or snapshot id of "
                    + "lake.idxchart_versions.monthly_indices"),
        unknown.getMessage());
    assertTrue(
        unknown.getMessage().contains("branches: candidate, main; tags: release_1"),
        unknown.getMessage());
    assertEquals(FactoryMain.USAGE, FactoryMain.handle(unknown, false, console()));

    InvalidSpecException region =
        assertThrows(
            InvalidSpecException.class,
            () ->
                IndexChartCommand.chart(
                    lh,
                    table,
                    new IndexChartCommand.Request(
                        "nowhere", png, Optional.of("release_1"), 1200, 700),
                    console()));
    assertTrue(
        region.getMessage().contains("monthly_indices (version release_1); use one of"),
        region.getMessage());
  }

  static final StructType BAND =
      new StructType()
          .add("region_code", DataTypes.StringType)
          .add("month", DataTypes.DateType)
          .add("value", DataTypes.DoubleType)
          .add("low", DataTypes.DoubleType)
          .add("high", DataTypes.DoubleType);

  @Test
  void drawsTheCompositeBandFromCompositeUncertaintyAndOmitsItWhereTheVersionHasNone(Lakehouse lh)
      throws Exception {
    TableId table = TableId.gold("idxchart_band", "monthly_indices");
    write(lh, table, 36);
    Table iceberg = Spark3Util.loadIcebergTable(lh.spark(), table.sqlName());
    iceberg
        .manageSnapshots()
        .createTag("before_band", iceberg.currentSnapshot().snapshotId())
        .commit();
    List<Row> band = new ArrayList<>();
    for (int i = 0; i < 36; i++) {
      double v = 95 + i * 1.1;
      band.add(RowFactory.create("620000", Date.valueOf(FIRST.plusMonths(i)), v, v - 2, v + 3));
    }
    lh.replaceIceberg(
        TableId.gold("idxchart_band", "composite_uncertainty"),
        lh.spark().createDataFrame(band, BAND),
        band.size(),
        Optional.empty());

    Path png = tmp.resolve("band.png");
    IndexChartCommand.chart(lh, table, request("620000", png), console());
    assertEquals(
        "wrote " + png + ": 36 months, 5 series, 2021-01 … 2023-12 (composite band: 36 months)",
        printed());
    assertEquals(
        36,
        IndexChartCommand.band(
                lh,
                table,
                request("620000", png),
                new org.dataelements.factory.orchestration.charts.IndexChart.Region(
                    "620000", "Gansu"))
            .size());

    IndexChartCommand.chart(lh, table, request("630000", png), console());
    assertEquals(
        "wrote " + png + ": 36 months, 1 series, 2021-01 … 2023-12",
        printed(),
        "Qinghai has no composite, no band");
    IndexChartCommand.chart(
        lh,
        table,
        new IndexChartCommand.Request("620000", png, Optional.of("before_band"), 1200, 700),
        console());
    assertEquals(
        "wrote " + png + ": 36 months, 5 series, 2021-01 … 2023-12",
        printed(),
        "the tag is not in composite_uncertainty: no band");
  }

  @Test
  void sizeOutOfRangeIsAUsageErrorBeforeAnyRead(Lakehouse lh) {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                IndexChartCommand.chart(
                    lh,
                    TableId.gold("idxchart_absent", "monthly_indices"),
                    new IndexChartCommand.Request(
                        "620000", tmp.resolve("x.png"), Optional.empty(), 10, 700),
                    console()));
    assertTrue(e.getMessage().contains("option --width '10' is not valid"), e.getMessage());
    assertEquals(FactoryMain.USAGE, FactoryMain.handle(e, false, console()));
  }

  @Test
  void theFactoryCliParsesIndexChartWithItsVersionOption() {
    CommandLine cli = new CommandLine(new FactoryCli());
    CommandLine.ParseResult parsed =
        cli.parseArgs(
            "index",
            "chart",
            "--region",
            "Gansu",
            "--out",
            "g.png",
            "--version",
            "release_1",
            "--width",
            "800");
    IndexChartCommand chart =
        (IndexChartCommand) parsed.subcommand().subcommand().commandSpec().userObject();
    assertEquals("Gansu", chart.region);
    assertEquals(Path.of("g.png"), chart.out);
    assertEquals("release_1", chart.version);
    assertEquals(800, chart.width);
    assertEquals(700, chart.height);
  }
}
