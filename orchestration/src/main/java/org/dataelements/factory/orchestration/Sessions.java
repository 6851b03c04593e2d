package org.dataelements.factory.orchestration;

import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.LakehouseSessions;

/** Starts the process's one SparkSession, with Spark's logging quiet unless --verbose. */
public final class Sessions {
  private Sessions() {}

  static void configureLogging(boolean verbose) {
    // Without --verbose the factory reports a failure itself, in one line: Spark's, Hadoop's and
    // Iceberg's own ERRORs (a failed task logs its stack trace once per task) stay out of it.
    Configurator.setRootLevel(verbose ? Level.INFO : Level.OFF);
    // also where a configuration names them (the tests' class path sets org.apache.spark)
    for (String engine : List.of("org.apache.spark", "org.apache.hadoop", "org.apache.iceberg")) {
      Configurator.setLevel(engine, verbose ? Level.INFO : Level.OFF);
    }
    Configurator.setLevel("org.dataelements.factory", verbose ? Level.INFO : Level.WARN);
    // Spark logs a whole-stage codegen compile failure as an ERROR with the generated source, then
    // runs the same plan without codegen (spark.sql.codegen.fallback): noise for a user.
    Configurator.setLevel(
        "org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator",
        verbose ? Level.INFO : Level.OFF);
  }

  /** A session with every bronze and silver table registered by name, for SQL. */
  static Lakehouse open(FactoryConfig config, Console console) {
    return open(config, console, true);
  }

  /** A session for commands that address tables by id only (run, ingest): no registration. */
  public static Lakehouse openForBuild(FactoryConfig config, Console console) {
    return open(config, console, false);
  }

  private static Lakehouse open(FactoryConfig config, Console console, boolean register) {
    console.step(
        "starting Spark (" + config.profile() + " profile, warehouse " + config.warehouse() + ")");
    SparkSession spark = LakehouseSessions.create(config, register);
    return new Lakehouse(spark, config);
  }
}
