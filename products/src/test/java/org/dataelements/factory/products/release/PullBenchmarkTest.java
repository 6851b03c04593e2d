package org.dataelements.factory.products.release;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times a pull of a released table of 10⁶ rows in each format, and the share spent verifying.
 * Prints figures only (no assertion on time). Run with {@code -Dfactory.bench=pull}.
 */
@Tag("spark")
@EnabledIfSystemProperty(named = "factory.bench", matches = "pull")
class PullBenchmarkTest {
  static final long ROWS = 1_000_000L;

  @TempDir Path work;

  @Test
  void pullsAMillionRowsInEachFormat() {
    Lakehouse lakehouse = SparkTestSession.lakehouse();
    OpsTables ops = new OpsTables(lakehouse);
    ops.ensureAll();
    String token = PullFixtures.consumerToken(lakehouse);
    Dataset<Row> rows =
        lakehouse
            .spark()
            .range(ROWS)
            .select(
                col("id"),
                concat(lit("name-"), col("id").cast("string")).as("name"),
                col("id").multiply(0.37).as("value"),
                date_add(lit(java.sql.Date.valueOf("2020-01-01")), col("id").mod(1000).cast("int"))
                    .as("day"),
                element_at(
                        array(lit("train"), lit("train"), lit("validation"), lit("test")),
                        col("id").mod(4).cast("int").plus(1))
                    .as("split"));
    long t0 = System.nanoTime();
    lakehouse.replaceIceberg(TableId.gold("pull_bench", "rows"), rows, ROWS, Optional.empty());
    PullFixtures.release(
        lakehouse, ops, "pull_bench", "1.0.0", List.of("rows"), 20, Optional.empty());
    System.err.printf(
        Locale.ROOT, "bench pull: fixture of %d rows built in %.1fs%n", ROWS, secs(t0));
    Pull pull = new Pull(lakehouse, ops);
    for (Pull.Format f : Pull.Format.values()) {
      long start = System.nanoTime();
      Pull.Result r =
          pull.run(
              new Pull.Request(
                  "pull_bench@1.0.0",
                  f,
                  work.resolve(f.extension()),
                  Optional.empty(),
                  Optional.empty(),
                  false),
              Optional.of(token),
              m -> {});
      double total = secs(start);
      double verify = r.verifying().toNanos() / 1e9;
      System.err.printf(
          Locale.ROOT,
          "bench pull %-7s %d rows, %7.1f MB in %5.1fs: %6.1f MB/s, %8.0f rows/s;"
              + " verifying %4.1fs (%2.0f%%), writing %4.1fs%n",
          f.extension(),
          r.rows(),
          r.bytes() / 1e6,
          total,
          r.bytes() / 1e6 / total,
          r.rows() / total,
          verify,
          100 * verify / total,
          r.writing().toNanos() / 1e9);
    }
  }

  private static double secs(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
