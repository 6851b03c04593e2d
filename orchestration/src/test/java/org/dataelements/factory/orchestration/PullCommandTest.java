package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of {@code factory pull}; the pull itself is tested in products (PullTest). */
class PullCommandTest {
  @TempDir Path work;

  @Test
  void helpExplainsTokenFormatsAndLayout() {
    CliRun c = run("pull", "--help");
    assertEquals(FactoryMain.OK, c.code);
    for (String s :
        new String[] {
          "FACTORY_TOKEN", "--token-file", "SHA256SUMS", "--trust", "latest", "jsonl"
        }) {
      assertTrue(c.out.contains(s), s + " missing from:\n" + c.out);
    }
  }

  @Test
  void badUsageExitsWithTwoBeforeAnythingStarts() {
    assertEquals(FactoryMain.USAGE, run("pull", "p@1.0.0", "--format", "csv").code);
    assertEquals(
        FactoryMain.USAGE,
        run("pull", "p@1.0.0", "--format", "xml", "--out", work.resolve("o").toString()).code);
    CliRun c = run("pull", "../x@1.0.0", "--format", "csv", "--out", work.resolve("o").toString());
    assertEquals(FactoryMain.USAGE, c.code);
    assertTrue(c.err.contains("path separator"), c.err);
    assertFalse(c.err.contains("starting Spark"), c.err);
    assertFalse(Files.exists(work.resolve("o")));
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
