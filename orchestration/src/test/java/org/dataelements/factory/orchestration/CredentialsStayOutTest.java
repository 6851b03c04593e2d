package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials never reach a log, an ops table, a lineage event or any file of the warehouse: a run
 * with a password in a JDBC URL, one in the environment (a source's password_env and a profile's
 * ${VAR}) and one written in the profile itself, against a database that answers and one that is
 * down (whose retries are logged), then a search of everything the run left for the three values.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class CredentialsStayOutTest {
  private static final String IN_URL = "URL-SECRET-7f3a9c";
  private static final String IN_ENV = "ENV-SECRET-2b8e41";
  private static final String IN_PROFILE = "PROFILE-SECRET-91c2d0";
  private static final List<String> SECRETS = List.of(IN_URL, IN_ENV, IN_PROFILE);

  @TempDir Path tmp;

  @Test
  void noPasswordFromUrlEnvironmentOrProfileAppearsAnywhereTheRunWrites(SparkSession spark)
      throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start();
        Connection c = pg.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("create table accounts (id int primary key, holder text)");
      c.createStatement().execute("insert into accounts values (1, 'a'), (2, 'b')");
      int down;
      try (ServerSocket s = new ServerSocket(0)) {
        down = s.getLocalPort();
      }
      Path conf = tmp.resolve("conf");
      copy(SparkTestSession.confDir(), conf);
      Files.writeString(
          conf.resolve("sources/vault.yaml"),
          "source: vault\nowner: o\ndescription: d\nobjects:\n"
              + object("up", pg.getPort(), "1")
              + object("down", down, "2"));
      // the profile's own secret and one from the environment (for a filesystem not used here)
      Files.writeString(
          conf.resolve("embedded.yaml"),
          "warehouse: ./lakehouse\nspark:\n  master: \"local[2]\"\n  conf:\n"
              + "    spark.sql.shuffle.partitions: \"4\"\n"
              + "    spark.hadoop.fs.s3a.secret.key: "
              + IN_PROFILE
              + "\n    spark.hadoop.fs.s3a.access.key: ${VAULT_S3_KEY}\n"
              + "catalog:\n  type: hadoop\nlineage:\n  transport: file\n");
      assertTrue(Files.readString(conf.resolve("embedded.yaml")).contains(IN_PROFILE));
      Path wh = tmp.resolve("wh");
      Path landing = Files.createDirectories(tmp.resolve("landing"));
      List<String> outputs = new ArrayList<>();
      String ingest =
          run(outputs, "ingest", "vault", "--verbose", "--landing", landing.toString(), wh, conf);
      assertTrue(ingest.contains("landed"), ingest);
      assertTrue(ingest.contains("cannot connect to jdbc:postgresql://127.0.0.1:" + down), ingest);
      String tables = run(outputs, "tables", wh, conf);
      assertTrue(tables.contains("lake.ops.ingest_files"), tables);
      assertTrue(tables.contains("lake.ops.lineage_events"), tables);
      run(outputs, "lineage", "upstream", "bronze.vault__up", wh, conf);
      for (String text : outputs) {
        for (String secret : SECRETS) {
          assertTrue(!text.contains(secret), secret + " printed: " + excerpt(text, secret));
        }
      }
      // every file the run left in the warehouse, byte for byte (logs, run records, lineage
      // files, Delta logs, Iceberg metadata), and every row of every data file (compressed, so
      // read back): the ops tables, lineage events and bronze, in all their versions
      int dataFiles = 0;
      try (Stream<Path> files = Files.walk(wh)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String text =
              f.toString().endsWith(".parquet")
                  ? spark.read().parquet(f.toString()).collectAsList().toString()
                  : new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          dataFiles += f.toString().endsWith(".parquet") ? 1 : 0;
          for (String secret : SECRETS) {
            assertTrue(!text.contains(secret), secret + " in " + wh.relativize(f));
          }
        }
      }
      assertTrue(dataFiles >= 4, dataFiles + " data files read back");
    }
  }

  private static String object(String name, int port, String retries) {
    return "  - name: "
        + name
        + "\n    description: d\n    format: jdbc\n    path: public.accounts\n    options:\n"
        + "      url: jdbc:postgresql://127.0.0.1:"
        + port
        + "/postgres?user=postgres&password="
        + IN_URL
        + "\n      password_env: VAULT_DB_PASSWORD\n      retries: \""
        + retries
        + "\"\n      retry_wait_ms: \"50\"\n";
  }

  /** Runs the CLI in its own JVM with the secrets in its environment; stdout + stderr. */
  private String run(List<String> outputs, Object... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx2g");
    for (String flag : System.getProperty("factory.jvm.flags", "").split(" ")) {
      if (!flag.isBlank()) {
        cmd.add(flag);
      }
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FactoryMain.class.getName()));
    Path wh = (Path) args[args.length - 2];
    Path conf = (Path) args[args.length - 1];
    for (int i = 0; i < args.length - 2; i++) {
      cmd.add(args[i].toString());
    }
    cmd.addAll(List.of("--warehouse", wh.toString(), "--conf", conf.toString()));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    Map<String, String> env = pb.environment();
    env.put("VAULT_DB_PASSWORD", IN_ENV);
    env.put("VAULT_S3_KEY", IN_ENV);
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "factory " + cmd + " did not finish");
    String text = Files.readString(out, StandardCharsets.UTF_8);
    outputs.add(text);
    // 3: the ingest completed with a rejected "file" (the database that is down)
    assertTrue(
        p.exitValue() == 0 || p.exitValue() == FactoryMain.REJECTED_FILES,
        "exit " + p.exitValue() + ": " + text);
    return text;
  }

  private static String excerpt(String text, String secret) {
    int at = text.indexOf(secret);
    return text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 100));
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
