package org.dataelements.factory.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds OpenLineage run events with openlineage-java: the run and its parent (the {@code factory
 * run}), the job, and datasets with their schema, data source, version, quality facets, column
 * lineage and the factory's own facets. A facet that cannot be built (a step's declaration naming a
 * column the output lacks, a metric that is not a number) is dropped with one warning; the event
 * still goes out.
 */
final class LineageEvents {
  private static final Logger LOG = LoggerFactory.getLogger(LineageEvents.class);
  static final URI PRODUCER = URI.create("https://github.com/data-elements/factory");
  static final String PARENT_JOB = "factory_run";

  private final OpenLineage ol = new OpenLineage(PRODUCER);
  private final String jobNamespace;

  LineageEvents(String jobNamespace) {
    this.jobNamespace = jobNamespace;
  }

  /** The OpenLineage run id of one job of a factory run. */
  static UUID runId(String factoryRun, String job) {
    return UUID.nameUUIDFromBytes((factoryRun + "/" + job).getBytes(StandardCharsets.UTF_8));
  }

  /** The OpenLineage run id of the factory run itself, parent of its jobs. */
  static UUID parentRunId(String factoryRun) {
    return UUID.nameUUIDFromBytes(factoryRun.getBytes(StandardCharsets.UTF_8));
  }

  OpenLineage.RunEvent event(
      OpenLineage.RunEvent.EventType type,
      Instant at,
      UUID jobRun,
      String factoryRun,
      String job,
      List<LineageDataset> inputs,
      List<LineageDataset> outputs,
      Optional<String> error,
      Map<String, Map<String, Object>> runFacets) {
    OpenLineage.RunFacetsBuilder facets = ol.newRunFacetsBuilder();
    facets.parent(
        ol.newParentRunFacetBuilder()
            .run(ol.newParentRunFacetRunBuilder().runId(parentRunId(factoryRun)).build())
            .job(ol.newParentRunFacetJobBuilder().namespace(jobNamespace).name(PARENT_JOB).build())
            .build());
    error.ifPresent(
        message -> facets.errorMessage(ol.newErrorMessageRunFacet(message, "Java", null)));
    runFacets.forEach(
        (key, properties) ->
            guarded(job, key, () -> FactoryFacet.run(PRODUCER, key, properties))
                .ifPresent(f -> facets.put(key, f)));
    List<OpenLineage.InputDataset> in = new ArrayList<>();
    for (LineageDataset d : inputs) {
      in.add(
          ol.newInputDatasetBuilder()
              .namespace(d.namespace())
              .name(d.name())
              .facets(datasetFacets(job, d, false))
              .inputFacets(inputFacets(job, d))
              .build());
    }
    List<OpenLineage.OutputDataset> out = new ArrayList<>();
    for (LineageDataset d : outputs) {
      out.add(ol.newOutputDataset(d.namespace(), d.name(), datasetFacets(job, d, true), null));
    }
    return ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(ZonedDateTime.ofInstant(at, ZoneOffset.UTC))
        .run(ol.newRun(jobRun, facets.build()))
        .job(ol.newJob(jobNamespace, job, null))
        .inputs(in)
        .outputs(out)
        .build();
  }

  static String json(OpenLineage.RunEvent event) {
    return OpenLineageClientUtils.toJson(event);
  }

  /**
   * The checks and metrics of an input: a quality check reads the table it checks, so they are
   * input facets (as the spec has them).
   */
  private OpenLineage.InputDatasetInputFacets inputFacets(String job, LineageDataset d) {
    if (d.assertions().isEmpty() && d.metrics().isEmpty()) {
      return null;
    }
    OpenLineage.InputDatasetInputFacetsBuilder b = ol.newInputDatasetInputFacetsBuilder();
    if (!d.assertions().isEmpty()) {
      guarded(job, "dataQualityAssertions", () -> assertions(d))
          .ifPresent(b::dataQualityAssertions);
    }
    d.metrics()
        .flatMap(m -> guarded(job, "dataQualityMetrics", () -> inputMetrics(m)))
        .ifPresent(b::dataQualityMetrics);
    return b.build();
  }

