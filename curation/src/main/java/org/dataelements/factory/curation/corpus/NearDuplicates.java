package org.dataelements.factory.curation.corpus;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Near-duplicate clusters on Spark: MinHash signatures of each document's {@link MinHash#key} (the
 * simplified-script text, letters and digits only) in {@code bands × rows}; documents that share a
 * band are candidates; a candidate pair whose shingle counts allow the threshold (the smaller over
 * the larger is an upper bound of the similarity) is an edge when the exact Jaccard similarity of
 * their n-gram shingle sets reaches it.
 *
 * <p>Each document gets an order: most characters first, then source file and document id. Clusters
 * are stars, not connected components ({@link Components}): in order, a document is kept unless an
 * edge joins it to a document already kept, in whose cluster it then goes — so a chain A ~ B ~ C
 * with A and C apart keeps A and C rather than removing C for a document it does not resemble. Band
 * buckets of up to {@value #ALL_PAIRS_BUCKET} documents give all their pairs; a larger bucket (a
 * template repeated many times) gives each member paired with the bucket's first and its neighbour
 * in order, which keeps the work linear (a member similar only to other members of such a bucket
 * can be missed; {@code factory bench corpus} measures what is).
 */
public final class NearDuplicates {
  static final int ALL_PAIRS_BUCKET = 64;

  private NearDuplicates() {}

  /**
   * The documents joined by a verified edge: {@code _member} (doc_id), {@code _root} (the doc_id of
   * the document kept in its place; its own when it is kept) and {@code _similarity} (the verified
   * Jaccard with the root; 1.0 for a root).
   *
   * @param docs one row per distinct document, with doc_id, chars, source_file, document_id and
   *     text_simplified
   */
  public static Dataset<Row> clusters(Dataset<Row> docs, CorpusParameters p) {
    int n = p.minhashNgram();
    int bands = p.minhashBands();
    int rows = p.minhashRows();
    UserDefinedFunction bandHashes =
        udf(
            (UDF1<String, long[]>)
                text -> MinHash.bands(MinHash.shingles(MinHash.key(text), n), bands, rows),
            DataTypes.createArrayType(DataTypes.LongType, false));
    UserDefinedFunction shingleCount =
        udf(
            (UDF1<String, Integer>) text -> MinHash.shingles(MinHash.key(text), n).length,
            DataTypes.IntegerType);
    UserDefinedFunction jaccard =
        udf(
            (UDF2<String, String, Double>)
                (a, b) -> MinHash.jaccard(MinHash.key(a), MinHash.key(b), n),
            DataTypes.DoubleType);
    Dataset<Row> ordered =
        docs.select(
            col("doc_id"),
            col("text_simplified"),
            shingleCount.apply(col("text_simplified")).as("_shingles"),
            row_number()
                .over(
                    Window.orderBy(
                        col("chars").desc(), col("source_file"), col("document_id"), col("doc_id")))
                .cast(DataTypes.LongType)
                .as("_order"));
    Dataset<Row> buckets =
        ordered
            .select(col("_order"), posexplode(bandHashes.apply(col("text_simplified"))))
            .groupBy(col("pos"), col("col"))
            .agg(sort_array(collect_list(col("_order"))).as("_members"))
            .filter(size(col("_members")).gt(1));
    Dataset<Row> pairs =
        buckets.select(col("_members")).flatMap(new Pairs(), Encoders.row(PAIR)).distinct();
    Dataset<Row> a =
        ordered.select(
            col("_order").as("_a"), col("text_simplified").as("_ta"), col("_shingles").as("_na"));
    Dataset<Row> b =
        ordered.select(
            col("_order").as("_b"), col("text_simplified").as("_tb"), col("_shingles").as("_nb"));
    double t = p.nearDuplicateJaccard();
    Dataset<Row> edges =
        pairs
            .join(a, "_a")
            .join(b, "_b")
            // |A ∩ B| / |A ∪ B| <= min(|A|, |B|) / max(|A|, |B|): sizes too far apart never reach t
            .filter(least(col("_na"), col("_nb")).geq(greatest(col("_na"), col("_nb")).multiply(t)))
            .select(col("_a"), col("_b"), jaccard.apply(col("_ta"), col("_tb")).as("_j"))
            .filter(col("_j").geq(p.nearDuplicateJaccard()));
    Dataset<Row> components =
        edges.repartition(1).mapPartitions(new Components(), Encoders.row(COMPONENT));
    Dataset<Row> ids = ordered.select(col("_order"), col("doc_id"));
    Dataset<Row> roots = ordered.select(col("_order").as("_root_order"), col("doc_id").as("_root"));
    return components
        .join(ids, "_order")
        .join(roots, "_root_order")
        .groupBy(col("doc_id").as("_member"), col("_root"))
        .agg(max(col("_similarity")).as("_similarity"));
  }

