package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One approval of a release candidate, as the manifest records it. */
public record Approval(String user, Role role, Instant at) {
  public Approval {
    SafeNames.userName(requireNonNull(user, "user is null"));
    requireNonNull(role, "role is null");
    requireNonNull(at, "at is null");
  }

  /** The approval of an authenticated user at a time. */
  public static Approval by(User user, Instant at) {
    return new Approval(user.name(), user.role(), at);
  }
}
