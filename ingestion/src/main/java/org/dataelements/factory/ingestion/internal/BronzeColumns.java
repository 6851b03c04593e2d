package org.dataelements.factory.ingestion.internal;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Audit columns of bronze (DESIGN §2) and the schema of a bronze quarantine. */
public final class BronzeColumns {
  public static final String INGESTED_AT = "_ingested_at";
  public static final String SOURCE_FILE = "_source_file";
  public static final String SOURCE_CHECKSUM = "_source_checksum";
  public static final String BATCH_ID = "_batch_id";
  public static final String RESCUED_DATA = "_rescued_data";

  /**
   * The record's position in its file (1 = the file's first record; title and header rows count,
   * blank lines do not), for delimited spreadsheet exports whose row order carries meaning.
   */
  public static final String RECORD_NUMBER = "_record_number";

  /** Quarantined records: file, record number where known, the raw text and the reason. */
  public static final StructType QUARANTINE =
      new StructType()
          .add(SOURCE_FILE, DataTypes.StringType, false)
          .add(SOURCE_CHECKSUM, DataTypes.StringType, false)
          .add("record_number", DataTypes.LongType, true)
          .add("raw_record", DataTypes.StringType, true)
          .add("reason", DataTypes.StringType, false);

  private BronzeColumns() {}

  /**
   * A source column name made acceptable to Delta (no spaces or {@code ,;{}()=}); the original
   * stays in the column's comment.
   */
  public static String safeName(String name) {
    String s = name.trim().replaceAll("[\\s,;{}()=\\n\\t]+", "_");
    return s.isEmpty() ? "_unnamed" : s;
  }
}
