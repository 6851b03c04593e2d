package org.dataelements.factory.orchestration;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.QualityGateException;
import org.dataelements.factory.core.Setting;
import org.dataelements.factory.core.TableNotFoundException;
import picocli.CommandLine;

/** Entry point of the {@code factory} command. Exit codes follow CONTRACT.md. */
public final class FactoryMain {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int REJECTED_FILES = 3;

  /**
   * Commands that answer without Spark. Each is parsed on its own rather than as a subcommand of
   * {@link FactoryCli} (which would load every command's classes, Spark's among them), and its
   * process logs through log4j's simple logger instead of log4j-core: together that is most of a
   * second of start-up on two cores.
   */
  private static final Map<String, Supplier<Object>> SPARK_FREE =
      Map.of(
          "trace",
          TraceCommand::new,
          "lineage",
          LineageCommand::new,
          "airflow",
          org.dataelements.factory.orchestration.airflow.AirflowCommand::new);

  private static final String LOG4J_CONTEXT_FACTORY = "log4j2.loggerContextFactory";

  private FactoryMain() {}

  public static void main(String[] args) {
    if (isSparkFree(args) && System.getProperty(LOG4J_CONTEXT_FACTORY) == null) {
      // Before anything logs: log4j's simple logger to stderr, at log4j2.properties' root level.
      System.setProperty(
          LOG4J_CONTEXT_FACTORY, "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
      System.setProperty(
          "org.apache.logging.log4j.simplelog.level",
          Arrays.asList(args).contains("--verbose") ? "INFO" : "ERROR");
    }
    int code = execute(args);
    System.exit(code);
  }

  /**
   * True for a command of {@link #SPARK_FREE}; {@code airflow render} is not one (it loads the step
   * providers, whose classes initialize Spark's).
   */
  private static boolean isSparkFree(String... args) {
    return args.length > 0
        && SPARK_FREE.containsKey(args[0])
        && !(args[0].equals("airflow") && args.length > 1 && args[1].equals("render"));
  }

  /** The command line of a command that needs no Spark, named as {@code factory <command>}. */
  static Optional<CommandLine> sparkFree(String... args) {
    Supplier<Object> command = isSparkFree(args) ? SPARK_FREE.get(args[0]) : null;
    return Optional.ofNullable(command)
        .map(c -> new CommandLine(c.get()).setCommandName("factory " + args[0]));
  }

  /** Runs the CLI and returns the exit code (no System.exit). */
  public static int execute(String... args) {
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    boolean verbose = Arrays.asList(args).contains("--verbose");
    Optional<CommandLine> light = sparkFree(args);
    if (light.isEmpty()) {
      Sessions.configureLogging(verbose);
    }
    CommandLine cli =
        light
            .orElseGet(() -> new CommandLine(new FactoryCli()))
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setUsageHelpAutoWidth(true);
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setOut(
        new java.io.PrintWriter(new PrintStream(System.out, true, StandardCharsets.UTF_8), true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> handle(unwrap(e), verbose, new Console(err)));
    return cli.execute(light.isEmpty() ? args : Arrays.copyOfRange(args, 1, args.length));
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null
        && !(t instanceof LakehouseException)
        && !(t instanceof AnalysisException)
        && (t instanceof java.util.concurrent.ExecutionException
            || t instanceof java.lang.reflect.InvocationTargetException
            || t instanceof org.apache.spark.SparkException
                && t.getCause() instanceof LakehouseException)) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * The "No space left on device" (ENOSPC) error among {@code e}'s causes and suppressed
   * exceptions, if any: Spark wraps it in task failures and Hadoop in an {@code FSError}.
   */
  static Optional<Throwable> diskFull(Throwable e) {
    return among(
        e,
        t ->
            t instanceof java.io.IOException
                && t.getMessage() != null
                && t.getMessage().contains("No space left on device"));
  }

  /**
   * The error among {@code e}'s causes and suppressed exceptions that says a service (an object
   * store, a catalog database) did not answer: a refused or timed-out connection, an unknown host,
   * or a database connection that failed or was closed under the command (SQLSTATE class 08, or
   * 57P: the server shut down, as a restarting PostgreSQL does).
   */
  static Optional<Throwable> unreachable(Throwable e) {
    return among(
        e,
        t ->
            t instanceof java.net.ConnectException
                || t instanceof java.net.NoRouteToHostException
                || t instanceof java.net.UnknownHostException
                || t instanceof java.net.SocketTimeoutException
                || t.getClass().getName().equals("org.apache.http.conn.ConnectTimeoutException")
                || t instanceof java.sql.SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")));
  }

  private static Optional<Throwable> among(
      Throwable e, java.util.function.Predicate<Throwable> which) {
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>();
    todo.add(e);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (which.test(t)) {
        return Optional.of(t);
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(Arrays.asList(t.getSuppressed()));
    }
    return Optional.empty();
  }

  /** How the command line sets a setting that core reported a problem with. */
  static String howToSet(Setting setting) {
    return switch (setting) {
      case CONF_DIR -> " (--conf DIR or FACTORY_CONF; default ./conf)";
      case LANDING_ROOT -> " (--landing DIR; without it, run and ingest generate the sample data)";
      case PROFILE -> " (--profile NAME or FACTORY_PROFILE; default embedded)";
    };
  }

  static int handle(Throwable e, boolean verbose, Console console) {
    if (e instanceof InvalidSpecException
        || e instanceof DataInputException
        || e instanceof TableNotFoundException) {
      console.error(
          e.getMessage()
              + ((LakehouseException) e).setting().map(FactoryMain::howToSet).orElse(""));
      return USAGE;
    }
    if (e instanceof QualityGateException) {
      console.error(e.getMessage());
      return FAILED;
    }
    if (e instanceof LakehouseException le && le.isUserError()) {
      console.error(e.getMessage());
      return FAILED;
    }
    Optional<Throwable> full = diskFull(e);
    if (full.isPresent()) {
      console.error(
          "the disk is full ("
              + full.get().getMessage()
              + "): a write to the warehouse failed and was not committed, so no table is"
              + " half-written; free space on the warehouse's file system (or give it more) and"
              + " run again: the next run redoes only what did not finish"
              + (verbose ? "" : " (--verbose shows the stack trace)"));
      if (verbose) {
        e.printStackTrace(System.err);
      }
      return FAILED;
    }
    Optional<Throwable> down = unreachable(e);
    if (down.isPresent()) {
      String why = down.get().getMessage() == null ? "" : down.get().getMessage();
      console.error(
          "a service did not answer ("
              + down.get().getClass().getSimpleName()
              + (why.isBlank() ? "" : ": " + why.lines().findFirst().orElse(""))
              + ") while: "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
              + "; what it was writing was not committed: once it answers again (check the"
              + " profile's endpoint), run again and the next run redoes only what did not finish"
              + (verbose ? "" : " (--verbose shows the stack trace)"));
      if (verbose) {
        e.printStackTrace(System.err);
      }
      return FAILED;
    }
    // After the factory's own exceptions: a Spark-free command loads no Spark class here.
    if (e instanceof ParseException || e instanceof AnalysisException) {
      String msg = e.getMessage();
      int nl = msg.indexOf("\n;");
      console.error("invalid SQL: " + (nl > 0 ? msg.substring(0, nl) : msg).trim());
      return USAGE;
    }
    String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    console.error(
        e.getClass().getSimpleName()
            + ": "
            + message
            + (verbose
                ? ""
                : e instanceof LakehouseException
                    ? ""
                    : " (an internal error: run again with --verbose for the stack trace, and"
                        + " please report it)"));
    if (verbose) {
      e.printStackTrace(System.err);
    }
    return FAILED;
  }
}
