package org.dataelements.factory.ingestion.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dataelements.factory.ingestion.internal.LandingFile;

/**
 * Finds the JSON files whose field names differ from an earlier spelling only in case ({@code
 * update_date} and {@code Update_date}, at the same nesting): Spark's schema and Delta's columns
 * ignore case, so one such field would fail the whole read. The first spelling seen, in file order,
 * stands; each file that spells a field otherwise is rejected, naming both spellings.
 */
final class CaseCollisions {
  private static final JsonFactory JSON = new JsonFactory();

  private CaseCollisions() {}

  /** File path → rejection reason, for the files that spell a field another way. */
  static Map<String, String> find(List<LandingFile> files, boolean lines, Charset charset)
      throws IOException {
    Map<String, String> spelling = new HashMap<>();
    Map<String, String> rejections = new LinkedHashMap<>();
    for (LandingFile f : files) {
      // a rejected file's spellings do not count against the files after it
      Map<String, String> mine = new HashMap<>(spelling);
      Optional<String> clash;
      try (BufferedReader r = Files.newBufferedReader(f.absolute(), charset)) {
        clash = lines ? lines(r, mine) : value(r, mine);
      }
      if (clash.isPresent()) {
        rejections.put(f.path(), clash.get());
      } else {
        spelling.putAll(mine);
      }
    }
    return rejections;
  }

  private static Optional<String> lines(BufferedReader r, Map<String, String> spelling)
      throws IOException {
    String line;
    long n = 0;
    while ((line = r.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      Optional<String> clash = value(new java.io.StringReader(line), spelling);
      if (clash.isPresent()) {
        return Optional.of(clash.get() + " (line " + n + ")");
      }
    }
    return Optional.empty();
  }

  /** Walks one JSON value's field names; a value that does not parse is not Spark's schema. */
  private static Optional<String> value(Reader in, Map<String, String> spelling)
      throws IOException {
    Map<String, String> seen = new HashMap<>();
    Deque<String> path = new ArrayDeque<>();
    path.push("");
    String pendingField = null;
    try (JsonParser p = JSON.createParser(in)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case FIELD_NAME -> {
            String name = p.currentName();
            String key = path.peek() + "." + name.toLowerCase(Locale.ROOT);
            String first = spelling.getOrDefault(key, seen.get(key));
            if (first == null) {
              seen.put(key, name);
            } else if (!first.equals(name)) {
              return Optional.of(
                  "field '"
                      + name
                      + "' differs only in case from field '"
                      + first
                      + "' of this object's records; column names ignore case in Spark and"
                      + " Delta: spell the field one way in every file");
            }
            pendingField = key;
          }
          case START_OBJECT, START_ARRAY -> {
            // an array's elements share its path: Spark merges them into one element type
            path.push(pendingField == null ? path.peek() : pendingField);
            pendingField = null;
          }
          case END_OBJECT, END_ARRAY -> path.pop();
          default -> pendingField = null;
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.empty();
    }
    spelling.putAll(seen);
    return Optional.empty();
  }
}
