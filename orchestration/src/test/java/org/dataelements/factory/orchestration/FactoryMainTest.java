package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactoryMainTest {
  @TempDir Path tmp;

  @Test
  void aCoreErrorAboutASettingNamesTheOptionThatSetsIt() {
    var conf = assertThrows(InvalidSpecException.class, () -> Specs.load(tmp.resolve("nope")));
    String confShown = shown(conf);
    assertTrue(confShown.contains("nope' does not exist"), confShown);
    assertTrue(confShown.contains("--conf DIR or FACTORY_CONF"), confShown);

    String landingShown = shown(CoreErrors.missingLandingRoot(tmp.resolve("nowhere").toString()));
    assertTrue(landingShown.startsWith("error: landing root"), landingShown);
    assertTrue(landingShown.contains("--landing DIR"), landingShown);
  }

  @Test
  void aFullDiskDeepInsideASparkFailureIsOneClearLine() {
    // As Spark reports it: a task failure wrapping Hadoop's FSError, the ENOSPC as a suppressed
    // one.
    RuntimeException task = new RuntimeException("Job aborted due to stage failure");
    task.addSuppressed(
        new Error(new java.io.IOException("No space left on device")) {
          private static final long serialVersionUID = 1L;
        });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        FactoryMain.handle(
            new IllegalStateException("commit failed", task),
            false,
            new Console(new PrintStream(out, true, StandardCharsets.UTF_8)));
    String shown = out.toString(StandardCharsets.UTF_8);
    assertEquals(FactoryMain.FAILED, code);
    assertEquals(1, shown.lines().count(), shown);
    assertTrue(shown.startsWith("error: the disk is full (No space left on device)"), shown);
    assertTrue(shown.contains("run again"), shown);
  }

  @Test
  void aCatalogDatabaseConnectionLostUnderTheCommandIsOneClearLine() {
    // As the Iceberg JDBC catalog reports a PostgreSQL that restarted: its pooled connection is
    // closed (SQLSTATE 08003), wrapped in the catalog's unchecked exception.
    RuntimeException lost =
        new RuntimeException(
            "Failed to execute exists query: SELECT table_namespace FROM iceberg_tables",
            new java.sql.SQLException("This connection has been closed.", "08003"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        FactoryMain.handle(
            lost, false, new Console(new PrintStream(out, true, StandardCharsets.UTF_8)));
    String shown = out.toString(StandardCharsets.UTF_8);
    assertEquals(FactoryMain.FAILED, code);
    assertEquals(1, shown.lines().count(), shown);
    assertTrue(
        shown.startsWith(
            "error: a service did not answer (SQLException: This connection has been closed.)"
                + " while: Failed to execute exists query"),
        shown);
    assertTrue(shown.contains("run again"), shown);
  }

  @Test
  void aConsoleLineNeverCarriesAPassword() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8));
    console.step("retrying: Failed to connect: jdbc:postgresql://db:5432/lake?password=hunter2");
    console.error("Failed to connect: jdbc:postgresql://lake:hunter2@db:5432/lake");
    String shown = out.toString(StandardCharsets.UTF_8);
    assertTrue(shown.contains("jdbc:postgresql://db:5432/lake?password=<redacted>"), shown);
    assertFalse(shown.contains("hunter2"), shown);
  }

  @Test
  void anUnexpectedErrorIsOneLineAndItsStackTraceOnlyWithVerbose() {
    java.io.PrintStream stderr = System.err;
    ByteArrayOutputStream trace = new ByteArrayOutputStream();
    System.setErr(new PrintStream(trace, true, StandardCharsets.UTF_8));
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8));
      RuntimeException bug = new IllegalStateException("Empty state for analyzer\nsecond line");
      assertEquals(FactoryMain.FAILED, FactoryMain.handle(bug, false, console));
      String shown = out.toString(StandardCharsets.UTF_8);
      assertEquals(1, shown.lines().count(), shown);
      assertTrue(shown.contains("--verbose for the stack trace"), shown);
      assertEquals("", trace.toString(StandardCharsets.UTF_8), "no stack trace without --verbose");
      FactoryMain.handle(bug, true, console);
      assertTrue(trace.toString(StandardCharsets.UTF_8).contains("\tat "), "with --verbose");
    } finally {
      System.setErr(stderr);
    }
  }

  private static String shown(RuntimeException e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(
        FactoryMain.USAGE,
        FactoryMain.handle(
            e, false, new Console(new PrintStream(out, true, StandardCharsets.UTF_8))));
    return out.toString(StandardCharsets.UTF_8);
  }
}
