package org.dataelements.factory.orchestration;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.orchestration.graph.Fingerprint;
import org.dataelements.factory.products.release.GateResult;
import org.dataelements.factory.products.release.Releases;
import org.dataelements.factory.products.release.SafeNames;
import org.dataelements.factory.products.release.Semver;
import org.dataelements.factory.quality.report.HtmlText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "A candidate's report: its gates, the difference from the last release (rows per table,"
            + " schema changes, keys added or removed, the largest value changes) and its lineage (the"
            + " tables and versions each table was built from). --html also writes a self-contained page.")
final class ReleaseShowCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "PRODUCT")
  String product;

  @Parameters(index = "1", paramLabel = "CANDIDATE")
  String candidate;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write the report as one HTML page.")
  Path html;

  /** One section of the report: a title and its lines. */
  record Section(String title, List<String> lines) {}

  @Override
  public Integer call() {
    Console console = new Console(System.err);
    SafeNames.product(product);
    SafeNames.candidate(candidate);
    ReleaseCommand.Context c = ReleaseCommand.Context.open(global, console);
    ProductSpec spec = c.releases().product(product);
    OpsTables.Release row = c.releases().candidateRow(product, candidate);
    List<Section> report = report(c, spec, row);
    StringBuilder text = new StringBuilder();
    text.append(product)
        .append(' ')
        .append(candidate)
        .append(": ")
        .append(row.status())
        .append(" — ")
        .append(row.message())
        .append('\n');
    for (Section s : report) {
      text.append('\n').append(s.title()).append('\n');
      s.lines().forEach(l -> text.append("  ").append(l).append('\n'));
    }
    System.out.print(text);
    if (html != null) {
      writeHtml(html, product + " " + candidate, row, report);
      console.step("wrote " + html);
    }
    return FactoryMain.OK;
  }

  static List<Section> report(ReleaseCommand.Context c, ProductSpec spec, OpsTables.Release row) {
    List<Section> out = new ArrayList<>();
    List<String> gates = new ArrayList<>();
    for (GateResult g : Releases.parseGates(row.gates())) {
      gates.add(
          String.format(Locale.ROOT, "%-12s %-7s %s", g.gate(), g.status().label(), g.detail()));
    }
    out.add(new Section("Gates", gates));
    Optional<Semver> last = c.releases().latestReleased(spec.name());
    String base = last.map(Semver::tag).orElse("");
    List<String> diff = new ArrayList<>();
    List<String> lineage = new ArrayList<>();
    for (TableSpec t : spec.tables()) {
      TableId id = TableId.gold(spec.name(), t.name());
      if (!c.lakehouse().exists(id)
          || c.lakehouse().branchSnapshot(id, row.candidate()).isEmpty()) {
        diff.add(t.name() + ": not in the candidate");
        continue;
      }
      Dataset<Row> now = c.lakehouse().readRef(id, row.candidate());
      long rows = now.count();
      Optional<Dataset<Row>> before =
          last.isPresent() && c.lakehouse().branchSnapshot(id, base).isPresent()
              ? Optional.of(c.lakehouse().readRef(id, base))
              : Optional.empty();
      if (before.isEmpty()) {
        diff.add(
            String.format(
                Locale.ROOT,
                "%s: %,d rows (%s)",
                t.name(),
                rows,
                last.isPresent() ? "new table" : "first release"));
      } else {
        long was = before.get().count();
        diff.add(
            String.format(
                Locale.ROOT, "%s: %,d rows (%+,d against %s)", t.name(), rows, rows - was, base));
        diff.addAll(schemaChanges(t.name(), before.get(), now));
        diff.addAll(keyChanges(t, before.get(), now));
        diff.addAll(valueChanges(t, before.get(), now));
      }
      c.lakehouse()
          .fingerprintAt(id, row.candidate())
          .ifPresent(
              fp -> {
                List<String> inputs = new ArrayList<>();
                Fingerprint.parse(fp)
                    .parts()
                    .forEach(
                        (k, v) -> {
                          if (k.startsWith("in:")) {
                            inputs.add(k.substring(3) + "@" + v);
                          } else if (k.startsWith("ref:")) {
                            inputs.add("conf/reference/" + k.substring(4) + ".csv#" + v);
                          }
                        });
                lineage.add(t.name() + " ← " + String.join(", ", inputs));
              });
    }
    out.add(
        new Section(
            "Against the last release" + (last.isPresent() ? " (" + base + ")" : ""), diff));
    List<String> files = new ArrayList<>();
    c.lakehouse()
        .read(OpsTables.INGEST_FILES)
        .filter(col("status").equalTo("landed"))
        .groupBy("source", "object")
        .count()
        .orderBy("source", "object")
        .collectAsList()
        .forEach(
            r ->
                files.add(
                    "bronze."
                        + r.getString(0)
                        + "__"
                        + r.getString(1)
                        + ": "
                        + r.getLong(2)
                        + " landed file(s) (lake.ops.ingest_files)"));
    lineage.addAll(files);
    out.add(new Section("Lineage (built from)", lineage));
    return out;
  }

  private static List<String> schemaChanges(String table, Dataset<Row> before, Dataset<Row> now) {
    List<String> out = new ArrayList<>();
    for (StructField f : before.schema().fields()) {
      if (!List.of(now.columns()).contains(f.name())) {
        out.add("  column removed: " + table + "." + f.name() + " (a major version)");
      } else if (!now.schema().apply(f.name()).dataType().equals(f.dataType())) {
        out.add(
            "  column retyped: "
                + table
                + "."
                + f.name()
                + " "
                + f.dataType().simpleString()
                + " → "
                + now.schema().apply(f.name()).dataType().simpleString()
                + " (a major version)");
      }
    }
    for (StructField f : now.schema().fields()) {
      if (!List.of(before.columns()).contains(f.name())) {
        out.add("  column added: " + table + "." + f.name());
      }
    }
    return out;
  }

  /** Values of the table's first key column that appeared or disappeared (e.g. regions). */
  private static List<String> keyChanges(TableSpec t, Dataset<Row> before, Dataset<Row> now) {
    if (t.key().isEmpty()
        || !List.of(before.columns()).contains(t.key().get(0))
        || !List.of(now.columns()).contains(t.key().get(0))) {
      return List.of();
    }
    String k = t.key().get(0);
    Set<String> was = values(before, k);
    Set<String> is = values(now, k);
    List<String> out = new ArrayList<>();
    Set<String> added = new LinkedHashSet<>(is);
    added.removeAll(was);
    Set<String> removed = new LinkedHashSet<>(was);
    removed.removeAll(is);
    if (!added.isEmpty()) {
      out.add("  " + k + " added: " + shortList(added));
    }
    if (!removed.isEmpty()) {
      out.add("  " + k + " removed: " + shortList(removed));
    }
    return out;
  }

  /** The largest changes of the first numeric non-key column, joined on the key. */
  private static List<String> valueChanges(TableSpec t, Dataset<Row> before, Dataset<Row> now) {
    if (t.key().isEmpty() || !List.of(before.columns()).containsAll(t.key())) {
      return List.of();
    }
    Optional<String> measure =
        java.util.Arrays.stream(now.schema().fields())
            .filter(
                f ->
                    f.dataType() == DataTypes.DoubleType
                        && !t.key().contains(f.name())
                        && List.of(before.columns()).contains(f.name()))
            .map(StructField::name)
            .findFirst();
    if (measure.isEmpty()) {
      return List.of();
    }
    String m = measure.get();
    List<String> keyCols = t.key();
    Dataset<Row> joined =
        now.alias("n")
            .join(before.alias("b"), scala.collection.JavaConverters.asScalaBuffer(keyCols).toSeq())
            .select(concatKeys(keyCols), col("n." + m).as("now"), col("b." + m).as("was"))
            .filter(col("now").isNotNull().and(col("was").isNotNull()))
            .withColumn("change", col("now").minus(col("was")))
            .orderBy(abs(col("change")).desc())
            .limit(5);
    List<String> out = new ArrayList<>();
    for (Row r : joined.collectAsList()) {
      out.add(
          String.format(
              Locale.ROOT,
              "  %s %s: %.4g → %.4g (%+.4g)",
              m,
              r.getString(0),
              r.getDouble(2),
              r.getDouble(1),
              r.getDouble(3)));
    }
    return out;
  }

  private static org.apache.spark.sql.Column concatKeys(List<String> keys) {
    org.apache.spark.sql.Column[] cols =
        keys.stream()
            .map(
                k ->
                    org.apache.spark.sql.functions.coalesce(
                        col(k).cast("string"), org.apache.spark.sql.functions.lit("∅")))
            .toArray(org.apache.spark.sql.Column[]::new);
    return org.apache.spark.sql.functions.concat_ws(" ", cols).as("key");
  }

  private static Set<String> values(Dataset<Row> d, String column) {
    Set<String> out = new java.util.TreeSet<>();
    d.select(col(column).cast("string"))
        .distinct()
        .collectAsList()
        .forEach(r -> out.add(String.valueOf(r.get(0))));
    return out;
  }

  private static String shortList(Set<String> values) {
    List<String> l = new ArrayList<>(values);
    return l.size() <= 10
        ? String.join(", ", l)
        : String.join(", ", l.subList(0, 10)) + " … (" + l.size() + ")";
  }

  /** A self-contained page: no script, no external resource. */
  static void writeHtml(Path file, String title, OpsTables.Release row, List<Section> report) {
    StringBuilder h =
        new StringBuilder(
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .append(HtmlText.escape(title))
            .append(
                "</title><style>body{font-family:sans-serif;margin:2em;max-width:70em}"
                    + "td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:left}.passed{color:#176f2c}"
                    + ".failed{color:#b00020;font-weight:bold}.warned{color:#a15c00}pre{white-space:pre-wrap}</style></head><body>")
            .append("<h1>")
            .append(HtmlText.escape(title))
            .append("</h1><p id=\"status\" class=\"")
            .append(HtmlText.escape(row.status()))
            .append("\">")
            .append(HtmlText.escape(row.status()))
            .append(" — ")
            .append(HtmlText.escape(row.message()))
            .append("</p>");
    for (Section s : report) {
      h.append("<h2>").append(HtmlText.escape(s.title())).append("</h2>");
      if (s.title().equals("Gates")) {
        h.append("<table id=\"gates\"><tr><th>gate</th><th>status</th><th>detail</th></tr>");
        for (GateResult g : Releases.parseGates(row.gates())) {
          h.append("<tr class=\"")
              .append(g.status().label())
              .append("\"><td>")
              .append(HtmlText.escape(g.gate()))
              .append("</td><td>")
              .append(g.status().label())
              .append("</td><td>")
              .append(HtmlText.escape(g.detail()))
              .append("</td></tr>");
        }
        h.append("</table>");
      } else {
        h.append("<pre>");
        s.lines().forEach(l -> h.append(HtmlText.escape(l)).append('\n'));
        h.append("</pre>");
      }
    }
    h.append("</body></html>\n");
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, h, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