  private OpenLineage.DatasetFacets datasetFacets(String job, LineageDataset d, boolean output) {
    OpenLineage.DatasetFacetsBuilder b = ol.newDatasetFacetsBuilder();
    guarded(job, "version", () -> ol.newDatasetVersionDatasetFacet(d.version()))
        .ifPresent(b::version);
    guarded(
            job,
            "dataSource",
            () -> ol.newDatasourceDatasetFacet(d.namespace(), uri(d.namespace())))
        .ifPresent(b::dataSource);
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("kind", d.kind().label());
    d.ref().ifPresent(r -> node.put("ref", r));
    if (d.kind() == LineageDataset.Kind.FILE) {
      node.put("checksum", d.version());
    }
    guarded(
            job,
            FactoryFacet.DATASET,
            () -> FactoryFacet.dataset(PRODUCER, FactoryFacet.DATASET, node))
        .ifPresent(f -> b.put(FactoryFacet.DATASET, f));
    if (!d.schema().isEmpty()) {
      guarded(job, "schema", () -> schema(d)).ifPresent(b::schema);
    }
    if (!d.sensitivity().isEmpty()) {
      guarded(job, FactoryFacet.SENSITIVITY, () -> sensitivity(d))
          .ifPresent(f -> b.put(FactoryFacet.SENSITIVITY, f));
    }
    if (output) {
      d.metrics()
          .flatMap(m -> guarded(job, "dataQualityMetrics", () -> metrics(m)))
          .ifPresent(b::dataQualityMetrics);
    }
    if (!d.columnLineage().isEmpty()) {
      guarded(job, "columnLineage", () -> columnLineage(d)).ifPresent(b::columnLineage);
    }
    return b.build();
  }

  private OpenLineage.SchemaDatasetFacet schema(LineageDataset d) {
    List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
    for (LineageDataset.Field f : d.schema()) {
      fields.add(
          ol.newSchemaDatasetFacetFieldsBuilder()
              .name(f.name())
              .type(f.type())
              .description(f.description().orElse(null))
              .build());
    }
    return ol.newSchemaDatasetFacet(fields);
  }

