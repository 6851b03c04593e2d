package org.dataelements.factory.ingestion.internal;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A file under the landing root: its path relative to the root, its local copy (what the driver's
 * parsers and checksums read), size and SHA-256, and {@code sparkUri}, where Spark's file readers
 * read it from. For a local root that is the local file; for a remote root staged on the driver it
 * is the remote object itself, because executors on other hosts cannot read the driver's disk.
 */
public record LandingFile(
    String path, Path absolute, long sizeBytes, String checksum, String sparkUri) {
  public LandingFile {
    requireNonNull(path, "path is null");
    requireNonNull(absolute, "absolute is null");
    requireNonNull(checksum, "checksum is null");
    requireNonNull(sparkUri, "sparkUri is null");
  }

  /** A file of a local landing root: Spark reads the local file. */
  public LandingFile(String path, Path absolute, long sizeBytes, String checksum) {
    this(path, absolute, sizeBytes, checksum, absolute.toUri().toString());
  }
}
