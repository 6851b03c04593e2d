package org.dataelements.factory.core;

/** A table was named that does not exist (yet) in the warehouse. */
public final class TableNotFoundException extends LakehouseException {
  private static final long serialVersionUID = 1L;
  private final String tableName;

  public TableNotFoundException(String tableName, String message) {
    super(message);
    this.tableName = tableName;
  }

  public String tableName() {
    return tableName;
  }

  @Override
  public boolean isUserError() {
    return true;
  }
}
