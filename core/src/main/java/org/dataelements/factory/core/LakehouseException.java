package org.dataelements.factory.core;

/** Base of every exception the factory throws on purpose. All are unchecked. */
public class LakehouseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LakehouseException(String message) {
    super(message);
  }

  public LakehouseException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True when the cause is the user's input (spec, option, data), so no stack trace is shown. */
  public boolean isUserError() {
    return false;
  }
}
