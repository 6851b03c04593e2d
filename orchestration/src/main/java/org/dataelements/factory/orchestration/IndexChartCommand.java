package org.dataelements.factory.orchestration;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.orchestration.charts.IndexChart;
import org.dataelements.factory.products.electricityindex.MonthlyIndices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code factory index chart}: one region's electricity index series as a PNG. */
@Command(
    name = "chart",
    description =
        "Draw the electricity index series of one region (raw, seasonally and weather adjusted,"
            + " composite and sub-indices) from lake.electricity_index.monthly_indices as a PNG"
            + " chart, with the composite's low-high band from composite_uncertainty where that"
            + " table exists; reads main, or a branch or tag with --version.")
final class IndexChartCommand implements Callable<Integer> {
  static final String REGION_CODE = "region_code";
  static final String REGION_NAME = "region_name";
  static final String MONTH = "month";
  static final String INDEX_NAME = "index_name";
  static final String VALUE = "value";
  static final String BASE_PERIOD = "base_period";
  static final String WEATHER_ADJUSTED = "value_weather_adjusted";
  static final String SEASONALLY_ADJUSTED = "value_seasonally_adjusted";
  static final String FLAGS = "flags";
  static final String UNCERTAINTY = "composite_uncertainty";
  static final String LOW = "low";
  static final String HIGH = "high";
  private static final List<String> REQUIRED =
      List.of(REGION_CODE, REGION_NAME, MONTH, INDEX_NAME, VALUE, BASE_PERIOD);
  static final int MIN_SIZE = 200;
  static final int MAX_SIZE = 10_000;

  @Mixin GlobalOptions global;

