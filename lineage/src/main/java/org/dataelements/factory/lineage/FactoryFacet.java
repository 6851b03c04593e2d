package org.dataelements.factory.lineage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of the factory's own facets, each with its JSON Schema under {@code
 * lineage/src/main/resources/org/dataelements/factory/lineage/facets/}: {@code factory_dataset}
 * (what a dataset node is: its kind, the branch or tag read, a file's checksum), {@code
 * factory_sensitivity} (each column's grade), {@code factory_release} (a release decision: tag,
 * approvers) and {@code factory_pull} (who pulled which version).
 */
@JsonPropertyOrder({"_producer", "_schemaURL"})
public final class FactoryFacet implements OpenLineage.DatasetFacet, OpenLineage.RunFacet {
  /** Where the facets' schemas are published; their {@code $id}s start with it. */
  public static final String SCHEMA_BASE =
      "https://github.com/data-elements/factory/spec/facets/1-0-0/";

  public static final String DATASET = "factory_dataset";
  public static final String SENSITIVITY = "factory_sensitivity";
  public static final String RELEASE = "factory_release";
  public static final String PULL = "factory_pull";

  private static final Map<String, String> SCHEMAS =
      Map.of(
          DATASET, "FactoryDatasetFacet",
          SENSITIVITY, "SensitivityDatasetFacet",
          RELEASE, "ReleaseRunFacet",
          PULL, "PullRunFacet");

  private final URI producer;
  private final URI schemaUrl;
  private final Map<String, Object> properties;

  FactoryFacet(URI producer, String key, Map<String, ?> properties) {
    this.producer = requireNonNull(producer, "producer is null");
    String schema = SCHEMAS.get(key);
    if (schema == null) {
      throw new IllegalArgumentException("no schema for facet " + key);
    }
    this.schemaUrl = URI.create(SCHEMA_BASE + schema + ".json#/$defs/" + schema);
    this.properties = new LinkedHashMap<>(properties);
  }

  /** The schema file of a facet key, e.g. {@code FactoryDatasetFacet.json}. */
  public static String schemaFile(String key) {
    return SCHEMAS.get(key) + ".json";
  }

  @Override
  @JsonProperty("_producer")
  public URI get_producer() {
    return producer;
  }

  @Override
  @JsonProperty("_schemaURL")
  public URI get_schemaURL() {
    return schemaUrl;
  }

  @Override
  @JsonIgnore
  public Boolean get_deleted() {
    return null;
  }

  @Override
  @JsonIgnore
  public Boolean isDeleted() {
    return null;
  }

  @Override
  @JsonAnyGetter
  public Map<String, Object> getAdditionalProperties() {
    return properties;
  }
}
