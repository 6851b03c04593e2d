package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.dataelements.factory.products.release.internal.Pem;
import org.dataelements.factory.products.release.internal.SecurityDir;
import org.dataelements.factory.products.release.internal.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse's release signing key pair (Ed25519, the JDK's own provider), created on first use
 * under {@code <warehouse>/_security/}: {@value #PRIVATE_KEY_FILE} (PKCS#8 PEM, readable by its
 * owner only) and {@value #PUBLIC_KEY_FILE} (PEM SubjectPublicKeyInfo, which {@code openssl pkeyutl
 * -verify -pubin -rawin} reads).
 */
public final class SigningKeys {
  public static final String PRIVATE_KEY_FILE = "release-signing.key";
  public static final String PUBLIC_KEY_FILE = "release-signing.pub";

  /** The length of an Ed25519 signature in bytes. */
  public static final int SIGNATURE_BYTES = 64;

  private static final String ALGORITHM = "Ed25519";
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final Path publicKeyFile;

  private SigningKeys(PrivateKey privateKey, PublicKey publicKey, Path publicKeyFile) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.publicKeyFile = publicKeyFile;
  }

  /**
   * The warehouse's key pair, created on first use; later calls load the same pair.
   *
   * @throws org.dataelements.factory.core.DataInputException when only one of the two files exists,
   *     the private key is readable by others, or a file is not a valid Ed25519 key
   */
  public static SigningKeys openOrCreate(Path warehouse) {
    SecurityDir dir = SecurityDir.of(requireNonNull(warehouse, "warehouse is null"));
    return dir.locked(
        () -> {
          Path priv = dir.resolve(PRIVATE_KEY_FILE);
          Path pub = dir.resolve(PUBLIC_KEY_FILE);
          boolean hasPriv = Files.exists(priv);
          boolean hasPub = Files.exists(pub);
          if (!hasPriv && !hasPub) {
            KeyPair pair = generator().generateKeyPair();
            dir.writeAtomically(
                PRIVATE_KEY_FILE, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
            dir.writeAtomically(
                PUBLIC_KEY_FILE, Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()), false);
            SigningKeys keys = new SigningKeys(pair.getPrivate(), pair.getPublic(), pub);
            LOG.info("created release signing key pair {} ({})", keys.fingerprint(), pub);
            return keys;
          }
          if (!hasPriv || !hasPub) {
            throw hasPriv
                ? ReleaseErrors.incompleteKeyPair(priv, pub)
                : ReleaseErrors.incompleteKeyPair(pub, priv);
          }
          dir.permissions(priv)
              .filter(p -> !p.substring(3).equals("------"))
              .ifPresent(
                  p -> {
                    throw ReleaseErrors.privateKeyTooOpen(priv, p);
                  });
          SigningKeys keys = new SigningKeys(readPrivateKey(priv), readPublicKey(pub), pub);
          if (!verify(probe(), keys.sign(probe()), keys.publicKey)) {
            throw ReleaseErrors.badSecurityFile(pub, "does not match " + priv);
          }
          return keys;
        });
  }

  /** Where a warehouse keeps its public key (whether or not it exists yet). */
  public static Path publicKeyFile(Path warehouse) {
    return warehouse.resolve(SecurityDir.NAME).resolve(PUBLIC_KEY_FILE);
  }

  /** The raw 64-byte Ed25519 signature of {@code data}. */
  public byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(privateKey);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw ReleaseErrors.cryptoUnavailable(ALGORITHM + " signing", e);
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key's PEM file, {@code <warehouse>/_security/release-signing.pub}. */
  public Path publicKeyFile() {
    return publicKeyFile;
  }

  /** SHA-256 (hex) of the public key's DER encoding, to name the key in reports. */
  public String fingerprint() {
    return fingerprint(publicKey);
  }

  /** SHA-256 (hex) of a public key's DER encoding. */
  public static String fingerprint(PublicKey key) {
    return Sha256.hex(key.getEncoded());
  }

  /**
   * True when {@code signature} is a valid Ed25519 signature of {@code data} by {@code key}; false
   * for a wrong, tampered or malformed signature.
   */
  public static boolean verify(byte[] data, byte[] signature, PublicKey key) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (SignatureException | InvalidKeyException e) {
      return false;
    } catch (NoSuchAlgorithmException e) {
      throw ReleaseErrors.cryptoUnavailable(ALGORITHM, e);
    }
  }

  /**
   * Reads an Ed25519 public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}), such as one
   * given with {@code --trust KEYFILE}.
   *
   * @throws org.dataelements.factory.core.DataInputException when the file cannot be read or holds
   *     no Ed25519 public key
   */
  public static PublicKey readPublicKey(Path pemFile) {
    String text = readText(pemFile);
    try {
      byte[] der = Pem.decode(text, "PUBLIC KEY");
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (IllegalArgumentException e) {
      throw ReleaseErrors.badPublicKeyFile(pemFile, e.getMessage());
    } catch (InvalidKeySpecException e) {
      throw ReleaseErrors.badPublicKeyFile(pemFile, "holds no Ed25519 public key");
    } catch (NoSuchAlgorithmException e) {
      throw ReleaseErrors.cryptoUnavailable(ALGORITHM, e);
    }
  }

  @Override
  public String toString() {
    return "SigningKeys[" + ALGORITHM + ", public key " + fingerprint() + "]";
  }

  private static PrivateKey readPrivateKey(Path file) {
    try {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw ReleaseErrors.cannotRead(file, e);
      }
      byte[] der = Pem.decode(text, "PRIVATE KEY");
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException e) {
      throw ReleaseErrors.badSecurityFile(file, e.getMessage());
    } catch (InvalidKeySpecException e) {
      throw ReleaseErrors.badSecurityFile(file, "holds no Ed25519 private key");
    } catch (NoSuchAlgorithmException e) {
      throw ReleaseErrors.cryptoUnavailable(ALGORITHM, e);
    }
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw ReleaseErrors.badPublicKeyFile(file, "cannot be read (" + e + ")");
    }
  }

  private static KeyPairGenerator generator() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM);
    } catch (NoSuchAlgorithmException e) {
      throw ReleaseErrors.cryptoUnavailable(ALGORITHM, e);
    }
  }

  private static byte[] probe() {
    return "factory signing key check".getBytes(StandardCharsets.US_ASCII);
  }
}
