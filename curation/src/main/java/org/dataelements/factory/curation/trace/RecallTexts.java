package org.dataelements.factory.curation.trace;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the free text of a recall notice says about lots: the lot, product, case and UPC codes it
 * quotes (as written, e.g. {@code lot code “H0613-B”}), the GS1 identifiers in it (EPC URNs, GS1
 * Digital Link URIs, element strings such as {@code (01)06901234000016(10)L1}), and whether a text
 * reads as English (USDA FSIS publishes a Spanish version of a notice under the same number).
 */
final class RecallTexts {
  private RecallTexts() {}

  private static final String CODE = "(?:\\d+(?:[ ]\\d+)+|[A-Z0-9][A-Z0-9\\-/.]*)";
  private static final String QUOTED = "[“\"'‘]" + CODE + "[”\"'’]";

  /**
   * Quoted codes, each quoted; or plain codes separated by ", ", " and ", " or ", each one after
   * the first holding a digit (so that a list does not run on into the next sentence).
   */
  private static final String CODES =
      "(?:"
          + QUOTED
          + "(?:\\s*(?:,|\\band\\b|\\bor\\b|&)\\s*"
          + QUOTED
          + ")*|"
          + CODE
          + "(?:(?:,\\s+(?:(?:and|or)\\s+)?|\\s+(?:and|or|&)\\s+)(?=[A-Z0-9\\-/.]*\\d)"
          + CODE
          + ")*)";

  private static final Pattern LOT_CODES =
      Pattern.compile(
          "\\b(?:lot\\s+(?:codes?|numbers?|nos?\\.?|#)|lots?|product\\s+codes?|case\\s+codes?"
              + "|item\\s+(?:codes?|numbers?)|batch\\s+(?:codes?|numbers?)|UPC(?:\\s+codes?)?|SKU)\\b"
              + "(?:\\s+of)?\\s*[:#.]?\\s*"
              + CODES,
          Pattern.CASE_INSENSITIVE);

  private static final Pattern DIGIT = Pattern.compile("\\d");

  private static final Pattern EPC_URN =
      Pattern.compile(
          "urn:epc:(?:id|class):[a-z0-9]+:[A-Za-z0-9.\\-_%*]+", Pattern.CASE_INSENSITIVE);
  private static final Pattern DIGITAL_LINK =
      Pattern.compile(
          "https?://[^\\s\"“”'<>/]+(?:/[^\\s\"“”'<>/]+)*?/01/\\d{14}(?:/[^\\s\"“”'<>,;)]+)*");
  private static final Pattern ELEMENT_STRING =
      Pattern.compile("\\(01\\)\\s*(\\d{14})(?:\\s*\\(10\\)\\s*([A-Za-z0-9\\-./]{1,20}))?");

