package org.dataelements.factory.orchestration.airflow;

import java.util.List;
import java.util.Map;

/**
 * Python source literals for the rendered DAG files: strings in double quotes with backslashes,
 * quotes, control characters and lone surrogates escaped (other characters, e.g. 电力, stay as they
 * are: a Python 3 source file is UTF-8), lists and dicts of them.
 */
final class PythonLiteral {
  private PythonLiteral() {}

  /** {@code s} as a Python string literal that evaluates to exactly {@code s}. */
  static String string(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)
              || c == '\u2028'
              || c == '\u2029'
              || c == '\u0085'
              || c == '\ufeff') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** A Python list of string literals on one line. */
  static String list(List<String> items) {
    return "[" + String.join(", ", items.stream().map(PythonLiteral::string).toList()) + "]";
  }

  /** A Python dict of string keys to already rendered values, one entry per line. */
  static String dict(Map<String, String> rendered, String indent) {
    StringBuilder b = new StringBuilder("{\n");
    rendered.forEach(
        (k, v) ->
            b.append(indent).append("    ").append(string(k)).append(": ").append(v).append(",\n"));
    return b.append(indent).append('}').toString();
  }
}
