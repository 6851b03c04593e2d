package org.dataelements.factory.curation;

import static org.apache.spark.sql.functions.regexp_replace;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/** Values as statistical exports deliver them. */
public final class Values {
  private Values() {}

  /**
   * A delivered number ({@code "523,297.00 "}, {@code 49.76 }) as a double: thousands separators
   * and white space dropped; null when what is left is not a number.
   */
  public static Column number(Column delivered) {
    return regexp_replace(delivered, "[,\\s]", "").cast(DataTypes.DoubleType);
  }
}
