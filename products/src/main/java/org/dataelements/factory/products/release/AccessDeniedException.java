package org.dataelements.factory.products.release;

import java.util.Objects;
import java.util.Optional;
import org.dataelements.factory.core.LakehouseException;

/**
 * A credential was missing or not accepted, or the authenticated user's role may not do what was
 * asked. The CLI exits with 1 and the audit log records the action as {@code refused}. Neither the
 * message nor any field ever holds token text.
 */
public final class AccessDeniedException extends LakehouseException {
  private static final long serialVersionUID = 1L;

  /** Why access was refused. */
  public enum Reason {
    /** No token was given where one is needed. */
    NO_TOKEN,
    /** The text given is not shaped like a factory token. */
    MALFORMED_TOKEN,
    /** The token names no user, or its secret does not match the stored hash. */
    INVALID_TOKEN,
    /** The user is authenticated but their role may not do this. */
    ROLE_NOT_ALLOWED,
    /** The first user of a warehouse was to be created with a role other than admin. */
    FIRST_USER_MUST_BE_ADMIN
  }

  private final Reason reason;
  private final String claimedUser;

  public AccessDeniedException(Reason reason, Optional<String> claimedUser, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason is null");
    this.claimedUser = claimedUser.orElse("");
  }

  public Reason reason() {
    return reason;
  }

  /**
   * The user the request claimed to be (the name part of a token, or the authenticated user for
   * {@link Reason#ROLE_NOT_ALLOWED}); not proof of identity unless the reason is a role refusal.
   */
  public Optional<String> claimedUser() {
    return claimedUser.isEmpty() ? Optional.empty() : Optional.of(claimedUser);
  }

  @Override
  public boolean isUserError() {
    return true;
  }
}
