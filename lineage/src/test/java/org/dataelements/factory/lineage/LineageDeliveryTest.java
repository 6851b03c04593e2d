package org.dataelements.factory.lineage;

import static org.dataelements.factory.lineage.RunEventsFixture.runEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.dataelements.factory.core.testing.LogCapture;
import org.dataelements.factory.lineage.FakeEndpoint.Answer;
import org.dataelements.factory.lineage.LineageDelivery.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageDeliveryTest {
  private static final HttpTransport.Settings QUICK =
      HttpTransport.Settings.defaults()
          .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
          .withRetries(2, Duration.ofMillis(20), Duration.ofMillis(20));

  @TempDir Path warehouse;

  private LineageOutbox outbox() {
    return new LineageOutbox(warehouse.toUri().toString(), new Configuration());
  }

  private static String closedPortUrl() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + s.getLocalPort() + "/api/v1/lineage";
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void downEndpointKeepsTheEventsWithOneWarningAndTheNextRunSendsThemFirst() throws IOException {
    HttpTransport down = new HttpTransport(closedPortUrl(), Optional.empty(), QUICK);
    List<String> first = runEvents("first", 3);
    List<String> second = runEvents("second", 2);
    try (LogCapture logs = LogCapture.packageOf(LineageDelivery.class)) {
      assertEquals(new Outcome(0, 3, 0), LineageDelivery.deliver(down, outbox(), first));
      assertEquals(1, logs.at("WARN").size(), logs.lines().toString());
      String warning = logs.at("WARN").get(0).message();
      String expected =
          "lineage: "
              + down.describe()
              + ": event not delivered after 2 attempt(s) in <ms> ms; last:"
              + " java.net.ConnectException <cause>; 3 event(s) kept in "
              + warehouse.toUri()
              + "_lineage/_outbox/ and resent by the next run";
      assertEquals(
          expected,
          warning
              .replaceAll(" in \\d+ ms;", " in <ms> ms;")
              .replaceAll("ConnectException \\(.*\\);", "ConnectException <cause>;"));

      assertEquals(new Outcome(0, 5, 0), LineageDelivery.deliver(down, outbox(), second));
      assertEquals(2, logs.at("WARN").size(), "one warning per delivery: " + logs.lines());
      assertEquals(concat(first, second), outbox().pending(), "kept once each, in order");
    }

    List<String> third = runEvents("third", 1);
    try (FakeEndpoint up = FakeEndpoint.accepting();
        LogCapture logs = LogCapture.packageOf(LineageDelivery.class)) {
      HttpTransport t = new HttpTransport(up.url(), Optional.empty(), QUICK);
      assertEquals(new Outcome(6, 0, 0), LineageDelivery.deliver(t, outbox(), third));
      assertEquals(concat(concat(first, second), third), up.bodies(), "kept first, in order");
      assertEquals(List.of(), outbox().pending(), "the outbox is empty");
      assertEquals(List.of(), logs.at("WARN"));
    }
  }

  @Test
  void partialDeliveryKeepsOnlyTheUndeliveredRestOnce() throws IOException {
    List<String> kept = runEvents("kept", 3);
    List<String> fresh = runEvents("fresh", 2);
    outbox().keep(kept.subList(0, 2));
    outbox().keep(kept.subList(2, 3));
    // takes two events, then refuses everything
    try (FakeEndpoint flaky =
        FakeEndpoint.answering(n -> n <= 2 ? Answer.ok() : new Answer(503, "down"))) {
      HttpTransport t = new HttpTransport(flaky.url(), Optional.empty(), QUICK);
      assertEquals(new Outcome(2, 3, 0), LineageDelivery.deliver(t, outbox(), fresh));
      assertEquals(kept.subList(0, 2), flaky.bodies().subList(0, 2));
    }
    assertEquals(
        concat(kept.subList(2, 3), fresh), outbox().pending(), "delivered ones are not kept again");

    try (FakeEndpoint up = FakeEndpoint.accepting()) {
      HttpTransport t = new HttpTransport(up.url(), Optional.empty(), QUICK);
      assertEquals(new Outcome(3, 0, 0), LineageDelivery.deliver(t, outbox(), List.of()));
      assertEquals(concat(kept.subList(2, 3), fresh), up.bodies());
    }
    assertEquals(List.of(), outbox().pending());
  }

  @Test
  void aTransportThatThrowsAnythingDoesNotFailTheRun() throws IOException {
    LineageTransport broken =
        new LineageTransport() {
          @Override
          public void send(List<String> events) {
            throw new IllegalStateException("bug in a transport");
          }

          @Override
          public String describe() {
            return "broken";
          }
        };
    List<String> events = runEvents("e", 2);
    try (LogCapture logs = LogCapture.packageOf(LineageDelivery.class)) {
      assertEquals(new Outcome(0, 2, 0), LineageDelivery.deliver(broken, outbox(), events));
      assertEquals(1, logs.at("WARN").size(), logs.lines().toString());
      assertTrue(
          logs.at("WARN")
              .get(0)
              .message()
              .startsWith("lineage: broken: bug in a transport; 2 event(s) kept in "),
          logs.at("WARN").get(0).message());
    }
    assertEquals(events, outbox().pending());
  }

  @Test
  void anOutboxThatCannotBeWrittenLosesTheEventsWithOneWarningAndNoException() throws IOException {
    Path file = Files.writeString(warehouse.resolve("not-a-folder"), "x");
    LineageOutbox blocked = new LineageOutbox(file.toUri().toString(), new Configuration());
    HttpTransport down = new HttpTransport(closedPortUrl(), Optional.empty(), QUICK);
    try (LogCapture logs = LogCapture.packageOf(LineageDelivery.class)) {
      assertEquals(new Outcome(0, 0, 2), LineageDelivery.deliver(down, blocked, runEvents("e", 2)));
      assertEquals(1, logs.at("WARN").size(), logs.lines().toString());
      String m = logs.at("WARN").get(0).message();
      assertTrue(m.contains("; 0 event(s) kept in "), m);
      assertTrue(
          m.contains("2 new event(s) lost: the outbox " + blocked.location() + " was not written"),
          m);
    }
  }

  @Test
  void theKeyNeverReachesTheWarning() throws IOException {
    String token = "tok-0a1b2c3d4e5f";
    try (FakeEndpoint endpoint =
            FakeEndpoint.answering(n -> new Answer(401, "bad token " + token));
        LogCapture logs = LogCapture.packageOf(LineageDelivery.class)) {
      HttpTransport t = new HttpTransport(endpoint.url(), Optional.of(token), QUICK);
      assertEquals(new Outcome(0, 1, 0), LineageDelivery.deliver(t, outbox(), runEvents("e", 1)));
      assertEquals(Optional.of("Bearer " + token), endpoint.requests().get(0).authorization());
      String m = logs.at("WARN").get(0).message();
      assertTrue(m.contains("refused the event: answered 401: bad token <redacted>"), m);
      assertFalse(logs.lines().toString().contains(token), logs.lines().toString());
    }
    assertFalse(String.join("\n", outbox().pending()).contains(token));
  }
}
