package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One column of a released table's schema, as the manifest's schema hash and the bump rule see it.
 * The type string is kept normalized (lower case, no whitespace), so {@code DECIMAL(10, 2)} and
 * {@code decimal(10,2)} are the same type.
 */
public record SchemaColumn(String name, String type, boolean nullable) {
  public SchemaColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if (name.isEmpty() || name.codePoints().anyMatch(Character::isISOControl)) {
      throw ReleaseErrors.inconsistent("column name", name, "use a non-empty name");
    }
    type = type.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    if (type.isEmpty()) {
      throw ReleaseErrors.inconsistent("type of column " + name, type, "give a type string");
    }
  }
}
