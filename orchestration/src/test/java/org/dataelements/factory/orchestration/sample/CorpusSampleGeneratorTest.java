package org.dataelements.factory.orchestration.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ibm.icu.text.Transliterator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dataelements.factory.curation.corpus.PiiRedactor;
import org.dataelements.factory.orchestration.sample.CorpusSampleGenerator.NearDuplicate;
import org.dataelements.factory.orchestration.sample.CorpusSampleGenerator.Plant;
import org.dataelements.factory.orchestration.sample.CorpusSampleGenerator.Summary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus sample, checked against the files themselves: every count is recomputed from what is
 * on disk with this class's own parsers, check digits, Luhn and Jaccard, not the generator's.
 */
class CorpusSampleGeneratorTest {
  private static final long LONG_LINE = 20_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path sample;
  private static Summary summary;

  @BeforeAll
  static void writeSample() throws IOException {
    summary = new CorpusSampleGenerator(7, LONG_LINE).write(sample);
  }

  private static Map<String, byte[]> tree(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static List<Path> files(String folder, String glob) throws IOException {
    var matcher = sample.getFileSystem().getPathMatcher("glob:" + glob);
    try (Stream<Path> s = Files.walk(sample.resolve(folder))) {
      return s.filter(Files::isRegularFile)
          .filter(p -> matcher.matches(p.getFileName()))
          .sorted()
          .toList();
    }
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, UTF_8);
  }

  // ---- independent checks ----

