package org.dataelements.factory.curation.corpus;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The training corpus's curation parameters, {@code parameters:} of {@code
 * conf/products/training_corpus.yaml}: the filter thresholds (each rule's parameter), the
 * near-duplicate method and the split and shard layout (read here too, so that a misspelt key of
 * the product spec stops the build). Defaults in {@link #fromYaml}.
 */
public record CorpusParameters(
    List<String> languages,
    double minLanguageConfidence,
    int minChars,
    long maxChars,
    double maxNoiseRatio,
    double minTextRatio,
    double maxDigitRatio,
    double maxSymbolRatio,
    double maxDupLineFraction,
    double maxDupNgramFraction,
    int minhashNgram,
    int minhashBands,
    int minhashRows,
    double nearDuplicateJaccard,
    double splitValidation,
    double splitTest,
    long shardDocuments,
    String tokenizer)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The tokenizer of the token counts (jtokkit's encoding name). */
  public static final String O200K_BASE = "o200k_base";

  public CorpusParameters {
    languages = List.copyOf(languages);
    if (languages.isEmpty()) {
      throw new IllegalArgumentException("languages is empty; list ISO 639-1 codes, e.g. zh,en");
    }
    for (String l : languages) {
      if (!l.matches("[a-z]{2}")) {
        throw new IllegalArgumentException(
            "languages: '" + l + "' is not an ISO 639-1 code (two lower-case letters, e.g. zh)");
      }
    }
    unit("min_language_confidence", minLanguageConfidence);
    unit("max_noise_ratio", maxNoiseRatio);
    unit("min_text_ratio", minTextRatio);
    unit("max_digit_ratio", maxDigitRatio);
    unit("max_symbol_ratio", maxSymbolRatio);
    unit("max_dup_line_fraction", maxDupLineFraction);
    unit("max_dup_ngram_fraction", maxDupNgramFraction);
    unit("near_duplicate_jaccard", nearDuplicateJaccard);
    unit("split_validation", splitValidation);
    unit("split_test", splitTest);
    if (splitValidation + splitTest >= 1) {
      throw new IllegalArgumentException(
          "split_validation + split_test = "
              + (splitValidation + splitTest)
              + " leaves nothing for train; e.g. 0.05 and 0.05");
    }
    if (minChars < 1 || maxChars <= minChars) {
      throw new IllegalArgumentException(
          "min_chars "
              + minChars
              + " / max_chars "
              + maxChars
              + ": need 1 <= min_chars < max_chars");
    }
    if (minhashNgram < 2 || minhashNgram > 20) {
      throw new IllegalArgumentException("minhash_ngram " + minhashNgram + " is not within 2..20");
    }
    if (minhashBands < 1 || minhashRows < 1 || minhashBands * minhashRows > 1024) {
      throw new IllegalArgumentException(
          "minhash_bands × minhash_rows = "
              + minhashBands
              + " × "
              + minhashRows
              + ": need positive numbers and at most 1024 hash functions");
    }
    if (shardDocuments < 1) {
      throw new IllegalArgumentException("shard_documents " + shardDocuments + " is not positive");
    }
    if (!O200K_BASE.equals(tokenizer)) {
      throw new IllegalArgumentException(
          "tokenizer '" + tokenizer + "' is not supported; use " + O200K_BASE);
    }
  }

  private static void unit(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " " + value + " is not a fraction within 0..1");
    }
  }

  /** The defaults, as {@code conf/products/training_corpus.yaml} states them. */
  public static CorpusParameters defaults() {
    return fromYaml(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null);
  }

  /** The parameters from the product spec; absent keys take the defaults. */
  @JsonCreator
  public static CorpusParameters fromYaml(
      @JsonProperty("languages") String languages,
      @JsonProperty("min_language_confidence") Double minLanguageConfidence,
      @JsonProperty("min_chars") Integer minChars,
      @JsonProperty("max_chars") Long maxChars,
      @JsonProperty("max_noise_ratio") Double maxNoiseRatio,
      @JsonProperty("min_text_ratio") Double minTextRatio,
      @JsonProperty("max_digit_ratio") Double maxDigitRatio,
      @JsonProperty("max_symbol_ratio") Double maxSymbolRatio,
      @JsonProperty("max_dup_line_fraction") Double maxDupLineFraction,
      @JsonProperty("max_dup_ngram_fraction") Double maxDupNgramFraction,
      @JsonProperty("minhash_ngram") Integer minhashNgram,
      @JsonProperty("minhash_bands") Integer minhashBands,
      @JsonProperty("minhash_rows") Integer minhashRows,
      @JsonProperty("near_duplicate_jaccard") Double nearDuplicateJaccard,
      @JsonProperty("split_validation") Double splitValidation,
      @JsonProperty("split_test") Double splitTest,
      @JsonProperty("shard_documents") Long shardDocuments,
      @JsonProperty("tokenizer") String tokenizer) {
    return new CorpusParameters(
        Arrays.stream((languages == null ? "zh,en" : languages).split(","))
            .map(s -> s.strip().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .toList(),
        or(minLanguageConfidence, 0.03),
        or(minChars, 8),
        or(maxChars, 1_000_000L),
        or(maxNoiseRatio, 0.01),
        or(minTextRatio, 0.5),
        or(maxDigitRatio, 0.5),
        or(maxSymbolRatio, 0.1),
        or(maxDupLineFraction, 0.3),
        or(maxDupNgramFraction, 0.8),
        or(minhashNgram, 5),
        or(minhashBands, 25),
        or(minhashRows, 8),
        or(nearDuplicateJaccard, 0.8),
        or(splitValidation, 0.05),
        or(splitTest, 0.05),
        or(shardDocuments, 10_000L),
        tokenizer == null ? O200K_BASE : tokenizer);
  }

  private static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
