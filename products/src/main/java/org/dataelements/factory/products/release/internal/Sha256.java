package org.dataelements.factory.products.release.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.dataelements.factory.products.release.ReleaseErrors;

/** SHA-256 of bytes, as lower-case hex. */
public final class Sha256 {
  private Sha256() {}

  /** SHA-256 of a file's content, read in a stream. */
  public static String ofFile(java.nio.file.Path file) throws java.io.IOException {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw ReleaseErrors.cryptoUnavailable("SHA-256", e);
    }
  }

  public static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw ReleaseErrors.cryptoUnavailable("SHA-256", e);
    }
  }
}
