package org.dataelements.factory.products.trainingcorpus;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;

/**
 * {@code lake.training_corpus.stats}: the figures of a corpus build, one row per (dimension, key)
 * with documents, chars, tokens and items (the dataset card is written from them):
 *
 * <ul>
 *   <li>{@code total}: {@code landed} (documents kept + excluded; chars = normalized chars of the
 *       kept and raw chars of the excluded) and {@code kept};
 *   <li>{@code language}, {@code script}, {@code domain}, {@code source}, {@code collection},
 *       {@code licence}, {@code split}: the kept documents by each;
 *   <li>{@code filter}: the documents each filter rule removed (raw chars);
 *   <li>{@code dedup}: {@code exact_duplicate}, {@code near_duplicate} (removed), and {@code
 *       clusters} (kept documents that represent a near-duplicate cluster of two or more);
 *   <li>{@code pii}: per placeholder type, the kept documents with one ({@code documents}) and the
 *       placeholders ({@code items}).
 * </ul>
 */
public final class CorpusStats implements Step {
  static final List<String> GROUPS =
      List.of("language", "script", "domain", "source", "collection", "licence", "split");
  static final List<String> DEDUP_RULES = List.of("exact_duplicate", "near_duplicate");

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "gold:training_corpus.stats",
        List.of(
            StepSpec.Input.required(CorpusTables.DOCUMENTS),
            StepSpec.Input.required(CorpusTables.SILVER_EXCLUSIONS)),
        List.of(),
        CorpusTables.STATS,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> docs = in.table(CorpusTables.DOCUMENTS).orElseThrow();
    Dataset<Row> excluded = in.table(CorpusTables.SILVER_EXCLUSIONS).orElseThrow();
    List<Dataset<Row>> parts = new ArrayList<>();
    Column noItems = lit(null).cast(DataTypes.LongType);
    parts.add(
        docs.agg(
            lit("total").as("dimension"),
            lit("kept").as("key"),
            count(lit(1)).as("documents"),
            sum(col("chars")).as("chars"),
            sum(col("tokens")).as("tokens"),
            noItems.as("items")));
    Dataset<Row> landed =
        docs.select(col("chars")).unionByName(excluded.select(col("raw_chars").as("chars")));
    parts.add(
        landed.agg(
            lit("total").as("dimension"),
            lit("landed").as("key"),
            count(lit(1)).as("documents"),
            sum(col("chars")).as("chars"),
            noItems.as("tokens"),
            noItems.as("items")));
    for (String g : GROUPS) {
      parts.add(
          docs.groupBy(coalesce(col(g), lit("unknown")).as("key"))
              .agg(
                  count(lit(1)).as("documents"),
                  sum(col("chars")).as("chars"),
                  sum(col("tokens")).as("tokens"))
              .select(
                  lit(g).as("dimension"),
                  col("key"),
                  col("documents"),
                  col("chars"),
                  col("tokens"),
                  noItems.as("items")));
    }
    Column dedup = col("rule").isin(DEDUP_RULES.toArray());
    parts.add(
        excluded
            .groupBy(
                when(dedup, lit("dedup")).otherwise(lit("filter")).as("dimension"),
                col("rule").as("key"))
            .agg(count(lit(1)).as("documents"), sum(col("raw_chars")).as("chars"))
            .select(
                col("dimension"),
                col("key"),
                col("documents"),
                col("chars"),
                noItems.as("tokens"),
                noItems.as("items")));
    parts.add(
        docs.filter(col("cluster_size").gt(1))
            .agg(
                lit("dedup").as("dimension"),
                lit("clusters").as("key"),
                count(lit(1)).as("documents"),
                sum(col("chars")).as("chars"),
                sum(col("tokens")).as("tokens"),
                noItems.as("items")));
    parts.add(
        docs.select(explode(col("pii")).as(new String[] {"key", "n"}))
            .groupBy(col("key"))
            .agg(count(lit(1)).as("documents"), sum(col("n")).cast(DataTypes.LongType).as("items"))
            .select(
                lit("pii").as("dimension"),
                col("key"),
                col("documents"),
                noItems.as("chars"),
                noItems.as("tokens"),
                col("items")));
    Dataset<Row> all = parts.get(0);
    for (Dataset<Row> p : parts.subList(1, parts.size())) {
      all = all.unionByName(p);
    }
    return StepOutput.of(
        CorpusTables.STATS,
        all.select(
            col("dimension"),
            col("key"),
            col("documents").cast(DataTypes.LongType).as("documents"),
            col("chars").cast(DataTypes.LongType).as("chars"),
            col("tokens").cast(DataTypes.LongType).as("tokens"),
            col("items").cast(DataTypes.LongType).as("items")));
  }
}
