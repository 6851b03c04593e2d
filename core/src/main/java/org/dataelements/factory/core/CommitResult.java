package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

/** What a commit produced: the table, its new version (Delta version or Iceberg snapshot id). */
public record CommitResult(TableId table, long version, long rowsWritten) {
  public CommitResult {
    requireNonNull(table, "table is null");
  }
}
