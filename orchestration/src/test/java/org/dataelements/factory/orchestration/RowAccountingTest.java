package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.CommitResult;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runner's rows in = rows out + quarantined, against what the commits recorded: a planted bug
 * (a filter that drops one row between the step and the write) is caught, with both numbers, and
 * the wrong commits are taken back so that the next run cannot mistake them for a good build.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class RowAccountingTest {
  @Test
  void aRowDroppedBeforeTheSilverCommitFailsTheStepAndTheCommitsAreTakenBack(Lakehouse lh) {
    TableId t = TableId.silver("acct", "meters");
    lh.overwriteDelta(t, lh.spark().range(4).toDF("n"), 4, "run-0", Optional.of("fp-0"));
    Dataset<Row> produced = lh.spark().range(10).toDF("n");
    Dataset<Row> own = lh.spark().range(2).toDF("n");
    // the planted bug: one row filtered out on the way to the table
    CommitResult kept =
        lh.overwriteDelta(t, produced.filter("n <> 7"), 10, "run-1", Optional.of("fp-1"));
    CommitResult q = lh.appendDelta(t.quarantine(), own, 2, "run-1");

    LakehouseException e =
        assertThrows(
            LakehouseException.class,
            () ->
                RowAccounting.verify(
                    lh, "silver:acct.meters", 10 + 2, kept, Optional.of(q), Optional.empty()));
    assertTrue(e.getMessage().contains("produced 12 rows"), e.getMessage());
    assertTrue(e.getMessage().contains("hold 11 (9 in silver.acct__meters"), e.getMessage());
    // taken back: the table holds its previous build again, and no fingerprint says it is
    // up to date (Delta's RESTORE is a commit of its own), so the next run rebuilds it
    assertEquals(4, lh.read(t).count());
    assertEquals(Optional.empty(), lh.fingerprint(t));
    assertEquals(0, lh.read(t.quarantine()).count(), "a quarantine it created is emptied");
  }

  @Test
  void aGoldCandidateMissingARowIsDroppedFromItsBranch(Lakehouse lh) {
    TableId g = TableId.gold("acct", "index");
    CommitResult first =
        lh.replaceIcebergOnBranch(
            g, "candidate_a", lh.spark().range(5).toDF("n"), 5, Optional.of("fp"));
    assertDoesNotThrow(
        () ->
            RowAccounting.verify(
                lh, "gold:acct.index", 5, first, Optional.empty(), Optional.of("candidate_a")));
    CommitResult wrong =
        lh.replaceIcebergOnBranch(
            g, "candidate_b", lh.spark().range(6).toDF("n").filter("n <> 0"), 6, Optional.of("fp"));
    assertThrows(
        LakehouseException.class,
        () ->
            RowAccounting.verify(
                lh, "gold:acct.index", 6, wrong, Optional.empty(), Optional.of("candidate_b")));
    // the branch is back on the snapshot it was made from (empty here: main has none)
    assertEquals(0, lh.readRef(g, "candidate_b").count());
    assertEquals(Optional.empty(), lh.fingerprintAt(g, "candidate_b"));
    assertEquals(5, lh.readRef(g, "candidate_a").count());
  }
}
