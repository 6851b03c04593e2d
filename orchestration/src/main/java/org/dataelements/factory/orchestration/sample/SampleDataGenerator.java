package org.dataelements.factory.orchestration.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The built-in sample data: per-account daily meter readings for the province's 14 prefecture-level
 * divisions and Lanzhou New Area, deterministic for a seed. Accounts have a customer class and a
 * GB/T 4754 industry section; consumption follows class-specific levels, regional growth, heating
 * and cooling seasons, weekends and a Chinese New Year dip. Deliberate defects for silver to catch:
 * repeated readings, negative readings, gaps of missing days, and one region reporting in MWh for a
 * year (with the unit column saying so).
 */
public final class SampleDataGenerator {
  /** Where the readings go under the landing root (the grid source's glob matches it). */
  public static final String FOLDER = "electricity/meter_readings";

  record Region(String code, int accounts, double growth) {}

  static final List<Region> REGIONS =
      List.of(
          new Region("620100", 40, 0.05),
          new Region("620200", 12, 0.03),
          new Region("620300", 12, 0.02),
          new Region("620400", 14, 0.03),
          new Region("620500", 16, 0.06),
          new Region("620600", 14, 0.05),
          new Region("620700", 14, 0.04),
          new Region("620800", 14, 0.04),
          new Region("620900", 14, 0.07),
          new Region("621000", 14, 0.06),
          new Region("621100", 12, 0.04),
          new Region("621200", 12, 0.05),
          new Region("622900", 12, 0.05),
          new Region("623000", 10, 0.03),
          new Region("LZNA", 16, 0.15));

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

  /** What was generated. */
  public record Summary(List<Path> files, long rows, int accounts) {}

  private final long seed;
  private final int firstYear;
  private final int lastYear;
  private final double accountScale;

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
  }

  /** The defaults of {@code factory run}: seed 42, 2019–2023, scale 1. */
  public static SampleDataGenerator defaults() {
    return new SampleDataGenerator(42, 2019, 2023, 1.0);
  }

  /** Writes one CSV file per year under {@code <landingRoot>/electricity/meter_readings/}. */
  public Summary write(Path landingRoot) throws IOException {
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
          rows += writeYear(w, a, y);
        }
      }
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      files.add(file);
    }
    return new Summary(files, rows, accounts.size());
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

  private int writeYear(BufferedWriter w, Account a, int year) throws IOException {
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
    boolean winter = m == 12 || m <= 2;
    boolean summer = m >= 6 && m <= 8;
    switch (a.cls()) {
      case RESIDENTIAL_URBAN, RESIDENTIAL_RURAL -> f *= winter ? 1.3 : summer ? 1.1 : 1.0;
      case GENERAL_COMMERCIAL -> {
        f *= summer ? 1.2 : winter ? 1.1 : 1.0;
        if (d.getDayOfWeek().getValue() >= 6) {
          f *= 0.85;
        }
      }
      case AGRICULTURAL -> f *= (m >= 4 && m <= 9) ? 1.6 : 0.6;
      case LARGE_INDUSTRY -> f *= 1.0;
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
