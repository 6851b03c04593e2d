package org.dataelements.factory.curation.corpus;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labels a document (title and text, Chinese or English) with one of the corpus's {@link #DOMAINS}
 * by a weighted lexicon ({@code conf/reference/corpus_domains.csv}).
 *
 * <p>Method: every term of the lexicon is found in one pass over the title and one over the text
 * with an Aho–Corasick automaton ({@link TermMatcher}: overlapping occurrences all count, Latin
 * lowercased, a term starting with a Latin letter or digit only at a word start). A domain's score
 * is {@code Σ weight × (1 + ln count)} over its terms found in the text, plus {@link #TITLE_FACTOR}
 * times the same sum over the title. The label is the domain of the highest score, ties going to
 * the domain earlier in {@link #DOMAINS}; when that score is below the labeller's minimum score
 * ({@link #DEFAULT_MIN_SCORE} unless given) the label is {@code other}. Scores are not normalized
 * by document length.
 *
 * <p>Confidence: for a domain, its share of the summed scores of all domains ({@code best / Σ
 * scores}, in (0, 1]); for {@code other}, {@code 1 − best / minScore} bounded to [0, 1] (1 when no
 * term matched, near 0 when a domain almost reached the minimum). Both are rounded to 3 decimals.
 *
 * <p>Immutable and {@link Serializable} (it is used in Spark UDFs); {@link #label} is thread-safe
 * and linear in the length of title and text.
 */
public final class DomainLabeler implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The domain codes, in tie-break order; {@code other} is last and has no terms. */
  public static final List<String> DOMAINS =
      List.of(
          "industry",
          "agriculture",
          "commerce",
          "transport",
          "finance",
          "science",
          "culture_tourism",
          "health",
          "emergency",
          "meteorology",
          "urban_governance",
          "green_low_carbon",
          "energy",
          "law_policy",
          "literature",
          "other");

  /** The label of a document no domain scores at least the minimum for. */
  public static final String OTHER = "other";

  /** The minimum score of a domain to be labelled with it, unless {@link #of(List, double)}. */
  public static final double DEFAULT_MIN_SCORE = 2.0;

  /** How much more a term found in the title counts than one found in the text. */
  public static final double TITLE_FACTOR = 3.0;

  /** The header a lexicon file must start with. */
  public static final String CSV_HEADER = "domain,term,weight";

  private static final int LABELLED = DOMAINS.size() - 1;

  private final TermMatcher matcher;

  /** Per distinct (lowercased) term: the domains (indices into DOMAINS) it scores for. */
  private final int[][] termDomains;

  /** Per distinct term: its weight for each domain of {@link #termDomains}. */
  private final double[][] termWeights;

  private final double minScore;

  /**
   * A weighted term of the lexicon.
   *
   * @param domain the domain it scores for: one of {@link #DOMAINS} except {@code other}
   * @param term the term, non-blank; matched as written (Latin letters case-insensitively)
   * @param weight how much one occurrence scores, &gt; 0 (higher for unambiguous terms)
   */
  public record Term(String domain, String term, double weight) implements Serializable {
    /** Validates. */
    public Term {
      if (domain == null || !DOMAINS.contains(domain) || OTHER.equals(domain)) {
        throw new IllegalArgumentException(
            "domain '"
                + domain
                + "' is not a labelling domain (one of "
                + DOMAINS.subList(0, LABELLED)
                + ")");
      }
      if (term == null || term.isBlank()) {
        throw new IllegalArgumentException(
            "term '" + term + "' of domain '" + domain + "' is blank");
      }
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException(
            "weight " + weight + " of term '" + term + "' is not a finite number > 0");
      }
    }
  }

  /**
   * A document's label.
   *
   * @param domain one of {@link #DOMAINS}
   * @param confidence in [0, 1], 3 decimals: the domain's share of all scores, or for {@code other}
   *     {@code 1 − best / minScore} (see the class comment)
   * @param scores every domain with a score &gt; 0, in {@link #DOMAINS} order, rounded to 3
   *     decimals; unmodifiable
   */
  public record Label(String domain, double confidence, Map<String, Double> scores)
      implements Serializable {
    /** Validates and copies {@code scores} (keeping its order). */
    public Label {
      if (domain == null || !DOMAINS.contains(domain)) {
        throw new IllegalArgumentException("domain '" + domain + "' is not one of " + DOMAINS);
      }
      if (!(confidence >= 0 && confidence <= 1)) {
        throw new IllegalArgumentException("confidence " + confidence + " is not in [0, 1]");
      }
      scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }
  }

  private DomainLabeler(
      TermMatcher matcher, int[][] termDomains, double[][] termWeights, double minScore) {
    this.matcher = matcher;
    this.termDomains = termDomains;
    this.termWeights = termWeights;
    this.minScore = minScore;
  }

  /**
   * A labeller of the given terms and {@link #DEFAULT_MIN_SCORE}.
   *
   * @throws IllegalArgumentException when a domain lists a term twice (compared lowercased)
   */
  public static DomainLabeler of(List<Term> terms) {
    return of(terms, DEFAULT_MIN_SCORE);
  }

  /**
   * A labeller of the given terms; a document whose best score is below {@code minScore} is {@code
   * other}.
   *
   * @throws IllegalArgumentException when a domain lists a term twice (compared lowercased) or
   *     {@code minScore} is not a finite number &gt; 0
   */
  public static DomainLabeler of(List<Term> terms, double minScore) {
    if (!(minScore > 0) || Double.isInfinite(minScore)) {
      throw new IllegalArgumentException("minScore " + minScore + " is not a finite number > 0");
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    List<List<Term>> byTerm = new ArrayList<>();
    for (Term term : terms) {
      String key = TermMatcher.lower(term.term());
      Integer i = index.get(key);
      if (i == null) {
        i = byTerm.size();
        index.put(key, i);
        byTerm.add(new ArrayList<>());
      }
      for (Term seen : byTerm.get(i)) {
        if (seen.domain().equals(term.domain())) {
          throw new IllegalArgumentException(
              "term '" + term.term() + "' is listed twice for domain '" + term.domain() + "'");
        }
      }
      byTerm.get(i).add(term);
    }
    int[][] domains = new int[byTerm.size()][];
    double[][] weights = new double[byTerm.size()][];
    for (int i = 0; i < byTerm.size(); i++) {
      List<Term> same = byTerm.get(i);
      domains[i] = new int[same.size()];
      weights[i] = new double[same.size()];
      for (int j = 0; j < same.size(); j++) {
        domains[i][j] = DOMAINS.indexOf(same.get(j).domain());
        weights[i][j] = same.get(j).weight();
      }
    }
    return new DomainLabeler(
        new TermMatcher(new ArrayList<>(index.keySet())), domains, weights, minScore);
  }

  /**
   * Reads a lexicon file: UTF-8, the header {@value #CSV_HEADER}, then one term a line as {@code
   * domain,term,weight} (no quoting, so no commas in terms); blank lines are skipped.
   *
   * @throws IllegalArgumentException naming the file, the line number, the field and its value when
   *     the header or a line is not valid, or a domain lists a term twice
   * @throws UncheckedIOException when the file cannot be read
   */
  public static DomainLabeler readCsv(Path path) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lexicon " + path, e);
    }
    String header = lines.isEmpty() ? "" : lines.get(0).replace("\uFEFF", "").strip();
    if (!CSV_HEADER.equals(header)) {
      throw new IllegalArgumentException(
          path + ":1: header is '" + header + "', expected '" + CSV_HEADER + "'");
    }
    List<Term> terms = new ArrayList<>();
    Map<String, Integer> firstLine = new HashMap<>();
    for (int n = 2; n <= lines.size(); n++) {
      String line = lines.get(n - 1);
      if (line.isBlank()) {
        continue;
      }
      String at = path + ":" + n + ": ";
      String[] fields = line.split(",", -1);
      if (fields.length != 3) {
        throw new IllegalArgumentException(
            at
                + "expected 3 fields ("
                + CSV_HEADER
                + "), got "
                + fields.length
                + " in '"
                + line
                + "'");
      }
      double weight;
      try {
        weight = Double.parseDouble(fields[2].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            at + "field weight: '" + fields[2].strip() + "' is not a number", e);
      }
      Term term;
      try {
        term = new Term(fields[0].strip(), fields[1].strip(), weight);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + "field " + e.getMessage(), e);
      }
      String key = term.domain() + "," + TermMatcher.lower(term.term());
      Integer seen = firstLine.putIfAbsent(key, n);
      if (seen != null) {
        throw new IllegalArgumentException(
            at
                + "field term: '"
                + term.term()
                + "' of domain '"
                + term.domain()
                + "' repeats line "
                + seen);
      }
      terms.add(term);
    }
    return of(terms);
  }

  /** The minimum score of a domain to be labelled with it. */
  public double minScore() {
    return minScore;
  }

  /**
   * Labels a document.
   *
   * @param title the title, or null; its terms count {@link #TITLE_FACTOR} times
   * @param text the text, or null
   * @return its label; {@code other} with confidence 1 when both are null or empty
   */
  public Label label(String title, String text) {
    double[] scores = new double[LABELLED];
    add(scores, matcher.count(text), 1.0);
    add(scores, matcher.count(title), TITLE_FACTOR);
    int best = 0;
    double sum = 0;
    for (int d = 0; d < LABELLED; d++) {
      sum += scores[d];
      if (scores[d] > scores[best]) {
        best = d;
      }
    }
    Map<String, Double> byDomain = new LinkedHashMap<>();
    for (int d = 0; d < LABELLED; d++) {
      if (scores[d] > 0) {
        byDomain.put(DOMAINS.get(d), round(scores[d]));
      }
    }
    if (scores[best] < minScore) {
      return new Label(OTHER, round(Math.max(0, 1 - scores[best] / minScore)), byDomain);
    }
    return new Label(DOMAINS.get(best), round(Math.min(1, scores[best] / sum)), byDomain);
  }

  private void add(double[] scores, int[] counts, double factor) {
    for (int t = 0; t < counts.length; t++) {
      if (counts[t] > 0) {
        double occurrences = 1 + Math.log(counts[t]);
        for (int j = 0; j < termDomains[t].length; j++) {
          scores[termDomains[t][j]] += factor * termWeights[t][j] * occurrences;
        }
      }
    }
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  @Override
  public String toString() {
    return "DomainLabeler[" + matcher + ", minScore " + minScore + "]";
  }
}
