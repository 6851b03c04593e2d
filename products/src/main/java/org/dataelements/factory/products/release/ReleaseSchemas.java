package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one rendering of a Spark schema that a release's {@code schema_sha256} is computed over, for
 * both sides: whoever writes the manifest and {@link Pull}, which checks it. Hash the schema Spark
 * reports for the table <em>as read at the released snapshot</em> (for example {@code
 * lakehouse.readRef(id, "v1.2.0").schema()}), not the schema of the DataFrame that was written:
 * Iceberg may report other nullability than the writer's DataFrame had.
 */
public final class ReleaseSchemas {
  private ReleaseSchemas() {}

  /**
   * The columns of a schema in order: name, {@link
   * org.apache.spark.sql.types.DataType#catalogString()} (e.g. {@code array<string>}, {@code
   * map<string,bigint>}, {@code decimal(10,2)}) and nullability.
   */
  public static List<SchemaColumn> schemaColumns(StructType schema) {
    requireNonNull(schema, "schema is null");
    return Arrays.stream(schema.fields()).map(ReleaseSchemas::column).toList();
  }

  /** {@link SchemaHash#of(List)} over {@link #schemaColumns(StructType)}. */
  public static String sha256(StructType schema) {
    return SchemaHash.of(schemaColumns(schema));
  }

  private static SchemaColumn column(StructField f) {
    return new SchemaColumn(f.name(), f.dataType().catalogString(), f.nullable());
  }
}
