package org.dataelements.factory.lineage;

import static org.dataelements.factory.lineage.RunEventsFixture.runEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dataelements.factory.core.testing.PrismServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP transport against Prism serving Marquez's official OpenAPI spec with {@code --errors}:
 * Prism checks each request against the spec (path, method, content type, body) and refuses what
 * the spec does not allow. Prism matches the spec's paths without the server's base path, so
 * Marquez's {@code POST /api/v1/lineage} is {@code POST /lineage} here.
 */
class HttpTransportPrismTest {
  private static final HttpTransport.Settings QUICK =
      HttpTransport.Settings.defaults()
          .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
          .withRetries(3, Duration.ofMillis(50), Duration.ofMillis(200));
  private static PrismServer prism;

  @BeforeAll
  static void startPrism() {
    prism = PrismServer.serve("marquez/openapi.yml");
    System.err.printf("Prism (marquez/openapi.yml) served in %d ms%n", prism.startup().toMillis());
  }

  @AfterAll
  static void stopPrism() {
    if (prism != null) {
      prism.close();
    }
  }

  private static long requestsTo(String path) {
    return prism
        .output()
        .lines()
        .filter(
            l -> l.contains("[HTTP SERVER] post " + path + " ") && l.contains("Request received"))
        .count();
  }

  @Test
  void marquezTakesARealisticRunEventWithABearerKey() throws IOException {
    HttpTransport t =
        new HttpTransport(prism.url("/lineage").toString(), Optional.of("tok-prism"), QUICK);
    long before = requestsTo("/lineage");
    t.send(List.of(runEvent("silver_power_consumption_monthly"), runEvent("gold_index")));
    String out = prism.output();
    assertEquals(before + 2, requestsTo("/lineage"), out);
    assertTrue(out.contains("The request passed the validation rules"), out);
  }

  @Test
  void anEndpointPathTheSpecDoesNotHaveIsRefusedAtOnce() {
    // a typical misconfiguration: the server's url instead of the lineage endpoint
    HttpTransport t = new HttpTransport(prism.url("/lineages").toString(), Optional.empty(), QUICK);
    IOException e = assertThrows(IOException.class, () -> t.send(List.of(runEvent("x"))));
    String out = prism.output();
    assertTrue(
        e.getMessage()
            .startsWith("http " + prism.url("/lineages") + " refused the event: answered 404: "),
        e.getMessage() + "\nPrism:\n" + out);
    assertTrue(e.getMessage().contains("NO_PATH_MATCHED_ERROR"), e.getMessage());
    assertEquals(1, requestsTo("/lineages"), "no retry of a 404\nPrism:\n" + out);
  }

  @Test
  void aBodyThatIsNotJsonIsRefused() {
    // Prism's server refuses it before routing, so its output shows nothing of it
    HttpTransport t = new HttpTransport(prism.url("/lineage").toString(), Optional.empty(), QUICK);
    IOException e =
        assertThrows(IOException.class, () -> t.send(List.of("{\"eventType\": COMPLETE")));
    String out = prism.output();
    assertTrue(
        e.getMessage().contains("refused the event: answered 400: ")
            && e.getMessage().contains("invalid_json"),
        e.getMessage() + "\nPrism:\n" + out);
  }
}
