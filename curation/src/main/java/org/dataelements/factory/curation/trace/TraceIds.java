package org.dataelements.factory.curation.trace;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.Gs1Ids;

/**
 * Identifiers of the traceability domain as Spark columns: every id a silver table stores goes
 * through {@link #canonical}, so an EPC URN and the GS1 Digital Link URI of the same item, class,
 * lot, logistic unit or location are one value and join.
 */
public final class TraceIds {
  private static final UserDefinedFunction CANONICAL =
      udf((String id) -> id == null ? null : Gs1Ids.canonical(id), DataTypes.StringType)
          .withName("gs1_canonical");

  private TraceIds() {}

  /** The canonical id (GS1 Digital Link on id.gs1.org for GS1 keys; others trimmed). */
  public static Column canonical(Column id) {
    return when(id.isNull(), lit(null).cast(DataTypes.StringType)).otherwise(CANONICAL.apply(id));
  }

  /**
   * The kind of a canonical id: {@code sgtin} (GTIN + serial), {@code lgtin} (GTIN + lot), {@code
   * gtin} (a product class), {@code sscc}, {@code gln}, {@code other_gs1} or {@code other}.
   */
  public static Column scheme(Column canonical) {
    return when(canonical.rlike("^https://id\\.gs1\\.org/01/[0-9]{14}(/22/[^/]+)?/21/"), "sgtin")
        .when(canonical.rlike("^https://id\\.gs1\\.org/01/[0-9]{14}(/22/[^/]+)?/10/"), "lgtin")
        .when(canonical.rlike("^https://id\\.gs1\\.org/01/[0-9]{14}$"), "gtin")
        .when(canonical.startsWith("https://id.gs1.org/00/"), "sscc")
        .when(canonical.startsWith("https://id.gs1.org/414/"), "gln")
        .when(canonical.startsWith("https://id.gs1.org/"), "other_gs1")
        .otherwise("other");
  }
}
