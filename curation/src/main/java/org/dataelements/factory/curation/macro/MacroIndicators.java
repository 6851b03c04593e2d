package org.dataelements.factory.curation.macro;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.curation.FileVersions;
import org.dataelements.factory.curation.RowRules;
import org.dataelements.factory.curation.Values;
import org.dataelements.factory.curation.power.PowerTables;
import org.dataelements.factory.curation.power.Regions;

/**
 * Macro indicators per region × indicator × period, for validating the electricity index.
 *
 * <p>From Wind exports ({@code bronze.wind__series}), series are chosen by their name, never by
 * file: {@code [<country>: ]<region>: GDP[: <sector>][: YTD]} (national series such as {@code
 * China: GDP: Current Prices: Primary Industry} name the country only) and {@code [<country>:
 * ]<region>: Output: <product>[: YTD]} (electricity and power products excepted: they belong to the
 * power steps, as do all other series, which are ignored). Series whose name ends in {@code : YTD}
 * are year-to-date cumulative and are differenced within each calendar year; a year whose only
 * value is December's is an annual value ({@code frequency = year}); a monthly year starting at
 * February gives a January–February value on January 1 ({@code jan_feb_combined}); a difference
 * that spans missing periods is quarantined, not split. Cells of 0.00 or blank are missing (not
 * zero) and are left out. Regions are conformed to conf/reference/regions.csv.
 *
 * <p>From Our World in Data ({@code bronze.owid__electricity_annual}, {@code
 * bronze.owid__gdp_annual}), annual country figures: electricity demand in kWh and real GDP in 2011
 * international dollars. Countries are conformed to ISO 3166-1 alpha-2 with
 * conf/reference/countries.csv; aggregates (continents, income groups, the EU, former states) are
 * kept under a code of their own ({@code X_<NAME>}, {@code code_system = factory}).
 *
 * <p>Quarantined: unparseable numbers or periods, unknown frequencies, months that are not quarter
 * ends in quarterly series, YTD values that decrease within a year (and the difference that follows
 * such a value), YTD differences spanning missing periods, and a key reported twice (with different
 * values, or again with the same one).
 */
public final class MacroIndicators implements Step {
  /** Output: silver.macro__indicators. */
  public static final TableId OUTPUT = TableId.silver("macro", "indicators");

  /** Input: cells of Wind wide exports. */
  public static final TableId BRONZE_WIND_SERIES = PowerTables.BRONZE_WIND_SERIES;

  /** Input: OWID annual electricity per country. */
  public static final TableId BRONZE_OWID_ELECTRICITY =
      TableId.bronze("owid", "electricity_annual");

  /** Input: OWID (Maddison) annual real GDP per country. */
  public static final TableId BRONZE_OWID_GDP = TableId.bronze("owid", "gdp_annual");

  static final String REGIONS = "regions";
  static final String COUNTRIES = "countries";

  /** Wind GDP series: group 1 the region (or country) label, group 2 what follows "GDP". */
  static final String GDP_SERIES = "(?i)^(?:.*: )?([^:]+): GDP(?:: (.+))?$";

  /** Wind industrial output series: group 1 the region label, group 2 the product (and YTD). */
  static final String OUTPUT_SERIES = "(?i)^(?:.*: )?([^:]+): Output: (.+)$";

  /** Output "products" that are electricity: the generation steps' business, not this one's. */
  static final String ELECTRICITY_PRODUCT =
      "(?i)^(?!.*equipment).*(electricity|power|generat|solar).*";

  static final String YTD_SUFFIX = "(?i)(^|:\\s*)YTD\\s*$";

  /** Tertiary sub-sectors national series name without the "Tertiary Industry" level. */
  static final List<String> TERTIARY_SUBSECTORS =
      List.of(
          "wholesale_and_retail_trade",
          "transport_storage_and_post",
          "hotels_and_catering_services",
          "accommodation_and_catering",
          "finance",
          "real_estate",
          "other_services",
          "leasing_and_business_services",
          "information_transmission_software_and_information_technology_services");

