package org.dataelements.factory.products.electricityindex;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * From silver to the index: the component series of every region (in Spark: consumption summed per
 * region × month × source into total, economic vitality, rural/urban and specialty industries; one
 * source chosen per region and component, the one with most months), then each region's indices
 * computed by {@link RegionIndex} in one task per region. The result holds index rows and
 * methodology rows ({@code kind}); {@link MonthlyIndices} and {@link Methodology} each keep their
 * own.
 */
final class IndexBuild {
  static final String METERS = "meter_readings";

  static final StructType RESULT =
      new StructType()
          .add("kind", DataTypes.StringType)
          .add("region_code", DataTypes.StringType)
          .add("region_name", DataTypes.StringType)
          .add("code_system", DataTypes.StringType)
          .add("month", DataTypes.DateType)
          .add("index_name", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("base_period", DataTypes.StringType)
          .add("yoy_pct", DataTypes.DoubleType)
          .add("value_leap_adjusted", DataTypes.DoubleType)
          .add("value_weather_adjusted", DataTypes.DoubleType)
          .add("value_seasonally_adjusted", DataTypes.DoubleType)
          .add("contribution", DataTypes.DoubleType)
          .add("flags", DataTypes.createArrayType(DataTypes.StringType))
          .add("item", DataTypes.StringType)
          .add("item_value", DataTypes.StringType)
          .add("number", DataTypes.DoubleType)
          .add("detail", DataTypes.StringType);

  private IndexBuild() {}

  /** Index and methodology rows of every region. */
  static Dataset<Row> compute(
      Dataset<Row> consumption,
      Dataset<Row> specialty,
      Dataset<Row> degreeDays,
      RegionIndex.Parameters p) {
    Dataset<Row> inputs = components(consumption, specialty);
    if (degreeDays != null) {
      Dataset<Row> weather =
          degreeDays
              .groupBy(col("region_code"), col("month"))
              .agg(avg(col("hdd")).as("hdd"), avg(col("cdd")).as("cdd"))
              .select(
                  lit("weather").as("kind"),
                  col("region_code"),
                  lit(null).cast(DataTypes.StringType).as("region_name"),
                  lit(null).cast(DataTypes.StringType).as("code_system"),
                  lit(null).cast(DataTypes.StringType).as("component"),
                  col("month"),
                  lit(null).cast(DataTypes.DoubleType).as("value"),
                  lit(1).as("months_covered"),
                  lit(false).as("imputed"),
                  lit(false).as("published"),
                  lit(false).as("from_ytd"),
                  lit(null).cast(DataTypes.StringType).as("source"),
                  col("hdd"),
                  col("cdd"));
      inputs = inputs.unionByName(weather);
    }
    return inputs
        .groupByKey((MapFunction<Row, String>) r -> r.getAs("region_code"), Encoders.STRING())
        .flatMapGroups(new PerRegion(p), Encoders.row(RESULT));
  }

  /** Component observations: kind 'obs', one row per region × component × month. */
  static Dataset<Row> components(Dataset<Row> consumption, Dataset<Row> specialty) {
    Column code = col("industry_code");
    Column kwh = col("consumption_kwh");
    Column meters = col("source").equalTo(METERS);
    Column sectors = code.isin("SECONDARY", "TERTIARY");
    Dataset<Row> cells =
        consumption
            .groupBy(col("region_code"), col("month"), col("source"))
            .agg(
                first(col("region_name")).as("region_name"),
                first(col("code_system")).as("code_system"),
                max(col("months_covered")).as("months_covered"),
                max(col("is_imputed")).as("imputed"),
                max(col("is_published_statistic")).as("published"),
                max(col("derived_from_ytd")).as("from_ytd"),
                sum(when(code.equalTo("ALL"), kwh)).as("_all"),
                sum(when(meters, kwh)).as("_meters"),
                sum(when(sectors, kwh)).as("_sectors"),
                count(when(sectors, lit(1))).as("_n_sectors"),
                sum(when(
                        meters.and(code.rlike("^[B-T](\\d{2,4})?$")).or(code.rlike("^[B-T]$")),
                        kwh))
                    .as("_sections"),
                count(when(code.rlike("^[B-T]$"), lit(1))).as("_n_sections"),
                sum(when(code.equalTo("HH_URBAN"), kwh)).as("_urban"),
                sum(when(code.equalTo("HH_RURAL"), kwh)).as("_rural"));
    Dataset<Row> spec =
        specialty.select(col("industry_code").as("sp_code"), col("region_code").as("sp_region"));
    Dataset<Row> special =
        consumption
            .filter(code.rlike("^[A-T]\\d{2,4}$"))
            .join(
                broadcast(spec),
                code.startsWith(col("sp_code"))
                    .and(
                        col("sp_region").isNull().or(col("sp_region").equalTo(col("region_code")))),
                "left_semi")
            .groupBy(
                col("region_code").as("s_region"),
                col("month").as("s_month"),
                col("source").as("s_source"))
            .agg(sum(kwh).as("_specialty"), count(lit(1)).as("_n_specialty"));
    Dataset<Row> joined =
        cells.join(
            special,
            col("region_code")
                .equalTo(col("s_region"))
                .and(col("month").equalTo(col("s_month")))
                .and(col("source").equalTo(col("s_source"))),
            "left");
    // A sum of published parts is comparable over time only with the same parts: months missing
    // one of the region's usual parts (e.g. a division not reported that month) are left out.
    var perRegionSource = Window.partitionBy(col("region_code"), col("source"));
    joined =
        joined
            .withColumn(
                "_full_sections",
                col("_n_sections").equalTo(max(col("_n_sections")).over(perRegionSource)))
            .withColumn(
                "_full_specialty",
                col("_n_specialty").equalTo(max(col("_n_specialty")).over(perRegionSource)));
    Column total = org.apache.spark.sql.functions.coalesce(col("_all"), col("_meters"));
    Column economic =
        when(col("_n_sectors").equalTo(2), col("_sectors"))
            .when(col("source").equalTo(METERS).or(col("_full_sections")), col("_sections"));
    Column ratio =
        when(col("_urban").gt(0).and(col("_rural").gt(0)), col("_rural").divide(col("_urban")));
    Dataset<Row> longForm =
        joined
            .withColumn(
                "_c",
                explode(
                    array(
                        struct(lit(RegionIndex.TOTAL).as("component"), total.as("value")),
                        struct(
                            lit(RegionIndex.ECONOMIC_VITALITY).as("component"),
                            economic.as("value")),
                        struct(lit(RegionIndex.URBAN_RURAL).as("component"), ratio.as("value")),
                        struct(
                            lit(RegionIndex.SPECIALTY).as("component"),
                            when(
                                    col("source").equalTo(METERS).or(col("_full_specialty")),
                                    col("_specialty"))
                                .as("value")))))
            .select(col("*"), col("_c.component").as("component"), col("_c.value").as("value"))
            .filter(col("value").isNotNull());
    var perSource = Window.partitionBy(col("region_code"), col("component"), col("source"));
    var rank =
        Window.partitionBy(col("region_code"), col("component"))
            .orderBy(col("_months").desc(), col("published").desc(), col("source"));
    return longForm
        .withColumn("_months", count(lit(1)).over(perSource))
        .withColumn("_rank", org.apache.spark.sql.functions.dense_rank().over(rank))
        .filter(col("_rank").equalTo(1))
        .select(
            lit("obs").as("kind"),
            col("region_code"),
            col("region_name"),
            col("code_system"),
            col("component"),
            col("month"),
            col("value"),
            col("months_covered"),
            col("imputed"),
            col("published"),
            col("from_ytd"),
            col("source"),
            lit(null).cast(DataTypes.DoubleType).as("hdd"),
            lit(null).cast(DataTypes.DoubleType).as("cdd"));
  }

  /** Runs {@link RegionIndex} on the rows of one region. */
  static final class PerRegion implements FlatMapGroupsFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;
    private final RegionIndex.Parameters p;

    PerRegion(RegionIndex.Parameters p) {
      this.p = p;
    }

    @Override
    public Iterator<Row> call(String region, Iterator<Row> rows) {
      Map<String, List<RegionIndex.Observation>> components = new HashMap<>();
      Map<YearMonth, RegionIndex.DegreeDays> weather = new HashMap<>();
      String name = region;
      String system = "factory";
      while (rows.hasNext()) {
        Row r = rows.next();
        YearMonth m = YearMonth.from(((Date) r.getAs("month")).toLocalDate());
        if ("weather".equals(r.getAs("kind"))) {
          weather.put(
              m, new RegionIndex.DegreeDays(r.<Double>getAs("hdd"), r.<Double>getAs("cdd")));
          continue;
        }
        name = r.getAs("region_name");
        system = r.getAs("code_system");
        components
            .computeIfAbsent(r.getAs("component"), k -> new ArrayList<>())
            .add(
                new RegionIndex.Observation(
                    m,
                    r.<Double>getAs("value"),
                    r.<Integer>getAs("months_covered"),
                    Boolean.TRUE.equals(r.getAs("imputed")),
                    Boolean.TRUE.equals(r.getAs("published")),
                    Boolean.TRUE.equals(r.getAs("from_ytd")),
                    r.getAs("source")));
      }
      List<Row> out = new ArrayList<>();
      if (components.isEmpty()) {
        return out.iterator();
      }
      RegionIndex.Result result =
          RegionIndex.compute(new RegionIndex.Input(region, name, system, components, weather), p);
      for (RegionIndex.IndexRow i : result.rows()) {
        out.add(
            RowFactory.create(
                "index",
                i.regionCode(),
                i.regionName(),
                i.codeSystem(),
                Date.valueOf(i.month()),
                i.indexName(),
                i.value(),
                i.basePeriod(),
                i.yoyPct(),
                i.leapAdjusted(),
                i.weatherAdjusted(),
                i.seasonallyAdjusted(),
                i.contribution(),
                scala.collection.JavaConverters.asScalaBuffer(i.flags()).toList(),
                null,
                null,
                null,
                null));
      }
      for (RegionIndex.MethodRow m : result.method()) {
        out.add(
            RowFactory.create(
                "method",
                m.regionCode(),
                name,
                system,
                null,
                m.indexName(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                m.item(),
                m.value(),
                m.number(),
                m.detail()));
      }
      return out.iterator();
    }
  }
}
