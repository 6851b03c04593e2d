package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

/** A column of a table, as a step declares the columns an output column is computed from. */
public record ColumnRef(TableId table, String column) {
  public ColumnRef {
    requireNonNull(table, "table is null");
    requireNonNull(column, "column is null");
  }

  /** A column of the given table. */
  public static ColumnRef of(TableId table, String column) {
    return new ColumnRef(table, column);
  }
}
