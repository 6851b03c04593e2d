package org.dataelements.factory.orchestration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.ColumnRef;
import org.dataelements.factory.core.Layer;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.Sensitivity;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.lineage.LineageDataset;
import org.dataelements.factory.quality.ConstraintOutcome;
import org.dataelements.factory.quality.QualityReport;

/**
 * What the lineage events say of a table: its schema with each column's sensitivity grade (from the
 * source object's, the silver table's or the product's spec; a product's grade for the columns its
 * spec leaves ungraded), its quality checks and Deequ's metrics, and its column lineage.
 */
final class TableLineage {
  private TableLineage() {}

  /** Each table's declared column grades. */
  static Function<TableId, Map<String, Sensitivity>> sensitivityOf(Specs specs) {
    return id ->
        switch (id.layer()) {
          case BRONZE ->
              specs
                  .source(id.namespace())
                  .flatMap(s -> object(s, id.entity()))
                  .map(ObjectSpec::sensitivity)
                  .orElse(Map.of());
          case SILVER -> specs.table(id).map(TableSpec::sensitivity).orElse(Map.of());
          case GOLD -> gold(specs, id);
          default -> Map.of();
        };
  }

  private static Optional<ObjectSpec> object(SourceSpec s, String entity) {
    return s.objects().stream().filter(o -> o.name().equals(entity)).findFirst();
  }

  private static Map<String, Sensitivity> gold(Specs specs, TableId id) {
    Optional<ProductSpec> product = specs.product(id.namespace());
    Map<String, Sensitivity> out = new LinkedHashMap<>();
    product.flatMap(p -> p.table(id.entity())).ifPresent(t -> out.putAll(t.sensitivity()));
    return out;
  }

  /** The product's grade, for the columns of its tables that no spec grades. */
  static Function<TableId, Optional<Sensitivity.Grade>> defaultGradeOf(Specs specs) {
    return id ->
        id.layer() == Layer.GOLD
            ? specs.product(id.namespace()).map(ProductSpec::grade)
            : Optional.of(Sensitivity.Grade.GENERAL);
  }

  /** A table at a version, with its schema and every column's grade. */
  static LineageDataset table(
      String namespace,
      TableId id,
      String version,
      Optional<String> ref,
      StructType schema,
      Map<String, Sensitivity> grades,
      Optional<Sensitivity.Grade> defaultGrade) {
    List<LineageDataset.Field> fields = new ArrayList<>();
    Map<String, LineageDataset.Grade> graded = new LinkedHashMap<>();
    for (StructField f : schema.fields()) {
      fields.add(
          new LineageDataset.Field(
              f.name(), f.dataType().simpleString(), Optional.ofNullable(comment(f))));
      Sensitivity s = grades.get(f.name());
      if (s != null) {
        graded.put(f.name(), new LineageDataset.Grade(label(s.grade()), s.personal()));
      } else if (defaultGrade.isPresent()) {
        graded.put(f.name(), new LineageDataset.Grade(label(defaultGrade.get()), false));
      }
    }
    LineageDataset d =
        LineageDataset.of(LineageDataset.Kind.TABLE, namespace, id.sqlName(), version)
            .withSchema(fields, graded);
    return ref.map(d::withRef).orElse(d);
  }

  private static String comment(StructField f) {
    return f.getComment().isDefined() ? f.getComment().get() : null;
  }

  private static String label(Sensitivity.Grade g) {
    return g.name().toLowerCase(Locale.ROOT);
  }

  /** The table's checks as OpenLineage assertions, and Deequ's metrics of its columns. */
  static LineageDataset withQuality(LineageDataset d, QualityReport report) {
    List<LineageDataset.Assertion> assertions = new ArrayList<>();
    for (ConstraintOutcome o : report.outcomes()) {
      List<String> columns = o.check().columns();
      assertions.add(
          new LineageDataset.Assertion(
              o.check().ruleId(),
              columns.size() == 1 ? Optional.of(columns.get(0)) : Optional.empty(),
              o.status() == ConstraintOutcome.Status.PASSED,
              o.check().severity().label(),
              Optional.of(o.threshold()).filter(s -> !s.isEmpty()),
              Optional.of(o.observed()).filter(s -> !s.isEmpty())));
    }
    return d.withQuality(assertions, metrics(report, d));
  }

  private static Optional<LineageDataset.Metrics> metrics(QualityReport report, LineageDataset d) {
    Set<String> columns = new LinkedHashSet<>();
    d.schema().forEach(f -> columns.add(f.name()));
    OptionalLong rows = OptionalLong.empty();
    Map<String, double[]> byColumn = new LinkedHashMap<>();
    for (QualityReport.MetricValue m : report.metrics()) {
      if (m.name().equals("Size")) {
        rows = OptionalLong.of(Math.round(m.value()));
      } else if (columns.contains(m.instance())) {
        double[] v =
            byColumn.computeIfAbsent(
                m.instance(), k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
        switch (m.name()) {
          case "Completeness" -> v[0] = m.value();
          case "CountDistinct", "ApproxCountDistinct" -> v[1] = m.value();
          case "Minimum" -> v[2] = m.value();
          case "Maximum" -> v[3] = m.value();
          default -> {}
        }
      }
    }
    if (rows.isEmpty() && byColumn.isEmpty()) {
      return Optional.empty();
    }
    Map<String, LineageDataset.ColumnMetrics> out = new LinkedHashMap<>();
    long n = rows.orElse(-1);
    for (var e : byColumn.entrySet()) {
      double[] v = e.getValue();
      out.put(
          e.getKey(),
          new LineageDataset.ColumnMetrics(
              Double.isNaN(v[0]) || n < 0
                  ? OptionalLong.empty()
                  : OptionalLong.of(Math.round(n * (1 - v[0]))),
              Double.isNaN(v[1]) ? OptionalLong.empty() : OptionalLong.of(Math.round(v[1])),
              Double.isNaN(v[2]) ? Optional.empty() : Optional.of(v[2]),
              Double.isNaN(v[3]) ? Optional.empty() : Optional.of(v[3]),
              Optional.empty()));
    }
    return Optional.of(new LineageDataset.Metrics(rows, out));
  }

  /**
   * Column lineage of an output: what the plan shows, and for the columns it loses or only sees
   * through opaque Java code ("from everything that went in"), what the step declares.
   */
  static Map<String, List<LineageDataset.ColumnSource>> columns(
      org.dataelements.factory.lineage.PlanColumnLineage.Lineage derived,
      Map<String, List<ColumnRef>> declared,
      java.util.Set<TableId> read,
      String namespace) {
    Map<String, List<LineageDataset.ColumnSource>> out = new LinkedHashMap<>();
    derived
        .columns()
        .forEach(
            (column, sources) -> {
              boolean declaredInstead =
                  derived.opaque().contains(column) && declared.containsKey(column);
              if (!sources.isEmpty() && !declaredInstead) {
                out.put(column, List.copyOf(sources));
              }
            });
    declared.forEach(
        (column, refs) -> {
          if (!derived.columns().containsKey(column)) {
            return; // a collection's optional column the output does not have this time
          }
          List<ColumnRef> present = refs.stream().filter(r -> read.contains(r.table())).toList();
          if (!out.containsKey(column) && !present.isEmpty()) {
            out.put(
                column,
                present.stream()
                    .map(
                        r ->
                            new LineageDataset.ColumnSource(
                                namespace, r.table().sqlName(), r.column()))
                    .toList());
          }
        });
    return out;
  }
}
