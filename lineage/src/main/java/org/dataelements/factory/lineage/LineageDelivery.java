package org.dataelements.factory.lineage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a run's events through a transport, the events an earlier run could not deliver first.
 * Fails open (STYLE §6): what is not delivered waits in the {@link LineageOutbox} for the next run,
 * and one WARN line says so; nothing here fails the pipeline.
 */
public final class LineageDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(LineageDelivery.class);

  private LineageDelivery() {}

  /**
   * How a delivery went: {@code delivered} events taken by the transport (earlier runs' and this
   * run's), {@code kept} events waiting in the outbox afterwards, {@code lost} events neither
   * delivered nor kept (the outbox could not be written).
   */
  public record Outcome(int delivered, int kept, int lost) {
    /** Whether everything was delivered and the outbox is empty. */
    public boolean complete() {
      return kept == 0 && lost == 0;
    }
  }

  /**
   * Sends the outbox's events, then {@code newEvents}, in order, stopping at the first one the
   * transport does not take. On success the outbox is emptied; otherwise every event not delivered
   * is in the outbox once (earlier runs' events are not written again unless some of them were
   * delivered, when the rest is rewritten so that the next run does not send them twice), and one
   * WARN line names the transport, the cause, the count and the outbox. Never throws, save a {@link
   * NullPointerException} for a null argument.
   */
  public static Outcome deliver(
      LineageTransport transport, LineageOutbox outbox, List<String> newEvents) {
    requireNonNull(transport, "transport is null");
    requireNonNull(outbox, "outbox is null");
    List<String> fresh = List.copyOf(newEvents);
    List<String> problems = new ArrayList<>();

    List<String> pending;
    try {
      pending = outbox.pending();
    } catch (Exception e) {
      // the outbox is left as it is and tried again by the next run
      problems.add("the outbox " + outbox.location() + " could not be read (" + e + ")");
      pending = List.of();
    }
    List<String> all = new ArrayList<>(pending.size() + fresh.size());
    all.addAll(pending);
    all.addAll(fresh);

    int sent = 0;
    String failure = null;
    for (String event : all) {
      try {
        transport.send(List.of(event));
        sent++;
      } catch (Exception e) {
        // a transport must not fail the run, whatever it throws
        failure = e.getMessage() == null ? e.toString() : e.getMessage();
        break;
      }
    }

    int kept = 0;
    int lost = 0;
    if (failure == null) {
      if (!pending.isEmpty()) {
        try {
          outbox.clear();
        } catch (Exception e) {
          problems.add(
              "delivered, but the outbox "
                  + outbox.location()
                  + " could not be cleared ("
                  + e
                  + "); the next run sends its "
                  + pending.size()
                  + " event(s) again");
        }
      }
    } else {
      // sent == 0: the outbox already holds the pending events; only the new ones are kept.
      // sent > 0: some kept events went out; the undelivered rest replaces the files read.
      List<String> rest = sent == 0 ? fresh : all.subList(sent, all.size());
      boolean written = false;
      try {
        outbox.keep(rest);
        written = true;
        kept = sent == 0 ? all.size() : rest.size();
      } catch (Exception e) {
        // the files read stay as they are: all pending events wait there, the new ones are lost
        kept = pending.size();
        lost = all.size() - Math.max(sent, pending.size());
        problems.add(
            lost
                + " new event(s) lost: the outbox "
                + outbox.location()
                + " was not written ("
                + e
                + ")");
      }
      if (written && sent > 0 && !pending.isEmpty()) {
        try {
          outbox.clear();
        } catch (Exception e) {
          problems.add(
              "the outbox's older files could not be deleted ("
                  + e
                  + "); the next run sends "
                  + Math.min(sent, pending.size())
                  + " event(s) again");
        }
      }
    }

    if (failure != null) {
      // a transport's message usually starts with what it is: not twice
      String what = transport.describe();
      String why = failure.startsWith(what) ? failure : what + ": " + failure;
      LOG.warn(
          "lineage: {}; {} event(s) kept in {} and resent by the next run{}",
          why,
          kept,
          outbox.location(),
          problems.isEmpty() ? "" : "; " + String.join("; ", problems));
    } else if (!problems.isEmpty()) {
      LOG.warn("lineage: {}: {}", transport.describe(), String.join("; ", problems));
    }
    return new Outcome(sent, kept, lost);
  }
}
