package org.dataelements.factory.curation.corpus;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Document quality signals in the Gopher / C4 / FineWeb family, adapted to Chinese (where a "word"
 * is a character and lines are paragraphs):
 *
 * <ul>
 *   <li>{@code chars} (code points), {@code lines}, {@code mean_line_length};
 *   <li>{@code text_ratio}: letters (Han included) and digits over all non-space characters —
 *       Gopher's "words with an alphabetic character", per character;
 *   <li>{@code digit_ratio}, {@code symbol_ratio} (Unicode symbols: math, currency, modifier, other
 *       — emoji, box drawing, arrows);
 *   <li>{@code dup_line_fraction}: characters in lines that repeat an earlier line, over all
 *       characters (Gopher's duplicate-line character fraction);
 *   <li>{@code dup_ngram_fraction}: characters covered by a character {@value #NGRAM}-gram that
 *       occurs more than once (Gopher's duplicate n-gram fraction, over characters);
 *   <li>{@code punct_line_end_ratio}: share of lines ending in punctuation (C4's rule, FineWeb's
 *       line-punctuation ratio);
 *   <li>{@code noise_ratio}: characters that betray a broken encoding — U+FFFD, control and
 *       private-use characters, unassigned code points, and mojibake pairs (UTF-8 read as Latin-1
 *       or Windows-1252: {@code æ–‡}, {@code Ã©}) — over all characters.
 * </ul>
 *
 * Computed on the normalized text. Stateless and thread-safe.
 */
public record QualitySignals(
    long chars,
    int lines,
    double meanLineLength,
    double textRatio,
    double digitRatio,
    double symbolRatio,
    double dupLineFraction,
    double dupNgramFraction,
    double punctLineEndRatio,
    double noiseRatio) {
  /** The character n-gram length of {@code dup_ngram_fraction}. */
  public static final int NGRAM = 10;

  private static final Pattern MOJIBAKE =
      Pattern.compile(
          "[\\u00C2-\\u00F4][\\u0080-\\u00BF\\u0152\\u0153\\u0160\\u0161\\u0178\\u017D\\u017E\\u0192"
              + "\\u02C6\\u02DC\\u2013\\u2014\\u2018-\\u201E\\u2020-\\u2022\\u2026\\u2030\\u2039"
              + "\\u203A\\u20AC\\u2122]");

  /** The signals of one (normalized) text. */
  public static QualitySignals of(String text) {
    long chars = text.codePointCount(0, text.length());
    if (chars == 0) {
      return new QualitySignals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    long nonSpace = 0;
    long textChars = 0;
    long digits = 0;
    long symbols = 0;
    long noise = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || cp == 0x3000) {
        continue;
      }
      nonSpace++;
      int type = Character.getType(cp);
      if (Character.isLetter(cp) || Character.isDigit(cp)) {
        textChars++;
        if (Character.isDigit(cp)) {
          digits++;
        }
      } else if (type == Character.MATH_SYMBOL
          || type == Character.CURRENCY_SYMBOL
          || type == Character.MODIFIER_SYMBOL
          || type == Character.OTHER_SYMBOL) {
        symbols++;
      }
      if (cp == 0xFFFD
          || type == Character.CONTROL
          || type == Character.PRIVATE_USE
          || type == Character.UNASSIGNED
          || type == Character.SURROGATE) {
        noise++;
      }
    }
    Matcher m = MOJIBAKE.matcher(text);
    while (m.find()) {
      noise += 2;
    }
    String[] lines = text.split("\n");
    int lineCount = 0;
    long lineChars = 0;
    long dupLineChars = 0;
    int punctEnds = 0;
    Set<String> seen = new HashSet<>();
    for (String line : lines) {
      if (line.isEmpty()) {
        continue;
      }
      lineCount++;
      int len = line.codePointCount(0, line.length());
      lineChars += len;
      if (!seen.add(line)) {
        dupLineChars += len;
      }
      int last = line.codePointBefore(line.length());
      int t = Character.getType(last);
      if (t == Character.OTHER_PUNCTUATION
          || t == Character.END_PUNCTUATION
          || t == Character.FINAL_QUOTE_PUNCTUATION) {
        punctEnds++;
      }
    }
    double ratioBase = Math.max(1, nonSpace);
    return new QualitySignals(
        chars,
        lineCount,
        lineCount == 0 ? 0 : round((double) lineChars / lineCount),
        round(textChars / ratioBase),
        round(digits / ratioBase),
        round(symbols / ratioBase),
        lineChars == 0 ? 0 : round((double) dupLineChars / lineChars),
        round(dupNgramFraction(text)),
        lineCount == 0 ? 0 : round((double) punctEnds / lineCount),
        round(Math.min(1.0, noise / (double) chars)));
  }

  /** The share of characters covered by a character n-gram seen more than once. */
  static double dupNgramFraction(String text) {
    int[] cps = text.codePoints().filter(cp -> !Character.isWhitespace(cp)).toArray();
    if (cps.length < NGRAM * 2) {
      return 0;
    }
    Map<Long, Integer> counts = new HashMap<>();
    int grams = cps.length - NGRAM + 1;
    long[] keys = new long[grams];
    for (int i = 0; i < grams; i++) {
      long h = 1125899906842597L;
      for (int j = 0; j < NGRAM; j++) {
        h = 31 * h + cps[i + j];
      }
      keys[i] = h;
      counts.merge(h, 1, Integer::sum);
    }
    boolean[] covered = new boolean[cps.length];
    for (int i = 0; i < grams; i++) {
      if (counts.get(keys[i]) > 1) {
        for (int j = 0; j < NGRAM; j++) {
          covered[i + j] = true;
        }
      }
    }
    int c = 0;
    for (boolean b : covered) {
      if (b) {
        c++;
      }
    }
    return (double) c / cps.length;
  }

  private static double round(double v) {
    return Math.round(v * 10000.0) / 10000.0;
  }
}
