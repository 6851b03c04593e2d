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

  static String name(String value, String field) {
    required(value, field);
    if (!value.matches("[a-z][a-z0-9_]*") || value.contains("__")) {
      throw new IllegalArgumentException(
          field + " '" + value + "' must be lower-case snake_case without '__'");
    }
    return value;
  }
}
