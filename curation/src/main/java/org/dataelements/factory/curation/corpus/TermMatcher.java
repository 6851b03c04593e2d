package org.dataelements.factory.curation.corpus;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Aho–Corasick automaton over UTF-16 chars that counts how often each of a fixed list of terms
 * occurs in a text, overlapping occurrences included ({@code 电力} and {@code 电力消费} both count in
 * {@code 电力消费}; {@code aa} counts twice in {@code aaa}).
 *
 * <p>Matching is case-insensitive for Latin: terms and text are lowercased char by char ({@link
 * Character#toLowerCase(char)}, so offsets never shift). A term that starts with an ASCII letter or
 * digit only matches at a word start (the char before is not an ASCII letter or digit), so {@code
 * crop} does not match in {@code microprocessor}; its end stays open, so a stem such as {@code
 * agricultur} matches {@code agricultural} and {@code agriculture}. Chinese terms match anywhere.
 *
 * <p>Time is linear in the text's length plus the number of matches. Immutable and {@link
 * Serializable}: the automaton is kept in flat arrays (each state's transitions sorted by char,
 * found by binary search).
 */
final class TermMatcher implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int termCount;

  /** Per state: first index of its transitions in {@link #edgeChars}/{@link #edgeTargets}. */
  private final int[] edgeStart;

  /** Per state: number of its transitions. */
  private final int[] edgeCount;

  private final char[] edgeChars;
  private final int[] edgeTargets;

  /** Per state: the state of its longest proper suffix that is a prefix of some term. */
  private final int[] fail;

  /** Per state: the term that ends exactly here, or -1. */
  private final int[] termAt;

  /**
   * Per state: the nearest state down the fail chain (itself excluded) where a term ends, or -1.
   */
  private final int[] nextOutput;

  /** Per term: its length in chars. */
  private final int[] termLength;

  /** Per term: whether it must start at a word start (it begins with an ASCII letter or digit). */
  private final boolean[] wordStart;

  /**
   * Builds the automaton.
   *
   * @param terms the terms, each non-empty; distinct after lowercasing. A term's index in this list
   *     is its index in {@link #count}'s result.
   * @throws IllegalArgumentException when a term is empty or two terms are equal after lowercasing
   */
  TermMatcher(List<String> terms) {
    termCount = terms.size();
    termLength = new int[termCount];
    wordStart = new boolean[termCount];
    List<TreeMap<Character, Integer>> trie = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    trie.add(new TreeMap<>());
    ends.add(-1);
    for (int t = 0; t < termCount; t++) {
      String term = lower(terms.get(t));
      if (term.isEmpty()) {
        throw new IllegalArgumentException("term " + t + " is empty");
      }
      termLength[t] = term.length();
      wordStart[t] = isWordChar(term.charAt(0));
      int state = 0;
      for (int i = 0; i < term.length(); i++) {
        Integer next = trie.get(state).get(term.charAt(i));
        if (next == null) {
          next = trie.size();
          trie.add(new TreeMap<>());
          ends.add(-1);
          trie.get(state).put(term.charAt(i), next);
        }
        state = next;
      }
      if (ends.get(state) != -1) {
        throw new IllegalArgumentException(
            "term '" + terms.get(t) + "' repeats term '" + terms.get(ends.get(state)) + "'");
      }
      ends.set(state, t);
    }
    int states = trie.size();
    edgeStart = new int[states];
    edgeCount = new int[states];
    int edges = 0;
    for (TreeMap<Character, Integer> node : trie) {
      edges += node.size();
    }
    edgeChars = new char[edges];
    edgeTargets = new int[edges];
    int e = 0;
    for (int s = 0; s < states; s++) {
      edgeStart[s] = e;
      edgeCount[s] = trie.get(s).size();
      for (Map.Entry<Character, Integer> edge : trie.get(s).entrySet()) {
        edgeChars[e] = edge.getKey();
        edgeTargets[e] = edge.getValue();
        e++;
      }
    }
    termAt = ends.stream().mapToInt(Integer::intValue).toArray();
    fail = new int[states];
    nextOutput = new int[states];
    Arrays.fill(nextOutput, -1);
    // breadth-first: a state's fail link and output link depend on shallower states only
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int i = edgeStart[0]; i < edgeStart[0] + edgeCount[0]; i++) {
      queue.add(edgeTargets[i]);
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      for (int i = edgeStart[s]; i < edgeStart[s] + edgeCount[s]; i++) {
        int child = edgeTargets[i];
        char c = edgeChars[i];
        int f = fail[s];
        int target;
        while ((target = step(f, c)) < 0 && f != 0) {
          f = fail[f];
        }
        fail[child] = target < 0 ? 0 : target;
        nextOutput[child] = termAt[fail[child]] >= 0 ? fail[child] : nextOutput[fail[child]];
        queue.add(child);
      }
    }
  }

  /** The number of terms. */
  int size() {
    return termCount;
  }

  /**
   * Counts every term's occurrences in {@code text}.
   *
   * @param text the text; null counts nothing
   * @return per term (by index), its number of occurrences
   */
  int[] count(String text) {
    int[] counts = new int[termCount];
    if (text == null || termCount == 0) {
      return counts;
    }
    int state = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = Character.toLowerCase(text.charAt(i));
      int next;
      while ((next = step(state, c)) < 0 && state != 0) {
        state = fail[state];
      }
      state = next < 0 ? 0 : next;
      for (int s = termAt[state] >= 0 ? state : nextOutput[state]; s >= 0; s = nextOutput[s]) {
        int term = termAt[s];
        int start = i + 1 - termLength[term];
        if (!wordStart[term] || start == 0 || !isWordChar(text.charAt(start - 1))) {
          counts[term]++;
        }
      }
    }
    return counts;
  }

  private int step(int state, char c) {
    int lo = edgeStart[state];
    int hi = lo + edgeCount[state] - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      char m = edgeChars[mid];
      if (m < c) {
        lo = mid + 1;
      } else if (m > c) {
        hi = mid - 1;
      } else {
        return edgeTargets[mid];
      }
    }
    return -1;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Lowercases char by char, as {@link #count} does with the text. */
  static String lower(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i] = Character.toLowerCase(chars[i]);
    }
    return new String(chars);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "TermMatcher[%d terms, %d states]", termCount, fail.length);
  }
}
