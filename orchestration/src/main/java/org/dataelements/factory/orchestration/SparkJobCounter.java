package org.dataelements.factory.orchestration;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** Counts the Spark jobs started while it is open (for benchmarks' "how many scans"). */
final class SparkJobCounter extends SparkListener implements AutoCloseable {
  private final SparkSession spark;
  private final AtomicInteger jobs = new AtomicInteger();

  private SparkJobCounter(SparkSession spark) {
    this.spark = spark;
  }

  static SparkJobCounter start(SparkSession spark) {
    SparkJobCounter c = new SparkJobCounter(spark);
    spark.sparkContext().addSparkListener(c);
    return c;
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    jobs.incrementAndGet();
  }

  /** Jobs counted so far; listener events arrive asynchronously, so this waits for the bus. */
  int jobs() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } catch (java.util.concurrent.TimeoutException e) {
      // a bus still busy after 10 s: report what has arrived
    }
    return jobs.get();
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}
