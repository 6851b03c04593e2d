package org.dataelements.factory.orchestration.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The sample's weather: daily mean temperatures of five Gansu stations (seasonal cycle of each
 * station's climate, day-to-day persistence shared across the province, cold spells in winter and
 * hot spells in summer), written as hourly files in the UCI five-cities layout that the weather_uci
 * source lands ({@code <Station>PM<from>_<to>.csv}). Stations map to the sample's regions through
 * conf/reference/weather_stations.csv; every station also counts for the province.
 */
final class SampleWeather {
  /** Where the hourly files go (the weather_uci source's glob matches it). */
  static final String FOLDER = "electricity/weather_china_five_cities_uci/gansu_sample";

  /** A station: January and July mean daily temperature in °C, half the day–night range. */
  record Station(String name, double january, double july, double diurnal) {}

  static final List<Station> STATIONS =
      List.of(
          new Station("Jiuquan", -9.0, 22.5, 7.0),
          new Station("Wuwei", -7.5, 21.5, 7.0),
          new Station("Lanzhou", -8.0, 23.0, 6.0),
          new Station("Tianshui", -2.0, 23.5, 5.0),
          new Station("Hezuo", -9.5, 12.5, 7.5));

  /** The station whose temperatures each sample region gets (conf/reference/weather_stations). */
  static final Map<String, String> STATION_OF_REGION =
      Map.ofEntries(
          Map.entry("620100", "Lanzhou"),
          Map.entry("620200", "Jiuquan"),
          Map.entry("620300", "Wuwei"),
          Map.entry("620400", "Lanzhou"),
          Map.entry("620500", "Tianshui"),
          Map.entry("620600", "Wuwei"),
          Map.entry("620700", "Jiuquan"),
          Map.entry("620800", "Tianshui"),
          Map.entry("620900", "Jiuquan"),
          Map.entry("621000", "Tianshui"),
          Map.entry("621100", "Lanzhou"),
          Map.entry("621200", "Tianshui"),
          Map.entry("622900", "Lanzhou"),
          Map.entry("623000", "Hezuo"),
          Map.entry("LZNA", "Lanzhou"));

  private final LocalDate start;
  private final int days;

  /** Daily mean °C per station (index as in {@link #STATIONS}) and day since {@link #start}. */
  private final double[][] daily;

  SampleWeather(long seed, int firstYear, int lastYear) {
    this.start = LocalDate.of(firstYear, 1, 1);
    this.days = (int) ChronoUnit.DAYS.between(start, LocalDate.of(lastYear + 1, 1, 1));
    this.daily = new double[STATIONS.size()][days];
    SplittableRandom r = new SplittableRandom(seed * 7919 + 17);
    double common = 0;
    double[] local = new double[STATIONS.size()];
    int spellLeft = 0;
    double spell = 0;
    for (int i = 0; i < days; i++) {
      LocalDate d = start.plusDays(i);
      // Persistent anomalies: weather systems last days and cover the whole province.
      common = 0.8 * common + 1.6 * r.nextGaussian();
      if (spellLeft == 0 && r.nextDouble() < 1.0 / 45) {
        int m = d.getMonthValue();
        boolean winter = m == 12 || m <= 2;
        boolean summer = m >= 6 && m <= 8;
        if (winter || summer) {
          spellLeft = 3 + r.nextInt(6);
          spell = winter ? -(6 + 4 * r.nextDouble()) : 4 + 3 * r.nextDouble();
        }
      }
      double spellNow = spellLeft > 0 ? spell : 0;
      if (spellLeft > 0) {
        spellLeft--;
      }
      for (int s = 0; s < STATIONS.size(); s++) {
        local[s] = 0.6 * local[s] + 0.8 * r.nextGaussian();
        daily[s][i] = normal(STATIONS.get(s), d) + common + local[s] + spellNow;
      }
    }
  }

  /** The climate's mean for the day: a cosine through the January and July means. */
  static double normal(Station s, LocalDate d) {
    double mean = (s.january() + s.july()) / 2;
    double amplitude = (s.july() - s.january()) / 2;
    // Coldest around January 16 (day 15 of the year).
    return mean - amplitude * Math.cos(2 * Math.PI * (d.getDayOfYear() - 15) / 365.25);
  }

  /** The daily mean temperature of a sample region's station. */
  double dailyMean(String regionCode, LocalDate d) {
    String station = STATION_OF_REGION.get(regionCode);
    int s = indexOf(station);
    return daily[s][(int) ChronoUnit.DAYS.between(start, d)];
  }

  private static int indexOf(String station) {
    for (int i = 0; i < STATIONS.size(); i++) {
      if (STATIONS.get(i).name().equals(station)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no sample station " + station);
  }

  /** What was written: the files and their hourly rows. */
  record Written(List<Path> files, long rows) {}

  /**
   * One hourly file per station: a day–night cycle around the daily mean (warmest at 15:00 local
   * time), tenths of a degree, and now and then an hour without a reading (NA), as in the UCI data.
   */
  Written write(Path landingRoot, long seed) throws IOException {
    LocalDate end = start.plusDays(days - 1L);
    String span =
        String.format(
            Locale.ROOT,
            "%04d%02d%02d_%04d%02d%02d",
            start.getYear(),
            start.getMonthValue(),
            start.getDayOfMonth(),
            end.getYear(),
            end.getMonthValue(),
            end.getDayOfMonth());
    List<Path> files = new ArrayList<>();
    long rows = 0;
    for (int s = 0; s < STATIONS.size(); s++) {
      Station st = STATIONS.get(s);
      SplittableRandom r = new SplittableRandom(seed * 104729 + s);
      Path file = landingRoot.resolve(FOLDER).resolve(st.name() + "PM" + span + ".csv");
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      long no = 0;
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write("No,year,month,day,hour,season,TEMP\n");
        StringBuilder line = new StringBuilder(40);
        for (int i = 0; i < days; i++) {
          LocalDate d = start.plusDays(i);
          int season = ((d.getMonthValue() + 9) % 12) / 3 + 1; // 1 spring … 4 winter
          for (int h = 0; h < 24; h++) {
            double t =
                daily[s][i]
                    + st.diurnal() * Math.cos(2 * Math.PI * (h - 15) / 24.0)
                    + 0.4 * r.nextGaussian();
            line.setLength(0);
            line.append(++no)
                .append(',')
                .append(d.getYear())
                .append(',')
                .append(d.getMonthValue())
                .append(',')
                .append(d.getDayOfMonth())
                .append(',')
                .append(h)
                .append(',')
                .append(season)
                .append(',');
            if (r.nextDouble() < 0.004) {
              line.append("NA");
            } else {
              line.append(String.format(Locale.ROOT, "%.1f", t));
            }
            w.append(line).append('\n');
            rows++;
          }
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      files.add(file);
    }
    return new Written(files, rows);
  }
}
