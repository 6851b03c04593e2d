package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code factory schedule} as a user meets it: its listing, its usage errors, SIGTERM. */
class ScheduleCommandTest {
  @TempDir Path tmp;

  /**
   * The project's conf with schedules only on January 1 (never due during a test) and none on
   * training_corpus.
   */
  private Path conf() throws IOException {
    Path from = SparkTestSession.confDir();
    Path to = tmp.resolve("conf");
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Path products = to.resolve("products");
    try (Stream<Path> files = Files.list(products)) {
      for (Path f : files.toList()) {
        String yaml = Files.readString(f);
        String cron =
            f.getFileName().toString().equals("training_corpus.yaml") ? "" : "$1\"0 0 1 1 *\"";
        Files.writeString(f, yaml.replaceAll("(?m)^(schedule: ).*$", cron));
      }
    }
    return to;
  }

  private static String[] args(Path conf, Path wh, String... more) {
    List<String> all = new ArrayList<>(List.of("schedule", "--conf", conf.toString()));
    all.addAll(List.of("--warehouse", wh.toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static Process java(Path dir, Path err, String main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main);
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(err.toFile())
        .start();
  }

  private static String awaitOutput(Process p, Path err, String expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String text = "";
    while (System.nanoTime() < deadline && p.isAlive()) {
      text = Files.readString(err, StandardCharsets.UTF_8);
      if (text.contains(expected)) {
        return text;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + expected + "' in:\n" + Files.readString(err));
  }

  @Test
  void listsTheScheduleAndStopsOnSigtermWithExitZero() throws Exception {
    Path err = tmp.resolve("err.txt");
    Process p = java(tmp, err, FactoryMain.class.getName(), args(conf(), tmp.resolve("wh")));
    try {
      listsAndStops(p, err);
    } finally {
      p.destroyForcibly();
    }
  }

  private static void listsAndStops(Process p, Path err) throws Exception {
    String listing = awaitOutput(p, err, "on demand only");
    assertTrue(
        listing.matches(
            "(?s).*electricity_index +0 0 1 1 \\* +Asia/Shanghai +20\\d\\d-01-01 00:00 \\+08:00.*"),
        listing);
    assertTrue(listing.matches("(?s).*traceability +0 0 1 1 \\*.*"), listing);
    assertTrue(listing.matches("(?s).*training_corpus +on demand only.*"), listing);
    Thread.sleep(300);
    long t0 = System.nanoTime();
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "stopped within 10 s");
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "idle: stops promptly");
    String all = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), all);
    assertTrue(all.strip().endsWith("] stopped"), all);
  }

  @Test
  void sigtermDuringARunStopsTheRunThenTheSchedulerWithExitZero() throws Exception {
    Path err = tmp.resolve("err.txt");
    Process p =
        java(
            tmp, err, "org.dataelements.factory.orchestration.schedule.SleepingScheduleMain", "20");
    try {
      stopsTheRun(p, err);
    } finally {
      p.destroyForcibly();
    }
  }

  private static void stopsTheRun(Process p, Path err) throws Exception {
    String started = awaitOutput(p, err, "a: run started");
    Matcher pid = Pattern.compile("pid (\\d+)\\)").matcher(started);
    assertTrue(pid.find(), started);
    ProcessHandle child = ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow();
    assertTrue(child.isAlive());
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "stopped well within the 20 s grace period");
    String all = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), all);
    assertFalse(child.isAlive(), "the run was stopped: " + all);
    assertTrue(all.contains("asking the run in progress (pid " + child.pid() + ") to stop"), all);
    assertTrue(all.contains("a: run stopped by the shutdown (exit 143)"), all);
    assertTrue(all.strip().endsWith("] stopped"), all);
  }

  private record Result(int code, String err) {}

  private static Result inProcess(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      return new Result(FactoryMain.execute(args), buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
    }
  }

  @Test
  void anUnknownProductIsAUsageErrorListingTheProducts() throws Exception {
    Result r = inProcess(args(conf(), tmp.resolve("wh"), "--product", "electricity"));
    assertEquals(FactoryMain.USAGE, r.code(), r.err());
    assertTrue(
        r.err()
            .contains("--product 'electricity' is not valid; expected one of [electricity_index"),
        r.err());
  }

  @Test
  void noScheduledProductIsAUsageErrorSayingHowToAddASchedule() throws Exception {
    Result r = inProcess(args(conf(), tmp.resolve("wh"), "--product", "training_corpus"));
    assertEquals(FactoryMain.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("product [training_corpus] has a schedule"), r.err());
    assertTrue(
        r.err().contains("products/training_corpus.yaml, e.g. schedule: \"0 6 * * *\""), r.err());
  }

  @Test
  void anInvalidSpecIsReportedBeforeAnythingIsScheduled() throws Exception {
    Path conf = conf();
    Path f = conf.resolve("products/traceability.yaml");
    Files.writeString(f, Files.readString(f).replace("\"0 0 1 1 *\"", "\"every day\""));
    Result r = inProcess(args(conf, tmp.resolve("wh")));
    assertEquals(FactoryMain.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("'every day' is not a cron expression"), r.err());
    assertFalse(r.err().contains("next run"), r.err());
  }
}
