package org.dataelements.factory.ingestion.epcis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.testing.Required;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.junit.jupiter.api.Test;

/** The real EPCIS examples of the shared data (GS1 and OpenEPCIS), read without Spark. */
class EpcisSharedDataTest {
  private static final Path ROOT = SparkTestSession.sharedData().resolve("traceability/epcis");

  private static List<Path> files() throws IOException {
    Required.sharedData("traceability/epcis");
    try (Stream<Path> s = Files.walk(ROOT)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static boolean underInvalid(Path p) {
    for (Path part : ROOT.relativize(p)) {
      if (part.toString().equals("Invalid")) {
        return true;
      }
    }
    return false;
  }

  private static EpcisFile read(Path p) throws IOException {
    return EpcisReader.read(
        p, ROOT.relativize(p).toString(), "UTF-8", FormatOptions.Epcis.DEFAULTS);
  }

  @Test
  void everyValidEpcisDocumentLandsWithoutQuarantine() throws IOException {
    List<String> wrong = new ArrayList<>();
    int landed = 0;
    for (Path p : files()) {
      String rel = ROOT.relativize(p).toString();
      if (underInvalid(p) || !EpcisLanding.accepts(new LandingFile(rel, p, Files.size(p), "x"))) {
        continue;
      }
      EpcisFile f = read(p);
      if (f.rejection().isPresent() && !f.noEventData()) {
        wrong.add(rel + " rejected: " + f.rejection().get());
      }
      f.events().stream().filter(e -> !e.isValid()).forEach(e -> wrong.add(rel + " " + e.reason()));
      landed += f.landed();
    }
    assertEquals(List.of(), wrong);
    assertTrue(landed >= 100, "events landed from the shared examples: " + landed);
  }

  @Test
  void everyInvalidFileIsRejectedOrQuarantinedWithAReason() throws IOException {
    List<String> wrong = new ArrayList<>();
    int seen = 0;
    for (Path p : files()) {
      if (!underInvalid(p)) {
        continue;
      }
      seen++;
      String rel = ROOT.relativize(p).toString();
      EpcisFile f = read(p);
      boolean caught = f.rejection().isPresent() || f.quarantined() > 0;
      if (!caught || !EpcisLanding.accepts(new LandingFile(rel, p, Files.size(p), "x"))) {
        wrong.add(rel + (caught ? " is not recognised as EPCIS" : " lands whole"));
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(seen > 0);
  }

  @Test
  void filesThatAreNotAcceptedHoldNoEvents() throws IOException {
    List<String> skippedWithEvents = new ArrayList<>();
    for (Path p : files()) {
      String rel = ROOT.relativize(p).toString();
      if (!EpcisLanding.accepts(new LandingFile(rel, p, Files.size(p), "x"))
          && !read(p).events().isEmpty()) {
        skippedWithEvents.add(rel);
      }
    }
    assertEquals(List.of(), skippedWithEvents);
  }
}
