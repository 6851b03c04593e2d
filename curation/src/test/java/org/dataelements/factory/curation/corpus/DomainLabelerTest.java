package org.dataelements.factory.curation.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lexicon {@code conf/reference/corpus_domains.csv} on hand-labelled documents (a dev set the
 * lexicon was tuned on and a held-out set written before it and never tuned on), and the labeller's
 * and matcher's rules on small lexicons.
 */
class DomainLabelerTest {
  private static final Path LEXICON = projectRoot().resolve("conf/reference/corpus_domains.csv");

  /** A labelled document of the test sets. */
  private record Doc(String domain, String title, String text) {}

  /** The share of documents labelled right, overall and per domain of the set. */
  private record Accuracy(double overall, Map<String, Double> byDomain) {}

  /** The least accuracy of each single domain: a domain lost to another fails the test. */
  private static final double DOMAIN_FLOOR = 0.5;

  @Test
  void labelsTheDevSet() {
    Accuracy accuracy = evaluate("dev", load("corpus/domains-dev.tsv"));
    assertTrue(accuracy.overall() >= 0.85, "dev accuracy " + accuracy.overall() + " < 0.85");
    accuracy.byDomain().forEach((d, a) -> assertTrue(a >= DOMAIN_FLOOR, "dev " + d + ": " + a));
  }

  @Test
  void labelsTheHeldOutSet() {
    Accuracy accuracy = evaluate("held-out", load("corpus/domains-heldout.tsv"));
    assertTrue(accuracy.overall() >= 0.80, "held-out accuracy " + accuracy.overall() + " < 0.80");
    accuracy
        .byDomain()
        .forEach((d, a) -> assertTrue(a >= DOMAIN_FLOOR, "held-out " + d + ": " + a));
  }

  @Test
  void everyDomainButOtherHasTermsInTheLexicon() throws IOException {
    List<String> lines = Files.readAllLines(LEXICON, StandardCharsets.UTF_8);
    for (String domain : DomainLabeler.DOMAINS) {
      long terms = lines.stream().skip(1).filter(l -> l.startsWith(domain + ",")).count();
      if (domain.equals(DomainLabeler.OTHER)) {
        assertEquals(0, terms);
      } else {
        assertTrue(terms >= 25, domain + " has " + terms + " terms");
      }
    }
  }

  @Test
  void aBadCsvLineIsNamedWithItsLineFieldAndValue(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("lexicon.csv");
    IllegalArgumentException e = refusal(csv, "domain,term,weight\nenergy,电力,2\nenergy,电网,heavy\n");
    assertTrue(e.getMessage().startsWith(csv + ":3: "), e.getMessage());
    assertTrue(e.getMessage().contains("weight") && e.getMessage().contains("'heavy'"));

    e = refusal(csv, "domain,term,weight\nenergy,电力,2\n\nsports,足球,1\n");
    assertTrue(e.getMessage().startsWith(csv + ":4: field domain 'sports'"), e.getMessage());

    e = refusal(csv, "domain,term,weight\nother,足球,1\n");
    assertTrue(e.getMessage().contains(":2: field domain 'other'"), e.getMessage());

    e = refusal(csv, "domain,term,weight\nenergy,电力,-1\n");
    assertTrue(e.getMessage().contains(":2: field weight -1.0"), e.getMessage());

    e = refusal(csv, "domain,term,weight\nenergy, ,1\n");
    assertTrue(e.getMessage().contains(":2: field term '' of domain 'energy'"), e.getMessage());

    e = refusal(csv, "domain,term,weight\nenergy,电力,2,extra\n");
    assertTrue(e.getMessage().contains(":2: expected 3 fields"), e.getMessage());

    e = refusal(csv, "domain,term,weight\nenergy,Power,2\nenergy,power,1\n");
    assertTrue(e.getMessage().contains(":3: field term: 'power'"), e.getMessage());
    assertTrue(e.getMessage().contains("repeats line 2"), e.getMessage());

    e = refusal(csv, "term,domain,weight\nenergy,电力,2\n");
    assertTrue(e.getMessage().contains(":1: header is 'term,domain,weight'"), e.getMessage());

    assertThrows(UncheckedIOException.class, () -> DomainLabeler.readCsv(dir.resolve("none")));
  }

