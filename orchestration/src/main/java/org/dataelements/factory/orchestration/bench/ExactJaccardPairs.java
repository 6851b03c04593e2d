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
 * verified exactly ({@link MinHash#jaccard(long[], long[])}). The ground truth the near-duplicate
 * benchmark measures MinHash LSH against.
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
    Map<Long, List<Integer>> index = new HashMap<>();
    List<Pair> out = new ArrayList<>();
    for (int i = 0; i < sets.size(); i++) {
      long[] s = sets.get(i);
      if (s.length == 0) {
        continue;
      }
      Long[] ordered = Arrays.stream(s).boxed().toArray(Long[]::new);
      Arrays.sort(
          ordered,
          (x, y) -> {
            int c = Integer.compare(frequency.get(x), frequency.get(y));
            return c != 0 ? c : Long.compare(x, y);
          });
      int prefix = s.length - (int) Math.ceil(threshold * s.length) + 1;
      Set<Integer> candidates = new HashSet<>();
      for (int p = 0; p < prefix && p < ordered.length; p++) {
        List<Integer> seen = index.computeIfAbsent(ordered[p], k -> new ArrayList<>());
        candidates.addAll(seen);
        seen.add(i);
      }
      for (int j : candidates) {
        long[] other = sets.get(j);
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
