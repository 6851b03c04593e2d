package org.dataelements.factory.curation.weather;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.StrictYaml;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTestSession.class)
class DegreeDaysMonthlyTest {
  static final String RUN = "20240101T000000Z_0000";
  static final Timestamp AT = new Timestamp(1000);

  static final StructType UCI =
      new StructType()
          .add("No", DataTypes.StringType)
          .add("year", DataTypes.StringType)
          .add("month", DataTypes.StringType)
          .add("day", DataTypes.StringType)
          .add("hour", DataTypes.StringType)
          .add("TEMP", DataTypes.StringType)
          .add("_source_file", DataTypes.StringType)
          .add("_source_checksum", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);
  static final StructType AEMO =
      new StructType()
          .add("Time", DataTypes.StringType)
          .add("Demand", DataTypes.StringType)
          .add("Temperature", DataTypes.StringType)
          .add("Date", DataTypes.StringType)
          .add("Holiday", DataTypes.StringType)
          .add("_source_file", DataTypes.StringType)
          .add("_source_checksum", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);
  static final StructType VEGA =
      new StructType()
          .add("date", DataTypes.StringType)
          .add("temp_max", DataTypes.StringType)
          .add("temp_min", DataTypes.StringType)
          .add("_source_file", DataTypes.StringType)
          .add("_source_checksum", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);

  static final String BEIJING_FILE =
      "electricity/weather_china_five_cities_uci/BeijingPM20100101_20151231.csv";
  static final String SEATTLE_FILE = "electricity/vega_datasets/seattle-weather.csv";

  // ---- fixtures ----------------------------------------------------------------------------

  private static Dataset<Row> reference(SparkSession spark, String name) {
    return spark
        .read()
        .option("header", "true")
        .option("encoding", "UTF-8")
        .csv(SparkTestSession.confDir().resolve("reference/" + name + ".csv").toString());
  }

  private static Map<String, Dataset<Row>> references(SparkSession spark) {
    return Map.of(
        DegreeDaysMonthly.REGIONS, reference(spark, "regions"),
        DegreeDaysMonthly.STATIONS, reference(spark, "weather_stations"));
  }

  private static StepOutput run(
      SparkSession spark, DegreeDaysMonthly step, Map<TableId, Dataset<Row>> tables) {
    return step.transform(new StepInputs(tables, references(spark), RUN));
  }

  /** Hourly UCI rows of one day: the given hours at the given temperature. */
  private static void uciDay(List<Row> out, String file, LocalDate day, int hours, String temp) {
    for (int h = 0; h < hours; h++) {
      out.add(uciRow(file, day, h, temp));
    }
  }

  private static Row uciRow(String file, LocalDate day, int hour, String temp) {
    return RowFactory.create(
        "1",
        Integer.toString(day.getYear()),
        Integer.toString(day.getMonthValue()),
        Integer.toString(day.getDayOfMonth()),
        Integer.toString(hour),
        temp,
        file,
        file + "#1",
        AT);
  }

  private static Row vega(String date, String max, String min, String checksum, long at) {
    return RowFactory.create(date, max, min, SEATTLE_FILE, checksum, new Timestamp(at));
  }

  /** Seattle days first..last of a month at the given max and min. */
  private static List<Row> seattleDays(
      String yearMonth, int first, int last, String max, String min) {
    List<Row> rows = new ArrayList<>();
    for (int d = first; d <= last; d++) {
      rows.add(vega(String.format("%s-%02d", yearMonth, d), max, min, "v1", 1000));
    }
    return rows;
  }

  private static List<Row> sortedRows(StepOutput out) {
    return out.rows().orderBy("region_code", "station", "month").collectAsList();
  }

  private static double d(Row r, String c) {
    return ((Number) r.getAs(c)).doubleValue();
  }

  // ---- no Spark ----------------------------------------------------------------------------

