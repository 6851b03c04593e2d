package org.dataelements.factory.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.LakehouseSessions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension holding one SparkSession per test JVM (STYLE §8): local[2], two shuffle
 * partitions, no UI, UTC, a warehouse in a temporary directory. Stopped by a shutdown hook, never
 * between classes. Test methods may declare a {@link SparkSession}, {@link Lakehouse} or {@link
 * FactoryConfig} parameter.
 */
public final class SparkTestSession implements ParameterResolver {
  private static volatile Lakehouse lakehouse;

  /** The shared lakehouse (session and config), built on first use. */
  public static synchronized Lakehouse lakehouse() {
    if (lakehouse == null) {
      Path warehouse;
      try {
        warehouse = Files.createTempDirectory("factory-test-wh");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      FactoryConfig base =
          FactoryConfig.resolve(
              new FactoryConfig.Overrides(
                  Optional.of(warehouse.toString()),
                  Optional.of(confDir().toString()),
                  Optional.empty()),
              Map.of(),
              Path.of("."));
      FactoryConfig config =
          new FactoryConfig(
              base.profile(),
              base.warehouse(),
              base.confDir(),
              new FactoryConfig.SparkSettings(
                  Optional.of("local[2]"),
                  Map.of(
                      "spark.sql.shuffle.partitions", "2",
                      "spark.default.parallelism", "2",
                      "spark.sql.adaptive.enabled", "false",
                      "spark.driver.memory", "1g")),
              base.catalog(),
              base.lineage());
      SparkSession spark = LakehouseSessions.create(config);
      lakehouse = new Lakehouse(spark, config);
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
    }
    return lakehouse;
  }

  public static SparkSession spark() {
    return lakehouse().spark();
  }

  /** The repository's conf directory (specs the tests may load). */
  public static Path confDir() {
    return repoRoot().resolve("conf");
  }

  /** The repository root (set by surefire as factory.root; else found upward from here). */
  public static Path repoRoot() {
    String root = System.getProperty("factory.root");
    if (root != null) {
      return Path.of(root);
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("conf"))) {
      p = p.getParent();
    }
    return p == null ? Path.of("").toAbsolutePath() : p;
  }

  /** The shared real datasets beside the checkout ({@code ../shared/data}). */
  public static Path sharedData() {
    String shared = System.getProperty("factory.shared");
    Path base = shared != null ? Path.of(shared) : repoRoot().resolve("../shared");
    return base.resolve("data").normalize();
  }

  /** Runs an action with SQL settings changed, restoring the old values afterwards. */
  public static void withSqlConf(Map<String, String> settings, Runnable action) {
    SparkSession spark = spark();
    Map<String, Optional<String>> old = new java.util.HashMap<>();
    settings.forEach(
        (k, v) -> {
          old.put(
              k,
              spark.conf().getOption(k).isDefined()
                  ? Optional.of(spark.conf().get(k))
                  : Optional.empty());
          spark.conf().set(k, v);
        });
    try {
      action.run();
    } finally {
      old.forEach(
          (k, v) -> v.ifPresentOrElse(x -> spark.conf().set(k, x), () -> spark.conf().unset(k)));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> t = p.getParameter().getType();
    return t == SparkSession.class || t == Lakehouse.class || t == FactoryConfig.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Class<?> t = p.getParameter().getType();
    if (t == SparkSession.class) {
      return spark();
    }
    if (t == Lakehouse.class) {
      return lakehouse();
    }
    return lakehouse().config();
  }
}
