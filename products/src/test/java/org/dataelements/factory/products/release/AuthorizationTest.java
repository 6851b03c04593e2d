package org.dataelements.factory.products.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationTest {
  private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void onlyOperatorsApprove() {
    assertEquals(Set.of(Role.OPERATOR), Action.APPROVE.allowed());
    User olga = new User("olga", Role.OPERATOR);
    assertEquals(olga, Authorization.require(olga, Action.APPROVE));
    for (Role r : EnumSet.complementOf(EnumSet.of(Role.OPERATOR))) {
      AccessDeniedException e =
          assertThrows(
              AccessDeniedException.class,
              () -> Authorization.require(new User("u", r), Action.APPROVE));
      assertEquals(AccessDeniedException.Reason.ROLE_NOT_ALLOWED, e.reason());
      assertEquals(
          "user 'u' has role "
              + r.label()
              + ", which may not approve a release candidate; this"
              + " needs role operator (ask an admin)",
          e.getMessage());
    }
  }

  @Test
  void adminManagesUsersAndConsumersPull() {
    assertEquals(Set.of(Role.ADMIN), Action.USER_ADD.allowed());
    assertTrue(Action.PULL.allowed().contains(Role.CONSUMER));
    assertFalse(Action.PULL.allowed().contains(Role.ADMIN));
    assertEquals("user_add", Action.USER_ADD.auditName());
    assertThrows(
        AccessDeniedException.class,
        () ->
            Authorization.requireRole(
                new User("c", Role.CONSUMER), Set.of(Role.AUDITOR), "read the audit log"));
  }

  @Test
  void enoughApprovalsCountsDistinctOperatorsOnly() {
    Approval olga = new Approval("olga", Role.OPERATOR, AT);
    Approval olgaAgain = new Approval("olga", Role.OPERATOR, AT.plusSeconds(60));
    Approval ivan = new Approval("ivan", Role.OPERATOR, AT);
    Approval admin = new Approval("ada", Role.ADMIN, AT);
    assertTrue(Authorization.enoughApprovals(List.of(olga), 1));
    assertFalse(Authorization.enoughApprovals(List.of(olga, olgaAgain, admin), 2));
    assertTrue(Authorization.enoughApprovals(List.of(olga, ivan), 2));
  }
}
