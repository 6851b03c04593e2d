package org.dataelements.factory.lineage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lineage graph of the factory's COMPLETE run events: a node per dataset version ({@code
 * name@version}), an edge from each input of an event to each of its outputs, with column pairs
 * where the output's {@code columnLineage} facet has them. START and FAIL events are not part of
 * it.
 *
 * <p>The graph is built from what {@code lake.ops.lineage_events} keeps of each event ({@link
 * EventRow}: time, job, inputs and outputs as {@code name@version}); an event's JSON is read only
 * when an answer needs it (its datasets' kinds and refs, its column lineage), through an {@link
 * EventSource}. {@link #fromEvents} builds one from JSON texts.
 *
 * <p>A dataset can be named as a user types it: the table's SQL name, a gold table without {@code
 * lake.}, a landing file's path relative to the landing root (or any longer path ending with it), a
 * product's name (its release nodes), case-insensitively when nothing matches exactly, and with
 * {@code @VERSION} appended. Without a version a query starts from the dataset's newest version:
 * the one the newest event wrote, or, for a dataset that is only read (a landing file), the one the
 * newest event read.
 *
 * <p>Not thread-safe: it caches the events it has read.
 */
public final class LineageGraph {
  private static final Logger LOG = LoggerFactory.getLogger(LineageGraph.class);
  private static final int NEARBY = 5;
  private static final int VERSIONS_SHOWN = 8;
  private static final String ALL = "*";

  /** What {@code lake.ops.lineage_events} keeps of one COMPLETE event besides its JSON. */
  public record EventRow(
      Instant eventTime, String runId, String jobName, List<String> inputs, List<String> outputs) {
    public EventRow {
      requireNonNull(eventTime, "eventTime is null");
      requireNonNull(runId, "runId is null");
      requireNonNull(jobName, "jobName is null");
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
    }
  }

  /** Reads the JSON of events, e.g. from {@code lake.ops.lineage_events}. */
  @FunctionalInterface
  public interface EventSource {
    /**
     * The JSON texts of these events (in any order; events it cannot find are left out, and their
     * datasets keep the kind their job implies, without column lineage).
     */
    List<String> events(List<EventRow> rows);
  }

  /** A dataset version and the events that wrote and read it. */
  private static final class Node {
    final String name;
    final String version;
    final String key;
    LineageDataset.Kind kind;

    /** Where the kind comes from: 0 the job's name, 1 an event without the facet, 2 the facet. */
    int kindSource;

    final List<Integer> producedBy = new ArrayList<>(1);
    final List<Integer> consumedBy = new ArrayList<>(1);
    int lastOutput = -1;
    int lastSeen = -1;

    Node(String name, String version, String key, LineageDataset.Kind kind) {
      this.name = name;
      this.version = version;
      this.key = key;
      this.kind = kind;
    }
  }

  /** An edge being collected. */
  private static final class EdgeAcc {
    final Node from;
    final Node to;
    final Set<String> jobs = new TreeSet<>();
    final Set<LineageEdge.ColumnPair> pairs = new LinkedHashSet<>();
    final Set<Integer> events = new LinkedHashSet<>();
    boolean unknownColumns;

    EdgeAcc(Node from, Node to) {
      this.from = from;
      this.to = to;
    }
  }

  private final List<EventRow> rows;
  private final EventSource source;
  private final Node[][] inputs;
  private final Node[][] outputs;
  private final Map<String, Node> nodes = new HashMap<>();
  private final Map<String, List<Node>> byName = new HashMap<>();
  private final Map<Integer, EventJson.Event> parsed = new HashMap<>();
  private final Set<Integer> unreadable = new HashSet<>();
  private Map<String, String> lowerCaseNames;

  private LineageGraph(List<EventRow> rows, EventSource source) {
    this.rows = List.copyOf(rows);
    this.source = requireNonNull(source, "source is null");
    this.inputs = new Node[this.rows.size()][];
    this.outputs = new Node[this.rows.size()][];
    for (int i = 0; i < this.rows.size(); i++) {
      EventRow r = this.rows.get(i);
      inputs[i] = nodesOf(i, r.inputs(), inputKind(r.jobName()), false);
      outputs[i] = nodesOf(i, r.outputs(), outputKind(r.jobName()), true);
    }
  }

