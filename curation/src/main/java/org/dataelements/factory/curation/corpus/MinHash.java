package org.dataelements.factory.curation.corpus;

import java.util.Arrays;

/**
 * MinHash over character n-gram shingles, with LSH banding, for near-duplicate detection. Texts are
 * compared on their {@link #key} — letters and digits only, lower case — so punctuation, spacing
 * and line breaks do not matter; callers pass the simplified-script text so that a poem in
 * traditional and in simplified script has the same key.
 *
 * <p>Shingles are 64-bit hashes of each run of {@code n} key characters. The {@code bands × rows}
 * hash functions are {@code mix(shingle ^ seed_i)} with a fixed 64-bit finalizer and fixed seeds,
 * so signatures are the same on every machine and every run. Two texts of Jaccard similarity {@code
 * s} share at least one band with probability {@code 1 − (1 − s^rows)^bands}.
 */
public final class MinHash {
  private MinHash() {}

  /** The text compared: letters and digits only, lower case. */
  public static String key(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints()
        .filter(Character::isLetterOrDigit)
        .map(Character::toLowerCase)
        .forEach(b::appendCodePoint);
    return b.toString();
  }

  /** The distinct shingle hashes of a key, sorted; one shingle for a key shorter than n. */
  public static long[] shingles(String key, int n) {
    int[] cps = key.codePoints().toArray();
    if (cps.length == 0) {
      return new long[0];
    }
    int count = Math.max(1, cps.length - n + 1);
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      long h = 0x9E3779B97F4A7C15L;
      for (int j = i; j < Math.min(cps.length, i + n); j++) {
        h = mix(h ^ cps[j]);
      }
      out[i] = h;
    }
    Arrays.sort(out);
    int distinct = 0;
    for (int i = 0; i < out.length; i++) {
      if (i == 0 || out[i] != out[i - 1]) {
        out[distinct++] = out[i];
      }
    }
    return Arrays.copyOf(out, distinct);
  }

  /** The exact Jaccard similarity of two sorted distinct shingle sets. */
  public static double jaccard(long[] a, long[] b) {
    if (a.length == 0 && b.length == 0) {
      return 1.0;
    }
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return (double) common / (a.length + b.length - common);
  }

  /** The exact Jaccard similarity of two texts' keys' n-gram shingles. */
  public static double jaccard(String keyA, String keyB, int n) {
    return jaccard(shingles(keyA, n), shingles(keyB, n));
  }

  /**
   * The band hashes of a shingle set: {@code bands} values, each combining {@code rows} minimum
   * hashes; two sets collide in band i when their i-th values are equal. Empty for an empty set.
   */
  public static long[] bands(long[] shingles, int bands, int rows) {
    if (shingles.length == 0) {
      return new long[0];
    }
    int k = bands * rows;
    long[] min = new long[k];
    Arrays.fill(min, Long.MAX_VALUE);
    for (long s : shingles) {
      for (int f = 0; f < k; f++) {
        long h = mix(s ^ SEEDS[f]);
        if (h < min[f]) {
          min[f] = h;
        }
      }
    }
    long[] out = new long[bands];
    for (int b = 0; b < bands; b++) {
      long h = b + 1;
      for (int r = 0; r < rows; r++) {
        h = mix(h * 31 + min[b * rows + r]);
      }
      out[b] = h;
    }
    return out;
  }

  /** The probability that two texts of Jaccard similarity s share a band. */
  public static double candidateProbability(double s, int bands, int rows) {
    return 1 - Math.pow(1 - Math.pow(s, rows), bands);
  }

  /** Stafford's variant 13 of the MurmurHash3 64-bit finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static final long[] SEEDS = new long[1024];

  static {
    long s = 0x2545F4914F6CDD1DL;
    for (int i = 0; i < SEEDS.length; i++) {
      s += 0x9E3779B97F4A7C15L;
      SEEDS[i] = mix(s);
    }
  }
}
