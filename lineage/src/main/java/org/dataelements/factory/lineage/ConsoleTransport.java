package org.dataelements.factory.lineage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** Writes each event as one line of JSON to a stream: standard error by default. */
public final class ConsoleTransport implements LineageTransport {
  private final PrintStream out;

  /** A transport writing to {@code out}. */
  public ConsoleTransport(PrintStream out) {
    this.out = requireNonNull(out, "out is null");
  }

  /** A transport writing to standard error, so that the events stay apart from command output. */
  public static ConsoleTransport stderr() {
    return new ConsoleTransport(System.err);
  }

  /** Writes the events, one line each; throws when the stream reports an error. */
  @Override
  public void send(List<String> events) throws IOException {
    requireNonNull(events, "events is null");
    synchronized (out) {
      for (String event : events) {
        out.println(EventLines.oneLine(event));
      }
      out.flush();
    }
    if (out.checkError()) {
      throw new IOException("console: the stream did not take the events (checkError)");
    }
  }

  @Override
  public String describe() {
    return "console";
  }

  @Override
  public String toString() {
    return describe();
  }
}
