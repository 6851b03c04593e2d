package org.dataelements.factory.core;

/** Input data (a landing root, a file) cannot be used; the message names it and says what to do. */
public final class DataInputException extends LakehouseException {
  private static final long serialVersionUID = 1L;

  public DataInputException(String message) {
    super(message);
  }

  @Override
  public boolean isUserError() {
    return true;
  }
}
