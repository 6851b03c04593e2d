package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

/**
 * The result of one gate on a candidate ({@code quality}, {@code sensitivity}, {@code disclosure},
 * {@code schema_compatibility}, ...), with a one-line detail for the manifest.
 */
public record GateResult(String gate, GateStatus status, String detail) {
  public GateResult {
    requireNonNull(gate, "gate is null");
    requireNonNull(status, "status is null");
    requireNonNull(detail, "detail is null");
    if (!gate.matches("[a-z][a-z0-9_]{0,63}")) {
      throw ReleaseErrors.inconsistent("gate name", gate, "use lower-case snake_case");
    }
  }
}
