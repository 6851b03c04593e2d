package org.dataelements.factory.products.electricityindex;

import static org.apache.spark.sql.functions.col;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.ColumnRef;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;

/**
 * {@code lake.electricity_index.composite_uncertainty}: one row per region × month of the composite
 * with the composite recomputed under 3 weightings × 3 normalizations ({@link CompositeScenarios}),
 * each scenario re-expressed on the published composite's scale, and their range (low, high) and
 * median. Read from {@code monthly_indices}' component and composite rows, as {@link Validation}
 * reads them; a region without a composite (fewer than two components) gets no rows.
 */
public final class CompositeUncertainty implements Step {
  public static final TableId TABLE =
      TableId.gold(ElectricityIndexSteps.PRODUCT, "composite_uncertainty");

  static final StructType SCHEMA =
      new StructType()
          .add("region_code", DataTypes.StringType)
          .add("region_name", DataTypes.StringType)
          .add("code_system", DataTypes.StringType)
          .add("month", DataTypes.DateType)
          .add("value", DataTypes.DoubleType)
          .add("low", DataTypes.DoubleType)
          .add("high", DataTypes.DoubleType)
          .add("median", DataTypes.DoubleType)
          .add("scenario_count", DataTypes.IntegerType)
          .add("scenarios", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
          .add("published_scenario", DataTypes.StringType)
          .add("flags", DataTypes.createArrayType(DataTypes.StringType));

  private final RegionIndex.Weights configured;

  CompositeUncertainty(RegionIndex.Weights configured) {
    this.configured = configured;
  }

  /** With the product's configured composite weights (the published scenario). */
  static CompositeUncertainty from(IndexParameters p) {
    return new CompositeUncertainty(p.index().weights());
  }

  @Override
  public String parameters() {
    return "weights=" + configured;
  }

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "gold:electricity_index.composite_uncertainty",
        List.of(StepSpec.Input.required(MonthlyIndices.TABLE)),
        List.of(),
        TABLE,
        StepSpec.WriteMode.REPLACE);
  }

  /** The per-region math runs in Java ({@code flatMapGroups}); every column from the index rows. */
  @Override
  public Map<TableId, Map<String, List<ColumnRef>>> declaredLineage() {
    ColumnRef value = ColumnRef.of(MonthlyIndices.TABLE, "value");
    ColumnRef index = ColumnRef.of(MonthlyIndices.TABLE, "index_name");
    ColumnRef month = ColumnRef.of(MonthlyIndices.TABLE, "month");
    List<ColumnRef> math =
        List.of(value, index, month, ColumnRef.of(MonthlyIndices.TABLE, "base_period"));
    Map<String, List<ColumnRef>> m = new LinkedHashMap<>();
    m.put("region_code", List.of(ColumnRef.of(MonthlyIndices.TABLE, "region_code")));
    m.put("region_name", List.of(ColumnRef.of(MonthlyIndices.TABLE, "region_name")));
    m.put("code_system", List.of(ColumnRef.of(MonthlyIndices.TABLE, "code_system")));
    m.put("month", List.of(month));
    m.put("value", List.of(value, index));
    for (String c : List.of("low", "high", "median", "scenarios", "flags")) {
      m.put(c, math);
    }
    m.put("scenario_count", List.of(index));
    m.put("published_scenario", List.of(index));
    return Map.of(TABLE, m);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> index =
        in.table(MonthlyIndices.TABLE)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        MonthlyIndices.TABLE + " is required to build " + TABLE));
    return StepOutput.of(TABLE, scenarios(index, configured));
  }

  static Dataset<Row> scenarios(Dataset<Row> index, RegionIndex.Weights configured) {
    return index
        .filter(col("value").isNotNull().and(col("month").isNotNull()))
        .select(
            col("region_code"),
            col("region_name"),
            col("code_system"),
            col("month"),
            col("index_name"),
            col("value"),
            col("base_period"))
        .groupByKey((MapFunction<Row, String>) r -> r.getAs("region_code"), Encoders.STRING())
        .flatMapGroups(new PerRegion(configured), Encoders.row(SCHEMA));
  }

  /** Builds one region's rows from its index rows. */
  static final class PerRegion implements FlatMapGroupsFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;
    private final RegionIndex.Weights configured;

    PerRegion(RegionIndex.Weights configured) {
      this.configured = configured;
    }

    @Override
    public Iterator<Row> call(String region, Iterator<Row> rows) {
      TreeMap<LocalDate, Double> composite = new TreeMap<>();
      Map<String, Map<LocalDate, Double>> components = new TreeMap<>();
      String name = region;
      String system = null;
      String base = "";
      while (rows.hasNext()) {
        Row r = rows.next();
        LocalDate m = ((Date) r.getAs("month")).toLocalDate();
        String indexName = r.getAs("index_name");
        double v = r.<Double>getAs("value");
        if (RegionIndex.COMPOSITE.equals(indexName)) {
          composite.put(m, v);
          name = r.getAs("region_name");
          system = r.getAs("code_system");
          base = r.getAs("base_period") == null ? "" : r.getAs("base_period");
        } else {
          components.computeIfAbsent(indexName, k -> new TreeMap<>()).put(m, v);
        }
      }
      // The composite's components: those with a value in every composite month, in its order.
      List<String> names =
          RegionIndex.COMPONENTS.stream()
              .filter(
                  c ->
                      components.containsKey(c)
                          && components.get(c).keySet().containsAll(composite.keySet()))
              .toList();
      List<Row> out = new ArrayList<>();
      if (composite.size() < 2 || names.size() < 2) {
        return out.iterator();
      }
      List<LocalDate> months = List.copyOf(composite.keySet());
      double[][] values = new double[months.size()][names.size()];
      double[] published = new double[months.size()];
      boolean[] basePeriod = new boolean[months.size()];
      Set<String> baseYears = new LinkedHashSet<>(Arrays.asList(base.split("/")));
      boolean anchored = false;
      for (int t = 0; t < months.size(); t++) {
        LocalDate m = months.get(t);
        published[t] = composite.get(m);
        basePeriod[t] = baseYears.contains(Integer.toString(m.getYear()));
        anchored |= basePeriod[t];
        for (int j = 0; j < names.size(); j++) {
          values[t][j] = components.get(names.get(j)).get(m);
        }
      }
      CompositeScenarios.Result result =
          CompositeScenarios.compute(
              new CompositeScenarios.Input(names, values, published, basePeriod, configured));
      List<String> flags = new ArrayList<>(result.flags());
      if (!anchored) {
        flags.add("anchored_on_all_months");
      }
      String publishedName = CompositeScenarios.published(configured);
      for (int t = 0; t < months.size(); t++) {
        CompositeScenarios.Month m = result.months().get(t);
        out.add(
            RowFactory.create(
                region,
                name,
                system,
                Date.valueOf(months.get(t)),
                m.value(),
                m.low(),
                m.high(),
                m.median(),
                m.scenarios().size(),
                scala.collection.JavaConverters.mapAsScalaMap(m.scenarios()),
                publishedName,
                scala.collection.JavaConverters.asScalaBuffer(flags).toList()));
      }
      return out.iterator();
    }
  }
}
