package org.dataelements.factory.lineage.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dataelements.factory.lineage.FactoryFacet;

/**
 * Validates run events against the official OpenLineage schemas in {@code
 * ../shared/specs/openlineage} (read from there, each {@code $id} mapped to its file) and every
 * facet against its own schema, found by its {@code _schemaURL}: the spec's facets there, the
 * factory's facets from this module's resources. A facet whose schema is neither is an error, so a
 * facet the spec does not know cannot slip through.
 */
public final class OpenLineageSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CORE = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
  private final SchemaRegistry registry;
  private final Map<String, String> byId = new HashMap<>();
  private final Map<String, Schema> cache = new HashMap<>();

  private OpenLineageSchemas(Path specs) throws IOException {
    Path core = specs.resolve("OpenLineage.json");
    byId.put(CORE, Files.readString(core));
    try (Stream<Path> files = Files.list(specs.resolve("facets"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        String text = Files.readString(f);
        byId.put(JSON.readTree(text).get("$id").asText(), text);
      }
    }
    for (String key :
        List.of(
            FactoryFacet.DATASET,
            FactoryFacet.SENSITIVITY,
            FactoryFacet.RELEASE,
            FactoryFacet.PULL)) {
      String file = FactoryFacet.schemaFile(key);
      try (InputStream in = FactoryFacet.class.getResourceAsStream("facets/" + file)) {
        if (in == null) {
          throw new IllegalStateException("no schema resource facets/" + file);
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        byId.put(JSON.readTree(text).get("$id").asText(), text);
      }
    }
    this.registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b -> b.resourceLoaders(r -> r.resources(Map.copyOf(byId))));
  }

  /**
   * The schemas of {@code ../shared/specs/openlineage}, found from the working directory upward;
   * fails (never skips) when they are missing: CI runs beside {@code ../shared}.
   */
  public static OpenLineageSchemas load() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path specs = d.resolveSibling("shared").resolve("specs/openlineage");
      if (Files.isRegularFile(specs.resolve("OpenLineage.json"))) {
        try {
          return new OpenLineageSchemas(specs);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException(
        "../shared/specs/openlineage not found above " + dir + ": the tests need the shared specs");
  }

  /** Every problem of one event (empty when valid): the core schema, then each facet's own. */
  public List<String> problems(String eventJson) {
    List<String> out = new ArrayList<>();
    JsonNode event;
    try {
      event = JSON.readTree(eventJson);
    } catch (IOException e) {
      return List.of("not JSON: " + e.getMessage());
    }
    for (Error e : schema(CORE + "#/$defs/RunEvent").validate(event)) {
      out.add("RunEvent: " + e);
    }
    facets(event.path("run").path("facets"), "run", out);
    facets(event.path("job").path("facets"), "job", out);
    for (String side : List.of("inputs", "outputs")) {
      for (JsonNode d : event.path(side)) {
        String where = side + " " + d.path("name").asText();
        facets(d.path("facets"), where, out);
        facets(d.path("inputFacets"), where, out);
        facets(d.path("outputFacets"), where, out);
      }
    }
    return out;
  }

  private void facets(JsonNode facets, String where, List<String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String url = f.getValue().path("_schemaURL").asText("");
      int hash = url.indexOf('#');
      String id = hash < 0 ? url : url.substring(0, hash);
      if (!byId.containsKey(id)) {
        out.add(where + " facet " + f.getKey() + ": no schema known for _schemaURL '" + url + "'");
        continue;
      }
      // A facet schema describes the facets object ({"<key>": facet}); validate that.
      JsonNode wrapped = JSON.createObjectNode().set(f.getKey(), f.getValue());
      for (Error e : schema(id).validate(wrapped)) {
        out.add(where + " facet " + f.getKey() + ": " + e);
      }
      if (hash >= 0) {
        for (Error e : schema(url).validate(f.getValue())) {
          out.add(where + " facet " + f.getKey() + " (" + url.substring(hash) + "): " + e);
        }
      }
    }
  }

  private Schema schema(String iri) {
    return cache.computeIfAbsent(iri, i -> registry.getSchema(SchemaLocation.of(i)));
  }
}
