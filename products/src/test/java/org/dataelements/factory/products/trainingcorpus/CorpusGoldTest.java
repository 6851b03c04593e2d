package org.dataelements.factory.products.trainingcorpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Gold documents (split by hash, shards) and stats on hand-made silver rows. */
@ExtendWith(SparkTestSession.class)
class CorpusGoldTest {
  static final StructType SILVER =
      new StructType()
          .add("doc_id", DataTypes.StringType)
          .add("text", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("author", DataTypes.StringType)
          .add("source", DataTypes.StringType)
          .add("collection", DataTypes.StringType)
          .add("source_file", DataTypes.StringType)
          .add("licence", DataTypes.StringType)
          .add("language", DataTypes.StringType)
          .add("script", DataTypes.StringType)
          .add("domain", DataTypes.StringType)
          .add("domain_confidence", DataTypes.DoubleType)
          .add("chars", DataTypes.LongType)
          .add("tokens", DataTypes.LongType)
          .add("cluster_id", DataTypes.StringType)
          .add("cluster_size", DataTypes.IntegerType)
          .add("pii", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, false));

  static final StructType EXCLUSIONS =
      new StructType()
          .add("doc_id", DataTypes.StringType)
          .add("rule", DataTypes.StringType)
          .add("raw_chars", DataTypes.LongType);

  /** A doc_id whose first 32 bits are the given fraction of 2^32. */
  static String id(double fraction, int n) {
    return String.format("%08x", (long) (fraction * 4294967296.0)) + String.format("%056x", n);
  }

  static Row doc(String id, String source, long chars, int clusterSize, Map<String, Integer> pii) {
    return RowFactory.create(
        id,
        "text " + id,
        null,
        null,
        source,
        source + ".x",
        "f/" + id,
        "L",
        "zh",
        "Hans",
        "other",
        0.0,
        chars,
        chars / 2,
        id,
        clusterSize,
        scala.collection.JavaConverters.mapAsScalaMap(pii));
  }

  @Test
  void splitFollowsTheHashOfDocIdAndShardsCountDocumentsInDocIdOrder() {
    SparkSession spark = SparkTestSession.spark();
    List<Row> rows = new ArrayList<>();
    // 0.01 → validation (< 0.05), 0.07 → test (< 0.10), others train
    rows.add(doc(id(0.01, 1), "laws", 10, 1, Map.of()));
    rows.add(doc(id(0.07, 2), "laws", 10, 1, Map.of()));
    for (int i = 0; i < 5; i++) {
      rows.add(doc(id(0.5 + i / 100.0, 3 + i), "poetry", 10, 1, Map.of()));
    }
    Dataset<Row> silver = spark.createDataFrame(rows, SILVER);
    var layout = new TrainingCorpusSteps.Layout(0.05, 0.05, 2);
    List<Row> gold =
        new CorpusDocumentsGold(layout)
            .transform(inputs(Map.of(CorpusTables.SILVER_DOCUMENTS, silver)))
            .rows()
            .orderBy("doc_id")
            .collectAsList();
    Map<String, String> split = new TreeMap<>();
    Map<String, Integer> shard = new TreeMap<>();
    for (Row r : gold) {
      split.put(r.getAs("doc_id"), r.getAs("split"));
      shard.put(r.getAs("doc_id"), r.getAs("shard"));
    }
    assertEquals("validation", split.get(id(0.01, 1)));
    assertEquals("test", split.get(id(0.07, 2)));
    assertEquals("train", split.get(id(0.5, 3)));
    // five train documents, two per shard, in doc_id order: 0, 0, 1, 1, 2
    assertEquals(
        List.of(0, 0, 1, 1, 2),
        List.of(
            shard.get(id(0.5, 3)),
            shard.get(id(0.51, 4)),
            shard.get(id(0.52, 5)),
            shard.get(id(0.53, 6)),
            shard.get(id(0.54, 7))));
    assertEquals(CorpusDocumentsGold.COLUMNS, List.of(gold.get(0).schema().fieldNames()));
  }

  @Test
  void statsCountKeptExcludedAndPii() {
    SparkSession spark = SparkTestSession.spark();
    Dataset<Row> docs =
        spark.createDataFrame(
            List.of(
                doc(id(0.5, 1), "laws", 100, 2, Map.of("PHONE", 2, "EMAIL", 1)),
                doc(id(0.6, 2), "laws", 50, 1, Map.of("PHONE", 1)),
                doc(id(0.7, 3), "poetry", 20, 1, Map.of())),
            SILVER);
    var gold =
        new CorpusDocumentsGold(new TrainingCorpusSteps.Layout(0.05, 0.05, 10))
            .transform(inputs(Map.of(CorpusTables.SILVER_DOCUMENTS, docs)))
            .rows();
    Dataset<Row> excluded =
        spark.createDataFrame(
            List.of(
                RowFactory.create("a", "empty", 0L),
                RowFactory.create("b", "too_long", 2_000_000L),
                RowFactory.create("c", "near_duplicate", 90L),
                RowFactory.create("d", "near_duplicate", 80L),
                RowFactory.create("e", "exact_duplicate", 100L)),
            EXCLUSIONS);
    Map<String, Row> stats = new HashMap<>();
    for (Row r :
        new CorpusStats()
            .transform(
                inputs(
                    Map.of(CorpusTables.DOCUMENTS, gold, CorpusTables.SILVER_EXCLUSIONS, excluded)))
            .rows()
            .collectAsList()) {
      assertTrue(stats.put(r.getString(0) + "/" + r.getString(1), r) == null, "twice: " + r);
    }
    assertEquals(8L, stats.get("total/landed").<Long>getAs("documents"));
    assertEquals(170L + 2_000_270L, stats.get("total/landed").<Long>getAs("chars"));
    assertEquals(3L, stats.get("total/kept").<Long>getAs("documents"));
    assertEquals(85L, stats.get("total/kept").<Long>getAs("tokens"));
    assertEquals(2L, stats.get("source/laws").<Long>getAs("documents"));
    assertEquals(150L, stats.get("source/laws").<Long>getAs("chars"));
    assertEquals(1L, stats.get("filter/too_long").<Long>getAs("documents"));
    assertEquals(2L, stats.get("dedup/near_duplicate").<Long>getAs("documents"));
    assertEquals(1L, stats.get("dedup/exact_duplicate").<Long>getAs("documents"));
    assertEquals(1L, stats.get("dedup/clusters").<Long>getAs("documents"));
    assertEquals(2L, stats.get("pii/PHONE").<Long>getAs("documents"));
    assertEquals(3L, stats.get("pii/PHONE").<Long>getAs("items"));
    assertEquals(1L, stats.get("pii/EMAIL").<Long>getAs("items"));
    assertEquals(3L, stats.get("split/train").<Long>getAs("documents"));
  }

  static StepInputs inputs(Map<TableId, Dataset<Row>> tables) {
    return new StepInputs(tables, Map.of(), "20260101T000000Z_test");
  }
}
