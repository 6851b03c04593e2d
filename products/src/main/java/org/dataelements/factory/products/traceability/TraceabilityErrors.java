package org.dataelements.factory.products.traceability;

import java.util.List;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.core.InvalidSpecException;

/**
 * Factory of the exceptions raised by the traceability product; each message names the problem, the
 * offending value and the expected one, and says how to fix it.
 */
public final class TraceabilityErrors {
  private TraceabilityErrors() {}

  /** The edges given to the closure lack columns or have them with other types. */
  public static DataInputException badEdgeColumns(List<String> problems) {
    return new DataInputException(
        "lot genealogy edges cannot be used: "
            + String.join("; ", problems)
            + "; the closure needs from_id STRING, to_id STRING, edge_type STRING and event_time"
            + " TIMESTAMP (the columns of silver.trace__edges)");
  }

  /** A closure option is out of range. */
  public static InvalidSpecException badClosureOption(
      String option, Object value, String expected) {
    return new InvalidSpecException(
        List.of(
            "lineage closure option "
                + option
                + " '"
                + value
                + "' is not valid; expected "
                + expected));
  }

  /**
   * The genealogy still grew after {@code maxDepth} rounds: a chain longer than the safety bound.
   */
  public static DataInputException depthExceeded(
      int maxDepth, long newPairs, String upstreamId, String downstreamId) {
    return new DataInputException(
        "lot genealogy is deeper than max_depth "
            + maxDepth
            + ": "
            + newPairs
            + " pair(s) of lots are first connected by a path of "
            + (maxDepth + 1)
            + " edges (e.g. '"
            + upstreamId
            + "' upstream of '"
            + downstreamId
            + "'); real chains are a few dozen edges deep, so look for mislabelled lots that"
            + " chain unrelated batches together in silver.trace__edges, or raise the"
            + " traceability product's parameter max_depth (conf/products/traceability.yaml) if"
            + " the chain is real");
  }

  /** A reliable checkpoint was asked for, but the SparkContext has no checkpoint directory. */
  public static InvalidSpecException noCheckpointDir() {
    return new InvalidSpecException(
        List.of(
            "lineage closure truncation RELIABLE_CHECKPOINT needs a checkpoint directory, and the"
                + " SparkContext has none; call SparkContext.setCheckpointDir(DIR) first or use"
                + " LOCAL_CHECKPOINT"));
  }
}
