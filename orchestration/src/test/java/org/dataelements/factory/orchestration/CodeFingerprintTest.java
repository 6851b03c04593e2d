package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeFingerprintTest {
  @TempDir Path dir;

  @Test
  void changesWithTheCodeAndOnlyThen() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes/org/x"));
    Files.writeString(classes.resolve("A.class"), "one");
    String first = CodeFingerprint.hash(dir.resolve("classes"));
    assertEquals(
        first, CodeFingerprint.hash(dir.resolve("classes")), "the same code, the same hash");
    Files.writeString(classes.resolve("A.class"), "one, changed");
    assertNotEquals(first, CodeFingerprint.hash(dir.resolve("classes")));

    Path jar = dir.resolve("m.jar");
    Files.writeString(jar, "jar bytes");
    String jarHash = CodeFingerprint.hash(jar);
    Files.writeString(jar, "other jar bytes");
    assertNotEquals(jarHash, CodeFingerprint.hash(jar));
    String mixed = CodeFingerprint.of(List.of(String.class, CodeFingerprintTest.class, List.class));
    org.junit.jupiter.api.Assertions.assertTrue(
        mixed.matches("unknown[0-9a-f]{12}unknown"),
        "JDK classes have no code source; the test classes' folder hashes to 12 hex digits: "
            + mixed);
  }
}
