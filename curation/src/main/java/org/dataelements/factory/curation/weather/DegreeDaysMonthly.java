package org.dataelements.factory.curation.weather;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.curation.FileVersions;
import org.dataelements.factory.curation.RowRules;
import org.dataelements.factory.curation.power.PowerTables;

/**
 * Heating and cooling degree days per weather station and month, {@code
 * silver.weather__degree_days_monthly}, from three temperature sources: the UCI five-cities hourly
 * files (station from the file name, {@code BeijingPM20100101_20151231.csv} → Beijing), AEMO's
 * half-hourly Melbourne temperatures (day = the local {@code Date}) and NOAA Seattle daily max/min
 * via vega (daily mean = (max + min) / 2). Stations map to regions through
 * conf/reference/weather_stations.csv and region names come from conf/reference/regions.csv.
 *
 * <p>A day counts when at least 75 % of its expected readings exist (18 of 24 hours, 36 of 48
 * half-hours, both of max and min); its mean is the mean of its readings, and daily HDD = max(0,
 * base − mean), CDD = max(0, mean − base). A month sums its counted days; when days are missing the
 * sums are scaled by days_in_month / days_observed and flagged ({@code is_imputed}, {@code
 * imputation = 'scaled_to_month'}). A month with fewer than 20 counted days gets no row.
 *
 * <p>Grain: one row per <b>station</b> × month, key (region_code, station, month). A region with
 * several stations therefore has several rows per month; a consumer wanting one value per region
 * averages them ({@code avg(hdd) ... group by region_code, month}). A station listed for several
 * regions (a prefecture and its province) gives a row for each.
 *
 * <p>Quarantine (rule_id, reason, file, field, value): unparseable temperatures ("NA" and empty
 * cells are missing, not errors), temperatures outside −90..60 °C, unparseable dates or hours,
 * Seattle days with max below min, rows of stations that conf/reference/weather_stations.csv does
 * not know (all rows of that file, the reason naming file and station), and months with too few
 * counted days.
 */
public final class DegreeDaysMonthly implements Step {
  /** The conventional base temperature of degree days in °C. */
  public static final double DEFAULT_BASE_C = 18.0;

  /** Bronze: UCI PM2.5 five cities, hourly weather per city file. */
  public static final TableId UCI_HOURLY = TableId.bronze("weather_uci", "hourly");

  /** Bronze: AEMO Victoria half-hourly demand with Melbourne temperature. */
  public static final TableId AEMO_HALF_HOURLY = PowerTables.BRONZE_OPERATOR_DEMAND;

  /** Bronze: NOAA Seattle daily weather (vega-datasets). */
  public static final TableId SEATTLE_DAILY = TableId.bronze("vega", "seattle_weather_daily");

  /** Silver: this step's output. */
  public static final TableId DEGREE_DAYS_MONTHLY =
      TableId.silver("weather", "degree_days_monthly");

  static final String REGIONS = "regions";
  static final String STATIONS = "weather_stations";

  /** Share of a day's expected readings that must exist for the day to count. */
  static final double MIN_DAY_COVERAGE = 0.75;

  /** Counted days a month needs to get a row. */
  static final int MIN_DAYS_PER_MONTH = 20;

  static final double MIN_PLAUSIBLE_C = -90;
  static final double MAX_PLAUSIBLE_C = 60;
  static final String IMPUTATION_SCALED = "scaled_to_month";

  private static final String RULE = "rule_id";
  private static final String REASON = "reason";
  private static final Column[] JUDGED_COLUMNS = {
    col("source"),
    col("source_file"),
    col("station"),
    col("region_code"),
    col("period"),
    col("day"),
    col("slot"),
    col("per_day"),
    col("temp_c"),
    col("field"),
    col("value"),
    col(RULE),
    col(REASON)
  };
  private static final Column[] OUTPUT_COLUMNS = {
    col("region_code"),
    col("region_name"),
    col("code_system"),
    col("station"),
    col("month"),
    col("days_observed"),
    col("days_in_month"),
    col("mean_temp_c"),
    col("hdd"),
    col("cdd"),
    col("base_temp_c"),
    col("is_imputed"),
    col("imputation"),
    col("source")
  };

  private final double baseTempC;

  /** Degree days at {@link #DEFAULT_BASE_C}. */
  public DegreeDaysMonthly() {
    this(DEFAULT_BASE_C);
  }