  private static boolean validId(String id) {
    int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += Character.digit(id.charAt(i), 10) * w[i];
    }
    return "10X98765432".charAt(sum % 11) == Character.toUpperCase(id.charAt(17));
  }

  private static boolean plausibleBirthDate(String id) {
    try {
      LocalDate d =
          LocalDate.of(
              Integer.parseInt(id.substring(6, 10)),
              Integer.parseInt(id.substring(10, 12)),
              Integer.parseInt(id.substring(12, 14)));
      return d.getYear() >= 1900 && d.isBefore(LocalDate.of(2010, 1, 1));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean luhn(String n) {
    int sum = 0;
    for (int i = 0; i < n.length(); i++) {
      int d = n.charAt(n.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  /** Char 5-shingles of the text without whitespace and punctuation (\p{P}). */
  static Set<String> shingles(String text) {
    String t = text.replaceAll("[\\s\\p{Z}\\p{P}]", "");
    int[] cps = t.codePoints().toArray();
    Set<String> out = new HashSet<>();
    if (cps.length > 0 && cps.length < 5) {
      out.add(t);
    }
    for (int i = 0; i + 5 <= cps.length; i++) {
      out.add(new String(cps, i, 5));
    }
    return out;
  }

  static double jaccard(String a, String b) {
    Set<String> x = shingles(a);
    Set<String> y = shingles(b);
    Set<String> union = new HashSet<>(x);
    union.addAll(y);
    x.retainAll(y);
    return union.isEmpty() ? 1.0 : (double) x.size() / union.size();
  }

  private static int count(Pattern p, String text) {
    Matcher m = p.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  // ---- tests ----

  @Test
  void sameSeedWritesTheSameBytesAndAnotherSeedOthers(@TempDir Path a, @TempDir Path b)
      throws IOException {
    new CorpusSampleGenerator(7, LONG_LINE).write(a);
    Map<String, byte[]> first = tree(a);
    Map<String, byte[]> again = tree(sample);
    assertEquals(first.keySet(), again.keySet());
    first.forEach((k, v) -> assertArrayEquals(v, again.get(k), k));

    new CorpusSampleGenerator(8, LONG_LINE).write(b);
    Map<String, byte[]> other = tree(b);
    assertNotEquals(
        new String(first.get("corpus/fortunes-zh/tang-sample"), UTF_8),
        new String(other.get("corpus/fortunes-zh/tang-sample"), UTF_8));
  }

  @Test
  void filesLandWhereTheSourceGlobsLook() throws IOException {
    assertFalse(files("corpus/laws_cn_lawrefbook", "*.md").isEmpty());
    assertEquals(2, files("corpus/chinese-poetry", "*.json").size());
    assertTrue(Files.isRegularFile(sample.resolve("corpus/fortunes-zh/tang-sample")));
    assertFalse(files("corpus/policy", "*.txt").isEmpty());
    assertEquals(1, files("corpus/arxiv_metadata", "*.jsonl").size());
    for (String law : List.of("corpus/laws_cn_lawrefbook")) {
      for (Path p : files(law, "*.md")) {
        String text = read(p);
        assertTrue(text.startsWith("# "), p.toString());
        assertTrue(text.contains("<!-- INFO END -->"), p.toString());
        assertTrue(text.contains("## 第一章 总 则"), p.toString());
      }
    }
  }

  @Test
  void exactDuplicatesAreIdenticalLawFilesAndRepeatedPoems() throws IOException {
    List<Path> laws = files("corpus/laws_cn_lawrefbook", "*.md");
    Set<String> distinct = new HashSet<>();
    for (Path p : laws) {
      distinct.add(read(p));
    }
    int lawDuplicates = laws.size() - distinct.size();
    assertTrue(lawDuplicates > 0);

    List<List<String>> arrayPoems = new ArrayList<>();
    for (JsonNode poem :
        JSON.readTree(
            sample.resolve("corpus/chinese-poetry/quantangshi/poet.tang.sample.json").toFile())) {
      arrayPoems.add(paragraphs(poem));
    }
    int repeated = 0;
    for (JsonNode section :
        JSON.readTree(sample.resolve("corpus/chinese-poetry/mengxue/shixuan.sample.json").toFile())
            .get("content")) {
      for (JsonNode poem : section.get("content")) {
        if (arrayPoems.contains(paragraphs(poem))) {
          repeated++;
        }
      }
    }
    assertTrue(repeated > 0);
    assertEquals(lawDuplicates + repeated, summary.count(Plant.EXACT_DUPLICATE));
  }

  private static List<String> paragraphs(JsonNode poem) {
    List<String> out = new ArrayList<>();
    poem.get("paragraphs").forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void fortunesAreSimplifiedExceptTheMixedOnesAndSomeArePoemsOfTheJson() throws IOException {
    Transliterator toSimplified = Transliterator.getInstance("Traditional-Simplified");
    Set<List<String>> simplifiedJsonPoems = new HashSet<>();
    for (JsonNode poem :
        JSON.readTree(
            sample.resolve("corpus/chinese-poetry/quantangshi/poet.tang.sample.json").toFile())) {
      List<String> lines = new ArrayList<>();
      for (String l : paragraphs(poem)) {
        lines.add(toSimplified.transliterate(l));
      }
      simplifiedJsonPoems.add(lines);
    }
    String file = read(sample.resolve("corpus/fortunes-zh/tang-sample"));
    assertTrue(file.endsWith("%\n"));
    String[] entries = file.split("(?m)^%\n");
    int cross = 0;
    int mixed = 0;
    for (String entry : entries) {
      String[] lines = entry.split("\n");
      assertTrue(lines[0].matches("\u001b\\[32m《.+》\u001b\\[m"), lines[0]);
      assertTrue(lines[1].matches("\u001b\\[33m作者：.+\u001b\\[m"), lines[1]);
      List<String> verse = List.of(lines).subList(2, lines.length);
      if (simplifiedJsonPoems.contains(verse)) {
        cross++;
      }
      boolean traditional = verse.stream().anyMatch(l -> !toSimplified.transliterate(l).equals(l));
      boolean simplified = verse.stream().anyMatch(l -> toSimplified.transliterate(l).equals(l));
      if (traditional) {
        assertTrue(simplified, "a mixed entry has simplified lines too: " + entry);
        mixed++;
      }
    }
    assertEquals(CorpusSampleGenerator.FORTUNES, entries.length);
    assertEquals(summary.count(Plant.CROSS_SCRIPT_POEM), cross);
    assertEquals(summary.count(Plant.MIXED_SCRIPT), mixed);
    assertTrue(cross > 0 && mixed > 0);
  }

  private static final Pattern ID18 =
      Pattern.compile("(?<![0-9A-Za-z])[0-9]{17}[0-9X](?![0-9A-Za-z])");
  private static final Pattern DIGITS16_19 =
      Pattern.compile("(?<![0-9A-Za-z])[0-9]{16}(?:[0-9]{3})?(?![0-9A-Za-z])");
  private static final Pattern MOBILE = Pattern.compile("(?<![0-9])1[3-9][0-9]{9}(?![0-9])");
  private static final Pattern LANDLINE =
      Pattern.compile("(?<![0-9])0[0-9]{3}-[2-9][0-9]{6}(?![0-9])");
  private static final Pattern EMAIL = Pattern.compile("[a-z0-9]+@[a-z0-9.-]+\\.[a-z]{2,}");
  private static final Pattern STATUTE = Pattern.compile("国务院令第[0-9]+号|GB [0-9]{4}-[0-9]{4}");

  private static List<Path> notices() throws IOException {
    return files("corpus/policy", "*-2024-*.txt");
  }

  @Test
  void personalDataAndNearMissesInTheNoticesAreAsCounted() throws IOException {
    Map<Plant, Integer> found = new HashMap<>();
    for (Plant p : Plant.values()) {
      found.put(p, 0);
    }
    Map<String, Integer> redactorFound = new HashMap<>();
    for (Path p : notices()) {
      String text = read(p);
      Matcher m = ID18.matcher(text);
      while (m.find()) {
        String id = m.group();
        assertTrue(plausibleBirthDate(id), id);
        found.merge(validId(id) ? Plant.ID_CARD : Plant.INVALID_ID_CARD, 1, Integer::sum);
      }
      m = DIGITS16_19.matcher(text);
      while (m.find()) {
        String n = m.group();
        if (luhn(n)) {
          found.merge(Plant.BANK_CARD, 1, Integer::sum);
        } else {
          assertEquals(16, n.length(), n);
          found.merge(Plant.ORDER_NUMBER, 1, Integer::sum);
        }
      }
      found.merge(Plant.MOBILE_PHONE, count(MOBILE, text), Integer::sum);
      found.merge(Plant.LANDLINE_PHONE, count(LANDLINE, text), Integer::sum);
      found.merge(Plant.EMAIL, count(EMAIL, text), Integer::sum);
      found.merge(Plant.STATUTE_NUMBER, count(STATUTE, text), Integer::sum);
      for (PiiRedactor.Match match : PiiRedactor.find(text)) {
        redactorFound.merge(match.type().name(), 1, Integer::sum);
      }
    }
    for (Plant p :
        List.of(
            Plant.ID_CARD,
            Plant.INVALID_ID_CARD,
            Plant.BANK_CARD,
            Plant.ORDER_NUMBER,
            Plant.MOBILE_PHONE,
            Plant.LANDLINE_PHONE,
            Plant.EMAIL,
            Plant.STATUTE_NUMBER)) {
      assertTrue(summary.count(p) > 0, p + " planted");
      assertEquals(summary.count(p), (long) found.get(p), p.name());
    }
    // The project's redactor finds exactly the planted personal data and none of the near misses.
    assertEquals(
        Map.of(
            "ID_CARD", (int) summary.count(Plant.ID_CARD),
            "BANK_CARD", (int) summary.count(Plant.BANK_CARD),
            "PHONE",
                (int) (summary.count(Plant.MOBILE_PHONE) + summary.count(Plant.LANDLINE_PHONE)),
            "EMAIL", (int) summary.count(Plant.EMAIL)),
        redactorFound);
  }

  @Test
  void noticesLookLikeTextExtractedFromPdf() throws IOException {
    for (Path p : notices()) {
      String text = read(p);
      assertTrue(text.contains("抄送："), p.toString());
      assertTrue(text.strip().endsWith("印发"), p.toString());
      assertTrue(text.matches("(?s).*〔[０-９]{4}〕.*"), p.toString());
      String[] lines = text.split("\n", -1);
      int wrapped = 0;
      for (int i = 0; i + 1 < lines.length; i++) {
        if (lines[i].length() == CorpusSampleGenerator.WRAP) {
          wrapped++;
          assertEquals("", lines[i + 1], p + ": blank line after a wrapped line");
        }
      }
      assertTrue(wrapped > 3, p.toString());
    }
    long withPageNumbers =
        notices().stream()
            .filter(
                p -> {
                  try {
                    return read(p).matches("(?s).*\n—[０-９]+—\n.*");
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                })
            .count();
    assertTrue(withPageNumbers > 0);
  }

  @Test
  void badDocumentsAreAsCounted() throws IOException {
    int empty = 0;
    int punctuation = 0;
    int mojibake = 0;
    int binary = 0;
    int longLine = 0;
    for (Path p : files("corpus/policy", "*.txt")) {
      byte[] bytes = Files.readAllBytes(p);
      String text;
      try {
        text =
            UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
      } catch (CharacterCodingException e) {
        binary++;
        continue;
      }
      if (text.isBlank()) {
        empty++;
      } else if (text.replaceAll("[\\s\\p{P}]", "").isEmpty()) {
        punctuation++;
      } else if (text.contains("æ") || text.contains("ç")) {
        byte[] back = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          byte[] b = String.valueOf(c).getBytes(Charset.forName("windows-1252"));
          back[i] = c < 0x100 && (c < 0x80 || c > 0x9F) || b[0] == '?' ? (byte) c : b[0];
        }
        String repaired = new String(back, UTF_8);
        assertTrue(repaired.contains("抄送"), "mojibake of a notice: " + p);
        mojibake++;
      } else if (bytes.length >= LONG_LINE && text.indexOf('\n') < 0) {
        assertTrue(bytes.length < LONG_LINE + 3, p + ": " + bytes.length);
        longLine++;
      }
    }
    assertEquals(summary.count(Plant.EMPTY_DOCUMENT), empty);
    assertEquals(summary.count(Plant.PUNCTUATION_ONLY), punctuation);
    assertEquals(summary.count(Plant.MOJIBAKE), mojibake);
    assertEquals(summary.count(Plant.BINARY_GARBAGE), binary);
    assertEquals(summary.count(Plant.LONG_LINE), longLine);
    assertEquals(5, empty + punctuation + mojibake + binary + longLine);
  }

  private static Map<String, String> arxivAbstracts(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(p, UTF_8)) {
          if (!line.isEmpty()) {
            JsonNode r = JSON.readTree(line);
            assertTrue(r.get("versions").isArray(), line);
            out.put(r.get("id").asText(), r.get("abstract").asText());
          }
        }
      }
    }
    return out;
  }

  @Test
  void arxivRecordsAreMostlyEnglish() throws IOException {
    Map<String, String> abstracts = arxivAbstracts(sample.resolve("corpus/arxiv_metadata"));
    assertEquals(CorpusSampleGenerator.ARXIV_RECORDS, abstracts.size());
    long english =
        abstracts.values().stream().filter(a -> !a.matches("(?s).*\\p{IsHan}.*")).count();
    assertEquals(summary.count(Plant.ENGLISH_DOCUMENT), english);
    assertTrue(english > 0 && english < abstracts.size());
  }

  @Test
  void nearDuplicatesAreExactlyThePairsAboveThreshold() throws IOException {
    // Every pair of distinct texts within a kind with Jaccard >= 0.8 is a planted near duplicate.
    Map<String, String> docs = new TreeMap<>();
    for (Path p : files("corpus/laws_cn_lawrefbook", "*.md")) {
      docs.put("law:" + sample.relativize(p), read(p));
    }
    for (Path p : notices()) {
      docs.put("policy:" + sample.relativize(p), read(p));
    }
    arxivAbstracts(sample.resolve("corpus/arxiv_metadata"))
        .forEach((k, v) -> docs.put("arxiv:" + k, v));
    List<String> keys = new ArrayList<>(docs.keySet());
    Map<String, Set<String>> sh = new HashMap<>();
    keys.forEach(k -> sh.put(k, shingles(docs.get(k))));
    Set<Set<String>> found = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      for (int j = i + 1; j < keys.size(); j++) {
        String a = keys.get(i);
        String b = keys.get(j);
        if (!a.substring(0, 3).equals(b.substring(0, 3)) || docs.get(a).equals(docs.get(b))) {
          continue;
        }
        Set<String> x = new HashSet<>(sh.get(a));
        x.retainAll(sh.get(b));
        Set<String> u = new HashSet<>(sh.get(a));
        u.addAll(sh.get(b));
        if ((double) x.size() / u.size() >= 0.8) {
          found.add(Set.of(a.substring(a.indexOf(':') + 1), b.substring(b.indexOf(':') + 1)));
        }
      }
    }
    Set<Set<String>> planted =
        summary.nearDuplicates().stream()
            .map(n -> Set.of(n.id(), n.originalId()))
            .collect(Collectors.toSet());
    assertEquals(planted, found);
    assertEquals(summary.count(Plant.NEAR_DUPLICATE), found.size());
    for (NearDuplicate n : summary.nearDuplicates()) {
      String copy =
          docs.entrySet().stream()
              .filter(e -> e.getKey().endsWith(":" + n.id()))
              .findFirst()
              .orElseThrow()
              .getValue();
      String original =
          docs.entrySet().stream()
              .filter(e -> e.getKey().endsWith(":" + n.originalId()))
              .findFirst()
              .orElseThrow()
              .getValue();
      assertEquals(jaccard(original, copy), n.jaccard(), 1e-9, n.id());
    }
  }

  @Test
  void scaleModeWritesTheRecordsAndATruthFileWhoseJaccardsHold(@TempDir Path out)
      throws IOException {
    CorpusSampleGenerator g = new CorpusSampleGenerator(11, LONG_LINE);
    CorpusSampleGenerator.ScaleSummary s = g.writeScale(out, 400, 0.1);
    assertEquals(400, s.records());
    assertEquals(40, s.nearDuplicates());
    Map<String, String> abstracts = arxivAbstracts(out.resolve("corpus/arxiv_metadata"));
    assertEquals(400, abstracts.size());
    for (String a : abstracts.values()) {
      int n = a.strip().length();
      assertTrue(n >= 200 && n <= 2000, "abstract of " + n + " characters");
    }
    List<String> truth = Files.readAllLines(out.resolve("corpus-truth.tsv"), UTF_8);
    assertEquals(CorpusSampleGenerator.TRUTH_HEADER, truth.get(0));
    assertEquals(41, truth.size());
    Set<String> derived = new HashSet<>();
    for (String row : truth.subList(1, truth.size())) {
      String[] f = row.split("\t");
      assertTrue(abstracts.containsKey(f[0]) && abstracts.containsKey(f[1]), row);
      assertFalse(derived.contains(f[1]), "an original is never itself derived: " + row);
      derived.add(f[0]);
      double j = jaccard(abstracts.get(f[1]), abstracts.get(f[0]));
      assertEquals(j, Double.parseDouble(f[2]), 1e-6, row);
      assertTrue(j >= 0.8 && j < 1.0, row);
    }

    CorpusSampleGenerator.ScaleSummary again = g.writeScale(out.resolve("again"), 400, 0.1);
    assertArrayEquals(
        Files.readAllBytes(s.files().get(0)), Files.readAllBytes(again.files().get(0)));
    assertArrayEquals(Files.readAllBytes(s.truth()), Files.readAllBytes(again.truth()));
  }

  @Test
  void checkDigitsOfTheGeneratorsAgreeWithIndependentOnes() {
    var r = new java.util.SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      String id = CorpusTexts.residentId(r);
      assertTrue(validId(id) && plausibleBirthDate(id), id);
      assertTrue(PiiRedactor.isValidIdCard(id), id);
      String wrong = CorpusTexts.residentIdWithWrongCheck(r);
      assertFalse(validId(wrong), wrong);
      assertTrue(luhn(CorpusTexts.bankCard(r)));
      assertFalse(luhn(CorpusTexts.orderNumber(r)));
    }
  }

  @Test
  void aLongLineOutsideTheRangeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CorpusSampleGenerator(1, 10));
  }
}
