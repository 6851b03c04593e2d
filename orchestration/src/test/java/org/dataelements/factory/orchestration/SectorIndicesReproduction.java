package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.testing.SparkTestSession;

/**
 * The council's sector series on the real national Wind files, against year-on-year changes
 * recomputed here from the raw CSV — its own parser, its own list of Wind series per council
 * series, its own differencing of year-to-date figures and Jan–Feb combination — for every series
 * and period. Nothing is shared with the pipeline but the files. Called by {@link
 * ElectricityIndexSharedDataTest}, whose build lands both national files, so that the product is
 * built once on the real files.
 */
final class SectorIndicesReproduction {
  static final Path DATA =
      SparkTestSession.sharedData().resolve("electricity/china_monthly_crea_wind");
  static final String MONTHLY = "electricity_consumption_by_industry_monthly.csv";
  static final String YTD = "electricity_consumption_by_sector_ytd.csv";

  /** Council series → the raw Wind series that make it (name suffixes after "China: …: "). */
  static final Map<String, List<String>> SERIES = new LinkedHashMap<>();

  static {
    SERIES.put(
        "all_industries",
        List.of(
            YTD + "|Primary Industry: YTD",
            YTD + "|Secondary Industry: YTD",
            YTD + "|Tertiary Industry: YTD"));
    SERIES.put(
        "agriculture",
        List.of(
            MONTHLY
                + "|China: Electricity Consumption: Agriculture, Forestry, Animal Husbandry and Fishery"));
    SERIES.put(
        "manufacturing", List.of(MONTHLY + "|China: Electricity Consumption: Manufacturing"));
    SERIES.put(
        "energy_intensive",
        monthly(
            "Manufacture of Chemical Materials and Chemical Products",
            "Manufacture of Non-metallic Mineral Products",
            "Smelting and Pressing of Ferrous Metals",
            "Smelting and Pressing of Non-ferrous Metals"));
    SERIES.put(
        "high_tech_equipment",
        monthly(
            "Manufacture of Medicines",
            "Manufacture of Metal Products",
            "Manufacture of General Purpose Machinery",
            "Manufacture of Special Purpose Machinery",
            "Manufacture of Automobile",
            "Manufacture of Railways, Ships, Aircrafts, Spacecrafts and Other Transportation Equipment",
            "Manufacture of Electrical Machinery and Equipment",
            "Manufacture of Computers, Communication Devices and Other Electronics",
            "Manufacture of Instruments and Meters"));
    SERIES.put(
        "consumer_goods",
        monthly(
            "Processing of Food from Agricultural Products",
            "Manufacture of Foods",
            "Manufacture of Liquor, Beverage and Refined Tea",
            "Manufacture of Tobacco",
            "Manufacture of Textile",
            "Manufacture of Textile Apparel",
            "Manufacture of Leather, Furs, Down and Related Products and Footware",
            "Processing of Timbers, Manufacture of Wood, Bamboo, Rattan, Palm and Straw Products",
            "Manufacture of Furniture",
            "Manufacture of Paper and Paper Products",
            "Printing, Reproduction of Recording Media",
            "Cultural, Educational, Arts and Sports Goods"));
    SERIES.put("services", List.of(YTD + "|Tertiary Industry: YTD"));
    SERIES.put("transport_storage_post", monthly("Transport, Storage and Post"));
    SERIES.put(
        "information_software",
        monthly("Information Transmission, Software and Information Technology Services"));
    SERIES.put(
        "ev_charging", monthly("Wholesale and Retail Trades: Charging and Replacing Service"));
    // Wind's national series joins accommodation and catering with trade: no series of its own.
    SERIES.put("accommodation_catering", List.of());
  }

