package org.dataelements.factory.orchestration;

import static org.dataelements.factory.orchestration.TraceFixtures.impact;
import static org.dataelements.factory.orchestration.TraceFixtures.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dataelements.factory.core.Gs1Ids;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code factory trace} run as a user runs it, against releases of traceability built by the real
 * release machinery: two releases with different rows, then an open candidate with others.
 */
@Tag("spark")
class TraceCommandTest {
  static final String URN = "urn:epc:class:lgtin:4012345.012345.LOT1";
  static final String A = lot("LOT1");
  static final String B = lot("LOT2");
  static final String C = lot("LOT3");
  static final String D = lot("LOT4");
  static final String E = lot("LOT5");
  static final String F = lot("LOT6");
  static final String H = lot("LOT8");
  static final String I = lot("LOT9");
  static final String TEST = "TEST-2026-0001";

  static String warehouse;
  static String first;
  static String second;
  static String candidate;

  @TempDir Path tmp;

  static String lot(String lot) {
    return Gs1Ids.canonical("urn:epc:class:lgtin:4012345.012345." + lot);
  }

  @BeforeAll
  static void releases() {
    Lakehouse lh = SparkTestSession.lakehouse();
    warehouse = lh.config().warehouse();
    first =
        TraceFixtures.release(
            lh,
            TraceFixtures.tables(
                List.of(
                    link(A, B, "upstream", 1, "transformation"),
                    link(A, C, "upstream", 2, "aggregation>transformation"),
                    link(A, E, "downstream", 2, "shipping>transformation"),
                    link(A, D, "downstream", 1, "shipping"),
                    link(B, A, "downstream", 1, "transformation"),
                    link(D, A, "upstream", 1, "shipping")),
                List.of(
                    impact(TEST, "failed_test", A, 0, 100.0, "kg", "farm gate", "Farm Li"),
                    impact(TEST, "failed_test", I, 2, null, null, null, null),
                    impact(TEST, "failed_test", E, 2, 12.0, "case", "shop 7", null),
                    impact(
                        TEST,
                        "failed_test",
                        D,
                        1,
                        40.5,
                        "kg",
                        "Warehouse 3, Hall B",
                        "Wholesaler Wang"),
                    impact("RECALL-2026-07", "recall_notice", B, 0, 5.0, "kg", "x", "y"))));
    second =
        TraceFixtures.release(
            lh,
            TraceFixtures.tables(
                List.of(
                    link(A, B, "upstream", 1, "transformation"),
                    link(A, F, "downstream", 1, "shipping"),
                    link(F, A, "upstream", 1, "shipping")),
                List.of()));
    candidate =
        TraceFixtures.candidate(
            lh, TraceFixtures.tables(List.of(link(A, H, "upstream", 1, "association")), List.of()));
  }

  private String[] args(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--warehouse", warehouse, "--conf", SparkTestSession.confDir().toString()));
    return all.toArray(String[]::new);
  }

  @Test
  void csvHasTheContractColumnsAndTheRowsOfTheReleaseAskedFor() {
    CliRun c = run(args("trace", A, "--version", "v" + first, "--format", "csv"));
    assertEquals(FactoryMain.OK, c.code, c.err);
    assertEquals(
        String.join(
            "\r\n",
            "lot_id,related_lot_id,direction,depth,via",
            A + "," + B + ",upstream,1,transformation",
            A + "," + C + ",upstream,2,aggregation>transformation",
            A + "," + D + ",downstream,1,shipping",
            A + "," + E + ",downstream,2,shipping>transformation",
            ""),
        c.out);
    assertTrue(c.err.contains("reading traceability@" + first + " (lot_lineage snapshot "), c.err);
  }

  @Test
  void theNewestReleaseIsReadByDefaultAndAnOlderOneOnRequest() {
    String latest = run(args("trace", A, "--format", "csv")).out;
    assertEquals(
        String.join(
            "\r\n",
            "lot_id,related_lot_id,direction,depth,via",
            A + "," + B + ",upstream,1,transformation",
            A + "," + F + ",downstream,1,shipping",
            ""),
        latest);
    assertEquals(latest, run(args("trace", A, "--version", second, "--format", "csv")).out);
    String older = run(args("trace", A, "--version", first, "--format", "csv")).out;
    assertTrue(older.contains(A + "," + E + ",downstream,2"), older);
    assertEquals(older, run(args("trace", A, "--version", "v" + first, "--format", "csv")).out);
  }

