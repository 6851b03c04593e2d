package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

/** An authenticated user of a warehouse, as {@link Users#authenticate} returns it. */
public record User(String name, Role role) {
  public User {
    SafeNames.userName(requireNonNull(name, "name is null"));
    requireNonNull(role, "role is null");
  }
}
