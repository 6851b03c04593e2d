package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a step rebuilds only the months its changed inputs touch, with a result identical to a full
 * rebuild. The step promises that its output rows of a month depend only on its keyed inputs' rows
 * of that month (and on unkeyed inputs, read whole); each key is a Spark SQL expression giving the
 * month as {@code yyyy-MM} (null for a row whose month cannot be read, e.g. an unparseable date,
 * which forms a "month" of its own).
 *
 * <p>The runner reads the keyed inputs' rows changed since the step's last build (Delta's change
 * data feed), takes their months, rebuilds the step from the inputs' rows of those months and
 * replaces exactly those months in each keyed output ({@code replaceWhere}). With {@code
 * fileColumn}, a keyed input is read by whole source files: every file holding a row of an affected
 * month, all its versions, so that a step choosing the latest version of each file sees them all,
 * and the months of a superseded version are affected too. Outputs without a key depend only on
 * unkeyed inputs and are left as they are. A changed unkeyed input, spec, code or reference list
 * rebuilds everything.
 *
 * <p>A key that is a plain column name is a date column: its month is taken, and the runner selects
 * and replaces months as date ranges, which the files' statistics can skip, and writes the output
 * in date order so that a month lives in few files.
 *
 * @param inputKeys the month of each keyed input's rows
 * @param outputKeys the month of each keyed output's rows (quarantine tables included)
 * @param fileColumn the column naming each row's source file in the keyed inputs, if any
 * @param outputFileColumn the column naming each row's source file in the keyed outputs (and
 *     quarantines), if they have one: every landed row of a file is in one of them, so the files
 *     holding a month are found there (by the outputs' date ranges) instead of by scanning the
 *     whole input
 */
public record Incremental(
    Map<TableId, String> inputKeys,
    Map<TableId, String> outputKeys,
    Optional<String> fileColumn,
    Optional<String> outputFileColumn) {
  /** Without source files in the outputs. */
  public Incremental(
      Map<TableId, String> inputKeys,
      Map<TableId, String> outputKeys,
      Optional<String> fileColumn) {
    this(inputKeys, outputKeys, fileColumn, Optional.empty());
  }

  public Incremental {
    requireNonNull(outputFileColumn, "outputFileColumn is null");
    inputKeys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputKeys));
    outputKeys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputKeys));
    requireNonNull(fileColumn, "fileColumn is null");
    if (inputKeys.isEmpty() || outputKeys.isEmpty()) {
      throw new IllegalArgumentException("an incremental step keys at least one input and output");
    }
  }
}
