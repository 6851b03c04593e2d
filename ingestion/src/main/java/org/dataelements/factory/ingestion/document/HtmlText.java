package org.dataelements.factory.ingestion.document;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML: the body's text without scripts and styles, blocks on their own lines and paragraphs
 * separated by a blank line; title from {@code <title>} (else the first {@code <h1>}), author from
 * {@code <meta name=author>}, and {@code lang}, description and keywords as metadata.
 */
final class HtmlText {
  private static final String DROPPED = "script, style, noscript, template, svg, iframe, object";
  private static final Set<String> PARAGRAPHS =
      Set.of(
          "p",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "pre",
          "blockquote",
          "ul",
          "ol",
          "dl",
          "table",
          "section",
          "article",
          "header",
          "footer",
          "aside",
          "nav",
          "figure",
          "address",
          "hr");
  private static final Set<String> CELLS = Set.of("td", "th");

  private HtmlText() {}

  static Extraction extract(String html, String mediaType) {
    Document doc = Jsoup.parse(html);
    doc.select(DROPPED).remove();
    Optional<String> title =
        Optional.of(doc.title().strip())
            .filter(s -> !s.isEmpty())
            .or(
                () ->
                    Optional.ofNullable(doc.selectFirst("h1"))
                        .map(Element::text)
                        .map(String::strip));
    Map<String, Object> meta = new LinkedHashMap<>();
    Element root = doc.selectFirst("html");
    if (root != null && !root.attr("lang").isBlank()) {
      meta.put("lang", root.attr("lang").strip());
    }
    metaTag(doc, "description").ifPresent(v -> meta.put("description", v));
    metaTag(doc, "keywords").ifPresent(v -> meta.put("keywords", v));
    String text = blockText(doc.body());
    return new Extraction.Builder(mediaType)
        .add(
            "",
            title,
            metaTag(doc, "author"),
            text,
            meta,
            Optional.of(html),
            "the HTML body has no text")
        .build();
  }

  private static Optional<String> metaTag(Document doc, String name) {
    Element e = doc.selectFirst("meta[name=" + name + "]");
    return Optional.ofNullable(e).map(x -> x.attr("content").strip()).filter(s -> !s.isEmpty());
  }

  /** Visible text with line breaks where the blocks are. */
  static String blockText(Element body) {
    StringBuilder sb = new StringBuilder();
    NodeTraversor.traverse(
        new NodeVisitor() {
          @Override
          public void head(Node node, int depth) {
            if (node instanceof TextNode t) {
              if (inPre(t)) {
                sb.append(t.getWholeText());
              } else {
                appendCollapsed(sb, t.getWholeText());
              }
            } else if (node instanceof Element e) {
              if (e.normalName().equals("br")) {
                trimTrailingSpaces(sb);
                sb.append('\n');
              } else if (CELLS.contains(e.normalName())) {
                appendCollapsed(sb, " ");
              } else if (e.isBlock()) {
                breakLine(sb, PARAGRAPHS.contains(e.normalName()) ? 2 : 1);
              }
            }
          }

          @Override
          public void tail(Node node, int depth) {
            if (node instanceof Element e && e.isBlock() && !CELLS.contains(e.normalName())) {
              breakLine(sb, PARAGRAPHS.contains(e.normalName()) ? 2 : 1);
            }
          }
        },
        body);
    return sb.toString().strip();
  }

  private static boolean inPre(TextNode t) {
    for (Element e = t.parent(); e != null; e = e.parent()) {
      if (e.normalName().equals("pre") || e.normalName().equals("textarea")) {
        return true;
      }
    }
    return false;
  }

  private static void appendCollapsed(StringBuilder sb, String s) {
    String c = s.replaceAll("[ \\t\\n\\r\\f\\u000B]+", " ");
    boolean atLineStart = sb.length() == 0 || sb.charAt(sb.length() - 1) == '\n';
    if ((atLineStart || sb.charAt(sb.length() - 1) == ' ') && c.startsWith(" ")) {
      c = c.substring(1);
    }
    sb.append(c);
  }

  private static void trimTrailingSpaces(StringBuilder sb) {
    while (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
      sb.setLength(sb.length() - 1);
    }
  }

  /** Ends the current line and leaves {@code n} line breaks in all (none at the start). */
  private static void breakLine(StringBuilder sb, int n) {
    trimTrailingSpaces(sb);
    if (sb.length() == 0) {
      return;
    }
    int have = 0;
    for (int i = sb.length() - 1; i >= 0 && sb.charAt(i) == '\n'; i--) {
      have++;
    }
    for (int i = have; i < n; i++) {
      sb.append('\n');
    }
  }
}
