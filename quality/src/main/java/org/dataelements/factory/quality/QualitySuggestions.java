package org.dataelements.factory.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.quality.internal.deequ.DeequSuggestions;

/**
 * Checks suggested from a table's data by Deequ's constraint suggestion (its default rules plus its
 * uniqueness rule), mapped to the factory's rules and rendered as a YAML {@code checks:} block to
 * paste into the table's spec.
 */
public final class QualitySuggestions {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private QualitySuggestions() {}

  /**
   * One suggestion of Deequ for one column: its own description and the evidence it saw, and the
   * check it maps to with severity {@code warn}, or none with a note saying why it does not map.
   */
  public record Suggestion(
      String column, String description, String evidence, Optional<CheckSpec> check, String note) {
    public Suggestion {
      requireNonNull(column, "column is null");
      requireNonNull(description, "description is null");
      requireNonNull(evidence, "evidence is null");
      requireNonNull(check, "check is null");
      requireNonNull(note, "note is null");
    }
  }

  /**
   * Profiles the data (Deequ's column profiler: a few passes over it) and returns the suggestions,
   * in column order. Columns whose name starts with {@code _} (audit columns) and nested or binary
   * columns are left out.
   */
  public static List<Suggestion> suggest(Dataset<Row> data) {
    requireNonNull(data, "data is null");
    return DeequSuggestions.run(data);
  }

  /**
   * The suggestions as YAML: a {@code checks:} list of the mapped ones, each after a {@code #
   * Deequ: <description>} comment, then the unmapped ones as comments only.
   */
  public static String toYaml(List<Suggestion> suggestions) {
    List<Suggestion> mapped = suggestions.stream().filter(s -> s.check().isPresent()).toList();
    StringBuilder y = new StringBuilder(mapped.isEmpty() ? "checks: []\n" : "checks:\n");
    for (Suggestion s : mapped) {
      y.append("  # Deequ: ").append(oneLine(s.description()));
      if (!s.evidence().isEmpty()) {
        y.append(" (").append(oneLine(s.evidence())).append(')');
      }
      y.append('\n');
      appendCheck(y, s.check().get());
    }
    for (Suggestion s : suggestions) {
      if (s.check().isEmpty()) {
        y.append("  # Deequ, not mapped: ").append(oneLine(s.description()));
        if (!s.note().isEmpty()) {
          y.append(" (").append(oneLine(s.note())).append(')');
        }
        y.append('\n');
      }
    }
    return y.toString();
  }

  private static void appendCheck(StringBuilder y, CheckSpec c) {
    y.append("  - rule: ").append(c.rule().label()).append('\n');
    if (c.columns().size() == 1) {
      y.append("    column: ").append(scalar(c.columns().get(0))).append('\n');
    } else if (!c.columns().isEmpty()) {
      y.append("    columns: ").append(flowList(c.columns())).append('\n');
    }
    if (!c.values().isEmpty()) {
      y.append("    values: ").append(flowList(c.values())).append('\n');
    }
    c.min().ifPresent(v -> y.append("    min: ").append(number(v)).append('\n'));
    c.max().ifPresent(v -> y.append("    max: ").append(number(v)).append('\n'));
    c.pattern().ifPresent(p -> y.append("    pattern: ").append(quoted(p)).append('\n'));
    c.predicate().ifPresent(p -> y.append("    predicate: ").append(quoted(p)).append('\n'));
    y.append("    severity: ").append(c.severity().label()).append('\n');
  }

  private static String flowList(List<String> items) {
    return "[" + String.join(", ", items.stream().map(QualitySuggestions::quoted).toList()) + "]";
  }

  private static String scalar(String s) {
    return PLAIN.matcher(s).matches() ? s : quoted(s);
  }

  /** A YAML double-quoted scalar: backslash, quote and control characters escaped. */
  static String quoted(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> q.append("\\\\");
        case '"' -> q.append("\\\"");
        case '\n' -> q.append("\\n");
        case '\r' -> q.append("\\r");
        case '\t' -> q.append("\\t");
        default -> {
          if (ch < 0x20 || ch == 0x7f) {
            q.append(String.format(Locale.ROOT, "\\x%02x", (int) ch));
          } else {
            q.append(ch);
          }
        }
      }
    }
    return q.append('"').toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v)
        ? Long.toString((long) v)
        : Double.toString(v);
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ").trim();
  }
}
