package org.dataelements.factory.orchestration;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dataelements.factory.lineage.LineageAnswer;
import org.dataelements.factory.lineage.LineageDataset;
import org.dataelements.factory.lineage.LineageEdge;
import org.dataelements.factory.lineage.LineageNode;

/**
 * How {@code factory lineage} prints an answer: a tree for people, the contract's JSON object for
 * scripts, and Graphviz DOT for a picture.
 */
final class LineageOutput {
  private static final JsonFactory JSON = new JsonFactory();

  /** Deeper levels of the text tree are not indented further (the depth column still says). */
  private static final int MAX_INDENT = 24;

  private LineageOutput() {}

  /** {@code upstream of X@V (table, candidate_r1), depth ≤ 3: 6 datasets, 5 edges}. */
  static String summary(LineageAnswer a) {
    return a.direction().label()
        + " of "
        + a.start().key()
        + " ("
        + kind(a.start())
        + ")"
        + (a.depth().isPresent() ? ", depth ≤ " + a.depth().getAsInt() : "")
        + ": "
        + count(a.nodes().size() - 1, "dataset")
        + ", "
        + count(a.edges().size(), "edge");
  }

  /** The line that says nothing is on that side of the dataset. */
  static String nothing(LineageAnswer a) {
    return a.direction() == LineageAnswer.Direction.UPSTREAM
        ? "nothing upstream of "
            + a.start().key()
            + ": no COMPLETE event read anything to write it"
            + (a.columns() ? " (or none of its inputs feeds one of its columns)" : "")
        : "nothing downstream of " + a.start().key() + ": no COMPLETE event read it";
  }

  // ---------------------------------------------------------------------------------- text

