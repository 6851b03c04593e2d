package org.dataelements.factory.products.release;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.Sensitivity;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The benchmark of a publish: a product of 10 tables and 10⁷ rows built on a candidate branch, then
 * one operator's approval (gates, fast-forward of main, tags, manifest, signature). Prints figures
 * only (no assertion on time). Run with {@code -Dfactory.bench=release}.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
@EnabledIfSystemProperty(named = "factory.bench", matches = "release")
class PublishBenchmarkTest {
  @Test
  void publishOfTenTablesAndTenMillionRows(Lakehouse lh) {
    String product = "bench_release";
    int tables = 10;
    long rowsPerTable = Long.getLong("factory.bench.rows", 10_000_000L) / tables;
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    List<TableSpec> specs = new ArrayList<>();
    for (int i = 0; i < tables; i++) {
      specs.add(new TableSpec("t" + i, "benchmark table", List.of("id"), List.of(), Map.of()));
    }
    ProductSpec spec =
        new ProductSpec(
            product,
            "bench",
            "bench",
            "none",
            List.of(),
            specs,
            Map.of(),
            "conf/products/" + product + ".yaml",
            Sensitivity.Grade.GENERAL,
            ProductSpec.ReleasePolicy.DEFAULTS);
    Releases releases = new Releases(lh, ops, new Specs(List.of(), List.of(), List.of(spec)));
    String runId = RunIds.next(Instant.now());
    String branch = "candidate_" + runId;
    long t0 = System.nanoTime();
    for (int i = 0; i < tables; i++) {
      Dataset<Row> rows =
          lh.spark()
              .range(rowsPerTable)
              .selectExpr("id", "id % 97 as v", "cast(id as string) as s");
      lh.replaceIcebergOnBranch(
          TableId.gold(product, "t" + i), branch, rows, rowsPerTable, Optional.of("fp=" + i));
    }
    double build = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    releases.candidate(spec, runId, branch, new QualitySummary(10, 0, 0));
    double gates = (System.nanoTime() - t1) / 1e9;
    long t2 = System.nanoTime();
    OpsTables.Release r = releases.approve(product, branch, new User("ops.bench", Role.OPERATOR));
    double publish = (System.nanoTime() - t2) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "publish benchmark: %d tables, %,d rows: build on the branch %.1f s; candidate + gates %.1f s;"
            + " approve → publish (fast-forward, tags, manifest, signature, ops rows) %.2f s; status %s %s%n",
        tables,
        rowsPerTable * tables,
        build,
        gates,
        publish,
        r.status(),
        r.version().orElse(""));
  }
}
