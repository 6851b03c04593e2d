package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data product (conf/products/*.yaml): owner, description, licence, upstream tables, its gold
 * tables with their checks, and product parameters (e.g. the base year of an index).
 */
public record ProductSpec(
    String name,
    String owner,
    String description,
    String licence,
    List<String> upstream,
    List<TableSpec> tables,
    Map<String, String> parameters) {

  public ProductSpec {
    requireNonNull(name, "name is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(description, "description is null");
    requireNonNull(licence, "licence is null");
    upstream = List.copyOf(upstream);
    tables = List.copyOf(tables);
    parameters = Map.copyOf(parameters);
  }

  @JsonCreator
  static ProductSpec fromYaml(
      @JsonProperty("product") String name,
      @JsonProperty("owner") String owner,
      @JsonProperty("description") String description,
      @JsonProperty("licence") String licence,
      @JsonProperty("upstream") List<String> upstream,
      @JsonProperty("tables") List<TableSpec> tables,
      @JsonProperty("parameters") Map<String, String> parameters) {
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
    return new ProductSpec(
        name,
        owner,
        description,
        licence,
        upstream == null ? List.of() : upstream,
        tables,
        parameters == null ? Map.of() : parameters);
  }

  /** The declared gold table of this product with the given name. */
  public Optional<TableSpec> table(String tableName) {
    return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
  }

  /** A parameter, or the default when the spec does not set it. */
  public String parameter(String key, String defaultValue) {
    return parameters.getOrDefault(key, defaultValue);
  }
}
