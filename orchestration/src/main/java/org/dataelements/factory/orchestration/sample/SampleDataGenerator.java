package org.dataelements.factory.orchestration.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The built-in sample data: per-account daily meter readings for the province's 14 prefecture-level
 * divisions and Lanzhou New Area, deterministic for a seed. Accounts have a customer class and a
 * GB/T 4754 industry section; consumption follows class-specific levels, regional growth, an
 * economic cycle shared across the province (industry and commerce), heating and cooling driven by
 * the day's temperature at the region's weather station, weekends and a Chinese New Year dip.
 * Deliberate defects for silver to catch: repeated readings, negative readings, gaps of missing
 * days, and one region reporting in MWh for a year (with the unit column saying so).
 *
 * <p>{@link #writeAll} also writes what the electricity index needs beyond meters: the stations'
 * hourly temperatures ({@link SampleWeather}) and Gansu's statistics derived from the generated
 * consumption ({@link SampleStatistics}: provincial consumption, GDP, industrial output).
 */
public final class SampleDataGenerator {
  /** Where the readings go under the landing root (the grid source's glob matches it). */
  public static final String FOLDER = "electricity/meter_readings";

  /** Where {@link #writeAll} puts the stations' hourly temperatures (the weather_uci source). */
  public static final String WEATHER_FOLDER = SampleWeather.FOLDER;

  /** Where {@link #writeAll} puts Gansu's statistics (Wind exports, the wind source). */
  public static final String STATISTICS_FOLDER = SampleStatistics.FOLDER;

  record Region(String code, String name, int accounts, double growth) {}

  static final List<Region> REGIONS =
      List.of(
          new Region("620100", "Lanzhou", 40, 0.05),
          new Region("620200", "Jiayuguan", 12, 0.03),
          new Region("620300", "Jinchang", 12, 0.02),
          new Region("620400", "Baiyin", 14, 0.03),
          new Region("620500", "Tianshui", 16, 0.06),
          new Region("620600", "Wuwei", 14, 0.05),
          new Region("620700", "Zhangye", 14, 0.04),
          new Region("620800", "Pingliang", 14, 0.04),
          new Region("620900", "Jiuquan", 14, 0.07),
          new Region("621000", "Qingyang", 14, 0.06),
          new Region("621100", "Dingxi", 12, 0.04),
          new Region("621200", "Longnan", 12, 0.05),
          new Region("622900", "Linxia", 12, 0.05),
          new Region("623000", "Gannan", 10, 0.03),
          new Region("LZNA", "Lanzhou New Area", 16, 0.15));

  /** Chinese New Year (first day of the first lunar month), 2015–2030. */
  static final List<LocalDate> NEW_YEAR =
      List.of(
          LocalDate.of(2015, 2, 19),
          LocalDate.of(2016, 2, 8),
          LocalDate.of(2017, 1, 28),
          LocalDate.of(2018, 2, 16),
          LocalDate.of(2019, 2, 5),
          LocalDate.of(2020, 1, 25),
          LocalDate.of(2021, 2, 12),
          LocalDate.of(2022, 2, 1),
          LocalDate.of(2023, 1, 22),
          LocalDate.of(2024, 2, 10),
          LocalDate.of(2025, 1, 29),
          LocalDate.of(2026, 2, 17),
          LocalDate.of(2027, 2, 6),
          LocalDate.of(2028, 1, 26),
          LocalDate.of(2029, 2, 13),
          LocalDate.of(2030, 2, 3));

  enum CustomerClass {
    LARGE_INDUSTRY("large_industry", 18000, new String[] {"C26", "C32", "C31", "B06", "D44"}),
    GENERAL_COMMERCIAL(
        "general_commercial", 900, new String[] {"F", "G", "H", "I", "J", "K", "M", "P", "Q"}),
    AGRICULTURAL("agricultural", 160, new String[] {"A"}),
    RESIDENTIAL_URBAN("residential_urban", 9, new String[] {""}),
    RESIDENTIAL_RURAL("residential_rural", 6, new String[] {""});

    final String label;
    final double dailyKwh;
    final String[] sections;

    CustomerClass(String label, double dailyKwh, String[] sections) {
      this.label = label;
      this.dailyKwh = dailyKwh;
      this.sections = sections;
    }
  }

  /**
   * What was generated: the meter-reading files, their rows and accounts; {@code weatherFiles} and
   * {@code temperatureRows} (hourly), {@code statisticsFiles} (Wind exports) are empty and 0 when
   * only the meter readings were written.
   */
  public record Summary(
      List<Path> files,
      long rows,
      int accounts,
      List<Path> weatherFiles,
      long temperatureRows,
      List<Path> statisticsFiles) {
    public Summary {
      files = List.copyOf(files);
      weatherFiles = List.copyOf(weatherFiles);
      statisticsFiles = List.copyOf(statisticsFiles);
    }
  }

  private final long seed;
  private final int firstYear;
  private final int lastYear;
  private final double accountScale;
  private final SampleWeather weather;
  private final double[] cycle;

  /**
   * @param seed the random seed (same seed, same bytes)
   * @param firstYear first year of readings
   * @param lastYear last year of readings
   * @param accountScale multiplies each region's account count (1.0 ≈ 0.5 million rows for five
   *     years; larger for scale benchmarks)
   */
  public SampleDataGenerator(long seed, int firstYear, int lastYear, double accountScale) {
    if (lastYear < firstYear) {
      throw new IllegalArgumentException(
          "lastYear " + lastYear + " is before firstYear " + firstYear);
    }
    this.seed = seed;
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.accountScale = accountScale;
    this.weather = new SampleWeather(seed, firstYear, lastYear);
    this.cycle = cycle(seed, firstYear, lastYear);
  }

  /**
   * The province's economic activity per month (log deviation, index 0 = January of the first
   * year): persistent shocks, and the first COVID-19 lockdown in February–April 2020.
   */
  private static double[] cycle(long seed, int firstYear, int lastYear) {
    SplittableRandom r = new SplittableRandom(seed * 6151 + 3);
    double[] c = new double[(lastYear - firstYear + 1) * 12];
    double level = 0;
    for (int m = 0; m < c.length; m++) {
      level = 0.75 * level + 0.03 * r.nextGaussian();
      int year = firstYear + m / 12;
      int month = m % 12 + 1;
      double lockdown =
          year == 2020 ? (month == 2 ? -0.25 : month == 3 ? -0.12 : month == 4 ? -0.04 : 0) : 0;
      c[m] = level + lockdown;
    }
    return c;
  }

  /** The defaults of {@code factory run}: seed 42, 2019–2023, scale 1. */
  public static SampleDataGenerator defaults() {
    return new SampleDataGenerator(42, 2019, 2023, 1.0);
  }

  /** Writes one CSV file per year under {@code <landingRoot>/electricity/meter_readings/}. */
  public Summary write(Path landingRoot) throws IOException {
    return writeMeters(landingRoot, new Totals());
  }

  /**
   * Writes the meter readings, the stations' hourly temperatures under {@link #WEATHER_FOLDER} and
   * Gansu's statistics (consumption, GDP, industrial output) under {@link #STATISTICS_FOLDER},
   * derived from the consumption just generated.
   */
  public Summary writeAll(Path landingRoot) throws IOException {
    Totals totals = new Totals();
    Summary meters = writeMeters(landingRoot, totals);
    SampleWeather.Written temperatures = weather.write(landingRoot, seed);
    Map<String, SampleStatistics.Consumption> byLabel = new LinkedHashMap<>();
    byLabel.put(SampleStatistics.PROVINCE, totals.province);
    for (Region r : REGIONS) {
      byLabel.put(r.name(), totals.regions.get(r.code()));
    }
    List<Path> statistics =
        new SampleStatistics(seed, firstYear, lastYear, byLabel).write(landingRoot);
    return new Summary(
        meters.files(),
        meters.rows(),
        meters.accounts(),
        temperatures.files(),
        temperatures.rows(),
        statistics);
  }

  /** Consumption as generated (kWh, before the defects), per region and for the province. */
  private final class Totals {
    final int months = (lastYear - firstYear + 1) * 12;
    final SampleStatistics.Consumption province =
        new SampleStatistics.Consumption(new double[months], new double[months]);
    final Map<String, SampleStatistics.Consumption> regions = new HashMap<>();

    Totals() {
      for (Region r : REGIONS) {
        regions.put(
            r.code(), new SampleStatistics.Consumption(new double[months], new double[months]));
      }
    }

    void add(Account a, LocalDate d, double kwh) {
      int m = (d.getYear() - firstYear) * 12 + d.getMonthValue() - 1;
      boolean industry = a.cls() == CustomerClass.LARGE_INDUSTRY;
      for (SampleStatistics.Consumption c : List.of(province, regions.get(a.region().code()))) {
        c.total()[m] += kwh;
        if (industry) {
          c.largeIndustry()[m] += kwh;
        }
      }
    }
  }

  private Summary writeMeters(Path landingRoot, Totals totals) throws IOException {
    List<Account> accounts = accounts();
    List<Path> files = new ArrayList<>();
    long rows = 0;
    for (int y = firstYear; y <= lastYear; y++) {
      Path file =
          landingRoot
              .resolve(FOLDER)
              .resolve(Integer.toString(y))
              .resolve("meter_readings_" + y + ".csv");
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(
            "account_id,region_code,industry_code,customer_class,reading_date,consumption,unit\n");
        for (Account a : accounts) {
          rows += writeYear(w, a, y, totals);
        }
      }
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      files.add(file);
    }
    return new Summary(files, rows, accounts.size(), List.of(), 0, List.of());
  }

  record Account(
      String id, Region region, CustomerClass cls, String section, double level, long seed) {}

  List<Account> accounts() {
    SplittableRandom r = new SplittableRandom(seed);
    List<Account> out = new ArrayList<>();
    for (Region region : REGIONS) {
      int n = Math.max(1, (int) Math.round(region.accounts() * accountScale));
      for (int i = 0; i < n; i++) {
        double u = r.nextDouble();
        CustomerClass cls =
            u < 0.2
                ? CustomerClass.LARGE_INDUSTRY
                : u < 0.5
                    ? CustomerClass.GENERAL_COMMERCIAL
                    : u < 0.6
                        ? CustomerClass.AGRICULTURAL
                        : u < 0.82
                            ? CustomerClass.RESIDENTIAL_URBAN
                            : CustomerClass.RESIDENTIAL_RURAL;
        String section = cls.sections[r.nextInt(cls.sections.length)];
        double level = cls.dailyKwh * Math.exp(r.nextGaussian() * 0.5);
        String id = String.format(Locale.ROOT, "%s-%05d", region.code(), i + 1);
        out.add(new Account(id, region, cls, section, level, r.nextLong()));
      }
    }
    return out;
  }

  private int writeYear(BufferedWriter w, Account a, int year, Totals totals) throws IOException {
    SplittableRandom r = new SplittableRandom(a.seed() * 31 + year);
    LocalDate start = LocalDate.of(year, 1, 1);
    LocalDate end = LocalDate.of(year, 12, 31);
    // A gap: some accounts miss a stretch of days once a year (meter offline).
    LocalDate gapFrom = null;
    int gapDays = 0;
    if (r.nextDouble() < 0.08) {
      gapFrom = start.plusDays(r.nextInt(330));
      gapDays = 3 + r.nextInt(18);
    }
    // The unit mix-up: one region reports a whole year in MWh.
    boolean inMwh = a.region().code().equals("620800") && year == firstYear + 2;
    LocalDate cny = NEW_YEAR.stream().filter(d -> d.getYear() == year).findFirst().orElse(null);
    int rows = 0;
    for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
      if (gapFrom != null && !d.isBefore(gapFrom) && d.isBefore(gapFrom.plusDays(gapDays))) {
        continue;
      }
      double kwh = a.level() * factor(a, d, cny) * (1 + 0.05 * r.nextGaussian());
      kwh = Math.max(kwh, 0.01);
      totals.add(a, d, kwh);
      if (r.nextDouble() < 0.0003) {
        kwh = -kwh; // a faulty meter
      }
      String value;
      String unit;
      if (inMwh) {
        value = String.format(Locale.ROOT, "%.5f", kwh / 1000);
        unit = "MWh";
      } else {
        value = String.format(Locale.ROOT, "%.2f", kwh);
        unit = "kWh";
      }
      String line =
          a.id()
              + ","
              + a.region().code()
              + ","
              + a.section()
              + ","
              + a.cls().label
              + ","
              + d
              + ","
              + value
              + ","
              + unit
              + "\n";
      w.write(line);
      rows++;
      if (r.nextDouble() < 0.003) {
        w.write(line); // delivered twice
        rows++;
      }
    }
    return rows;
  }

  private double factor(Account a, LocalDate d, LocalDate cny) {
    double years = ChronoUnit.DAYS.between(LocalDate.of(firstYear, 1, 1), d) / 365.25;
    double f = Math.pow(1 + a.region().growth(), years);
    int m = d.getMonthValue();
    double t = weather.dailyMean(a.region().code(), d);
    double hdd = Math.max(0, 18 - t);
    double cdd = Math.max(0, t - 22);
    double activity = cycle[(d.getYear() - firstYear) * 12 + m - 1];
    switch (a.cls()) {
      case RESIDENTIAL_URBAN, RESIDENTIAL_RURAL -> f *= 1 + 0.012 * hdd + 0.03 * cdd;
      case GENERAL_COMMERCIAL -> {
        f *= (1 + 0.005 * hdd + 0.04 * cdd) * Math.exp(0.6 * activity);
        if (d.getDayOfWeek().getValue() >= 6) {
          f *= 0.85;
        }
      }
      case AGRICULTURAL -> f *= (m >= 4 && m <= 9) ? 1.6 : 0.6;
      case LARGE_INDUSTRY -> f *= Math.exp(activity);
    }
    if (cny != null) {
      long off = ChronoUnit.DAYS.between(cny, d);
      if (off >= -5 && off <= 10) {
        f *=
            switch (a.cls()) {
              case LARGE_INDUSTRY -> 0.55;
              case GENERAL_COMMERCIAL -> 0.75;
              case RESIDENTIAL_URBAN, RESIDENTIAL_RURAL -> 1.15;
              case AGRICULTURAL -> 0.8;
            };
      }
    }
    return f;
  }
}
