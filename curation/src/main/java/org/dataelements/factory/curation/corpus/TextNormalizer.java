package org.dataelements.factory.curation.corpus;

import com.ibm.icu.text.FilteredNormalizer2;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.UnicodeSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a landed document's text into clean paragraphs, one per line, without changing what it
 * says:
 *
 * <ol>
 *   <li>ANSI escapes, HTML comments and tags, Markdown markup (heading and quote markers, emphasis,
 *       links, images, code fences) are removed;
 *   <li>Unicode NFKC, except for the full-width punctuation of Chinese text and the ideographic
 *       space: full-width digits and Latin letters become half-width ({@code ２０２４} → {@code 2024}),
 *       compatibility characters their plain form, while {@code ，。：；（）} stay as written (NFKC would
 *       turn them into ASCII and change the text's typography);
 *   <li>ASCII {@code ,} and {@code .} written after a Chinese character (as PDF extraction of
 *       government documents leaves them) become {@code ，} and {@code 。};
 *   <li>page numbers ({@code —21—}, {@code - 3 -}, {@code 第 3 页}), running headers (a short line
 *       repeated three or more times in a long document) and the distribution list at the end of an
 *       official document ({@code 抄送：…} and the {@code …印发} line) are removed;
 *   <li>lines broken by a fixed width are re-joined: when most lines have the same display width (a
 *       hard-wrapped text), a line of about that width that does not end a sentence is joined with
 *       the next one unless the next one starts a heading ({@code 一、}, {@code （三）}, {@code 第五条});
 *       blank lines between every wrapped line (a PDF extraction artefact) are dropped.
 * </ol>
 *
 * The result has one paragraph per line, separated by {@code \n}, with no blank lines and no
 * leading or trailing spaces. Stateless and thread-safe.
 */
public final class TextNormalizer {
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
  private static final Pattern HTML_COMMENT = Pattern.compile("(?s)<!--.*?-->");
  private static final Pattern HTML_TAG = Pattern.compile("</?[A-Za-z][A-Za-z0-9]*(\\s[^<>]*)?/?>");
  private static final Pattern MD_IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\([^)]*\\)");
  private static final Pattern MD_LINK =
      Pattern.compile("\\[([^\\]]+)\\]\\((?:https?:|/|#)[^)]*\\)");
  private static final Pattern MD_EMPHASIS = Pattern.compile("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1");
  private static final Pattern MD_LINE_MARK = Pattern.compile("^(?:#{1,6}\\s+|>\\s?|```.*$)");
  private static final Pattern HAN_COMMA =
      Pattern.compile("(?<=\\p{IsHan}|[”）》」』]),(?!\\d)|(?<=[)%]),(?=\\p{IsHan})");
  private static final Pattern HAN_PERIOD =
      Pattern.compile(
          "(?<=\\p{IsHan}|[”）》」』])\\.(?=\\s*$|\\s*\\p{IsHan}|[“（《「『(])"
              + "|(?<=[)%])\\.(?=\\p{IsHan})");
  private static final Pattern PAGE_NUMBER =
      Pattern.compile(
          "^(?:[-—–－~〜\\s]*\\d{1,4}[-—–－~〜\\s]*|第\\s*\\d{1,4}\\s*页(?:\\s*[，,/]?\\s*共\\s*\\d{1,4}\\s*页)?"
              + "|(?:page|p\\.)\\s*\\d{1,4}(?:\\s*of\\s*\\d{1,4})?)$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DISTRIBUTION = Pattern.compile("^(?:抄送|抄报|分送)\\s*[:：]");
  private static final Pattern PRINTED =
      Pattern.compile(".*\\d{4}\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日\\s*印发$");
  private static final Pattern HEADING =
      Pattern.compile(
          "^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\\d]+[)）]|\\d{1,2}[.、．](?!\\d)"
              + "|第[一二三四五六七八九十百千零〇\\d]+[编章节条款]|附件|[#*•·-]\\s)");
  private static final String SENTENCE_END = "。！？；：…!?;:”’」』）)】";
  private static final Pattern ARTICLE_NUMBER = Pattern.compile("第[一二三四五六七八九十百千零〇\\d]+[编章节条款]$");
  private static final Pattern GUILLEMET_OPEN = Pattern.compile("«(?=\\s*[\\p{IsHan}“])");
  private static final Pattern GUILLEMET_CLOSE = Pattern.compile("(?<=[\\p{IsHan}”)）])\\s*»");
  private static final Pattern SPACES = Pattern.compile("[ \\t\\u00A0\\u3000]+");

  /**
   * NFKC without the full-width punctuation Chinese text is written with (！（），：；？［］｛｝～ and the
   * white parentheses) and the ideographic space; full-width symbols (％＋－／＝…) and the half-width
   * katakana-block punctuation (｡｢｣､) are normalized.
   */
  private static final Normalizer2 NFKC_KEEP_PUNCTUATION =
      new FilteredNormalizer2(
          Normalizer2.getNFKCInstance(),
          new UnicodeSet(
                  "[^\\u3000\\uFF01\\uFF08\\uFF09\\uFF0C\\uFF1A\\uFF1B\\uFF1F\\uFF3B\\uFF3D"
                      + "\\uFF5B\\uFF5D-\\uFF60]")
              .freeze());

  /** A paragraph longer than this is not held open for a bracket it never closes. */
  private static final int MAX_UNCLOSED = 2000;

  /** Lines shorter than this (display width) never count as hard-wrapped. */
  private static final int MIN_WRAP_WIDTH = 20;

  /** A repeated short line is a running header only in documents with at least this many lines. */
  private static final int HEADER_MIN_LINES = 30;

  /** The end of a document where a distribution list may start, in non-blank lines. */
  private static final int TAIL_LINES = 12;

  private TextNormalizer() {}

  /** The normalized text of one document; empty for a document without text. */
  public static String normalize(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String text = ANSI.matcher(raw).replaceAll("");
    text = HTML_COMMENT.matcher(text).replaceAll("\n");
    text = text.replace("\r\n", "\n").replace('\r', '\n');
    text = NFKC_KEEP_PUNCTUATION.normalize(text);
    List<String> lines = new ArrayList<>();
    boolean fence = false;
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      if (l.startsWith("```")) {
        fence = !fence;
        continue;
      }
      l = cleanMarkup(l);
      l = bookTitleMarks(l);
      l = HAN_COMMA.matcher(l).replaceAll("，");
      l = HAN_PERIOD.matcher(l).replaceAll("。");
      lines.add(collapseSpaces(l));
    }
    lines = dropPageNumbers(lines);
    lines = dropDistributionList(lines);
    lines = dropRunningHeaders(lines);
    return String.join("\n", paragraphs(lines));
  }

  /** The display width of a line: two for wide (CJK, full-width) characters, one otherwise. */
  static int width(String line) {
    int w = 0;
    for (int i = 0; i < line.length(); ) {
      int cp = line.codePointAt(i);
      w += isCjkContext(cp) ? 2 : 1;
      i += Character.charCount(cp);
    }
    return w;
  }

  private static boolean isWide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F)
        || (cp >= 0x2E80 && cp <= 0xA4CF)
        || (cp >= 0xAC00 && cp <= 0xD7A3)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE30 && cp <= 0xFE4F)
        || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x20000 && cp <= 0x3FFFD);
  }

  /** Wide characters and the quotes and dashes Chinese text shares with Western text. */
  private static boolean isCjkContext(int cp) {
    return isWide(cp) || (cp >= 0x2014 && cp <= 0x201F) || cp == 0xAB || cp == 0xBB || cp == 0x2026;
  }

  /** «…» around Chinese text, as PDF extraction leaves 《…》, back to book-title marks. */
  private static String bookTitleMarks(String line) {
    String l = GUILLEMET_OPEN.matcher(line).replaceAll("《");
    return GUILLEMET_CLOSE.matcher(l).replaceAll("》");
  }

  private static String cleanMarkup(String line) {
    String l = MD_LINE_MARK.matcher(line).replaceFirst("");
    l = MD_IMAGE.matcher(l).replaceAll("$1");
    l = MD_LINK.matcher(l).replaceAll("$1");
    l = MD_EMPHASIS.matcher(l).replaceAll("$2");
    l = HTML_TAG.matcher(l).replaceAll("");
    return l.strip();
  }

  /** Runs of spaces collapsed to one, removed between two CJK characters. */
  private static String collapseSpaces(String line) {
    Matcher m = SPACES.matcher(line);
    StringBuilder out = new StringBuilder(line.length());
    int last = 0;
    while (m.find()) {
      out.append(line, last, m.start());
      boolean cjkBefore = m.start() > 0 && isCjkContext(line.codePointBefore(m.start()));
      boolean cjkAfter = m.end() < line.length() && isCjkContext(line.codePointAt(m.end()));
      boolean articleNumber = ARTICLE_NUMBER.matcher(line.substring(0, m.start())).find();
      if (!(cjkBefore && cjkAfter) || articleNumber) {
        out.append(' ');
      }
      last = m.end();
    }
    out.append(line, last, line.length());
    return out.toString().strip();
  }

  private static List<String> dropPageNumbers(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (String l : lines) {
      if (!l.isEmpty() && PAGE_NUMBER.matcher(l).matches() && hasDigit(l)) {
        continue;
      }
      out.add(l);
    }
    return out;
  }

  private static boolean hasDigit(String l) {
    return l.chars().anyMatch(Character::isDigit);
  }

  /** The distribution list and the printing line, only near the end of the document. */
  private static List<String> dropDistributionList(List<String> lines) {
    int seen = 0;
    int cut = lines.size();
    for (int i = lines.size() - 1; i >= 0 && seen < TAIL_LINES; i--) {
      String l = lines.get(i);
      if (l.isEmpty()) {
        continue;
      }
      seen++;
      if (DISTRIBUTION.matcher(l).find()) {
        cut = i;
      }
    }
    List<String> out = new ArrayList<>(lines.subList(0, cut));
    if (cut == lines.size()) {
      // no distribution list: still drop a trailing printing line
      for (int i = out.size() - 1; i >= 0 && i >= out.size() - TAIL_LINES; i--) {
        if (PRINTED.matcher(out.get(i)).matches()) {
          out.remove(i);
          break;
        }
      }
    }
    return out;
  }

  private static List<String> dropRunningHeaders(List<String> lines) {
    long nonBlank = lines.stream().filter(l -> !l.isEmpty()).count();
    if (nonBlank < HEADER_MIN_LINES) {
      return lines;
    }
    Map<String, Integer> counts = new HashMap<>();
    for (String l : lines) {
      if (!l.isEmpty() && width(l) <= 60 && !endsSentence(l)) {
        counts.merge(l, 1, Integer::sum);
      }
    }
    List<String> out = new ArrayList<>(lines.size());
    for (String l : lines) {
      if (counts.getOrDefault(l, 0) >= 3) {
        continue;
      }
      out.add(l);
    }
    return out;
  }

  private static boolean endsSentence(String line) {
    return !line.isEmpty() && SENTENCE_END.indexOf(line.charAt(line.length() - 1)) >= 0;
  }

  /** Joins hard-wrapped lines into paragraphs; drops blank lines. */
  private static List<String> paragraphs(List<String> lines) {
    int wrapWidth = wrapWidth(lines);
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    boolean interleaved = interleavedBlanks(lines);
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isEmpty()) {
        if (!interleaved && current != null) {
          out.add(current.toString());
          current = null;
        }
        continue;
      }
      if (current != null && !HEADING.matcher(l).find()) {
        appendJoined(current, l);
      } else {
        if (current != null) {
          out.add(current.toString());
        }
        current = new StringBuilder(l);
      }
      boolean wrapped =
          wrapWidth > 0
              && ((width(l) >= wrapWidth - wrapTolerance(wrapWidth) && !endsSentence(l))
                  || (unclosed(current) && current.length() < MAX_UNCLOSED));
      if (!wrapped) {
        out.add(current.toString());
        current = null;
      }
    }
    if (current != null) {
      out.add(current.toString());
    }
    return out;
  }

  /**
   * How much narrower than the wrap width a wrapped line may be: half-width digits, Latin letters,
   * brackets and spaces take less than the full width a PDF gave them, and the first line of a
   * paragraph loses its indent (a quarter of the width; a line that does not end a sentence and
   * fills three quarters of the width is taken as continued).
   */
  private static int wrapTolerance(int wrapWidth) {
    return Math.max(4, wrapWidth / 4);
  }

  /** Whether a paragraph so far opens more brackets or quotes than it closes. */
  private static boolean unclosed(CharSequence paragraph) {
    int depth = 0;
    for (int i = 0; i < paragraph.length(); i++) {
      char c = paragraph.charAt(i);
      if (c == '(' || c == '（' || c == '《' || c == '“' || c == '「') {
        depth++;
      } else if (c == ')' || c == '）' || c == '》' || c == '”' || c == '」') {
        depth--;
      }
    }
    return depth > 0;
  }

  private static void appendJoined(StringBuilder current, String next) {
    int before = current.codePointBefore(current.length());
    int after = next.codePointAt(0);
    if (!isWide(before) && !isWide(after) && Character.isLetterOrDigit(before)) {
      current.append(' ');
    }
    current.append(next);
  }

  /**
   * The width a hard-wrapped text was broken at: the most frequent display width among lines of at
   * least {@link #MIN_WRAP_WIDTH}, when at least a third of such lines have it (± 2); otherwise 0
   * (the text is not hard-wrapped and lines stay as they are).
   */
  static int wrapWidth(List<String> lines) {
    Map<Integer, Integer> counts = new HashMap<>();
    int candidates = 0;
    for (String l : lines) {
      int w = width(l);
      if (w >= MIN_WRAP_WIDTH) {
        counts.merge(w, 1, Integer::sum);
        candidates++;
      }
    }
    if (candidates < 3) {
      return 0;
    }
    int best = 0;
    int bestCount = 0;
    for (int w : counts.keySet()) {
      int near = 0;
      for (int d = -2; d <= 2; d++) {
        near += counts.getOrDefault(w + d, 0);
      }
      if (near > bestCount || (near == bestCount && w > best)) {
        best = w;
        bestCount = near;
      }
    }
    return bestCount * 3 >= candidates ? best + 2 : 0;
  }

  /** Whether (nearly) every text line is followed by a blank line: blank lines carry no meaning. */
  private static boolean interleavedBlanks(List<String> lines) {
    int text = 0;
    int followedByBlank = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isEmpty()) {
        text++;
        if (i + 1 < lines.size() && lines.get(i + 1).isEmpty()) {
          followedByBlank++;
        }
      }
    }
    return text >= 6 && followedByBlank * 10 >= text * 8;
  }
}
