package org.dataelements.factory.orchestration;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.products.release.QualitySummary;
import org.dataelements.factory.products.release.Releases;
import org.dataelements.factory.products.release.Role;
import org.dataelements.factory.products.release.SafeNames;
import org.dataelements.factory.products.release.User;
import org.dataelements.factory.products.traceability.TraceTables;

/**
 * Builds traceability candidates and releases in the shared test warehouse the way a product run
 * and an operator do: tables written on a {@code candidate_<run>} branch, the candidate recorded
 * with its gates, then approved (main, tags {@code v<version>}, a signed manifest).
 */
final class TraceFixtures {
  static final StructType LINEAGE =
      new StructType()
          .add("lot_id", DataTypes.StringType, false)
          .add("related_lot_id", DataTypes.StringType, false)
          .add("direction", DataTypes.StringType, false)
          .add("depth", DataTypes.IntegerType, false)
          .add("via", DataTypes.StringType, false)
          .add("first_event_time", DataTypes.TimestampType, true)
          .add("last_event_time", DataTypes.TimestampType, true);

  static final StructType IMPACT =
      new StructType()
          .add("trigger_id", DataTypes.StringType, false)
          .add("trigger_kind", DataTypes.StringType, false)
          .add("lot_id", DataTypes.StringType, false)
          .add("depth", DataTypes.IntegerType, false)
          .add("quantity", DataTypes.DoubleType, true)
          .add("uom", DataTypes.StringType, true)
          .add("location", DataTypes.StringType, true)
          .add("party", DataTypes.StringType, true);

  static final User OPERATOR = new User("ops.trace", Role.OPERATOR);
  static final User SECOND_OPERATOR = new User("ops.trace2", Role.OPERATOR);

  private TraceFixtures() {}

  /** A lot_lineage row with fixed event times. */
  static Row link(String lot, String related, String direction, int depth, String via) {
    return RowFactory.create(
        lot,
        related,
        direction,
        depth,
        via,
        Timestamp.from(Instant.parse("2026-03-01T08:00:00Z")),
        Timestamp.from(Instant.parse("2026-03-0" + (1 + depth) + "T17:30:00Z")));
  }

  static Row impact(
      String trigger,
      String kind,
      String lot,
      int depth,
      Double quantity,
      String uom,
      String location,
      String party) {
    return RowFactory.create(trigger, kind, lot, depth, quantity, uom, location, party);
  }

  static Releases releases(Lakehouse lh) {
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    return new Releases(lh, ops, Specs.load(SparkTestSession.confDir()));
  }

  /**
   * A candidate of traceability with these tables (others join it as they are on main).
   *
   * @return its branch
   */
  static String candidate(Lakehouse lh, Map<TableId, Dataset<Row>> tables) {
    String runId = RunIds.next(Instant.now());
    String branch = SafeNames.candidateBranch(runId);
    tables.forEach(
        (id, rows) ->
            lh.replaceIcebergOnBranch(
                id, branch, rows, rows.count(), Optional.of(runId + "/" + id.entity())));
    releases(lh)
        .candidate(
            releases(lh).product(TraceTables.PRODUCT), runId, branch, new QualitySummary(5, 0, 0));
    return branch;
  }

  /**
   * A candidate approved by as many operators as the product's policy asks.
   *
   * @return the version released
   */
  static String release(Lakehouse lh, Map<TableId, Dataset<Row>> tables) {
    String branch = candidate(lh, tables);
    OpsTables.Release r = releases(lh).approve(TraceTables.PRODUCT, branch, OPERATOR);
    if (r.status().equals(Releases.CANDIDATE)) { // a policy of two operators
      r = releases(lh).approve(TraceTables.PRODUCT, branch, SECOND_OPERATOR);
    }
    if (!r.status().equals(Releases.RELEASED)) {
      throw new IllegalStateException("not released: " + r.message() + " " + r.gates());
    }
    return r.version().orElseThrow();
  }

  static Map<TableId, Dataset<Row>> tables(List<Row> lineage, List<Row> impact) {
    Map<TableId, Dataset<Row>> m = new LinkedHashMap<>();
    if (!lineage.isEmpty()) {
      m.put(TraceTables.LOT_LINEAGE, SparkTestSession.spark().createDataFrame(lineage, LINEAGE));
    }
    if (!impact.isEmpty()) {
      m.put(TraceTables.RECALL_IMPACT, SparkTestSession.spark().createDataFrame(impact, IMPACT));
    }
    return m;
  }
}