  // Not mixinStandardHelpOptions: its --version would clash with the table version's --version.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--region",
      required = true,
      paramLabel = "R",
      description = "Region code or name (case-insensitive), e.g. 620000 or gansu.")
  String region;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.png",
      description = "Where to write the PNG.")
  Path out;

  @Option(
      names = "--version",
      paramLabel = "V",
      description = "Read this branch or tag (or Iceberg snapshot id) instead of main.")
  String version;

  @Option(
      names = "--width",
      paramLabel = "PX",
      description = "Image width in pixels (default 1200).")
  int width = 1200;

  @Option(
      names = "--height",
      paramLabel = "PX",
      description = "Image height in pixels (default 700).")
  int height = 700;

  /** What to chart and where to write it. */
  record Request(String region, Path out, Optional<String> version, int width, int height) {
    Request {
      requireNonNull(region, "region is null");
      requireNonNull(out, "out is null");
      requireNonNull(version, "version is null");
    }
  }

  @Override
  public Integer call() {
    Request request = new Request(region, out, Optional.ofNullable(version), width, height);
    checkSize(request);
    Console console = new Console(System.err);
    Lakehouse lakehouse = Sessions.openForBuild(global.resolve(), console);
    return chart(lakehouse, MonthlyIndices.TABLE, request, console);
  }

  /**
   * Writes the chart of the region in the table and tells the user (on stderr: a summary, not data)
   * what it holds; returns the exit code.
   */
  static int chart(Lakehouse lakehouse, TableId table, Request request, Console console) {
    checkSize(request);
    Dataset<Row> rows = read(lakehouse, table, request.version());
    IndexChart.Region region = region(request.region(), regions(rows), table, request.version());
    console.step(
        "charting "
            + region
            + " from "
            + table.sqlName()
            + request.version().map(v -> " at " + v).orElse(""));
    List<IndexChart.Point> points = points(rows, region);
    IndexChart chart = IndexChart.of(region, points, band(lakehouse, table, request, region));
    write(request.out(), chart.png(request.width(), request.height()));
    IndexChart.Summary s = chart.summary();
    console.line(
        "wrote "
            + request.out()
            + ": "
            + s.months()
            + " months, "
            + s.series()
            + " series, "
            + s.from()
            + " … "
            + s.to()
            + (chart.band().isEmpty()
                ? ""
                : " (composite band: " + chart.band().size() + " months)"));
    return FactoryMain.OK;
  }

  /**
   * The composite's low–high band of the region from {@code composite_uncertainty} beside the index
   * table, at the same version; empty when that table, the version in it or its columns are absent
   * (a release from before the table).
   */
  static List<IndexChart.Band> band(
      Lakehouse lakehouse, TableId table, Request request, IndexChart.Region region) {
    TableId uncertainty = TableId.of(table.layer(), table.namespace(), UNCERTAINTY);
    if (!lakehouse.exists(uncertainty)) {
      return List.of();
    }
    Dataset<Row> rows;
    try {
      rows =
          request.version().isEmpty()
              ? lakehouse.read(uncertainty)
              : atVersion(lakehouse, uncertainty, request.version().get());
    } catch (InvalidSpecException e) {
      return List.of(); // the version predates the table
    }
    if (!Arrays.asList(rows.columns()).containsAll(List.of(REGION_CODE, MONTH, LOW, HIGH))) {
      return List.of();
    }
    List<IndexChart.Band> band = new ArrayList<>();
    for (Row r :
        rows.where(col(REGION_CODE).equalTo(region.code()))
            .select(col(MONTH), col(LOW), col(HIGH))
            .collectAsList()) {
      if (!r.isNullAt(0) && !r.isNullAt(1) && !r.isNullAt(2)) {
        band.add(
            new IndexChart.Band(
                month(r.get(0)),
                ((Number) r.get(1)).doubleValue(),
                ((Number) r.get(2)).doubleValue()));
      }
    }
    return band;
  }

  private static void checkSize(Request request) {
    String expected = "a number of pixels from " + MIN_SIZE + " to " + MAX_SIZE;
    if (request.width() < MIN_SIZE || request.width() > MAX_SIZE) {
      throw CoreErrors.badOption("--width", Integer.toString(request.width()), expected);
    }
    if (request.height() < MIN_SIZE || request.height() > MAX_SIZE) {
      throw CoreErrors.badOption("--height", Integer.toString(request.height()), expected);
    }
  }

  /** The table's rows at main, or at the branch, tag or snapshot id given. */
  static Dataset<Row> read(Lakehouse lakehouse, TableId table, Optional<String> version) {
    if (!lakehouse.exists(table)) {
      throw IndexCommandErrors.tableMissing(table, lakehouse.config().warehouse());
    }
    Dataset<Row> rows;
    if (version.isEmpty()) {
      rows = lakehouse.read(table);
    } else {
      rows = atVersion(lakehouse, table, version.get());
    }
    List<String> columns = Arrays.asList(rows.columns());
    List<String> missing = REQUIRED.stream().filter(c -> !columns.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw IndexCommandErrors.missingColumns(table, version, missing);
    }
    return rows;
  }

  private static Dataset<Row> atVersion(Lakehouse lakehouse, TableId table, String version) {
    Table iceberg;
    try {
      iceberg = Spark3Util.loadIcebergTable(lakehouse.spark(), table.sqlName());
    } catch (NoSuchTableException e) {
      throw IndexCommandErrors.tableMissing(table, lakehouse.config().warehouse());
    } catch (ParseException e) {
      throw new IllegalStateException("cannot parse the table name " + table.sqlName(), e);
    }
    // Resolved here rather than with SQL `VERSION AS OF`, which reads an all-digit ref name as a
    // snapshot id and names no alternatives when V is unknown.
    DataFrameReader reader = lakehouse.spark().read().format("iceberg");
    SnapshotRef ref = iceberg.refs().get(version);
    if (ref != null) {
      reader = reader.option(ref.isBranch() ? "branch" : "tag", version);
    } else if (snapshotId(version).map(iceberg::snapshot).isPresent()) {
      reader = reader.option("snapshot-id", version);
    } else {
      List<String> branches =
          iceberg.refs().entrySet().stream()
              .filter(e -> e.getValue().isBranch())
              .map(e -> e.getKey())
              .sorted()
              .toList();
      List<String> tags =
          iceberg.refs().entrySet().stream()
              .filter(e -> e.getValue().isTag())
              .map(e -> e.getKey())
              .sorted()
              .toList();
      throw IndexCommandErrors.unknownVersion(table, version, branches, tags);
    }
    return reader.load(table.sqlName());
  }

  private static Optional<Long> snapshotId(String version) {
    try {
      return Optional.of(Long.parseLong(version));
    } catch (NumberFormatException e) {
      return Optional.empty(); // a name, not an id
    }
  }

  /** Every region of the rows, by code, with the name of its latest month. */
  static List<IndexChart.Region> regions(Dataset<Row> rows) {
    List<IndexChart.Region> out = new ArrayList<>();
    for (Row r :
        rows.where(col(REGION_CODE).isNotNull())
            .groupBy(col(REGION_CODE))
            .agg(max_by(col(REGION_NAME), col(MONTH)).as(REGION_NAME))
            .orderBy(col(REGION_CODE))
            .collectAsList()) {
      out.add(new IndexChart.Region(r.getString(0), r.isNullAt(1) ? "" : r.getString(1)));
    }
    return out;
  }

  /** The one region whose code, else whose name, equals the given text, ignoring case. */
  static IndexChart.Region region(
      String given, List<IndexChart.Region> regions, TableId table, Optional<String> version) {
    String wanted = given.trim();
    List<IndexChart.Region> matches =
        regions.stream().filter(r -> r.code().equalsIgnoreCase(wanted)).toList();
    if (matches.isEmpty()) {
      matches = regions.stream().filter(r -> r.name().equalsIgnoreCase(wanted)).toList();
    }
    if (matches.isEmpty()) {
      throw IndexCommandErrors.unknownRegion(given, table, version, regions);
    }
    if (matches.size() > 1) {
      throw IndexCommandErrors.ambiguousRegion(given, table, version, matches);
    }
    return matches.get(0);
  }

  private static List<IndexChart.Point> points(Dataset<Row> rows, IndexChart.Region region) {
    List<String> columns = Arrays.asList(rows.columns());
    Column[] select = {
      col(MONTH),
      col(INDEX_NAME),
      col(VALUE),
      col(BASE_PERIOD),
      optional(columns, WEATHER_ADJUSTED, lit(null).cast(DataTypes.DoubleType)),
      optional(columns, SEASONALLY_ADJUSTED, lit(null).cast(DataTypes.DoubleType)),
      optional(columns, FLAGS, lit(null).cast(DataTypes.createArrayType(DataTypes.StringType))),
    };
    List<IndexChart.Point> points = new ArrayList<>();
    for (Row r :
        rows.where(col(REGION_CODE).equalTo(region.code())).select(select).collectAsList()) {
      if (r.isNullAt(0) || r.isNullAt(1)) {
        continue;
      }
      points.add(
          new IndexChart.Point(
              month(r.get(0)),
              r.getString(1),
              number(r, 2),
              r.isNullAt(3) ? "" : r.getString(3),
              number(r, 4),
              number(r, 5),
              r.isNullAt(6)
                  ? List.of()
                  : r.<String>getList(6).stream().filter(Objects::nonNull).toList()));
    }
    return points;
  }

  private static Column optional(List<String> columns, String name, Column absent) {
    return (columns.contains(name) ? col(name) : absent).as(name);
  }

  private static YearMonth month(Object value) {
    LocalDate date = value instanceof LocalDate d ? d : ((java.sql.Date) value).toLocalDate();
    return YearMonth.from(date);
  }

  private static OptionalDouble number(Row r, int i) {
    return r.isNullAt(i)
        ? OptionalDouble.empty()
        : OptionalDouble.of(((Number) r.get(i)).doubleValue());
  }

  private static void write(Path file, byte[] png) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, png);
    } catch (IOException e) {
      throw org.dataelements.factory.core.CoreErrors.cannotWrite("--out", file, e);
    }
  }
}
