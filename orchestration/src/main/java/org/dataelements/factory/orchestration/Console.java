package org.dataelements.factory.orchestration;

import java.io.PrintStream;
import java.util.Locale;
import org.dataelements.factory.core.Redaction;

/**
 * The one printer of what the user sees: progress, summaries and errors go to stderr with the
 * elapsed time; data goes to stdout (through {@link RowPrinter}) and nowhere else. Every line is
 * passed through {@link Redaction} first: a library's message may repeat a connection URL (the
 * Iceberg JDBC catalog's "Failed to connect: jdbc:postgresql://…?password=…" does).
 */
public final class Console {
  private final PrintStream err;
  private final long startNanos = System.nanoTime();

  public Console(PrintStream err) {
    this.err = err;
  }

  /** A progress line: {@code [ 12.3s] message}. */
  public void step(String message) {
    err.printf(Locale.ROOT, "[%6.1fs] %s%n", elapsedSeconds(), Redaction.of(message));
    err.flush();
  }

  /** A line without the time prefix (tables, summaries). */
  public void line(String message) {
    err.println(Redaction.of(message));
    err.flush();
  }

  public void error(String message) {
    err.println("error: " + Redaction.of(message));
    err.flush();
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
