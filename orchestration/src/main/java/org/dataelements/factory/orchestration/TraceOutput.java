package org.dataelements.factory.orchestration;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataelements.factory.products.traceability.LotTrace;

/**
 * How {@code factory trace} prints its answers: text for people, RFC 4180 CSV and JSON Lines for
 * scripts (as {@link RowPrinter} writes them), and Graphviz DOT for a picture of a chain.
 */
final class TraceOutput {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String CRLF = "\r\n";
  private static final Pattern DIGITAL_LINK =
      Pattern.compile("^https?://[^/]+((?:/[0-9]{2,4}/[^/?#]+)+)/?(?:[?#].*)?$");

  /** GS1 application identifiers of a Digital Link path, as a short label names them. */
  private static final Map<String, String> AI_NAMES =
      Map.of(
          "00", "SSCC", "01", "GTIN", "10", "lot", "21", "serial", "414", "GLN", "254", "ext",
          "8006", "ITIP", "8003", "GRAI", "8004", "GIAI");

  private TraceOutput() {}

  /**
   * What was asked and where the answer comes from.
   *
   * @param asked the id as the user wrote it
   * @param id the canonical id queried
   * @param release {@code product@version}, or {@code product@candidate_…}
   * @param candidate true when the release is a candidate branch, not a release
   * @param snapshotId the snapshot of the table read
   */
  record Subject(String asked, String id, String release, boolean candidate, long snapshotId) {
    Subject {
      requireNonNull(asked, "asked is null");
      requireNonNull(id, "id is null");
      requireNonNull(release, "release is null");
    }
  }

  /** {@code traceability@1.2.0 (lot_lineage snapshot 123)}, saying so when it is a candidate. */
  static String readingLine(Subject s, String table) {
    return "reading "
        + s.release()
        + (s.candidate() ? " (a candidate, not released; " : " (")
        + table
        + " snapshot "
        + s.snapshotId()
        + ")";
  }

  /** The line that says a lot has no relation in the release read. */
  static String noLinks(Subject s, LotTrace.Direction direction) {
    return (direction == LotTrace.Direction.BOTH
            ? "no lot_lineage row for "
            : "no " + direction.label() + " lot of ")
        + s.id()
        + " in "
        + s.release()
        + ": the release relates no lot to this id"
        + (direction == LotTrace.Direction.BOTH ? "" : " on that side")
        + "; check the id, or read another release with --version";
  }

  /** The line that says a trigger affects nothing in the release read. */
  static String noImpact(Subject s) {
    return "no recall_impact row for "
        + s.id()
        + " in "
        + s.release()
        + ": no failed test or recall notice of that id affects a lot in this release; check"
        + " the id, or read another release with --version";
  }

  // ------------------------------------------------------------------------------- lot_lineage

  static void lineageText(
      Subject s, LotTrace.Direction direction, List<LotTrace.Link> links, PrintStream out) {
    out.println(
        "trace of "
            + s.id()
            + " in "
            + s.release()
            + (s.candidate() ? " (a candidate, not released; " : " (")
            + LotTrace.LOT_LINEAGE
            + " snapshot "
            + s.snapshotId()
            + ")");
    if (!s.asked().equals(s.id())) {
      out.println("asked as " + s.asked());
    }
    if (links.isEmpty()) {
      out.println(noLinks(s, direction));
      return;
    }
    String[] head = {"depth", "lot", "via", "first event", "last event"};
    List<String[]> rows = new ArrayList<>();
    for (LotTrace.Link l : links) {
      rows.add(
          new String[] {
            Integer.toString(l.depth()),
            "  ".repeat(Math.max(0, l.depth() - 1)) + l.relatedLotId(),
            l.via(),
            l.firstEventTime().map(Instant::toString).orElse("-"),
            l.lastEventTime().map(Instant::toString).orElse("-")
          });
    }
    int[] width = widths(head, rows);
    for (String side : sides(direction)) {
      List<String[]> group = new ArrayList<>();
      for (int i = 0; i < links.size(); i++) {
        if (links.get(i).direction().equals(side)) {
          group.add(rows.get(i));
        }
      }
      out.println();
      if (group.isEmpty()) {
        out.println(side + ": none");
        continue;
      }
      out.println(side + ": " + lots(group.size()));
      out.println(line(head, width));
      group.forEach(r -> out.println(line(r, width)));
    }
  }

