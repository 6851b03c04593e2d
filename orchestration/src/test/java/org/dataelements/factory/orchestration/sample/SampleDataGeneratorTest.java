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
}
