package org.dataelements.factory.products.release;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a user may ask of the release machinery, and the roles allowed to (DESIGN §8): an admin
 * manages users, operators approve, reject and revoke, consumers pull. Admins do not approve or
 * pull, so that managing users and publishing data stay separate duties.
 */
public enum Action {
  USER_ADD("add users", Role.ADMIN),
  APPROVE("approve a release candidate", Role.OPERATOR),
  REJECT("reject a release candidate", Role.OPERATOR),
  REVOKE("revoke a release", Role.OPERATOR, Role.ADMIN),
  PULL("pull a release", Role.CONSUMER, Role.OPERATOR, Role.AUDITOR),
  AUDIT_READ("read the audit log", Role.AUDITOR, Role.ADMIN);

  private final String description;
  private final Set<Role> allowed;

  Action(String description, Role first, Role... rest) {
    this.description = description;
    this.allowed = Set.copyOf(EnumSet.of(first, rest));
  }

  /** The roles allowed to do this. */
  public Set<Role> allowed() {
    return allowed;
  }

  /** A phrase for messages, e.g. "approve a release candidate". */
  public String description() {
    return description;
  }

  /** The {@code action} value of {@code lake.ops.audit_log}, e.g. {@code user_add}. */
  public String auditName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