  /**
   * The graph of these events, whose JSON is read through {@code source} only for the events an
   * answer needs. Rows are in the order the events happened, or any order: ties of event time go to
   * the later row.
   */
  public static LineageGraph fromRows(List<EventRow> rows, EventSource source) {
    requireNonNull(rows, "rows is null");
    return new LineageGraph(rows, source);
  }

  /**
   * The graph of these OpenLineage run events (JSON texts); events other than COMPLETE are left
   * out, and so is a text that is not a run event (with a warning).
   */
  public static LineageGraph fromEvents(Collection<String> events) {
    requireNonNull(events, "events is null");
    List<EventRow> rows = new ArrayList<>();
    List<EventJson.Event> parsedEvents = new ArrayList<>();
    int bad = 0;
    for (String json : events) {
      EventJson.Event e;
      try {
        e = EventJson.parse(json);
      } catch (IllegalArgumentException ex) {
        bad++;
        continue;
      }
      if (!e.eventType().equals("COMPLETE")) {
        continue;
      }
      parsedEvents.add(e);
      rows.add(
          new EventRow(
              e.eventTime(),
              e.runId(),
              e.jobName(),
              e.inputs().stream().map(EventJson.Dataset::key).toList(),
              e.outputs().stream().map(EventJson.Dataset::key).toList()));
    }
    if (bad > 0) {
      LOG.warn("lineage: {} event(s) left out: not OpenLineage run events", bad);
    }
    LineageGraph g = new LineageGraph(rows, r -> List.of());
    for (int i = 0; i < parsedEvents.size(); i++) {
      g.accept(i, parsedEvents.get(i));
    }
    return g;
  }

  /** The COMPLETE events in the graph. */
  public int eventCount() {
    return rows.size();
  }

  /** The distinct dataset names in the graph. */
  public int datasetCount() {
    return byName.size();
  }

  /** What was made from the dataset: {@link #query} downstream. */
  public LineageAnswer downstream(
      String dataset, Optional<String> version, OptionalInt depth, boolean columns) {
    return query(LineageAnswer.Direction.DOWNSTREAM, dataset, version, depth, columns);
  }

  /** What the dataset was made from: {@link #query} upstream. */
  public LineageAnswer upstream(
      String dataset, Optional<String> version, OptionalInt depth, boolean columns) {
    return query(LineageAnswer.Direction.UPSTREAM, dataset, version, depth, columns);
  }

