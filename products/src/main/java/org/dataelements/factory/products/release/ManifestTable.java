package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * One gold table of a release: its name inside the product, the Iceberg snapshot released, its row
 * count and the {@link SchemaHash} of its schema.
 */
public record ManifestTable(String name, long snapshotId, long rows, String schemaSha256) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ManifestTable {
    SafeNames.table(requireNonNull(name, "name is null"));
    requireNonNull(schemaSha256, "schemaSha256 is null");
    if (rows < 0) {
      throw ReleaseErrors.inconsistent("rows of table " + name, Long.toString(rows), "use >= 0");
    }
    if (!SHA256.matcher(schemaSha256).matches()) {
      throw ReleaseErrors.inconsistent(
          "schema_sha256 of table " + name, schemaSha256, "use 64 lower-case hex digits");
    }
  }
}
