package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.dataelements.factory.products.release.internal.SecurityDir;
import org.dataelements.factory.products.release.internal.StrictJson;
import org.dataelements.factory.products.release.internal.TokenHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of a warehouse and their tokens, kept in {@code <warehouse>/_security/users.json}
 * (owner-only) as salted PBKDF2-HMAC-SHA256 hashes; tokens themselves are never stored.
 */
public final class Users {
  /** The users file's name inside {@code _security/}. */
  public static final String FILE = "users.json";

  private static final Logger LOG = LoggerFactory.getLogger(Users.class);
  private static final int FORMAT = 1;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecurityDir dir;
  private final int iterations;
  private final Clock clock;

  private Users(SecurityDir dir, int iterations, Clock clock) {
    this.dir = dir;
    this.iterations = iterations;
    this.clock = clock;
  }

  /** The users of a local warehouse folder; creates {@code _security/} (700) when missing. */
  public static Users of(Path warehouse) {
    return of(warehouse, TokenHash.DEFAULT_ITERATIONS, Clock.systemUTC());
  }

  /** For tests: a lower PBKDF2 iteration count keeps them fast. */
  static Users of(Path warehouse, int iterations, Clock clock) {
    requireNonNull(warehouse, "warehouse is null");
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive: " + iterations);
    }
    return new Users(SecurityDir.of(warehouse), iterations, clock);
  }

  /** The users file. */
  public Path file() {
    return dir.resolve(FILE);
  }

  /**
   * Adds a user and gives back their new token. The first user of a warehouse needs no token and
   * must be an admin; every later one needs an admin's token.
   *
   * @throws org.dataelements.factory.core.InvalidSpecException when the name is not a valid user
   *     name or is taken
   * @throws AccessDeniedException when the first user is not an admin ({@code
   *     FIRST_USER_MUST_BE_ADMIN}), or a later one comes without a token ({@code NO_TOKEN}), with
   *     one not accepted ({@code MALFORMED_TOKEN}, {@code INVALID_TOKEN}) or not an admin's ({@code
   *     ROLE_NOT_ALLOWED})
   */
  public NewUser add(String name, Role role, Optional<String> callerToken) {
    SafeNames.userName(requireNonNull(name, "name is null"));
    requireNonNull(role, "role is null");
    requireNonNull(callerToken, "callerToken is null");
    return dir.locked(
        () -> {
          List<Entry> entries = load();
          Optional<User> addedBy;
          if (entries.isEmpty()) {
            if (role != Role.ADMIN) {
              throw ReleaseErrors.firstUserMustBeAdmin(name, role);
            }
            addedBy = Optional.empty();
          } else {
            String text = callerToken.orElseThrow(() -> ReleaseErrors.tokenNeeded("adding a user"));
            User caller = Authorization.require(check(entries, text), Action.USER_ADD);
            addedBy = Optional.of(caller);
          }
          if (entries.stream().anyMatch(e -> e.name().equals(name))) {
            throw ReleaseErrors.duplicateUser(name);
          }
          Token token = Token.generate(name, RANDOM);
          char[] secret = token.secretChars();
          TokenHash hash = TokenHash.create(secret, iterations, RANDOM);
          TokenHash.wipe(secret);
          List<Entry> next = new ArrayList<>(entries);
          next.add(new Entry(name, role, clock.instant(), addedBy.map(User::name), hash));
          dir.writeAtomically(FILE, render(next), true);
          LOG.info(
              "added user {} with role {} (by {})",
              name,
              role.label(),
              addedBy.map(User::name).orElse("nobody: first user"));
          return new NewUser(new User(name, role), addedBy, token);
        });
  }

  /**
   * The user a token belongs to.
   *
   * @throws AccessDeniedException with reason {@code MALFORMED_TOKEN} or {@code INVALID_TOKEN} when
   *     the token is not accepted; no message holds the token
   */
  public User authenticate(String token) {
    requireNonNull(token, "token is null");
    return check(load(), token);
  }

  /**
   * The user a token belongs to, for a command that needs one.
   *
   * @param action a phrase for the message when the token is missing, e.g. "approving"
   * @throws AccessDeniedException with reason {@code NO_TOKEN} when it is empty, else as {@link
   *     #authenticate(String)}
   */
  public User authenticate(Optional<String> token, String action) {
    return authenticate(token.orElseThrow(() -> ReleaseErrors.tokenNeeded(action)));
  }

  /** Every user, sorted by name; empty for a warehouse with no users yet. */
  public List<User> list() {
    return load().stream()
        .map(e -> new User(e.name(), e.role()))
        .sorted(Comparator.comparing(User::name))
        .toList();
  }

  private User check(List<Entry> entries, String text) {
    Token token = Token.parse(text);
    char[] secret = token.secretChars();
    try {
      Optional<Entry> entry =
          entries.stream().filter(e -> e.name().equals(token.user())).findFirst();
      if (entry.isEmpty()) {
        TokenHash.spend(secret, iterations);
        LOG.debug("refused a token: no such user {}", token.user());
        throw ReleaseErrors.invalidToken(token.user());
      }
      if (!entry.get().hash().matches(secret)) {
        LOG.debug("refused a token of user {}: secret does not match", token.user());
        throw ReleaseErrors.invalidToken(token.user());
      }
      LOG.debug("authenticated user {}", token.user());
      return new User(entry.get().name(), entry.get().role());
    } finally {
      TokenHash.wipe(secret);
    }
  }

  private List<Entry> load() {
    Path file = file();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw ReleaseErrors.cannotRead(file, e);
    }
    StrictJson.Obj root =
        StrictJson.read(
            bytes,
            (path, problem) ->
                ReleaseErrors.badSecurityFile(file, (path.isEmpty() ? "" : path + " ") + problem));
    int format = root.int32("format");
    if (format != FORMAT) {
      throw root.problem("format", "is " + format + ", but this factory reads " + FORMAT);
    }
    List<Entry> entries = new ArrayList<>();
    for (StrictJson.Obj u : root.objects("users")) {
      entries.add(parseEntry(u));
    }
    root.done();
    return entries;
  }

  private static Entry parseEntry(StrictJson.Obj u) {
    String name = u.text("name");
    Role role = Role.parse(u.text("role"));
    Instant createdAt;
    try {
      createdAt = Instant.parse(u.text("created_at"));
    } catch (DateTimeParseException e) {
      throw u.problem("created_at", "is not an ISO-8601 instant");
    }
    Optional<String> createdBy = u.nullableText("created_by");
    StrictJson.Obj h = u.object("token_hash");
    String algorithm = h.text("algorithm");
    if (!algorithm.equals(TokenHash.ALGORITHM)) {
      throw h.problem("algorithm", "'" + algorithm + "' is not " + TokenHash.ALGORITHM);
    }
    int iterations = h.int32("iterations");
    if (iterations < 1) {
      throw h.problem("iterations", "must be positive");
    }
    byte[] salt = base64(h, "salt");
    byte[] hash = base64(h, "hash");
    h.done();
    u.done();
    return new Entry(
        SafeNames.userName(name),
        role,
        createdAt,
        createdBy,
        new TokenHash(algorithm, iterations, salt, hash));
  }

  private static byte[] base64(StrictJson.Obj o, String key) {
    try {
      return Base64.getDecoder().decode(o.text(key));
    } catch (IllegalArgumentException e) {
      throw o.problem(key, "is not base64");
    }
  }

  private static byte[] render(List<Entry> entries) {
    return StrictJson.write(
        true,
        g -> {
          g.writeStartObject();
          g.writeNumberField("format", FORMAT);
          g.writeArrayFieldStart("users");
          for (Entry e : entries) {
            g.writeStartObject();
            g.writeStringField("name", e.name());
            g.writeStringField("role", e.role().label());
            g.writeStringField("created_at", e.createdAt().toString());
            g.writeFieldName("created_by");
            if (e.createdBy().isPresent()) {
              g.writeString(e.createdBy().get());
            } else {
              g.writeNull();
            }
            g.writeObjectFieldStart("token_hash");
            g.writeStringField("algorithm", e.hash().algorithm());
            g.writeNumberField("iterations", e.hash().iterations());
            g.writeStringField("salt", Base64.getEncoder().encodeToString(e.hash().salt()));
            g.writeStringField("hash", Base64.getEncoder().encodeToString(e.hash().hash()));
            g.writeEndObject();
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /** One stored user. */
  private record Entry(
      String name, Role role, Instant createdAt, Optional<String> createdBy, TokenHash hash) {}
}
