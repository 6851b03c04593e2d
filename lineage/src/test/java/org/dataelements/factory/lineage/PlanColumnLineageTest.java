package org.dataelements.factory.lineage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class PlanColumnLineageTest {
  private final SparkSession spark = SparkTestSession.spark();

  private static Set<String> names(Set<LineageDataset.ColumnSource> s) {
    return s.stream()
        .map(c -> c.name() + "." + c.field())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void followsAliasesJoinsAggregatesUnionsAndGenerators() {
    Dataset<Row> meters =
        spark.sql("select 'm1' as meter_id, 'r1' as region, 2.0 as value, 'a b' as tags");
    Dataset<Row> regions = spark.sql("select 'r1' as code, 'Gansu' as name");
    Dataset<Row> joined =
        meters
            .join(regions, meters.col("region").equalTo(regions.col("code")))
            .withColumn("kwh", col("value").multiply(1000))
            .withColumn("tag", explode(split(col("tags"), " ")));
    Dataset<Row> byRegion =
        joined.groupBy(col("name").alias("region_name")).agg(sum("kwh").alias("total_kwh"));
    Dataset<Row> other = meters.select(col("region").alias("region_name"), col("value"));
    Dataset<Row> out = byRegion.unionByName(other.withColumnRenamed("value", "total_kwh"));
    Map<String, Set<LineageDataset.ColumnSource>> lineage =
        PlanColumnLineage.derive(
            out, Map.of("bronze.m__meters", meters, "silver.r__regions", regions), "ns");
    assertEquals(Set.of("region_name", "total_kwh"), lineage.keySet());
    assertEquals(
        Set.of("silver.r__regions.name", "bronze.m__meters.region"),
        names(lineage.get("region_name")));
    assertEquals(Set.of("bronze.m__meters.value"), names(lineage.get("total_kwh")));

    Map<String, Set<LineageDataset.ColumnSource>> tags =
        PlanColumnLineage.derive(
            joined.select("tag", "kwh", "meter_id"), Map.of("bronze.m__meters", meters), "ns");
    assertEquals(Set.of("bronze.m__meters.tags"), names(tags.get("tag")));
    assertEquals(Set.of("bronze.m__meters.meter_id"), names(tags.get("meter_id")));
  }

  @Test
  void rowsRebuiltOutsideThePlanHaveNoLineage() {
    Dataset<Row> meters = spark.sql("select 'm1' as meter_id, 2.0 as value");
    List<Row> collected = meters.collectAsList();
    Dataset<Row> rebuilt = spark.createDataFrame(collected, meters.schema());
    Map<String, Set<LineageDataset.ColumnSource>> lineage =
        PlanColumnLineage.derive(rebuilt, Map.of("bronze.m__meters", meters), "ns");
    assertEquals(Set.of(), lineage.get("value"));

    Dataset<String> typed =
        meters.map(
            (org.apache.spark.api.java.function.MapFunction<Row, String>) r -> r.getString(0),
            Encoders.STRING());
    assertEquals(
        Set.of("bronze.m__meters.meter_id", "bronze.m__meters.value"),
        names(
            PlanColumnLineage.derive(typed.toDF(), Map.of("bronze.m__meters", meters), "ns")
                .get("value")),
        "a typed map reads the whole row");
  }
}
