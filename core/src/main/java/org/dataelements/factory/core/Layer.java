package org.dataelements.factory.core;

/** The storage layers of DESIGN §2, each with its table format and SQL naming. */
public enum Layer {
  /** Raw records as delivered, Delta, {@code bronze.<source>__<object>}. */
  BRONZE("bronze", TableFormat.DELTA),
  /** Typed, cleaned, conformed records, Delta, {@code silver.<domain>__<entity>}. */
  SILVER("silver", TableFormat.DELTA),
  /** Published product tables, Iceberg, {@code lake.<product>.<table>}. */
  GOLD("gold", TableFormat.ICEBERG),
  /** Operational tables (runs, files, checks), Iceberg, {@code lake.ops.<table>}. */
  OPS("ops", TableFormat.ICEBERG);

  private final String label;
  private final TableFormat format;

  Layer(String label, TableFormat format) {
    this.label = label;
    this.format = format;
  }

  /** The lower-case name used in paths, SQL database names and listings. */
  public String label() {
    return label;
  }

  /** The table format of every table in this layer. */
  public TableFormat format() {
    return format;
  }

  /** The table formats the factory writes. */
  public enum TableFormat {
    DELTA,
    ICEBERG;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