  static final StructType PAIR =
      new StructType().add("_a", DataTypes.LongType, false).add("_b", DataTypes.LongType, false);

  static final StructType COMPONENT =
      new StructType()
          .add("_order", DataTypes.LongType, false)
          .add("_root_order", DataTypes.LongType, false)
          .add("_similarity", DataTypes.DoubleType, false);

  /** The candidate pairs of one band bucket (members sorted by order). */
  static final class Pairs implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Row bucket) {
      List<Long> members = bucket.getList(0);
      List<Row> out = new ArrayList<>();
      if (members.size() <= ALL_PAIRS_BUCKET) {
        for (int i = 0; i < members.size(); i++) {
          for (int j = i + 1; j < members.size(); j++) {
            out.add(RowFactory.create(members.get(i), members.get(j)));
          }
        }
      } else {
        for (int i = 1; i < members.size(); i++) {
          out.add(RowFactory.create(members.get(0), members.get(i)));
          if (i > 1) {
            out.add(RowFactory.create(members.get(i - 1), members.get(i)));
          }
        }
      }
      return out.iterator();
    }
  }

  /**
   * The kept representatives over all verified edges (one partition: the edges are few next to the
   * documents), greedily in order: a document is kept unless it has an edge to a document of lower
   * order that is kept, and then it joins the cluster of the kept neighbour it is most similar to
   * (ties: the lowest order). So every removed document reaches the threshold with the document
   * kept in its place, and no two kept documents are joined by an edge. Every node of an edge comes
   * out with its root's order and that similarity (1.0 for a root).
   */
  static final class Components implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> edges) {
      Map<Long, Map<Long, Double>> neighbours = new HashMap<>();
      while (edges.hasNext()) {
        Row e = edges.next();
        long x = e.getLong(0);
        long y = e.getLong(1);
        double j = e.getDouble(2);
        neighbours.computeIfAbsent(x, k -> new HashMap<>()).put(y, j);
        neighbours.computeIfAbsent(y, k -> new HashMap<>()).put(x, j);
      }
      List<Long> nodes = new ArrayList<>(neighbours.keySet());
      nodes.sort(Long::compare);
      Map<Long, Long> root = new HashMap<>();
      List<Row> out = new ArrayList<>(nodes.size());
      for (long node : nodes) {
        long best = -1;
        double bestJ = -1;
        for (Map.Entry<Long, Double> n : neighbours.get(node).entrySet()) {
          long other = n.getKey();
          boolean keptBefore = other < node && root.get(other) == other;
          if (keptBefore && (n.getValue() > bestJ || (n.getValue() == bestJ && other < best))) {
            best = other;
            bestJ = n.getValue();
          }
        }
        if (best < 0) {
          root.put(node, node);
          out.add(RowFactory.create(node, node, 1.0));
        } else {
          root.put(node, best);
          out.add(RowFactory.create(node, best, bestJ));
        }
      }
      return out.iterator();
    }
  }
}
