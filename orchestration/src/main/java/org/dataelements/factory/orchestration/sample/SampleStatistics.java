package org.dataelements.factory.orchestration.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The sample's official statistics, derived from the consumption the meters were generated with:
 * Gansu's monthly power consumption (the sum of the sample's meters), quarterly GDP (year to date)
 * of Gansu and each sample region, following each region's consumption with a little productivity
 * growth and seeded noise, and monthly cement output (year to date, January and February published
 * together) following each region's large-industry consumption. Written as Wind "wide" exports, as
 * the wind source lands them; series names conform to regions through conf/reference/regions.csv.
 */
final class SampleStatistics {
  /** Where the exports go (the wind source recognises them by content under electricity/). */
  static final String FOLDER = "electricity/gansu_statistics_wind";

  /** Gansu's 2019 GDP in CNY 100 million: the province's level in the sample's first year. */
  static final double GANSU_FIRST_YEAR_GDP = 8718.3;

  /** Gansu's 2019 cement output in 10 000 tons: the level of the sample's first year. */
  static final double GANSU_FIRST_YEAR_CEMENT = 4600.0;

  static final String PROVINCE = "Gansu";

  /** Consumption per month (index 0 = January of the first year) of one region, in kWh. */
  record Consumption(double[] total, double[] largeIndustry) {}

  private final long seed;
  private final int firstYear;
  private final int years;

  /** Region label as Wind names it (the province first) → its monthly consumption. */
  private final Map<String, Consumption> regions;

  SampleStatistics(long seed, int firstYear, int lastYear, Map<String, Consumption> byLabel) {
    this.seed = seed;
    this.firstYear = firstYear;
    this.years = lastYear - firstYear + 1;
    this.regions = new LinkedHashMap<>(byLabel);
  }

  /** The three exports. */
  List<Path> write(Path landingRoot) throws IOException {
    Consumption province = regions.get(PROVINCE);
    double gdpPerKwh = perKwh(GANSU_FIRST_YEAR_GDP, firstYear(province.total()));
    double cementPerKwh = perKwh(GANSU_FIRST_YEAR_CEMENT, firstYear(province.largeIndustry()));
    List<Path> files = new ArrayList<>();
    files.add(consumption(landingRoot, province));
    files.add(gdp(landingRoot, gdpPerKwh));
    files.add(cement(landingRoot, cementPerKwh));
    return files;
  }

  /** Level ÷ consumption; 0 (every cell 0.00, "not reported") when nothing was consumed. */
  private static double perKwh(double level, double kwh) {
    return kwh > 0 ? level / kwh : 0;
  }

  private double firstYear(double[] monthly) {
    double sum = 0;
    for (int m = 0; m < 12; m++) {
      sum += monthly[m];
    }
    return sum;
  }

  /** Gansu's monthly consumption in 10 000 kWh: what its meters add up to. */
  private Path consumption(Path root, Consumption province) throws IOException {
    List<Series> series =
        List.of(
            new Series(
                "China: Gansu: Power Consumption", "10000 kwh", monthly(province.total(), 1e-4)));
    return export(root, "gansu_power_consumption_monthly.csv", "Month", 1, series);
  }

  /** Quarterly GDP, YTD: consumption × a fixed intensity × 1 %/year productivity × noise. */
  private Path gdp(Path root, double gdpPerKwh) throws IOException {
    List<Series> series = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(seed * 31 + 1);
    for (Map.Entry<String, Consumption> e : regions.entrySet()) {
      double[] quarters = new double[years * 4];
      double[] c = e.getValue().total();
      for (int q = 0; q < quarters.length; q++) {
        double kwh = c[3 * q] + c[3 * q + 1] + c[3 * q + 2];
        quarters[q] =
            kwh * gdpPerKwh * Math.pow(1.01, q / 4.0) * Math.exp(0.006 * r.nextGaussian());
      }
      series.add(new Series(name(e.getKey(), "GDP: YTD"), "CNY 100mn", ytd(quarters, 4, false)));
    }
    return export(root, "gansu_gdp_by_region_quarterly_ytd.csv", "Season", 3, series);
  }

  /** Monthly cement output, YTD from February: large-industry consumption × intensity × noise. */
  private Path cement(Path root, double cementPerKwh) throws IOException {
    List<Series> series = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(seed * 31 + 2);
    for (Map.Entry<String, Consumption> e : regions.entrySet()) {
      double[] c = e.getValue().largeIndustry();
      double[] months = new double[c.length];
      for (int m = 0; m < months.length; m++) {
        months[m] = c[m] * cementPerKwh * Math.exp(0.01 * r.nextGaussian());
      }
      series.add(
          new Series(name(e.getKey(), "Output: Cement: YTD"), "10000 tons", ytd(months, 12, true)));
    }
    return export(root, "gansu_industrial_output_monthly_ytd.csv", "Month", 1, series);
  }

  private static String name(String label, String what) {
    return label.equals(PROVINCE)
        ? "China: Gansu: " + what
        : "China: Gansu: " + label + ": " + what;
  }

  /** Monthly values as they are, scaled. */
  private static double[] monthly(double[] values, double factor) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * factor;
    }
    return out;
  }

  /**
   * Year-to-date sums; with {@code noJanuary}, January is not published (0.00 in Wind) and
   * February's figure covers both months, as NBS publishes industrial output.
   */
  private static double[] ytd(double[] values, int perYear, boolean noJanuary) {
    double[] out = new double[values.length];
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      if (i % perYear == 0) {
        sum = 0;
      }
      sum += values[i];
      out[i] = noJanuary && i % perYear == 0 ? 0 : sum;
    }
    return out;
  }

  private record Series(String name, String unit, double[] values) {}

  /** A Wind wide export: header rows, then one row per period (periods ascending). */
  private Path export(
      Path root, String fileName, String frequency, int monthsPerPeriod, List<Series> series)
      throws IOException {
    Path file = root.resolve(FOLDER).resolve(fileName);
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(fileName + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write('\uFEFF');
      header(w, "Wind", series, s -> "");
      header(w, "Country", series, s -> "China");
      header(w, "Name", series, Series::name);
      header(w, "Frequency", series, s -> frequency);
      header(w, "Unit", series, Series::unit);
      header(w, "Source", series, s -> "Gansu Provincial Bureau of Statistics (built-in sample)");
      int periods = series.get(0).values().length;
      for (int p = 0; p < periods; p++) {
        int month = (p + 1) * monthsPerPeriod;
        StringBuilder row =
            new StringBuilder(
                String.format(
                    Locale.ROOT, "%d-%02d", firstYear + (month - 1) / 12, (month - 1) % 12 + 1));
        for (Series s : series) {
          row.append(',').append(String.format(Locale.ROOT, "%.2f ", s.values()[p]));
        }
        w.write(row.append('\n').toString());
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  private static void header(
      BufferedWriter w,
      String label,
      List<Series> series,
      java.util.function.Function<Series, String> f)
      throws IOException {
    StringBuilder row = new StringBuilder(label);
    for (Series s : series) {
      row.append(',').append(f.apply(s));
    }
    w.write(row.append('\n').toString());
  }
}