  /** The error reading a lexicon file with this content. */
  private static IllegalArgumentException refusal(Path csv, String content) throws IOException {
    Files.writeString(csv, content);
    return assertThrows(IllegalArgumentException.class, () -> DomainLabeler.readCsv(csv));
  }

  @Test
  void termsAreValidated() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new DomainLabeler.Term("sport", "球", 1));
    assertTrue(e.getMessage().contains("'sport'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DomainLabeler.Term("energy", "", 1));
    assertThrows(IllegalArgumentException.class, () -> new DomainLabeler.Term("energy", "电", 0));
    assertThrows(
        IllegalArgumentException.class, () -> new DomainLabeler.Term("energy", "电", Double.NaN));
  }

  @Test
  void emptyOrUnknownTextIsOther() {
    DomainLabeler labeler = DomainLabeler.readCsv(LEXICON);
    DomainLabeler.Label empty = labeler.label("", "");
    assertEquals("other", empty.domain());
    assertEquals(1.0, empty.confidence());
    assertEquals(Map.of(), empty.scores());
    assertEquals("other", labeler.label(null, null).domain());
    assertEquals("other", labeler.label("Lorem ipsum", "dolor sit amet").domain());
  }

  @Test
  void scoresSumWeightTimesOnePlusLogCountAndBelowTheMinimumIsOther() {
    DomainLabeler labeler =
        DomainLabeler.of(
            List.of(
                new DomainLabeler.Term("energy", "电网", 1.5),
                new DomainLabeler.Term("finance", "银行", 1.0)));
    DomainLabeler.Label label = labeler.label("", "电网 电网 电网 银行");
    assertEquals("energy", label.domain());
    double energy = 1.5 * (1 + Math.log(3));
    assertEquals(Math.round(energy * 1000) / 1000.0, label.scores().get("energy"));
    assertEquals(1.0, label.scores().get("finance"));
    assertEquals(Math.round(energy / (energy + 1) * 1000) / 1000.0, label.confidence());
    assertEquals(List.of("finance", "energy"), List.copyOf(label.scores().keySet()));

    DomainLabeler.Label weak = labeler.label("", "电网");
    assertEquals("other", weak.domain());
    assertEquals(0.25, weak.confidence()); // 1 - 1.5 / 2
  }

  @Test
  void titleTermsCountThreeTimes() {
    DomainLabeler labeler =
        DomainLabeler.of(
            List.of(
                new DomainLabeler.Term("energy", "电网", 1.0),
                new DomainLabeler.Term("finance", "银行", 1.0)),
            1.0);
    DomainLabeler.Label label = labeler.label("银行", "电网 电网 电网 电网");
    assertEquals("finance", label.domain());
    assertEquals(3.0, label.scores().get("finance"));
    assertEquals(Math.round((1 + Math.log(4)) * 1000) / 1000.0, label.scores().get("energy"));
    assertEquals("energy", labeler.label("电网", "银行 银行 银行 银行").domain());
  }

  @Test
  void tiesGoToTheEarlierDomain() {
    DomainLabeler labeler =
        DomainLabeler.of(
            List.of(
                new DomainLabeler.Term("energy", "电网", 2.0),
                new DomainLabeler.Term("industry", "工厂", 2.0)));
    assertEquals("industry", labeler.label("", "电网 工厂").domain());
    assertEquals("industry", labeler.label("", "工厂 电网").domain());
    assertEquals(0.5, labeler.label("", "工厂 电网").confidence());
  }

  @Test
  void labelsAreDeterministicAndTheLabelerSerializes() throws Exception {
    DomainLabeler labeler = DomainLabeler.readCsv(LEXICON);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(labeler);
    }
    DomainLabeler copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (DomainLabeler) in.readObject();
    }
    for (Doc doc : load("corpus/domains-dev.tsv")) {
      DomainLabeler.Label first = labeler.label(doc.title(), doc.text());
      assertEquals(first, labeler.label(doc.title(), doc.text()));
      assertEquals(first, copy.label(doc.title(), doc.text()));
      assertEquals(
          first, DomainLabeler.readCsv(LEXICON).label(doc.title(), doc.text()), doc.title());
    }
  }

  @Test
  void overlappingTermsAllCount() {
    TermMatcher matcher = new TermMatcher(List.of("电力", "电力消费", "力消", "消费", "哈哈"));
    assertArrayEquals(new int[] {1, 1, 1, 1, 0}, matcher.count("全社会电力消费"));
    assertArrayEquals(new int[] {2, 1, 1, 1, 2}, matcher.count("电力电力消费 哈哈哈"));
    DomainLabeler labeler =
        DomainLabeler.of(
            List.of(
                new DomainLabeler.Term("energy", "电力", 1.0),
                new DomainLabeler.Term("energy", "电力消费", 1.0),
                new DomainLabeler.Term("commerce", "消费", 1.5)));
    DomainLabeler.Label label = labeler.label("", "电力消费");
    assertEquals("energy", label.domain());
    assertEquals(2.0, label.scores().get("energy"));
  }

  @Test
  void latinTermsAreCaseInsensitiveAndStartAtAWord() {
    TermMatcher matcher = new TermMatcher(List.of("crop", "agricultur", "M2", "we show"));
    assertArrayEquals(
        new int[] {1, 2, 1, 1},
        matcher.count("Crop yields in AGRICULTURE; agricultural M2. We Show microprocessors"));
    assertArrayEquals(new int[] {0, 0, 0, 0}, matcher.count("microprocessor xm2 swe show"));
    assertThrows(IllegalArgumentException.class, () -> new TermMatcher(List.of("ab", "AB")));
  }

  @Test
  void aMegabyteIsLabelledInWellUnderASecond() {
    DomainLabeler labeler = DomainLabeler.readCsv(LEXICON);
    StringBuilder text = new StringBuilder();
    List<Doc> docs = load("corpus/domains-dev.tsv");
    for (int i = 0; text.length() < 1_000_000; i++) {
      text.append(docs.get(i % docs.size()).text());
    }
    labeler.label("warm-up", text.toString());
    long start = System.nanoTime();
    DomainLabeler.Label label = labeler.label("", text.toString());
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("1 MB labelled " + label.domain() + " in " + millis + " ms");
    assertTrue(millis < 1000, millis + " ms");
  }

  private static Accuracy evaluate(String set, List<Doc> docs) {
    DomainLabeler labeler = DomainLabeler.readCsv(LEXICON);
    Map<String, Map<String, Integer>> confusion = new TreeMap<>();
    int right = 0;
    List<String> wrong = new ArrayList<>();
    for (Doc doc : docs) {
      DomainLabeler.Label label = labeler.label(doc.title(), doc.text());
      confusion
          .computeIfAbsent(doc.domain(), d -> new TreeMap<>())
          .merge(label.domain(), 1, Integer::sum);
      if (label.domain().equals(doc.domain())) {
        right++;
      } else {
        wrong.add(
            doc.domain() + " -> " + label.domain() + " " + label.scores() + ": " + doc.title());
      }
    }
    double accuracy = (double) right / docs.size();
    Map<String, Double> byDomain = new TreeMap<>();
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(Locale.ROOT, "%s: %d/%d = %.3f%n", set, right, docs.size(), accuracy));
    for (String domain : DomainLabeler.DOMAINS) {
      Map<String, Integer> row = confusion.getOrDefault(domain, Map.of());
      int n = row.values().stream().mapToInt(Integer::intValue).sum();
      int ok = row.getOrDefault(domain, 0);
      if (n > 0) {
        byDomain.put(domain, (double) ok / n);
      }
      report.append(
          String.format(
              Locale.ROOT,
              "  %-17s %2d/%2d = %.2f  %s%n",
              domain,
              ok,
              n,
              n == 0 ? 0.0 : (double) ok / n,
              row));
    }
    wrong.forEach(w -> report.append("  wrong: ").append(w).append('\n'));
    System.out.print(report);
    return new Accuracy(accuracy, byDomain);
  }

  private static List<Doc> load(String resource) {
    List<Doc> docs = new ArrayList<>();
    try (InputStream in = DomainLabelerTest.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + resource);
      }
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int n = 1; n <= lines.length; n++) {
        String line = lines[n - 1];
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        if (fields.length != 3 || !DomainLabeler.DOMAINS.contains(fields[0])) {
          throw new IllegalStateException(resource + ":" + n + ": not domain<TAB>title<TAB>text");
        }
        docs.add(new Doc(fields[0], fields[1], fields[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** The project root: the nearest folder up from the working directory with conf/reference. */
  private static Path projectRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("conf/reference"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no conf/reference above " + Path.of("").toAbsolutePath());
  }
}
