package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {
  @TempDir Path tmp;

  private record Captured(int code, String out, String err) {}

  private static Captured run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = FactoryMain.execute(args);
      return new Captured(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void traceabilityAloneWritesOnlyTheTraceabilitySampleAndPrintsItsDefects() {
    Captured c =
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
    Captured c = run("sample", "--out", tmp.toString(), "--traceability", "--events", "999");
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
    Captured c = run("sample", "--help");
    assertEquals(FactoryMain.OK, c.code());
    for (String s :
        new String[] {"--traceability", "--events", "traceability/", "meter_readings"}) {
      assertTrue(c.out().contains(s), s + " in " + c.out());
    }
  }
}
