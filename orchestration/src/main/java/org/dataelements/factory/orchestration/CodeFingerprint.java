package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A short hash of the code a step runs: the jar (or class folder) its class was loaded from. Part
 * of a step's build fingerprint, so that a new build of the factory rebuilds what its code changed
 * even when the version number (a snapshot) did not move.
 */
final class CodeFingerprint {
  private static final Map<Path, String> CACHE = new ConcurrentHashMap<>();

  private CodeFingerprint() {}

  /** The hash of the classes' locations (e.g. the step's module and core), in order. */
  static String of(List<Class<?>> classes) {
    StringBuilder sb = new StringBuilder();
    for (Class<?> c : classes) {
      sb.append(
          location(c).map(p -> CACHE.computeIfAbsent(p, CodeFingerprint::hash)).orElse("unknown"));
    }
    return sb.toString();
  }

  private static java.util.Optional<Path> location(Class<?> c) {
    try {
      var source = c.getProtectionDomain().getCodeSource();
      return source == null
          ? java.util.Optional.empty()
          : java.util.Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | SecurityException e) {
      return java.util.Optional.empty();
    }
  }

  /** A jar's bytes; a class folder's file names, sizes and modification times. */
  static String hash(Path location) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      if (Files.isDirectory(location)) {
        try (Stream<Path> files = Files.walk(location)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            md.update(
                (location.relativize(f)
                        + ":"
                        + Files.size(f)
                        + ":"
                        + Files.getLastModifiedTime(f).toMillis()
                        + ";")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
          }
        }
      } else {
        try (InputStream in = Files.newInputStream(location)) {
          byte[] buf = new byte[1 << 16];
          for (int n = in.read(buf); n > 0; n = in.read(buf)) {
            md.update(buf, 0, n);
          }
        }
      }
      return HexFormat.of().formatHex(md.digest(), 0, 6);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the factory's code at " + location, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