  static final String OWID_DEMAND = "Electricity demand (TWh)";
  static final String OWID_GDP = "Total real GDP";
  static final String FACTORY = "factory";

  static final String KEY_RULE = "unique(region_code,indicator,frequency,period_start,price_basis)";
  static final String DUPLICATE_RULE =
      "duplicate(region_code,indicator,frequency,period_start,price_basis)";

  @Override
  public StepSpec spec() {
    return StepSpec.of(
        "silver:macro__indicators",
        List.of(
            StepSpec.Input.optional(BRONZE_WIND_SERIES),
            StepSpec.Input.optional(BRONZE_OWID_ELECTRICITY),
            StepSpec.Input.optional(BRONZE_OWID_GDP)),
        List.of(REGIONS, COUNTRIES),
        OUTPUT,
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public StepOutput transform(StepInputs in) {
    List<Dataset<Row>> parts = new ArrayList<>();
    in.table(BRONZE_WIND_SERIES).ifPresent(w -> parts.add(windCells(w, in.reference(REGIONS))));
    in.table(BRONZE_OWID_ELECTRICITY)
        .ifPresent(
            e ->
                parts.add(
                    owidCells(
                        e,
                        BRONZE_OWID_ELECTRICITY,
                        OWID_DEMAND,
                        in.reference(COUNTRIES),
                        "electricity_demand_kwh",
                        1e9,
                        "kWh",
                        Optional.empty())));
    in.table(BRONZE_OWID_GDP)
        .ifPresent(
            g ->
                parts.add(
                    owidCells(
                        g,
                        BRONZE_OWID_GDP,
                        OWID_GDP,
                        in.reference(COUNTRIES),
                        "gdp_real_2011_intl_usd",
                        1.0,
                        "2011 international dollars",
                        Optional.of("constant"))));
    if (parts.isEmpty()) {
      throw new IllegalStateException(
          "no macro input: none of "
              + BRONZE_WIND_SERIES
              + ", "
              + BRONZE_OWID_ELECTRICITY
              + ", "
              + BRONZE_OWID_GDP
              + " exists; ingest the wind or owid source first (factory ingest wind)");
    }
    Dataset<Row> all = parts.get(0);
    for (Dataset<Row> p : parts.subList(1, parts.size())) {
      all = all.unionByName(p);
    }
    Dataset<Row> judged = oncePerKey(all);
    Dataset<Row> rows = judged.filter(col("rule_id").isNull()).select(OUTPUT_COLUMNS);
    Dataset<Row> quarantine =
        judged
            .filter(col("rule_id").isNotNull())
            .select(
                col("source_file"),
                col("series_name"),
                col("period"),
                col("value_raw").as("value"),
                col("unit"),
                col("rule_id"),
                col("reason"),
                lit(in.runId()).as("run_id"));
    return StepOutput.of(OUTPUT, rows, quarantine).withShared(judged);
  }

  static final Column[] OUTPUT_COLUMNS = {
    col("region_code"),
    col("region_name"),
    col("code_system"),
    col("indicator"),
    col("frequency"),
    col("period_start"),
    col("value"),
    col("unit"),
    col("price_basis"),
    col("jan_feb_combined"),
    col("derived_from_ytd"),
    col("source_series"),
    col("source")
  };

  /** The columns every part carries into {@link #oncePerKey}: output, provenance, judgement. */
  private static final Column[] JUDGED_COLUMNS = {
    col("region_code"),
    col("region_name"),
    col("code_system"),
    col("indicator"),
    col("frequency"),
    col("period_start"),
    col("value").cast(DataTypes.DoubleType).as("value"),
    col("unit"),
    col("price_basis"),
    col("jan_feb_combined"),
    col("derived_from_ytd"),
    col("source_series"),
    col("source"),
    col("source_file"),
    col("series_name"),
    col("series_column"),
    col("period"),
    col("value_raw"),
    col("rule_id"),
    col("reason")
  };

  /** Wind GDP and output cells, YTD series differenced, with rule_id/reason for rejected ones. */
  static Dataset<Row> windCells(Dataset<Row> bronze, Dataset<Row> regions) {
    Column name = trim(regexp_replace(col("series_name"), "^\\s*\\(DC\\)\\s*", ""));
    Dataset<Row> series =
        FileVersions.latest(bronze)
            .withColumn("_name", name)
            // The cheap test first: most cells of other series never meet the regular expressions.
            .withColumn(
                "_kind",
                when(
                        lower(col("_name")).contains(": gdp").and(col("_name").rlike(GDP_SERIES)),
                        lit("gdp"))
                    .when(
                        lower(col("_name"))
                            .contains(": output: ")
                            .and(col("_name").rlike(OUTPUT_SERIES))
                            .and(
                                not(
                                    regexp_extract(col("_name"), OUTPUT_SERIES, 2)
                                        .rlike(ELECTRICITY_PRODUCT))),
                        lit("output")))
            .filter(col("_kind").isNotNull());
    Column isGdp = col("_kind").equalTo("gdp");
    Column detail =
        when(isGdp, regexp_extract(col("_name"), GDP_SERIES, 2))
            .otherwise(regexp_extract(col("_name"), OUTPUT_SERIES, 2));
    Dataset<Row> named =
        series
            .withColumn(
                "_label",
                trim(
                    when(isGdp, regexp_extract(col("_name"), GDP_SERIES, 1))
                        .otherwise(regexp_extract(col("_name"), OUTPUT_SERIES, 1))))
            .withColumn("_detail", trim(detail))
            .withColumn("derived_from_ytd", col("_detail").rlike(YTD_SUFFIX))
            .withColumn("_detail", trim(regexp_replace(col("_detail"), YTD_SUFFIX, "")))
            .withColumn(
                "price_basis",
                when(
                    isGdp,
                    nullIfEmpty(
                        lower(
                            regexp_extract(
                                col("_detail"), "(?i)\\b(current|constant) prices\\b", 1)))))
            .withColumn(
                "indicator",
                when(isGdp, gdpIndicator(col("_detail"), col("price_basis")))
                    .otherwise(concat(lit("output_"), snake(col("_detail")))));
    Column period = trim(col("period"));
    Dataset<Row> typed =
        named
            .withColumn("source_file", col("_source_file"))
            .withColumn("source_series", col("series_name"))
            .withColumn("source", lit("wind"))
            .withColumn("unit", nullIfEmpty(trim(col("unit"))))
            .withColumn("value_raw", col("value"))
            .withColumn("_trimmed", trim(col("value")))
            .withColumn("_num", Values.number(col("value")))
            .withColumn("_freq", frequency(col("frequency")))
            .withColumn("_period_ok", period.rlike("^\\d{4}(-\\d{2}){0,2}$"))
            .withColumn("_year", substring(period, 1, 4).cast(DataTypes.IntegerType))
            .withColumn(
                "_month",
                when(length(period).geq(7), substring(period, 6, 2).cast(DataTypes.IntegerType))
                    .otherwise(lit(12)))
            .withColumn("_where", where());
    RowRules rules =
        new RowRules(
            List.of(
                new RowRules.Rule(
                    col("_num").isNull(),
                    "parse(value)",
                    concat(
                        col("_where"), lit("value '"), col("value_raw"), lit("' is not a number"))),
                new RowRules.Rule(
                    coalesce(not(col("_period_ok").and(col("_month").between(1, 12))), lit(true)),
                    "parse(period)",
                    concat(col("_where"), lit("period is not YYYY-MM"))),
                new RowRules.Rule(
                    col("_freq").isNull(),
                    "known(frequency)",
                    concat(
                        col("_where"),
                        lit("frequency '"),
                        coalesce(col("frequency"), lit("")),
                        lit("' is not one of Month, Season/Quarter, Year"))),
                new RowRules.Rule(
                    col("_freq").equalTo("quarter").and(col("_month").mod(3).notEqual(0)),
                    "quarter_end(period)",
                    concat(
                        col("_where"),
                        lit("a quarterly series has a period that does not end a quarter")))));
    // 0.00 (and blank) means "not reported": such cells are gaps, neither rows nor rejects.
    Column missing =
        coalesce(col("_trimmed").equalTo(""), lit(true))
            .or(coalesce(col("_num").equalTo(0), lit(false)));
    Dataset<Row> judged =
        typed
            .withColumn("rule_id", rules.ruleId())
            .withColumn("reason", rules.reason())
            .filter(not(missing));
    Dataset<Row> bad = judged.filter(col("rule_id").isNotNull());
    Dataset<Row> good = perPeriod(judged.filter(col("rule_id").isNull()));
    Dataset<Row> rejected =
        bad.withColumn("frequency", lit(null).cast(DataTypes.StringType))
            .withColumn("period_start", lit(null).cast(DataTypes.DateType))
            .withColumn("value", lit(null).cast(DataTypes.DoubleType))
            .withColumn("jan_feb_combined", lit(false));
    Dataset<Row> cells = good.unionByName(rejected);
    return conformed(Regions.conform(cells, regions, "_label")).select(JUDGED_COLUMNS);
  }

  /**
   * One value per period of each series (file × column): YTD series differenced within the year,
   * December-only years as annual values, gaps and decreases rejected.
   */
  static Dataset<Row> perPeriod(Dataset<Row> cells) {
    WindowSpec series =
        Window.partitionBy(col("source_file"), col("series_column"), col("series_name"));
    WindowSpec year =
        Window.partitionBy(
            col("source_file"), col("series_column"), col("series_name"), col("_year"));
    WindowSpec inYear = year.orderBy(col("_month"));
    Column step =
        when(col("_freq").equalTo("month"), lit(1))
            .when(col("_freq").equalTo("quarter"), lit(3))
            .otherwise(lit(12));
    Dataset<Row> w =
        cells
            .withColumn("_n_year", count(lit(1)).over(year))
            .withColumn(
                "_first_subannual_year",
                min(when(col("_month").notEqual(12), col("_year"))).over(series))
            .withColumn("_prev_month", lag(col("_month"), 1).over(inYear))
            .withColumn("_prev_num", lag(col("_num"), 1).over(inYear))
            .withColumn("_prev_prev_num", lag(col("_num"), 2).over(inYear))
            .withColumn("_prev_raw", lag(trim(col("value_raw")), 1).over(inYear))
            .withColumn("_prev_period", lag(trim(col("period")), 1).over(inYear));
    Column ytd = col("derived_from_ytd");
    Column decemberOnly = col("_n_year").equalTo(1).and(col("_month").equalTo(12));
    Column annual =
        col("_freq")
            .equalTo("year")
            .or(decemberOnly.and(ytd))
            .or(
                decemberOnly
                    .and(not(ytd))
                    .and(
                        col("_first_subannual_year")
                            .isNull()
                            .or(col("_year").lt(col("_first_subannual_year")))));
    Column first = col("_prev_month").isNull();
    Column janFeb =
        ytd.and(not(annual))
            .and(first)
            .and(col("_freq").equalTo("month"))
            .and(col("_month").equalTo(2));
    Column span =
        when(first, col("_month").divide(step))
            .otherwise(col("_month").minus(col("_prev_month")).divide(step));
    // Rounded to drop binary noise of the subtraction (9938.800000000001); sources give two
    // decimals.
    Column value =
        when(ytd.and(not(annual)).and(not(first)), round(col("_num").minus(col("_prev_num")), 6))
            .otherwise(col("_num"));
    Column decrease = ytd.and(not(annual)).and(not(first)).and(col("_num").lt(col("_prev_num")));
    // After a decrease it is unknown which of the two values is wrong, so the next difference is
    // not trusted either (a too-low value inflates it).
    Column afterDecrease =
        ytd.and(not(annual))
            .and(col("_prev_prev_num").isNotNull())
            .and(col("_prev_num").lt(col("_prev_prev_num")));
    Column gap = ytd.and(not(annual)).and(not(janFeb)).and(span.gt(1));
    Column freqOut = when(annual, lit("year")).otherwise(col("_freq"));
    Column startMonth =
        when(annual.or(janFeb), lit(1))
            .when(col("_freq").equalTo("quarter"), col("_month").minus(2))
            .otherwise(col("_month"));
    Column spanned =
        concat(
            col("_where"),
            lit("the YTD "),
            when(
                    first,
                    concat(lit("value is the first of "), col("_year").cast(DataTypes.StringType)))
                .otherwise(
                    concat(
                        lit("difference from "),
                        col("_prev_period"),
                        lit(" ("),
                        col("_prev_raw"),
                        lit(")"))),
            lit(" spans "),
            span.cast(DataTypes.IntegerType).cast(DataTypes.StringType),
            lit(" "),
            col("_freq"),
            lit("s because the periods before were not reported; not split into "),
            col("_freq"),
            lit("s"));
    Column fell =
        concat(
            col("_where"),
            lit("YTD value fell from "),
            col("_prev_raw"),
            lit(" at "),
            col("_prev_period"),
            lit(" to "),
            trim(col("value_raw")),
            lit(" at "),
            trim(col("period")),
            lit("; a year-to-date total cannot decrease within a year"));
    Column distrusted =
        concat(
            col("_where"),
            lit("the YTD difference is taken from "),
            col("_prev_raw"),
            lit(" at "),
            col("_prev_period"),
            lit(", a value that fell below the one before it; which of them is wrong is unknown"));
    return w.withColumn("value", value)
        .withColumn("frequency", freqOut)
        .withColumn("period_start", make_date(col("_year"), startMonth, lit(1)))
        .withColumn("jan_feb_combined", coalesce(janFeb, lit(false)))
        .withColumn(
            "rule_id",
            when(decrease, lit("ytd_non_decreasing(value)"))
                .when(afterDecrease, lit("ytd_after_decrease(value)"))
                .when(gap, lit("ytd_contiguous(period)")))
        .withColumn(
            "reason", when(decrease, fell).when(afterDecrease, distrusted).when(gap, spanned))
        .drop(
            "_n_year",
            "_first_subannual_year",
            "_prev_month",
            "_prev_num",
            "_prev_prev_num",
            "_prev_raw",
            "_prev_period");
  }

  /** OWID annual figures of one column, as indicator rows (value × factor), with rejects. */
  static Dataset<Row> owidCells(
      Dataset<Row> bronze,
      TableId table,
      String column,
      Dataset<Row> countries,
      String indicator,
      double factor,
      String unit,
      Optional<String> priceBasis) {
    Dataset<Row> latest = FileVersions.latest(bronze);
    Column country = trim(sourceColumn(latest, table, "Country"));
    Column year = trim(sourceColumn(latest, table, "Year"));
    Column raw = sourceColumn(latest, table, column);
    Dataset<Row> typed =
        latest
            .select(
                country.as("_label"),
                year.as("period"),
                raw.as("value_raw"),
                col("_source_file").as("source_file"))
            .filter(col("value_raw").isNotNull().and(trim(col("value_raw")).notEqual("")))
            .withColumn("series_name", concat(coalesce(col("_label"), lit("")), lit(": " + column)))
            .withColumn("series_column", lit(null).cast(DataTypes.IntegerType))
            .withColumn("_num", Values.number(col("value_raw")))
            .withColumn(
                "_where",
                concat(
                    col("source_file"),
                    lit(", '"),
                    col("series_name"),
                    lit("', "),
                    coalesce(col("period"), lit("?")),
                    lit(": ")));
    RowRules rules =
        new RowRules(
            List.of(
                new RowRules.Rule(
                    col("_num").isNull(),
                    "parse(value)",
                    concat(
                        col("_where"), lit("value '"), col("value_raw"), lit("' is not a number"))),
                new RowRules.Rule(
                    coalesce(not(col("period").rlike("^\\d{1,4}$")), lit(true)),
                    "parse(period)",
                    concat(col("_where"), lit("Year is not a year number (1 to 9999)"))),
                new RowRules.Rule(
                    coalesce(col("_label"), lit("")).equalTo(""),
                    "complete(Country)",
                    concat(col("_where"), lit("the row names no country")))));
    Column ok = rules.ruleId().isNull();
    Dataset<Row> cells =
        typed
            .withColumn("rule_id", rules.ruleId())
            .withColumn("reason", rules.reason())
            .withColumn("indicator", lit(indicator))
            .withColumn("frequency", when(ok, lit("year")))
            .withColumn(
                "period_start",
                when(ok, make_date(col("period").cast(DataTypes.IntegerType), lit(1), lit(1))))
            .withColumn("value", when(ok, col("_num").multiply(factor)))
            .withColumn("unit", lit(unit))
            .withColumn("price_basis", lit(priceBasis.orElse(null)).cast(DataTypes.StringType))
            .withColumn("jan_feb_combined", lit(false))
            .withColumn("derived_from_ytd", lit(false))
            .withColumn("source_series", lit("owid:" + column))
            .withColumn("source", lit("owid"));
    Dataset<Row> reference =
        countries.select(
            col("code").as("region_code"),
            col("name_en"),
            lit(null).cast(DataTypes.StringType).as("name_zh"),
            lit("ISO 3166-1").as("code_system"),
            col("aliases"));
    return conformed(Regions.conform(cells, reference, "_label")).select(JUDGED_COLUMNS);
  }

  /**
   * Each key (region, indicator, frequency, period start, price basis) once: the same value
   * reported again is a duplicate (the first, by file and column, is kept); different values are a
   * conflict and every one of them is rejected.
   */
  static Dataset<Row> oncePerKey(Dataset<Row> cells) {
    Column valid = col("rule_id").isNull();
    WindowSpec key =
        Window.partitionBy(
            col("region_code"),
            col("indicator"),
            col("frequency"),
            col("period_start"),
            col("price_basis"));
    Column described =
        concat(
            format_string("%s", round(col("value"), 6)),
            lit(" ("),
            col("source_file"),
            lit(": "),
            col("series_name"),
            lit(" "),
            trim(col("period")),
            lit(")"));
    WindowSpec ordered =
        key.orderBy(
            when(valid, lit(0)).otherwise(lit(1)),
            col("source_file"),
            col("series_column"),
            col("series_name"),
            col("period"));
    Dataset<Row> counted =
        cells
            .withColumn("_values", size(collect_set(when(valid, round(col("value"), 6))).over(key)))
            .withColumn(
                "_all",
                concat_ws(" vs ", array_sort(collect_set(when(valid, described)).over(key))))
            .withColumn("_n", row_number().over(ordered))
            .withColumn(
                "_kept",
                first(when(valid, concat(col("source_file"), lit(": "), col("series_name"))), true)
                    .over(ordered));
    Column where =
        concat(
            col("source_file"),
            lit(", '"),
            col("series_name"),
            lit("', "),
            trim(col("period")),
            lit(": "));
    Column what =
        concat_ws(
            " ",
            col("region_code"),
            col("indicator"),
            col("frequency"),
            col("period_start").cast(DataTypes.StringType),
            col("price_basis"));
    Column conflicting = valid.and(col("_values").gt(1));
    Column repeated = valid.and(col("_values").equalTo(1)).and(col("_n").gt(1));
    return counted
        .withColumn(
            "reason",
            when(
                    conflicting,
                    concat(
                        where, what, lit(" reported twice with different values: "), col("_all")))
                .when(
                    repeated,
                    concat(
                        where,
                        what,
                        lit(" reported again with the same value; kept the one of "),
                        col("_kept")))
                .otherwise(col("reason")))
        .withColumn(
            "rule_id",
            when(conflicting, lit(KEY_RULE))
                .when(repeated, lit(DUPLICATE_RULE))
                .otherwise(col("rule_id")))
        .drop("_values", "_all", "_n", "_kept");
  }

  /**
   * A factory code without the trailing underscore a closing bracket leaves
   * ("X_EUROPEAN_UNION_27").
   */
  private static Dataset<Row> conformed(Dataset<Row> df) {
    return df.withColumn(
        "region_code",
        when(col("code_system").equalTo(FACTORY), regexp_replace(col("region_code"), "_+$", ""))
            .otherwise(col("region_code")));
  }

  /** gdp[_<basis>][_<sector>] from what follows "GDP" in a Wind name (YTD already removed). */
  static Column gdpIndicator(Column detail, Column basis) {
    Column s = lower(regexp_replace(detail, "(?i)\\b(current|constant) prices\\b(:\\s*)?", ""));
    s = regexp_replace(s, "&", " and ");
    s = regexp_replace(s, "\\bfinancial intermediation\\b", "finance");
    s = regexp_replace(s, "\\bhotel and catering\\b", "hotels and catering");
    s = regexp_replace(s, "\\btrades\\b", "trade");
    s = regexp_replace(s, "\\b(primary|secondary|tertiary) industry\\b", "$1");
    Column sector = regexp_replace(snake(s), "^secondary_(?=.)", "");
    sector =
        when(sector.isin(TERTIARY_SUBSECTORS.toArray()), concat(lit("tertiary_"), sector))
            .otherwise(sector);
    return concat_ws("_", lit("gdp"), basis, nullIfEmpty(sector));
  }

  /** Lower snake case: runs of anything but letters and digits become one underscore. */
  static Column snake(Column s) {
    return regexp_replace(regexp_replace(lower(trim(s)), "[^a-z0-9]+", "_"), "^_+|_+$", "");
  }

  /** Wind's frequency labels as month / quarter / year; null when not known. */
  static Column frequency(Column raw) {
    Column f = lower(trim(raw));
    return when(f.isin("month", "monthly"), lit("month"))
        .when(f.isin("season", "quarter", "quarterly"), lit("quarter"))
        .when(f.isin("year", "annual", "yearly"), lit("year"));
  }

  /** "file, 'series', period: " — the start of every reason of a Wind cell. */
  private static Column where() {
    return concat(
        coalesce(col("_source_file"), lit("?")),
        lit(", '"),
        col("series_name"),
        lit("', "),
        coalesce(trim(col("period")), lit("?")),
        lit(": "));
  }

  private static Column nullIfEmpty(Column c) {
    return when(c.notEqual(""), c);
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }

  /**
   * A source column by its name as delivered or as bronze stores it (spaces and brackets made
   * underscores: "Electricity demand (TWh)" is landed as {@code Electricity_demand_TWh_}).
   */
  static Column sourceColumn(Dataset<Row> bronze, TableId table, String name) {
    String want = comparable(name);
    for (String c : bronze.columns()) {
      if (comparable(c).equals(want)) {
        return col("`" + c.replace("`", "``") + "`");
      }
    }
    throw new IllegalStateException(
        table
            + " has no column '"
            + name
            + "' (nor its bronze spelling); it has: "
            + String.join(", ", bronze.columns())
            + "; check the source's required_columns in conf/sources");
  }

  private static String comparable(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}
