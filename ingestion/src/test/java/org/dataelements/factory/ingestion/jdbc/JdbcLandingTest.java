package org.dataelements.factory.ingestion.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.ingestion.IngestReport;
import org.dataelements.factory.ingestion.Ingestor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** JDBC sources against a real PostgreSQL (embedded binaries on 127.0.0.1). */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class JdbcLandingTest {
  @TempDir Path landing;

  private static SourceSpec source(String name, String url) {
    return new SourceSpec(
        name,
        "o",
        "d",
        Optional.empty(),
        List.of(
            new ObjectSpec(
                "operations",
                "d",
                SourceFormat.JDBC,
                "public.farm_operations",
                "UTF-8",
                List.of(),
                Map.of(),
                FormatOptions.parse(
                    SourceFormat.JDBC,
                    Map.of(
                        "url", url, "user", "postgres", "retries", "2", "retry_wait_ms", "50")))));
  }

  private static IngestReport.FileOutcome only(IngestReport r) {
    assertEquals(1, r.files().size(), r.files().toString());
    return r.files().get(0);
  }

  @Test
  void landsATableOnceAndAChangedTableAsTheNextVersion(Lakehouse lh) throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start();
        Connection c = pg.getPostgresDatabase().getConnection()) {
      c.createStatement()
          .execute(
              "create table farm_operations (id int primary key, lot text, "
                  + "operation text, dose_kg_per_ha numeric(6,2), done_at timestamp)");
      c.createStatement()
          .execute(
              "insert into farm_operations values "
                  + "(1, 'LOT-1', 'spraying', 1.25, '2024-05-01 08:00'), (2, 'LOT-1', 'harvest', null, '2024-06-01 07:00')");
      String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
      OpsTables ops = new OpsTables(lh);
      ops.ensureAll();
      Ingestor ingestor = new Ingestor(lh, ops);
      SourceSpec spec = source("jdbctest_a", url);

      IngestReport.FileOutcome first =
          only(ingestor.ingest(List.of(spec), landing, RunIds.next(Instant.now())));
      assertEquals("landed", first.status(), first.reason());
      assertEquals("jdbc:public.farm_operations", first.path());
      assertEquals(2, first.rowsLanded());
      TableId bronze = TableId.bronze("jdbctest_a", "operations");
      Row spraying = lh.read(bronze).filter("id = 1").first();
      assertEquals("spraying", spraying.getAs("operation"));
      assertEquals(
          0,
          new java.math.BigDecimal("1.25").compareTo(spraying.getAs("dose_kg_per_ha")),
          "typed as in the database");

      IngestReport.FileOutcome again =
          only(ingestor.ingest(List.of(spec), landing, RunIds.next(Instant.now())));
      assertEquals("unchanged", again.status());
      assertEquals(2, lh.read(bronze).count());

      c.createStatement()
          .execute(
              "insert into farm_operations values (3, 'LOT-2', 'spraying', 0.5, '2024-05-02 09:00')");
      IngestReport.FileOutcome changed =
          only(ingestor.ingest(List.of(spec), landing, RunIds.next(Instant.now())));
      assertEquals("landed", changed.status());
      assertEquals(2, changed.version());
      assertEquals(
          5, lh.read(bronze).count(), "each snapshot lands whole; silver reads the latest");
      Row recorded =
          lh.spark()
              .sql(
                  "select checksum, status from lake.ops.ingest_files "
                      + "where path = 'jdbc:public.farm_operations' and version = 2")
              .first();
      assertEquals("landed", recorded.getAs("status"));
      assertEquals(64, ((String) recorded.getAs("checksum")).length(), "a hash of the rows read");
    }
  }

  @Test
  void aDatabaseThatIsDownIsRejectedWithAClearReasonAfterBoundedRetries(Lakehouse lh)
      throws Exception {
    int freePort;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      freePort = s.getLocalPort();
    }
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    Files.writeString(landing.resolve("unrelated.txt"), "x");
    long started = System.nanoTime();
    IngestReport r =
        new Ingestor(lh, ops)
            .ingest(
                List.of(
                    source("jdbctest_b", "jdbc:postgresql://127.0.0.1:" + freePort + "/postgres")),
                landing,
                RunIds.next(Instant.now()));
    long ms = (System.nanoTime() - started) / 1_000_000;
    IngestReport.FileOutcome down =
        r.files().stream().filter(f -> f.path().startsWith("jdbc:")).findFirst().orElseThrow();
    assertEquals("rejected", down.status());
    assertTrue(
        down.reason().contains("cannot connect to jdbc:postgresql://127.0.0.1:" + freePort)
            && down.reason().contains("after 2 attempt(s)"),
        down.reason());
    assertTrue(ms < 60_000, "bounded: " + ms + " ms");
    assertEquals(
        "skipped",
        r.files().stream()
            .filter(f -> f.path().equals("unrelated.txt"))
            .findFirst()
            .orElseThrow()
            .status(),
        "the other files are still accounted for");
  }
}
