package org.dataelements.factory.core.runtime;

import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the Spark jobs started from this thread between {@link #start} and {@link #stop} (for
 * reports and benchmarks: "how many scans"): jobs are tagged with a local property of this
 * counter's own (which Spark also hands to the threads it starts for broadcast joins), so counters
 * nest, and a listener on the session's context counts the tagged job starts.
 */
public final class SparkJobCounter {
  private static final Logger LOG = LoggerFactory.getLogger(SparkJobCounter.class);
  private static final String PROPERTY_PREFIX = "factory.jobcounter.";

  private final SparkContext context;
  private final String property = PROPERTY_PREFIX + UUID.randomUUID();
  private final AtomicInteger jobs = new AtomicInteger();
  private final SparkListener listener =
      new SparkListener() {
        @Override
        public void onJobStart(SparkListenerJobStart job) {
          if (job.properties() != null && job.properties().getProperty(property) != null) {
            jobs.incrementAndGet();
          }
        }
      };

  private SparkJobCounter(SparkContext context) {
    this.context = context;
    context.addSparkListener(listener);
    context.setLocalProperty(property, "counting");
  }

  public static SparkJobCounter start(SparkContext context) {
    return new SparkJobCounter(context);
  }

  /** Stops counting and returns the number of jobs started since {@link #start}. */
  public int stop() {
    context.setLocalProperty(property, null);
    try {
      // Listener events are delivered asynchronously; the jobs have ended, so their start events
      // are already queued: wait for the bus to hand them over. (listenerBus is Spark-internal
      // but public in the bytecode; a timeout only makes the count low, never fails the run.)
      context.listenerBus().waitUntilEmpty(10_000L);
    } catch (TimeoutException e) {
      LOG.warn("Spark's listener bus did not drain in 10 s; the reported job count may be low");
    } finally {
      context.removeSparkListener(listener);
    }
    return jobs.get();
  }
}
