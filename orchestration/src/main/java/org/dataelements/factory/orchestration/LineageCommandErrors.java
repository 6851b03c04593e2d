package org.dataelements.factory.orchestration;

import java.util.List;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.TableNotFoundException;

/** The user errors of {@code factory lineage}; each message says problem, value and fix. */
final class LineageCommandErrors {
  private LineageCommandErrors() {}

  static TableNotFoundException noEvents(String warehouse, boolean tableExists) {
    return new TableNotFoundException(
        LineageEventsTable.TABLE.sqlName(),
        "no lineage events in warehouse "
            + warehouse
            + ": "
            + LineageEventsTable.TABLE.sqlName()
            + (tableExists ? " has no rows yet" : " does not exist yet")
            + "; run `factory run` first (every step records its lineage events there), or point"
            + " --warehouse at a warehouse that has run");
  }

  static InvalidSpecException badDepth(int depth) {
    return new InvalidSpecException(
        List.of(
            "option --depth '"
                + depth
                + "' is not valid; expected a number of jobs of 1 or more (1: the direct inputs"
                + " or outputs), or leave it out for no limit"));
  }

  /** Graphviz's {@code dot} is not on the PATH. */
  static ExternalToolException graphvizMissing(String executable, String cause) {
    return new ExternalToolException(
        "--format svg runs Graphviz's `"
            + executable
            + "`, which cannot be started ("
            + cause
            + "); install graphviz (apt-get install graphviz, dnf install graphviz, brew install"
            + " graphviz), or use --format dot and render it elsewhere");
  }

  static ExternalToolException graphvizFailed(String executable, int code, String stderr) {
    return new ExternalToolException(
        "Graphviz's `"
            + executable
            + " -Tsvg` failed (exit "
            + code
            + ")"
            + (stderr.isBlank() ? "" : ": " + stderr.strip())
            + "; use --format dot to see the graph it was given");
  }

  /** A program the factory runs is missing or failed: a user error with exit 1. */
  static final class ExternalToolException extends LakehouseException {
    private static final long serialVersionUID = 1L;

    ExternalToolException(String message) {
      super(message);
    }

    @Override
    public boolean isUserError() {
      return true;
    }
  }
}
