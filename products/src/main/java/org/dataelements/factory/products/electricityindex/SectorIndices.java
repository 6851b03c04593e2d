package org.dataelements.factory.products.electricityindex;

import static org.apache.spark.sql.functions.col;

import java.sql.Date;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lake.electricity_index.sector_indices}: the national council's (CEC, 中电联) consumption
 * indices on its own conventions, so that published figures can be reproduced and compared.
 *
 * <ul>
 *   <li><b>Membership is data</b>: {@code conf/reference/cec_series.csv} lists each series' member
 *       industry codes (GB/T 4754, the three sectors, {@code ALL}; a leading {@code -} subtracts),
 *       alternative definitions by rank, and whether a partial sum is acceptable. Per region the
 *       first definition whose members an input carries is used, from one source (the one with the
 *       most periods, published before metered).
 *   <li><b>Periods</b>: January and February are one period (one row on January 1, {@code
 *       jan_feb_combined}), as the council publishes them; March … December are single months.
 *   <li><b>No partial sums</b>: a period is present only if every member of a published source has
 *       it. Metered sources are the whole population of accounts, so a member there is the sum of
 *       the accounts whose industry falls under it (finer codes and sectors roll up; no account, no
 *       consumption), present wherever the region was metered.
 *   <li><b>Value</b>: each period against the same period of the base year ({@code base_year},
 *       default 2020 = 100). The base periods are smoothed ({@link Smoothing#THREE_YEAR}): the base
 *       year's annual total spread by the mean seasonal profile of the base year and its
 *       neighbours, so a one-off shock in one base month does not distort that month's index for
 *       ever. A series without a complete base year takes its first complete year ({@code
 *       base_fallback}).
 *   <li><b>Growth</b>: {@code yoy_pct} on the published statistics of both years (Jan–Feb against
 *       Jan–Feb), and {@code yoy_daily_average_pct} = (1 + yoy) × days last year ÷ days this year −
 *       1, which differs from {@code yoy_pct} after or in a leap February.
 *   <li>A member taken from a Wind series marked {@code (DC)} (discontinued: its definition changed
 *       or it stopped) flags the period {@code discontinued_member_series}.
 * </ul>
 */
public final class SectorIndices {
  public static final TableId TABLE = TableId.gold("electricity_index", "sector_indices");
  static final String REFERENCE = "cec_series";
  static final String INDUSTRIES = "industries";
  private static final Logger LOG = LoggerFactory.getLogger(SectorIndices.class);
  private static final Set<String> SECTORS = Set.of("PRIMARY", "SECONDARY", "TERTIARY");

  /** How the base periods are smoothed. */
  public enum Smoothing {
    /** The base year's total spread by the mean seasonal profile of base year − 1 … + 1. */
    THREE_YEAR("three_year_seasonal_profile"),
    /** The base year's own periods. */
    NONE("none");

    final String label;

    Smoothing(String label) {
      this.label = label;
    }

    static Smoothing parse(String raw) {
      String s = raw.trim().toLowerCase(Locale.ROOT);
      return switch (s) {
        case "three_year", "three_year_seasonal_profile" -> THREE_YEAR;
        case "none" -> NONE;
        default ->
            throw new IllegalArgumentException(
                "sector_base_smoothing '" + raw + "' is not one of: three_year, none");
      };
    }

    String describe() {
      return this == NONE
          ? "each period against the same period of the base year as published"
          : "each base period = the base year's annual total × the mean share of that period in"
              + " the complete years among base year − 1, base year and base year + 1 (each year's"
              + " periods scaled to the base year's total first); removes one-off shocks of a base"
              + " month while keeping the base year's level";
    }
  }

  static final StructType SCHEMA =
      new StructType()
          .add("region_code", DataTypes.StringType)
          .add("region_name", DataTypes.StringType)
          .add("code_system", DataTypes.StringType)
          .add("month", DataTypes.DateType)
          .add("series", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("base_period", DataTypes.StringType)
          .add("yoy_pct", DataTypes.DoubleType)
          .add("yoy_daily_average_pct", DataTypes.DoubleType)
          .add("members", DataTypes.createArrayType(DataTypes.StringType))
          .add("flags", DataTypes.createArrayType(DataTypes.StringType));

  /** A definition of a series: one row of {@code cec_series.csv}. */
  record Definition(
      String series,
      int rank,
      List<String> members,
      boolean partial,
      String nameZh,
      String nameEn,
      String source,
      String definedOn,
      String note) {
    List<String> codes() {
      return members.stream().map(Definition::code).toList();
    }

    static String code(String member) {
      return member.startsWith("-") ? member.substring(1) : member;
    }

    String formula() {
      StringBuilder s = new StringBuilder();
      for (String m : members) {
        if (m.startsWith("-")) {
          s.append(" − ").append(m.substring(1));
        } else {
          s.append(s.length() == 0 ? "" : " + ").append(m);
        }
      }
      return s.toString();
    }
  }

  /** One silver cell: a region's consumption of an industry in a month from one source. */
  record Cell(
      String region,
      String regionName,
      String codeSystem,
      String industry,
      LocalDate month,
      int monthsCovered,
      double kwh,
      String source,
      boolean published,
      boolean fromYtd,
      boolean imputed,
      String sourceSeries) {
    boolean discontinued() {
      return sourceSeries != null && sourceSeries.trim().startsWith("(DC)");
    }
  }

  /** The result: index rows (SCHEMA) and methodology rows (region … detail). */
  record Result(List<Row> indices, List<Row> methodology, List<String> warnings) {}

  private final int baseYear;
  private final Smoothing smoothing;

  SectorIndices(int baseYear, Smoothing smoothing) {
    this.baseYear = baseYear;
    this.smoothing = smoothing;
  }

  /** The table and its methodology rows from silver consumption and the two reference lists. */
  Dataset<Row>[] build(Dataset<Row> consumption, Dataset<Row> reference, Dataset<Row> industries) {
    List<Definition> definitions = definitions(reference.collectAsList());
    Set<String> codes = new TreeSet<>();
    definitions.forEach(d -> codes.addAll(d.codes()));
    Map<String, String> sectors = new HashMap<>();
    for (Row r : industries.collectAsList()) {
      sectors.put(r.getAs("industry_code"), r.getAs("sector"));
    }
    List<Cell> cells =
        consumption
            .select(
                col("region_code"),
                col("region_name"),
                col("code_system"),
                col("industry_code"),
                col("month"),
                col("months_covered"),
                col("consumption_kwh"),
                col("source"),
                col("is_published_statistic"),
                col("derived_from_ytd"),
                col("is_imputed"),
                col("source_series"))
            .filter(col("consumption_kwh").isNotNull())
            .collectAsList()
            .stream()
            .map(SectorIndices::cell)
            .toList();
    Result result = compute(cells, definitions, sectors);
    result.warnings().forEach(LOG::warn);
    SparkSession spark = consumption.sparkSession();
    @SuppressWarnings("unchecked")
    Dataset<Row>[] out =
        new Dataset[] {
          spark.createDataFrame(result.indices(), SCHEMA),
          spark.createDataFrame(result.methodology(), Methodology.ROWS)
        };
    return out;
  }

  private static Cell cell(Row r) {
    Object covered = r.get(5);
    return new Cell(
        r.getString(0),
        r.getString(1),
        r.getString(2),
        r.getString(3),
        ((Date) r.get(4)).toLocalDate(),
        covered == null ? 1 : ((Number) covered).intValue(),
        ((Number) r.get(6)).doubleValue(),
        r.getString(7),
        Boolean.TRUE.equals(r.get(8)),
        Boolean.TRUE.equals(r.get(9)),
        Boolean.TRUE.equals(r.get(10)),
        r.getString(11));
  }

  /** The definitions of {@code cec_series.csv}, checked: a bad row names the series and field. */
  static List<Definition> definitions(List<Row> rows) {
    List<Definition> out = new ArrayList<>();
    for (Row r : rows) {
      String series = text(r, "series");
      String rank = text(r, "rank");
      String members = text(r, "members");
      if (series.isEmpty() || !series.matches("[a-z][a-z0-9_]*")) {
        throw new IllegalArgumentException(
            "conf/reference/cec_series.csv: series '" + series + "' must be a lower-case name");
      }
      if (!rank.matches("\\d+")) {
        throw new IllegalArgumentException(
            "conf/reference/cec_series.csv: series "
                + series
                + ": rank '"
                + rank
                + "' must be a whole number (1 = preferred definition)");
      }
      List<String> list =
          Arrays.stream(members.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      if (list.isEmpty() || list.stream().allMatch(m -> m.startsWith("-"))) {
        throw new IllegalArgumentException(
            "conf/reference/cec_series.csv: series "
                + series
                + ": members '"
                + members
                + "' must name at least one industry code to add (';'-separated, '-' subtracts)");
      }
      String partial = text(r, "partial").toLowerCase(Locale.ROOT);
      if (!partial.isEmpty() && !partial.equals("true") && !partial.equals("false")) {
        throw new IllegalArgumentException(
            "conf/reference/cec_series.csv: series "
                + series
                + ": partial '"
                + partial
                + "' must be true or false");
      }
      out.add(
          new Definition(
              series,
              Integer.parseInt(rank),
              list,
              partial.equals("true"),
              text(r, "name_zh"),
              text(r, "name_en"),
              text(r, "definition_source"),
              text(r, "defined_on"),
              text(r, "note")));
    }
    out.sort(Comparator.comparingInt(Definition::rank));
    return out;
  }

  private static String text(Row r, String field) {
    int i = r.schema().getFieldIndex(field).getOrElse(() -> -1);
    if (i < 0) {
      throw new IllegalArgumentException(
          "conf/reference/cec_series.csv lacks the column '" + field + "'");
    }
    String v = r.getString(i);
    return v == null ? "" : v.trim();
  }

  /** Every region's series, the methodology rows and the warnings; pure, for tests. */
  Result compute(List<Cell> cells, List<Definition> definitions, Map<String, String> sectors) {
    List<Row> indices = new ArrayList<>();
    List<Row> method = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    method.add(
        RowFactory.create(
            "*",
            "all regions",
            "sector_indices",
            "base_smoothing",
            smoothing.label,
            null,
            smoothing.describe()));
    Map<String, List<Cell>> byRegion = new TreeMap<>();
    for (Cell c : cells) {
      byRegion.computeIfAbsent(c.region(), k -> new ArrayList<>()).add(c);
    }
    Map<String, List<Definition>> bySeries = new LinkedHashMap<>();
    for (Definition d : definitions) {
      bySeries.computeIfAbsent(d.series(), k -> new ArrayList<>()).add(d);
    }
    for (List<Cell> region : byRegion.values()) {
      Map<String, Source> sources = new TreeMap<>();
      for (Cell c : region) {
        sources.computeIfAbsent(c.source(), s -> new Source(s, sectors)).add(c);
      }
      List<Series> uncarried = new ArrayList<>();
      List<String> regionWarnings = new ArrayList<>();
      boolean anyBuilt = false;
      for (List<Definition> defs : bySeries.values()) {
        Series series = new Series(region.get(0), defs, sources.values());
        Outcome o = series.build(indices, method, regionWarnings);
        anyBuilt |= o == Outcome.BUILT;
        if (o == Outcome.UNCARRIED) {
          uncarried.add(series);
        }
      }
      if (anyBuilt) {
        for (Series series : uncarried) {
          series.uncarried(method, regionWarnings);
        }
      }
      // Published sector statistics lacking a member or a series are worth a warning. A region
      // without sector detail (a province's total only) is not warned about every series, nor a
      // metered region without accounts in an industry (normal): methodology says why.
      boolean published = sources.values().stream().anyMatch(s -> s.published);
      if (anyBuilt && published) {
        warnings.addAll(regionWarnings);
      }
    }
    return new Result(indices, method, warnings);
  }

  /** A period: January–February (month 1) or a single month (3 … 12). */
  static LocalDate period(LocalDate month) {
    return month.getMonthValue() <= 2 ? month.withMonth(1) : month;
  }

  static int days(LocalDate period) {
    return period.getMonthValue() == 1
        ? 31 + (Year.isLeap(period.getYear()) ? 29 : 28)
        : YearMonth.from(period).lengthOfMonth();
  }

  /** A member's value in a period, with what it came from. */
  record Amount(double kwh, boolean discontinued, boolean fromYtd, boolean imputed) {
    static Amount of(Cell c) {
      return new Amount(c.kwh(), c.discontinued(), c.fromYtd(), c.imputed());
    }

    Amount plus(Amount o, double sign) {
      return new Amount(
          kwh + sign * o.kwh,
          discontinued || o.discontinued,
          fromYtd || o.fromYtd,
          imputed || o.imputed);
    }
  }

  /** One source's cells of a region, by industry and period. */
  static final class Source {
    final String name;
    final Map<String, String> sectors;
    final Map<String, Map<LocalDate, Cell>> jan = new HashMap<>();
    final Map<String, Map<LocalDate, Cell>> feb = new HashMap<>();
    final Map<String, Map<LocalDate, Amount>> byIndustry = new HashMap<>();
    final Set<LocalDate> metered = new TreeSet<>();

    /** Members already rolled up (each is asked for by several definitions and the sum). */
    final Map<String, Map<LocalDate, Amount>> rolledUp = new HashMap<>();

    boolean published = true;

    Source(String name, Map<String, String> sectors) {
      this.name = name;
      this.sectors = sectors;
    }

    void add(Cell c) {
      published &= c.published();
      Amount a = Amount.of(c);
      int m = c.month().getMonthValue();
      if (m == 1 && c.monthsCovered() == 2) {
        put(c.industry(), c.month(), a);
      } else if (m == 1 || m == 2) {
        LocalDate janFeb = period(c.month());
        (m == 1 ? jan : feb).computeIfAbsent(c.industry(), k -> new HashMap<>()).put(janFeb, c);
        Cell other = (m == 1 ? feb : jan).getOrDefault(c.industry(), Map.of()).get(janFeb);
        if (other != null) {
          put(c.industry(), janFeb, a.plus(Amount.of(other), 1));
        }
      } else {
        put(c.industry(), c.month(), a);
      }
    }

    private void put(String industry, LocalDate period, Amount a) {
      byIndustry.computeIfAbsent(industry, k -> new TreeMap<>()).put(period, a);
      metered.add(period);
    }

    /** Whether a cell's industry falls under a member (metered sources roll finer codes up). */
    boolean under(String member, String industry) {
      if (member.equals(industry)) {
        return true;
      }
      if (published) {
        return false;
      }
      if (member.equals("ALL")) {
        return true;
      }
      if (member.equals("HH")) {
        return industry.startsWith("HH");
      }
      if (SECTORS.contains(member)) {
        return member.toLowerCase(Locale.ROOT).equals(sectorOf(industry));
      }
      return member.matches("[A-T]\\d*") && industry.startsWith(member);
    }

    private String sectorOf(String industry) {
      for (int n = industry.length(); n >= 1; n--) {
        String s = sectors.get(industry.substring(0, n));
        if (s != null) {
          return s;
        }
      }
      return null;
    }

    /** A member's values by period, or empty when no cell of this source falls under it. */
    Map<LocalDate, Amount> member(String member) {
      if (published) {
        return byIndustry.getOrDefault(member, Map.of());
      }
      return rolledUp.computeIfAbsent(member, this::rollUp);
    }

    private Map<LocalDate, Amount> rollUp(String member) {
      Map<LocalDate, Amount> sum = new TreeMap<>();
      boolean any = false;
      for (var e : byIndustry.entrySet()) {
        if (under(member, e.getKey())) {
          any = true;
          e.getValue().forEach((p, a) -> sum.merge(p, a, (x, y) -> x.plus(y, 1)));
        }
      }
      if (!any) {
        return Map.of();
      }
      // The whole population of accounts: a period metered without this member's accounts is 0.
      for (LocalDate p : metered) {
        sum.putIfAbsent(p, new Amount(0, false, false, false));
      }
      return sum;
    }
  }

  enum Outcome {
    BUILT,
    NOT_BUILT,
    UNCARRIED
  }

  /** One series of one region: choose the definition and source, then compute its rows. */
  final class Series {
    final Cell region;
    final List<Definition> defs;
    final Iterable<Source> sources;

    Series(Cell region, List<Definition> defs, Iterable<Source> sources) {
      this.region = region;
      this.defs = defs;
      this.sources = sources;
    }

    void uncarried(List<Row> method, List<String> warnings) {
      String reason =
          "not built: "
              + defs.stream()
                  .map(d -> "definition " + d.rank() + " (" + d.formula() + ")")
                  .collect(Collectors.joining(", "))
              + " — no input carries "
              + defs.stream()
                  .flatMap(d -> d.codes().stream())
                  .distinct()
                  .collect(Collectors.joining(", "));
      String series = defs.get(0).series();
      warnings.add("sector_indices " + region.region() + " " + series + ": " + reason);
      method.add(methodRow(series, "not_built", "absent", null, reason));
    }

    Outcome build(List<Row> indices, List<Row> method, List<String> warnings) {
      String series = defs.get(0).series();
      Chosen best = null;
      List<String> gaps = new ArrayList<>();
      for (Definition d : defs) {
        for (Source s : sources) {
          List<String> missing = d.codes().stream().filter(c -> s.member(c).isEmpty()).toList();
          boolean someCarried = missing.size() < d.codes().size();
          if (!someCarried) {
            continue;
          }
          if (s.published && !missing.isEmpty() && !d.partial()) {
            gaps.add(gap(d, s, String.join(", ", missing) + " carried by no input"));
            continue;
          }
          // Metered sources hold every account: a member without accounts consumed nothing.
          List<String> absent = s.published ? missing : List.of();
          Chosen c = new Chosen(d, s, absent, sum(d, s, missing));
          c.withoutAccounts = s.published ? List.of() : missing;
          if (c.values.isEmpty()) {
            gaps.add(gap(d, s, "no period in which every member is reported"));
            continue;
          }
          if (best == null || c.better(best)) {
            best = c;
          }
        }
        if (best != null) {
          break;
        }
      }
      if (best == null) {
        if (!gaps.isEmpty()) {
          String reason = "not built: " + String.join("; ", gaps);
          warnings.add("sector_indices " + region.region() + " " + series + ": " + reason);
          method.add(methodRow(series, "not_built", "absent", null, reason));
          return Outcome.NOT_BUILT;
        }
        return Outcome.UNCARRIED;
      }
      return best.rows(indices, method, warnings) ? Outcome.BUILT : Outcome.NOT_BUILT;
    }

    private static String gap(Definition d, Source s, String why) {
      return "definition " + d.rank() + " (" + d.formula() + ") from " + s.name + ": " + why;
    }

    private Map<LocalDate, Amount> sum(Definition d, Source s, List<String> missing) {
      Map<LocalDate, Amount> total = null;
      for (String m : d.members()) {
        String code = Definition.code(m);
        if (missing.contains(code)) {
          continue;
        }
        double sign = m.startsWith("-") ? -1 : 1;
        Map<LocalDate, Amount> values = s.member(code);
        Map<LocalDate, Amount> next = new TreeMap<>();
        if (total == null) {
          values.forEach((p, a) -> next.put(p, new Amount(0, false, false, false).plus(a, sign)));
        } else {
          for (var e : total.entrySet()) {
            Amount a = values.get(e.getKey());
            if (a != null) {
              next.put(e.getKey(), e.getValue().plus(a, sign));
            }
          }
        }
        total = next;
      }
      Map<LocalDate, Amount> positive = new TreeMap<>();
      total.forEach(
          (p, a) -> {
            if (a.kwh() > 0) {
              positive.put(p, a);
            }
          });
      return positive;
    }

    Row methodRow(String series, String item, String value, Double number, String detail) {
      return RowFactory.create(
          region.region(), region.regionName(), "sector:" + series, item, value, number, detail);
    }

    /** A definition from one source, with its values per period. */
    final class Chosen {
      final Definition def;
      final Source source;
      final List<String> missing;
      final Map<LocalDate, Amount> values;
      List<String> withoutAccounts = List.of();

      Chosen(Definition def, Source source, List<String> missing, Map<LocalDate, Amount> values) {
        this.def = def;
        this.source = source;
        this.missing = missing;
        this.values = values;
      }

      boolean better(Chosen o) {
        if (missing.size() != o.missing.size()) {
          return missing.size() < o.missing.size();
        }
        if (values.size() != o.values.size()) {
          return values.size() > o.values.size();
        }
        return priority(source.name) < priority(o.source.name);
      }

      private static int priority(String source) {
        return switch (source) {
          case "published_monthly" -> 0;
          case "published_ytd" -> 1;
          case "meter_readings" -> 2;
          default -> 3;
        };
      }

      boolean rows(List<Row> indices, List<Row> method, List<String> warnings) {
        String series = def.series();
        Map<Integer, Map<Integer, Amount>> byYear = new TreeMap<>();
        values.forEach(
            (p, a) ->
                byYear
                    .computeIfAbsent(p.getYear(), y -> new TreeMap<>())
                    .put(p.getMonthValue(), a));
        List<Integer> complete =
            byYear.entrySet().stream()
                .filter(e -> e.getValue().size() == 11)
                .map(Map.Entry::getKey)
                .toList();
        if (!missing.isEmpty()) {
          String text =
              "built from the other members only (the definition allows partial sums): "
                  + String.join(", ", missing)
                  + " carried by no input";
          warnings.add("sector_indices " + region.region() + " " + series + ": " + text);
          method.add(methodRow(series, "partial_members", String.join(";", missing), null, text));
        }
        if (complete.isEmpty()) {
          String reason =
              "not built: no complete year (Jan–Feb and every month March … December) to serve"
                  + " as the base, from "
                  + source.name;
          method.add(methodRow(series, "not_built", "absent", null, reason));
          return false;
        }
        boolean fallback = !complete.contains(baseYear);
        int base = fallback ? complete.get(0) : baseYear;
        Map<Integer, Double> basePeriods = new TreeMap<>();
        List<Integer> used = new ArrayList<>();
        double baseTotal = total(byYear.get(base));
        for (int y = base - 1; y <= base + 1; y++) {
          if (smoothing == Smoothing.THREE_YEAR && complete.contains(y) || y == base) {
            used.add(y);
          }
        }
        for (int m : byYear.get(base).keySet()) {
          double s = 0;
          for (int y : used) {
            Map<Integer, Amount> year = byYear.get(y);
            s += year.get(m).kwh() * baseTotal / total(year);
          }
          basePeriods.put(m, s / used.size());
        }
        Set<String> discontinued = new TreeSet<>();
        for (var e : values.entrySet()) {
          LocalDate p = e.getKey();
          Amount a = e.getValue();
          Amount prev = values.get(p.minusYears(1));
          Double yoy = prev == null ? null : (a.kwh() / prev.kwh() - 1) * 100;
          Double daily =
              prev == null
                  ? null
                  : ((a.kwh() / days(p)) / (prev.kwh() / days(p.minusYears(1))) - 1) * 100;
          Set<String> flags = new LinkedHashSet<>();
          if (p.getMonthValue() == 1) {
            flags.add("jan_feb_combined");
          }
          flags.add(source.published ? "published_statistic" : "metered");
          if (a.fromYtd()) {
            flags.add("derived_from_ytd");
          }
          if (a.imputed()) {
            flags.add("imputed");
          }
          if (a.discontinued()) {
            flags.add("discontinued_member_series");
            discontinued.add(p.toString().substring(0, 7));
          }
          if (fallback) {
            flags.add("base_fallback");
          }
          if (!missing.isEmpty()) {
            flags.add("partial_members");
          }
          indices.add(
              RowFactory.create(
                  region.region(),
                  region.regionName(),
                  region.codeSystem(),
                  Date.valueOf(p),
                  series,
                  a.kwh() / basePeriods.get(p.getMonthValue()) * 100,
                  Integer.toString(base),
                  yoy,
                  daily,
                  def.members().stream()
                      .filter(m -> !missing.contains(Definition.code(m)))
                      .toList(),
                  List.copyOf(flags)));
        }
        method.add(
            methodRow(
                series,
                "definition",
                def.formula(),
                (double) def.rank(),
                def.nameZh()
                    + " / "
                    + def.nameEn()
                    + ": "
                    + def.note()
                    + " — "
                    + def.source()
                    + ", defined "
                    + def.definedOn()
                    + (def.rank() > 1
                        ? "; an alternative definition (the preferred ones lack a member)"
                        : "")));
        method.add(
            methodRow(
                series,
                "source",
                source.name,
                (double) values.size(),
                values.size() + " periods; Jan–Feb combined as one period"));
        method.add(
            methodRow(
                series,
                "base_period",
                Integer.toString(base),
                (double) base,
                fallback
                    ? "base_year "
                        + baseYear
                        + " is not a complete year of this series; its first complete year is"
                        + " the base (base_fallback)"
                    : "each period against the same period of " + base + " = 100"));
        method.add(
            methodRow(
                series,
                "base_smoothing",
                smoothing.label,
                (double) used.size(),
                "years used: "
                    + used.stream().map(String::valueOf).collect(Collectors.joining(", "))));
        if (!withoutAccounts.isEmpty()) {
          method.add(
              methodRow(
                  series,
                  "members_without_accounts",
                  String.join(";", withoutAccounts),
                  (double) withoutAccounts.size(),
                  "no metered account of this region falls under these members: they count as"
                      + " zero (metered data hold every account)"));
        }
        if (!discontinued.isEmpty()) {
          method.add(
              methodRow(
                  series,
                  "discontinued_member_series",
                  String.valueOf(discontinued.size()),
                  (double) discontinued.size(),
                  "a member comes from a Wind series marked (DC) (discontinued or redefined) in: "
                      + String.join(", ", discontinued)));
        }
        return true;
      }

      private static double total(Map<Integer, Amount> year) {
        return year.values().stream().mapToDouble(Amount::kwh).sum();
      }
    }
  }
}
