package org.dataelements.factory.lineage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The dataset names closest to one a user typed: names containing it (or contained in it) first,
 * then by edit distance to the name, to the name without {@code lake.}, or to its last part (table
 * or file name), then by the longest common prefix.
 */
final class NearbyNames {
  private NearbyNames() {}

  private record Scored(String name, boolean contains, int distance, int prefix) {}

  static List<String> of(String typed, Collection<String> names, int limit) {
    String q = normalize(typed);
    if (q.isEmpty()) {
      return List.of();
    }
    int maxDistance = Math.max(2, q.length() / 3);
    List<Scored> scored = new ArrayList<>();
    for (String name : names) {
      boolean contains = false;
      int distance = Integer.MAX_VALUE;
      int prefix = 0;
      for (String form : forms(name.toLowerCase(Locale.ROOT))) {
        if (form.length() >= 3 && (form.contains(q) || q.contains(form))) {
          contains = true;
        }
        distance = Math.min(distance, levenshtein(q, form));
        prefix = Math.max(prefix, commonPrefix(q, form));
      }
      if (contains || distance <= maxDistance || prefix >= Math.max(4, q.length() / 2)) {
        scored.add(new Scored(name, contains, distance, prefix));
      }
    }
    return scored.stream()
        .sorted(
            Comparator.comparing((Scored s) -> !s.contains())
                .thenComparingInt(Scored::distance)
                .thenComparing(Comparator.comparingInt(Scored::prefix).reversed())
                .thenComparing(Scored::name))
        .limit(limit)
        .map(Scored::name)
        .toList();
  }

  private static String normalize(String typed) {
    String q = typed.strip().toLowerCase(Locale.ROOT);
    return q.startsWith("./") ? q.substring(2) : q;
  }

  private static List<String> forms(String name) {
    List<String> forms = new ArrayList<>(List.of(name));
    if (name.startsWith("lake.")) {
      forms.add(name.substring("lake.".length()));
    }
    int cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('/'));
    if (cut > 0 && cut < name.length() - 1) {
      forms.add(name.substring(cut + 1));
    }
    return forms;
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }
}
