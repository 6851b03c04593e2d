package org.dataelements.factory.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.CommitResult;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableNotFoundException;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class LakehouseTest {
  @Test
  void deltaAppendIsIdempotentPerRunAndRegistersTheTable(Lakehouse lh) {
    TableId t = TableId.bronze("lhtest", "numbers");
    Dataset<Row> rows = lh.spark().range(5).toDF("n");
    String run = RunIds.next(Instant.now());
    CommitResult first = lh.appendDelta(t, rows, 5, run);
    lh.appendDelta(t, rows, 5, run); // a retried commit of the same run
    assertEquals(5, lh.read(t).count());
    assertEquals(5, lh.spark().sql("select * from bronze.lhtest__numbers").count());
    lh.appendDelta(t, rows, 5, RunIds.next(Instant.now()));
    assertEquals(10, lh.read(t).count());
    assertEquals(0, first.version());
    assertTrue(lh.deltaTables().contains(t));
  }

  @Test
  void committedRowsAreTheFormatsOwnRecordOfEachCommitNotTheWritersCount(Lakehouse lh) {
    TableId t = TableId.silver("lhtest", "committed");
    // the writer's count (last argument but one) is deliberately wrong: the figure must come from
    // the commit, so that a row lost between counting and committing shows
    CommitResult appended = lh.appendDelta(t, lh.spark().range(7).toDF("n"), 99, "run-a");
    assertEquals(java.util.OptionalLong.of(7), lh.committedRows(appended));
    CommitResult replaced =
        lh.replaceDeltaWhere(
            t, lh.spark().range(3).toDF("n"), 99, "run-b", "n < 3", Optional.empty());
    assertEquals(java.util.OptionalLong.of(3), lh.committedRows(replaced));
    // a replaceWhere that rewrites a file holding other rows too: those rows are copied, not
    // written by this commit
    CommitResult mixed = lh.appendDelta(t, lh.spark().range(10, 20).toDF("n").coalesce(1), 99, "m");
    CommitResult partial =
        lh.replaceDeltaWhere(
            t, lh.spark().range(10, 12).toDF("n"), 99, "run-m", "n < 12", Optional.empty());
    assertEquals(
        java.util.OptionalLong.of(2),
        lh.committedRows(partial),
        () -> {
          try {
            return java.nio.file.Files.readString(
                java.nio.file.Path.of(
                    t.location(lh.config().warehouse()).replace("file:", ""),
                    "_delta_log",
                    String.format("%020d.json", partial.version())));
          } catch (java.io.IOException e) {
            return e.toString();
          }
        });
    assertEquals(java.util.OptionalLong.of(10), lh.committedRows(mixed));
    CommitResult emptied =
        lh.overwriteDelta(t, lh.spark().range(0).toDF("n"), 99, "run-c", Optional.empty());
    assertEquals(java.util.OptionalLong.of(0), lh.committedRows(emptied));
    assertEquals(java.util.OptionalLong.of(7), lh.committedRows(appended), "per version");

    TableId g = TableId.gold("lhtest", "committed");
    CommitResult gold = lh.replaceIceberg(g, lh.spark().range(5).toDF("n"), 99, Optional.empty());
    assertEquals(java.util.OptionalLong.of(5), lh.committedRows(gold));
    CommitResult onBranch =
        lh.replaceIcebergOnBranch(
            g, "candidate_x", lh.spark().range(2).toDF("n"), 99, Optional.empty());
    assertEquals(java.util.OptionalLong.of(2), lh.committedRows(onBranch));
    CommitResult none =
        lh.replaceIcebergOnBranch(
            g, "candidate_x", lh.spark().range(0).toDF("n"), 99, Optional.empty());
    assertEquals(java.util.OptionalLong.of(0), lh.committedRows(none));
  }

  @Test
  void overwriteKeepsTheFingerprintOfItsInputs(Lakehouse lh) {
    TableId t = TableId.silver("lhtest", "fingerprinted");
    lh.overwriteDelta(
        t, lh.spark().range(3).toDF("n"), 3, RunIds.next(Instant.now()), Optional.of("in@1"));
    assertEquals(Optional.of("in@1"), lh.fingerprint(t));
    lh.overwriteDelta(
        t, lh.spark().range(2).toDF("n"), 2, RunIds.next(Instant.now()), Optional.of("in@2"));
    assertEquals(Optional.of("in@2"), lh.fingerprint(t));
    assertEquals(2, lh.read(t).count());
  }

  @Test
  void icebergReplaceIsOneSnapshotAndKeepsHistory(Lakehouse lh) {
    TableId t = TableId.gold("lhtest", "replaced");
    var a = lh.replaceIceberg(t, lh.spark().range(4).toDF("n"), 4, Optional.of("fp-a"));
    var b = lh.replaceIceberg(t, lh.spark().range(2).toDF("n"), 2, Optional.of("fp-b"));
    assertEquals(2, lh.read(t).count());
    assertEquals(Optional.of("fp-b"), lh.fingerprint(t));
    assertEquals(
        4,
        lh.spark().sql("select * from " + t.sqlName() + " VERSION AS OF " + a.version()).count());
    assertFalse(a.version() == b.version());
  }

  @Test
  void aBranchWriteAppliesTheDeclaredTablePropertiesBeforeWriting(Lakehouse lh) {
    TableId t = TableId.gold("lhtest", "looked_up");
    String prefix = "urn:epc:id:sgtin:0614141.812345.";
    Dataset<Row> rows = lh.spark().range(3).selectExpr("concat('" + prefix + "', id) AS lot_id");
    lh.replaceIcebergOnBranch(
        t,
        "candidate_a",
        rows,
        3,
        Optional.empty(),
        java.util.Map.of("write.metadata.metrics.column.lot_id", "full"));
    var table = lh.icebergTable(t);
    assertEquals("full", table.properties().get("write.metadata.metrics.column.lot_id"));
    int lotId = table.schema().findField("lot_id").fieldId();
    long snapshot = table.refs().get("candidate_a").snapshotId();
    int files = 0;
    for (var file : table.snapshot(snapshot).addedDataFiles(table.io())) {
      // Iceberg's default keeps 16 characters of a string bound; these ids share 32.
      String upper =
          java.nio.charset.StandardCharsets.UTF_8
              .decode(file.upperBounds().get(lotId).duplicate())
              .toString();
      assertTrue(upper.startsWith(prefix) && upper.length() > prefix.length(), upper);
      files++;
    }
    assertTrue(files > 0);
  }

  @Test
  void readingAMissingTableSaysHowToCreateIt(Lakehouse lh) {
    var e =
        assertThrows(
            TableNotFoundException.class, () -> lh.read(TableId.silver("lhtest", "absent")));
    assertTrue(e.getMessage().contains("factory run"), e.getMessage());
  }

  @Test
  void opsTablesHaveTheContractColumns(Lakehouse lh) {
    new OpsTables(lh).ensureAll();
    assertEquals(
        List.of(
            "run_id",
            "step",
            "status",
            "started_at",
            "ended_at",
            "rows_in",
            "rows_out",
            "rows_quarantined",
            "message"),
        List.of(lh.read(OpsTables.RUNS).columns()));
    List<String> files = List.of(lh.read(OpsTables.INGEST_FILES).columns());
    assertTrue(
        files.containsAll(
            List.of(
                "source",
                "object",
                "path",
                "size_bytes",
                "checksum",
                "version",
                "status",
                "records_read",
                "rows_landed",
                "rows_quarantined",
                "reason",
                "batch_id",
                "run_id")),
        files.toString());
  }
}
