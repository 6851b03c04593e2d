package org.dataelements.factory.orchestration.schedule;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.dataelements.factory.orchestration.FactoryMain;

/** Starts each run as a child process whose output goes where the scheduler's goes. */
public final class ProcessLauncher implements RunLauncher {
  private final Function<String, List<String>> command;

  /** A launcher of {@code command.apply(product)}, the program and its arguments. */
  public ProcessLauncher(Function<String, List<String>> command) {
    this.command = requireNonNull(command, "command is null");
  }

  /**
   * {@code factory run --product P} with {@code arguments} after it, in a fresh JVM: this JVM's
   * java binary, its flags and its class path, so a run behaves as one started from the shell and
   * leaves nothing behind in the scheduler.
   */
  public static ProcessLauncher factoryRun(List<String> arguments) {
    List<String> jvm = new ArrayList<>();
    jvm.add(javaBinary());
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // A debugger's port or a class-data archive being written belong to this JVM only.
      if (!flag.startsWith("-agentlib:jdwp") && !flag.startsWith("-XX:ArchiveClassesAtExit")) {
        jvm.add(flag);
      }
    }
    jvm.add("-cp");
    jvm.add(System.getProperty("java.class.path"));
    jvm.add(FactoryMain.class.getName());
    jvm.add("run");
    List<String> rest = List.copyOf(arguments);
    return new ProcessLauncher(
        product -> {
          List<String> cmd = new ArrayList<>(jvm);
          cmd.add("--product");
          cmd.add(product);
          cmd.addAll(rest);
          return cmd;
        });
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  @Override
  public Child start(String product) throws IOException {
    Process process = new ProcessBuilder(command.apply(product)).inheritIO().start();
    return new Child() {
      @Override
      public long pid() {
        return process.pid();
      }

      @Override
      public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
      }

      @Override
      public int exitCode() {
        return process.exitValue();
      }

      @Override
      public void terminate() {
        process.destroy();
      }

      @Override
      public void kill() {
        process.destroyForcibly();
      }
    };
  }
}
