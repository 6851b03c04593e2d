package org.dataelements.factory.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dataelements.factory.core.runtime.LakehouseSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactoryConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsWithoutAProfileFile() {
    FactoryConfig c = FactoryConfig.resolve(FactoryConfig.Overrides.none(), Map.of(), dir);
    assertEquals("embedded", c.profile());
    assertEquals(dir.resolve("lakehouse").toUri().toString().replaceAll("/$", ""), c.warehouse());
    assertEquals(dir.resolve("conf"), c.confDir());
    assertEquals("hadoop", c.catalog().type());
    assertEquals(Optional.of("local[*]"), c.spark().master());
    assertEquals("file", c.lineage().transport());
    assertEquals(Optional.of(dir.resolve("lakehouse")), c.localWarehouse());
  }

  @Test
  void mapsEveryFieldOfAProfileAndExpandsEnvironmentVariables() throws IOException {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(
        dir.resolve("conf/cluster.yaml"),
        """
        warehouse: s3a://bucket/wh
        spark:
          conf:
            spark.hadoop.fs.s3a.endpoint: http://${HOST}:9000
        catalog:
          type: jdbc
          uri: jdbc:postgresql://${HOST}/lake
          properties:
            jdbc.user: ${USER_NAME}
        lineage:
          transport: file
        """);
    FactoryConfig c =
        FactoryConfig.resolve(
            new FactoryConfig.Overrides(Optional.empty(), Optional.empty(), Optional.of("cluster")),
            Map.of("HOST", "127.0.0.1", "USER_NAME", "factory"),
            dir);
    assertEquals("cluster", c.profile());
    assertEquals("s3a://bucket/wh", c.warehouse());
    assertEquals(Optional.empty(), c.spark().master());
    assertEquals("http://127.0.0.1:9000", c.spark().conf().get("spark.hadoop.fs.s3a.endpoint"));
    assertEquals("jdbc", c.catalog().type());
    assertEquals(Optional.of("jdbc:postgresql://127.0.0.1/lake"), c.catalog().uri());
    assertEquals("factory", c.catalog().properties().get("jdbc.user"));
    assertEquals("file", c.lineage().transport());
    assertEquals(Optional.empty(), c.localWarehouse());
    Map<String, String> spark = LakehouseSessions.settings(c);
    assertEquals("jdbc", spark.get("spark.sql.catalog.lake.type"));
    assertEquals("factory", spark.get("spark.sql.catalog.lake.jdbc.user"));
    assertEquals("s3a://bucket/wh/lake", spark.get("spark.sql.catalog.lake.warehouse"));
  }

  @Test
  void anUndefinedVariableIsAConfigurationErrorNamingItAndTheKeyThatUsesIt() throws IOException {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(
        dir.resolve("conf/cluster.yaml"),
        """
        catalog:
          type: jdbc
          uri: jdbc:postgresql://${PG_HOST}/lake
          properties:
            jdbc.user: ${PG_USER}
            jdbc.password: ${PG_PASSWORD}
        """);
    var cluster =
        new FactoryConfig.Overrides(Optional.empty(), Optional.empty(), Optional.of("cluster"));
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                FactoryConfig.resolve(
                    cluster, Map.of("PG_HOST", "db", "PG_USER", "s3cr3t-user"), dir));
    assertEquals(1, e.problems().size(), e.problems().toString());
    assertTrue(
        e.getMessage()
            .contains(
                "conf/cluster.yaml: catalog.properties.jdbc.password uses ${PG_PASSWORD},"
                    + " which is not set in the environment"),
        e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t-user"), "values of other keys stay out");
    // defined, even empty, is a choice: accepted
    FactoryConfig ok =
        FactoryConfig.resolve(
            cluster, Map.of("PG_HOST", "db", "PG_USER", "u", "PG_PASSWORD", ""), dir);
    assertEquals("", ok.catalog().properties().get("jdbc.password"));
  }

  @Test
  void commandLineWinsOverEnvironmentWhichWinsOverTheFile() throws IOException {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/embedded.yaml"), "warehouse: ./from-file\n");
    FactoryConfig fromFile = FactoryConfig.resolve(FactoryConfig.Overrides.none(), Map.of(), dir);
    assertTrue(fromFile.warehouse().endsWith("/from-file"), fromFile.warehouse());
    FactoryConfig fromEnv =
        FactoryConfig.resolve(
            FactoryConfig.Overrides.none(), Map.of("FACTORY_WAREHOUSE", "/tmp/env-wh"), dir);
    assertEquals("file:///tmp/env-wh", fromEnv.warehouse());
    FactoryConfig fromCli =
        FactoryConfig.resolve(
            new FactoryConfig.Overrides(Optional.of("cli-wh"), Optional.empty(), Optional.empty()),
            Map.of("FACTORY_WAREHOUSE", "/tmp/env-wh"),
            dir);
    assertTrue(fromCli.warehouse().endsWith("/cli-wh"), fromCli.warehouse());
  }

  private InvalidSpecException badProfile(String yaml) throws IOException {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/cluster.yaml"), yaml);
    return assertThrows(
        InvalidSpecException.class,
        () ->
            FactoryConfig.resolve(
                new FactoryConfig.Overrides(
                    Optional.empty(), Optional.empty(), Optional.of("cluster")),
                Map.of(),
                dir));
  }

  @Test
  void lineageSettingsAreCheckedAtLoad() throws IOException {
    var e = badProfile("lineage:\n  transport: http\n");
    assertEquals(
        List.of(
            "conf/cluster.yaml: lineage.url is required by the http transport (e.g."
                + " http://marquez:5000/api/v1/lineage)"),
        e.problems());
    var file =
        badProfile("lineage:\n  transport: file\n  url: http://marquez:5000/api/v1/lineage\n");
    assertEquals(
        List.of(
            "conf/cluster.yaml: lineage.url 'http://marquez:5000/api/v1/lineage' is only used by the"
                + " http transport; remove it or set transport: http"),
        file.problems());
    var kafka = badProfile("lineage:\n  transport: kafka\n");
    assertEquals(
        List.of("conf/cluster.yaml: lineage.transport 'kafka' is not one of file, console, http"),
        kafka.problems());
    assertThrows(
        IllegalArgumentException.class,
        () -> new FactoryConfig.LineageSettings("http", Optional.empty()));
    var ok =
        new FactoryConfig.LineageSettings(
            "http",
            Optional.of("http://m/api/v1/lineage"),
            true,
            "ns",
            Optional.of("s3cr3t-token"),
            false);
    assertFalse(ok.toString().contains("s3cr3t-token"), ok.toString());
  }

  @Test
  void profileValuesNothingHonoursAreRefused() throws IOException {
    var uri = badProfile("catalog:\n  type: hadoop\n  uri: jdbc:postgresql://h/lake\n");
    assertTrue(
        uri.getMessage()
            .startsWith(
                "conf/cluster.yaml: catalog.uri 'jdbc:postgresql://h/lake' is not used by the"
                    + " hadoop catalog"),
        uri.getMessage());
    var memory = badProfile("spark:\n  conf:\n    spark.driver.memory: 6g\n");
    assertTrue(
        memory
            .getMessage()
            .startsWith("conf/cluster.yaml: spark.conf.spark.driver.memory '6g' has no effect"),
        memory.getMessage());
    assertTrue(memory.getMessage().contains("FACTORY_JAVA_OPTS"), memory.getMessage());
  }

  @Test
  void theRepositoryProfilesLoad() {
    Path repoConf = org.dataelements.factory.core.testing.SparkTestSession.confDir();
    for (String profile : List.of("embedded", "cluster")) {
      FactoryConfig c =
          FactoryConfig.resolve(
              new FactoryConfig.Overrides(
                  Optional.empty(), Optional.of(repoConf.toString()), Optional.of(profile)),
              Map.of(
                  "FACTORY_S3_ENDPOINT", "http://127.0.0.1:9000",
                  "FACTORY_S3_ACCESS_KEY", "k",
                  "FACTORY_S3_SECRET_KEY", "s",
                  "FACTORY_PG_HOST", "127.0.0.1",
                  "FACTORY_PG_USER", "u",
                  "FACTORY_PG_PASSWORD", "p"),
              dir);
      assertEquals("file", c.lineage().transport());
    }
  }

  @Test
  void anUnknownProfileOrKeyIsAClearError() throws IOException {
    var e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                FactoryConfig.resolve(
                    new FactoryConfig.Overrides(
                        Optional.empty(), Optional.empty(), Optional.of("prod")),
                    Map.of(),
                    dir));
    assertTrue(e.getMessage().contains("profile 'prod'"), e.getMessage());
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/embedded.yaml"), "catalog:\n  type: glue\n");
    var bad =
        assertThrows(
            InvalidSpecException.class,
            () -> FactoryConfig.resolve(FactoryConfig.Overrides.none(), Map.of(), dir));
    assertTrue(bad.getMessage().contains("embedded.yaml"), bad.getMessage());
    assertTrue(bad.getMessage().contains("'glue'"), bad.getMessage());
  }

  @Test
  void readsTheAirflowSectionWithDefaultsAndEnvironment() throws IOException {
    Files.createDirectories(dir.resolve("conf"));
    assertEquals(
        FactoryConfig.AirflowSettings.none(),
        FactoryConfig.resolve(FactoryConfig.Overrides.none(), Map.of(), dir).airflow());
    Files.writeString(
        dir.resolve("conf/cluster.yaml"),
        "airflow:\n  url: http://${AF_HOST}:8080\n  timeout_seconds: 12\n");
    FactoryConfig c =
        FactoryConfig.resolve(
            new FactoryConfig.Overrides(Optional.empty(), Optional.empty(), Optional.of("cluster")),
            Map.of("AF_HOST", "airflow"),
            dir);
    assertEquals(Optional.of("http://airflow:8080"), c.airflow().url());
    assertEquals(java.time.Duration.ofSeconds(12), c.airflow().timeout());
  }

  @Test
  void refusesAnUnknownAirflowKeyAndABadUrl() throws IOException {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/cluster.yaml"), "airflow:\n  url: http://a\n  token: x\n");
    var overrides =
        new FactoryConfig.Overrides(Optional.empty(), Optional.empty(), Optional.of("cluster"));
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class, () -> FactoryConfig.resolve(overrides, Map.of(), dir));
    assertTrue(e.getMessage().contains("airflow: unknown key 'token'"), e.getMessage());
    Files.writeString(dir.resolve("conf/cluster.yaml"), "airflow:\n  url: airflow:8080\n");
    e =
        assertThrows(
            InvalidSpecException.class, () -> FactoryConfig.resolve(overrides, Map.of(), dir));
    assertTrue(e.getMessage().contains("not an http(s) URL"), e.getMessage());
  }
}