  @Test
  void urnDigitalLinkAndCanonicalSpellingsGiveTheSameAnswer() {
    String canonical = run(args("trace", A, "--format", "csv")).out;
    assertEquals(canonical, run(args("trace", URN, "--format", "csv")).out);
    String digitalLink = "https://shop.example.com/01/04012345123456/10/LOT1";
    assertEquals(canonical, run(args("trace", digitalLink, "--format", "csv")).out);
    CliRun text = run(args("trace", URN));
    assertTrue(text.out.contains("asked as " + URN), text.out);
  }

  @Test
  void directionKeepsOneSideOfTheChain() {
    String up =
        run(args("trace", A, "--version", first, "--direction", "upstream", "--format", "csv")).out;
    assertEquals(
        List.of(
            "lot_id,related_lot_id,direction,depth,via",
            A + "," + B + ",upstream,1,transformation",
            A + "," + C + ",upstream,2,aggregation>transformation"),
        up.lines().toList());
    String down =
        run(args("trace", A, "--version", first, "--direction", "DOWNSTREAM", "--format", "csv"))
            .out;
    assertEquals(
        List.of(
            "lot_id,related_lot_id,direction,depth,via",
            A + "," + D + ",downstream,1,shipping",
            A + "," + E + ",downstream,2,shipping>transformation"),
        down.lines().toList());
    CliRun text = run(args("trace", A, "--version", first, "--direction", "upstream"));
    assertTrue(text.out.contains("upstream: 2 lots"), text.out);
    assertFalse(text.out.contains("downstream"), text.out);
  }

  @Test
  void textGroupsByDirectionUnderALineNamingTheRelease() {
    CliRun c = run(args("trace", A, "--version", first));
    assertEquals(FactoryMain.OK, c.code, c.err);
    List<String> lines = c.out.lines().toList();
    assertTrue(
        lines
            .get(0)
            .matches(
                Pattern.quote(
                        "trace of " + A + " in traceability@" + first + " (lot_lineage snapshot ")
                    + "\\d+\\)"),
        lines.get(0));
    int up = lines.indexOf("upstream: 2 lots");
    int down = lines.indexOf("downstream: 2 lots");
    assertTrue(up > 0 && down > up, c.out);
    assertTrue(lines.get(up + 2).contains(" 1 ") && lines.get(up + 2).contains(B), c.out);
    assertTrue(lines.get(up + 3).contains(" 2 ") && lines.get(up + 3).contains("  " + C), c.out);
    assertTrue(lines.get(down + 2).contains(D) && lines.get(down + 3).contains(E), c.out);
    assertTrue(c.out.contains("2026-03-01T08:00:00Z"), c.out);
    assertEquals("", c.err, "text goes to stdout alone");
  }

  @Test
  void aCandidateBranchIsReadBeforeItIsApproved() {
    CliRun c = run(args("trace", A, "--version", candidate, "--format", "csv"));
    assertEquals(FactoryMain.OK, c.code, c.err);
    assertEquals(
        List.of(
            "lot_id,related_lot_id,direction,depth,via", A + "," + H + ",upstream,1,association"),
        c.out.lines().toList());
    assertTrue(c.err.contains("a candidate, not released"), c.err);
    CliRun text = run(args("trace", A, "--version", candidate));
    assertTrue(
        text.out.startsWith("trace of " + A + " in traceability@" + candidate + " (a candidate"),
        text.out);
  }

  @Test
  void anUnknownIdGivesNoRowsAndSaysSoWithExitZero() {
    String unknown = lot("NOSUCHLOT");
    CliRun csv = run(args("trace", unknown, "--format", "csv"));
    assertEquals(FactoryMain.OK, csv.code, csv.err);
    assertEquals("lot_id,related_lot_id,direction,depth,via\r\n", csv.out);
    assertTrue(
        csv.err.contains("no lot_lineage row for " + unknown + " in traceability@"), csv.err);
    CliRun text = run(args("trace", unknown));
    assertEquals(FactoryMain.OK, text.code, text.err);
    assertTrue(text.out.contains("no lot_lineage row for " + unknown), text.out);
    CliRun json = run(args("trace", unknown, "--format", "json"));
    assertEquals("", json.out);
  }