  @Test
  void declaresItsInputsReferencesAndOutput() {
    StepSpec spec = new DegreeDaysMonthly().spec();
    assertEquals(TableId.silver("weather", "degree_days_monthly"), spec.output());
    assertEquals("silver.weather__degree_days_monthly", spec.output().sqlName());
    assertEquals(
        List.of(
            "bronze.weather_uci__hourly",
            "bronze.aemo__vic_demand_halfhourly",
            "bronze.vega__seattle_weather_daily"),
        spec.inputTables().stream().map(TableId::sqlName).toList());
    assertEquals(List.of("regions", "weather_stations"), spec.references());
    assertEquals(StepSpec.WriteMode.REPLACE, spec.mode());
    assertEquals(18.0, DegreeDaysMonthly.DEFAULT_BASE_C);
    assertEquals(DegreeDaysMonthly.DEFAULT_BASE_C, new DegreeDaysMonthly().baseTempC());
    assertFalse(
        new DegreeDaysMonthly(15).parameters().equals(new DegreeDaysMonthly().parameters()),
        "the base is part of the step's fingerprint");
  }

  @Test
  void rejectsAnImplausibleBaseTemperatureNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new DegreeDaysMonthly(Double.NaN));
    assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("18.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DegreeDaysMonthly(65));
  }

  @Test
  void tableSpecDeclaresKeyAndChecks() {
    Path file = SparkTestSession.confDir().resolve("tables/weather__degree_days_monthly.yaml");
    StrictYaml.Result<TableSpec> r = StrictYaml.read(file, file.toString(), TableSpec.class);
    assertTrue(r.problem().isEmpty(), r.problem().orElse(""));
    TableSpec t = r.value().orElseThrow();
    assertEquals("weather__degree_days_monthly", t.name());
    assertEquals(List.of("region_code", "station", "month"), t.key());
    Map<String, CheckSpec.Severity> checks =
        t.checks().stream().collect(Collectors.toMap(CheckSpec::ruleId, CheckSpec::severity));
    assertEquals(
        Map.of(
            "complete(region_code,month,hdd,cdd)", CheckSpec.Severity.FAIL,
            "unique(region_code,station,month)", CheckSpec.Severity.FAIL,
            "non_negative(hdd)", CheckSpec.Severity.FAIL,
            "non_negative(cdd)", CheckSpec.Severity.FAIL,
            "range(mean_temp_c,min=-60,max=50)", CheckSpec.Severity.WARN),
        checks);
  }

  @Test
  void stationListMapsEveryStationToAKnownRegion() throws Exception {
    Path conf = SparkTestSession.confDir().resolve("reference");
    List<String> regionCodes =
        Files.readAllLines(conf.resolve("regions.csv")).stream()
            .skip(1)
            .map(l -> l.split(",", -1)[0])
            .toList();
    Map<String, String> stations = new HashMap<>();
    List<String> lines = Files.readAllLines(conf.resolve("weather_stations.csv"));
    assertEquals("station,region_code,time_zone,note", lines.get(0));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",", -1);
      assertEquals(4, f.length, "four columns (no commas in notes): " + l);
      ZoneId.of(f[2]);
      stations.put(f[0], f[1]);
    }
    assertEquals("110000", stations.get("Beijing"));
    assertEquals("210000", stations.get("Shenyang"));
    assertEquals("AU-VIC", stations.get("Melbourne"));
    assertEquals("US-WA", stations.get("Seattle"));
    for (var e : stations.entrySet()) {
      assertTrue(regionCodes.contains(e.getValue()), e + " is not a code of regions.csv");
    }
  }

  // ---- Spark -------------------------------------------------------------------------------

  @Test
  @Tag("spark")
  void failsNamingTheThreeInputsWhenNoneExists(SparkSession spark) {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> run(spark, new DegreeDaysMonthly(), Map.of()));
    for (String t :
        List.of(
            "bronze.weather_uci__hourly",
            "bronze.aemo__vic_demand_halfhourly",
            "bronze.vega__seattle_weather_daily")) {
      assertTrue(e.getMessage().contains(t), e.getMessage());
    }
  }

  @Test
  @Tag("spark")
  void constantTenDegreesForThirtyDaysGives240HeatingDegreeDaysAndTheLatestFileVersionWins(
      SparkSession spark) {
    List<Row> in = new ArrayList<>(seattleDays("2012-04", 1, 30, "12", "8"));
    in.add(vega("2012-04-01", "40", "30", "v0", 500)); // an older version of the same file
    StepOutput out =
        run(
            spark,
            new DegreeDaysMonthly(),
            Map.of(DegreeDaysMonthly.SEATTLE_DAILY, spark.createDataFrame(in, VEGA)));

    StructType schema = out.rows().schema();
    assertEquals(
        List.of(
            "region_code",
            "region_name",
            "code_system",
            "station",
            "month",
            "days_observed",
            "days_in_month",
            "mean_temp_c",
            "hdd",
            "cdd",
            "base_temp_c",
            "is_imputed",
            "imputation",
            "source"),
        List.of(schema.fieldNames()));
    assertEquals(
        List.of(
            DataTypes.StringType,
            DataTypes.StringType,
            DataTypes.StringType,
            DataTypes.StringType,
            DataTypes.DateType,
            DataTypes.IntegerType,
            DataTypes.IntegerType,
            DataTypes.DoubleType,
            DataTypes.DoubleType,
            DataTypes.DoubleType,
            DataTypes.DoubleType,
            DataTypes.BooleanType,
            DataTypes.StringType,
            DataTypes.StringType),
        java.util.Arrays.stream(schema.fields()).map(StructField::dataType).toList());

    List<Row> rows = sortedRows(out);
    assertEquals(1, rows.size(), rows.toString());
    Row r = rows.get(0);
    assertEquals("US-WA", r.getAs("region_code"));
    assertEquals("Washington", r.getAs("region_name"));
    assertEquals("ISO 3166-2", r.getAs("code_system"));
    assertEquals("Seattle", r.getAs("station"));
    assertEquals(Date.valueOf("2012-04-01"), r.getAs("month"));
    assertEquals(30, (int) r.getAs("days_observed"));
    assertEquals(30, (int) r.getAs("days_in_month"));
    assertEquals(10.0, d(r, "mean_temp_c"), 1e-9);
    assertEquals(240.0, d(r, "hdd"), 1e-9);
    assertEquals(0.0, d(r, "cdd"), 1e-9);
    assertEquals(18.0, d(r, "base_temp_c"), 1e-9);
    assertEquals(false, r.getAs("is_imputed"));
    assertNull(r.getAs("imputation"));
    assertEquals("vega", r.getAs("source"));
    assertEquals(0, out.quarantine().orElseThrow().count());
  }

  @Test
  @Tag("spark")
  void baseTemperatureIsConfigurable(SparkSession spark) {
    List<Row> in = new ArrayList<>(seattleDays("2012-04", 1, 30, "12", "8")); // 10 °C
    in.addAll(seattleDays("2012-06", 1, 30, "22", "18")); // 20 °C
    Dataset<Row> vega = spark.createDataFrame(in, VEGA);
    List<Row> rows =
        sortedRows(
            run(spark, new DegreeDaysMonthly(15.0), Map.of(DegreeDaysMonthly.SEATTLE_DAILY, vega)));
    assertEquals(2, rows.size(), rows.toString());
    assertEquals(150.0, d(rows.get(0), "hdd"), 1e-9, "30 days × (15 − 10)");
    assertEquals(0.0, d(rows.get(0), "cdd"), 1e-9);
    assertEquals(0.0, d(rows.get(1), "hdd"), 1e-9);
    assertEquals(150.0, d(rows.get(1), "cdd"), 1e-9, "30 days × (20 − 15)");
    assertEquals(15.0, d(rows.get(1), "base_temp_c"), 1e-9);
  }

  @Test
  @Tag("spark")
  void aStationListedForSeveralRegionsGivesEachOfThemItsDegreeDays(SparkSession spark)
      throws Exception {
    Set<String> listed =
        Files.readAllLines(SparkTestSession.confDir().resolve("reference/weather_stations.csv"))
            .stream()
            .map(l -> l.split(",", -1))
            .filter(f -> f[0].equals("Tianshui"))
            .map(f -> f[1])
            .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(listed.size() > 1, "Tianshui serves several regions: " + listed);
    String file = "electricity/weather_china_five_cities_uci/gansu_sample/TianshuiPM20200401.csv";
    List<Row> in = new ArrayList<>();
    for (int d = 1; d <= 30; d++) {
      uciDay(in, file, LocalDate.of(2020, 4, d), 24, "10");
    }
    StepOutput out =
        run(
            spark,
            new DegreeDaysMonthly(),
            Map.of(DegreeDaysMonthly.UCI_HOURLY, spark.createDataFrame(in, UCI)));
    List<Row> rows = sortedRows(out);
    assertEquals(
        listed,
        rows.stream()
            .map(r -> r.<String>getAs("region_code"))
            .collect(Collectors.toCollection(TreeSet::new)),
        rows.toString());
    for (Row r : rows) {
      assertEquals("Tianshui", r.getAs("station"));
      assertEquals(240.0, d(r, "hdd"), 1e-9, "30 days × (18 − 10) for " + r);
    }
    assertEquals(0, out.quarantine().orElseThrow().count());
  }

  @Test
  @Tag("spark")
  void seattleDailyMeanIsTheMidpointOfMaxAndMin(SparkSession spark) {
    Dataset<Row> vega = spark.createDataFrame(seattleDays("2012-06", 1, 30, "25", "15"), VEGA);
    Row r =
        sortedRows(
                run(spark, new DegreeDaysMonthly(), Map.of(DegreeDaysMonthly.SEATTLE_DAILY, vega)))
            .get(0);
    assertEquals(20.0, d(r, "mean_temp_c"), 1e-9);
    assertEquals(60.0, d(r, "cdd"), 1e-9, "30 days × (20 − 18)");
    assertEquals(0.0, d(r, "hdd"), 1e-9);
  }

  @Test
  @Tag("spark")
  void monthWithMissingDaysIsScaledAndFlaggedAndAThinMonthIsQuarantined(SparkSession spark) {
    List<Row> in =
        new ArrayList<>(seattleDays("2013-01", 1, 25, "10", "6")); // 25 of 31 days at 8 °C
    in.addAll(seattleDays("2012-02", 1, 20, "10", "6")); // exactly 20 of 29 days (leap year)
    in.addAll(seattleDays("2012-03", 1, 12, "10", "6")); // 12 of 31 days: too few
    StepOutput out =
        run(
            spark,
            new DegreeDaysMonthly(),
            Map.of(DegreeDaysMonthly.SEATTLE_DAILY, spark.createDataFrame(in, VEGA)));
    List<Row> rows = sortedRows(out);
    assertEquals(
        List.of(Date.valueOf("2012-02-01"), Date.valueOf("2013-01-01")),
        rows.stream().map(r -> (Date) r.getAs("month")).toList(),
        rows.toString());

    Row feb = rows.get(0);
    assertEquals(20, (int) feb.getAs("days_observed"));
    assertEquals(29, (int) feb.getAs("days_in_month"));
    assertEquals(200.0 * 29 / 20, d(feb, "hdd"), 1e-9);

    Row jan = rows.get(1);
    assertEquals(25, (int) jan.getAs("days_observed"));
    assertEquals(31, (int) jan.getAs("days_in_month"));
    assertEquals(310.0, d(jan, "hdd"), 1e-9, "250 observed over 25 days, scaled to 31");
    assertEquals(8.0, d(jan, "mean_temp_c"), 1e-9, "the mean is not scaled");
    assertEquals(true, jan.getAs("is_imputed"));
    assertEquals("scaled_to_month", jan.getAs("imputation"));

    List<Row> q = out.quarantine().orElseThrow().collectAsList();
    assertEquals(1, q.size(), q.toString());
    Row thin = q.get(0);
    assertEquals("min_days_observed(20)", thin.getAs("rule_id"));
    assertEquals("2012-03", thin.getAs("period"));
    assertEquals(SEATTLE_FILE, thin.getAs("source_file"));
    assertTrue(
        ((String) thin.getAs("reason")).contains("2012-03 has 12 of 31 days with temperatures"),
        (String) thin.getAs("reason"));
    assertEquals(RUN, thin.getAs("run_id"));
  }

  @Test
  @Tag("spark")
  void dayWithTooFewHoursIsNotCountedAndNaIsMissingNotAnError(SparkSession spark) {
    List<Row> in = new ArrayList<>();
    for (int d = 1; d <= 28; d++) {
      uciDay(in, BEIJING_FILE, LocalDate.of(2010, 11, d), 24, "10");
    }
    // day 29: 18 of 24 hours (the rest NA or empty) still counts
    uciDay(in, BEIJING_FILE, LocalDate.of(2010, 11, 29), 18, "10");
    for (int h = 18; h < 24; h++) {
      in.add(uciRow(BEIJING_FILE, LocalDate.of(2010, 11, 29), h, h % 2 == 0 ? "NA" : ""));
    }
    // day 30: 17 hours is too few, however cold
    uciDay(in, BEIJING_FILE, LocalDate.of(2010, 11, 30), 17, "-40");
    StepOutput out =
        run(
            spark,
            new DegreeDaysMonthly(),
            Map.of(DegreeDaysMonthly.UCI_HOURLY, spark.createDataFrame(in, UCI)));
    List<Row> rows = sortedRows(out);
    assertEquals(1, rows.size(), rows.toString());
    Row r = rows.get(0);
    assertEquals("110000", r.getAs("region_code"));
    assertEquals("Beijing", r.getAs("region_name"));
    assertEquals("GB/T 2260", r.getAs("code_system"));
    assertEquals("Beijing", r.getAs("station"));
    assertEquals("weather_uci", r.getAs("source"));
    assertEquals(29, (int) r.getAs("days_observed"));
    assertEquals(10.0, d(r, "mean_temp_c"), 1e-9);
    assertEquals(240.0, d(r, "hdd"), 1e-9, "29 days × 8, scaled to 30");
    assertEquals(true, r.getAs("is_imputed"));
    assertEquals(
        0, out.quarantine().orElseThrow().count(), "NA and empty cells are missing, not errors");
  }

  @Test
  @Tag("spark")
  void unparseableAndImplausibleTemperaturesAreQuarantinedWithFileFieldAndValue(
      SparkSession spark) {
    List<Row> in = new ArrayList<>();
    LocalDate day = LocalDate.of(2010, 1, 1);
    in.add(uciRow(BEIJING_FILE, day, 0, "abc"));
    in.add(uciRow(BEIJING_FILE, day, 1, "61"));
    in.add(uciRow(BEIJING_FILE, day, 2, "-95"));
    in.add(uciRow(BEIJING_FILE, day, 3, "NaN"));
    in.add(uciRow(BEIJING_FILE, day, 4, "NA"));
    in.add(uciRow(BEIJING_FILE, day, 5, "-12"));
    in.add(uciRow(BEIJING_FILE, day, 24, "-12"));
    in.add(
        RowFactory.create(
            "1", "2010", "13", "1", "0", "-12", BEIJING_FILE, BEIJING_FILE + "#1", AT));
    Dataset<Row> aemo =
        spark.createDataFrame(
            List.of(
                RowFactory.create(
                    "2012-01-01T00:00:00Z",
                    "4000",
                    "hot",
                    "2012-01-01",
                    "FALSE",
                    "vic.csv",
                    "a1",
                    AT)),
            AEMO);
    Dataset<Row> vega =
        spark.createDataFrame(
            List.of(
                vega("2012-01-01", "5", "9", "v1", 1000), vega("2012-01-02", "x", "1", "v1", 1000)),
            VEGA);
    StepOutput out =
        run(
            spark,
            new DegreeDaysMonthly(),
            Map.of(
                DegreeDaysMonthly.UCI_HOURLY, spark.createDataFrame(in, UCI),
                DegreeDaysMonthly.AEMO_HALF_HOURLY, aemo,
                DegreeDaysMonthly.SEATTLE_DAILY, vega));
    assertEquals(0, out.rows().count());
    Map<String, Row> byValue = new HashMap<>();
    for (Row q : out.quarantine().orElseThrow().collectAsList()) {
      byValue.put(q.getAs("value"), q);
    }
    assertEquals(
        Map.of(
            "abc",
            "parse(TEMP)",
            "61",
            "range(TEMP)",
            "-95",
            "range(TEMP)",
            "NaN",
            "parse(TEMP)",
            "24",
            "parse(hour)",
            "2010-13-1",
            "parse(year,month,day)",
            "hot",
            "parse(Temperature)",
            "5 < 9",
            "order(temp_min,temp_max)",
            "x",
            "parse(temp_max)",
            "0",
            "min_days_observed(20)"),
        byValue.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getAs("rule_id"))),
        "NA and the valid -12 are not quarantined; January 2010 has no counted day");
    Row abc = byValue.get("abc");
    assertEquals(BEIJING_FILE, abc.getAs("source_file"));
    assertEquals("TEMP", abc.getAs("field"));
    assertEquals("Beijing", abc.getAs("station"));
    assertEquals("2010-1-1 0:00", abc.getAs("period"));
    assertTrue(
        ((String) byValue.get("61").getAs("reason")).contains("-90..60"),
        byValue.get("61").toString());
    assertEquals("Temperature", byValue.get("hot").getAs("field"));
    assertEquals("vic.csv", byValue.get("hot").getAs("source_file"));
  }

  @Test
  @Tag("spark")
  void unknownStationIsQuarantinedNamingFileAndStationWhileAnotherUciCityIsKnown(
      SparkSession spark) {
    String atlantis = "electricity/weather_china_five_cities_uci/AtlantisPM20100101_20151231.csv";
    String guangzhou = "electricity/weather_china_five_cities_uci/GuangzhouPM20100101_20151231.csv";
    List<Row> in = new ArrayList<>();
    uciDay(in, atlantis, LocalDate.of(2010, 1, 1), 3, "NA");
    in.add(uciRow(atlantis, LocalDate.of(2010, 1, 2), 0, "5"));
    for (int d = 1; d <= 20; d++) {
      uciDay(in, guangzhou, LocalDate.of(2010, 7, d), 24, "28");
    }
    StepOutput out =
        run(
            spark,
            new DegreeDaysMonthly(),
            Map.of(DegreeDaysMonthly.UCI_HOURLY, spark.createDataFrame(in, UCI)));
    List<Row> rows = sortedRows(out);
    assertEquals(1, rows.size(), rows.toString());
    assertEquals("440000", rows.get(0).getAs("region_code"));
    assertEquals("Guangzhou", rows.get(0).getAs("station"));
    assertEquals(10.0 * 31, d(rows.get(0), "cdd"), 1e-9, "20 days × (28 − 18), scaled to 31");

    List<Row> q = out.quarantine().orElseThrow().collectAsList();
    assertEquals(
        4, q.size(), "every row of the unknown station, missing temperatures included: " + q);
    for (Row r : q) {
      assertEquals("known(station)", r.getAs("rule_id"));
      assertEquals(atlantis, r.getAs("source_file"));
      String reason = r.getAs("reason");
      assertTrue(
          reason.contains(atlantis)
              && reason.contains("'Atlantis'")
              && reason.contains("weather_stations.csv"),
          reason);
    }
  }

  @Test
  @Tag("spark")
  void aemoDayIsTheLocalDateNotTheUtcDate(SparkSession spark) {
    // Local days 1..20 February 2012 (AEDT, UTC+11): each begins at 13:00 UTC the day before.
    List<Row> in = new ArrayList<>();
    ZoneId melbourne = ZoneId.of("Australia/Melbourne");
    for (int d = 1; d <= 20; d++) {
      LocalDate day = LocalDate.of(2012, 2, d);
      Instant start = day.atStartOfDay(melbourne).toInstant();
      for (int i = 0; i < 48; i++) {
        String temp = d == 1 ? "30" : "18";
        in.add(
            RowFactory.create(
                start.plusSeconds(1800L * i).toString(),
                "4000",
                temp,
                day.toString(),
                "FALSE",
                "electricity/australia_vic_elec/vic_elec_2012_2013.csv",
                "a1",
                AT));
      }
    }
    assertEquals("2012-01-31T13:00:00Z", in.get(0).getString(0));
    StepOutput out =
        run(
            spark,
            new DegreeDaysMonthly(),
            Map.of(DegreeDaysMonthly.AEMO_HALF_HOURLY, spark.createDataFrame(in, AEMO)));
    List<Row> rows = sortedRows(out);
    assertEquals(
        1, rows.size(), "by UTC date February would have 19 full days and no row: " + rows);
    Row r = rows.get(0);
    assertEquals("AU-VIC", r.getAs("region_code"));
    assertEquals("Victoria", r.getAs("region_name"));
    assertEquals("Melbourne", r.getAs("station"));
    assertEquals("aemo", r.getAs("source"));
    assertEquals(Date.valueOf("2012-02-01"), r.getAs("month"));
    assertEquals(20, (int) r.getAs("days_observed"));
    assertEquals(12.0 * 29 / 20, d(r, "cdd"), 1e-9, "only local 1 February was hot");
  }

  @Test
  @Tag("spark")
  void realFilesGiveBeijingSeventyTwoPlausibleMonthsAndVictoriaTwentyFour(SparkSession spark)
      throws Exception {
    Path data = SparkTestSession.repoRoot().resolve("../shared/data").normalize();
    Dataset<Row> uci = bronzeLike(spark, data, "electricity/weather_china_five_cities_uci");
    Dataset<Row> aemo = bronzeLike(spark, data, "electricity/australia_vic_elec");
    Dataset<Row> vega = bronzeLike(spark, data, "electricity/vega_datasets/seattle-weather.csv");
    StepOutput out =
        run(
            spark,
            new DegreeDaysMonthly(),
            Map.of(
                DegreeDaysMonthly.UCI_HOURLY, uci,
                DegreeDaysMonthly.AEMO_HALF_HOURLY, aemo,
                DegreeDaysMonthly.SEATTLE_DAILY, vega));
    List<Row> rows = sortedRows(out);
    Map<String, List<Row>> byRegion =
        rows.stream().collect(Collectors.groupingBy(r -> r.getAs("region_code")));

    List<Row> beijing = byRegion.get("110000");
    assertEquals(72, beijing.size());
    assertEquals(Date.valueOf("2010-01-01"), beijing.get(0).getAs("month"));
    assertEquals(Date.valueOf("2015-12-01"), beijing.get(71).getAs("month"));
    for (Row r : beijing) {
      int month = ((Date) r.getAs("month")).toLocalDate().getMonthValue();
      if (month == 1) {
        assertTrue(d(r, "hdd") >= 500 && d(r, "hdd") <= 800, "January HDD " + r);
        assertEquals(0.0, d(r, "cdd"), 1e-9, r.toString());
      }
      if (month == 7) {
        assertTrue(d(r, "cdd") > 150, "July CDD " + r);
      }
    }
    assertEquals(24, byRegion.get("AU-VIC").size());
    assertEquals(48, byRegion.get("US-WA").size());
    assertEquals(72, byRegion.get("310000").size());
    assertEquals(
        71, byRegion.get("210000").size(), "Shenyang (Liaoning): May 2010 has 17 counted days");
    List<Row> q = out.quarantine().orElseThrow().collectAsList();
    assertTrue(
        q.stream()
            .anyMatch(
                r ->
                    "Shenyang".equals(r.getAs("station"))
                        && "2010-05".equals(r.getAs("period"))
                        && ((String) r.getAs("reason")).contains("2010-05 has 17 of 31 days")),
        q.toString());
    assertTrue(q.size() < 100, q.size() + " quarantined rows in the real files");
  }

  /**
   * The CSVs as bronze lands them: every column a string, columns merged by name (each file is read
   * on its own: Spark's CSV reader would apply the first file's header to all), plus the audit
   * columns.
   */
  private static Dataset<Row> bronzeLike(SparkSession spark, Path data, String relative)
      throws Exception {
    Path target = data.resolve(relative);
    List<Path> files;
    try (var listing =
        Files.isDirectory(target) ? Files.list(target) : java.util.stream.Stream.of(target)) {
      files = listing.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
    }
    Dataset<Row> all = null;
    for (Path f : files) {
      String name = data.relativize(f).toString();
      Dataset<Row> one =
          spark
              .read()
              .option("header", "true")
              .option("inferSchema", "false")
              .csv(f.toString())
              .withColumn("_source_file", lit(name))
              .withColumn("_source_checksum", lit(name + "#sha"))
              .withColumn("_ingested_at", lit(AT));
      all = all == null ? one : all.unionByName(one, true);
    }
    return all;
  }
}
