package org.dataelements.factory.products.release;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dataset card ({@code DATASET_CARD.md}) of a release of a product with a {@code stats} table
 * (the training corpus): the Hugging Face dataset-card layout — a YAML header with licences,
 * languages, size category, task and data files, then composition, splits, curation (filter and
 * dedup rates with the rules' parameters), personal information, licensing and known limitations.
 * Every figure comes from the release's own {@code stats} rows; the same rows and spec give the
 * same bytes (sorted keys, fixed number formats, no clock but the release's own time).
 */
public final class DatasetCard {
  /** The file name beside {@code manifest.json}. */
  public static final String FILE = "DATASET_CARD.md";

  /** The table a product needs to get a card. */
  public static final String STATS_TABLE = "stats";

  /** One row of a {@code stats} table. */
  public record Stat(
      String dimension,
      String key,
      long documents,
      Optional<Long> chars,
      Optional<Long> tokens,
      Optional<Long> items) {}

  /** What the card says about the release besides the figures. */
  public record Release(
      String product,
      String version,
      Instant createdAt,
      String runId,
      String description,
      String licence,
      Map<String, Object> parameters) {}

  /** The spec parameter(s) behind each exclusion rule of the ledger. */
  static final Map<String, String> RULE_PARAMETERS = new LinkedHashMap<>();

  static {
    RULE_PARAMETERS.put("bronze_quarantine", "the landing's own checks (a file with no text, …)");
    RULE_PARAMETERS.put("empty", "no text left after normalization");
    RULE_PARAMETERS.put("too_long", "max_chars");
    RULE_PARAMETERS.put("encoding_noise", "max_noise_ratio");
    RULE_PARAMETERS.put("too_short", "min_chars");
    RULE_PARAMETERS.put("low_text_ratio", "min_text_ratio");
    RULE_PARAMETERS.put("digit_ratio", "max_digit_ratio");
    RULE_PARAMETERS.put("symbol_ratio", "max_symbol_ratio");
    RULE_PARAMETERS.put("duplicate_lines", "max_dup_line_fraction");
    RULE_PARAMETERS.put("duplicate_ngrams", "max_dup_ngram_fraction");
    RULE_PARAMETERS.put("language", "languages");
    RULE_PARAMETERS.put("language_confidence", "min_language_confidence");
    RULE_PARAMETERS.put("exact_duplicate", "same normalized text (doc_id = its SHA-256)");
    RULE_PARAMETERS.put(
        "near_duplicate", "near_duplicate_jaccard, minhash_ngram, minhash_bands, minhash_rows");
  }

  private static final List<String> COMPOSITION =
      List.of("language", "script", "domain", "source", "collection", "licence");

  private DatasetCard() {}

  /** The card's bytes (UTF-8, LF line ends). */
  public static byte[] render(Release release, List<Stat> stats) {
    Map<String, Map<String, Stat>> by = new TreeMap<>();
    for (Stat s : stats) {
      by.computeIfAbsent(s.dimension(), d -> new TreeMap<>()).put(s.key(), s);
    }
    Stat kept = get(by, "total", "kept").orElse(new Stat("total", "kept", 0, o(0), o(0), e()));
    Stat landed = get(by, "total", "landed").orElse(kept);
    StringBuilder md = new StringBuilder();
    header(md, release, by, kept);
    String title = release.product() + " " + release.version();
    md.append("# ").append(title).append("\n\n");
    md.append(oneLine(release.description())).append("\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| version | ").append(release.version()).append(" |\n");
    md.append("| released | ").append(release.createdAt()).append(" |\n");
    md.append("| build run | `").append(release.runId()).append("` |\n");
    md.append("| documents | ")
        .append(n(kept.documents()))
        .append(" of ")
        .append(n(landed.documents()))
        .append(" landed (")
        .append(pct(kept.documents(), landed.documents()))
        .append(" kept) |\n");
    md.append("| characters | ").append(n(kept.chars().orElse(0L))).append(" |\n");
    md.append("| tokens (")
        .append(param(release, "tokenizer", "o200k_base"))
        .append(") | ")
        .append(n(kept.tokens().orElse(0L)))
        .append(" |\n\n");
    md.append("Each row of `documents` is one document: `doc_id` (SHA-256 of the normalized text,")
        .append(" stable across releases), `text` (normalized, personal data replaced by typed")
        .append(" placeholders), `title`, `source`, `collection`, `source_file`, `licence`,")
        .append(" `language`, `script`, `domain`, `domain_confidence`, `chars`, `tokens`,")
        .append(" `cluster_id`, `pii`, `split`, `shard`.\n\n");

    md.append("## Composition\n\n");
    for (String dim : COMPOSITION) {
      Map<String, Stat> rows = by.getOrDefault(dim, Map.of());
      if (rows.isEmpty()) {
        continue;
      }
      md.append("### By ").append(dim).append("\n\n");
      shares(md, dim, rows, kept);
    }

    md.append("## Splits\n\n");
    md.append(
            "Deterministic by `doc_id`: its first 32 bits as a fraction below `split_validation` (")
        .append(param(release, "split_validation", "0.05"))
        .append(") is validation, below that")
        .append(" plus `split_test` (")
        .append(param(release, "split_test", "0.05"))
        .append(") test, else train; a document keeps its split in every release. Shards of ")
        .append(param(release, "shard_documents", "10000"))
        .append(" documents per split, in `doc_id` order (`factory pull … --split S` writes one")
        .append(" part file per shard).\n\n");
    shares(md, "split", by.getOrDefault("split", Map.of()), kept);

    md.append("## Curation\n\n");
    md.append("Every landed document is kept or excluded by the first rule it fails, in this")
        .append(" order; the ledger `silver.corpus__exclusions` names each excluded document with")
        .append(" the rule, its parameter and the value measured. Rates are of the ")
        .append(n(landed.documents()))
        .append(" documents landed.\n\n");
    md.append("| rule | parameter (spec value) | documents excluded | rate | characters |\n");
    md.append("|---|---|---:|---:|---:|\n");
    Map<String, Stat> filter = by.getOrDefault("filter", Map.of());
    Map<String, Stat> dedup = by.getOrDefault("dedup", Map.of());
    for (Map.Entry<String, String> rule : RULE_PARAMETERS.entrySet()) {
      Stat s = filter.getOrDefault(rule.getKey(), dedup.get(rule.getKey()));
      long docs = s == null ? 0 : s.documents();
      md.append("| `")
          .append(rule.getKey())
          .append("` | ")
          .append(parameterCell(release, rule.getValue()))
          .append(" | ")
          .append(n(docs))
          .append(" | ")
          .append(pct(docs, landed.documents()))
          .append(" | ")
          .append(n(s == null ? 0 : s.chars().orElse(0L)))
          .append(" |\n");
    }
    for (Stat s : filter.values()) {
      if (!RULE_PARAMETERS.containsKey(s.key())) {
        md.append("| `")
            .append(s.key())
            .append("` | | ")
            .append(n(s.documents()))
            .append(" | ")
            .append(pct(s.documents(), landed.documents()))
            .append(" | ")
            .append(n(s.chars().orElse(0L)))
            .append(" |\n");
      }
    }
    md.append("\n");
    long clusters = dedup.containsKey("clusters") ? dedup.get("clusters").documents() : 0;
    md.append("Near duplicates: MinHash over character ")
        .append(param(release, "minhash_ngram", "5"))
        .append("-grams of the simplified-script")
        .append(" text (letters and digits), ")
        .append(param(release, "minhash_bands", "25"))
        .append(" bands × ")
        .append(param(release, "minhash_rows", "8"))
        .append(" rows, candidates verified by exact Jaccard ≥ ")
        .append(param(release, "near_duplicate_jaccard", "0.8"))
        .append("; in order of most characters (then source file and id) a document is kept")
        .append(" unless it reaches the threshold with one already kept, whose cluster it joins;")
        .append(" `cluster_id` is the kept document's `doc_id`. ")
        .append(n(clusters))
        .append(" kept documents represent a cluster of two or more.\n\n");

    md.append("## Personal information\n\n");
    Map<String, Stat> pii = by.getOrDefault("pii", Map.of());
    if (pii.isEmpty()) {
      md.append("No personal data was found by the redaction rules.\n\n");
    } else {
      md.append("Replaced in `text` by typed placeholders; `pii` counts them per document.\n\n");
      md.append("| type | placeholder | documents | placeholders |\n|---|---|---:|---:|\n");
      for (Stat s : pii.values()) {
        md.append("| ")
            .append(cell(s.key()))
            .append(" | `<")
            .append(cell(s.key()))
            .append(">` | ")
            .append(n(s.documents()))
            .append(" | ")
            .append(n(s.items().orElse(0L)))
            .append(" |\n");
      }
      md.append("\n");
    }

    md.append("## Licensing\n\n");
    md.append(oneLine(release.licence()))
        .append(" Each document carries its source's licence")
        .append(" in `licence`:\n\n");
    md.append("| licence | SPDX | documents |\n|---|---|---:|\n");
    for (Stat s : sortedByDocuments(by.getOrDefault("licence", Map.of()))) {
      md.append("| ")
          .append(cell(s.key()))
          .append(" | ")
          .append(spdx(s.key()))
          .append(" | ")
          .append(n(s.documents()))
          .append(" |\n");
    }
    md.append("\n");

    md.append("## Known limitations\n\n");
    for (String l : limitations(by, kept)) {
      md.append("- ").append(l).append("\n");
    }
    return md.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A table of one dimension's keys: documents, share of the kept, characters, tokens. */
  private static void shares(StringBuilder md, String dim, Map<String, Stat> rows, Stat kept) {
    md.append("| ").append(dim).append(" | documents | share | characters | tokens |\n");
    md.append("|---|---:|---:|---:|---:|\n");
    for (Stat s : sortedByDocuments(rows)) {
      md.append("| ")
          .append(cell(s.key()))
          .append(" | ")
          .append(n(s.documents()))
          .append(" | ")
          .append(pct(s.documents(), kept.documents()))
          .append(" | ")
          .append(n(s.chars().orElse(0L)))
          .append(" | ")
          .append(n(s.tokens().orElse(0L)))
          .append(" |\n");
    }
    md.append("\n");
  }

  private static void header(
      StringBuilder md, Release release, Map<String, Map<String, Stat>> by, Stat kept) {
    md.append("---\n");
    md.append("pretty_name: ")
        .append(yaml(release.product() + " " + release.version()))
        .append("\n");
    TreeSet<String> ids = new TreeSet<>();
    for (String licence : by.getOrDefault("licence", Map.of()).keySet()) {
      ids.add(spdx(licence));
    }
    md.append("license:\n");
    for (String id : ids.isEmpty() ? List.of("other") : ids) {
      md.append("  - ").append(id).append("\n");
    }
    if (ids.contains("other") || ids.isEmpty()) {
      md.append("license_name: per-document\n");
      md.append("license_details: ")
          .append(yaml("each document's licence is in its licence column; see Licensing"))
          .append("\n");
    }
    md.append("language:\n");
    for (String lang : by.getOrDefault("language", Map.of()).keySet()) {
      md.append("  - ").append(yaml(lang)).append("\n");
    }
    md.append("size_categories:\n  - ").append(sizeCategory(kept.documents())).append("\n");
    md.append("task_categories:\n  - text-generation\n");
    md.append("configs:\n  - config_name: default\n    data_files: \"documents/*\"\n");
    md.append("---\n\n");
  }

  /** Hugging Face's size buckets. */
  static String sizeCategory(long n) {
    String[] names = {"n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M"};
    long bound = 1000;
    for (String name : names) {
      if (n < bound) {
        return name;
      }
      bound *= 10;
    }
    return "100M<n<1B";
  }

  /** The SPDX id a licence text names, lower case as the Hub writes them; {@code other} else. */
  static String spdx(String licence) {
    String l = licence.toLowerCase(Locale.ROOT);
    if (l.contains("cc0") || l.contains("publicdomain/zero")) {
      return "cc0-1.0";
    }
    if (l.contains("by-nc-nd/4.0") || l.contains("cc by-nc-nd 4.0")) {
      return "cc-by-nc-nd-4.0";
    }
    if (l.contains("by-nc-sa/4.0") || l.contains("cc by-nc-sa 4.0")) {
      return "cc-by-nc-sa-4.0";
    }
    if (l.contains("by-sa/4.0") || l.contains("cc by-sa 4.0")) {
      return "cc-by-sa-4.0";
    }
    if (l.contains("licenses/by/4.0") || l.contains("cc by 4.0")) {
      return "cc-by-4.0";
    }
    if (l.contains("gpl-3.0") || l.contains("gplv3")) {
      return "gpl-3.0";
    }
    if (l.startsWith("mit") || l.contains("mit license") || l.contains("(mit)")) {
      return "mit";
    }
    return "other";
  }

  private static List<String> limitations(Map<String, Map<String, Stat>> by, Stat kept) {
    List<String> out = new ArrayList<>();
    Stat other = by.getOrDefault("domain", Map.of()).get("other");
    if (other != null) {
      out.add(
          pct(other.documents(), kept.documents())
              + " of the documents are labelled `other`: domain labels come from a weighted"
              + " lexicon (conf/reference/corpus_domains.csv), not a trained model; short texts"
              + " (a quatrain, a one-line title) often match no term.");
    }
    for (Stat s : by.getOrDefault("language", Map.of()).values()) {
      if (s.documents() * 20 < kept.documents()) {
        out.add(
            "Language `"
                + s.key()
                + "` has only "
                + n(s.documents())
                + " documents ("
                + pct(s.documents(), kept.documents())
                + "): too few to train or evaluate on that language alone.");
      }
    }
    Map<String, Stat> sources = by.getOrDefault("source", Map.of());
    for (Stat s : sources.values()) {
      if (kept.chars().orElse(0L) > 0 && s.chars().orElse(0L) * 2 > kept.chars().orElse(0L)) {
        out.add(
            "Source `"
                + s.key()
                + "` holds "
                + pct(s.chars().orElse(0L), kept.chars().orElse(0L))
                + " of the characters: the corpus leans on it.");
      }
    }
    out.add(
        "Language is detected by Lingua on the first 2,000 characters; a document mixing"
            + " languages gets the language of its beginning.");
    out.add(
        "Personal data is found by rules that favour precision: resident ID numbers only with"
            + " a valid check digit and date, bank cards only with a valid Luhn digit, Chinese"
            + " mobile and landline formats, e-mail addresses. Names and street addresses are"
            + " not detected.");
    out.add(
        "Near duplicates are judged on the simplified-script text with MinHash candidates: a"
            + " pair of documents at the threshold is found with probability about 0.99, so a"
            + " few near duplicates stay.");
    return out;
  }

  private static List<Stat> sortedByDocuments(Map<String, Stat> rows) {
    List<Stat> s = new ArrayList<>(rows.values());
    s.sort(Comparator.comparingLong(Stat::documents).reversed().thenComparing(Stat::key));
    return s;
  }

  private static Optional<Stat> get(Map<String, Map<String, Stat>> by, String dim, String key) {
    return Optional.ofNullable(by.getOrDefault(dim, Map.of()).get(key));
  }

  private static String parameterCell(Release release, String names) {
    StringBuilder b = new StringBuilder();
    for (String name : names.split(", ")) {
      if (b.length() > 0) {
        b.append(", ");
      }
      Object v = release.parameters().get(name);
      b.append(v == null ? cell(name) : "`" + name + "` = " + cell(v.toString()));
    }
    return b.toString();
  }

  private static String param(Release release, String name, String fallback) {
    Object v = release.parameters().get(name);
    return v == null ? fallback : v.toString();
  }

  private static String n(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  private static String pct(long part, long whole) {
    return whole == 0 ? "0.0 %" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
  }

  private static String cell(String s) {
    return oneLine(s).replace("|", "\\|");
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }

  private static String yaml(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Optional<Long> o(long v) {
    return Optional.of(v);
  }

  private static Optional<Long> e() {
    return Optional.empty();
  }
}