  @Test
  void withoutAReleaseTheMessageNamesTheProductAndHowToApproveOne() {
    CliRun c =
        run(
            "trace",
            URN,
            "--warehouse",
            tmp.resolve("empty").toString(),
            "--conf",
            SparkTestSession.confDir().toString());
    assertEquals(FactoryMain.FAILED, c.code, c.err);
    assertEquals("", c.out);
    assertTrue(c.err.startsWith("error: product traceability has no release"), c.err);
    assertTrue(c.err.contains("factory release approve traceability"), c.err);
    assertFalse(c.err.contains("Exception"), c.err);
  }

  @Test
  void anUnknownVersionIsRefusedAndABadOneIsBadUsage() {
    CliRun unknown = run(args("trace", A, "--version", "9.9.9"));
    assertEquals(FactoryMain.FAILED, unknown.code, unknown.err);
    assertTrue(unknown.err.contains("traceability has no release 9.9.9"), unknown.err);
    assertTrue(unknown.err.contains(first) && unknown.err.contains(second), unknown.err);
    CliRun bad = run(args("trace", A, "--version", "latest-ish"));
    assertEquals(FactoryMain.USAGE, bad.code, bad.err);
    assertTrue(bad.err.contains("candidate_<run id>"), bad.err);
    CliRun gone = run(args("trace", A, "--version", "candidate_20200101T000000Z_abcd"));
    assertEquals(FactoryMain.FAILED, gone.code, gone.err);
    assertTrue(gone.err.contains("has no candidate candidate_20200101T000000Z_abcd"), gone.err);
    assertEquals(FactoryMain.USAGE, run(args("trace", A, "--direction", "sideways")).code);
    CliRun noId = run(args("trace"));
    assertEquals(FactoryMain.USAGE, noId.code, noId.err);
    assertTrue(noId.err.contains("Missing required parameter: 'ID'"), noId.err);
  }

  @Test
  void jsonIsOneObjectPerRowWithEventTimes() {
    CliRun c =
        run(args("trace", A, "--version", first, "--direction", "upstream", "--format", "json"));
    assertEquals(FactoryMain.OK, c.code, c.err);
    List<String> lines = c.out.lines().toList();
    assertEquals(2, lines.size(), c.out);
    assertEquals(
        "{\"lot_id\":\""
            + A
            + "\",\"related_lot_id\":\""
            + B
            + "\",\"direction\":\"upstream\",\"depth\":1,\"via\":\"transformation\","
            + "\"first_event_time\":\"2026-03-01T08:00:00Z\","
            + "\"last_event_time\":\"2026-03-02T17:30:00Z\"}",
        lines.get(0));
  }

  @Test
  void dotHasEveryPairAsAnEdgeAndRendersAsSvg() throws Exception {
    CliRun c = run(args("trace", A, "--version", first, "--format", "dot"));
    assertEquals(FactoryMain.OK, c.code, c.err);
    String dot = c.out;
    for (String edge :
        List.of(
            q(B) + " -> " + q(A) + " [label=\"transformation\"]",
            q(C)
                + " -> "
                + q(A)
                + " [label=\"aggregation>transformation (depth 2)\", style=dashed]",
            q(A) + " -> " + q(D) + " [label=\"shipping\"]",
            q(A)
                + " -> "
                + q(E)
                + " [label=\"shipping>transformation (depth 2)\", style=dashed]")) {
      assertTrue(dot.contains(edge), edge + " missing from:\n" + dot);
    }
    assertEquals(4, dot.lines().filter(l -> l.contains(" -> ")).count(), dot);
    Matcher asked = Pattern.compile(Pattern.quote(q(A)) + " \\[[^\\]]*filled").matcher(dot);
    assertTrue(asked.find(), "the lot asked about is highlighted: " + dot);
    assertTrue(dot.contains("label=\"lot LOT2\\nGTIN 04012345123456\""), dot);

    Path file = tmp.resolve("chain.dot");
    Files.writeString(file, dot);
    String svg = render(file);
    assertTrue(svg.contains("<svg"), svg);
    assertEquals(5, Pattern.compile("class=\"node\"").matcher(svg).results().count(), svg);
    assertEquals(4, Pattern.compile("class=\"edge\"").matcher(svg).results().count(), svg);
  }