  private static List<String> sides(LotTrace.Direction direction) {
    return direction == LotTrace.Direction.BOTH
        ? List.of(LotTrace.Direction.UPSTREAM.label(), LotTrace.Direction.DOWNSTREAM.label())
        : List.of(direction.label());
  }

  static void lineageCsv(List<LotTrace.Link> links, PrintStream out) {
    out.print("lot_id,related_lot_id,direction,depth,via" + CRLF);
    for (LotTrace.Link l : links) {
      out.print(
          String.join(
                  ",",
                  RowPrinter.csvCell(l.lotId()),
                  RowPrinter.csvCell(l.relatedLotId()),
                  RowPrinter.csvCell(l.direction()),
                  Integer.toString(l.depth()),
                  RowPrinter.csvCell(l.via()))
              + CRLF);
    }
  }

  static void lineageJson(List<LotTrace.Link> links, PrintStream out) {
    jsonLines(
        out,
        links,
        (g, l) -> {
          g.writeStringField("lot_id", l.lotId());
          g.writeStringField("related_lot_id", l.relatedLotId());
          g.writeStringField("direction", l.direction());
          g.writeNumberField("depth", l.depth());
          g.writeStringField("via", l.via());
          g.writeStringField(
              "first_event_time", l.firstEventTime().map(Instant::toString).orElse(null));
          g.writeStringField(
              "last_event_time", l.lastEventTime().map(Instant::toString).orElse(null));
        });
  }

  /**
   * A Graphviz digraph of the chain: one node per lot (a short label, the full id as tooltip; the
   * lot asked about filled), one edge per pair from the upstream lot to the downstream one,
   * labelled with the event types on the path (dashed when the lots are not directly linked).
   */
  static void lineageDot(Subject s, List<LotTrace.Link> links, PrintStream out) {
    Set<String> nodes = new LinkedHashSet<>();
    nodes.add(s.id());
    links.forEach(l -> nodes.add(l.relatedLotId()));
    out.println("digraph trace {");
    out.println(
        "  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label="
            + dotString(readingLine(s, LotTrace.LOT_LINEAGE).substring("reading ".length()))
            + "];");
    out.println("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];");
    out.println("  edge [fontname=\"Helvetica\", fontsize=9];");
    for (String n : nodes) {
      boolean asked = n.equals(s.id());
      out.println(
          "  "
              + dotString(n)
              + " [label="
              + dotString(shortLabel(n))
              + ", tooltip="
              + dotString(n)
              + (asked ? ", style=\"rounded,filled,bold\", fillcolor=\"#ffd966\", penwidth=2" : "")
              + "];");
    }
    for (LotTrace.Link l : links) {
      String from = l.isUpstream() ? l.relatedLotId() : l.lotId();
      String to = l.isUpstream() ? l.lotId() : l.relatedLotId();
      out.println(
          "  "
              + dotString(from)
              + " -> "
              + dotString(to)
              + " [label="
              + dotString(l.via() + (l.depth() > 1 ? " (depth " + l.depth() + ")" : ""))
              + (l.depth() > 1 ? ", style=dashed" : "")
              + "];");
    }
    out.println("}");
  }

  /**
   * A short label for a lot: the identifiers of a GS1 Digital Link, most specific first (lot {@code
   * L1} / GTIN {@code 0…}), else the id's last 28 characters.
   */
  static String shortLabel(String id) {
    Matcher m = DIGITAL_LINK.matcher(id);
    if (m.matches()) {
      String[] parts = m.group(1).substring(1).split("/");
      if (parts.length % 2 == 0) {
        List<String> lines = new ArrayList<>();
        for (int i = parts.length - 2; i >= 0; i -= 2) {
          lines.add(AI_NAMES.getOrDefault(parts[i], "(" + parts[i] + ")") + " " + parts[i + 1]);
        }
        return String.join("\n", lines);
      }
    }
    return id.length() <= 28 ? id : "…" + id.substring(id.length() - 27);
  }