  private OpenLineage.DatasetFacet sensitivity(LineageDataset d) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (var e : new java.util.TreeMap<>(d.sensitivity()).entrySet()) {
      requireColumn(d, e.getKey(), "sensitivity");
      String grade = e.getValue().grade().toLowerCase(Locale.ROOT);
      if (!List.of("general", "important", "core").contains(grade)) {
        throw new IllegalArgumentException("grade '" + e.getValue().grade() + "' is not a grade");
      }
      fields.put(e.getKey(), Map.of("grade", grade, "personal", e.getValue().personal()));
    }
    return FactoryFacet.dataset(PRODUCER, FactoryFacet.SENSITIVITY, Map.of("fields", fields));
  }

  private OpenLineage.DataQualityAssertionsDatasetFacet assertions(LineageDataset d) {
    List<OpenLineage.DataQualityAssertionsDatasetFacetAssertions> list = new ArrayList<>();
    for (LineageDataset.Assertion a : d.assertions()) {
      list.add(
          ol.newDataQualityAssertionsDatasetFacetAssertionsBuilder()
              .assertion(a.assertion())
              .success(a.success())
              .column(a.column().orElse(null))
              .severity(a.severity())
              .expected(a.expected().orElse(null))
              .actual(a.actual().orElse(null))
              .build());
    }
    return ol.newDataQualityAssertionsDatasetFacet(list);
  }

  private OpenLineage.DataQualityMetricsDatasetFacet metrics(LineageDataset.Metrics m) {
    OpenLineage.DataQualityMetricsDatasetFacetColumnMetricsBuilder columns =
        ol.newDataQualityMetricsDatasetFacetColumnMetricsBuilder();
    for (var e : new java.util.TreeMap<>(m.columns()).entrySet()) {
      LineageDataset.ColumnMetrics c = e.getValue();
      columns.put(
          e.getKey(),
          ol.newDataQualityMetricsDatasetFacetColumnMetricsAdditionalBuilder()
              .nullCount(c.nullCount().isPresent() ? c.nullCount().getAsLong() : null)
              .distinctCount(c.distinctCount().isPresent() ? c.distinctCount().getAsLong() : null)
              .min(finite(c.min()))
              .max(finite(c.max()))
              .sum(finite(c.sum()))
              .build());
    }
    return ol.newDataQualityMetricsDatasetFacetBuilder()
        .rowCount(m.rowCount().isPresent() ? m.rowCount().getAsLong() : null)
        .columnMetrics(columns.build())
        .build();
  }

  private OpenLineage.DataQualityMetricsInputDatasetFacet inputMetrics(LineageDataset.Metrics m) {
    OpenLineage.DataQualityMetricsInputDatasetFacetColumnMetricsBuilder columns =
        ol.newDataQualityMetricsInputDatasetFacetColumnMetricsBuilder();
    for (var e : new java.util.TreeMap<>(m.columns()).entrySet()) {
      LineageDataset.ColumnMetrics c = e.getValue();
      columns.put(
          e.getKey(),
          ol.newDataQualityMetricsInputDatasetFacetColumnMetricsAdditionalBuilder()
              .nullCount(c.nullCount().isPresent() ? c.nullCount().getAsLong() : null)
              .distinctCount(c.distinctCount().isPresent() ? c.distinctCount().getAsLong() : null)
              .min(finite(c.min()))
              .max(finite(c.max()))
              .sum(finite(c.sum()))
              .build());
    }
    return ol.newDataQualityMetricsInputDatasetFacetBuilder()
        .rowCount(m.rowCount().isPresent() ? m.rowCount().getAsLong() : null)
        .columnMetrics(columns.build())
        .build();
  }

  private static Double finite(Optional<Double> v) {
    if (v.isPresent() && !Double.isFinite(v.get())) {
      throw new IllegalArgumentException("metric " + v.get() + " is not a finite number");
    }
    return v.orElse(null);
  }

  private OpenLineage.ColumnLineageDatasetFacet columnLineage(LineageDataset d) {
    OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields =
        ol.newColumnLineageDatasetFacetFieldsBuilder();
    for (var e : new java.util.TreeMap<>(d.columnLineage()).entrySet()) {
      requireColumn(d, e.getKey(), "column lineage");
      List<OpenLineage.InputField> sources = new ArrayList<>();
      for (LineageDataset.ColumnSource s : e.getValue()) {
        sources.add(ol.newInputField(s.namespace(), s.name(), s.field(), null));
      }
      fields.put(
          e.getKey(),
          ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(sources).build());
    }
    return ol.newColumnLineageDatasetFacet(fields.build(), null);
  }

  private static void requireColumn(LineageDataset d, String column, String what) {
    if (!d.schema().isEmpty() && d.schema().stream().noneMatch(f -> f.name().equals(column))) {
      throw new IllegalArgumentException(
          what + " names column '" + column + "', which " + d.name() + " does not have");
    }
  }

  private static URI uri(String namespace) {
    try {
      return URI.create(namespace);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A facet, or none (with a warning) when it cannot be built. */
  private static <T> Optional<T> guarded(String job, String facet, Supplier<T> build) {
    try {
      return Optional.ofNullable(build.get());
    } catch (RuntimeException e) {
      LOG.warn("lineage: facet {} of job {} dropped: {}", facet, job, e.getMessage());
      return Optional.empty();
    }
  }
}
