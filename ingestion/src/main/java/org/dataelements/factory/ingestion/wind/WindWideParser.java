package org.dataelements.factory.ingestion.wind;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Parses a Wind "wide" export: a block of metadata rows (first cell a label such as {@code Name},
 * {@code Frequency}, {@code Unit}, {@code ID}), then one row per period with one column per series.
 * Yields one cell per period × series with the series' metadata; values stay as delivered (no
 * trimming, no number parsing: 0.00-as-missing and YTD belong to silver). Pure Java, no Spark.
 */
public final class WindWideParser {
  /** The header labels that must all be present for a file to be a Wind export. */
  static final List<String> REQUIRED_LABELS = List.of("name", "frequency", "unit");

  private static final Pattern PERIOD = Pattern.compile("^\\d{4}(-\\d{2}){0,2}$");
  private static final int MAX_HEADER_ROWS = 20;
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(false).build();

  private WindWideParser() {}

  /** One landed cell. */
  public record Cell(
      String period,
      int seriesColumn,
      String seriesName,
      Optional<String> seriesId,
      Optional<String> unit,
      Optional<String> frequency,
      Optional<String> country,
      String value,
      Map<String, String> header) {
    public Cell {
      header = Map.copyOf(header);
    }
  }

  /** A record that could not be read as a period row. */
  public record BadRecord(long recordNumber, String raw, String reason) {}

  /** The outcome for one file: cells, bad records, or a rejection of the whole file. */
  public record Parsed(List<Cell> cells, List<BadRecord> bad, Optional<String> rejection) {
    public Parsed {
      cells = List.copyOf(cells);
      bad = List.copyOf(bad);
    }

    static Parsed rejected(String reason) {
      return new Parsed(List.of(), List.of(), Optional.of(reason));
    }

    public long recordsRead() {
      return cells.size() + bad.size();
    }
  }

  /** True when the text's first rows carry the Wind header labels (Name, Frequency, Unit). */
  public static boolean looksLikeWind(String text) {
    var labels = new java.util.HashSet<String>();
    int rows = 0;
    for (String line : text.lines().limit(MAX_HEADER_ROWS).toList()) {
      int comma = line.indexOf(',');
      String first = (comma < 0 ? line : line.substring(0, comma)).replace("\uFEFF", "").trim();
      labels.add(first.toLowerCase(Locale.ROOT));
      if (++rows >= MAX_HEADER_ROWS) {
        break;
      }
    }
    return labels.containsAll(REQUIRED_LABELS);
  }

  public static Parsed parse(String text) {
    List<CSVRecord> records;
    try (CSVParser parser = CSVParser.parse(new StringReader(stripBom(text)), FORMAT)) {
      records = parser.getRecords();
    } catch (IOException | java.io.UncheckedIOException e) {
      return Parsed.rejected("not readable as CSV: " + e.getMessage());
    }
    Map<String, List<String>> header = new LinkedHashMap<>();
    int first = 0;
    while (first < records.size() && !isPeriod(records.get(first).get(0))) {
      CSVRecord r = records.get(first);
      String label = r.get(0).trim();
      if (first >= MAX_HEADER_ROWS) {
        break;
      }
      if (!label.isEmpty()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i < r.size(); i++) {
          cells.add(r.get(i).trim());
        }
        header.put(label, cells);
      }
      first++;
    }
    for (String required : REQUIRED_LABELS) {
      if (header.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(required))) {
        return Parsed.rejected(
            "not a Wind export: no '"
                + capitalize(required)
                + "' header row among the first rows (found: "
                + String.join(", ", header.keySet())
                + ")");
      }
    }
    List<String> names = label(header, "name");
    int series = names.size();
    while (series > 0 && names.get(series - 1).isEmpty()) {
      series--;
    }
    if (series == 0) {
      return Parsed.rejected("the 'Name' header row names no series");
    }
    if (first >= records.size()) {
      return Parsed.rejected("no period rows (YYYY-MM …) after the header block");
    }
    List<Cell> cells = new ArrayList<>();
    List<BadRecord> bad = new ArrayList<>();
    List<Map<String, String>> seriesHeaders = new ArrayList<>();
    for (int j = 0; j < series; j++) {
      Map<String, String> h = new LinkedHashMap<>();
      for (var e : header.entrySet()) {
        String v = j < e.getValue().size() ? e.getValue().get(j) : "";
        if (!v.isEmpty()) {
          h.put(e.getKey(), v);
        }
      }
      seriesHeaders.add(h);
    }
    for (int i = first; i < records.size(); i++) {
      CSVRecord r = records.get(i);
      String period = r.get(0).trim();
      if (!isPeriod(period)) {
        if (r.size() == 1 && period.isEmpty()) {
          continue;
        }
        bad.add(
            new BadRecord(
                r.getRecordNumber(),
                raw(r),
                "first cell '" + period + "' is not a period (YYYY-MM)"));
        continue;
      }
      int extra = 0;
      for (int k = series + 1; k < r.size(); k++) {
        if (!r.get(k).isBlank()) {
          extra++;
        }
      }
      if (extra > 0) {
        bad.add(
            new BadRecord(
                r.getRecordNumber(),
                raw(r),
                "row has "
                    + (r.size() - 1)
                    + " values but the header names "
                    + series
                    + " series"));
        continue;
      }
      for (int j = 0; j < series; j++) {
        String value = j + 1 < r.size() ? r.get(j + 1) : "";
        if (value.isBlank()) {
          continue;
        }
        Map<String, String> h = seriesHeaders.get(j);
        cells.add(
            new Cell(
                period,
                j + 1,
                names.get(j).isEmpty() ? "column " + (j + 1) : names.get(j),
                get(h, "ID"),
                get(h, "Unit"),
                get(h, "Frequency"),
                get(h, "Country"),
                value,
                h));
      }
    }
    return new Parsed(cells, bad, Optional.empty());
  }

  private static Optional<String> get(Map<String, String> h, String label) {
    return h.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(label))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  private static List<String> label(Map<String, List<String>> header, String label) {
    return header.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(label))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(List.of());
  }

  private static boolean isPeriod(String cell) {
    return PERIOD.matcher(cell.trim()).matches();
  }

  private static String raw(CSVRecord r) {
    return String.join(",", r.toList());
  }

  private static String stripBom(String text) {
    return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