  /** A DOT double-quoted string: quotes and backslashes escaped, a newline as DOT's {@code \n}. */
  static String dotString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(Character.isISOControl(c) ? ' ' : c);
      }
    }
    return b.append('"').toString();
  }

  // ----------------------------------------------------------------------------- recall_impact

  static void recallText(Subject s, List<LotTrace.AffectedLot> lots, PrintStream out) {
    String kind = lots.isEmpty() ? "" : " (" + lots.get(0).triggerKind() + ")";
    out.println(
        "recall of "
            + s.id()
            + kind
            + " in "
            + s.release()
            + (s.candidate() ? " (a candidate, not released; " : " (")
            + LotTrace.RECALL_IMPACT
            + " snapshot "
            + s.snapshotId()
            + ")");
    if (lots.isEmpty()) {
      out.println(noImpact(s));
      return;
    }
    String[] head = {"depth", "lot", "quantity", "uom", "location", "party"};
    List<String[]> rows = new ArrayList<>();
    Map<String, Double> totals = new TreeMap<>();
    int withoutQuantity = 0;
    for (LotTrace.AffectedLot a : lots) {
      rows.add(
          new String[] {
            Integer.toString(a.depth()),
            a.lotId(),
            a.quantity().map(TraceOutput::number).orElse("-"),
            a.uom().orElse("-"),
            a.location().orElse("-"),
            a.party().orElse("-")
          });
      if (a.quantity().isPresent()) {
        totals.merge(a.uom().orElse("(no unit)"), a.quantity().get(), Double::sum);
      } else {
        withoutQuantity++;
      }
    }
    int[] width = widths(head, rows);
    out.println();
    out.println(line(head, width));
    rows.forEach(r -> out.println(line(r, width)));
    List<String> perUom = new ArrayList<>();
    totals.forEach((uom, q) -> perUom.add(number(q) + " " + uom));
    out.println();
    out.println(
        "total: "
            + (perUom.isEmpty() ? "no quantity known" : String.join(", ", perUom))
            + "; "
            + lots(lots.size())
            + (withoutQuantity == 0 ? "" : " (" + withoutQuantity + " without a quantity)"));
  }

  static void recallCsv(List<LotTrace.AffectedLot> lots, PrintStream out) {
    out.print("trigger_id,trigger_kind,lot_id,depth,quantity,uom,location,party" + CRLF);
    for (LotTrace.AffectedLot a : lots) {
      out.print(
          String.join(
                  ",",
                  RowPrinter.csvCell(a.triggerId()),
                  RowPrinter.csvCell(a.triggerKind()),
                  RowPrinter.csvCell(a.lotId()),
                  Integer.toString(a.depth()),
                  a.quantity().map(TraceOutput::plain).orElse(""),
                  a.uom().map(RowPrinter::csvCell).orElse(""),
                  a.location().map(RowPrinter::csvCell).orElse(""),
                  a.party().map(RowPrinter::csvCell).orElse(""))
              + CRLF);
    }
  }

  static void recallJson(List<LotTrace.AffectedLot> lots, PrintStream out) {
    jsonLines(
        out,
        lots,
        (g, a) -> {
          g.writeStringField("trigger_id", a.triggerId());
          g.writeStringField("trigger_kind", a.triggerKind());
          g.writeStringField("lot_id", a.lotId());
          g.writeNumberField("depth", a.depth());
          g.writeFieldName("quantity");
          if (a.quantity().isPresent()) {
            g.writeNumber(a.quantity().get());
          } else {
            g.writeNull();
          }
          g.writeStringField("uom", a.uom().orElse(null));
          g.writeStringField("location", a.location().orElse(null));
          g.writeStringField("party", a.party().orElse(null));
        });
  }

  // ------------------------------------------------------------------------------------ shared

  /** Writes the fields of one object per row. */
  private interface Fields<T> {
    void write(JsonGenerator g, T row) throws IOException;
  }

  private static <T> void jsonLines(PrintStream out, List<T> rows, Fields<T> fields) {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
      for (T row : rows) {
        g.writeStartObject();
        fields.write(g, row);
        g.writeEndObject();
      }
      g.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON Lines to stdout", e);
    }
    if (!rows.isEmpty()) {
      out.print("\n");
    }
  }

  /** As {@link RowPrinter} prints a double: no exponent, no trailing zeros. */
  private static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** A quantity for people: at most six decimals (sums of doubles carry binary noise). */
  static String number(double d) {
    return BigDecimal.valueOf(d)
        .setScale(6, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String lots(int n) {
    return n + (n == 1 ? " lot" : " lots");
  }

  private static int[] widths(String[] head, List<String[]> rows) {
    int[] width = new int[head.length];
    for (int i = 0; i < head.length; i++) {
      width[i] = head[i].length();
    }
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    return width;
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder(" ");
    for (int i = 0; i < cells.length; i++) {
      b.append(' ');
      b.append(
          i == cells.length - 1
              ? cells[i]
              : String.format(Locale.ROOT, "%-" + width[i] + "s", cells[i]));
      if (i < cells.length - 1) {
        b.append(' ');
      }
    }
    return b.toString().stripTrailing();
  }
}
