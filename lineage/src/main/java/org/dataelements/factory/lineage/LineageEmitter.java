package org.dataelements.factory.lineage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dataelements.factory.core.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes OpenLineage 2-0-2 run events as JSON Lines under {@code <warehouse>/_lineage/}, one file
 * per run. Never throws: a failure to write is a WARN (STYLE §6).
 */
public final class LineageEmitter {
  private static final Logger LOG = LoggerFactory.getLogger(LineageEmitter.class);
  static final String SCHEMA_URL =
      "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  static final String PRODUCER = "https://github.com/data-elements/factory";
  static final String JOB_NAMESPACE = "data-element-factory";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String warehouse;
  private final Configuration hadoop;

  /** A dataset of an event: the table and its version (Delta version or Iceberg snapshot id). */
  public record DatasetVersion(TableId table, long version) {
    public DatasetVersion {
      requireNonNull(table, "table is null");
    }
  }

  public LineageEmitter(String warehouse, Configuration hadoop) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.hadoop = requireNonNull(hadoop, "hadoop is null");
  }

  /** The OpenLineage run id (a UUID) of one step of a factory run. */
  public static UUID stepRunId(String runId, String step) {
    return UUID.nameUUIDFromBytes((runId + "/" + step).getBytes(StandardCharsets.UTF_8));
  }

  public void start(String runId, String step, List<DatasetVersion> inputs) {
    emit("START", runId, step, inputs, List.of(), null);
  }

  public void complete(
      String runId, String step, List<DatasetVersion> inputs, List<DatasetVersion> outputs) {
    emit("COMPLETE", runId, step, inputs, outputs, null);
  }

  public void fail(String runId, String step, List<DatasetVersion> inputs, String message) {
    emit("FAIL", runId, step, inputs, List.of(), message);
  }

  ObjectNode event(
      String type,
      String runId,
      String step,
      List<DatasetVersion> inputs,
      List<DatasetVersion> outputs,
      String error) {
    ObjectNode e = JSON.createObjectNode();
    e.put("eventType", type);
    e.put("eventTime", Instant.now().toString());
    e.put("producer", PRODUCER);
    e.put("schemaURL", SCHEMA_URL);
    ObjectNode run = e.putObject("run");
    run.put("runId", stepRunId(runId, step).toString());
    ObjectNode runFacets = run.putObject("facets");
    ObjectNode parent = runFacets.putObject("parent");
    parent.put("_producer", PRODUCER);
    parent.put(
        "_schemaURL",
        "https://openlineage.io/spec/facets/1-0-1/ParentRunFacet.json#/$defs/ParentRunFacet");
    parent
        .putObject("run")
        .put("runId", UUID.nameUUIDFromBytes(runId.getBytes(StandardCharsets.UTF_8)).toString());
    parent.putObject("job").put("namespace", JOB_NAMESPACE).put("name", "factory_run");
    if (error != null) {
      ObjectNode err = runFacets.putObject("errorMessage");
      err.put("_producer", PRODUCER);
      err.put(
          "_schemaURL",
          "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet");
      err.put("message", error);
      err.put("programmingLanguage", "Java");
    }
    e.putObject("job").put("namespace", JOB_NAMESPACE).put("name", step);
    datasets(e.putArray("inputs"), inputs, "inputFacets");
    datasets(e.putArray("outputs"), outputs, "outputFacets");
    return e;
  }

  private void datasets(ArrayNode array, List<DatasetVersion> datasets, String ignored) {
    for (DatasetVersion d : datasets) {
      ObjectNode n = array.addObject();
      n.put("namespace", warehouse);
      n.put("name", d.table().sqlName());
      ObjectNode version = n.putObject("facets").putObject("version");
      version.put("_producer", PRODUCER);
      version.put(
          "_schemaURL",
          "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet");
      version.put("datasetVersion", Long.toString(d.version()));
    }
  }

  private void emit(
      String type,
      String runId,
      String step,
      List<DatasetVersion> inputs,
      List<DatasetVersion> outputs,
      String error) {
    try {
      String line =
          JSON.writeValueAsString(event(type, runId, step, inputs, outputs, error)) + "\n";
      Path file = new Path(warehouse + "/_lineage/" + runId + ".jsonl");
      FileSystem fs = file.getFileSystem(hadoop);
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
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
      LOG.warn("lineage event {} of {} not written: {}", type, step, e.toString());
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
