package org.dataelements.factory.ingestion.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the line numbers of raw records a reader rejected, by matching each record's first line
 * against the file's lines; repeated identical lines are handed out in file order.
 */
final class LineLocator {
  private final Map<String, Deque<Long>> lines;

  private LineLocator(Map<String, Deque<Long>> lines) {
    this.lines = lines;
  }

  static LineLocator of(Path file, Charset charset) {
    Map<String, Deque<Long>> lines = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, charset)) {
      String line;
      long n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (n == 1) {
          line = line.replace("\uFEFF", "");
        }
        lines.computeIfAbsent(line, k -> new ArrayDeque<>()).add(n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " to locate its bad records", e);
    }
    return new LineLocator(lines);
  }

  /** The 1-based line where this raw record starts; empty when it cannot be found. */
  Optional<Long> next(String raw) {
    String first = raw;
    int nl = first.indexOf('\n');
    if (nl >= 0) {
      first = first.substring(0, nl);
    }
    if (first.endsWith("\r")) {
      first = first.substring(0, first.length() - 1);
    }
    Deque<Long> at = lines.get(first);
    return at == null || at.isEmpty() ? Optional.empty() : Optional.of(at.poll());
  }
}
