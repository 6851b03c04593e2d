package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.graph.StepGraph;
import org.dataelements.factory.orchestration.sample.SampleDataGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in sample through the real pipeline, as {@code factory run} lands and builds it: its
 * temperatures give degree days to every sample region, the index is weather adjusted, and the
 * statistics derived from the meters validate it. Regions come from the generated meter readings.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class SampleElectricityIndexTest {
  static final String GANSU = "620000";

  @TempDir Path landing;
  @TempDir Path warehouse;

  /** Bronze and silver (Delta, by path) in a warehouse of this test's own; gold by candidate. */
  private Lakehouse own(Lakehouse shared) {
    FactoryConfig c = shared.config();
    return new Lakehouse(
        shared.spark(),
        new FactoryConfig(
            c.profile(),
            warehouse.toUri().toString().replaceAll("/$", ""),
            c.confDir(),
            c.spark(),
            c.catalog(),
            c.lineage(),
            c.pseudonymKeyFile()));
  }

  @Test
  void sampleGivesDegreeDaysWeatherAdjustedIndicesAndAValidationThatTracksTheMeters(
      Lakehouse shared) throws Exception {
    Lakehouse lh = own(shared);
    SampleDataGenerator.Summary s = new SampleDataGenerator(5, 2019, 2021, 0.1).writeAll(landing);
    Set<String> metered = new TreeSet<>();
    for (Path f : s.files()) {
      try (var lines = java.nio.file.Files.lines(f)) {
        lines.skip(1).map(l -> l.split(",", -1)[1]).forEach(metered::add);
      }
    }
    new OpsTables(lh).ensureAll();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Specs specs = Specs.load(SparkTestSession.confDir());
    StepGraph graph = StepGraph.load(specs);
    Pipeline pipeline =
        new Pipeline(
            lh, specs, graph, new Console(new PrintStream(log, true, StandardCharsets.UTF_8)));
    String runId = RunIds.next(java.time.Instant.now());
    pipeline.ingest(
        LandingRoot.of(landing),
        specs.sources().stream()
            .filter(src -> List.of("grid", "wind", "weather_uci").contains(src.name()))
            .toList(),
        runId,
        false);
    pipeline.build(graph.forProducts(List.of("electricity_index")), runId);
    String candidate = pipeline.candidates().get(0).candidate();
    String shown = log.toString(StandardCharsets.UTF_8);

    Set<String> withDegreeDays =
        lh
            .read(TableId.silver("weather", "degree_days_monthly"))
            .filter("hdd > 0 and cdd >= 0")
            .select("region_code")
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = new TreeSet<>(metered);
    expected.add(GANSU);
    assertTrue(
        withDegreeDays.containsAll(expected),
        "degree days for every metered region and Gansu: " + withDegreeDays + "\n" + shown);

    String indices = "lake.electricity_index.monthly_indices VERSION AS OF '" + candidate + "'";
    Row gansu =
        lh.spark()
            .sql(
                "select count(*), count(value_weather_adjusted) from "
                    + indices
                    + " where region_code = '"
                    + GANSU
                    + "' and index_name = 'total'")
            .first();
    assertTrue(gansu.getLong(0) >= 36, "Gansu's total index, a month each: " + gansu);
    assertEquals(gansu.getLong(0), gansu.getLong(1), "weather adjusted every month: " + gansu);
    Set<String> adjusted =
        strings(
            lh,
            "select distinct region_code from "
                + indices
                + " where index_name = 'total' and value_weather_adjusted is not null");
    assertTrue(adjusted.containsAll(expected), "weather adjusted: " + adjusted);

    String validation = "lake.electricity_index.validation VERSION AS OF '" + candidate + "'";
    List<Row> same =
        lh.spark()
            .sql(
                "select indicator, frequency, correlation, n_periods from "
                    + validation
                    + " where region_code = '"
                    + GANSU
                    + "' and lag_periods = 0 order by indicator")
            .collectAsList();
    System.out.println("Gansu, same period: " + same);
    Set<String> indicators =
        same.stream().map(r -> r.getString(0) + "/" + r.getString(1)).collect(Collectors.toSet());
    assertEquals(Set.of("gdp/quarter", "output_cement/month"), indicators, same.toString());
    for (Row r : same) {
      assertTrue(
          r.getDouble(2) > 0.5,
          "Gansu's index and its " + r.getString(0) + " move together: " + same);
    }
    long prefectures =
        lh.spark()
            .sql(
                "select count(distinct region_code) from "
                    + validation
                    + " where indicator = 'gdp' and region_code <> '"
                    + GANSU
                    + "'")
            .first()
            .getLong(0);
    assertEquals(metered.size(), prefectures, "each metered region compared with its GDP");
  }

  private static Set<String> strings(Lakehouse lh, String sql) {
    return lh.spark().sql(sql).collectAsList().stream()
        .map(r -> r.getString(0))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
