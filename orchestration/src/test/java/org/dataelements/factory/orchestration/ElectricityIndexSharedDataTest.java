package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.Required;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.graph.StepGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The electricity index on real statistics: the provincial Wind file, the national year-to-date
 * sector series and monthly industry series (the council's sector indices reproduced, see {@link
 * SectorIndicesReproduction}), provincial GDP, Victoria's half-hourly demand and Beijing's weather,
 * landed and built by the pipeline as {@code factory run} does. Expectations come from the files
 * themselves (the provinces named in the Wind header), not from counts seen once.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class ElectricityIndexSharedDataTest {
  static final Path DATA = SparkTestSession.sharedData().resolve("electricity");
  static final List<String> FILES =
      List.of(
          "china_monthly_crea_wind/power_consumption_by_province_monthly.csv",
          "china_monthly_crea_wind/electricity_consumption_by_sector_ytd.csv",
          "china_monthly_crea_wind/electricity_consumption_by_industry_monthly.csv",
          "china_monthly_crea_wind/regional_gdp_by_province_quarterly_ytd.csv",
          "australia_vic_elec/vic_elec_2012_2013.csv",
          "weather_china_five_cities_uci/BeijingPM20100101_20151231.csv");

  @TempDir Path landing;

  @Test
  void everyProvinceOfTheFileAndVictoriaGetIndicesWithTheirMethodAndValidation(Lakehouse lh)
      throws Exception {
    Required.check(
        Required.SHARED_DATA, Files.isDirectory(DATA), DATA + " is not beside the checkout");
    for (String f : FILES) {
      Path target = landing.resolve("electricity").resolve(f);
      Files.createDirectories(target.getParent());
      Files.copy(DATA.resolve(f), target);
    }
    new OpsTables(lh).ensureAll();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Specs specs = Specs.load(SparkTestSession.confDir());
    StepGraph graph = StepGraph.load(specs);
    Pipeline pipeline =
        new Pipeline(
            lh, specs, graph, new Console(new PrintStream(log, true, StandardCharsets.UTF_8)));
    String runId = org.dataelements.factory.core.RunIds.next(java.time.Instant.now());
    pipeline.ingest(
        LandingRoot.of(landing),
        specs.sources().stream()
            .filter(s -> List.of("wind", "aemo", "weather_uci").contains(s.name()))
            .toList(),
        runId,
        false);
    long mainBefore = mainOf(lh);
    pipeline.build(graph.forProducts(List.of("electricity_index")), runId);
    pipeline.recordSteps();
    var events = LineageChecks.assertComplete(lh, runId);
    // The per-region build runs in Java: its declared lineage, not "every input column".
    var monthly =
        events.stream()
            .filter(e -> e.path("eventType").asText().equals("COMPLETE"))
            .flatMap(
                e -> java.util.stream.StreamSupport.stream(e.path("outputs").spliterator(), false))
            .filter(o -> o.path("name").asText().equals("lake.electricity_index.monthly_indices"))
            .findFirst()
            .orElseThrow();
    Set<String> valueFrom = new java.util.TreeSet<>();
    monthly
        .at("/facets/columnLineage/fields/value/inputFields")
        .forEach(f -> valueFrom.add(f.path("field").asText()));
    assertEquals(Set.of("consumption_kwh", "industry_code", "month"), valueFrom);
    assertEquals(
        "region_code",
        monthly.at("/facets/columnLineage/fields/region_code/inputFields/0/field").asText());
    // The build is a release candidate: main stays empty until an operator approves it.
    String candidate = pipeline.candidates().get(0).candidate();
    assertEquals(mainBefore, mainOf(lh), "main of a product is untouched by a run");
    String shown = log.toString(StandardCharsets.UTF_8);
    System.out.println(shown);

    // The provinces the Wind file names ("China: Beijing: Power Consumption", …).
    String names =
        Files.readAllLines(DATA.resolve(FILES.get(0))).stream()
            .filter(l -> l.startsWith("Name,"))
            .findFirst()
            .orElseThrow();
    long provinces =
        Arrays.stream(names.split(",")).filter(n -> n.endsWith("Power Consumption")).count();
    Set<String> totals =
        lh
            .spark()
            .sql(
                "select distinct region_code from lake.electricity_index.monthly_indices VERSION AS OF '"
                    + candidate
                    + "'"
                    + " where index_name = 'total'")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toSet());
    assertTrue(totals.contains("AU-VIC") && totals.contains("CN"), totals.toString());
    assertEquals(
        provinces + 2,
        totals.size(),
        "every province of the file, the country and Victoria: " + totals);
    assertTrue(
        totals.stream().filter(c -> c.matches("\\d{6}")).count() == provinces,
        "provinces conformed to GB/T 2260");

    Row vic =
        lh.spark()
            .sql(
                "select count(*), count(value_seasonally_adjusted), count(value_weather_adjusted),"
                    + " min(base_period), every(array_contains(flags, 'no_seasonal_adjustment')), every(array_contains(flags, 'base_fallback'))"
                    + " from lake.electricity_index.monthly_indices VERSION AS OF '"
                    + candidate
                    + "' where region_code = 'AU-VIC'")
            .first();
    assertEquals(24L, vic.getLong(0), "two years of half-hours, by local month");
    assertEquals(0L, vic.getLong(1), "24 months are too few to adjust for seasons");
    assertEquals(24L, vic.getLong(2), "Melbourne's temperatures give degree days for every month");
    assertEquals("2012", vic.getString(3));
    assertTrue(vic.getBoolean(4) && vic.getBoolean(5));

    Row beijing =
        lh.spark()
            .sql(
                "select count(value_seasonally_adjusted), count(value_weather_adjusted), count(*)"
                    + " from lake.electricity_index.monthly_indices VERSION AS OF '"
                    + candidate
                    + "' where region_code = '110000' and index_name = 'total'")
            .first();
    assertEquals(beijing.getLong(2), beijing.getLong(0), "a long series is adjusted every month");
    assertTrue(
        beijing.getLong(1) >= 60, "weather-adjusted where Beijing's weather exists: " + beijing);

    long combined =
        lh.spark()
            .sql(
                "select count(*) from lake.electricity_index.monthly_indices VERSION AS OF '"
                    + candidate
                    + "' where region_code = 'CN'"
                    + " and array_contains(flags, 'jan_feb_combined') and month(month) = 1")
            .first()
            .getLong(0);
    assertTrue(
        combined >= 3,
        "year-to-date years starting in February give Jan–Feb rows on January 1: " + combined);
    Set<String> cnIndices =
        lh
            .spark()
            .sql(
                "select distinct index_name from lake.electricity_index.monthly_indices VERSION AS OF '"
                    + candidate
                    + "'"
                    + " where region_code = 'CN'")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toSet());
    assertTrue(
        cnIndices.containsAll(List.of("total", "economic_vitality", "composite")),
        cnIndices.toString());

    List<String> items =
        lh
            .spark()
            .sql(
                "select distinct item from lake.electricity_index.methodology VERSION AS OF '"
                    + candidate
                    + "'"
                    + " where region_code = '110000'")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    assertTrue(
        items.containsAll(
            List.of(
                "base_period",
                "seasonal_model",
                "degree_day_coefficient:hdd",
                "seasonal_diagnostic:cny_coefficient")),
        items.toString());
    long best =
        lh.spark()
            .sql(
                "select count(distinct region_code) from lake.electricity_index.validation VERSION AS OF '"
                    + candidate
                    + "'"
                    + " where best_lag and indicator = 'gdp' and frequency = 'quarter'")
            .first()
            .getLong(0);
    assertEquals(provinces, best, "each province's index compared with its GDP");
    assertTrue(
        lh.spark()
                .sql(
                    "select count(*) from lake.electricity_index.sector_consumption VERSION AS OF '"
                        + candidate
                        + "'")
                .first()
                .getLong(0)
            > 0);

    // The council's sector series, against the raw national files.
    SectorIndicesReproduction.assertReproduced(lh, candidate);

    // An operator approves the candidate: the report reads the released index on main.
    new org.dataelements.factory.products.release.Releases(lh, new OpsTables(lh), specs)
        .approve(
            "electricity_index",
            candidate,
            new org.dataelements.factory.products.release.User(
                "ops.test", org.dataelements.factory.products.release.Role.OPERATOR));
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    assertEquals(
        FactoryMain.OK,
        IndexReportCommand.report(
            lh,
            java.util.Optional.of("beijing"),
            RowPrinter.Format.CSV,
            new PrintStream(report, true, StandardCharsets.UTF_8),
            new Console(new PrintStream(log, true, StandardCharsets.UTF_8))));
    List<String> lines = report.toString(StandardCharsets.UTF_8).lines().toList();
    System.out.println(String.join("\n", lines));
    assertEquals(2, lines.size(), "a header and Beijing's total: " + lines);
    assertTrue(lines.get(1).startsWith("110000,Beijing,total,"), lines.get(1));
    assertTrue(
        lines
            .get(1)
            .matches(
                ".*gdp r=-?0\\.\\d+, (same period|electricity (leads|lags) by \\d quarter\\(s\\)).*"),
        lines.get(1));
  }

  private static long mainOf(Lakehouse lh) {
    var table = org.dataelements.factory.core.TableId.gold("electricity_index", "monthly_indices");
    return lh.exists(table) ? lh.currentSnapshot(table) : -1; // -1: no snapshot on main
  }
}
