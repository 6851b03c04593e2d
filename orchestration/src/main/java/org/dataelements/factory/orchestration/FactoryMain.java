package org.dataelements.factory.orchestration;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

  private FactoryMain() {}

  public static void main(String[] args) {
    int code = execute(args);
    System.exit(code);
  }

  /** Runs the CLI and returns the exit code (no System.exit). */
  public static int execute(String... args) {
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    Sessions.configureLogging(verbose);
    CommandLine cli =
        new CommandLine(new FactoryCli())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setUsageHelpAutoWidth(true);
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setOut(
        new java.io.PrintWriter(new PrintStream(System.out, true, StandardCharsets.UTF_8), true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> handle(unwrap(e), verbose, new Console(err)));
    return cli.execute(args);
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
    if (e instanceof ParseException || e instanceof AnalysisException) {
      String msg = e.getMessage();
      int nl = msg.indexOf("\n;");
      console.error("invalid SQL: " + (nl > 0 ? msg.substring(0, nl) : msg).trim());
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
    console.error(e.getClass().getSimpleName() + ": " + e.getMessage());
    if (verbose || !(e instanceof LakehouseException)) {
      e.printStackTrace(System.err);
    }
    return FAILED;
  }
}
