package org.dataelements.factory.products.trainingcorpus;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.conv;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;

/**
 * {@code lake.training_corpus.documents}: the kept documents of {@code silver.corpus__documents}
 * with their split and shard. The split is decided by the first 32 bits of {@code doc_id} (itself
 * the SHA-256 of the normalized text) read as a fraction of 2³²: below {@code split_validation}
 * validation, below {@code split_validation + split_test} test, else train — so a document keeps
 * its split in every release, and adding documents never moves another one. Shards number the
 * documents of a split in {@code doc_id} order, {@code shard_documents} per shard.
 */
public final class CorpusDocumentsGold implements Step {
  /** The gold columns, in order (CONTRACT.md plus tokens, author, source_file, cluster_size). */
  static final List<String> COLUMNS =
      List.of(
          "doc_id",
          "text",
          "title",
          "author",
          "source",
          "collection",
          "source_file",
          "licence",
          "language",
          "script",
          "domain",
          "domain_confidence",
          "chars",
          "tokens",
          "cluster_id",
          "cluster_size",
          "pii",
          "split",
          "shard");

  private final TrainingCorpusSteps.Layout layout;

  CorpusDocumentsGold(TrainingCorpusSteps.Layout layout) {
    this.layout = layout;
  }

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "gold:training_corpus.documents",
        List.of(StepSpec.Input.required(CorpusTables.SILVER_DOCUMENTS)),
        List.of(),
        CorpusTables.DOCUMENTS,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public String parameters() {
    return layout.toString();
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> silver = in.table(CorpusTables.SILVER_DOCUMENTS).orElseThrow();
    Column fraction =
        conv(substring(col("doc_id"), 1, 8), 16, 10)
            .cast(DataTypes.DoubleType)
            .divide(4294967296.0);
    Dataset<Row> split =
        silver.withColumn(
            "split",
            when(fraction.lt(layout.splitValidation()), lit("validation"))
                .when(fraction.lt(layout.splitValidation() + layout.splitTest()), lit("test"))
                .otherwise(lit("train")));
    Dataset<Row> sharded =
        split.withColumn(
            "shard",
            floor(
                    row_number()
                        .over(Window.partitionBy(col("split")).orderBy(col("doc_id")))
                        .minus(1)
                        .divide(layout.shardDocuments()))
                .cast(DataTypes.IntegerType));
    return StepOutput.of(
        CorpusTables.DOCUMENTS,
        sharded.select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new)));
  }
}
