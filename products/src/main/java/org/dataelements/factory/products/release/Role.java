package org.dataelements.factory.products.release;

import java.util.Locale;

/** The roles of DESIGN §8; what each may do is {@link Action}'s to say. */
public enum Role {
  ADMIN,
  ENGINEER,
  OPERATOR,
  CONSUMER,
  AUDITOR;

  /**
   * The role named by {@code value}, case-insensitively.
   *
   * @throws org.dataelements.factory.core.InvalidSpecException when no role has that name; the
   *     message lists the roles
   */
  public static Role parse(String value) {
    for (Role r : values()) {
      if (r.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw ReleaseErrors.unknownRole(value);
  }

  /** The lower-case name used on the command line, in files and in the audit log. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