  /**
   * The datasets upstream or downstream of one dataset version, at most {@code depth} jobs away
   * (empty: no limit; 1: the direct inputs or outputs).
   *
   * <p>With {@code columns}, edges carry the column pairs their output's column lineage records.
   * Upstream, only the columns that feed the start are followed: from each column of the start to
   * the input columns it is computed from, and from those further up, so an input that feeds none
   * of them is left out. Where an event recorded no column lineage for its output, its edges are
   * kept with {@link LineageEdge#columnsRecorded()} false and everything upstream of them is
   * followed at table level. Downstream every edge is kept (a table read only to filter or join
   * still depends on the start), with the pairs it records.
   *
   * @param dataset a name as the class comment describes, optionally with {@code @VERSION}
   * @param version the version, when not given in {@code dataset}: a Delta version, an Iceberg
   *     snapshot id, branch or tag, a file's checksum or a release's version ({@code 1.0.0} or
   *     {@code v1.0.0})
   * @throws org.dataelements.factory.core.TableNotFoundException when no event names the dataset
   *     (the message lists the nearest names) or that version of it (the message lists its
   *     versions)
   * @throws IllegalArgumentException when depth is below 1
   */
  public LineageAnswer query(
      LineageAnswer.Direction direction,
      String dataset,
      Optional<String> version,
      OptionalInt depth,
      boolean columns) {
    requireNonNull(direction, "direction is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(version, "version is null");
    requireNonNull(depth, "depth is null");
    if (depth.isPresent() && depth.getAsInt() < 1) {
      throw new IllegalArgumentException("depth " + depth.getAsInt() + " is below 1");
    }
    Node start = resolve(dataset, version);
    boolean up = direction == LineageAnswer.Direction.UPSTREAM;
    int max = depth.orElse(Integer.MAX_VALUE);

    Map<Node, Integer> dist = new LinkedHashMap<>();
    Map<String, EdgeAcc> edges = new LinkedHashMap<>();
    Set<Integer> used = new TreeSet<>();
    walk(start, up, max, dist, edges, used);
    used.add(definingEvent(start));
    read(used);

    if (columns && up) {
      dist.clear();
      edges.clear();
      walkColumns(start, max, dist, edges);
    } else if (columns) {
      for (EdgeAcc acc : edges.values()) {
        for (int e : acc.events) {
          Optional<Map<String, List<EventJson.Source>>> lin = columnLineage(e, acc.to);
          if (lin.isEmpty()) {
            acc.unknownColumns = true;
            continue;
          }
          lin.get()
              .forEach(
                  (out, sources) ->
                      sources.stream()
                          .filter(s -> s.name().equals(acc.from.name))
                          .forEach(s -> acc.pairs.add(new LineageEdge.ColumnPair(s.field(), out))));
        }
      }
    }
    return answer(start, direction, depth, columns, dist, edges, up, used);
  }

  // ------------------------------------------------------------------------------------ walks

  /** Breadth first over whole datasets. */
  private void walk(
      Node start,
      boolean up,
      int max,
      Map<Node, Integer> dist,
      Map<String, EdgeAcc> edges,
      Set<Integer> used) {
    dist.put(start, 0);
    ArrayDeque<Node> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      int d = dist.get(n);
      if (d >= max) {
        continue;
      }
      for (int e : up ? n.producedBy : n.consumedBy) {
        used.add(e);
        for (Node m : up ? inputs[e] : outputs[e]) {
          if (m == n) {
            continue;
          }
          edge(edges, up ? m : n, up ? n : m, e);
          if (!dist.containsKey(m)) {
            dist.put(m, d + 1);
            queue.add(m);
          }
        }
      }
    }
  }

  /** Upstream, following only the columns that feed the start (see {@link #query}). */
  private void walkColumns(
      Node start, int max, Map<Node, Integer> dist, Map<String, EdgeAcc> edges) {
    dist.put(start, 0);
    Map<Node, Set<String>> scheduled = new HashMap<>();
    scheduled.put(start, new HashSet<>(Set.of(ALL)));
    Map<Node, Set<String>> layer = new LinkedHashMap<>();
    layer.put(start, Set.of(ALL));
    for (int d = 0; d < max && !layer.isEmpty(); d++) {
      Map<Node, Set<String>> next = new LinkedHashMap<>();
      for (Map.Entry<Node, Set<String>> entry : layer.entrySet()) {
        Node n = entry.getKey();
        Set<String> wanted = entry.getValue();
        for (int e : n.producedBy) {
          Optional<Map<String, List<EventJson.Source>>> lin = columnLineage(e, n);
          if (lin.isEmpty()) {
            for (Node m : inputs[e]) {
              if (m != n) {
                edge(edges, m, n, e).unknownColumns = true;
                dist.putIfAbsent(m, d + 1);
                schedule(scheduled, next, m, ALL);
              }
            }
            continue;
          }
          for (Map.Entry<String, List<EventJson.Source>> column : lin.get().entrySet()) {
            if (!wanted.contains(ALL) && !wanted.contains(column.getKey())) {
              continue;
            }
            for (EventJson.Source s : column.getValue()) {
              for (Node m : inputs[e]) {
                if (m != n && m.name.equals(s.name())) {
                  edge(edges, m, n, e)
                      .pairs
                      .add(new LineageEdge.ColumnPair(s.field(), column.getKey()));
                  dist.putIfAbsent(m, d + 1);
                  schedule(scheduled, next, m, s.field());
                }
              }
            }
          }
        }
      }
      layer = next;
    }
  }

  private static void schedule(
      Map<Node, Set<String>> scheduled, Map<Node, Set<String>> next, Node m, String column) {
    Set<String> seen = scheduled.computeIfAbsent(m, k -> new HashSet<>());
    if (seen.contains(ALL) || !seen.add(column)) {
      return;
    }
    next.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(column);
  }

