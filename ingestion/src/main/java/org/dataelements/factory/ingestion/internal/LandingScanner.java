package org.dataelements.factory.ingestion.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Lists every regular file under a landing root (hidden files excluded) with its checksum. */
public final class LandingScanner {
  private LandingScanner() {}

  public static List<LandingFile> scan(Path root) {
    return scan(root, Optional.empty());
  }

  /**
   * Lists a landing root; with {@code remote}, the root is the local staging copy of that remote
   * root, and Spark's readers are pointed at the remote objects (see {@link LandingFile}).
   */
  public static List<LandingFile> scan(Path root, Optional<String> remote) {
    try (Stream<Path> walk = Files.walk(root)) {
      // not through links: a link could land a file from outside the root (see skipped)
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !isHidden(root.relativize(p)))
          .sorted()
          .map(p -> describe(root, p))
          .map(f -> remote.map(r -> onRemote(f, r)).orElse(f))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list landing root " + root, e);
    }
  }

  /** An entry under a landing root that is not landed, and why. */
  public record Skipped(String path, String reason) {}

  /**
   * What under a landing root is neither a regular file nor a directory (hidden ones excluded):
   * symbolic links (followed, they could land a file from outside the root, e.g. {@code
   * /etc/passwd}), named pipes, sockets and devices (reading one could block or never end).
   */
  public static List<Skipped> skipped(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !isHidden(root.relativize(p)))
          .filter(
              p ->
                  !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                      && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .sorted()
          .map(p -> new Skipped(root.relativize(p).toString().replace('\\', '/'), why(p)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list landing root " + root, e);
    }
  }

  private static String why(Path p) {
    if (Files.isSymbolicLink(p)) {
      String target;
      try {
        target = Files.readSymbolicLink(p).toString();
      } catch (IOException | UnsupportedOperationException e) {
        target = "?";
      }
      return "a symbolic link (to "
          + target
          + "), not followed: only regular files under the landing root are landed;"
          + " copy the file in instead";
    }
    return "not a regular file (a named pipe, socket or device): only regular files are landed";
  }

  private static LandingFile onRemote(LandingFile f, String remoteRoot) {
    String root = remoteRoot.endsWith("/") ? remoteRoot : remoteRoot + "/";
    // Hadoop's Path encodes what a URI must (spaces, %, non-ASCII) the way its readers expect.
    String uri = new org.apache.hadoop.fs.Path(root + f.path()).toUri().toString();
    return new LandingFile(f.path(), f.absolute(), f.sizeBytes(), f.checksum(), uri);
  }

  private static boolean isHidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  static LandingFile describe(Path root, Path file) {
    String rel = root.relativize(file).toString().replace('\\', '/');
    try {
      return new LandingFile(rel, file, Files.size(file), sha256(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + rel, e);
    }
  }

  /** The SHA-256 of a file's bytes, in lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
