package org.dataelements.factory.core;

import java.util.Optional;

/** Base of every exception the factory throws on purpose. All are unchecked. */
public class LakehouseException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Setting setting;

  public LakehouseException(String message) {
    this(message, (Setting) null);
  }

  public LakehouseException(String message, Throwable cause) {
    super(message, cause);
    this.setting = null;
  }

  /** An error about {@code setting} (null when it is about none). */
  protected LakehouseException(String message, Setting setting) {
    super(message);
    this.setting = setting;
  }

  /** The setting the error is about, so that the front end can say how to change it. */
  public Optional<Setting> setting() {
    return Optional.ofNullable(setting);
  }

  /** True when the cause is the user's input (spec, option, data), so no stack trace is shown. */
  public boolean isUserError() {
    return false;
  }
}
