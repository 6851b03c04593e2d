package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A table declared in YAML (a silver table under conf/tables, or a gold table inside a product):
 * its description (grain, key, freshness), key columns, checks, column sensitivity and the
 * parameters of the step that builds it (bound with {@link SpecParameters#bind(TableSpec, Class)})
 * and, for an Iceberg table, the {@code write.*} and {@code read.*} table properties it is written
 * with (e.g. smaller Parquet row groups and whole column bounds for a table looked up by its key).
 */
public record TableSpec(
    String name,
    String description,
    List<String> key,
    List<CheckSpec> checks,
    Map<String, Sensitivity> sensitivity,
    Map<String, Object> parameters,
    Map<String, String> properties,
    String origin) {

  /** Table properties the factory manages itself; a spec cannot set them. */
  private static final java.util.Set<String> MANAGED =
      java.util.Set.of("write.wap.enabled", "write.format.default");

  public TableSpec {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    key = List.copyOf(key);
    checks = List.copyOf(checks);
    sensitivity = Map.copyOf(sensitivity);
    parameters = Map.copyOf(parameters);
    properties = Map.copyOf(properties);
    for (String property : properties.keySet()) {
      if (!(property.startsWith("write.") || property.startsWith("read."))
          || MANAGED.contains(property)) {
        throw new IllegalArgumentException(
            "properties: '"
                + property
                + "' is not a table property a spec may set; use Iceberg's write.* or read.*"
                + " properties other than "
                + new java.util.TreeSet<>(MANAGED));
      }
    }
    requireNonNull(origin, "origin is null");
  }

  /** A table with parameters and no table properties, declared in the given file. */
  public TableSpec(
      String name,
      String description,
      List<String> key,
      List<CheckSpec> checks,
      Map<String, Sensitivity> sensitivity,
      Map<String, Object> parameters,
      String origin) {
    this(name, description, key, checks, sensitivity, parameters, Map.of(), origin);
  }

  /** A table without parameters, declared in the given file. */
  public TableSpec(
      String name,
      String description,
      List<String> key,
      List<CheckSpec> checks,
      Map<String, Sensitivity> sensitivity) {
    this(
        name,
        description,
        key,
        checks,
        sensitivity,
        Map.of(),
        Map.of(),
        "tables/" + name + ".yaml");
  }

  /** The same table, read from the given file (as shown in messages). */
  public TableSpec withOrigin(String file) {
    return new TableSpec(name, description, key, checks, sensitivity, parameters, properties, file);
  }

  @JsonCreator
  static TableSpec fromYaml(
      @JsonProperty("table") String name,
      @JsonProperty("description") String description,
      @JsonProperty("key") List<String> key,
      @JsonProperty("checks") List<CheckSpec> checks,
      @JsonProperty("sensitivity") Map<String, Sensitivity> sensitivity,
      @JsonProperty("parameters") Map<String, Object> parameters,
      @JsonProperty("properties") Map<String, Object> properties) {
    SpecFields.required(name, "table");
    SpecFields.required(description, "description");
    return new TableSpec(
        name,
        description,
        key == null ? List.of() : key,
        checks == null ? List.of() : checks,
        sensitivity == null ? Map.of() : sensitivity,
        parameters == null ? Map.of() : parameters,
        properties == null ? Map.of() : stringValues(properties),
        "tables/" + name + ".yaml");
  }

  /** YAML reads 1048576 as a number and full as a string; Iceberg wants strings. */
  private static Map<String, String> stringValues(Map<String, Object> values) {
    Map<String, String> out = new java.util.TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (v == null || v instanceof Map || v instanceof List) {
            throw new IllegalArgumentException(
                "properties: '" + k + "' needs a single value, got " + v);
          }
          out.put(k, String.valueOf(v));
        });
    return out;
  }
}
