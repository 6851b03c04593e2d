package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A table declared in YAML (a silver table under conf/tables, or a gold table inside a product):
 * its description (grain, key, freshness), key columns, checks, column sensitivity and the
 * parameters of the step that builds it (bound with {@link SpecParameters#bind(TableSpec, Class)}).
 */
public record TableSpec(
    String name,
    String description,
    List<String> key,
    List<CheckSpec> checks,
    Map<String, Sensitivity> sensitivity,
    Map<String, Object> parameters,
    String origin) {

  public TableSpec {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    key = List.copyOf(key);
    checks = List.copyOf(checks);
    sensitivity = Map.copyOf(sensitivity);
    parameters = Map.copyOf(parameters);
    requireNonNull(origin, "origin is null");
  }

  /** A table without parameters, declared in the given file. */
  public TableSpec(
      String name,
      String description,
      List<String> key,
      List<CheckSpec> checks,
      Map<String, Sensitivity> sensitivity) {
    this(name, description, key, checks, sensitivity, Map.of(), "tables/" + name + ".yaml");
  }

  /** The same table, read from the given file (as shown in messages). */
  public TableSpec withOrigin(String file) {
    return new TableSpec(name, description, key, checks, sensitivity, parameters, file);
  }

  @JsonCreator
  static TableSpec fromYaml(
      @JsonProperty("table") String name,
      @JsonProperty("description") String description,
      @JsonProperty("key") List<String> key,
      @JsonProperty("checks") List<CheckSpec> checks,
      @JsonProperty("sensitivity") Map<String, Sensitivity> sensitivity,
      @JsonProperty("parameters") Map<String, Object> parameters) {
    SpecFields.required(name, "table");
    SpecFields.required(description, "description");
    return new TableSpec(
        name,
        description,
        key == null ? List.of() : key,
        checks == null ? List.of() : checks,
        sensitivity == null ? Map.of() : sensitivity,
        parameters == null ? Map.of() : parameters,
        "tables/" + name + ".yaml");
  }
}
