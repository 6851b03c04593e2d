package org.dataelements.factory.core;

/** Input data (a landing root, a file) cannot be used; the message names it and says what to do. */
public final class DataInputException extends LakehouseException {
  private static final long serialVersionUID = 1L;

  public DataInputException(String message) {
    this(message, null);
  }

  /** Input given by {@code setting} (null when it is about none) cannot be used. */
  public DataInputException(String message, Setting setting) {
    super(message, setting);
  }

  @Override
  public boolean isUserError() {
    return true;
  }
}
