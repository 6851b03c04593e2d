package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of {@code factory pull}; the pull itself is tested in products (PullTest). */
class PullCommandTest {
  @TempDir Path work;

  @Test
  void helpExplainsTokenFormatsAndLayout() {
    Captured c = run("pull", "--help");
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
    Captured c =
        run("pull", "../x@1.0.0", "--format", "csv", "--out", work.resolve("o").toString());
    assertEquals(FactoryMain.USAGE, c.code);
    assertTrue(c.err.contains("path separator"), c.err);
    assertFalse(c.err.contains("starting Spark"), c.err);
    assertFalse(Files.exists(work.resolve("o")));
  }

  private record Captured(int code, String out, String err) {}

  private static Captured run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = FactoryMain.execute(args);
      return new Captured(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
