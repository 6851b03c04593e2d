package org.dataelements.factory.core;

import java.util.List;

/** A spec, profile or option is invalid. Carries every problem found, each naming file and path. */
public final class InvalidSpecException extends LakehouseException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public InvalidSpecException(List<String> problems) {
    this(problems, null);
  }

  /** Problems with {@code setting} (null when they are about none). */
  public InvalidSpecException(List<String> problems, Setting setting) {
    super(summary(problems), setting);
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  @Override
  public boolean isUserError() {
    return true;
  }

  private static String summary(List<String> problems) {
    if (problems.size() == 1) {
      return problems.get(0);
    }
    return problems.size() + " problems in the specs:\n  - " + String.join("\n  - ", problems);
  }
}
