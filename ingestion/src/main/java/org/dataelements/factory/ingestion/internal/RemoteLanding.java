package org.dataelements.factory.ingestion.internal;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.LakehouseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors a remote landing root ({@code s3a://bucket/prefix}, any Hadoop file system) into a local
 * staging directory with the same relative paths, so that the driver's parsers and checksums read
 * local files (Spark's file readers read the remote objects: see {@link LandingFile#sparkUri()}).
 * Only files whose length or modification time changed since the last staging are downloaded again;
 * staged files that disappeared remotely are deleted.
 */
public final class RemoteLanding {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteLanding.class);

  /** The staging directory's record of what was downloaded (hidden: the scanner skips it). */
  public static final String INDEX = ".remote-landing.properties";

  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]+)://.*");

  private RemoteLanding() {}

  /** A staging: the local root and what it took. */
  public record Staged(java.nio.file.Path root, int downloaded, int unchanged, int removed) {
    public Staged {
      requireNonNull(root, "root is null");
    }
  }

  /** True for a URI with a scheme other than {@code file} (a Windows drive letter is not one). */
  public static boolean isRemote(String landing) {
    var m = SCHEME.matcher(landing);
    return m.matches() && !m.group(1).equalsIgnoreCase("file");
  }

  /**
   * The local landing root for a directory, a {@code file:} URI or a remote URI (staged first).
   *
   * @throws DataInputException when the root does not exist
   */
  public static java.nio.file.Path localRoot(
      String landing, FactoryConfig config, Configuration hadoop) {
    if (!isRemote(landing)) {
      java.nio.file.Path local =
          landing.regionMatches(true, 0, "file:", 0, 5)
              ? java.nio.file.Path.of(URI.create(landing))
              : java.nio.file.Path.of(landing);
      return local.toAbsolutePath().normalize();
    }
    return stage(landing, stagingParent(config), hadoop).root();
  }

  /**
   * Where a configuration stages remote roots: {@code <warehouse>/_staging} for a local warehouse,
   * else {@code <java.io.tmpdir>/factory-staging}.
   */
  public static java.nio.file.Path stagingParent(FactoryConfig config) {
    return config
        .localWarehouse()
        .map(w -> w.resolve("_staging"))
        .orElseGet(
            () -> java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "factory-staging"));
  }

  /**
   * Brings the local copy of a remote root up to date, in {@code <parent>/<hash of the URI>}.
   *
   * @throws DataInputException when the URI names no directory
   */
  public static Staged stage(String uri, java.nio.file.Path parent, Configuration hadoop) {
    String root = withoutSlash(uri);
    java.nio.file.Path local = stagingDir(parent, root);
    Map<String, FileStatus> remote = list(root, hadoop);
    try {
      Files.createDirectories(local);
      Map<String, String> index = readIndex(local);
      Map<String, String> next = new TreeMap<>();
      int downloaded = 0;
      int unchanged = 0;
      FileSystem fs = new Path(root).getFileSystem(hadoop);
      for (var e : remote.entrySet()) {
        String rel = e.getKey();
        FileStatus status = e.getValue();
        String stamp = status.getLen() + " " + status.getModificationTime();
        java.nio.file.Path target = inside(local, rel, root);
        if (stamp.equals(index.get(rel))
            && Files.isRegularFile(target)
            && Files.size(target) == status.getLen()) {
          unchanged++;
        } else {
          download(fs, status.getPath(), target);
          downloaded++;
        }
        next.put(rel, stamp);
      }
      int removed = removeVanished(local, remote.keySet());
      writeIndex(local, root, next);
      LOG.info(
          "staged {} into {}: {} downloaded, {} unchanged, {} removed",
          root,
          local,
          downloaded,
          unchanged,
          removed);
      return new Staged(local, downloaded, unchanged, removed);
    } catch (IOException e) {
      throw new LakehouseException(
          "cannot stage landing root " + root + " into " + local + ": " + e.getMessage(), e);
    }
  }

  /** The directory under {@code parent} that a remote root is staged into. */
  public static java.nio.file.Path stagingDir(java.nio.file.Path parent, String uri) {
    return parent.resolve(hash(withoutSlash(uri))).toAbsolutePath().normalize();
  }

  private static String withoutSlash(String uri) {
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }

  /** Every file under the root by relative path (hidden parts skipped, as the scanner does). */
  private static Map<String, FileStatus> list(String root, Configuration hadoop) {
    // A bucket alone (s3a://bucket) has an empty path, which s3a refuses: its root is "/".
    Path rootPath = new Path(URI.create(root).getPath().isEmpty() ? root + "/" : root);
    try {
      FileSystem fs = rootPath.getFileSystem(hadoop);
      FileStatus rootStatus;
      try {
        rootStatus = fs.getFileStatus(rootPath);
      } catch (FileNotFoundException e) {
        throw missing(root);
      } catch (IOException e) {
        // no such bucket, refused credentials, unreachable endpoint: all fixed in the profile
        throw new DataInputException(
            "landing root '"
                + root
                + "' cannot be read ("
                + e.getMessage().lines().findFirst().orElse("")
                + "); check the bucket, the prefix and the profile's fs.s3a settings (endpoint,"
                + " credentials)");
      }
      if (!rootStatus.isDirectory()) {
        throw missing(root);
      }
      String prefix = rootStatus.getPath().toUri().getPath();
      prefix = prefix.endsWith("/") ? prefix : prefix + "/";
      Map<String, FileStatus> out = new TreeMap<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(rootStatus.getPath(), true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        String path = f.getPath().toUri().getPath();
        if (!f.isFile() || !path.startsWith(prefix)) {
          continue;
        }
        String rel = path.substring(prefix.length());
        if (!rel.isEmpty() && Stream.of(rel.split("/")).noneMatch(p -> p.startsWith("."))) {
          out.put(rel, f);
        }
      }
      return out;
    } catch (IOException e) {
      throw new LakehouseException("cannot list landing root " + root + ": " + e.getMessage(), e);
    }
  }

  private static DataInputException missing(String root) {
    return new DataInputException(
        "landing root '"
            + root
            + "' does not exist or is not a directory (no object under that"
            + " prefix); check the bucket, the prefix and the profile's fs.s3a settings, or pass"
            + " --landing with an existing local folder");
  }

  /** A relative path under the staging root; a key that would leave it is refused. */
  private static java.nio.file.Path inside(java.nio.file.Path local, String rel, String root) {
    java.nio.file.Path target = local.resolve(rel).normalize();
    if (!target.startsWith(local) || target.equals(local)) {
      throw new DataInputException(
          "landing root '"
              + root
              + "' holds '"
              + rel
              + "', whose path leaves the landing root;"
              + " rename or remove it");
    }
    return target;
  }

  private static void download(FileSystem fs, Path from, java.nio.file.Path to) throws IOException {
    Files.createDirectories(to.getParent());
    java.nio.file.Path part = to.resolveSibling("." + to.getFileName() + ".part");
    try (InputStream in = fs.open(from)) {
      Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(part, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes staged files that are no longer remote, and the folders they leave empty. */
  private static int removeVanished(java.nio.file.Path local, java.util.Set<String> remote)
      throws IOException {
    List<java.nio.file.Path> gone = new ArrayList<>();
    List<java.nio.file.Path> dirs = new ArrayList<>();
    try (Stream<java.nio.file.Path> walk = Files.walk(local)) {
      walk.forEach(
          p -> {
            if (p.equals(local)) {
              return;
            }
            if (Files.isDirectory(p)) {
              dirs.add(p);
              return;
            }
            String rel = local.relativize(p).toString().replace('\\', '/');
            if (!rel.equals(INDEX) && !remote.contains(rel)) {
              gone.add(p);
            }
          });
    }
    for (java.nio.file.Path p : gone) {
      Files.delete(p);
    }
    dirs.sort(Comparator.comparingInt(java.nio.file.Path::getNameCount).reversed());
    for (java.nio.file.Path d : dirs) {
      try (Stream<java.nio.file.Path> children = Files.list(d)) {
        if (children.findAny().isEmpty()) {
          Files.delete(d);
        }
      }
    }
    return (int) gone.stream().filter(p -> !p.getFileName().toString().startsWith(".")).count();
  }

  private static Map<String, String> readIndex(java.nio.file.Path local) throws IOException {
    java.nio.file.Path file = local.resolve(INDEX);
    Map<String, String> out = new HashMap<>();
    if (Files.isRegularFile(file)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    }
    return out;
  }

  private static void writeIndex(java.nio.file.Path local, String root, Map<String, String> entries)
      throws IOException {
    Properties p = new Properties();
    p.putAll(entries);
    java.nio.file.Path tmp = local.resolve(INDEX + ".part");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "staged from " + root + ": relative path = length modification-time");
    }
    Files.move(
        tmp,
        local.resolve(INDEX),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static String hash(String root) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(root.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
