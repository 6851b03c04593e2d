package org.dataelements.factory.orchestration.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dataelements.factory.curation.corpus.MinHash;

/**
 * Every pair of sets with exact Jaccard similarity at or above a threshold, without sampling: the
 * AllPairs algorithm's prefix filter (Bayardo et al., WWW 2007). Tokens are ordered by rising
 * global frequency; a set of size n can only reach similarity t with another if they share one of
 * its first {@code n − ⌈t·n⌉ + 1} tokens in that order; candidates sharing a prefix token are
 * verified exactly ({@link MinHash#jaccard(long[], long[])}, on the ranks). The ground truth the
 * near-duplicate benchmark measures MinHash LSH against.
 */
final class ExactJaccardPairs {
  private ExactJaccardPairs() {}

  /** A pair of set indexes, {@code a < b}, with its similarity. */
  record Pair(int a, int b, double jaccard) {}

  static List<Pair> of(List<long[]> sets, double threshold) {
    Map<Long, Integer> frequency = new HashMap<>();
    for (long[] s : sets) {
      for (long t : s) {
        frequency.merge(t, 1, Integer::sum);
      }
    }
    // each token's rank in rising frequency: a set becomes its sorted ranks, rarest first
    List<Map.Entry<Long, Integer>> tokens = new ArrayList<>(frequency.entrySet());
    tokens.sort(
        (x, y) -> {
          int c = Integer.compare(x.getValue(), y.getValue());
          return c != 0 ? c : Long.compare(x.getKey(), y.getKey());
        });
    Map<Long, Integer> rank = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < tokens.size(); i++) {
      rank.put(tokens.get(i).getKey(), i);
    }
    List<long[]> ranked = new ArrayList<>(sets.size());
    for (long[] s : sets) {
      long[] r = new long[s.length];
      for (int i = 0; i < s.length; i++) {
        r[i] = rank.get(s[i]);
      }
      Arrays.sort(r);
      ranked.add(r);
    }
    Map<Long, List<Integer>> index = new HashMap<>();
    List<Pair> out = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      long[] s = ranked.get(i);
      if (s.length == 0) {
        continue;
      }
      int prefix = s.length - (int) Math.ceil(threshold * s.length) + 1;
      Set<Integer> candidates = new HashSet<>();
      for (int p = 0; p < prefix && p < s.length; p++) {
        List<Integer> seen = index.computeIfAbsent(s[p], k -> new ArrayList<>());
        candidates.addAll(seen);
        seen.add(i);
      }
      for (int j : candidates) {
        long[] other = ranked.get(j);
        // sizes too far apart cannot reach the threshold
        int small = Math.min(s.length, other.length);
        int large = Math.max(s.length, other.length);
        if (small < threshold * large) {
          continue;
        }
        double jac = MinHash.jaccard(other, s);
        if (jac >= threshold) {
          out.add(new Pair(j, i, jac));
        }
      }
    }
    return out;
  }
}
