package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {
  @TempDir Path tmp;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void traceabilityAloneWritesOnlyTheTraceabilitySampleAndPrintsItsDefects() {
    CliRun c =
        run("sample", "--out", tmp.toString(), "--traceability", "--events", "1000", "--seed", "3");
    assertEquals(FactoryMain.OK, c.code(), c.err());
    assertTrue(Files.isDirectory(tmp.resolve("traceability/epcis/sample_farms")));
    assertTrue(Files.isDirectory(tmp.resolve("traceability/recall_notices")));
    assertFalse(Files.exists(tmp.resolve("electricity")), "no meter readings");
    assertTrue(c.err().contains("wrote 1,000 EPCIS events"), c.err());
    assertTrue(c.err().contains("lot_without_certificate"), c.err());
    assertTrue(c.err().contains("bronze quarantines these"), c.err());
    assertEquals("", c.out(), "progress goes to stderr");
  }

  @Test
  void eventsOutsideTheRangeAreABadOptionNamingTheRange() {
    CliRun c = run("sample", "--out", tmp.toString(), "--traceability", "--events", "999");
    assertEquals(FactoryMain.USAGE, c.code(), c.err());
    assertTrue(
        c.err()
            .contains(
                "option --events '999' is not valid; expected a number of EPCIS events from 1000"
                    + " to 100000000"),
        c.err());
    assertFalse(Files.exists(tmp.resolve("traceability")), "nothing written");
  }

  @Test
  void helpNamesBothSamplesAndTheirOptions() {
    CliRun c = run("sample", "--help");
    assertEquals(FactoryMain.OK, c.code());
    for (String s :
        new String[] {
          "--traceability",
          "--events",
          "traceability/",
          "meter_readings",
          "--corpus",
          "--documents",
          "--near-duplicates",
          "corpus-truth.tsv"
        }) {
      assertTrue(c.out().contains(s), s + " in " + c.out());
    }
  }

  @Test
  void corpusAloneWritesOnlyTheCorpusSampleAndPrintsWhatItPlants() throws Exception {
    CliRun c = run("sample", "--out", tmp.toString(), "--corpus", "--long-line-bytes", "5000");
    assertEquals(FactoryMain.OK, c.code(), c.err());
    assertTrue(Files.isDirectory(tmp.resolve("corpus/laws_cn_lawrefbook")));
    assertTrue(Files.isRegularFile(tmp.resolve("corpus/fortunes-zh/tang-sample")));
    assertFalse(Files.exists(tmp.resolve("electricity")), "no meter readings");
    assertFalse(Files.exists(tmp.resolve("traceability")), "no traceability sample");
    assertFalse(Files.exists(tmp.resolve("corpus-truth.tsv")), "truth only in the scale mode");
    for (String s : new String[] {"near_duplicate", "id_card", "invalid_id_card", "long_line"}) {
      assertTrue(c.err().contains(s), s + " in " + c.err());
    }
  }

  @Test
  void documentsWritesTheScaleCorpusAndItsGroundTruth() throws Exception {
    CliRun c =
        run(
            "sample",
            "--out",
            tmp.toString(),
            "--corpus",
            "--documents",
            "200",
            "--near-duplicates",
            "0.2");
    assertEquals(FactoryMain.OK, c.code(), c.err());
    assertTrue(c.err().contains("wrote 200 arXiv-style records (40 near duplicates)"), c.err());
    assertEquals(41, Files.readAllLines(tmp.resolve("corpus-truth.tsv")).size());
    assertFalse(Files.exists(tmp.resolve("corpus/policy")), "no default corpus sample");
  }

  @Test
  void aNearDuplicateFractionOutsideTheRangeIsABadOption() {
    CliRun c =
        run(
            "sample",
            "--out",
            tmp.toString(),
            "--corpus",
            "--documents",
            "10",
            "--near-duplicates",
            "1.5");
    assertEquals(FactoryMain.USAGE, c.code(), c.err());
    assertTrue(c.err().contains("option --near-duplicates '1.5' is not valid"), c.err());
    assertFalse(Files.exists(tmp.resolve("corpus")), "nothing written");
  }
}
