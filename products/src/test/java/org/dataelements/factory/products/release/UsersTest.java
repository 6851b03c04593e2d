package org.dataelements.factory.products.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.products.release.AccessDeniedException.Reason;
import org.dataelements.factory.products.release.internal.TokenHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
  /** Fast hashing for tests; {@link #productionIterationCountIsOwaspStrength} uses the default. */
  private static final int TEST_ITERATIONS = 1_000;

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path warehouse;

  private Users users() {
    return Users.of(warehouse, TEST_ITERATIONS, CLOCK);
  }

  private String adminToken() {
    return users().add("ada", Role.ADMIN, Optional.empty()).token().reveal();
  }

  @Test
  void firstUserMustBeAnAdmin() {
    AccessDeniedException e =
        assertThrows(
            AccessDeniedException.class, () -> users().add("eve", Role.ENGINEER, Optional.empty()));
    assertEquals(Reason.FIRST_USER_MUST_BE_ADMIN, e.reason());
    assertTrue(
        e.getMessage().contains("first user of a warehouse must be an admin"), e.getMessage());
    assertTrue(users().list().isEmpty());
  }

  @Test
  void firstAdminNeedsNoTokenAndCanAuthenticate() {
    NewUser ada = users().add("ada", Role.ADMIN, Optional.empty());
    assertEquals(Optional.empty(), ada.addedBy());
    assertEquals(new User("ada", Role.ADMIN), users().authenticate(ada.token().reveal()));
    assertTrue(ada.token().reveal().startsWith("ada."), "token names its user");
  }

  @Test
  void laterUserNeedsAToken() {
    adminToken();
    AccessDeniedException e =
        assertThrows(
            AccessDeniedException.class,
            () -> users().add("olga", Role.OPERATOR, Optional.empty()));
    assertEquals(Reason.NO_TOKEN, e.reason());
    assertTrue(e.getMessage().contains("FACTORY_TOKEN"), e.getMessage());
  }

  @Test
  void laterUserNeedsAnAdminsToken() {
    String admin = adminToken();
    String engineer = users().add("eng", Role.ENGINEER, Optional.of(admin)).token().reveal();
    AccessDeniedException e =
        assertThrows(
            AccessDeniedException.class,
            () -> users().add("olga", Role.OPERATOR, Optional.of(engineer)));
    assertEquals(Reason.ROLE_NOT_ALLOWED, e.reason());
    assertEquals(Optional.of("eng"), e.claimedUser());
    assertTrue(e.getMessage().contains("has role engineer"), e.getMessage());
    assertTrue(e.getMessage().contains("needs role admin"), e.getMessage());

    NewUser olga = users().add("olga", Role.OPERATOR, Optional.of(admin));
    assertEquals(Optional.of(new User("ada", Role.ADMIN)), olga.addedBy());
    assertEquals(
        List.of(
            new User("ada", Role.ADMIN),
            new User("eng", Role.ENGINEER),
            new User("olga", Role.OPERATOR)),
        users().list());
  }

  @Test
  void wrongTokenIsRefused() {
    String admin = adminToken();
    String wrong = admin.substring(0, admin.length() - 2) + (admin.endsWith("AA") ? "BB" : "AA");
    AccessDeniedException e =
        assertThrows(AccessDeniedException.class, () -> users().authenticate(wrong));
    assertEquals(Reason.INVALID_TOKEN, e.reason());
    assertThrows(
        AccessDeniedException.class, () -> users().add("olga", Role.OPERATOR, Optional.of(wrong)));
  }

  @Test
  void tokenOfUnknownUserIsRefusedLikeAWrongOne() {
    String admin = adminToken();
    String other = "bob" + admin.substring(admin.indexOf('.'));
    AccessDeniedException unknown =
        assertThrows(AccessDeniedException.class, () -> users().authenticate(other));
    assertEquals(Reason.INVALID_TOKEN, unknown.reason());
    String wrong = admin.substring(0, admin.length() - 1) + (admin.endsWith("A") ? "B" : "A");
    AccessDeniedException bad =
        assertThrows(AccessDeniedException.class, () -> users().authenticate(wrong));
    assertEquals(unknown.getMessage(), bad.getMessage(), "no hint whether the user exists");
  }

  @Test
  void malformedTokenIsRefused() {
    adminToken();
    for (String t :
        List.of(
            "",
            "nodot",
            "ada.short",
            ".secret",
            "ADA.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")) {
      AccessDeniedException e =
          assertThrows(AccessDeniedException.class, () -> users().authenticate(t), t);
      assertEquals(Reason.MALFORMED_TOKEN, e.reason(), t);
    }
    assertEquals(
        Reason.NO_TOKEN,
        assertThrows(
                AccessDeniedException.class,
                () -> users().authenticate(Optional.empty(), "approving"))
            .reason());
  }

  @Test
  void duplicateUserIsRefused() {
    String admin = adminToken();
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> users().add("ada", Role.OPERATOR, Optional.of(admin)));
    assertTrue(e.getMessage().contains("user 'ada' already exists"), e.getMessage());
  }

  @Test
  void badUserNameIsRefusedBeforeAnythingIsWritten() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class, () -> users().add("../root", Role.ADMIN, Optional.empty()));
    assertTrue(e.getMessage().contains("user name '../root' is not valid"), e.getMessage());
    assertFalse(Files.exists(users().file()));
  }

  @Test
  void tokenNeverAppearsInMessagesToStringOrLogs() {
    List<String> logged = new ArrayList<>();
    try (LogCapture capture = new LogCapture(logged)) {
      NewUser ada = users().add("ada", Role.ADMIN, Optional.empty());
      String token = ada.token().reveal();
      String secret = token.substring(token.indexOf('.') + 1);
      NewUser eng = users().add("eng", Role.ENGINEER, Optional.of(token));
      String engToken = eng.token().reveal();
      List<String> texts = new ArrayList<>();
      texts.add(ada.toString());
      texts.add(ada.token().toString());
      texts.add(eng.toString());
      texts.add(users().authenticate(token).toString());
      String wrong = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
      texts.add(
          assertThrows(AccessDeniedException.class, () -> users().authenticate(wrong))
              .getMessage());
      texts.add(
          assertThrows(
                  AccessDeniedException.class,
                  () -> users().add("x", Role.OPERATOR, Optional.of(engToken)))
              .getMessage());
      texts.add(
          assertThrows(AccessDeniedException.class, () -> users().authenticate(secret))
              .getMessage());
      assertFalse(logged.isEmpty(), "the capture must see the release loggers' lines");
      texts.addAll(logged);
      for (String t : texts) {
        for (String s : List.of(secret, engToken.substring(engToken.indexOf('.') + 1), wrong)) {
          assertFalse(t.contains(s.substring(s.indexOf('.') + 1)), "secret shown in: " + t);
        }
      }
      assertTrue(ada.token().toString().contains("<redacted>"));
    }
  }

  @Test
  void usersFileHoldsASaltedHashNotTheToken() throws Exception {
    String token = adminToken();
    String secret = token.substring(token.indexOf('.') + 1);
    String file = Files.readString(users().file(), StandardCharsets.UTF_8);
    assertFalse(file.contains(secret), file);
    assertTrue(file.contains("\"algorithm\": \"PBKDF2WithHmacSHA256\""), file);
    assertTrue(file.contains("\"iterations\": " + TEST_ITERATIONS), file);
    assertTrue(file.contains("\"salt\""), file);
    // two users with the same secret would still differ: each has its own salt
    users().add("bea", Role.AUDITOR, Optional.of(token));
    String after = Files.readString(users().file(), StandardCharsets.UTF_8);
    List<String> salts =
        after.lines().filter(l -> l.contains("\"salt\"")).map(String::strip).toList();
    assertEquals(2, salts.size());
    assertFalse(salts.get(0).equals(salts.get(1)));
  }

  @Test
  void usersFileAndSecurityFolderAreOwnerOnly() throws Exception {
    adminToken();
    Path file = users().file();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    try (var left = Files.list(file.getParent())) {
      assertTrue(
          left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
    }
  }

  @Test
  void corruptUsersFileIsNamedWithTheField() throws Exception {
    adminToken();
    Path file = users().file();
    Files.writeString(
        file,
        Files.readString(file).replace("\"role\": \"admin\"", "\"role\": \"admin\", \"extra\": 1"));
    DataInputException e =
        assertThrows(DataInputException.class, () -> users().authenticate("ada.x"));
    assertTrue(e.getMessage().contains("users[0].extra is not a known key"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void roleIsParsedCaseInsensitivelyAndUnknownRoleListsTheRoles() {
    assertEquals(Role.OPERATOR, Role.parse("Operator"));
    assertEquals(Role.AUDITOR, Role.parse("AUDITOR"));
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Role.parse("boss"));
    assertEquals(
        "role 'boss' is not known; use one of admin, engineer, operator, consumer, auditor",
        e.getMessage());
  }

  @Test
  void productionIterationCountIsOwaspStrength() {
    assertTrue(TokenHash.DEFAULT_ITERATIONS >= 210_000);
    Users production = Users.of(warehouse);
    long start = System.nanoTime();
    String token = production.add("ada", Role.ADMIN, Optional.empty()).token().reveal();
    long hashed = System.nanoTime();
    assertEquals(Role.ADMIN, production.authenticate(token).role());
    long checked = System.nanoTime();
    System.err.printf(
        "PBKDF2 %d iterations: hash %d ms, check %d ms%n",
        TokenHash.DEFAULT_ITERATIONS, (hashed - start) / 1_000_000, (checked - hashed) / 1_000_000);
    assertTrue(production.file().toFile().length() > 0);
    try {
      assertTrue(
          Files.readString(production.file())
              .contains("\"iterations\": " + TokenHash.DEFAULT_ITERATIONS));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Captures the formatted messages the release package logs, at every level. */
  private static final class LogCapture implements AutoCloseable {
    private static final String PACKAGE = "org.dataelements.factory.products.release";
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final AbstractAppender appender;

    LogCapture(List<String> lines) {
      appender =
          new AbstractAppender("release-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
              lines.add(event.getMessage().getFormattedMessage());
            }
          };
      appender.start();
      Configuration config = context.getConfiguration();
      LoggerConfig logger = new LoggerConfig(PACKAGE, Level.ALL, false);
      logger.addAppender(appender, Level.ALL, null);
      config.addLogger(PACKAGE, logger);
      context.updateLoggers();
    }

    @Override
    public void close() {
      context.getConfiguration().removeLogger(PACKAGE);
      context.updateLoggers();
      appender.stop();
    }
  }
}
