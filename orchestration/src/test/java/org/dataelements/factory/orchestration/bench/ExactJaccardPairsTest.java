package org.dataelements.factory.orchestration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.dataelements.factory.curation.corpus.MinHash;
import org.junit.jupiter.api.Test;

class ExactJaccardPairsTest {
  /** The prefix filter finds exactly the pairs a brute-force comparison of all pairs finds. */
  @Test
  void findsEveryPairAboveTheThresholdAndNothingElse() {
    Random r = new Random(7);
    List<long[]> sets = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      if (i > 0 && r.nextInt(3) == 0) {
        // a near copy of an earlier set: drop or replace a few tokens
        long[] base = sets.get(r.nextInt(sets.size()));
        Set<Long> copy = new TreeSet<>();
        for (long t : base) {
          if (r.nextInt(20) != 0) {
            copy.add(t);
          }
        }
        for (int k = r.nextInt(4); k > 0; k--) {
          copy.add((long) r.nextInt(2000));
        }
        sets.add(copy.stream().mapToLong(Long::longValue).sorted().toArray());
      } else {
        Set<Long> s = new TreeSet<>();
        for (int k = 5 + r.nextInt(60); k > 0; k--) {
          s.add((long) r.nextInt(2000));
        }
        sets.add(s.stream().mapToLong(Long::longValue).toArray());
      }
    }
    Set<String> brute = new TreeSet<>();
    for (int i = 0; i < sets.size(); i++) {
      for (int j = i + 1; j < sets.size(); j++) {
        if (MinHash.jaccard(sets.get(i), sets.get(j)) >= 0.8) {
          brute.add(i + "-" + j);
        }
      }
    }
    Set<String> found = new TreeSet<>();
    for (ExactJaccardPairs.Pair p : ExactJaccardPairs.of(sets, 0.8)) {
      assertTrue(found.add(p.a() + "-" + p.b()), "twice: " + p);
    }
    assertTrue(brute.size() > 20, "the fixture has near copies: " + brute.size());
    assertEquals(brute, found);
  }
}
