package org.dataelements.factory.orchestration;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.PseudonymKey;
import org.dataelements.factory.core.StepEnvironment;

/**
 * Where the pseudonymization key comes from, first found wins: the environment variable {@code
 * FACTORY_PSEUDONYM_KEY} (its UTF-8 bytes), the profile's {@code pseudonymization.key_file}, or —
 * for a warehouse on the local disk — {@code <warehouse>/_security/pseudonym.key}, created with 32
 * random bytes (owner-only) the first time a build needs it. The key is read only when a step asks
 * for it, and never printed or stored anywhere else.
 */
final class PseudonymKeys {
  static final String ENV = "FACTORY_PSEUDONYM_KEY";
  static final String FILE = "pseudonym.key";

  private PseudonymKeys() {}

  /** A step environment resolving the key lazily from this configuration and environment. */
  static StepEnvironment environment(FactoryConfig config, Map<String, String> env) {
    return StepEnvironment.of(() -> resolve(config, env));
  }

  static PseudonymKey resolve(FactoryConfig config, Map<String, String> env) {
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      byte[] key = fromEnv.getBytes(UTF_8);
      if (key.length < PseudonymKey.MIN_BYTES) {
        throw new IllegalArgumentException(
            ENV
                + " holds "
                + key.length
                + " bytes; a pseudonymization key needs at least "
                + PseudonymKey.MIN_BYTES
                + " (e.g. the output of `openssl rand -base64 32`)");
      }
      return PseudonymKey.of(key);
    }
    if (config.pseudonymKeyFile().isPresent()) {
      return read(
          Path.of(config.pseudonymKeyFile().get()),
          "pseudonymization.key_file of profile " + config.profile());
    }
    Optional<Path> local = config.localWarehouse();
    if (local.isEmpty()) {
      throw new IllegalArgumentException(
          "no pseudonymization key for warehouse "
              + config.warehouse()
              + ": set "
              + ENV
              + " or pseudonymization.key_file in profile "
              + config.profile()
              + " (a file of at least "
              + PseudonymKey.MIN_BYTES
              + " bytes, e.g. from `openssl rand -base64 32`)");
    }
    Path file = local.get().resolve("_security").resolve(FILE);
    if (!Files.exists(file)) {
      create(file);
    }
    return read(file, "the warehouse's generated key");
  }

  private static PseudonymKey read(Path file, String what) {
    try {
      String text = Files.readString(file, UTF_8).strip();
      byte[] key = text.getBytes(UTF_8);
      if (key.length < PseudonymKey.MIN_BYTES) {
        throw new IllegalArgumentException(
            file
                + " ("
                + what
                + ") holds "
                + key.length
                + " bytes; a pseudonymization key needs at least "
                + PseudonymKey.MIN_BYTES);
      }
      return PseudonymKey.of(key);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the pseudonymization key " + file + " (" + what + "): " + e.getMessage(), e);
    }
  }

  private static void create(Path file) {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String text = Base64.getEncoder().encodeToString(random) + "\n";
    try {
      Path dir = file.getParent();
      boolean posix =
          Files.getFileStore(Files.createDirectories(dir.getParent()))
              .supportsFileAttributeView("posix");
      if (posix) {
        if (!Files.isDirectory(dir)) {
          Files.createDirectories(
              dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp =
            Files.createTempFile(
                dir,
                FILE,
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text, UTF_8);
        try {
          Files.move(tmp, file);
        } catch (FileAlreadyExistsException raced) {
          Files.delete(tmp); // another process created it first; use theirs
        }
      } else {
        Files.createDirectories(dir);
        Files.writeString(file, text, UTF_8);
      }
    } catch (FileAlreadyExistsException raced) {
      // fine: read what the other process wrote
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot create the pseudonymization key " + file + ": " + e.getMessage(), e);
    }
  }
}
