package org.dataelements.factory.orchestration;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.products.traceability.TraceTables;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Builds releases of a {@code lot_lineage} of 10⁶ pairs (50 000 lots × 20 related lots) to time
 * {@code ./factory trace} against, JVM start included: the rows in hash order, sorted by {@code
 * lot_id}, sorted with 1 MB and with 128 kB Parquet row groups, and sorted into 8 files whose
 * lot_id bounds are kept whole. Prints the warehouse and the commands to time (no assertion on
 * time). Run with {@code -Dfactory.bench=trace}.
 */
@Tag("spark")
@EnabledIfSystemProperty(named = "factory.bench", matches = "trace")
class TraceBenchmarkTest {
  static final long PAIRS = 1_000_000L;
  static final int PER_LOT = 20;

  @Test
  void releasesAMillionPairsUnsortedSortedAndInSmallerRowGroups() {
    Lakehouse lh = SparkTestSession.lakehouse();
    Column lotNo = col("id").divide(PER_LOT).cast("long");
    Column k = pmod(col("id"), lit(PER_LOT));
    Dataset<Row> pairs =
        lh.spark()
            .range(PAIRS)
            .select(
                lot(lotNo).as("lot_id"),
                lot(pmod(lotNo.plus(k.multiply(7919)).plus(1), lit(PAIRS / PER_LOT)))
                    .as("related_lot_id"),
                when(k.lt(PER_LOT / 2), lit("upstream"))
                    .otherwise(lit("downstream"))
                    .as("direction"),
                pmod(k, lit(5)).plus(1).cast("int").as("depth"),
                element_at(
                        split(
                            lit(
                                "aggregation,transformation,shipping,aggregation>transformation,"
                                    + "shipping>transformation"),
                            ","),
                        pmod(k, lit(5)).plus(1).cast("int"))
                    .as("via"),
                lit(java.sql.Timestamp.valueOf("2026-03-01 08:00:00")).as("first_event_time"),
                lit(java.sql.Timestamp.valueOf("2026-03-02 17:30:00")).as("last_event_time"));
    long t0 = System.nanoTime();
    String unsorted =
        TraceFixtures.release(
            lh,
            Map.of(
                TraceTables.LOT_LINEAGE,
                pairs.orderBy(xxhash64(col("lot_id"), col("related_lot_id")))));
    Dataset<Row> sorted = pairs.orderBy("lot_id", "direction", "depth", "related_lot_id");
    String bySort = TraceFixtures.release(lh, Map.of(TraceTables.LOT_LINEAGE, sorted));
    lh.spark()
        .sql(
            "ALTER TABLE "
                + TraceTables.LOT_LINEAGE.sqlName()
                + " SET TBLPROPERTIES ('write.parquet.row-group-size-bytes'='1048576')");
    String smallGroups = TraceFixtures.release(lh, Map.of(TraceTables.LOT_LINEAGE, sorted));
    lh.spark()
        .sql(
            "ALTER TABLE "
                + TraceTables.LOT_LINEAGE.sqlName()
                + " SET TBLPROPERTIES ('write.parquet.row-group-size-bytes'='131072')");
    String tinyGroups = TraceFixtures.release(lh, Map.of(TraceTables.LOT_LINEAGE, sorted));
    // Iceberg keeps 16 characters of a string's bounds by default: canonical ids share a longer
    // prefix (https://id.gs1.org/01/…), so no data file can be skipped on lot_id without this.
    lh.spark()
        .sql(
            "ALTER TABLE "
                + TraceTables.LOT_LINEAGE.sqlName()
                + " SET TBLPROPERTIES ('write.parquet.row-group-size-bytes'='1048576',"
                + " 'write.metadata.metrics.column.lot_id'='full')");
    String fullBounds =
        TraceFixtures.release(
            lh,
            Map.of(
                TraceTables.LOT_LINEAGE,
                sorted
                    .repartitionByRange(8, col("lot_id"))
                    .sortWithinPartitions("lot_id", "direction", "depth", "related_lot_id")));
    System.err.printf(
        Locale.ROOT,
        "bench trace: %d pairs released five times in %.0fs; warehouse %s%n",
        PAIRS,
        (System.nanoTime() - t0) / 1e9,
        lh.config().warehouse());
    String lot = lh.spark().range(1).select(lot(lit(25_000L))).first().getString(0);
    for (List<String> v :
        List.of(
            List.of("hash order", unsorted),
            List.of("sorted by lot_id", bySort),
            List.of("sorted, 1 MB row groups", smallGroups),
            List.of("sorted, 128 kB row groups", tinyGroups),
            List.of("sorted in 8 files, 1 MB row groups, full lot_id bounds", fullBounds))) {
      System.err.printf(
          Locale.ROOT,
          "bench trace: %s: ./factory trace %s --version %s --warehouse %s [--format dot]%n",
          v.get(0),
          lot,
          v.get(1),
          lh.config().warehouse());
    }
  }

  private static Column lot(Column n) {
    return concat(lit("https://id.gs1.org/01/04012345123456/10/L"), format_string("%06d", n));
  }
}
