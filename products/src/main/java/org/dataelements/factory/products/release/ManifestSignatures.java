package org.dataelements.factory.products.release;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;

/**
 * The {@code manifest.sig} file: the base64 of the raw 64-byte Ed25519 signature of the exact bytes
 * of {@code manifest.json}, with a trailing newline (CONTRACT.md, "Files").
 */
public final class ManifestSignatures {
  /** The signature file's name beside {@code manifest.json}. */
  public static final String FILE = "manifest.sig";

  private ManifestSignatures() {}

  /** The file content for a raw signature. */
  public static byte[] encode(byte[] signature) {
    return (Base64.getEncoder().encodeToString(signature) + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The raw signature in a {@code manifest.sig} file's content.
   *
   * @param subject what is being verified, for messages (e.g. {@code electricity_index@1.2.0})
   * @throws VerificationException when the content is not the base64 of 64 bytes
   */
  public static byte[] decode(byte[] fileContent, String subject) {
    String text = new String(fileContent, StandardCharsets.US_ASCII).strip();
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw ReleaseErrors.malformedSignature(subject, "not base64");
    }
    if (sig.length != SigningKeys.SIGNATURE_BYTES) {
      throw ReleaseErrors.malformedSignature(subject, sig.length + " bytes");
    }
    return sig;
  }

  /**
   * Checks a manifest against its signature file before anything is written from it.
   *
   * @throws VerificationException when the signature is malformed or does not verify with {@code
   *     trusted}
   */
  public static void requireValid(
      byte[] manifest, byte[] signatureFile, PublicKey trusted, String subject) {
    if (!SigningKeys.verify(manifest, decode(signatureFile, subject), trusted)) {
      throw ReleaseErrors.signatureMismatch(subject);
    }
  }
}
