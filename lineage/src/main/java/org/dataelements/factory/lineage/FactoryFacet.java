package org.dataelements.factory.lineage;

import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.util.Map;

/**
 * The factory's own facets, each with its JSON Schema under {@code
 * lineage/src/main/resources/org/dataelements/factory/lineage/facets/}: {@code factory_dataset}
 * (what a dataset node is: its kind, the branch or tag read, a file's checksum), {@code
 * factory_sensitivity} (each column's grade), {@code factory_release} (a release decision: tag,
 * approvers) and {@code factory_pull} (who pulled which version).
 *
 * <p>They extend openlineage-java's generic facets and only override the schema URL, so they take
 * their JSON mapping (the {@code _producer}/{@code _schemaURL} names, properties flattened into the
 * facet) from whichever copy of the OpenLineage classes is loaded: openlineage-spark bundles them
 * with a relocated Jackson, whose mapper would not see this project's own Jackson annotations.
 */
public final class FactoryFacet {
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

  private FactoryFacet() {}

  /** The schema file of a facet key, e.g. {@code FactoryDatasetFacet.json}. */
  public static String schemaFile(String key) {
    return SCHEMAS.get(key) + ".json";
  }

  static URI schemaUrl(String key) {
    String schema = SCHEMAS.get(key);
    if (schema == null) {
      throw new IllegalArgumentException("no schema for facet " + key);
    }
    return URI.create(SCHEMA_BASE + schema + ".json#/$defs/" + schema);
  }

  static OpenLineage.DatasetFacet dataset(URI producer, String key, Map<String, ?> properties) {
    return new Dataset(producer, schemaUrl(key), properties);
  }

  static OpenLineage.RunFacet run(URI producer, String key, Map<String, ?> properties) {
    return new Run(producer, schemaUrl(key), properties);
  }

  private static final class Dataset extends OpenLineage.DefaultDatasetFacet {
    private final URI schemaUrl;

    Dataset(URI producer, URI schemaUrl, Map<String, ?> properties) {
      super(producer, null);
      this.schemaUrl = schemaUrl;
      getAdditionalProperties().putAll(properties);
    }

    @Override
    public URI get_schemaURL() {
      return schemaUrl;
    }
  }

  private static final class Run extends OpenLineage.DefaultRunFacet {
    private final URI schemaUrl;

    Run(URI producer, URI schemaUrl, Map<String, ?> properties) {
      super(producer);
      this.schemaUrl = schemaUrl;
      getAdditionalProperties().putAll(properties);
    }

    @Override
    public URI get_schemaURL() {
      return schemaUrl;
    }
  }
}