  private static EdgeAcc edge(Map<String, EdgeAcc> edges, Node from, Node to, int event) {
    EdgeAcc acc = edges.computeIfAbsent(from.key + "\n" + to.key, k -> new EdgeAcc(from, to));
    acc.events.add(event);
    return acc;
  }

  /** The column lineage event {@code e} records for its output {@code n}; empty when none. */
  private Optional<Map<String, List<EventJson.Source>>> columnLineage(int e, Node n) {
    EventJson.Event ev = parsed.get(e);
    if (ev == null) {
      return Optional.empty();
    }
    return ev.outputs().stream()
        .filter(d -> d.key().equals(n.key))
        .findFirst()
        .flatMap(EventJson.Dataset::columnLineage);
  }

  private LineageAnswer answer(
      Node start,
      LineageAnswer.Direction direction,
      OptionalInt depth,
      boolean columns,
      Map<Node, Integer> dist,
      Map<String, EdgeAcc> edges,
      boolean up,
      Set<Integer> used) {
    Map<String, Set<String>> refs = refs(used);
    Comparator<LineageAnswer.Reached> byDepth =
        Comparator.comparingInt(LineageAnswer.Reached::depth)
            .thenComparing(r -> r.node().name())
            .thenComparing(r -> r.node().version());
    List<LineageAnswer.Reached> reached =
        dist.entrySet().stream()
            .map(e -> new LineageAnswer.Reached(node(e.getKey(), refs), e.getValue()))
            .sorted(byDepth)
            .toList();
    List<EdgeAcc> sorted = new ArrayList<>(edges.values());
    sorted.sort(
        Comparator.comparingInt((EdgeAcc a) -> dist.getOrDefault(up ? a.from : a.to, 0))
            .thenComparing(a -> a.from.name)
            .thenComparing(a -> a.from.version)
            .thenComparing(a -> a.to.name)
            .thenComparing(a -> a.to.version));
    List<LineageEdge> out = new ArrayList<>();
    for (EdgeAcc a : sorted) {
      List<LineageEdge.ColumnPair> pairs = new ArrayList<>(a.pairs);
      pairs.sort(
          Comparator.comparing(LineageEdge.ColumnPair::to)
              .thenComparing(LineageEdge.ColumnPair::from));
      List<String> jobs = new ArrayList<>();
      a.events.forEach(e -> jobs.add(rows.get(e).jobName()));
      out.add(
          new LineageEdge(
              node(a.from, refs),
              node(a.to, refs),
              new TreeSet<>(jobs).stream().toList(),
              pairs,
              !(columns && a.unknownColumns)));
    }
    List<String> startColumns = new ArrayList<>();
    if (columns) {
      Set<String> names = new TreeSet<>();
      for (int e : start.producedBy) {
        if (used.contains(e)) {
          columnLineage(e, start).ifPresent(lin -> names.addAll(lin.keySet()));
        }
      }
      startColumns.addAll(names);
    }
    return new LineageAnswer(
        node(start, refs), direction, depth, columns, reached, out, startColumns);
  }

  private static LineageNode node(Node n, Map<String, Set<String>> refs) {
    return new LineageNode(
        n.name, n.version, n.kind, List.copyOf(refs.getOrDefault(n.key, Set.of())));
  }

