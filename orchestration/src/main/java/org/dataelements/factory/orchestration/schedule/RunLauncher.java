package org.dataelements.factory.orchestration.schedule;

import java.io.IOException;
import java.time.Duration;

/**
 * Starts one product's run for the {@link Scheduler}. The factory's launcher starts {@code factory
 * run --product P} in a fresh JVM ({@link ProcessLauncher#factoryRun}); tests substitute their own.
 */
public interface RunLauncher {
  /** Starts the run of {@code product}; an IOException when it cannot be started at all. */
  Child start(String product) throws IOException;

  /** A started run. */
  interface Child {
    /** The operating system's process id, or -1 where there is none. */
    long pid();

    /** Waits up to {@code timeout} for the run to end; true when it has ended. */
    boolean awaitExit(Duration timeout) throws InterruptedException;

    /** The exit code, once {@link #awaitExit} returned true. */
    int exitCode();

    /** Asks the run to stop (SIGTERM). */
    void terminate();

    /** Ends the run at once (SIGKILL). */
    void kill();
  }
}