  /** The lot and product codes a text quotes, each as written with its label, in text order. */
  static List<String> lotCodes(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    Matcher m = LOT_CODES.matcher(text);
    while (m.find()) {
      String phrase = m.group().strip().replaceAll("[\\s.,;:]+$", "").replaceAll("\\s+", " ");
      String label = phrase.replaceAll("(?i)^[a-z ]+", "");
      if (DIGIT.matcher(label).find()) {
        out.add(phrase);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The GS1 identifiers of a text as EPC URNs or Digital Link URIs (element strings become Digital
   * Link URIs on id.gs1.org), for {@link TraceIds#canonical} to make canonical.
   */
  static List<String> gs1Ids(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    Matcher urn = EPC_URN.matcher(text);
    while (urn.find()) {
      out.add(urn.group().replaceAll("[.]+$", ""));
    }
    Matcher dl = DIGITAL_LINK.matcher(text);
    while (dl.find()) {
      out.add(dl.group().replaceAll("[.]+$", ""));
    }
    Matcher es = ELEMENT_STRING.matcher(text);
    while (es.find()) {
      String lot = es.group(2);
      out.add(
          "https://id.gs1.org/01/"
              + es.group(1)
              + (lot == null ? "" : "/10/" + lot.replaceAll("[.]+$", "")));
    }
    return List.copyOf(out);
  }

  private static final Set<String> ENGLISH =
      Set.of(
          "recalls",
          "recall",
          "due",
          "to",
          "products",
          "product",
          "firm",
          "issues",
          "the",
          "and",
          "of",
          "for",
          "with",
          "alert",
          "health",
          "public",
          "possible",
          "beef",
          "chicken",
          "pork",
          "in",
          "misbranding",
          "undeclared",
          "contamination",
          "without",
          "inspection");
  private static final Set<String> SPANISH =
      Set.of(
          "retira",
          "del",
          "de",
          "alerta",
          "por",
          "debido",
          "productos",
          "producto",
          "firma",
          "sin",
          "pollo",
          "carne",
          "emite",
          "salud",
          "pública",
          "publica",
          "mercado",
          "y",
          "con",
          "la",
          "los",
          "las",
          "el",
          "en",
          "cerdo",
          "posible",
          "una",
          "un",
          "contaminación");
  private static final Pattern WORD = Pattern.compile("[\\p{L}]+");

  /**
   * How English a text reads: English function and recall words minus Spanish ones (positive for
   * English titles, negative for their Spanish translations).
   */
  static int englishScore(String text) {
    if (text == null) {
      return 0;
    }
    int score = 0;
    Matcher w = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (w.find()) {
      if (ENGLISH.contains(w.group())) {
        score++;
      } else if (SPANISH.contains(w.group())) {
        score--;
      }
    }
    return score;
  }

  private static final java.util.Map<String, String> ENTITIES =
      java.util.Map.ofEntries(
          java.util.Map.entry("amp", "&"),
          java.util.Map.entry("quot", "\""),
          java.util.Map.entry("apos", "'"),
          java.util.Map.entry("lt", "<"),
          java.util.Map.entry("gt", ">"),
          java.util.Map.entry("nbsp", " "),
          java.util.Map.entry("rsquo", "\u2019"),
          java.util.Map.entry("lsquo", "\u2018"),
          java.util.Map.entry("rdquo", "\u201d"),
          java.util.Map.entry("ldquo", "\u201c"),
          java.util.Map.entry("ndash", "\u2013"),
          java.util.Map.entry("mdash", "\u2014"),
          java.util.Map.entry("reg", "\u00ae"),
          java.util.Map.entry("trade", "\u2122"),
          java.util.Map.entry("eacute", "\u00e9"),
          java.util.Map.entry("ntilde", "\u00f1"));

  private static final Pattern ENTITY =
      Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);");

  /**
   * The text with HTML character references decoded ({@code &amp;#039;} → {@code '}; the notices of
   * the recall feeds are sometimes escaped twice); unknown names stay as written. Null stays null.
   */
  static String unescapeHtml(String text) {
    if (text == null) {
      return null;
    }
    String s = text;
    for (int pass = 0; pass < 3 && s.indexOf('&') >= 0; pass++) {
      Matcher m = ENTITY.matcher(s);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String ref = m.group(1);
        String decoded;
        if (ref.startsWith("#x") || ref.startsWith("#X")) {
          decoded = codePoint(Integer.parseInt(ref.substring(2), 16), m.group());
        } else if (ref.startsWith("#")) {
          decoded = codePoint(Integer.parseInt(ref.substring(1)), m.group());
        } else {
          decoded = ENTITIES.getOrDefault(ref, m.group());
        }
        m.appendReplacement(out, Matcher.quoteReplacement(decoded));
      }
      m.appendTail(out);
      if (out.toString().equals(s)) {
        break;
      }
      s = out.toString();
    }
    return s;
  }

  private static String codePoint(int cp, String asWritten) {
    return Character.isValidCodePoint(cp) && cp != 0
        ? new String(Character.toChars(cp))
        : asWritten;
  }
}
