package org.dataelements.factory.products.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.products.release.internal.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
  @TempDir Path warehouse;
  @TempDir Path work;

  @Test
  void keyPairIsCreatedOnceAndReused() throws Exception {
    SigningKeys first = SigningKeys.openOrCreate(warehouse);
    byte[] pem = Files.readAllBytes(first.publicKeyFile());
    SigningKeys again = SigningKeys.openOrCreate(warehouse);
    assertEquals(first.fingerprint(), again.fingerprint());
    assertArrayEquals(pem, Files.readAllBytes(again.publicKeyFile()));
    assertEquals(SigningKeys.publicKeyFile(warehouse), first.publicKeyFile());
    byte[] sig = again.sign("x".getBytes(StandardCharsets.UTF_8));
    assertEquals(64, sig.length);
    assertTrue(SigningKeys.verify("x".getBytes(StandardCharsets.UTF_8), sig, first.publicKey()));
  }

  @Test
  void privateKeyIsOwnerOnlyAndPublicKeyIsPem() throws Exception {
    SigningKeys keys = SigningKeys.openOrCreate(warehouse);
    Path priv = warehouse.resolve("_security").resolve(SigningKeys.PRIVATE_KEY_FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
    assertTrue(Files.readString(priv).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertTrue(Files.readString(keys.publicKeyFile()).startsWith("-----BEGIN PUBLIC KEY-----\n"));
    assertFalse(keys.toString().contains("PRIVATE"));
  }

  @Test
  void privateKeyReadableByOthersIsRefused() throws Exception {
    SigningKeys.openOrCreate(warehouse);
    Path priv = warehouse.resolve("_security").resolve(SigningKeys.PRIVATE_KEY_FILE);
    Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));
    DataInputException e =
        assertThrows(DataInputException.class, () -> SigningKeys.openOrCreate(warehouse));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void halfAKeyPairIsRefusedRatherThanReplaced() throws Exception {
    SigningKeys keys = SigningKeys.openOrCreate(warehouse);
    Files.delete(keys.publicKeyFile());
    DataInputException e =
        assertThrows(DataInputException.class, () -> SigningKeys.openOrCreate(warehouse));
    assertTrue(e.getMessage().contains("signing key pair incomplete"), e.getMessage());
  }

  @Test
  void opensslVerifiesTheManifestSignature() throws Exception {
    SigningKeys keys = SigningKeys.openOrCreate(warehouse);
    byte[] manifest = ReleaseManifestTest.sample().toJson();
    Path json = Files.write(work.resolve("manifest.json"), manifest);
    Path sigFile =
        Files.write(work.resolve("manifest.sig"), ManifestSignatures.encode(keys.sign(manifest)));
    Path raw =
        Files.write(
            work.resolve("manifest.sig.bin"),
            ManifestSignatures.decode(Files.readAllBytes(sigFile), "test"));
    String pub = keys.publicKeyFile().toString();

    Result ok =
        openssl(
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            pub,
            "-rawin",
            "-in",
            json.toString(),
            "-sigfile",
            raw.toString());
    assertEquals(0, ok.exit(), ok.output());
    assertTrue(ok.output().contains("Signature Verified Successfully"), ok.output());

    Files.write(json, tamper(manifest));
    Result bad =
        openssl(
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            pub,
            "-rawin",
            "-in",
            json.toString(),
            "-sigfile",
            raw.toString());
    assertTrue(bad.exit() != 0, "openssl must refuse tampered bytes: " + bad.output());

    // openssl reads the private key too, and derives the same public key
    Path priv = warehouse.resolve("_security").resolve(SigningKeys.PRIVATE_KEY_FILE);
    Result derived = openssl("pkey", "-in", priv.toString(), "-pubout");
    assertEquals(0, derived.exit(), derived.output());
    assertEquals(Files.readString(keys.publicKeyFile()), derived.output());
  }

  @Test
  void tamperedManifestFailsVerification() {
    SigningKeys keys = SigningKeys.openOrCreate(warehouse);
    byte[] manifest = ReleaseManifestTest.sample().toJson();
    byte[] sigFile = ManifestSignatures.encode(keys.sign(manifest));
    ManifestSignatures.requireValid(manifest, sigFile, keys.publicKey(), "electricity_index@1.3.0");
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () ->
                ManifestSignatures.requireValid(
                    tamper(manifest), sigFile, keys.publicKey(), "electricity_index@1.3.0"));
    assertEquals("electricity_index@1.3.0", e.subject());
    assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
  }

  @Test
  void signatureByAnotherKeyFailsVerification(@TempDir Path otherWarehouse) {
    SigningKeys keys = SigningKeys.openOrCreate(warehouse);
    SigningKeys other = SigningKeys.openOrCreate(otherWarehouse);
    byte[] manifest = ReleaseManifestTest.sample().toJson();
    assertFalse(SigningKeys.verify(manifest, other.sign(manifest), keys.publicKey()));
    // --trust KEYFILE: a key read from a PEM file the user gives
    var trusted = SigningKeys.readPublicKey(other.publicKeyFile());
    assertTrue(SigningKeys.verify(manifest, other.sign(manifest), trusted));
  }

  @Test
  void malformedSignatureFileIsRefused() {
    SigningKeys keys = SigningKeys.openOrCreate(warehouse);
    byte[] manifest = ReleaseManifestTest.sample().toJson();
    for (String bad : List.of("not base64!", "AAAA")) {
      VerificationException e =
          assertThrows(
              VerificationException.class,
              () ->
                  ManifestSignatures.requireValid(
                      manifest, bad.getBytes(StandardCharsets.US_ASCII), keys.publicKey(), "m"));
      assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }
  }

  @Test
  void trustedKeyFileMustHoldAnEd25519PublicKey() throws Exception {
    Path rsa = work.resolve("rsa.pub");
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    Files.write(rsa, Pem.encode("PUBLIC KEY", g.generateKeyPair().getPublic().getEncoded()));
    DataInputException e =
        assertThrows(DataInputException.class, () -> SigningKeys.readPublicKey(rsa));
    assertTrue(e.getMessage().contains("holds no Ed25519 public key"), e.getMessage());
    Path text = Files.writeString(work.resolve("notes.txt"), "hello");
    e = assertThrows(DataInputException.class, () -> SigningKeys.readPublicKey(text));
    assertTrue(
        e.getMessage().contains("has no '-----BEGIN PUBLIC KEY-----' block"), e.getMessage());
    Path missing = work.resolve("missing.pub");
    e = assertThrows(DataInputException.class, () -> SigningKeys.readPublicKey(missing));
    assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
  }

  private static byte[] tamper(byte[] bytes) {
    byte[] copy = bytes.clone();
    String s = new String(copy, StandardCharsets.UTF_8).replace("\"rows\": 1200", "\"rows\": 1201");
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private record Result(int exit, String output) {}

  /** Runs the real openssl; fails (does not skip) when it is missing: CI installs it. */
  private static Result openssl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      fail(
          "openssl is needed for this test and was not found on PATH ("
              + e.getMessage()
              + "); install OpenSSL 3 (pkeyutl -rawin), e.g. apt-get install openssl");
      throw e;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("openssl did not finish in 30 s: " + cmd);
    }
    return new Result(p.exitValue(), out);
  }
}
