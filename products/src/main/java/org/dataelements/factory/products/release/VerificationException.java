package org.dataelements.factory.products.release;

import java.util.Objects;
import org.dataelements.factory.core.LakehouseException;

/**
 * A release manifest failed verification: its signature is missing, malformed or does not match the
 * trusted public key. Nothing may be written from such a release; the CLI exits with 1.
 */
public final class VerificationException extends LakehouseException {
  private static final long serialVersionUID = 1L;
  private final String subject;

  public VerificationException(String subject, String message) {
    super(message);
    this.subject = Objects.requireNonNull(subject, "subject is null");
  }

  /** What failed verification, e.g. the manifest's path or {@code PRODUCT@VERSION}. */
  public String subject() {
    return subject;
  }

  @Override
  public boolean isUserError() {
    return true;
  }
}
