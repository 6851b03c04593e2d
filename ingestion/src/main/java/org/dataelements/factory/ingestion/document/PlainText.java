package org.dataelements.factory.ingestion.document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain text and Markdown: ANSI escapes removed, Markdown title, separator-delimited entries. */
final class PlainText {
  /** CSI sequences (colours: ESC[32m), OSC sequences and two-character escapes. */
  private static final Pattern ANSI =
      Pattern.compile(
          "\u001B(?:\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|[@-Z\\\\-_])");

  private static final Pattern ATX_H1 =
      Pattern.compile("^ {0,3}#[ \\t]+(.+?)(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~).*");

  private PlainText() {}

  /** The whole file as one document, or its separator-delimited entries. */
  static Extraction extract(
      String text, String mediaType, boolean markdown, Optional<String> separator) {
    Extraction.Builder out = new Extraction.Builder(mediaType);
    if (separator.isEmpty()) {
      add(out, "", text, markdown);
      return out.build();
    }
    List<String> entries = split(text, separator.get());
    for (int i = 0; i < entries.size(); i++) {
      add(out, "$[" + i + "]", entries.get(i), markdown);
    }
    return out.build();
  }

  private static void add(Extraction.Builder out, String path, String raw, boolean markdown) {
    Matcher m = ANSI.matcher(raw);
    int escapes = 0;
    while (m.find()) {
      escapes++;
    }
    String text = escapes == 0 ? raw : ANSI.matcher(raw).replaceAll("");
    Map<String, Object> meta = new LinkedHashMap<>();
    if (escapes > 0) {
      meta.put("ansi_escapes_removed", escapes);
    }
    out.add(
        path,
        markdown ? markdownTitle(text) : Optional.empty(),
        Optional.empty(),
        text,
        meta,
        Optional.of(raw),
        path.isEmpty() ? "the document has no text" : "the entry has no text");
  }

  /**
   * Entries between lines that hold only the separator. A blank stretch before the first or after
   * the last separator is no entry (fortune files end with one); a blank one between two is.
   */
  static List<String> split(String text, String separator) {
    List<String> entries = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean curHasLines = false;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (i == lines.length - 1 && line.isEmpty()) {
        break; // the newline that ends the file ends its last line, not a line of its own
      }
      String bare = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      if (bare.equals(separator)) {
        entries.add(cur.toString());
        cur.setLength(0);
        curHasLines = false;
        continue;
      }
      if (curHasLines) {
        cur.append('\n');
      }
      cur.append(line);
      curHasLines = true;
    }
    entries.add(cur.toString());
    if (!entries.isEmpty() && entries.get(entries.size() - 1).isBlank()) {
      entries.remove(entries.size() - 1);
    }
    if (!entries.isEmpty() && entries.get(0).isBlank()) {
      entries.remove(0);
    }
    return entries;
  }

  /** The text of the first level-1 ATX heading ({@code # Title}) outside code fences. */
  static Optional<String> markdownTitle(String text) {
    boolean fenced = false;
    for (String line : text.split("\r?\n")) {
      if (FENCE.matcher(line).matches()) {
        fenced = !fenced;
        continue;
      }
      if (!fenced) {
        Matcher m = ATX_H1.matcher(line);
        if (m.matches()) {
          return Optional.of(m.group(1).strip());
        }
      }
    }
    return Optional.empty();
  }
}
