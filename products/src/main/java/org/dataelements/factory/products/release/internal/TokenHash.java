package org.dataelements.factory.products.release.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.dataelements.factory.products.release.ReleaseErrors;

/**
 * A token secret's salted slow hash: PBKDF2-HMAC-SHA256 from the JDK, with its algorithm and
 * iteration count kept beside it so that the count can be raised for new hashes later.
 */
public final class TokenHash {
  public static final String ALGORITHM = "PBKDF2WithHmacSHA256";

  /**
   * OWASP's 2023 figure for PBKDF2-HMAC-SHA256 (the 210,000 often quoted is its figure for
   * PBKDF2-HMAC-SHA512).
   */
  public static final int DEFAULT_ITERATIONS = 600_000;

  public static final int SALT_BYTES = 16;
  public static final int HASH_BYTES = 32;

  private final String algorithm;
  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  public TokenHash(String algorithm, int iterations, byte[] salt, byte[] hash) {
    this.algorithm = algorithm;
    this.iterations = iterations;
    this.salt = salt.clone();
    this.hash = hash.clone();
  }

  /** A new hash of {@code secret} with a fresh random salt. */
  public static TokenHash create(char[] secret, int iterations, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return new TokenHash(ALGORITHM, iterations, salt, derive(secret, salt, iterations));
  }

  /** True when {@code secret} hashes to this hash; compared in constant time. */
  public boolean matches(char[] secret) {
    return MessageDigest.isEqual(hash, derive(secret, salt, iterations));
  }

  /**
   * Spends the time of one check without a stored hash, so that an unknown user name is not told
   * apart from a wrong secret by the time a refusal takes.
   */
  public static void spend(char[] secret, int iterations) {
    derive(secret, new byte[SALT_BYTES], iterations);
  }

  public String algorithm() {
    return algorithm;
  }

  public int iterations() {
    return iterations;
  }

  public byte[] salt() {
    return salt.clone();
  }

  public byte[] hash() {
    return hash.clone();
  }

  @Override
  public String toString() {
    return "TokenHash[" + algorithm + ", " + iterations + " iterations]";
  }

  private static byte[] derive(char[] secret, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(secret, salt, iterations, HASH_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException e) {
      throw ReleaseErrors.cryptoUnavailable(ALGORITHM, e);
    } catch (GeneralSecurityException e) {
      throw ReleaseErrors.cryptoUnavailable(ALGORITHM, e);
    } finally {
      spec.clearPassword();
    }
  }

  /** Overwrites a secret's characters once they are no longer needed. */
  public static void wipe(char[] secret) {
    Arrays.fill(secret, '\0');
  }
}
