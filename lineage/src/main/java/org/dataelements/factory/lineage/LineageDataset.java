package org.dataelements.factory.lineage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A dataset of a run event, with what the factory knows of it: the version read or written (a Delta
 * version, an Iceberg snapshot id, a file's checksum or a release's version) and the branch or tag
 * it was read on, its schema, each column's sensitivity grade, the quality checks run on it and
 * their metrics, and where each column came from.
 */
public record LineageDataset(
    Kind kind,
    String namespace,
    String name,
    String version,
    Optional<String> ref,
    List<Field> schema,
    Map<String, Grade> sensitivity,
    List<Assertion> assertions,
    Optional<Metrics> metrics,
    Map<String, List<ColumnSource>> columnLineage) {

  /** What a node of the lineage graph is. */
  public enum Kind {
    FILE,
    TABLE,
    RELEASE,
    PULL;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A column of the schema facet. */
  public record Field(String name, String type, Optional<String> description) {
    public Field {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      requireNonNull(description, "description is null");
    }
  }

  /** A column's sensitivity grade (GB/T 43697) and whether it holds personal information. */
  public record Grade(String grade, boolean personal) {
    public Grade {
      requireNonNull(grade, "grade is null");
    }
  }

  /** One quality check of the dataset and its outcome. */
  public record Assertion(
      String assertion,
      Optional<String> column,
      boolean success,
      String severity,
      Optional<String> expected,
      Optional<String> actual) {
    public Assertion {
      requireNonNull(assertion, "assertion is null");
      requireNonNull(column, "column is null");
      requireNonNull(severity, "severity is null");
      requireNonNull(expected, "expected is null");
      requireNonNull(actual, "actual is null");
    }
  }

  /** Metrics the checks computed: rows and, per column, what Deequ measured. */
  public record Metrics(OptionalLong rowCount, Map<String, ColumnMetrics> columns) {
    public Metrics {
      requireNonNull(rowCount, "rowCount is null");
      columns = Map.copyOf(columns);
    }
  }

  /** Deequ's measures of one column, where computed. */
  public record ColumnMetrics(
      OptionalLong nullCount,
      OptionalLong distinctCount,
      Optional<Double> min,
      Optional<Double> max,
      Optional<Double> sum) {}

  /** A column an output column was computed from. */
  public record ColumnSource(String namespace, String name, String field) {
    public ColumnSource {
      requireNonNull(namespace, "namespace is null");
      requireNonNull(name, "name is null");
      requireNonNull(field, "field is null");
    }
  }

  public LineageDataset {
    requireNonNull(kind, "kind is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
    requireNonNull(version, "version is null");
    requireNonNull(ref, "ref is null");
    schema = List.copyOf(schema);
    sensitivity = Map.copyOf(sensitivity);
    assertions = List.copyOf(assertions);
    requireNonNull(metrics, "metrics is null");
    columnLineage = Map.copyOf(columnLineage);
  }

  /** A dataset with only its identity and version. */
  public static LineageDataset of(Kind kind, String namespace, String name, String version) {
    return new LineageDataset(
        kind,
        namespace,
        name,
        version,
        Optional.empty(),
        List.of(),
        Map.of(),
        List.of(),
        Optional.empty(),
        Map.of());
  }

  /** The node id of the graph: {@code name@version}. */
  public String key() {
    return name + "@" + version;
  }

  public LineageDataset withRef(String branchOrTag) {
    return new LineageDataset(
        kind,
        namespace,
        name,
        version,
        Optional.ofNullable(branchOrTag),
        schema,
        sensitivity,
        assertions,
        metrics,
        columnLineage);
  }

  public LineageDataset withSchema(List<Field> fields, Map<String, Grade> grades) {
    return new LineageDataset(
        kind, namespace, name, version, ref, fields, grades, assertions, metrics, columnLineage);
  }

  public LineageDataset withQuality(List<Assertion> checks, Optional<Metrics> measured) {
    return new LineageDataset(
        kind, namespace, name, version, ref, schema, sensitivity, checks, measured, columnLineage);
  }

  public LineageDataset withColumnLineage(Map<String, List<ColumnSource>> lineage) {
    return new LineageDataset(
        kind, namespace, name, version, ref, schema, sensitivity, assertions, metrics, lineage);
  }
}
