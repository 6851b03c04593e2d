package org.dataelements.factory.lineage;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Data flowing from one dataset version into another through one or more jobs (e.g. {@code
 * silver:power__meter_daily}).
 *
 * @param from the input
 * @param to the output
 * @param jobs the jobs whose COMPLETE events read {@code from} and wrote {@code to}, sorted
 * @param columns the column pairs, when asked for and recorded: {@code from}'s column feeding
 *     {@code to}'s
 * @param columnsRecorded false when the output of the event has no column lineage facet, so which
 *     columns flow is unknown (always true when columns were not asked for)
 */
public record LineageEdge(
    LineageNode from,
    LineageNode to,
    List<String> jobs,
    List<ColumnPair> columns,
    boolean columnsRecorded) {
  public LineageEdge {
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    jobs = List.copyOf(jobs);
    columns = List.copyOf(columns);
  }

  /** An input column ({@code from}) feeding an output column ({@code to}). */
  public record ColumnPair(String from, String to) {
    public ColumnPair {
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
    }
  }
}
