package org.dataelements.factory.products.release;

import org.dataelements.factory.core.LakehouseException;

/**
 * A release decision that the candidate's or release's state does not allow (a candidate that does
 * not exist, whose gates failed or that was decided already; a version already revoked). The CLI
 * exits with 1 and the audit log records it as {@code refused}.
 */
public final class ReleaseRefusedException extends LakehouseException {
  private static final long serialVersionUID = 1L;

  ReleaseRefusedException(String message) {
    super(message);
  }

  @Override
  public boolean isUserError() {
    return true;
  }
}
