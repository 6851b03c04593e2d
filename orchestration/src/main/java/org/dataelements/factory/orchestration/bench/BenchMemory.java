package org.dataelements.factory.orchestration.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The memory figures the benchmarks print: the JVM's peak heap and the process's resident set. */
final class BenchMemory {
  private static final Logger LOG = LoggerFactory.getLogger(BenchMemory.class);

  private BenchMemory() {}

  /** The largest heap in use (garbage included) between start and close, sampled every 50 ms. */
  static final class HeapPeak implements AutoCloseable {
    private final ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bench-heap-sampler");
              t.setDaemon(true);
              return t;
            });
    private final AtomicLong peak = new AtomicLong();

    static HeapPeak start() {
      HeapPeak h = new HeapPeak();
      h.sampler.scheduleAtFixedRate(h::sample, 0, 50, TimeUnit.MILLISECONDS);
      return h;
    }

    private void sample() {
      peak.accumulateAndGet(
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    }

    long peakMb() {
      return peak.get() / (1024 * 1024);
    }

    @Override
    public void close() {
      sampler.shutdownNow();
      sample();
    }
  }

  /** Starts a new measurement of the peak resident memory (Linux; elsewhere the process's peak). */
  static void resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | RuntimeException e) {
      LOG.debug(
          "cannot reset the peak resident memory ({}); rss figures are this process's peak",
          e.toString());
    }
  }

  static Optional<Long> peakRssKb() {
    return status("VmHWM:");
  }

  static Optional<Long> currentRssKb() {
    return status("VmRSS:");
  }

  private static Optional<Long> status(String field) {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      return lines
          .filter(l -> l.startsWith(field))
          .findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
