package org.dataelements.factory.orchestration.sample;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One generated EPCIS 2.0 event, written as JSON-LD or XML by {@link EpcisDocumentWriter}. */
record TraceEvent(
    Type type,
    long epochSecond,
    TimeStyle timeStyle,
    String eventId,
    Optional<String> action,
    Optional<String> parentId,
    List<String> epcs,
    List<Quantity> quantities,
    List<String> inputEpcs,
    List<Quantity> inputQuantities,
    List<String> outputEpcs,
    List<Quantity> outputQuantities,
    Optional<String> bizStep,
    Optional<String> disposition,
    Optional<String> readPoint,
    Optional<String> bizLocation,
    List<Typed> bizTransactions,
    List<Typed> sources,
    List<Typed> destinations,
    List<Typed> ilmd) {

  /** The event types the sample uses; {@code epcs}/{@code quantities} are the child lists. */
  enum Type {
    OBJECT("ObjectEvent"),
    AGGREGATION("AggregationEvent"),
    TRANSFORMATION("TransformationEvent");

    final String label;

    Type(String label) {
      this.label = label;
    }
  }

  /**
   * How the time is written: local with {@code +08:00}, in UTC with {@code Z} (offset field still
   * {@code +08:00}), or (a defect) local without any offset and without eventTimeZoneOffset.
   */
  enum TimeStyle {
    LOCAL,
    UTC,
    NONE
  }

  /** A quantity element; {@code tenths} of the unit, so numbers print exactly. */
  record Quantity(String epcClass, long tenths, String uom) {
    Quantity {
      requireNonNull(epcClass, "epcClass is null");
      requireNonNull(uom, "uom is null");
    }
  }

  /** A typed value: bizTransaction, source, destination, or an ILMD field (type = name). */
  record Typed(String type, String value) {
    Typed {
      requireNonNull(type, "type is null");
      requireNonNull(value, "value is null");
    }
  }

  TraceEvent {
    requireNonNull(type, "type is null");
    requireNonNull(timeStyle, "timeStyle is null");
    requireNonNull(eventId, "eventId is null");
    epcs = List.copyOf(epcs);
    quantities = List.copyOf(quantities);
    inputEpcs = List.copyOf(inputEpcs);
    inputQuantities = List.copyOf(inputQuantities);
    outputEpcs = List.copyOf(outputEpcs);
    outputQuantities = List.copyOf(outputQuantities);
    bizTransactions = List.copyOf(bizTransactions);
    sources = List.copyOf(sources);
    destinations = List.copyOf(destinations);
    ilmd = List.copyOf(ilmd);
  }

  /** The same event at another time (same eventID: the duplicate defect). */
  TraceEvent withEpochSecond(long s) {
    return new TraceEvent(
        type,
        s,
        timeStyle,
        eventId,
        action,
        parentId,
        epcs,
        quantities,
        inputEpcs,
        inputQuantities,
        outputEpcs,
        outputQuantities,
        bizStep,
        disposition,
        readPoint,
        bizLocation,
        bizTransactions,
        sources,
        destinations,
        ilmd);
  }

  /** The same event with other quantities (same eventID: the duplicate defect). */
  TraceEvent withQuantities(List<Quantity> q) {
    return new TraceEvent(
        type,
        epochSecond,
        timeStyle,
        eventId,
        action,
        parentId,
        epcs,
        q,
        inputEpcs,
        inputQuantities,
        outputEpcs,
        outputQuantities,
        bizStep,
        disposition,
        readPoint,
        bizLocation,
        bizTransactions,
        sources,
        destinations,
        ilmd);
  }

  static Builder builder(Type type, long epochSecond) {
    return new Builder(type, epochSecond);
  }

  /** Builds an event; the generator sets the eventID last, from the content. */
  static final class Builder {
    private final Type type;
    private final long epochSecond;
    private TimeStyle timeStyle = TimeStyle.LOCAL;
    private Optional<String> action = Optional.empty();
    private Optional<String> parentId = Optional.empty();
    private final List<String> epcs = new ArrayList<>();
    private final List<Quantity> quantities = new ArrayList<>();
    private final List<String> inputEpcs = new ArrayList<>();
    private final List<Quantity> inputQuantities = new ArrayList<>();
    private final List<String> outputEpcs = new ArrayList<>();
    private final List<Quantity> outputQuantities = new ArrayList<>();
    private Optional<String> bizStep = Optional.empty();
    private Optional<String> disposition = Optional.empty();
    private Optional<String> readPoint = Optional.empty();
    private Optional<String> bizLocation = Optional.empty();
    private final List<Typed> bizTransactions = new ArrayList<>();
    private final List<Typed> sources = new ArrayList<>();
    private final List<Typed> destinations = new ArrayList<>();
    private final List<Typed> ilmd = new ArrayList<>();

    private Builder(Type type, long epochSecond) {
      this.type = type;
      this.epochSecond = epochSecond;
    }

    Builder timeStyle(TimeStyle s) {
      timeStyle = s;
      return this;
    }

    Builder action(String a) {
      action = Optional.of(a);
      return this;
    }

    Builder parent(String written) {
      parentId = Optional.of(written);
      return this;
    }

    Builder epc(String written) {
      epcs.add(written);
      return this;
    }

    Builder quantity(String written, long tenths, String uom) {
      quantities.add(new Quantity(written, tenths, uom));
      return this;
    }

    Builder inputQuantity(String written, long tenths, String uom) {
      inputQuantities.add(new Quantity(written, tenths, uom));
      return this;
    }

    Builder outputQuantity(String written, long tenths, String uom) {
      outputQuantities.add(new Quantity(written, tenths, uom));
      return this;
    }

    Builder outputEpc(String written) {
      outputEpcs.add(written);
      return this;
    }

    Builder why(String step, String disp) {
      bizStep = Optional.of(step);
      disposition = Optional.of(disp);
      return this;
    }

    Builder where(String written) {
      readPoint = Optional.of(written);
      bizLocation = Optional.of(written);
      return this;
    }

    Builder bizTransaction(String t, String v) {
      bizTransactions.add(new Typed(t, v));
      return this;
    }

    Builder source(String t, String v) {
      sources.add(new Typed(t, v));
      return this;
    }

    Builder destination(String t, String v) {
      destinations.add(new Typed(t, v));
      return this;
    }

    Builder ilmd(String name, String v) {
      ilmd.add(new Typed(name, v));
      return this;
    }

    /**
     * What a content-derived eventID hashes: the seed, the event's position and its type and time
     * (unique per sample, and cheap).
     */
    String hashInput(long seed, long sequence) {
      return seed + "|" + sequence + "|" + type.label + "|" + epochSecond;
    }

    TraceEvent build(String eventId) {
      return new TraceEvent(
          type,
          epochSecond,
          timeStyle,
          eventId,
          action,
          parentId,
          epcs,
          quantities,
          inputEpcs,
          inputQuantities,
          outputEpcs,
          outputQuantities,
          bizStep,
          disposition,
          readPoint,
          bizLocation,
          bizTransactions,
          sources,
          destinations,
          ilmd);
    }
  }
}