  /**
   * The branches and tags that these events name per dataset version: those of the events an answer
   * walked, so that an answer does not depend on what earlier queries read.
   */
  private Map<String, Set<String>> refs(Set<Integer> events) {
    Map<String, Set<String>> out = new HashMap<>();
    for (int e : events) {
      EventJson.Event ev = parsed.get(e);
      if (ev == null) {
        continue;
      }
      for (List<EventJson.Dataset> side : List.of(ev.inputs(), ev.outputs())) {
        for (EventJson.Dataset d : side) {
          d.ref().ifPresent(r -> out.computeIfAbsent(d.key(), k -> new TreeSet<>()).add(r));
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------- resolution

  private Node resolve(String dataset, Optional<String> version) {
    String typed = dataset.strip();
    Optional<String> v = version.map(String::strip).filter(s -> !s.isEmpty());
    Optional<String> name = findName(typed);
    String asked = typed;
    if (name.isEmpty() && v.isEmpty()) {
      int at = typed.lastIndexOf('@');
      if (at > 0 && at < typed.length() - 1) {
        asked = typed.substring(0, at).strip();
        name = findName(asked);
        v = Optional.of(typed.substring(at + 1).strip());
      }
    }
    if (name.isEmpty()) {
      throw LineageErrors.unknownDataset(
          asked, NearbyNames.of(asked, byName.keySet(), NEARBY), byName.size());
    }
    List<Node> versions = byName.get(name.get());
    return v.isPresent() ? version(name.get(), versions, v.get()) : newest(versions);
  }

  private Optional<String> findName(String typed) {
    if (typed.isEmpty()) {
      return Optional.empty();
    }
    List<String> forms = new ArrayList<>(List.of(typed));
    if (typed.startsWith("./")) {
      forms.add(typed.substring(2));
    }
    if (typed.startsWith("lake.")) {
      forms.add(typed.substring("lake.".length()));
    } else {
      forms.add("lake." + typed);
    }
    for (String f : forms) {
      if (byName.containsKey(f)) {
        return Optional.of(f);
      }
    }
    if (lowerCaseNames == null) {
      lowerCaseNames = new HashMap<>();
      for (String n : byName.keySet()) {
        lowerCaseNames.merge(n.toLowerCase(Locale.ROOT), n, (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    }
    for (String f : forms) {
      String n = lowerCaseNames.get(f.toLowerCase(Locale.ROOT));
      if (n != null) {
        return Optional.of(n);
      }
    }
    // a longer path ending with a landing file's relative path: the longest such file
    String best = null;
    for (String n : byName.keySet()) {
      if (typed.endsWith("/" + n) && (best == null || n.length() > best.length())) {
        best = n;
      }
    }
    return Optional.ofNullable(best);
  }

  private Node version(String name, List<Node> versions, String v) {
    for (Node n : versions) {
      if (n.version.equals(v)) {
        return n;
      }
    }
    if (v.length() > 1 && (v.charAt(0) == 'v' || v.charAt(0) == 'V')) {
      for (Node n : versions) {
        if (n.version.equals(v.substring(1))) {
          return n;
        }
      }
    }
    // a branch or tag: the events that name it
    Set<Integer> events = new TreeSet<>();
    versions.forEach(
        n -> {
          events.addAll(n.producedBy);
          events.addAll(n.consumedBy);
        });
    read(events);
    Map<String, Set<String>> refs = refs(events);
    Node best = null;
    for (Node n : versions) {
      if (refs.getOrDefault(n.key, Set.of()).contains(v)
          && (best == null || recency(n) > recency(best))) {
        best = n;
      }
    }
    if (best != null) {
      return best;
    }
    List<Node> newestFirst = new ArrayList<>(versions);
    newestFirst.sort(Comparator.comparingInt(LineageGraph::recency).reversed());
    throw LineageErrors.unknownVersion(
        name,
        v,
        newestFirst.stream().limit(VERSIONS_SHOWN).map(n -> n.version).toList(),
        newestFirst.size());
  }

  /** The newest version: the one the newest event wrote, else the one the newest event read. */
  private static Node newest(List<Node> versions) {
    return versions.stream().max(Comparator.comparingInt(LineageGraph::recency)).orElseThrow();
  }

  /** Orders versions: written ones by their newest writing event, then read-only ones. */
  private static int recency(Node n) {
    return n.lastOutput >= 0 ? n.lastOutput : n.lastSeen;
  }

  /** The event that says most about a node's kind: its newest writer, else its newest reader. */
  private static int definingEvent(Node n) {
    return n.lastOutput >= 0 ? n.lastOutput : n.lastSeen;
  }

  // ---------------------------------------------------------------------------------- building

  private Node[] nodesOf(int event, List<String> keys, LineageDataset.Kind kind, boolean output) {
    List<Node> out = new ArrayList<>(keys.size());
    for (String key : keys) {
      Node n = nodes.get(key);
      if (n == null) {
        int at = key.lastIndexOf('@');
        String name = at < 0 ? key : key.substring(0, at);
        String version = at < 0 ? "" : key.substring(at + 1);
        n = new Node(name, version, key, kind);
        nodes.put(key, n);
        byName.computeIfAbsent(name, k -> new ArrayList<>(1)).add(n);
      } else if (output && n.kindSource == 0) {
        n.kind = kind;
      }
      if (out.contains(n)) {
        continue;
      }
      out.add(n);
      if (output) {
        n.producedBy.add(event);
        n.lastOutput = later(n.lastOutput, event);
      } else {
        n.consumedBy.add(event);
      }
      n.lastSeen = later(n.lastSeen, event);
    }
    return out.toArray(Node[]::new);
  }

  /** Of two events (-1: none), the later by event time; on a tie, the later row. */
  private int later(int a, int b) {
    if (a < 0) {
      return b;
    }
    int c = rows.get(a).eventTime().compareTo(rows.get(b).eventTime());
    return c > 0 || (c == 0 && a > b) ? a : b;
  }

  /** What a job's name says its datasets are, until an event's facets say. */
  private static LineageDataset.Kind inputKind(String job) {
    if (job.startsWith("ingest")) {
      return LineageDataset.Kind.FILE;
    }
    return job.startsWith("pull:") ? LineageDataset.Kind.RELEASE : LineageDataset.Kind.TABLE;
  }

  private static LineageDataset.Kind outputKind(String job) {
    if (job.startsWith("release:")) {
      return LineageDataset.Kind.RELEASE;
    }
    return job.startsWith("pull:") ? LineageDataset.Kind.PULL : LineageDataset.Kind.TABLE;
  }

  /** Reads the JSON of the events not read yet. */
  private void read(Collection<Integer> events) {
    List<Integer> missing = new ArrayList<>();
    for (int e : events) {
      if (e >= 0 && !parsed.containsKey(e) && !unreadable.contains(e)) {
        missing.add(e);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    Map<String, List<Integer>> byRun = new HashMap<>();
    for (int e : missing) {
      byRun
          .computeIfAbsent(
              runKey(rows.get(e).runId(), rows.get(e).jobName()), k -> new ArrayList<>())
          .add(e);
    }
    int bad = 0;
    for (String json : source.events(missing.stream().map(rows::get).toList())) {
      EventJson.Event ev;
      try {
        ev = EventJson.parse(json);
      } catch (IllegalArgumentException ex) {
        bad++;
        continue;
      }
      List<Integer> candidates = byRun.get(runKey(ev.runId(), ev.jobName()));
      if (candidates == null || !ev.eventType().equals("COMPLETE")) {
        continue;
      }
      Set<String> outs = new HashSet<>(ev.outputs().stream().map(EventJson.Dataset::key).toList());
      List<Integer> same =
          candidates.stream()
              .filter(e -> new HashSet<>(rows.get(e).outputs()).equals(outs))
              .toList();
      for (int e : same.isEmpty() ? candidates : same) {
        if (!parsed.containsKey(e)) {
          accept(e, ev);
        }
      }
    }
    List<Integer> unread = missing.stream().filter(e -> !parsed.containsKey(e)).toList();
    unreadable.addAll(unread);
    if (!unread.isEmpty()) {
      LOG.warn(
          "lineage: {} event(s) of the answer could not be read ({} not run events): their"
              + " datasets keep the kind their job implies, without column lineage",
          unread.size(),
          bad);
    }
  }

  private static String runKey(String runId, String job) {
    return runId + "\n" + job;
  }

  /**
   * Takes an event's facets: its datasets' kinds ({@code factory_dataset.kind}, a table when the
   * facet is missing).
   */
  private void accept(int e, EventJson.Event ev) {
    parsed.put(e, ev);
    for (List<EventJson.Dataset> side : List.of(ev.inputs(), ev.outputs())) {
      for (EventJson.Dataset d : side) {
        Node n = nodes.get(d.key());
        if (n == null) {
          continue;
        }
        if (d.kind().isPresent()) {
          n.kind = d.kind().get();
          n.kindSource = 2;
        } else if (n.kindSource == 0) {
          // an event's dataset without factory_dataset is a table
          n.kind = LineageDataset.Kind.TABLE;
          n.kindSource = 1;
        }
      }
    }
  }
}
