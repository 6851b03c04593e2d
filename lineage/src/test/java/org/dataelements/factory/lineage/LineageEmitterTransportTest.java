package org.dataelements.factory.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.dataelements.factory.core.testing.LogCapture;
import org.dataelements.factory.core.testing.PrismServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emitter with an HTTP transport, as a run uses it: every event reaches Marquez's endpoint
 * (Prism validating each request against the official spec), a down endpoint costs the run one
 * warning and keeps its events, and the next run sends those first.
 */
class LineageEmitterTransportTest {
  private static final HttpTransport.Settings QUICK =
      HttpTransport.Settings.defaults()
          .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
          .withRetries(2, Duration.ofMillis(50), Duration.ofMillis(100));
  @TempDir Path wh;

  private LineageEmitter emitter(LineageTransport t) {
    return new LineageEmitter(
        wh.toUri().toString(), new Configuration(), true, "data-element-factory", Optional.of(t));
  }

  private static void run(LineageEmitter e, String runId) {
    e.start(runId, "ingest", List.of());
    e.complete(runId, "ingest", List.of(), List.of());
    e.start(runId, "silver:x", List.of());
    e.complete(runId, "silver:x", List.of(), List.of());
  }

  @Test
  void everyEventOfARunReachesMarquezAsItsSpecSays() {
    try (PrismServer prism = PrismServer.serve("marquez/openapi.yml")) {
      // Prism serves the spec's paths without its base path /api/v1
      var http = new HttpTransport(prism.url("/lineage").toString(), Optional.empty(), QUICK);
      try (LogCapture log = LogCapture.packageOf(LineageEmitter.class)) {
        run(emitter(http), "r1");
        assertEquals(List.of(), log.at("WARN"), "Prism took every event");
      }
      assertTrue(new LineageOutbox(wh.toUri().toString(), new Configuration()).pending().isEmpty());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aDownEndpointIsOneWarningAndItsEventsGoWithTheNextRun() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    var down =
        new HttpTransport("http://127.0.0.1:" + port + "/api/v1/lineage", Optional.empty(), QUICK);
    try (LogCapture log = LogCapture.packageOf(LineageEmitter.class)) {
      run(emitter(down), "r1");
      assertEquals(1, log.at("WARN").size(), log.lines().toString());
    }
    assertEquals(4, Files.readAllLines(wh.resolve("_lineage/r1.jsonl")).size(), "the file has all");
    var outbox = new LineageOutbox(wh.toUri().toString(), new Configuration());
    assertEquals(4, outbox.pending().size(), "the run's events wait in the outbox");

    try (FakeEndpoint up = FakeEndpoint.accepting()) {
      var http = new HttpTransport(up.url(), Optional.empty(), QUICK);
      run(emitter(http), "r2");
      List<String> bodies = up.bodies();
      assertEquals(8, bodies.size(), "the kept four, then the new four");
      assertEquals(
          LineageEmitter.stepRunId("r1", "ingest").toString(),
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(bodies.get(0))
              .at("/run/runId")
              .asText(),
          "the earlier run's first event goes first");
    }
    assertTrue(outbox.pending().isEmpty(), "delivered: the outbox is empty");
  }
}