  /**
   * Degree days at the given base temperature.
   *
   * @throws IllegalArgumentException when the base is not a finite temperature within −50..50 °C
   */
  public DegreeDaysMonthly(double baseTempC) {
    if (!Double.isFinite(baseTempC) || baseTempC < -50 || baseTempC > 50) {
      throw new IllegalArgumentException(
          "degree-day base temperature "
              + baseTempC
              + " °C is not plausible; use a value within"
              + " -50..50 °C, e.g. "
              + DEFAULT_BASE_C
              + " (the default) or 15.5");
    }
    this.baseTempC = baseTempC;
  }

  /** The base temperature in °C. */
  public double baseTempC() {
    return baseTempC;
  }

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "silver:weather__degree_days_monthly",
        List.of(
            StepSpec.Input.optional(UCI_HOURLY),
            StepSpec.Input.optional(AEMO_HALF_HOURLY),
            StepSpec.Input.optional(SEATTLE_DAILY)),
        List.of(REGIONS, STATIONS),
        DEGREE_DAYS_MONTHLY,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public String parameters() {
    return "base_temp_c=" + baseTempC;
  }

  @Override
  public StepOutput transform(StepInputs in) {
    Dataset<Row> stations = stationKeys(in.reference(STATIONS));
    List<Dataset<Row>> judged = new ArrayList<>();
    in.table(UCI_HOURLY).ifPresent(b -> judged.add(uciHourly(b, stations)));
    in.table(AEMO_HALF_HOURLY).ifPresent(b -> judged.add(aemoHalfHourly(b, stations)));
    in.table(SEATTLE_DAILY).ifPresent(b -> judged.add(seattleDaily(b, stations)));
    if (judged.isEmpty()) {
      throw new IllegalStateException(
          "no temperature input: none of "
              + UCI_HOURLY
              + ", "
              + AEMO_HALF_HOURLY
              + ", "
              + SEATTLE_DAILY
              + " exists; ingest at least one of the sources weather_uci, aemo, vega first");
    }
    Dataset<Row> observations = judged.get(0);
    for (Dataset<Row> more : judged.subList(1, judged.size())) {
      observations = observations.unionByName(more);
    }
    Dataset<Row> months = months(observations);
    Column enough = col("days_observed").geq(MIN_DAYS_PER_MONTH);
    Dataset<Row> rows =
        withRegionNames(months.filter(enough), in.reference(REGIONS)).select(OUTPUT_COLUMNS);
    Dataset<Row> badReadings =
        observations
            .filter(col(RULE).isNotNull())
            .select(
                col("source"),
                col("source_file"),
                col("station"),
                col("region_code"),
                col("period"),
                col("field"),
                col("value"),
                col(RULE),
                col(REASON));
    Dataset<Row> thinMonths =
        months
            .filter(not(enough))
            .select(
                col("source"),
                col("files").as("source_file"),
                col("station"),
                col("region_code"),
                date_format(col("month"), "yyyy-MM").as("period"),
                lit("days_observed").as("field"),
                col("days_observed").cast(DataTypes.StringType).as("value"),
                lit("min_days_observed(" + MIN_DAYS_PER_MONTH + ")").as(RULE),
                concat(
                        col("station"),
                        lit(" "),
                        date_format(col("month"), "yyyy-MM"),
                        lit(" has "),
                        col("days_observed").cast(DataTypes.StringType),
                        lit(" of "),
                        col("days_in_month").cast(DataTypes.StringType),
                        lit(" days with temperatures (a day needs "),
                        minReadings(col("per_day")).cast(DataTypes.StringType),
                        lit(" of its "),
                        col("per_day").cast(DataTypes.StringType),
                        lit(
                            " readings); at least "
                                + MIN_DAYS_PER_MONTH
                                + " needed, so the month has no row"))
                    .as(REASON));
    Dataset<Row> quarantine =
        badReadings.unionByName(thinMonths).withColumn("run_id", lit(in.runId()));
    return StepOutput.of(DEGREE_DAYS_MONTHLY, rows, quarantine).withShared(observations);
  }

