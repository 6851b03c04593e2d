package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The identity of a table: layer, namespace (source, domain or product) and entity. It alone knows
 * a table's SQL name and, for the Delta layers, its location under the warehouse (DESIGN §2).
 */
public record TableId(Layer layer, String namespace, String entity) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final String QUARANTINE_SUFFIX = "__quarantine";

  /** The Iceberg catalog that holds gold and ops tables. */
  public static final String ICEBERG_CATALOG = "lake";

  public TableId {
    requireNonNull(layer, "layer is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(entity, "entity is null");
    if (!NAME.matcher(namespace).matches() || namespace.contains("__")) {
      throw CoreErrors.badTableName("namespace", namespace);
    }
    if (!NAME.matcher(entity).matches()) {
      throw CoreErrors.badTableName("entity", entity);
    }
    if (layer == Layer.OPS && !namespace.equals("ops")) {
      throw CoreErrors.badTableName("ops namespace", namespace);
    }
  }

  public static TableId of(Layer layer, String namespace, String entity) {
    return new TableId(layer, namespace, entity);
  }

  public static TableId bronze(String source, String object) {
    return of(Layer.BRONZE, source, object);
  }

  public static TableId silver(String domain, String entity) {
    return of(Layer.SILVER, domain, entity);
  }

  public static TableId gold(String product, String table) {
    return of(Layer.GOLD, product, table);
  }

  public static TableId ops(String table) {
    return of(Layer.OPS, "ops", table);
  }

  /**
   * Parses a SQL name as printed by {@link #sqlName()}.
   *
   * @throws InvalidSpecException when the name fits no layer's pattern
   */
  public static TableId parse(String sqlName) {
    requireNonNull(sqlName, "sqlName is null");
    String[] parts = sqlName.trim().toLowerCase(java.util.Locale.ROOT).split("\\.");
    if (parts.length == 2 && (parts[0].equals("bronze") || parts[0].equals("silver"))) {
      int split = parts[1].indexOf("__");
      if (split > 0) {
        Layer layer = parts[0].equals("bronze") ? Layer.BRONZE : Layer.SILVER;
        return of(layer, parts[1].substring(0, split), parts[1].substring(split + 2));
      }
    }
    if (parts.length == 3 && parts[0].equals(ICEBERG_CATALOG)) {
      Layer layer = parts[1].equals("ops") ? Layer.OPS : Layer.GOLD;
      return of(layer, parts[1], parts[2]);
    }
    throw CoreErrors.unparseableTableName(sqlName);
  }

  /** The name by which {@code factory sql} and Spark read this table. */
  public String sqlName() {
    return switch (layer) {
      case BRONZE, SILVER -> layer.label() + "." + namespace + "__" + entity;
      case GOLD, OPS -> ICEBERG_CATALOG + "." + namespace + "." + entity;
    };
  }

  /** The table that receives this table's rejected rows ({@code <sql name>__quarantine}). */
  public TableId quarantine() {
    if (isQuarantine()) {
      return this;
    }
    return new TableId(layer, namespace, entity + QUARANTINE_SUFFIX);
  }

  public boolean isQuarantine() {
    return entity.endsWith(QUARANTINE_SUFFIX);
  }

  /** The table's format, from its layer. */
  public Layer.TableFormat format() {
    return layer.format();
  }

  /**
   * The directory of a Delta table under the warehouse ({@code <warehouse>/<layer>/<ns>/<entity>}).
   * Iceberg tables are placed by their catalog.
   */
  public String location(String warehouseUri) {
    if (layer.format() != Layer.TableFormat.DELTA) {
      throw new IllegalStateException(sqlName() + " is an Iceberg table; its catalog places it");
    }
    String base = warehouseUri.endsWith("/") ? warehouseUri : warehouseUri + "/";
    return base + layer.label() + "/" + namespace + "/" + entity;
  }

  @Override
  public String toString() {
    return sqlName();
  }
}