  @Test
  void recallListsTheAffectedLotsWithTotalsPerUnit() {
    CliRun csv = run(args("trace", "recall", TEST, "--format", "csv"));
    assertEquals(FactoryMain.OK, csv.code, csv.err);
    assertEquals(
        String.join(
            "\r\n",
            "trigger_id,trigger_kind,lot_id,depth,quantity,uom,location,party",
            TEST + ",failed_test," + A + ",0,100,kg,farm gate,Farm Li",
            TEST + ",failed_test," + D + ",1,40.5,kg,\"Warehouse 3, Hall B\",Wholesaler Wang",
            TEST + ",failed_test," + E + ",2,12,case,shop 7,",
            TEST + ",failed_test," + I + ",2,,,,",
            ""),
        csv.out);
    CliRun text = run(args("trace", "recall", TEST));
    assertEquals(FactoryMain.OK, text.code, text.err);
    List<String> lines = text.out.lines().toList();
    assertTrue(
        lines.get(0).startsWith("recall of " + TEST + " (failed_test) in traceability@" + second),
        text.out);
    assertEquals(
        "total: 12 case, 140.5 kg; 4 lots (1 without a quantity)", lines.get(lines.size() - 1));
    assertTrue(text.out.contains("Warehouse 3, Hall B"), text.out);
    CliRun json = run(args("trace", "recall", TEST, "--format", "json"));
    assertTrue(
        json.out
            .lines()
            .toList()
            .get(3)
            .endsWith(
                "\"depth\":2,\"quantity\":null,\"uom\":null,"
                    + "\"location\":null,\"party\":null}"),
        json.out);
    CliRun none = run(args("trace", "recall", "TEST-NONE"));
    assertEquals(FactoryMain.OK, none.code, none.err);
    assertTrue(none.out.contains("no recall_impact row for TEST-NONE"), none.out);
  }

  @Test
  void helpIsTheSameWhetherParsedAloneOrUnderFactory() {
    CliRun alone = run("trace", "--help");
    assertEquals(FactoryMain.OK, alone.code);
    String underFactory =
        new CommandLine(new FactoryCli())
            .setUsageHelpAutoWidth(true)
            .getSubcommands()
            .get("trace")
            .getUsageMessage();
    assertEquals(underFactory, alone.out);
    assertTrue(alone.out.startsWith("Usage: factory trace "), alone.out);
    assertTrue(run("trace", "recall", "--help").out.startsWith("Usage: factory trace recall "));
  }

  @Test
  void answersInItsOwnJvmWithoutLoadingSparkOrScala() throws Exception {
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Path classes = tmp.resolve("classes.txt");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xlog:class+load:file=" + classes);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.add(FactoryMain.class.getName());
    cmd.addAll(List.of(args("trace", URN, "--format", "csv")));
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "factory trace finished");
    assertEquals(0, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    List<String> loaded = Files.readAllLines(classes);
    assertTrue(loaded.size() > 100, "class loading was logged: " + loaded.size());
    List<String> spark =
        loaded.stream()
            .filter(l -> l.contains(" org.apache.spark.") || l.contains(" scala."))
            .limit(5)
            .toList();
    assertEquals(List.of(), spark, "no Spark or Scala class is loaded by factory trace");
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(stdout.contains(A + "," + F + ",downstream,1,shipping"), stdout);
  }

  // ----------------------------------------------------------------------------------- helpers

  private static String q(String id) {
    return "\"" + id + "\"";
  }

  /** The SVG Graphviz makes of a DOT file (CI installs graphviz: never skipped). */
  static String render(Path dot) throws Exception {
    Optional<Path> bin =
        Stream.of("/usr/bin/dot", "/usr/local/bin/dot")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst();
    if (bin.isEmpty()) {
      fail(
          "Graphviz's dot is needed to render factory trace --format dot and none is under"
              + " /usr/bin or /usr/local/bin: install it, e.g. `apt-get install graphviz` (.ci/run"
              + " does)");
    }
    Process p =
        new ProcessBuilder(bin.get().toString(), "-Tsvg", dot.toString())
            .redirectError(dot.resolveSibling("dot.err").toFile())
            .start();
    String svg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dot finished");
    assertEquals(
        0, p.exitValue(), "dot failed: " + Files.readString(dot.resolveSibling("dot.err")));
    assertFalse(svg.isBlank(), "dot wrote no SVG");
    return svg;
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
