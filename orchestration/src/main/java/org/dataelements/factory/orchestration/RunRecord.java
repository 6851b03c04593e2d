package org.dataelements.factory.orchestration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.Redaction;

/**
 * What a {@code factory run} was asked to do, kept as {@code <warehouse>/_runs/<run>.json} (on any
 * file system the warehouse is on): the products and steps it selected, its landing root and, at
 * the end, whether it succeeded. {@code factory run --resume RUN} reads it to run the same
 * selection again, so that steps after the one that failed, which never started and so are not in
 * {@code lake.ops.runs}, run too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunRecord(
    @JsonProperty("run_id") String runId,
    @JsonProperty("products") List<String> products,
    @JsonProperty("steps") List<String> steps,
    @JsonProperty("landing") String landing,
    @JsonProperty("ingest") boolean ingest,
    @JsonProperty("retry_rejected") boolean retryRejected,
    @JsonProperty("full_refresh") boolean fullRefresh,
    @JsonProperty("from") String from,
    @JsonProperty("to") String to,
    @JsonProperty("resumed_from") String resumedFrom,
    @JsonProperty("status") String status,
    @JsonProperty("message") String message) {

  static final String RUNNING = "running";
  static final String SUCCEEDED = "succeeded";
  static final String FAILED = "failed";

  private static final Pattern RUN_ID = Pattern.compile("\\d{8}T\\d{6}Z_[0-9a-f]{4}");
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  RunRecord {
    products = List.copyOf(products);
    steps = List.copyOf(steps);
  }

  /** The same record with its outcome; the reason passes through {@link Redaction} first. */
  RunRecord finished(String outcome, String failure) {
    String why = Redaction.of(failure);
    return new RunRecord(
        runId,
        products,
        steps,
        landing,
        ingest,
        retryRejected,
        fullRefresh,
        from,
        to,
        resumedFrom,
        outcome,
        why);
  }

  /** Checks that a run id given on the command line has the form run ids have (before any I/O). */
  static String checkRunId(String option, String runId) {
    if (!RUN_ID.matcher(runId).matches()) {
      throw CoreErrors.badOption(
          option, runId, "a run id such as 20261204T070500Z_ab12 (see lake.ops.runs)");
    }
    return runId;
  }

  static Path file(String warehouse, String runId) {
    return new Path(warehouse + "/_runs/" + checkRunId("run id", runId) + ".json");
  }

  void write(String warehouse, Configuration hadoop) {
    Path file = file(warehouse, runId);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      try (OutputStream out = fs.create(file, true)) {
        JSON.writerWithDefaultPrettyPrinter().writeValue(out, this);
      }
    } catch (IOException e) {
      throw new LakehouseException("cannot write the run record " + file + ": " + e, e);
    }
  }

  static Optional<RunRecord> read(String warehouse, Configuration hadoop, String runId) {
    Path file = file(warehouse, runId);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(file)) {
        return Optional.of(JSON.readValue(in, RunRecord.class));
      }
    } catch (IOException e) {
      throw new LakehouseException("cannot read the run record " + file + ": " + e, e);
    }
  }
}
