package org.dataelements.factory.orchestration.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataGeneratorTest {
  @TempDir Path a;
  @TempDir Path b;

  @Test
  void sameSeedSameBytes() throws IOException {
    var s1 = new SampleDataGenerator(7, 2020, 2021, 0.2).write(a);
    var s2 = new SampleDataGenerator(7, 2020, 2021, 0.2).write(b);
    assertEquals(s1.rows(), s2.rows());
    for (int i = 0; i < s1.files().size(); i++) {
      assertArrayEquals(
          Files.readAllBytes(s1.files().get(i)), Files.readAllBytes(s2.files().get(i)));
    }
  }

  @Test
  void coversTheFifteenDivisionsWithTheDeliberateDefects() throws IOException {
    var s = new SampleDataGenerator(42, 2019, 2023, 1.0).write(a);
    Set<String> regions = new HashSet<>();
    Set<String> units = new HashSet<>();
    long negative = 0;
    long duplicates = 0;
    Set<String> seen = new HashSet<>();
    for (Path f : s.files()) {
      List<String> lines = Files.readAllLines(f);
      assertEquals(
          "account_id,region_code,industry_code,customer_class,reading_date,consumption,unit",
          lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.split(",", -1);
        regions.add(c[1]);
        units.add(c[6]);
        if (c[5].startsWith("-")) {
          negative++;
        }
        if (!seen.add(line)) {
          duplicates++;
        }
      }
    }
    assertEquals(15, regions.size());
    assertTrue(regions.contains("LZNA") && regions.contains("623000"), regions.toString());
    assertEquals(Set.of("kWh", "MWh"), units, "the unit mix-up");
    assertTrue(negative > 0, "negative readings");
    assertTrue(duplicates > 100, "repeated readings: " + duplicates);
    long days = 365L * 5 + 1;
    assertTrue(s.rows() - duplicates < s.accounts() * days, "gaps: some days are missing");
  }

  @Test
  void writeAllAddsLanzhouLikeTemperaturesAndGdpThatOnlyGrowsWithinAYear() throws IOException {
    var s1 = new SampleDataGenerator(7, 2020, 2021, 0.2).writeAll(a);
    var s2 = new SampleDataGenerator(7, 2020, 2021, 0.2).writeAll(b);
    assertEquals(SampleWeather.STATIONS.size(), s1.weatherFiles().size());
    assertEquals(3, s1.statisticsFiles().size(), s1.statisticsFiles().toString());
    for (int i = 0; i < s1.statisticsFiles().size(); i++) {
      assertArrayEquals(
          Files.readAllBytes(s1.statisticsFiles().get(i)),
          Files.readAllBytes(s2.statisticsFiles().get(i)),
          "same seed, same statistics");
    }
    for (long seed = 0; seed < 8; seed++) {
      // One account per region: some seeds have no large industry, so no cement to report.
      Path dir = a.resolve("tiny-" + seed);
      for (Path f :
          new SampleDataGenerator(seed, 2020, 2020, 0.0).writeAll(dir).statisticsFiles()) {
        String text = Files.readString(f);
        assertTrue(!text.contains("NaN") && !text.contains("Infinity"), f + " has numbers only");
      }
    }
    Path lanzhou =
        s1.weatherFiles().stream()
            .filter(p -> p.getFileName().toString().startsWith("LanzhouPM20200101_20211231"))
            .findFirst()
            .orElseThrow();
    double[] sum = new double[13];
    int[] n = new int[13];
    List<String> hours = Files.readAllLines(lanzhou);
    assertEquals("No,year,month,day,hour,season,TEMP", hours.get(0));
    for (String line : hours.subList(1, hours.size())) {
      String[] c = line.split(",", -1);
      if (!c[6].equals("NA")) {
        sum[Integer.parseInt(c[2])] += Double.parseDouble(c[6]);
        n[Integer.parseInt(c[2])]++;
      }
    }
    double january = sum[1] / n[1];
    double july = sum[7] / n[7];
    assertTrue(january > -12 && january < -4, "Lanzhou's January mean: " + january);
    assertTrue(july > 19 && july < 27, "Lanzhou's July mean: " + july);

    List<String> gdp =
        Files.readAllLines(
            s1.statisticsFiles().stream()
                .filter(p -> p.toString().contains("gdp"))
                .findFirst()
                .orElseThrow());
    List<String> names =
        List.of(
            gdp.stream().filter(l -> l.startsWith("Name,")).findFirst().orElseThrow().split(","));
    assertTrue(names.contains("China: Gansu: GDP: YTD"), names.toString());
    assertTrue(names.contains("China: Gansu: Lanzhou New Area: GDP: YTD"), names.toString());
    List<String> periods = gdp.stream().filter(l -> l.matches("^\\d{4}-\\d{2},.*")).toList();
    assertEquals(8, periods.size(), "two years of quarters: " + periods);
    for (int q = 1; q < periods.size(); q++) {
      if (q % 4 == 0) {
        continue;
      }
      String[] before = periods.get(q - 1).split(",");
      String[] now = periods.get(q).split(",");
      for (int c = 1; c < now.length; c++) {
        assertTrue(
            Double.parseDouble(now[c].trim()) > Double.parseDouble(before[c].trim()),
            "year to date grows within a year: " + names.get(c) + " " + now[0]);
      }
    }
  }
}
