package org.dataelements.factory.ingestion.internal;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** A file under the landing root: its path relative to the root, size and SHA-256. */
public record LandingFile(String path, Path absolute, long sizeBytes, String checksum) {
  public LandingFile {
    requireNonNull(path, "path is null");
    requireNonNull(absolute, "absolute is null");
    requireNonNull(checksum, "checksum is null");
  }
}
