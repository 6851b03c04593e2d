package org.dataelements.factory.orchestration;

import java.nio.file.Path;
import java.util.Optional;
import org.dataelements.factory.core.FactoryConfig;
import picocli.CommandLine.Option;

/** The options every command takes (CONTRACT.md, "Global options"). */
public final class GlobalOptions {
  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "Where the lakehouse lives (default ./lakehouse; env FACTORY_WAREHOUSE).")
  String warehouse;

  @Option(
      names = "--conf",
      paramLabel = "DIR",
      description = "Folder of profiles and specs (default ./conf; env FACTORY_CONF).")
  String conf;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "embedded (default) or cluster, i.e. <conf>/<NAME>.yaml (env FACTORY_PROFILE).")
  String profile;

  @Option(names = "--verbose", description = "Show Spark's own logging.")
  boolean verbose;

  /** These options as given on the command line, to pass on to a child command. */
  java.util.List<String> asArguments() {
    java.util.List<String> args = new java.util.ArrayList<>();
    if (warehouse != null) {
      args.addAll(java.util.List.of("--warehouse", warehouse));
    }
    if (conf != null) {
      args.addAll(java.util.List.of("--conf", conf));
    }
    if (profile != null) {
      args.addAll(java.util.List.of("--profile", profile));
    }
    if (verbose) {
      args.add("--verbose");
    }
    return args;
  }

  /**
   * The configuration these options give, with another warehouse (a benchmark's temporary one): the
   * same conf folder and profile.
   */
  public FactoryConfig resolveFor(Path warehouse) {
    FactoryConfig base = resolve();
    return FactoryConfig.resolve(
        new FactoryConfig.Overrides(
            Optional.of(warehouse.toString()),
            Optional.of(base.confDir().toString()),
            Optional.of(base.profile())),
        System.getenv(),
        Path.of("").toAbsolutePath());
  }

  /** The configuration these options, the environment and the profile file give. */
  public FactoryConfig resolve() {
    return FactoryConfig.resolve(
        new FactoryConfig.Overrides(
            Optional.ofNullable(warehouse),
            Optional.ofNullable(conf),
            Optional.ofNullable(profile)),
        System.getenv(),
        Path.of("").toAbsolutePath());
  }
}
