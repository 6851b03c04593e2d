package org.dataelements.factory.core;

import java.util.List;

/** A {@code fail} check did not pass, so a commit or release was blocked. */
public final class QualityGateException extends LakehouseException {
  private static final long serialVersionUID = 1L;
  private final String tableName;
  private final List<String> failures;

  public QualityGateException(String tableName, List<String> failures) {
    super(
        "quality gate blocked the write of "
            + tableName
            + ":\n  - "
            + String.join("\n  - ", failures));
    this.tableName = tableName;
    this.failures = List.copyOf(failures);
  }

  public String tableName() {
    return tableName;
  }

  public List<String> failures() {
    return failures;
  }

  @Override
  public boolean isUserError() {
    return true;
  }
}
