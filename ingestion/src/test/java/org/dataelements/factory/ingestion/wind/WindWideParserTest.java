package org.dataelements.factory.ingestion.wind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dataelements.factory.core.testing.Required;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class WindWideParserTest {
  static final String EXPORT = fixture();

  /** A small Wind export: BOM, header block, thousands separators, trailing spaces, a footer. */
  static String fixture() {
    try (var in = WindWideParserTest.class.getResourceAsStream("/fixtures/wind/export.csv")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void yieldsOneCellPerPeriodAndSeriesWithItsHeader() {
    WindWideParser.Parsed p = WindWideParser.parse(EXPORT);
    assertEquals(Optional.empty(), p.rejection());
    assertEquals(3, p.cells().size());
    WindWideParser.Cell first = p.cells().get(0);
    assertEquals("2021-02", first.period());
    assertEquals("China: Gansu: Power Consumption", first.seriesName());
    assertEquals("1,103.50 ", first.value(), "values stay as delivered");
    assertEquals(Optional.of("100 million kwh"), first.unit());
    assertEquals(Optional.of("X1"), first.seriesId());
    assertEquals(
        "0.00 ", p.cells().get(1).value(), "0.00 is landed; silver decides it means missing");
    assertEquals(1, p.bad().size(), "the footer is not a period row");
    assertEquals(9, p.bad().get(0).recordNumber());
    assertEquals(4, p.recordsRead());
  }

  @Test
  void recognisesAnExportByItsHeaderRows() {
    assertTrue(WindWideParser.looksLikeWind(EXPORT));
    assertFalse(WindWideParser.looksLikeWind("account_id,reading_date\nA,2021-01-01\n"));
  }

  @Test
  void rejectsAFileWithoutTheHeaderBlockAndSaysWhatIsMissing() {
    WindWideParser.Parsed p = WindWideParser.parse("Name,a\nFrequency,Month\n2021-01,1\n");
    assertTrue(p.rejection().orElseThrow().contains("no 'Unit' header row"), p.rejection().get());
  }

  @Test
  void quarantinesARowWithMoreValuesThanSeries() {
    WindWideParser.Parsed p =
        WindWideParser.parse("Name,a\nFrequency,Month\nUnit,kwh\n2021-01,1,2,3\n2021-02,4\n");
    assertEquals(1, p.cells().size());
    assertTrue(p.bad().get(0).reason().contains("header names 1 series"), p.bad().get(0).reason());
  }

  @Test
  void parsesTheRealProvincialFileWhateverItsProvinces() throws IOException {
    Path dir = SparkTestSession.sharedData().resolve("electricity/china_monthly_crea_wind");
    Required.sharedData("electricity/china_monthly_crea_wind");
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(x -> x.toString().endsWith(".csv")).toList()) {
        String text = Files.readString(f);
        assertTrue(WindWideParser.looksLikeWind(text), f.toString());
        WindWideParser.Parsed p = WindWideParser.parse(text);
        assertTrue(p.rejection().isEmpty(), f + ": " + p.rejection());
        assertFalse(p.cells().isEmpty(), f.toString());
      }
    }
  }
}
