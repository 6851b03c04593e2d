package org.dataelements.factory.lineage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The answer to a lineage query: the dataset asked about, every dataset reached (with its distance
 * in jobs), and the edges between them, inputs before outputs.
 *
 * @param start the dataset version asked about
 * @param direction upstream (what it was made from) or downstream (what was made from it)
 * @param depth the most jobs followed; empty for no limit
 * @param columns whether the edges carry column pairs (and, upstream, only columns feeding the
 *     start were followed)
 * @param nodes the start first (depth 0), then by depth, name and version
 * @param edges by the depth of their far end, then names and versions
 * @param startColumns with columns, the start's columns that the column lineage of the events that
 *     wrote it lists (sorted); empty without columns or when none is recorded
 */
public record LineageAnswer(
    LineageNode start,
    Direction direction,
    OptionalInt depth,
    boolean columns,
    List<Reached> nodes,
    List<LineageEdge> edges,
    List<String> startColumns) {

  /** Which way a query walks the graph. */
  public enum Direction {
    UPSTREAM,
    DOWNSTREAM;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
      return label();
    }
  }

  /** A dataset version reached, {@code depth} jobs away from the start. */
  public record Reached(LineageNode node, int depth) {
    public Reached {
      requireNonNull(node, "node is null");
    }
  }

  public LineageAnswer {
    requireNonNull(start, "start is null");
    requireNonNull(direction, "direction is null");
    requireNonNull(depth, "depth is null");
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    startColumns = List.copyOf(startColumns);
  }

  /** The reached dataset of this key ({@code name@version}), if any. */
  public Optional<Reached> node(String key) {
    return nodes.stream().filter(r -> r.node().key().equals(key)).findFirst();
  }
}
