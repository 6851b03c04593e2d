package org.dataelements.factory.products.traceability;

import java.sql.Timestamp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An independent closure in plain Java, for checking {@link LineageClosure}: breadth-first depths
 * from every lot, then every shortest path enumerated and the best one chosen by the documented
 * rule (smallest sequence of edge types, then earliest sequence of event times, both from the
 * upstream end). Enumerating all paths, rather than keeping one per round, also checks that the
 * round-by-round choice finds the global best. Exponential on dense graphs: small graphs only.
 */
final class GenealogyOracle {
  private GenealogyOracle() {}

  record Edge(String from, String to, String type, Timestamp time) {}

  /** A pair as {@link LineageClosure.Result#pairs()} has it. */
  record Pair(String up, String down, int depth, String via, Timestamp first, Timestamp last) {
    @Override
    public String toString() {
      return up + " -> " + down + " @" + depth + " " + via + " [" + first + ", " + last + "]";
    }
  }

  /** A cycle edge and its component's sorted lots. */
  record CycleEdge(String from, String to, String type, Timestamp time, List<String> lots) {}

  private record Path(List<String> types, List<Timestamp> times) {}

  private static final Comparator<Path> RULE =
      Comparator.<Path, List<String>>comparing(Path::types, GenealogyOracle::compareLists)
          .thenComparing(Path::times, GenealogyOracle::compareLists);

  static List<Pair> closure(List<Edge> edges) {
    Map<String, List<Edge>> out = new HashMap<>();
    Map<String, List<Edge>> in = new HashMap<>();
    Set<String> lots = new TreeSet<>();
    for (Edge e : edges) {
      if (e.from() == null || e.to() == null || e.from().equals(e.to())) {
        continue;
      }
      out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
      in.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
      lots.add(e.from());
      lots.add(e.to());
    }
    List<Pair> pairs = new ArrayList<>();
    for (String u : lots) {
      Map<String, Integer> dist = distances(u, out);
      for (Map.Entry<String, Integer> d : dist.entrySet()) {
        if (d.getKey().equals(u)) {
          continue;
        }
        Path best =
            paths(d.getKey(), dist, in).stream().min(RULE).orElseThrow(IllegalStateException::new);
        pairs.add(
            new Pair(
                u,
                d.getKey(),
                d.getValue(),
                String.join(LineageClosure.VIA_SEPARATOR, best.types()),
                best.times().stream().min(Comparator.naturalOrder()).orElseThrow(),
                best.times().stream().max(Comparator.naturalOrder()).orElseThrow()));
      }
    }
    pairs.sort(Comparator.comparing(Pair::up).thenComparing(Pair::down));
    return pairs;
  }

  static List<CycleEdge> cycleEdges(List<Edge> edges) {
    Map<String, List<Edge>> out = new HashMap<>();
    for (Edge e : edges) {
      if (e.from() != null && e.to() != null && !e.from().equals(e.to())) {
        out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
      }
    }
    Map<String, Set<String>> reach = new HashMap<>();
    List<CycleEdge> result = new ArrayList<>();
    for (Edge e : edges) {
      if (e.from() == null || e.to() == null) {
        continue;
      }
      boolean onCycle =
          e.from().equals(e.to())
              ? !LineageClosure.SHIPMENT.equals(e.type())
              : reach.computeIfAbsent(e.to(), k -> distances(k, out).keySet()).contains(e.from());
      if (onCycle) {
        Set<String> component = new TreeSet<>();
        for (String w : reach.computeIfAbsent(e.from(), k -> distances(k, out).keySet())) {
          if (reach.computeIfAbsent(w, k -> distances(k, out).keySet()).contains(e.from())) {
            component.add(w);
          }
        }
        result.add(new CycleEdge(e.from(), e.to(), e.type(), e.time(), List.copyOf(component)));
      }
    }
    result.sort(
        Comparator.comparing(CycleEdge::from)
            .thenComparing(CycleEdge::to)
            .thenComparing(CycleEdge::type)
            .thenComparing(CycleEdge::time));
    return result;
  }

  private static Map<String, Integer> distances(String u, Map<String, List<Edge>> out) {
    Map<String, Integer> dist = new HashMap<>();
    dist.put(u, 0);
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(u));
    while (!queue.isEmpty()) {
      String x = queue.poll();
      for (Edge e : out.getOrDefault(x, List.of())) {
        if (!dist.containsKey(e.to())) {
          dist.put(e.to(), dist.get(x) + 1);
          queue.add(e.to());
        }
      }
    }
    return dist;
  }

  /** Every shortest path from the source (distance 0) to {@code d}. */
  private static List<Path> paths(String d, Map<String, Integer> dist, Map<String, List<Edge>> in) {
    int depth = dist.get(d);
    if (depth == 0) {
      return List.of(new Path(List.of(), List.of()));
    }
    List<Path> all = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (Edge e : in.getOrDefault(d, List.of())) {
      Integer x = dist.get(e.from());
      if (x == null || x != depth - 1) {
        continue;
      }
      for (Path p : paths(e.from(), dist, in)) {
        List<String> types = new ArrayList<>(p.types());
        types.add(e.type());
        List<Timestamp> times = new ArrayList<>(p.times());
        times.add(e.time());
        Path path = new Path(types, times);
        if (done.add(path.toString())) {
          all.add(path);
        }
      }
    }
    return all;
  }

  private static <T extends Comparable<? super T>> int compareLists(List<T> a, List<T> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