  static List<String> monthly(String... names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      out.add(MONTHLY + "|: " + n);
    }
    return out;
  }

  private SectorIndicesReproduction() {}

  /** Compares the candidate's national sector series with the raw files; returns the count. */
  static int assertReproduced(Lakehouse lh, String candidate) throws Exception {
    String at = " VERSION AS OF '" + candidate + "'";
    Map<String, Map<LocalDate, Double>> expected = new TreeMap<>();
    Map<String, Raw> files =
        Map.of(MONTHLY, Raw.read(DATA.resolve(MONTHLY)), YTD, Raw.read(DATA.resolve(YTD)));
    for (var e : SERIES.entrySet()) {
      expected.put(e.getKey(), yoy(periodSums(e.getValue(), files)));
    }
    Map<String, Map<LocalDate, Double>> actual = new TreeMap<>();
    for (Row r :
        lh.spark()
            .sql(
                "select series, month, yoy_pct, value, flags, base_period from"
                    + " lake.electricity_index.sector_indices"
                    + at
                    + " where region_code = 'CN' and yoy_pct is not null")
            .collectAsList()) {
      actual
          .computeIfAbsent(r.getString(0), k -> new TreeMap<>())
          .put(r.getDate(1).toLocalDate(), r.getDouble(2));
    }
    int compared = 0;
    List<String> absent = new ArrayList<>();
    for (String series : SERIES.keySet()) {
      Map<LocalDate, Double> want = expected.get(series);
      Map<LocalDate, Double> got = actual.getOrDefault(series, Map.of());
      if (want.isEmpty()) {
        // The raw file has no period where every member reports (series of the 2017
        // classification are 0.00 before 2017): absent, with the reason in methodology.
        absent.add(series);
        long rows =
            lh.spark()
                .sql(
                    "select count(*) from lake.electricity_index.sector_indices"
                        + at
                        + " where region_code = 'CN' and series = '"
                        + series
                        + "'")
                .first()
                .getLong(0);
        assertEquals(0L, rows, series + " has no complete period in the raw file");
        String why =
            lh.spark()
                .sql(
                    "select detail from lake.electricity_index.methodology"
                        + at
                        + " where region_code = 'CN' and index_name = 'sector:"
                        + series
                        + "' and item = 'not_built'")
                .first()
                .getString(0);
        assertTrue(why.contains("no input"), why);
        continue;
      }
      assertEquals(
          want.keySet(), got.keySet(), series + ": the periods with a year-on-year change");
      for (var p : want.entrySet()) {
        assertEquals(p.getValue(), got.get(p.getKey()), 1e-6, series + " " + p.getKey());
        compared++;
      }
    }
    System.out.println(
        "sector_indices: "
            + compared
            + " year-on-year figures compared; absent, no complete period in the raw file: "
            + absent);
    assertTrue(compared > 500, "compared " + compared);
    assertTrue(absent.contains("accommodation_catering"), absent.toString());
    // The data end before 2020: the first complete year is the base, flagged.
    Row base =
        lh.spark()
            .sql(
                "select min(base_period), every(array_contains(flags, 'base_fallback')),"
                    + " count_if(month(month) = 2) from lake.electricity_index.sector_indices"
                    + at
                    + " where series = 'manufacturing'")
            .first();
    assertTrue(base.getBoolean(1), base.toString());
    assertEquals(0L, base.getLong(2), "January and February are one period");
    return compared;
  }

  /** Each period's sum over the Wind series, only where every one of them reports it. */
  static Map<LocalDate, Double> periodSums(List<String> members, Map<String, Raw> files) {
    Map<LocalDate, Double> sum = members.isEmpty() ? new TreeMap<>() : null;
    for (String m : members) {
      String file = m.substring(0, m.indexOf('|'));
      String suffix = m.substring(m.indexOf('|') + 1);
      Raw raw = files.get(file);
      List<Integer> cols = new ArrayList<>();
      for (int c = 1; c < raw.names.size(); c++) {
        if (raw.names.get(c).endsWith(suffix)) {
          cols.add(c);
        }
      }
      assertEquals(1, cols.size(), "one Wind series ends with '" + suffix + "': " + cols);
      Map<LocalDate, Double> periods =
          file.equals(YTD) ? fromYtd(raw, cols.get(0)) : fromMonthly(raw, cols.get(0));
      if (sum == null) {
        sum = periods;
      } else {
        Map<LocalDate, Double> next = new TreeMap<>();
        for (var e : sum.entrySet()) {
          Double v = periods.get(e.getKey());
          if (v != null) {
            next.put(e.getKey(), e.getValue() + v);
          }
        }
        sum = next;
      }
    }
    return sum;
  }

  static Map<LocalDate, Double> yoy(Map<LocalDate, Double> periods) {
    Map<LocalDate, Double> out = new TreeMap<>();
    periods.forEach(
        (p, v) -> {
          Double prev = periods.get(p.minusYears(1));
          if (prev != null) {
            out.put(p, (v / prev - 1) * 100);
          }
        });
    return out;
  }

  /** Monthly figures: Jan + Feb, or a February over 1.5 × March with no January (combined). */
  static Map<LocalDate, Double> fromMonthly(Raw raw, int col) {
    Map<LocalDate, Double> month = raw.column(col);
    Map<LocalDate, Double> out = new TreeMap<>();
    month.forEach(
        (d, v) -> {
          int m = d.getMonthValue();
          if (m >= 3) {
            out.put(d, v);
          } else if (m == 2) {
            Double jan = month.get(d.withMonth(1));
            Double mar = month.get(d.withMonth(3));
            if (jan != null) {
              out.put(d.withMonth(1), jan + v);
            } else if (mar != null && v > 1.5 * mar) {
              out.put(d.withMonth(1), v);
            }
          }
        });
    return out;
  }

  /** Year-to-date figures: Jan–Feb is February's figure, a later month the month-on-month step. */
  static Map<LocalDate, Double> fromYtd(Raw raw, int col) {
    Map<LocalDate, Double> ytd = raw.column(col);
    Map<LocalDate, Double> out = new TreeMap<>();
    ytd.forEach(
        (d, v) -> {
          int m = d.getMonthValue();
          if (m == 2) {
            out.put(d.withMonth(1), v);
          } else if (m >= 3) {
            Double prev = ytd.get(d.minusMonths(1));
            if (prev != null && v - prev > 0) {
              out.put(d, v - prev);
            }
          }
        });
    return out;
  }

  /** A Wind wide export: the Name row and the period rows; 0.00 is missing. */
  record Raw(List<String> names, Map<LocalDate, List<String>> rows) {
    static Raw read(Path file) throws Exception {
      List<String> names = null;
      Map<LocalDate, List<String>> rows = new TreeMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        List<String> cells = split(line.replace("\uFEFF", ""));
        if (cells.get(0).equals("Name")) {
          names = cells;
        } else if (cells.get(0).matches("\\d{4}-\\d{2}")) {
          rows.put(LocalDate.parse(cells.get(0) + "-01"), cells);
        }
      }
      return new Raw(names, rows);
    }

    Map<LocalDate, Double> column(int col) {
      Map<LocalDate, Double> out = new TreeMap<>();
      rows.forEach(
          (d, cells) -> {
            String raw = col < cells.size() ? cells.get(col).replace(",", "").trim() : "";
            if (!raw.isEmpty() && Double.parseDouble(raw) != 0) {
              out.put(d, Double.parseDouble(raw));
            }
          });
      return out;
    }

    static List<String> split(String line) {
      List<String> out = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      boolean quoted = false;
      for (char c : line.toCharArray()) {
        if (c == '"') {
          quoted = !quoted;
        } else if (c == ',' && !quoted) {
          out.add(cur.toString());
          cur.setLength(0);
        } else {
          cur.append(c);
        }
      }
      out.add(cur.toString());
      return out;
    }
  }
}
