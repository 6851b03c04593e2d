package org.dataelements.factory.products.release.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.dataelements.factory.products.release.ReleaseErrors;

/** SHA-256 of bytes, as lower-case hex. */
public final class Sha256 {
  private Sha256() {}

  public static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw ReleaseErrors.cryptoUnavailable("SHA-256", e);
    }
  }
}
