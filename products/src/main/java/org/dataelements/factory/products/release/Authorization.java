package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/** Role checks for authenticated users; each returns the user when allowed. */
public final class Authorization {
  private Authorization() {}

  /**
   * The user, when their role may do {@code action}.
   *
   * @throws AccessDeniedException with reason {@code ROLE_NOT_ALLOWED} otherwise, naming the user,
   *     their role and the roles allowed
   */
  public static User require(User user, Action action) {
    return requireRole(user, action.allowed(), action.description());
  }

  /**
   * The user, when their role is one of {@code allowed}.
   *
   * @param action a phrase for the message, e.g. "approve a release candidate"
   * @throws AccessDeniedException with reason {@code ROLE_NOT_ALLOWED} otherwise
   */
  public static User requireRole(User user, Set<Role> allowed, String action) {
    requireNonNull(user, "user is null");
    requireNonNull(action, "action is null");
    if (!allowed.contains(user.role())) {
      throw ReleaseErrors.roleNotAllowed(user, action, allowed);
    }
    return user;
  }

  /**
   * True when {@code approvals} hold at least {@code required} approvals by distinct users with a
   * role allowed to approve (two for products graded important, DESIGN §8).
   */
  public static boolean enoughApprovals(List<Approval> approvals, int required) {
    long distinct =
        approvals.stream()
            .filter(a -> Action.APPROVE.allowed().contains(a.role()))
            .map(Approval::user)
            .distinct()
            .count();
    return distinct >= required;
  }
}
