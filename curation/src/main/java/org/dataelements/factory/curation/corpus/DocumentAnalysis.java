package org.dataelements.factory.curation.corpus;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Transliterator;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the corpus knows about one landed document, computed in one pass: the normalized text
 * ({@link TextNormalizer}), its id (SHA-256 of the normalized text, so stable across releases),
 * quality signals, language (Lingua, with confidence) and script ({@code Hans} / {@code Hant} by
 * ICU's Traditional–Simplified transliteration, else the ICU script code), a simplified-script copy
 * (the original is never replaced), token count ({@code o200k_base}, jtokkit), PII redaction with
 * typed placeholders and the domain label; and the first filter rule the document fails, with the
 * rule's parameter and the measured value, or none.
 *
 * <p>Rules, in order (the first that fails is recorded): {@code empty}, {@code too_long} (checked
 * on the raw text before any work, so a 50 MB line costs nothing), {@code encoding_noise}, {@code
 * too_short}, {@code low_text_ratio}, {@code digit_ratio}, {@code symbol_ratio}, {@code
 * duplicate_lines}, {@code duplicate_ngrams}, {@code language}, {@code language_confidence}.
 * Duplicates are decided across documents afterwards ({@link NearDuplicates}).
 *
 * <p>Thread-safe: the detector and the tokenizer are shared, the transliterators are per thread.
 */
public final class DocumentAnalysis {
  /** The rules in the order they are applied. */
  public static final String EMPTY = "empty";

  public static final String TOO_LONG = "too_long";
  public static final String ENCODING_NOISE = "encoding_noise";
  public static final String TOO_SHORT = "too_short";
  public static final String LOW_TEXT_RATIO = "low_text_ratio";
  public static final String DIGIT_RATIO = "digit_ratio";
  public static final String SYMBOL_RATIO = "symbol_ratio";
  public static final String DUPLICATE_LINES = "duplicate_lines";
  public static final String DUPLICATE_NGRAMS = "duplicate_ngrams";
  public static final String LANGUAGE = "language";
  public static final String LANGUAGE_CONFIDENCE = "language_confidence";

  /** The domain a poem's form gives it when no sector term labels it. */
  static final String LITERATURE = "literature";

  /** The confidence of a label by verse form (a rule, not a lexicon score). */
  static final double VERSE_CONFIDENCE = 0.6;

  private static final Pattern CLAUSE = Pattern.compile("[，。？！；、,.?!;]");

  /** Language detection reads this many characters from the start of the text. */
  static final int LANGUAGE_SAMPLE = 2000;

  /** The language code of a text Lingua cannot place. */
  public static final String UNDETERMINED = "und";

  private static final ThreadLocal<Transliterator> TO_SIMPLIFIED =
      ThreadLocal.withInitial(() -> Transliterator.getInstance("Traditional-Simplified"));
  private static final ThreadLocal<Transliterator> TO_TRADITIONAL =
      ThreadLocal.withInitial(() -> Transliterator.getInstance("Simplified-Traditional"));

  private DocumentAnalysis() {}

  /** The result for one document; text fields are empty for a document excluded before analysis. */
  public record Result(
      String docId,
      String text,
      String textSimplified,
      String language,
      double languageConfidence,
      String script,
      long tokens,
      QualitySignals signals,
      Map<String, Integer> pii,
      String domain,
      double domainConfidence,
      Optional<Exclusion> exclusion) {}

  /** Why a document is excluded: the rule, its parameter and the value measured. */
  public record Exclusion(String rule, String parameters, String measured) {}

  /** Analyses one document's raw text (its title helps the domain label). */
  public static Result analyze(
      String raw, String title, CorpusParameters p, DomainLabeler labeler) {
    String source = raw == null ? "" : raw;
    long rawChars = source.codePointCount(0, source.length());
    if (rawChars > p.maxChars()) {
      return excluded(
          sha256(source),
          new Exclusion(TOO_LONG, "max_chars=" + p.maxChars(), "chars=" + rawChars));
    }
    String text = TextNormalizer.normalize(source);
    String docId = sha256(text);
    if (text.isEmpty()) {
      return excluded(docId, new Exclusion(EMPTY, "min_chars=1", "chars=0"));
    }
    QualitySignals s = QualitySignals.of(text);
    Optional<Exclusion> failed = signalRule(s, p);
    if (failed.isPresent()) {
      return new Result(
          docId, text, text, UNDETERMINED, 0, script(text), 0, s, Map.of(), "", 0, failed);
    }
    String script = script(text);
    String simplified = script.equals("Hant") ? TO_SIMPLIFIED.get().transliterate(text) : text;
    Detected detected = detectLanguage(text);
    String code = detected.code();
    double confidence = detected.confidence();
    if (!p.languages().contains(code)) {
      failed =
          Optional.of(
              new Exclusion(
                  LANGUAGE,
                  "languages=" + String.join(",", p.languages()),
                  "language=" + code + ",confidence=" + confidence));
    } else if (confidence < p.minLanguageConfidence()) {
      failed =
          Optional.of(
              new Exclusion(
                  LANGUAGE_CONFIDENCE,
                  "min_language_confidence=" + p.minLanguageConfidence(),
                  "language=" + code + ",confidence=" + confidence));
    }
    PiiRedactor.Redaction redaction = PiiRedactor.redact(text);
    String redacted = redaction.text();
    String redactedSimplified =
        simplified == text ? redacted : TO_SIMPLIFIED.get().transliterate(redacted);
    // the lexicon holds terms in both scripts, weighted for text as written
    DomainLabeler.Label label = labeler.label(title == null ? "" : title, redacted);
    if (label.domain().equals(DomainLabeler.OTHER) && isClassicalVerse(text)) {
      // no sector term, but the form of regulated verse: literature by form, not by words
      label = new DomainLabeler.Label(LITERATURE, VERSE_CONFIDENCE, label.scores());
    }
    return new Result(
        docId,
        redacted,
        redactedSimplified,
        code,
        confidence,
        script,
        tokenizer().countTokensOrdinary(redacted),
        s,
        redaction.counts(),
        label.domain(),
        label.confidence(),
        failed);
  }

  /** A language (ISO 639-1, or {@value #UNDETERMINED}) and Lingua's confidence in it. */
  public record Detected(String code, double confidence) {}

  /**
   * The language of a text (its first {@value #LANGUAGE_SAMPLE} characters) with a confidence in
   * 0..1. Lingua 1.2 rates every plausible language relative to the most likely one (1.0 for it,
   * the ratio of log-likelihoods for the others); the confidence is the margin, one minus the
   * runner-up's rating: 1.0 when no other language is plausible (Chinese by its script), about 0.2
   * for a clear English sentence against French, near 0 for a word that fits several languages.
   */
  public static Detected detectLanguage(String text) {
    java.util.SortedMap<Language, Double> values =
        detector().computeLanguageConfidenceValues(sample(text));
    Language top = null;
    double best = 0;
    double second = 0;
    for (Map.Entry<Language, Double> e : values.entrySet()) {
      if (e.getValue() > best) {
        second = best;
        best = e.getValue();
        top = e.getKey();
      } else if (e.getValue() > second) {
        second = e.getValue();
      }
    }
    if (top == null || top == Language.UNKNOWN || best <= 0) {
      return new Detected(UNDETERMINED, 0);
    }
    return new Detected(
        top.getIsoCode639_1().name().toLowerCase(Locale.ROOT), round(1 - second / best));
  }

  private static Result excluded(String docId, Exclusion why) {
    return new Result(
        docId,
        "",
        "",
        UNDETERMINED,
        0,
        "Zyyy",
        0,
        QualitySignals.of(""),
        Map.of(),
        "",
        0,
        Optional.of(why));
  }

  private static Optional<Exclusion> signalRule(QualitySignals s, CorpusParameters p) {
    if (s.noiseRatio() > p.maxNoiseRatio()) {
      return rule(
          ENCODING_NOISE, "max_noise_ratio", p.maxNoiseRatio(), "noise_ratio", s.noiseRatio());
    }
    if (s.chars() < p.minChars()) {
      return Optional.of(
          new Exclusion(TOO_SHORT, "min_chars=" + p.minChars(), "chars=" + s.chars()));
    }
    if (s.textRatio() < p.minTextRatio()) {
      return rule(LOW_TEXT_RATIO, "min_text_ratio", p.minTextRatio(), "text_ratio", s.textRatio());
    }
    if (s.digitRatio() > p.maxDigitRatio()) {
      return rule(DIGIT_RATIO, "max_digit_ratio", p.maxDigitRatio(), "digit_ratio", s.digitRatio());
    }
    if (s.symbolRatio() > p.maxSymbolRatio()) {
      return rule(
          SYMBOL_RATIO, "max_symbol_ratio", p.maxSymbolRatio(), "symbol_ratio", s.symbolRatio());
    }
    if (s.dupLineFraction() > p.maxDupLineFraction()) {
      return rule(
          DUPLICATE_LINES,
          "max_dup_line_fraction",
          p.maxDupLineFraction(),
          "dup_line_fraction",
          s.dupLineFraction());
    }
    if (s.dupNgramFraction() > p.maxDupNgramFraction()) {
      return rule(
          DUPLICATE_NGRAMS,
          "max_dup_ngram_fraction",
          p.maxDupNgramFraction(),
          "dup_ngram_fraction",
          s.dupNgramFraction());
    }
    return Optional.empty();
  }

  private static Optional<Exclusion> rule(
      String rule, String parameter, double limit, String signal, double measured) {
    return Optional.of(new Exclusion(rule, parameter + "=" + limit, signal + "=" + measured));
  }

  /**
   * The text's script: for Han text {@code Hant} when it has more characters that only the
   * traditional script writes than characters only the simplified one does, else {@code Hans};
   * otherwise the ISO 15924 code of the script most of its letters are in ({@code Latn}, {@code
   * Cyrl}, …; {@code Jpan} for Han with kana, {@code Zyyy} without letters).
   */
  public static String script(String text) {
    Map<Integer, Integer> counts = new HashMap<>();
    String sample = sample(text);
    for (int i = 0; i < sample.length(); ) {
      int cp = sample.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetter(cp)) {
        counts.merge(UScript.getScript(cp), 1, Integer::sum);
      }
    }
    if (counts.isEmpty()) {
      return "Zyyy";
    }
    int han = counts.getOrDefault(UScript.HAN, 0);
    int kana = counts.getOrDefault(UScript.HIRAGANA, 0) + counts.getOrDefault(UScript.KATAKANA, 0);
    int top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    if (kana > 0 && (top == UScript.HAN || top == UScript.HIRAGANA || top == UScript.KATAKANA)) {
      return "Jpan";
    }
    if (top != UScript.HAN || han == 0) {
      return UScript.getShortName(top);
    }
    int traditionalOnly = changed(sample, TO_SIMPLIFIED.get().transliterate(sample));
    int simplifiedOnly = changed(sample, TO_TRADITIONAL.get().transliterate(sample));
    return traditionalOnly > simplifiedOnly ? "Hant" : "Hans";
  }

  /**
   * Whether a text has the form of classical Chinese verse: at least two lines, at least four
   * clauses (split at Chinese punctuation), at least 90 % of the clauses of one length of four to
   * seven Han characters (五言, 七言, 四言, 六言), and only Han characters besides punctuation. Ci (詞) with
   * irregular lines are not caught.
   */
  static boolean isClassicalVerse(String text) {
    String[] lines = text.split("\n");
    if (lines.length < 2 || text.length() > 4000) {
      return false;
    }
    Map<Integer, Integer> lengths = new HashMap<>();
    int clauses = 0;
    for (String line : lines) {
      for (String clause : CLAUSE.split(line)) {
        String c = clause.strip();
        if (c.isEmpty()) {
          continue;
        }
        if (!c.codePoints().allMatch(cp -> UScript.getScript(cp) == UScript.HAN)) {
          return false;
        }
        clauses++;
        lengths.merge(c.codePointCount(0, c.length()), 1, Integer::sum);
      }
    }
    if (clauses < 4) {
      return false;
    }
    for (int n = 4; n <= 7; n++) {
      if (lengths.getOrDefault(n, 0) * 10 >= clauses * 9) {
        return true;
      }
    }
    return false;
  }

  /** A traditional-script text in simplified script (other text unchanged). */
  public static String simplified(String text) {
    return TO_SIMPLIFIED.get().transliterate(text);
  }

  private static int changed(String a, String b) {
    if (a.length() != b.length()) {
      return Math.abs(a.length() - b.length()) + 1;
    }
    int n = 0;
    for (int i = 0; i < a.length(); i++) {
      if (a.charAt(i) != b.charAt(i)) {
        n++;
      }
    }
    return n;
  }

  private static String sample(String text) {
    if (text.length() <= LANGUAGE_SAMPLE) {
      return text;
    }
    int end = LANGUAGE_SAMPLE;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }

  /** The SHA-256 of a text's UTF-8 bytes, in hex. */
  public static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  private static double round(double v) {
    return Math.round(v * 10000.0) / 10000.0;
  }

  private static LanguageDetector detector() {
    return Holder.DETECTOR;
  }

  private static Encoding tokenizer() {
    return Holder.O200K;
  }

  /** Loaded on first use, once per JVM (Lingua's models take a few seconds and ~100 MB). */
  private static final class Holder {
    static final LanguageDetector DETECTOR =
        LanguageDetectorBuilder.fromLanguages(
                Language.CHINESE,
                Language.ENGLISH,
                Language.JAPANESE,
                Language.KOREAN,
                Language.FRENCH,
                Language.GERMAN,
                Language.SPANISH,
                Language.PORTUGUESE,
                Language.ITALIAN,
                Language.RUSSIAN,
                Language.ARABIC,
                Language.VIETNAMESE,
                Language.MONGOLIAN)
            .build();
    static final Encoding O200K =
        Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  }
}
