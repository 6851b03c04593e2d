package org.dataelements.factory.core;

/**
 * A setting of the factory that a user error is about ({@link LakehouseException#setting()}); core
 * says what is wrong with it, the front end (the CLI) says how it is set.
 */
public enum Setting {
  /** The folder of profiles and specs. */
  CONF_DIR,
  /** The folder or URI whose files are landed into bronze. */
  LANDING_ROOT,
  /** The profile, i.e. {@code <conf>/<profile>.yaml}. */
  PROFILE
}
