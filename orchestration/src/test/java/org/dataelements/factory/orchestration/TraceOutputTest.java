package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dataelements.factory.products.traceability.LotTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code factory trace} prints: labels, DOT quoting, totals; no warehouse needed. */
class TraceOutputTest {
  @TempDir Path tmp;

  @Test
  void aShortLabelNamesTheIdentifiersOfADigitalLinkMostSpecificFirst() {
    assertEquals(
        "lot LOT 7\nGTIN 04012345123456",
        TraceOutput.shortLabel("https://id.gs1.org/01/04012345123456/10/LOT 7"));
    assertEquals(
        "serial 99\nGTIN 04012345123456",
        TraceOutput.shortLabel("https://example.com/01/04012345123456/21/99?linkType=all"));
    assertEquals(
        "SSCC 340123450000000017",
        TraceOutput.shortLabel("https://id.gs1.org/00/340123450000000017"));
    assertEquals(
        "ext 7\nGLN 4012345000009",
        TraceOutput.shortLabel("https://id.gs1.org/414/4012345000009/254/7"));
    assertEquals("urn:epc:id:grai:1.2.3", TraceOutput.shortLabel("urn:epc:id:grai:1.2.3"));
    String urn = "urn:epc:class:lgtin:4012345.012345.LOT1";
    assertEquals("…" + urn.substring(urn.length() - 27), TraceOutput.shortLabel(urn));
  }

  @Test
  void dotStringsEscapeQuotesBackslashesAndLineBreaks() {
    assertEquals("\"a\\\"b\\\\c\\nd e\"", TraceOutput.dotString("a\"b\\c\nd\te"));
  }

  @Test
  void idsWithQuotesAndBackslashesStillMakeAGraphThatRenders() throws Exception {
    String odd = "lot \"7\" \\ odd";
    LotTrace.Link up =
        new LotTrace.Link(
            "A", odd, "upstream", 1, "transformation", Optional.empty(), Optional.empty());
    LotTrace.Link down =
        new LotTrace.Link(
            "A",
            "B",
            "downstream",
            3,
            "shipping>aggregation",
            Optional.of(Instant.EPOCH),
            Optional.empty());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TraceOutput.lineageDot(
        new TraceOutput.Subject("A", "A", "traceability@1.0.0", false, 7L),
        List.of(up, down),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String dot = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(
        dot.contains("\"lot \\\"7\\\" \\\\ odd\" -> \"A\" [label=\"transformation\"];"), dot);
    assertTrue(
        dot.contains("\"A\" -> \"B\" [label=\"shipping>aggregation (depth 3)\", style=dashed];"),
        dot);
    Path file = tmp.resolve("odd.dot");
    Files.writeString(file, dot);
    String svg = TraceCommandTest.render(file);
    assertTrue(svg.contains("&quot;7&quot;"), "the quoted id is a label in the SVG: " + svg);
  }

  @Test
  void recallTotalsAddQuantitiesPerUnitWithoutBinaryNoise() {
    List<LotTrace.AffectedLot> lots =
        List.of(
            new LotTrace.AffectedLot(
                "T",
                "failed_test",
                "A",
                0,
                Optional.of(0.1),
                Optional.of("kg"),
                Optional.empty(),
                Optional.empty()),
            new LotTrace.AffectedLot(
                "T",
                "failed_test",
                "B",
                1,
                Optional.of(0.2),
                Optional.of("kg"),
                Optional.empty(),
                Optional.empty()),
            new LotTrace.AffectedLot(
                "T",
                "failed_test",
                "C",
                1,
                Optional.of(3.0),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TraceOutput.recallText(
        new TraceOutput.Subject("T", "T", "traceability@1.0.0", false, 7L),
        lots,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals("total: 3 (no unit), 0.3 kg; 3 lots", lines.get(lines.size() - 1));
  }
}
