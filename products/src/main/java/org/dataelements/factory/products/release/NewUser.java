package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What {@link Users#add} gives back: the user created, the admin who created them (empty for a
 * warehouse's first user) and the new token, to be printed once. {@link #toString()} hides the
 * token's secret.
 */
public record NewUser(User user, Optional<User> addedBy, Token token) {
  public NewUser {
    requireNonNull(user, "user is null");
    requireNonNull(addedBy, "addedBy is null");
    requireNonNull(token, "token is null");
  }
}
