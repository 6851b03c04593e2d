package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.LakeCatalog;
import org.dataelements.factory.lineage.LineageGraph;

/**
 * {@code lake.ops.lineage_events} read without Spark, at its current snapshot: the COMPLETE events'
 * time, run, job, inputs and outputs for the graph, then the JSON of only the events an answer
 * needs (filtered on their run ids and event times, so that data files whose time range holds none
 * of them are skipped). Public for {@code factory bench lineage}.
 */
public final class LineageEventsTable {
  /** {@code lake.ops.lineage_events}. */
  public static final TableId TABLE = TableId.ops("lineage_events");

  static final String COMPLETE = "COMPLETE";

  /** The most events asked for by an IN list (Iceberg prunes files with up to 200 values). */
  static final int IN_LIMIT = 200;

  private final Table table;
  private final long snapshotId;
  private long jsonRead;

  private LineageEventsTable(Table table, long snapshotId) {
    this.table = table;
    this.snapshotId = snapshotId;
  }

  /**
   * The table of this catalog at its current snapshot; a {@link
   * org.dataelements.factory.core.TableNotFoundException} naming the warehouse when it has no
   * events.
   */
  public static LineageEventsTable open(LakeCatalog lake, String warehouse) {
    Table t = lake.table(TABLE).orElseThrow(() -> LineageCommandErrors.noEvents(warehouse, false));
    Snapshot s = t.currentSnapshot();
    if (s == null) {
      throw LineageCommandErrors.noEvents(warehouse, true);
    }
    return new LineageEventsTable(t, s.snapshotId());
  }

  /** The events whose JSON the graphs of this table have read so far. */
  public long jsonRead() {
    return jsonRead;
  }

  /**
   * The graph of the COMPLETE events, in event time order; it reads the JSON of the events an
   * answer needs from this table, at the same snapshot.
   */
  public LineageGraph graph() {
    List<LineageGraph.EventRow> rows = new ArrayList<>();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(table)
            .useSnapshot(snapshotId)
            .where(Expressions.equal("event_type", COMPLETE))
            .select("event_time", "run_id", "job_name", "inputs", "outputs")
            .build()) {
      for (Record r : records) {
        rows.add(
            new LineageGraph.EventRow(
                instant(r.getField("event_time")),
                text(r.getField("run_id")),
                text(r.getField("job_name")),
                strings(r.getField("inputs")),
                strings(r.getField("outputs"))));
      }
    } catch (IOException | UncheckedIOException e) {
      throw CoreErrors.cannotReadTable(TABLE.sqlName(), "snapshot " + snapshotId, e);
    }
    rows.sort(Comparator.comparing(LineageGraph.EventRow::eventTime));
    return LineageGraph.fromRows(rows, this::events);
  }

  /**
   * The JSON of these events. Up to {@value #IN_LIMIT} of them are asked for by run id and event
   * time (data files and row groups whose time range holds none are skipped); more are found by run
   * id here, among the events of their time range, since Iceberg stops pruning with longer IN lists
   * and binds them again for every file.
   */
  private List<String> events(List<LineageGraph.EventRow> rows) {
    Set<String> runIds = new HashSet<>();
    Set<Long> micros = new LinkedHashSet<>();
    for (LineageGraph.EventRow r : rows) {
      runIds.add(r.runId());
      micros.add(ChronoUnit.MICROS.between(Instant.EPOCH, r.eventTime()));
    }
    Expression filter;
    if (micros.size() <= IN_LIMIT) {
      filter =
          Expressions.and(
              Expressions.equal("event_type", COMPLETE),
              Expressions.and(
                  Expressions.in("event_time", micros.toArray()),
                  Expressions.in("run_id", runIds.toArray())));
    } else {
      filter =
          Expressions.and(
              Expressions.equal("event_type", COMPLETE),
              Expressions.and(
                  Expressions.greaterThanOrEqual("event_time", Collections.min(micros)),
                  Expressions.lessThanOrEqual("event_time", Collections.max(micros))));
    }
    List<String> out = new ArrayList<>();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(table)
            .useSnapshot(snapshotId)
            .where(filter)
            .select("run_id", "event")
            .build()) {
      for (Record r : records) {
        Object json = r.getField("event");
        if (json != null && runIds.contains(text(r.getField("run_id")))) {
          out.add(json.toString());
          jsonRead++;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw CoreErrors.cannotReadTable(TABLE.sqlName(), "snapshot " + snapshotId, e);
    }
    return out;
  }

  private static Instant instant(Object v) {
    if (v instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    }
    return Instant.EPOCH;
  }

  private static String text(Object v) {
    return v == null ? "" : v.toString();
  }

  private static List<String> strings(Object v) {
    if (!(v instanceof List<?> list)) {
      return List.of();
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (o != null) {
        out.add(o.toString());
      }
    }
    return out;
  }
}
