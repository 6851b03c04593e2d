package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data product (conf/products/*.yaml): owner, description, licence, upstream tables, its gold
 * tables with their checks, and product parameters (e.g. the base year of an index) as written in
 * the file; the module that builds the product binds them to its own typed record with {@link
 * SpecParameters#bind}. {@code origin} is the file it was read from, for messages.
 */
public record ProductSpec(
    String name,
    String owner,
    String description,
    String licence,
    List<TableId> upstream,
    List<TableSpec> tables,
    Map<String, Object> parameters,
    String origin) {

  public ProductSpec {
    requireNonNull(name, "name is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(description, "description is null");
    requireNonNull(licence, "licence is null");
    upstream = List.copyOf(upstream);
    tables = List.copyOf(tables);
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    requireNonNull(origin, "origin is null");
  }

  @JsonCreator
  static ProductSpec fromYaml(
      @JsonProperty("product") String name,
      @JsonProperty("owner") String owner,
      @JsonProperty("description") String description,
      @JsonProperty("licence") String licence,
      @JsonProperty("upstream") List<String> upstream,
      @JsonProperty("tables") List<TableSpec> tables,
      @JsonProperty("parameters") Map<String, Object> parameters) {
    SpecFields.name(name, "product");
    SpecFields.required(owner, "owner");
    SpecFields.required(description, "description");
    SpecFields.required(licence, "licence");
    SpecFields.required(tables, "tables");
    var seen = new HashSet<String>();
    for (TableSpec t : tables) {
      SpecFields.name(t.name(), "table");
      if (!seen.add(t.name())) {
        throw new IllegalArgumentException("table '" + t.name() + "' is declared twice");
      }
    }
    List<TableId> up = new java.util.ArrayList<>();
    for (String u : upstream == null ? List.<String>of() : upstream) {
      try {
        up.add(TableId.parse(u));
      } catch (InvalidSpecException e) {
        throw new IllegalArgumentException("upstream: " + e.getMessage());
      }
    }
    Map<String, Object> params = new LinkedHashMap<>();
    if (parameters != null) {
      parameters.forEach(
          (k, v) -> {
            if (v == null) {
              throw new IllegalArgumentException(
                  "parameters." + k + " has no value; give one or remove the key");
            }
            params.put(k, v);
          });
    }
    return new ProductSpec(
        name, owner, description, licence, up, tables, params, "products/" + name + ".yaml");
  }

  /** The same product, read from the given file (as shown in messages). */
  public ProductSpec withOrigin(String file) {
    return new ProductSpec(name, owner, description, licence, upstream, tables, parameters, file);
  }

  /** The declared gold table of this product with the given name. */
  public Optional<TableSpec> table(String tableName) {
    return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
  }

  /** The ids of the product's gold tables ({@code lake.<product>.<table>}). */
  public List<TableId> tableIds() {
    return tables.stream().map(t -> TableId.gold(name, t.name())).toList();
  }
}
