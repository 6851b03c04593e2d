package org.dataelements.factory.orchestration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.orchestration.graph.StepGraph;
import org.dataelements.factory.orchestration.schedule.ProcessLauncher;
import org.dataelements.factory.orchestration.schedule.Scheduler;
import org.dataelements.factory.orchestration.schedule.SchedulerClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = {
      "Run each product on its spec's schedule (a Unix cron such as \"0 6 * * *\", read in the"
          + " spec's timezone), in the foreground until stopped with Ctrl-C or SIGTERM.",
      "",
      "Each run is `factory run --product P` with the same --warehouse, --conf, --profile and"
          + " --landing, in a fresh JVM whose output appears here; its exit code and duration are"
          + " printed when it ends, and a failed run does not stop the scheduler.",
      "One run at a time: a product that falls due while another runs waits, and runs once"
          + " however often it fell due meanwhile. Times missed while the scheduler was not"
          + " running are not made up.",
      "On Ctrl-C or SIGTERM a run in progress is asked to stop (SIGTERM) and killed after 60 s;"
          + " then `stopped` is printed and the exit code is 0.",
    })
final class ScheduleCommand implements Callable<Integer> {
  static final Duration GRACE = Duration.ofSeconds(60);

  @Mixin GlobalOptions global;

  @Option(
      names = "--product",
      paramLabel = "P",
      description = "Schedule only this product (repeatable; default: every product).")
  List<String> products = new ArrayList<>();

  @Option(
      names = "--landing",
      paramLabel = "DIR|URI",
      description =
          "Landing root passed to each run (a folder or s3a://bucket/prefix; default: each run"
              + " uses <warehouse>/landing with sample data).")
  String landing;

  @Option(
      names = "--max-runs",
      paramLabel = "N",
      description = "Stop after N runs (default: run until stopped).")
  long maxRuns;

  @Override
  public Integer call() throws InterruptedException {
    Console console = new Console(System.err);
    FactoryConfig config = global.resolve();
    Specs specs = Specs.load(config.confDir());
    // Every spec problem now, not at the first run hours later.
    StepGraph.load(specs, PseudonymKeys.environment(config, System.getenv()));
    List<String> known = specs.products().stream().map(ProductSpec::name).toList();
    for (String p : products) {
      if (!known.contains(p)) {
        throw CoreErrors.badOption("--product", p, "one of " + known);
      }
    }
    if (maxRuns < 0) {
      throw CoreErrors.badOption("--max-runs", Long.toString(maxRuns), "0 or more");
    }
    if (landing != null) {
      LandingRoot.parse(landing);
    }
    List<ProductSpec> selected =
        specs.products().stream()
            .filter(p -> products.isEmpty() || products.contains(p.name()))
            .toList();
    List<Scheduler.Entry> entries =
        selected.stream()
            .filter(p -> p.run().schedule().isPresent())
            .map(p -> new Scheduler.Entry(p.name(), p.run()))
            .toList();
    if (entries.isEmpty()) {
      throw new InvalidSpecException(
          List.of(
              (selected.size() == 1 ? "product " : "none of the products ")
                  + selected.stream().map(ProductSpec::name).toList()
                  + " has a schedule, so there is nothing to run unattended; add one to "
                  + config.confDir().resolve("products").resolve(name(selected) + ".yaml")
                  + ", e.g. schedule: \"0 6 * * *\" (06:00 every day; minute hour day-of-month"
                  + " month day-of-week) and timezone: Asia/Shanghai"));
    }
    List<String> passed = new ArrayList<>(global.asArguments());
    if (landing != null) {
      passed.addAll(List.of("--landing", landing));
    }
    Scheduler scheduler =
        new Scheduler(
            entries,
            ProcessLauncher.factoryRun(passed),
            SchedulerClock.of(Clock.systemUTC()),
            console,
            maxRuns);
    list(console, selected, scheduler.nextFireTimes(Instant.now()));
    scheduler.runUntilStopped(GRACE);
    return FactoryMain.OK;
  }

  private static String name(List<ProductSpec> selected) {
    return selected.size() == 1 ? selected.get(0).name() : "<product>";
  }

  private void list(Console console, List<ProductSpec> selected, Map<String, ZonedDateTime> next) {
    console.line(
        "factory schedule: one run at a time, each `factory run --product P` in its own JVM;"
            + " Ctrl-C or SIGTERM stops it");
    String row = "  %-24s %-16s %-16s %s";
    console.line(String.format(Locale.ROOT, row, "product", "cron", "time zone", "next run"));
    for (ProductSpec p : selected) {
      if (p.run().schedule().isEmpty()) {
        console.line(String.format(Locale.ROOT, "  %-24s on demand only", p.name()));
      } else {
        console.line(
            String.format(
                Locale.ROOT,
                row,
                p.name(),
                p.run().schedule().get(),
                p.run().timezone(),
                Scheduler.LOCAL.format(next.get(p.name()))));
      }
    }
  }
}