  /** The UCI hourly files: station from the file name, day from year/month/day (local time). */
  static Dataset<Row> uciHourly(Dataset<Row> bronze, Dataset<Row> stations) {
    Column fileName = regexp_extract(col("_source_file"), "([^/\\\\]+)$", 1);
    Dataset<Row> typed =
        withStation(
            FileVersions.latest(bronze)
                .select(
                    lit("weather_uci").as("source"),
                    col("_source_file").as("source_file"),
                    regexp_extract(fileName, "^([A-Za-z]+)PM", 1).as("station"),
                    trim(col("year")).as("y"),
                    trim(col("month")).as("m"),
                    trim(col("day")).as("d"),
                    trim(col("hour")).as("h"),
                    col("TEMP")),
            stations);
    Column dateParts =
        col("y")
            .rlike("^\\d{4}$")
            .and(col("m").rlike("^\\d{1,2}$"))
            .and(col("d").rlike("^\\d{1,2}$"));
    Column day =
        when(
            dateParts, make_date(col("y").cast("int"), col("m").cast("int"), col("d").cast("int")));
    Column hourOk = col("h").rlike("^\\d{1,2}$").and(col("h").cast("int").between(0, 23));
    List<Rule> rules = new ArrayList<>();
    rules.add(
        new Rule(
            col("station").equalTo(""),
            "station(_source_file)",
            "_source_file",
            col("source_file"),
            concat(
                lit("file '"),
                col("source_file"),
                lit(
                    "' does not name its station: expected"
                        + " <City>PM<from>_<to>.csv, e.g. BeijingPM20100101_20151231.csv"))));
    rules.add(knownStation());
    rules.add(
        new Rule(
            col("day").isNull(),
            "parse(year,month,day)",
            "year/month/day",
            concat_ws("-", col("y"), col("m"), col("d")),
            concat(
                lit("year/month/day '"),
                concat_ws("-", col("y"), col("m"), col("d")),
                lit("' is not a date"))));
    rules.add(
        new Rule(
            not(coalesce(hourOk, lit(false))),
            "parse(hour)",
            "hour",
            col("h"),
            concat(
                lit("hour '"),
                coalesce(col("h"), lit("")),
                lit("' is not an hour of the day (0..23)"))));
    rules.addAll(temperatureRules("TEMP"));
    return judge(
            typed
                .withColumn("day", day)
                .withColumn(
                    "period",
                    format_string("%s-%s-%s %s:00", col("y"), col("m"), col("d"), col("h")))
                .withColumn("slot", col("h"))
                .withColumn("per_day", lit(24)),
            rules)
        .withColumn("temp_c", when(col(RULE).isNull(), celsius(col("TEMP"))))
        .select(JUDGED_COLUMNS);
  }

  /** AEMO's half-hourly Melbourne temperatures; the day is the local Date, not the UTC Time. */
  static Dataset<Row> aemoHalfHourly(Dataset<Row> bronze, Dataset<Row> stations) {
    Dataset<Row> typed =
        withStation(
            FileVersions.latest(bronze)
                .select(
                    lit("aemo").as("source"),
                    col("_source_file").as("source_file"),
                    lit("Melbourne").as("station"),
                    trim(col("Date")).as("date_raw"),
                    trim(col("Time")).as("slot"),
                    col("Temperature")),
            stations);
    List<Rule> rules = new ArrayList<>();
    rules.add(knownStation());
    rules.add(
        new Rule(
            col("day").isNull(),
            "parse(Date)",
            "Date",
            col("date_raw"),
            concat(
                lit("Date '"),
                coalesce(col("date_raw"), lit("")),
                lit("' is not a date (yyyy-MM-dd)"))));
    rules.add(
        new Rule(
            coalesce(col("slot"), lit("")).equalTo(""),
            "complete(Time)",
            "Time",
            col("slot"),
            lit("Time is empty: the half hour cannot be told apart from the others of its day")));
    rules.addAll(temperatureRules("Temperature"));
    return judge(
            typed
                .withColumn("day", to_date(col("date_raw"), "yyyy-MM-dd"))
                .withColumn("period", concat_ws(" ", col("date_raw"), col("slot")))
                .withColumn("per_day", lit(48)),
            rules)
        .withColumn("temp_c", when(col(RULE).isNull(), celsius(col("Temperature"))))
        .select(JUDGED_COLUMNS);
  }

