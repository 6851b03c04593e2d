package org.dataelements.factory.products.traceability;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.dataelements.factory.core.runtime.LakeCatalog;
import org.dataelements.factory.products.release.ReleasedTables;

/**
 * Answers, without Spark, from a release of the traceability product: a lot's chain ({@code
 * lot_lineage}) and what a failed test or a recall notice affects ({@code recall_impact}). Each
 * answer reads one table at its released snapshot, filtered on its first key column, so data files
 * and row groups whose statistics exclude the id are skipped (a table sorted by that column reads
 * little more than the rows it returns).
 */
public final class LotTrace {
  /** The tables a trace reads, by name inside the product. */
  public static final String LOT_LINEAGE = TraceTables.LOT_LINEAGE.entity();

  public static final String RECALL_IMPACT = TraceTables.RECALL_IMPACT.entity();

  static final List<String> LINEAGE_COLUMNS =
      List.of(
          "lot_id",
          "related_lot_id",
          "direction",
          "depth",
          "via",
          "first_event_time",
          "last_event_time");
  static final List<String> IMPACT_COLUMNS =
      List.of(
          "trigger_id", "trigger_kind", "lot_id", "depth", "quantity", "uom", "location", "party");

  /** Which side of a lot's chain to read. */
  public enum Direction {
    UPSTREAM,
    DOWNSTREAM,
    BOTH;

    /** As stored in {@code lot_lineage.direction}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
      return label();
    }
  }

  /**
   * One row of {@code lot_lineage}: {@code relatedLotId} is upstream of {@code lotId} when {@code
   * direction} is {@code upstream}.
   */
  public record Link(
      String lotId,
      String relatedLotId,
      String direction,
      int depth,
      String via,
      Optional<Instant> firstEventTime,
      Optional<Instant> lastEventTime) {
    public Link {
      requireNonNull(lotId, "lotId is null");
      requireNonNull(relatedLotId, "relatedLotId is null");
      requireNonNull(direction, "direction is null");
      requireNonNull(via, "via is null");
      requireNonNull(firstEventTime, "firstEventTime is null");
      requireNonNull(lastEventTime, "lastEventTime is null");
    }

    /** True when the related lot is upstream of the lot. */
    public boolean isUpstream() {
      return direction.equals(Direction.UPSTREAM.label());
    }
  }

  /** One row of {@code recall_impact}: a lot a trigger affects, with what is known of it. */
  public record AffectedLot(
      String triggerId,
      String triggerKind,
      String lotId,
      int depth,
      Optional<Double> quantity,
      Optional<String> uom,
      Optional<String> location,
      Optional<String> party) {
    public AffectedLot {
      requireNonNull(triggerId, "triggerId is null");
      requireNonNull(triggerKind, "triggerKind is null");
      requireNonNull(lotId, "lotId is null");
      requireNonNull(quantity, "quantity is null");
      requireNonNull(uom, "uom is null");
      requireNonNull(location, "location is null");
      requireNonNull(party, "party is null");
    }
  }

  /** Upstream first, then by depth, then by the related lot. */
  static final Comparator<Link> LINK_ORDER =
      Comparator.comparing((Link l) -> !l.isUpstream())
          .thenComparingInt(Link::depth)
          .thenComparing(Link::relatedLotId)
          .thenComparing(Link::lotId);

  /** By depth (the named lot first), then by lot. */
  static final Comparator<AffectedLot> IMPACT_ORDER =
      Comparator.comparingInt(AffectedLot::depth).thenComparing(AffectedLot::lotId);

  private final ReleasedTables release;

  /** Reads from this release; it must hold the table each question reads. */
  public LotTrace(ReleasedTables release) {
    this.release = requireNonNull(release, "release is null");
  }

  /**
   * The lots related to {@code lotId} (a canonical id) on the given side, upstream first, then by
   * depth and id; empty when the release knows no relation of that id.
   */
  public List<Link> lineage(String lotId, Direction direction) {
    requireNonNull(lotId, "lotId is null");
    requireNonNull(direction, "direction is null");
    Expression filter = Expressions.equal("lot_id", lotId);
    if (direction != Direction.BOTH) {
      filter = Expressions.and(filter, Expressions.equal("direction", direction.label()));
    }
    ReleasedTables.Snapshot t = release.table(LOT_LINEAGE);
    return LakeCatalog.read(t.table(), t.snapshotId(), filter, LINEAGE_COLUMNS).stream()
        .map(LotTrace::link)
        .sorted(LINK_ORDER)
        .toList();
  }

  /** The lots a failed test or recall notice affects, by depth then lot; empty when unknown. */
  public List<AffectedLot> recall(String triggerId) {
    requireNonNull(triggerId, "triggerId is null");
    ReleasedTables.Snapshot t = release.table(RECALL_IMPACT);
    return LakeCatalog.read(
            t.table(), t.snapshotId(), Expressions.equal("trigger_id", triggerId), IMPACT_COLUMNS)
        .stream()
        .map(LotTrace::affected)
        .sorted(IMPACT_ORDER)
        .toList();
  }

  private static Link link(Record r) {
    return new Link(
        (String) r.getField("lot_id"),
        (String) r.getField("related_lot_id"),
        (String) r.getField("direction"),
        ((Number) r.getField("depth")).intValue(),
        Optional.ofNullable((String) r.getField("via")).orElse(""),
        instant(r.getField("first_event_time")),
        instant(r.getField("last_event_time")));
  }

  private static AffectedLot affected(Record r) {
    Object depth = r.getField("depth");
    return new AffectedLot(
        (String) r.getField("trigger_id"),
        Optional.ofNullable((String) r.getField("trigger_kind")).orElse(""),
        (String) r.getField("lot_id"),
        depth == null ? 0 : ((Number) depth).intValue(),
        Optional.ofNullable((Number) r.getField("quantity")).map(Number::doubleValue),
        Optional.ofNullable((String) r.getField("uom")),
        Optional.ofNullable((String) r.getField("location")),
        Optional.ofNullable((String) r.getField("party")));
  }

  /** Spark writes TIMESTAMP as Iceberg timestamptz (an OffsetDateTime in generic records). */
  private static Optional<Instant> instant(Object value) {
    if (value instanceof OffsetDateTime t) {
      return Optional.of(t.toInstant());
    }
    if (value instanceof java.time.LocalDateTime t) {
      return Optional.of(t.toInstant(java.time.ZoneOffset.UTC));
    }
    return Optional.empty();
  }
}
