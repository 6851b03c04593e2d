package org.dataelements.factory.orchestration;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.orchestration.charts.IndexChart;
import org.dataelements.factory.products.electricityindex.Methodology;
import org.dataelements.factory.products.electricityindex.MonthlyIndices;
import org.dataelements.factory.products.electricityindex.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code factory index report}: one line per region and index — months, base period, seasonal model
 * and its Chinese New Year effect, degree-day coefficients — and how the index tracks the economy:
 * each region's strongest correlation of year-on-year changes with GDP, at its lead or lag (every
 * indicator and lag is in the validation table), from {@code methodology} and {@code validation}.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Summarise the electricity index per region and index (months, base period, seasonal model,"
            + " Chinese New Year effect, degree-day coefficients) and how it tracks GDP and industrial"
            + " output (strongest correlation and its lead/lag), from lake.electricity_index.methodology"
            + " and .validation.")
final class IndexReportCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(
      names = "--region",
      paramLabel = "R",
      description = "Only this region (code or name, case-insensitive).")
  String region;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description = "Output: ${COMPLETION-CANDIDATES} (default table).")
  RowPrinter.Format format = RowPrinter.Format.TABLE;

  @Override
  public Integer call() {
    Console console = new Console(System.err);
    Lakehouse lakehouse = Sessions.openForBuild(global.resolve(), console);
    return report(lakehouse, Optional.ofNullable(region), format, System.out, console);
  }

  static int report(
      Lakehouse lh,
      Optional<String> region,
      RowPrinter.Format format,
      PrintStream out,
      Console console) {
    Dataset<Row> indices = IndexChartCommand.read(lh, MonthlyIndices.TABLE, Optional.empty());
    if (indices.isEmpty()) {
      console.error(
          MonthlyIndices.TABLE.sqlName()
              + " has no rows on main: nothing to report; run `factory run` to build the"
              + " electricity index");
      return FactoryMain.FAILED;
    }
    String where = "";
    if (region.isPresent()) {
      IndexChart.Region r =
          IndexChartCommand.region(
              region.get(),
              IndexChartCommand.regions(indices),
              MonthlyIndices.TABLE,
              Optional.empty());
      where = " where i.region_code = '" + r.code().replace("'", "''") + "'";
    }
    indices.createOrReplaceTempView("_index");
    boolean hasMethod = lh.exists(Methodology.TABLE);
    lh.read(hasMethod ? Methodology.TABLE : MonthlyIndices.TABLE)
        .createOrReplaceTempView("_method_src");
    String method =
        hasMethod
            ? "select region_code, index_name,"
                + " max(case when item = 'seasonal_model' then value end) as seasonal_model,"
                + " max(case when item = 'seasonal_diagnostic:cny_coefficient' then value end) as cny_coefficient,"
                + " max(case when item = 'seasonal_diagnostic:cny_t_stat' then value end) as cny_t,"
                + " max(case when item = 'degree_day_coefficient:hdd' then value end) as kwh_per_day_per_hdd,"
                + " max(case when item = 'degree_day_coefficient:cdd' then value end) as kwh_per_day_per_cdd"
                + " from _method_src group by 1, 2"
            : "select cast(null as string) region_code, cast(null as string) index_name, cast(null as string) seasonal_model,"
                + " cast(null as string) cny_coefficient, cast(null as string) cny_t, cast(null as string) kwh_per_day_per_hdd,"
                + " cast(null as string) kwh_per_day_per_cdd";
    String validation =
        lh.exists(Validation.TABLE)
            ? "select region_code, max_by(concat(indicator, ' r=', cast(correlation as string), ', ', lead_lag), abs(correlation))"
                + " as tracks from "
                + Validation.TABLE.sqlName()
                + " where best_lag and electricity_series = 'monthly_indices.total'"
                + " and indicator rlike '^gdp(_current|_real.*)?$'"
                + " group by 1"
            : "select cast(null as string) region_code, cast(null as string) tracks";
    Dataset<Row> rows =
        lh.spark()
            .sql(
                "select i.region_code, first(i.region_name) region_name, i.index_name, count(*) months,"
                    + " date_format(min(i.month), 'yyyy-MM') || ' … ' || date_format(max(i.month), 'yyyy-MM') as period,"
                    + " first(i.base_period) base, count(i.value_seasonally_adjusted) > 0 as seasonally_adjusted,"
                    + " first(m.cny_coefficient) cny_effect, first(m.cny_t) cny_t, first(m.kwh_per_day_per_hdd) hdd_effect,"
                    + " first(m.kwh_per_day_per_cdd) cdd_effect, first(case when i.index_name = 'total' then v.tracks end) tracks_gdp"
                    + " from _index i left join ("
                    + method
                    + ") m on m.region_code = i.region_code and m.index_name = i.index_name"
                    + " left join ("
                    + validation
                    + ") v on v.region_code = i.region_code"
                    + where
                    + " group by i.region_code, i.index_name order by i.region_code, i.index_name");
    RowPrinter.print(rows.schema(), rows.collectAsList(), format, out);
    if (!lh.exists(Validation.TABLE)) {
      console.line(
          "no "
              + Validation.TABLE.sqlName()
              + " yet: land GDP or industrial output (e.g. the Wind exports) to compare the index with the economy");
    }
    return FactoryMain.OK;
  }
}