  /** NOAA Seattle daily max and min; one reading per day, the mean of max and min. */
  static Dataset<Row> seattleDaily(Dataset<Row> bronze, Dataset<Row> stations) {
    Dataset<Row> typed =
        withStation(
            FileVersions.latest(bronze)
                .select(
                    lit("vega").as("source"),
                    col("_source_file").as("source_file"),
                    lit("Seattle").as("station"),
                    trim(col("date")).as("date_raw"),
                    col("temp_max"),
                    col("temp_min")),
            stations);
    List<Rule> rules = new ArrayList<>();
    rules.add(knownStation());
    rules.add(
        new Rule(
            col("day").isNull(),
            "parse(date)",
            "date",
            col("date_raw"),
            concat(
                lit("date '"),
                coalesce(col("date_raw"), lit("")),
                lit("' is not a date (yyyy-MM-dd)"))));
    rules.addAll(temperatureRules("temp_max"));
    rules.addAll(temperatureRules("temp_min"));
    Column max = celsius(col("temp_max"));
    Column min = celsius(col("temp_min"));
    rules.add(
        new Rule(
            coalesce(max.lt(min), lit(false)),
            "order(temp_min,temp_max)",
            "temp_max",
            concat(trim(col("temp_max")), lit(" < "), trim(col("temp_min"))),
            concat(
                lit("temp_max "),
                trim(col("temp_max")),
                lit(" is below temp_min "),
                trim(col("temp_min")))));
    return judge(
            typed
                .withColumn("day", to_date(col("date_raw"), "yyyy-MM-dd"))
                .withColumn("period", col("date_raw"))
                .withColumn("slot", lit("day"))
                .withColumn("per_day", lit(1)),
            rules)
        .withColumn("temp_c", when(col(RULE).isNull(), max.plus(min).divide(2)))
        .select(JUDGED_COLUMNS);
  }

  /**
   * Valid readings → days → months. A reading repeated for one slot (overlapping files) counts
   * once, with the mean of its values.
   */
  private Dataset<Row> months(Dataset<Row> observations) {
    Dataset<Row> slots =
        observations
            .filter(col(RULE).isNull().and(col("temp_c").isNotNull()))
            .groupBy(
                col("source"),
                col("station"),
                col("region_code"),
                col("per_day"),
                col("day"),
                col("slot"))
            .agg(avg(col("temp_c")).as("temp_c"), min(col("source_file")).as("source_file"));
    Column base = lit(baseTempC);
    Dataset<Row> days =
        slots
            .groupBy(col("source"), col("station"), col("region_code"), col("per_day"), col("day"))
            .agg(
                avg(col("temp_c")).as("day_mean_c"),
                count(lit(1)).as("readings"),
                collect_set(col("source_file")).as("files"))
            .withColumn("counted", col("readings").geq(minReadings(col("per_day"))))
            .withColumn("day_hdd", greatest(lit(0.0), base.minus(col("day_mean_c"))))
            .withColumn("day_cdd", greatest(lit(0.0), col("day_mean_c").minus(base)));
    Column counted = col("counted");
    Dataset<Row> months =
        days.withColumn("month", trunc(col("day"), "month"))
            .groupBy(
                col("source"), col("station"), col("region_code"), col("per_day"), col("month"))
            .agg(
                sum(when(counted, 1).otherwise(0)).cast(DataTypes.IntegerType).as("days_observed"),
                sum(when(counted, col("day_hdd"))).as("hdd_observed"),
                sum(when(counted, col("day_cdd"))).as("cdd_observed"),
                avg(when(counted, col("day_mean_c"))).as("mean_temp_c"),
                concat_ws(", ", array_sort(array_distinct(flatten(collect_list(col("files"))))))
                    .as("files"))
            .withColumn("days_in_month", dayofmonth(last_day(col("month"))));
    Column imputed = col("days_observed").lt(col("days_in_month"));
    Column scale = col("days_in_month").cast(DataTypes.DoubleType).divide(col("days_observed"));
    return months
        .withColumn("is_imputed", imputed)
        .withColumn("imputation", when(imputed, lit(IMPUTATION_SCALED)))
        // unscaled sums stay exact for complete months (x * n / n need not round-trip)
        .withColumn(
            "hdd",
            when(imputed, col("hdd_observed").multiply(scale)).otherwise(col("hdd_observed")))
        .withColumn(
            "cdd",
            when(imputed, col("cdd_observed").multiply(scale)).otherwise(col("cdd_observed")))
        .withColumn("base_temp_c", base);
  }

  /** Readings a day needs to count: 75 % of those expected, rounded up. */
  private static Column minReadings(Column perDay) {
    return ceil(perDay.multiply(MIN_DAY_COVERAGE)).cast(DataTypes.IntegerType);
  }

