package org.dataelements.factory.products.release;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user's credential, {@code USER.SECRET} with a 256-bit random secret (base64url). The text is
 * given out once, by {@link #reveal()}, for the CLI to print; {@link #toString()} never shows the
 * secret. The warehouse stores only a salted slow hash of it.
 */
public final class Token {
  static final int SECRET_BYTES = 32;
  private static final Pattern USER = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final String user;
  private final String secret;

  private Token(String user, String secret) {
    this.user = user;
    this.secret = secret;
  }

  static Token generate(String user, SecureRandom random) {
    byte[] b = new byte[SECRET_BYTES];
    random.nextBytes(b);
    return new Token(user, Base64.getUrlEncoder().withoutPadding().encodeToString(b));
  }

  /**
   * Reads a token as the user gave it (surrounding whitespace ignored).
   *
   * @throws AccessDeniedException with reason {@code MALFORMED_TOKEN} when the text is not shaped
   *     like a token; the message does not repeat the text
   */
  public static Token parse(String text) {
    Objects.requireNonNull(text, "text is null");
    String t = text.strip();
    int dot = t.lastIndexOf('.');
    if (dot <= 0) {
      throw ReleaseErrors.malformedToken();
    }
    String user = t.substring(0, dot);
    String secret = t.substring(dot + 1);
    if (!USER.matcher(user).matches() || user.contains("..") || !SECRET.matcher(secret).matches()) {
      throw ReleaseErrors.malformedToken();
    }
    return new Token(user, secret);
  }

  /** The user the token claims to belong to (not proof until {@link Users#authenticate}). */
  public String user() {
    return user;
  }

  /** The full token text, to print once to its new owner. Never log it. */
  public String reveal() {
    return user + "." + secret;
  }

  char[] secretChars() {
    return secret.toCharArray();
  }

  @Override
  public String toString() {
    return "Token[user=" + user + ", secret=<redacted>]";
  }
}
