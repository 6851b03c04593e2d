package org.dataelements.factory.ingestion.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.internal.TextEncodings;

/**
 * How many documents a file of a {@code document} object holds, counted apart from the extractors
 * (the ingest compares it with landed + quarantined): one for a PDF, an HTML page or a text without
 * {@code record_separator}; the non-blank stretches between separator lines for a text with one;
 * for a JSON collection, the objects with a text field (a string or an array of strings) and no
 * such object below them, found by a streaming read of the tokens instead of the extractor's tree
 * walk. Empty for a file the extractor rejects whole (excluded, empty, binary, records,
 * undecodable).
 */
public final class DocumentCount {
  private static final JsonFactory JSON = new JsonFactory();

  private DocumentCount() {}

  public static Optional<Long> of(ObjectSpec object, LandingFile f) throws IOException {
    DocumentOptions options = DocumentOptions.of(object, Optional.empty());
    if (options.excludedBy(f.path()).isPresent() || f.sizeBytes() == 0) {
      return Optional.empty();
    }
    String name = f.path().substring(f.path().lastIndexOf('/') + 1);
    MediaTypes.Kind kind = MediaTypes.kind(MediaTypes.detect(f.absolute(), name));
    switch (kind) {
      case PDF:
        return Optional.of(1L);
      case BINARY, RECORDS:
        return Optional.empty();
      default:
        break;
    }
    TextEncodings.Decoded decoded = TextEncodings.decode(f.absolute(), options.encoding());
    if (decoded.text().isEmpty()) {
      return Optional.empty();
    }
    String text = decoded.text().get();
    return switch (kind) {
      case HTML -> Optional.of(1L);
      case JSON -> Optional.of(jsonDocuments(text, options.textFields()));
      default ->
          Optional.of(
              options.recordSeparator().map(sep -> entries(text, sep)).orElse(1L).longValue());
    };
  }

  /**
   * Entries between lines that are exactly the separator ({@code \n} ends a line, a {@code \r}
   * before it is not part of it); a blank first or last stretch is no entry, a blank one between
   * two separators is.
   */
  static long entries(String text, String separator) {
    long stretches = 0;
    boolean firstBlank = true;
    boolean currentBlank = true;
    int start = 0;
    int end = text.endsWith("\n") ? text.length() - 1 : text.length();
    while (start <= end) {
      int nl = text.indexOf('\n', start);
      int lineEnd = nl < 0 || nl > end ? end : nl;
      String line = text.substring(start, lineEnd);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.equals(separator)) {
        if (stretches == 0) {
          firstBlank = currentBlank;
        }
        stretches++;
        currentBlank = true;
      } else if (!line.isBlank()) {
        currentBlank = false;
      }
      start = lineEnd + 1;
    }
    if (stretches == 0) {
      firstBlank = currentBlank;
    }
    long count = stretches + 1;
    if (currentBlank) {
      count--; // the last stretch (the first too, when there is no separator)
    }
    if (count > 0 && firstBlank && stretches > 0) {
      count--;
    }
    return count;
  }

  /** One open object or array of the token stream. */
  private static final class Frame {
    final boolean object;

    /** For an array that is the value of a text field: the field. */
    final String textFieldOf;

    /** A document is at or below this frame. */
    boolean found;

    /** An array: every element so far is a string or null. */
    boolean allText = true;

    String field;

    /** An object: each text field's last value, whether it holds text. */
    final Map<String, Boolean> text = new HashMap<>();

    Frame(boolean object, String textFieldOf) {
      this.object = object;
      this.textFieldOf = textFieldOf;
    }
  }

  /** The document objects of a JSON collection, by one pass over its tokens. */
  static long jsonDocuments(String json, List<String> textFields) throws IOException {
    long count = 0;
    Deque<Frame> open = new ArrayDeque<>();
    open.push(new Frame(false, null)); // the root value's container
    try (JsonParser p = JSON.createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        Frame top = open.peek();
        String textField =
            top.object && top.field != null && textFields.contains(top.field) ? top.field : null;
        switch (t) {
          case FIELD_NAME -> top.field = p.currentName();
          case START_OBJECT, START_ARRAY -> {
            boolean array = t == JsonToken.START_ARRAY;
            if (textField != null && !array) {
              top.text.put(textField, false);
            }
            if (!top.object) {
              top.allText = false;
            }
            open.push(new Frame(!array, array ? textField : null));
          }
          case END_OBJECT, END_ARRAY -> {
            Frame done = open.pop();
            Frame parent = open.peek();
            boolean document = done.object && !done.found && done.text.containsValue(Boolean.TRUE);
            if (document) {
              count++;
            }
            if (done.textFieldOf != null) {
              parent.text.put(done.textFieldOf, done.allText);
            }
            parent.found |= done.found || document;
          }
          case VALUE_STRING -> {
            if (textField != null) {
              top.text.put(textField, true);
            }
          }
          case VALUE_NULL -> {
            if (textField != null) {
              top.text.put(textField, false);
            }
          }
          default -> {
            if (textField != null) {
              top.text.put(textField, false);
            }
            if (!top.object) {
              top.allText = false;
            }
          }
        }
      }
    }
    return count;
  }
}
