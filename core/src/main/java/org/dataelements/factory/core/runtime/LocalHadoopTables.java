package org.dataelements.factory.core.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * Read-only tables of an Iceberg hadoop catalog on a local folder, without Hadoop: the current
 * metadata file found as {@code HadoopTableOperations} finds it ({@code
 * metadata/version-hint.text}, then forward while a newer {@code v<N>.metadata.json} exists; a
 * listing when the hint is missing), read through {@link org.apache.iceberg.Files}. Loading
 * Hadoop's configuration and file system costs about half a second of a command's start; a lookup
 * reads a few files.
 */
final class LocalHadoopTables {
  private static final Pattern VERSION =
      Pattern.compile("v([0-9]+)(\\.gz)?\\.metadata\\.json(\\.gz)?");
  private static final String[] NAMES = {
    "v%d.metadata.json", "v%d.gz.metadata.json", "v%d.metadata.json.gz"
  };

  private final Path root;

  /** Tables under {@code root} ({@code <warehouse>/lake}), as {@code <namespace>/<table>}. */
  LocalHadoopTables(Path root) {
    this.root = root;
  }

  /** The table {@code namespace.name}, at its current metadata; empty when there is none. */
  Optional<Table> load(String namespace, String name) {
    Path metadata = root.resolve(namespace).resolve(name).resolve("metadata");
    if (!Files.isDirectory(metadata)) {
      return Optional.empty();
    }
    OptionalInt hint = hint(metadata);
    int version = hint.isPresent() ? hint.getAsInt() : highest(metadata);
    Optional<Path> file = file(metadata, version);
    if (file.isEmpty() && hint.isPresent()) {
      version = highest(metadata); // a hint ahead of the files: trust the listing
      file = file(metadata, version);
    }
    if (file.isEmpty()) {
      return Optional.empty();
    }
    // A hint behind the files (a commit that did not update it yet): go forward, as Iceberg does.
    for (Optional<Path> next = file(metadata, version + 1); next.isPresent(); ) {
      file = next;
      version++;
      next = file(metadata, version + 1);
    }
    String location = file.get().toAbsolutePath().toString();
    return Optional.of(
        new BaseTable(
            new StaticTableOperations(location, new LocalFileIO()),
            "lake." + namespace + "." + name));
  }

  private static OptionalInt hint(Path metadata) {
    Path hint = metadata.resolve("version-hint.text");
    try {
      return OptionalInt.of(
          Integer.parseInt(Files.readString(hint, StandardCharsets.UTF_8).strip()));
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty(); // missing or half-written: list the folder
    }
  }

  private static int highest(Path metadata) {
    try (Stream<Path> files = Files.list(metadata)) {
      return files
          .map(p -> VERSION.matcher(p.getFileName().toString()))
          .filter(Matcher::matches)
          .mapToInt(m -> Integer.parseInt(m.group(1)))
          .max()
          .orElse(0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + metadata, e);
    }
  }

  private static Optional<Path> file(Path metadata, int version) {
    for (String name : NAMES) {
      Path p = metadata.resolve(String.format(java.util.Locale.ROOT, name, version));
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Reads local files named by path or {@code file:} URI; writes nothing. */
  static final class LocalFileIO implements FileIO {
    private static final long serialVersionUID = 1L;

    @Override
    public InputFile newInputFile(String path) {
      return org.apache.iceberg.Files.localInput(local(path).toFile());
    }

    @Override
    public OutputFile newOutputFile(String path) {
      throw new UnsupportedOperationException("read-only: cannot write " + path);
    }

    @Override
    public void deleteFile(String path) {
      throw new UnsupportedOperationException("read-only: cannot delete " + path);
    }

    /**
     * A local path from {@code /a/b}, {@code file:/a/b} or {@code file:///a/b}. Hadoop writes the
     * paths in metadata unescaped ({@code file:/my wh/…}), so they are not parsed as URIs.
     */
    static Path local(String path) {
      String p = path.startsWith("file:") ? path.substring("file:".length()) : path;
      if (p.startsWith("///")) {
        p = p.substring(2);
      } else if (p.startsWith("//")) {
        throw new IllegalArgumentException("not a local file: " + path);
      }
      return Path.of(p);
    }
  }
}
