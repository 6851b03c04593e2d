package org.dataelements.factory.products.release;

import java.util.Objects;
import org.dataelements.factory.core.LakehouseException;

/**
 * A request about a release was refused before any data moved: an unknown, revoked or candidate
 * version, an output folder in use, an unknown split. The CLI exits with 1 and the audit log
 * records the request as {@code refused}.
 */
public final class ReleaseRefusedException extends LakehouseException {
  private static final long serialVersionUID = 1L;
  private final String subject;

  public ReleaseRefusedException(String subject, String message) {
    super(message);
    this.subject = Objects.requireNonNull(subject, "subject is null");
  }

  /** What was asked for, e.g. {@code electricity_index@1.2.0}. */
  public String subject() {
    return subject;
  }

  @Override
  public boolean isUserError() {
    return true;
  }
}