  static void text(LineageAnswer a, PrintStream out) {
    out.println(summary(a));
    if (a.edges().isEmpty()) {
      out.println(nothing(a));
      return;
    }
    boolean up = a.direction() == LineageAnswer.Direction.UPSTREAM;
    Map<String, List<LineageEdge>> children = new LinkedHashMap<>();
    for (LineageEdge e : a.edges()) {
      children.computeIfAbsent((up ? e.to() : e.from()).key(), k -> new ArrayList<>()).add(e);
    }
    Comparator<LineageEdge> byFar =
        Comparator.comparing((LineageEdge e) -> far(e, up).name())
            .thenComparing(e -> far(e, up).version());
    children.values().forEach(l -> l.sort(byFar));

    out.println();
    out.println("depth  dataset");
    record Frame(LineageNode node, int depth, LineageEdge via) {}
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(a.start(), 0, null));
    Set<String> printed = new HashSet<>();
    while (!stack.isEmpty()) {
      Frame f = stack.pop();
      String indent = "  ".repeat(Math.min(f.depth(), MAX_INDENT));
      boolean again = !printed.add(f.node().key());
      StringBuilder line =
          new StringBuilder(String.format(Locale.ROOT, "%5d  ", f.depth()))
              .append(indent)
              .append(f.node().key())
              .append("  ")
              .append(kind(f.node()));
      if (f.via() != null) {
        line.append("  ").append(up ? "→ " : "← ").append(String.join(", ", f.via().jobs()));
      }
      if (again) {
        line.append("  (see above)");
      }
      out.println(line);
      if (f.via() != null && a.columns()) {
        String pad = "       " + indent + "    ";
        if (!f.via().columnsRecorded()) {
          out.println(pad + "(columns not recorded)");
        }
        for (LineageEdge.ColumnPair p : f.via().columns()) {
          out.println(pad + p.from() + " → " + p.to());
        }
      }
      if (again) {
        continue;
      }
      List<LineageEdge> next = children.getOrDefault(f.node().key(), List.of());
      for (int i = next.size() - 1; i >= 0; i--) {
        stack.push(new Frame(far(next.get(i), up), f.depth() + 1, next.get(i)));
      }
    }
    if (up && a.columns()) {
      out.println();
      columnSources(a, out);
    }
  }

  /**
   * Each column of the start and, by depth, the columns it is computed from ({@code depth
   * dataset@version column}), down to where the events record no further source.
   */
  private static void columnSources(LineageAnswer a, PrintStream out) {
    Map<String, List<LineageEdge>> into = new LinkedHashMap<>();
    for (LineageEdge e : a.edges()) {
      into.computeIfAbsent(e.to().key(), k -> new ArrayList<>()).add(e);
    }
    Set<String> columns = new TreeSet<>(a.startColumns());
    for (LineageEdge e : into.getOrDefault(a.start().key(), List.of())) {
      e.columns().forEach(p -> columns.add(p.to()));
    }
    if (columns.isEmpty()) {
      out.println(
          "columns of "
              + a.start().key()
              + ": its column lineage is not recorded; the datasets above are followed at table"
              + " level");
      return;
    }
    out.println("columns of " + a.start().key() + " and their sources, by depth:");
    for (String column : columns) {
      record Col(LineageNode node, String column, int depth) {}
      List<String> lines = new ArrayList<>();
      Deque<Col> queue = new ArrayDeque<>(List.of(new Col(a.start(), column, 0)));
      Set<String> seen = new HashSet<>(Set.of(a.start().key() + "\n" + column));
      while (!queue.isEmpty()) {
        Col c = queue.poll();
        for (LineageEdge e : into.getOrDefault(c.node().key(), List.of())) {
          if (!e.columnsRecorded()) {
            if (seen.add(e.from().key() + "\n")) {
              lines.add(
                  String.format(
                      Locale.ROOT,
                      "    %3d  %s  (columns not recorded)",
                      c.depth() + 1,
                      e.from().key()));
            }
            continue;
          }
          for (LineageEdge.ColumnPair p : e.columns()) {
            if (p.to().equals(c.column()) && seen.add(e.from().key() + "\n" + p.from())) {
              lines.add(
                  String.format(
                      Locale.ROOT, "    %3d  %s  %s", c.depth() + 1, e.from().key(), p.from()));
              queue.add(new Col(e.from(), p.from(), c.depth() + 1));
            }
          }
        }
      }
      out.println("  " + column + (lines.isEmpty() ? "  (no recorded source)" : ""));
      lines.forEach(out::println);
    }
  }

  private static LineageNode far(LineageEdge e, boolean up) {
    return up ? e.from() : e.to();
  }

  /** {@code table}, or {@code table, candidate_r1, v1.0.0} with the refs the events name. */
  private static String kind(LineageNode n) {
    return n.refs().isEmpty()
        ? n.kind().label()
        : n.kind().label() + ", " + String.join(", ", n.refs());
  }

  // ---------------------------------------------------------------------------------- json

  /**
   * One object, {@code {"nodes": [{"id", "kind", "version"}], "edges": [{"from", "to",
   * "from_version", "to_version", "columns": [{"from", "to"}]}]}} (CONTRACT.md): a node's id is the
   * dataset's name (a landing file's path relative to the landing root).
   */
  static void json(LineageAnswer a, PrintStream out) {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeArrayFieldStart("nodes");
      for (LineageAnswer.Reached r : a.nodes()) {
        g.writeStartObject();
        g.writeStringField("id", r.node().name());
        g.writeStringField("kind", r.node().kind().label());
        g.writeStringField("version", r.node().version());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("edges");
      for (LineageEdge e : a.edges()) {
        g.writeStartObject();
        g.writeStringField("from", e.from().name());
        g.writeStringField("to", e.to().name());
        g.writeStringField("from_version", e.from().version());
        g.writeStringField("to_version", e.to().version());
        g.writeArrayFieldStart("columns");
        for (LineageEdge.ColumnPair p : e.columns()) {
          g.writeStartObject();
          g.writeStringField("from", p.from());
          g.writeStringField("to", p.to());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON to stdout", e);
    }
    out.print("\n");
  }

  // ----------------------------------------------------------------------------------- dot

  /**
   * A Graphviz digraph, inputs left of outputs: landing files as notes, tables as cylinders,
   * releases as 3-D boxes, pulls as folders; each labelled with its name and version (and refs),
   * the start filled; edges labelled with their column pairs (dashed where not recorded) when
   * columns were asked for.
   */
  static String dot(LineageAnswer a) {
    StringBuilder b = new StringBuilder();
    b.append("digraph lineage {\n");
    b.append("  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=")
        .append(TraceOutput.dotString(summary(a)))
        .append("];\n");
    b.append("  node [fontname=\"Helvetica\", fontsize=10];\n");
    b.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for (LineageAnswer.Reached r : a.nodes()) {
      LineageNode n = r.node();
      boolean start = n.key().equals(a.start().key());
      b.append("  ")
          .append(TraceOutput.dotString(n.key()))
          .append(" [shape=")
          .append(shape(n.kind()))
          .append(", label=")
          .append(TraceOutput.dotString(label(n)))
          .append(", tooltip=")
          .append(TraceOutput.dotString(n.kind().label() + " " + n.key()))
          .append(start ? ", style=\"filled,bold\", fillcolor=\"#ffd966\", penwidth=2" : "")
          .append("];\n");
    }
    for (LineageEdge e : a.edges()) {
      List<String> attrs = new ArrayList<>();
      attrs.add("tooltip=" + TraceOutput.dotString(String.join(", ", e.jobs())));
      if (a.columns()) {
        if (!e.columnsRecorded()) {
          attrs.add("style=dashed");
          attrs.add("label=" + TraceOutput.dotString("columns not recorded"));
        } else if (!e.columns().isEmpty()) {
          List<String> pairs = new ArrayList<>();
          e.columns().forEach(p -> pairs.add(p.from() + " → " + p.to()));
          attrs.add("label=" + TraceOutput.dotString(String.join("\n", pairs)));
        }
      }
      b.append("  ")
          .append(TraceOutput.dotString(e.from().key()))
          .append(" -> ")
          .append(TraceOutput.dotString(e.to().key()))
          .append(" [")
          .append(String.join(", ", attrs))
          .append("];\n");
    }
    b.append("}\n");
    return b.toString();
  }

  private static String shape(LineageDataset.Kind kind) {
    return switch (kind) {
      case FILE -> "note";
      case TABLE -> "cylinder";
      case RELEASE -> "box3d";
      case PULL -> "folder";
    };
  }

  /** Name, then {@code @version} (a checksum shortened to 12 characters), then any refs. */
  private static String label(LineageNode n) {
    String v = n.version().length() > 16 ? n.version().substring(0, 12) + "…" : n.version();
    return n.name() + "\n@" + v + (n.refs().isEmpty() ? "" : "\n" + String.join(", ", n.refs()));
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
