package org.dataelements.factory.core;

import java.util.List;

/**
 * Problems found by a spec record's YAML creator, each starting with a field path relative to the
 * record being read (e.g. {@code options.header_search_rows 'ten' must be ...}); {@link StrictYaml}
 * puts the record's own path (e.g. {@code objects[2]}) and the file in front of each.
 */
final class FieldProblems extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  FieldProblems(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  List<String> problems() {
    return problems;
  }
}
