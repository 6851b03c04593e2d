package org.dataelements.factory.core;

/** Field checks used by the spec records' YAML creators. */
final class SpecFields {
  private SpecFields() {}

  static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("missing required field '" + field + "'");
    }
    return value;
  }

  /** An enum constant by its lower-case label; the error lists every label. */
  static <E extends Enum<E>> E enumValue(Class<E> type, String value) {
    String key = value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(key)) {
        return e;
      }
    }
    StringBuilder known = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      known
          .append(known.length() == 0 ? "" : ", ")
          .append(e.name().toLowerCase(java.util.Locale.ROOT));
    }
    throw new IllegalArgumentException("'" + value + "' is not a known value; use one of " + known);
  }

  static String name(String value, String field) {
    required(value, field);
    if (!value.matches("[a-z][a-z0-9_]*") || value.contains("__")) {
      throw new IllegalArgumentException(
          field + " '" + value + "' must be lower-case snake_case without '__'");
    }
    return value;
  }
}
