package org.dataelements.factory.products.release;

import java.util.Locale;

/** The outcome of one release gate (DESIGN §8, step 2). */
public enum GateStatus {
  PASSED,
  WARNED,
  FAILED;

  /** The lower-case value written in the manifest. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
