package org.dataelements.factory.curation.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dataelements.factory.curation.corpus.PiiRedactor.Match;
import org.dataelements.factory.curation.corpus.PiiRedactor.Redaction;
import org.dataelements.factory.curation.corpus.PiiRedactor.Type;
import org.junit.jupiter.api.Test;

class PiiRedactorTest {

  // Synthetic numbers (made up, check digits computed), not real people's data.
  private static final String ID = "11010519900307005X";
  private static final String ID_BAD_CHECK = "110105199003070058";
  private static final String CARD = "6222021234567890128";
  private static final String CARD_BAD_LUHN = "6222021234567890127";

  private record Labelled(int line, String text, List<String> expected) {}

  @Test
  void labelledSetMeetsPrecisionAndRecallPerType() throws IOException {
    List<Labelled> rows = readLabelled();
    assertTrue(rows.size() >= 150, "labelled set has " + rows.size() + " lines");
    long clean = rows.stream().filter(r -> r.expected().isEmpty()).count();
    assertTrue(clean >= 50, "near-miss lines: " + clean);

    Map<Type, int[]> tally = new EnumMap<>(Type.class); // tp, fp, fn
    for (Type t : Type.values()) {
      tally.put(t, new int[3]);
    }
    List<String> mistakes = new ArrayList<>();
    for (Labelled row : rows) {
      Map<String, Integer> expected = multiset(row.expected());
      List<String> foundKeys = new ArrayList<>();
      for (Match m : PiiRedactor.find(row.text())) {
        assertEquals(m.value(), row.text().substring(m.start(), m.end()));
        foundKeys.add(m.type().name() + ":" + m.value());
      }
      Map<String, Integer> found = multiset(foundKeys);
      for (Map.Entry<String, Integer> e : found.entrySet()) {
        int[] t = tally.get(typeOf(e.getKey()));
        int tp = Math.min(e.getValue(), expected.getOrDefault(e.getKey(), 0));
        t[0] += tp;
        t[1] += e.getValue() - tp;
        if (e.getValue() > tp) {
          mistakes.add("line " + row.line() + " FP " + e.getKey() + " in: " + row.text());
        }
      }
      for (Map.Entry<String, Integer> e : expected.entrySet()) {
        int missed = e.getValue() - Math.min(e.getValue(), found.getOrDefault(e.getKey(), 0));
        tally.get(typeOf(e.getKey()))[2] += missed;
        if (missed > 0) {
          mistakes.add("line " + row.line() + " FN " + e.getKey() + " in: " + row.text());
        }
      }
    }

    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "%-10s %5s %5s %5s %9s %7s%n", "type", "TP", "FP", "FN", "precision", "recall"));
    Map<Type, double[]> scores = new EnumMap<>(Type.class);
    for (Type type : Type.values()) {
      int[] t = tally.get(type);
      double precision = t[0] + t[1] == 0 ? 1.0 : (double) t[0] / (t[0] + t[1]);
      double recall = t[0] + t[2] == 0 ? 1.0 : (double) t[0] / (t[0] + t[2]);
      scores.put(type, new double[] {precision, recall});
      table.append(
          String.format(
              "%-10s %5d %5d %5d %9.3f %7.3f%n", type, t[0], t[1], t[2], precision, recall));
    }
    System.out.print(table);
    mistakes.forEach(System.out::println);

    for (Type type : Type.values()) {
      assertTrue(tally.get(type)[0] > 0, "no positives for " + type + " in the labelled set");
      assertTrue(
          scores.get(type)[0] >= 0.98, type + " precision too low\n" + table + "\n" + mistakes);
      assertTrue(scores.get(type)[1] >= 0.95, type + " recall too low\n" + table + "\n" + mistakes);
    }
  }

  @Test
  void validIdCardIsRedactedWrongCheckDigitIsKept() {
    Redaction r = PiiRedactor.redact("身份证号码：" + ID + "。");
    assertEquals("身份证号码：<ID_CARD>。", r.text());
    assertEquals(Map.of("ID_CARD", 1), r.counts());

    String bad = "身份证号码：" + ID_BAD_CHECK + "。";
    assertSame(bad, PiiRedactor.redact(bad).text());
    assertTrue(PiiRedactor.find(bad).isEmpty());

    assertTrue(PiiRedactor.isValidIdCard(ID));
    assertTrue(PiiRedactor.isValidIdCard(ID.toLowerCase()));
    assertFalse(PiiRedactor.isValidIdCard(ID_BAD_CHECK));
  }

  @Test
  void idCardWithImpossibleDateOrProvinceIsKept() {
    assertFalse(PiiRedactor.isValidIdCard(withCheck("11010519901301123"))); // month 13
    assertFalse(PiiRedactor.isValidIdCard(withCheck("11010519900230123"))); // 30 February
    assertFalse(PiiRedactor.isValidIdCard(withCheck("11010520990101123"))); // not born yet
    assertFalse(PiiRedactor.isValidIdCard(withCheck("19010519900101123"))); // province 19
    assertTrue(PiiRedactor.isValidIdCard(withCheck("11010520000229123"))); // leap day
    String embedded = "流水号9" + ID + "号";
    assertTrue(PiiRedactor.find(embedded).isEmpty());
  }

  @Test
  void luhnDecidesBankCards() {
    assertTrue(PiiRedactor.luhnValid(CARD));
    assertTrue(PiiRedactor.luhnValid("4111 1111 1111 1111"));
    assertFalse(PiiRedactor.luhnValid(CARD_BAD_LUHN));

    assertEquals(List.of(new Match(Type.BANK_CARD, 3, 22, CARD)), PiiRedactor.find("账号：" + CARD));
    assertTrue(PiiRedactor.find("账号：" + CARD_BAD_LUHN).isEmpty());
    assertEquals("卡号 <BANK_CARD> 已挂失", PiiRedactor.redact("卡号 6222 0212 3456 7890 128 已挂失").text());
    // Luhn-valid but not a card prefix (express waybill), and Luhn-valid inside a longer run.
    assertTrue(PiiRedactor.find("单号1000000000000008").isEmpty());
    assertTrue(PiiRedactor.find("参考号0" + CARD).isEmpty());
  }

  @Test
  void idCardWinsOverBankCard() {
    // An ID number that also passes Luhn and starts with a card digit is an ID.
    String id = luhnValidId();
    List<Match> found = PiiRedactor.find("号码" + id);
    assertEquals(1, found.size());
    assertEquals(Type.ID_CARD, found.get(0).type());
  }

  @Test
  void placeholdersAndCounts() {
    String text =
        "联系人：王某，电话0931-8765432，手机139 1234 5678，邮箱wang@example.gov.cn，"
            + "身份证"
            + ID
            + "，账号"
            + CARD
            + "，备用手机+8613812345678。";
    Redaction r = PiiRedactor.redact(text);
    assertEquals(
        "联系人：王某，电话<PHONE>，手机<PHONE>，邮箱<EMAIL>，身份证<ID_CARD>，账号<BANK_CARD>，备用手机<PHONE>。", r.text());
    assertEquals(Map.of("PHONE", 3, "EMAIL", 1, "ID_CARD", 1, "BANK_CARD", 1), r.counts());
    assertEquals(6, r.total());

    List<Match> matches = PiiRedactor.find(text);
    for (int i = 1; i < matches.size(); i++) {
      assertTrue(matches.get(i - 1).end() <= matches.get(i).start(), "ordered, non-overlapping");
    }
    assertEquals("<ID_CARD>", Type.ID_CARD.placeholder());
    assertEquals("<BANK_CARD>", Type.BANK_CARD.placeholder());
    assertEquals("<PHONE>", Type.PHONE.placeholder());
    assertEquals("<EMAIL>", Type.EMAIL.placeholder());
  }

  @Test
  void textWithoutPiiComesBackUnchanged() {
    String text = "根据国发〔2021〕33号、GB/T 4754-2017，2016-2020年投资12345678.90元，热线12345。";
    Redaction r = PiiRedactor.redact(text);
    assertSame(text, r.text());
    assertEquals(Map.of(), r.counts());
    assertEquals(0, r.total());
  }

  @Test
  void emptyString() {
    Redaction r = PiiRedactor.redact("");
    assertEquals("", r.text());
    assertEquals(0, r.total());
    assertTrue(PiiRedactor.find("").isEmpty());
  }

  @Test
  void fiveMegabytesOfDigitsAndLettersFinish() {
    Random random = new Random(42);
    String alphabet = "0123456789abcdefXx.-@ ";
    StringBuilder sb = new StringBuilder(5 << 20);
    while (sb.length() < 5 << 20) {
      // long digit runs, mixed alphanumerics and a few separators and at-signs
      if (random.nextInt(4) == 0) {
        int n = 10 + random.nextInt(200);
        for (int i = 0; i < n; i++) {
          sb.append((char) ('0' + random.nextInt(10)));
        }
      } else {
        int n = 1 + random.nextInt(60);
        for (int i = 0; i < n; i++) {
          sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
    }
    sb.append(" 联系电话0931-8765432");
    String text = sb.toString();
    Redaction r = PiiRedactor.redact(text);
    assertTrue(r.text().endsWith(" 联系电话<PHONE>"));
    assertTrue(r.counts().getOrDefault("PHONE", 0) >= 1);

    String digits = "7".repeat(5 << 20);
    assertSame(digits, PiiRedactor.redact(digits).text());
    String letters = "ab1".repeat((5 << 20) / 3) + "@";
    assertSame(letters, PiiRedactor.redact(letters).text());
  }

  private static String withCheck(String s17) {
    int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (s17.charAt(i) - '0') * w[i];
    }
    return s17 + "10X98765432".charAt(sum % 11);
  }

  private static String luhnValidId() {
    for (int seq = 0; seq < 1000; seq++) {
      String id = withCheck(String.format("62010219880808%03d", seq));
      if (Character.isDigit(id.charAt(17)) && PiiRedactor.luhnValid(id)) {
        return id;
      }
    }
    throw new AssertionError("no Luhn-valid ID found");
  }

  private static Type typeOf(String key) {
    return Type.valueOf(key.substring(0, key.indexOf(':')));
  }

  private static Map<String, Integer> multiset(List<String> keys) {
    Map<String, Integer> m = new HashMap<>();
    keys.forEach(k -> m.merge(k, 1, Integer::sum));
    return m;
  }

  private static List<Labelled> readLabelled() throws IOException {
    List<Labelled> rows = new ArrayList<>();
    try (InputStream in = PiiRedactorTest.class.getResourceAsStream("/corpus/pii-labelled.tsv")) {
      if (in == null) {
        throw new IOException("corpus/pii-labelled.tsv not on the test classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = reader.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab < 0) {
          throw new IOException("line " + n + " has no tab: " + line);
        }
        String text = line.substring(0, tab);
        String exp = line.substring(tab + 1).strip();
        List<String> expected = new ArrayList<>();
        if (!exp.isEmpty()) {
          for (String item : exp.split(",")) {
            typeOf(item); // fails on an unknown type
            expected.add(item);
          }
        }
        rows.add(new Labelled(n, text, List.copyOf(expected)));
      }
    }
    return rows;
  }
}
