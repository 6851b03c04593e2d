package org.dataelements.factory.products.release.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM armour (RFC 7468): base64 in 64-character lines between BEGIN and END labels. */
public final class Pem {
  private Pem() {}

  public static byte[] encode(String label, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The DER bytes inside the one block with {@code label}.
   *
   * @throws IllegalArgumentException with a short problem description when there is none
   */
  public static byte[] decode(String text, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException("has no '" + begin + "' block");
    }
    if (text.indexOf(begin, b + 1) >= 0) {
      throw new IllegalArgumentException("has more than one '" + begin + "' block");
    }
    String body = text.substring(b + begin.length(), e).replaceAll("\\s+", "");
    try {
      return Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("has a '" + begin + "' block that is not base64");
    }
  }
}
