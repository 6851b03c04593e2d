package org.dataelements.factory.ingestion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What under a landing root is landed, and what is skipped with its reason. */
class LandingScannerTest {
  @TempDir Path root;
  @TempDir Path outside;

  @Test
  void symbolicLinksAndNamedPipesAreSkippedWithTheReasonNeverFollowed() throws Exception {
    Files.writeString(root.resolve("a.csv"), "x\n1\n");
    Path secret = Files.writeString(outside.resolve("passwd.csv"), "x\nsecret\n");
    Files.createSymbolicLink(root.resolve("link.csv"), secret);
    Files.createDirectories(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("sub/dir"), outside);
    Process fifo = new ProcessBuilder("mkfifo", root.resolve("pipe.csv").toString()).start();
    assertEquals(0, fifo.waitFor(), "mkfifo");

    assertEquals(
        List.of("a.csv"), LandingScanner.scan(root).stream().map(LandingFile::path).toList());
    List<LandingScanner.Skipped> skipped = LandingScanner.skipped(root);
    assertEquals(
        List.of("link.csv", "pipe.csv", "sub/dir"),
        skipped.stream().map(LandingScanner.Skipped::path).toList());
    assertTrue(
        skipped.get(0).reason().startsWith("a symbolic link (to " + secret + "), not followed"),
        skipped.get(0).reason());
    assertTrue(skipped.get(1).reason().startsWith("not a regular file"), skipped.get(1).reason());
  }
}
