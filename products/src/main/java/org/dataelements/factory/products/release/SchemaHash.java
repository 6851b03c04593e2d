package org.dataelements.factory.products.release;

import java.util.List;
import org.dataelements.factory.products.release.internal.Sha256;
import org.dataelements.factory.products.release.internal.StrictJson;

/**
 * The {@code schema_sha256} of a table: SHA-256 (lower-case hex) over a canonical rendering of its
 * columns in order, {@code [["name","type",nullable],...]} as compact JSON in UTF-8, with types
 * normalized by {@link SchemaColumn}. Equal schemas give equal hashes whatever engine printed them;
 * a renamed, retyped, reordered, added or removed column changes the hash.
 */
public final class SchemaHash {
  private SchemaHash() {}

  /** The hash of the columns, in their table order. */
  public static String of(List<SchemaColumn> columns) {
    return Sha256.hex(canonical(columns));
  }

  /** The exact bytes hashed, for reviewers and tests. */
  public static byte[] canonical(List<SchemaColumn> columns) {
    return StrictJson.write(
        false,
        g -> {
          g.writeStartArray();
          for (SchemaColumn c : columns) {
            g.writeStartArray();
            g.writeString(c.name());
            g.writeString(c.type());
            g.writeBoolean(c.nullable());
            g.writeEndArray();
          }
          g.writeEndArray();
        });
  }
}
