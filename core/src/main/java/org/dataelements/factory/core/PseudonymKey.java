package org.dataelements.factory.core;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.Serializable;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret key of the keyed hash (HMAC-SHA-256) that turns names, phone numbers and addresses of
 * natural persons into stable pseudonyms before they reach silver. The same value under the same
 * key gives the same pseudonym, so joins still work; without the key a pseudonym cannot be reversed
 * or recomputed from a guessed value.
 *
 * <p>The key never appears in {@link #toString()}, a plan, a fingerprint or an ops table: {@link
 * #id()} (a hash of the key) stands for it where a build must notice that the key changed.
 */
public final class PseudonymKey implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Shortest accepted key, in bytes. */
  public static final int MIN_BYTES = 16;

  private static final String ALGORITHM = "HmacSHA256";

  /** Hex digits of a pseudonym (64 bits: collisions are negligible below billions of people). */
  private static final int PSEUDONYM_HEX = 16;

  private final byte[] key;

  private PseudonymKey(byte[] key) {
    this.key = key.clone();
  }

  /**
   * A key from its bytes.
   *
   * @throws IllegalArgumentException when shorter than {@link #MIN_BYTES}
   */
  public static PseudonymKey of(byte[] key) {
    if (key.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "a pseudonymization key needs at least "
              + MIN_BYTES
              + " bytes, this one has "
              + key.length);
    }
    return new PseudonymKey(key);
  }

  /** A stable, non-secret identifier of this key: the first 12 hex digits of its SHA-256. */
  public String id() {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(h, 0, 6);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The pseudonym of a value: {@code p_} and 16 hex digits of HMAC-SHA-256 over {@code kind}, a NUL
   * and the value trimmed. The kind ({@code name}, {@code phone}, {@code address}) keeps equal
   * strings of different kinds apart. Null or blank stays null.
   */
  public String pseudonym(String kind, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      mac.update(kind.getBytes(UTF_8));
      mac.update((byte) 0);
      byte[] h = mac.doFinal(value.strip().getBytes(UTF_8));
      return "p_" + HexFormat.of().formatHex(h).substring(0, PSEUDONYM_HEX);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PseudonymKey other && MessageDigest.isEqual(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "PseudonymKey[id=" + id() + "]";
  }
}