  /**
   * The station list keyed by lower-case name, with its region code (blank = none). A station may
   * serve several regions, one row each (a city and its province): its readings count for each.
   */
  private static Dataset<Row> stationKeys(Dataset<Row> stations) {
    Column region = trim(col("region_code"));
    return stations
        .select(
            lower(trim(col("station"))).as("_station_key"),
            trim(col("station")).as("_ref_station"),
            when(region.notEqual(""), region).as("region_code"))
        .filter(col("_station_key").notEqual(""))
        .dropDuplicates("_station_key", "region_code");
  }

  /** Adds the station's region_code (null when unknown) and its spelling in the station list. */
  private static Dataset<Row> withStation(Dataset<Row> readings, Dataset<Row> stationKeys) {
    return readings
        .withColumn("_station_key", lower(trim(col("station"))))
        .join(broadcast(stationKeys), "_station_key", "left")
        .withColumn("station", coalesce(col("_ref_station"), col("station")))
        .drop("_station_key", "_ref_station");
  }

  private static Dataset<Row> withRegionNames(Dataset<Row> months, Dataset<Row> regions) {
    Dataset<Row> names =
        regions.select(
            col("region_code").as("_ref_code"),
            col("name_en").as("region_name"),
            col("code_system"));
    return months
        .join(broadcast(names), months.col("region_code").equalTo(names.col("_ref_code")), "left")
        .withColumn("region_name", coalesce(col("region_name"), col("region_code")))
        .withColumn("code_system", coalesce(col("code_system"), lit("factory")));
  }

  private static Rule knownStation() {
    return new Rule(
        col("region_code").isNull(),
        "known(station)",
        "station",
        col("station"),
        concat(
            lit("file '"),
            col("source_file"),
            lit("': station '"),
            col("station"),
            lit(
                "' is not in conf/reference/"
                    + STATIONS
                    + ".csv (or has no region_code); add a row '"),
            col("station"),
            lit(",<region_code>,<time_zone>,<note>' to use its temperatures")));
  }

  /** Unparseable (NA and empty are missing, not errors) and implausible temperatures. */
  private static List<Rule> temperatureRules(String field) {
    Column raw = col(field);
    Column num = trim(raw).cast(DataTypes.DoubleType);
    Column present = not(isMissing(raw));
    return List.of(
        new Rule(
            present.and(num.isNull().or(isnan(num))),
            "parse(" + field + ")",
            field,
            raw,
            concat(lit(field + " '"), raw, lit("' is not a number (NA means missing)"))),
        new Rule(
            present.and(num.lt(MIN_PLAUSIBLE_C).or(num.gt(MAX_PLAUSIBLE_C))),
            "range(" + field + ")",
            field,
            raw,
            concat(
                lit(field + " "),
                trim(raw),
                lit(
                    " °C is outside "
                        + (int) MIN_PLAUSIBLE_C
                        + ".."
                        + (int) MAX_PLAUSIBLE_C
                        + " °C: a sensor, unit or typing error"))));
  }

  private static Column isMissing(Column raw) {
    return raw.isNull().or(upper(trim(raw)).isin("", "NA"));
  }

  /** A temperature in °C, null when missing. */
  private static Column celsius(Column raw) {
    return when(not(isMissing(raw)), trim(raw).cast(DataTypes.DoubleType));
  }

  /** A row rule that also names the offending field and value for the quarantine. */
  private record Rule(Column broken, String ruleId, String field, Column value, Column reason) {}

  /** Adds rule_id, reason, field and value of the first rule each row breaks (all null if none). */
  private static Dataset<Row> judge(Dataset<Row> rows, List<Rule> rules) {
    RowRules reasons =
        new RowRules(
            rules.stream()
                .map(r -> new RowRules.Rule(r.broken(), r.ruleId(), r.reason()))
                .toList());
    RowRules fields =
        new RowRules(
            rules.stream()
                .map(r -> new RowRules.Rule(r.broken(), r.ruleId(), lit(r.field())))
                .toList());
    RowRules values =
        new RowRules(
            rules.stream()
                .map(
                    r ->
                        new RowRules.Rule(
                            r.broken(), r.ruleId(), r.value().cast(DataTypes.StringType)))
                .toList());
    return rows.withColumn(RULE, reasons.ruleId())
        .withColumn(REASON, reasons.reason())
        .withColumn("field", fields.reason())
        .withColumn("value", values.reason());
  }
}
