package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where landing files come from, parsed once: a local folder (absolute, normalized) or a remote URI
 * such as {@code s3a://bucket/prefix}, which ingestion stages locally before landing.
 */
public record LandingRoot(Optional<Path> local, Optional<URI> remote) {
  private static final Pattern REMOTE = Pattern.compile("^(?!file:)[a-zA-Z][a-zA-Z0-9+.-]+://.*");

  public LandingRoot {
    requireNonNull(local, "local is null");
    requireNonNull(remote, "remote is null");
    if (local.isPresent() == remote.isPresent()) {
      throw new IllegalArgumentException("a landing root is either a local folder or a remote URI");
    }
  }

  /** A local folder. */
  public static LandingRoot of(Path folder) {
    return new LandingRoot(Optional.of(folder.toAbsolutePath().normalize()), Optional.empty());
  }

  /**
   * Parses a folder, a {@code file:} URI or a remote URI. A local folder must exist; a remote one
   * is checked when it is staged.
   *
   * @throws DataInputException when a local folder does not exist
   */
  public static LandingRoot parse(String given) {
    requireNonNull(given, "given is null");
    if (REMOTE.matcher(given).matches()) {
      return new LandingRoot(Optional.empty(), Optional.of(URI.create(given)));
    }
    Path root = (given.startsWith("file:") ? Path.of(URI.create(given)) : Path.of(given));
    if (!Files.isDirectory(root)) {
      throw CoreErrors.missingLandingRoot(given);
    }
    return of(root);
  }

  /** True for a remote URI (staged before landing). */
  public boolean isRemote() {
    return remote.isPresent();
  }

  @Override
  public String toString() {
    return local.map(Path::toString).orElseGet(() -> remote.orElseThrow().toString());
  }
}
