package org.dataelements.factory.lineage;

import static java.util.Objects.requireNonNull;

import io.openlineage.client.OpenLineage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dataelements.factory.core.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the OpenLineage run events of a factory run: each is written at once as one JSON line to
 * {@code <warehouse>/_lineage/<run>.jsonl}, sent through the profile's transport (console or HTTP)
 * when there is one, and kept for {@code lake.ops.lineage_events} until {@link #drain()}. Never
 * throws: lineage never fails a pipeline (STYLE §6); a file it cannot write is a warning, events an
 * endpoint does not take wait in the outbox for the next run.
 */
public final class LineageEmitter {
  private static final Logger LOG = LoggerFactory.getLogger(LineageEmitter.class);

  /** The job namespace when the profile names none. */
  public static final String JOB_NAMESPACE = "data-element-factory";

  private final String warehouse;
  private final Configuration hadoop;
  private final boolean enabled;
  private final LineageEvents events;
  private final String jobNamespace;
  private final Optional<LineageTransport> transport;
  private final List<Emitted> emitted = new ArrayList<>();
  private boolean transportDown;

  /** One event as emitted, with what {@code lake.ops.lineage_events} keeps of it. */
  public record Emitted(
      Instant eventTime,
      String eventType,
      String runId,
      String parentRunId,
      String jobNamespace,
      String jobName,
      List<String> inputs,
      List<String> outputs,
      String event) {
    public Emitted {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
    }
  }

  /** An emitter writing only the run files under {@code <warehouse>/_lineage/}. */
  public LineageEmitter(String warehouse, Configuration hadoop) {
    this(warehouse, hadoop, true, JOB_NAMESPACE, Optional.empty());
  }

  /**
   * An emitter with the profile's settings: {@code enabled} false emits nothing at all (for
   * measuring the overhead); a transport also receives every event.
   */
  public LineageEmitter(
      String warehouse,
      Configuration hadoop,
      boolean enabled,
      String jobNamespace,
      Optional<LineageTransport> transport) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.hadoop = requireNonNull(hadoop, "hadoop is null");
    this.enabled = enabled;
    this.jobNamespace = requireNonNull(jobNamespace, "jobNamespace is null");
    this.events = new LineageEvents(jobNamespace);
    this.transport = requireNonNull(transport, "transport is null");
  }

  /** Whether events are emitted at all. */
  public boolean enabled() {
    return enabled;
  }

  /** The namespace of the warehouse's tables (OpenLineage naming: the warehouse's location). */
  public String tableNamespace() {
    return warehouse;
  }

  /** The OpenLineage run id of a factory run, the parent of its jobs' runs. */
  public static UUID parentRunId(String runId) {
    return LineageEvents.parentRunId(runId);
  }

  /** The OpenLineage run id of one job of a factory run. */
  public static UUID stepRunId(String runId, String job) {
    return LineageEvents.runId(runId, job);
  }

  public void start(String runId, String job, List<LineageDataset> inputs) {
    emit(OpenLineage.RunEvent.EventType.START, runId, job, inputs, List.of(), null, Map.of());
  }

  public void complete(
      String runId, String job, List<LineageDataset> inputs, List<LineageDataset> outputs) {
    complete(runId, job, inputs, outputs, Map.of());
  }

  /**
   * A COMPLETE event with the factory's run facets ({@code factory_release}, {@code factory_pull}).
   */
  public void complete(
      String runId,
      String job,
      List<LineageDataset> inputs,
      List<LineageDataset> outputs,
      Map<String, Map<String, Object>> runFacets) {
    emit(OpenLineage.RunEvent.EventType.COMPLETE, runId, job, inputs, outputs, null, runFacets);
  }

  /**
   * A FAIL event; its message, usually an exception's, passes through {@link Redaction} first (a
   * library's message may repeat a connection URL with its password).
   */
  public void fail(String runId, String job, List<LineageDataset> inputs, String message) {
    emit(
        OpenLineage.RunEvent.EventType.FAIL,
        runId,
        job,
        inputs,
        List.of(),
        Redaction.of(message),
        Map.of());
  }

  /**
   * A COMPLETE event of a job that can happen any number of times within one factory run (a release
   * decision, a pull): its own random run id, the factory run as parent.
   */
  public void once(
      String runId,
      String job,
      List<LineageDataset> inputs,
      List<LineageDataset> outputs,
      Map<String, Map<String, Object>> runFacets) {
    emit(
        UUID.randomUUID(),
        OpenLineage.RunEvent.EventType.COMPLETE,
        runId,
        job,
        inputs,
        outputs,
        null,
        runFacets);
  }

  /** The events emitted since the last call, for {@code lake.ops.lineage_events}. */
  public synchronized List<Emitted> drain() {
    List<Emitted> out = List.copyOf(emitted);
    emitted.clear();
    return out;
  }

  private void emit(
      OpenLineage.RunEvent.EventType type,
      String runId,
      String job,
      List<LineageDataset> inputs,
      List<LineageDataset> outputs,
      String error,
      Map<String, Map<String, Object>> runFacets) {
    emit(LineageEvents.runId(runId, job), type, runId, job, inputs, outputs, error, runFacets);
  }

  private synchronized void emit(
      UUID jobRun,
      OpenLineage.RunEvent.EventType type,
      String runId,
      String job,
      List<LineageDataset> inputs,
      List<LineageDataset> outputs,
      String error,
      Map<String, Map<String, Object>> runFacets) {
    if (!enabled) {
      return;
    }
    String json;
    Instant at = Instant.now();
    try {
      json =
          LineageEvents.json(
              events.event(
                  type,
                  at,
                  jobRun,
                  runId,
                  job,
                  inputs,
                  outputs,
                  Optional.ofNullable(error),
                  runFacets));
    } catch (RuntimeException e) {
      LOG.warn("lineage: event {} of {} not built: {}", type, job, e.toString());
      return;
    }
    emitted.add(
        new Emitted(
            at,
            type.name(),
            jobRun.toString(),
            LineageEvents.parentRunId(runId).toString(),
            jobNamespace,
            job,
            inputs.stream().map(LineageDataset::key).toList(),
            outputs.stream().map(LineageDataset::key).toList(),
            json));
    write(runId, job, type.name(), json);
    transport.ifPresent(t -> send(t, json));
  }

  /**
   * Sends one event, after any an earlier run could not deliver. After a failure (one warning) the
   * rest of this run's events go straight to the outbox: a down endpoint costs one timeout, not one
   * per event.
   */
  private void send(LineageTransport t, String json) {
    LineageOutbox outbox = new LineageOutbox(warehouse, hadoop);
    if (transportDown) {
      try {
        outbox.keep(List.of(json));
      } catch (Exception e) {
        LOG.warn("lineage: event not kept in {}: {}", outbox.location(), e.toString());
      }
      return;
    }
    if (!LineageDelivery.deliver(t, outbox, List.of(json)).complete()) {
      transportDown = true;
    }
  }

  private void write(String runId, String job, String type, String json) {
    try {
      Path file = new Path(warehouse + "/_lineage/" + runId + ".jsonl");
      FileSystem fs = file.getFileSystem(hadoop);
      byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
      if (fs.exists(file)) {
        try (OutputStream out = appendOrRewrite(fs, file)) {
          out.write(bytes);
        }
      } else {
        try (FSDataOutputStream out = fs.create(file, false)) {
          out.write(bytes);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("lineage event {} of {} not written: {}", type, job, e.toString());
    }
  }

  private static OutputStream appendOrRewrite(FileSystem fs, Path file) throws IOException {
    try {
      return fs.append(file);
    } catch (UnsupportedOperationException | IOException e) {
      // Object stores have no append: rewrite the file with the new line at the end.
      byte[] old;
      try (var in = fs.open(file)) {
        old = in.readAllBytes();
      }
      FSDataOutputStream out = fs.create(file, true);
      out.write(old);
      return out;
    }
  }
}
