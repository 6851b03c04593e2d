package org.dataelements.factory.lineage;

import static org.dataelements.factory.lineage.RunEventsFixture.runEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dataelements.factory.core.testing.LogCapture;
import org.dataelements.factory.lineage.FakeEndpoint.Answer;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
  private static final HttpTransport.Settings QUICK =
      HttpTransport.Settings.defaults()
          .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
          .withRetries(3, Duration.ofMillis(60), Duration.ofSeconds(1));

  @Test
  void settingsDefaultToFiveAndTenSecondsAndThreeAttempts200MsApartDoubling() {
    HttpTransport.Settings d = HttpTransport.Settings.defaults();
    assertEquals(Duration.ofSeconds(5), d.connectTimeout());
    assertEquals(Duration.ofSeconds(10), d.requestTimeout());
    assertEquals(3, d.attempts());
    assertEquals(Duration.ofMillis(200), d.backoff());
    assertEquals(Duration.ofSeconds(5), d.maxBackoff());
    assertEquals(Duration.ofMillis(200), d.delayAfter(1));
    assertEquals(Duration.ofMillis(400), d.delayAfter(2));
    assertEquals(Duration.ofMillis(3200), d.delayAfter(5));
    assertEquals(Duration.ofSeconds(5), d.delayAfter(6), "capped at maxBackoff");
    assertEquals(Duration.ofSeconds(5), d.delayAfter(200), "no overflow");
    assertEquals(
        d, new HttpTransport("http://127.0.0.1:1/api/v1/lineage", Optional.empty()).settings());
  }

  @Test
  void settingsMapEveryPart() {
    HttpTransport.Settings s =
        HttpTransport.Settings.defaults()
            .withTimeouts(Duration.ofMillis(1), Duration.ofMillis(2))
            .withRetries(7, Duration.ofMillis(3), Duration.ofMillis(4));
    assertEquals(
        new HttpTransport.Settings(
            Duration.ofMillis(1),
            Duration.ofMillis(2),
            7,
            Duration.ofMillis(3),
            Duration.ofMillis(4)),
        s);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> s.withRetries(0, Duration.ZERO, Duration.ZERO));
    assertTrue(e.getMessage().contains("attempts 0 is less than 1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> s.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("connectTimeout PT0S is not positive"), e.getMessage());
  }

  @Test
  void postsEachEventAsJsonToTheEndpointInOrder() throws IOException {
    try (FakeEndpoint endpoint = FakeEndpoint.accepting()) {
      List<String> events = List.of(runEvent("a"), runEvent("b"));
      new HttpTransport(endpoint.url(), Optional.empty(), QUICK).send(events);
      List<FakeEndpoint.Request> got = endpoint.requests();
      assertEquals(events, endpoint.bodies());
      for (FakeEndpoint.Request r : got) {
        assertEquals("POST", r.method());
        assertEquals("/api/v1/lineage", r.path());
        assertEquals("application/json", r.contentType());
        assertEquals(Optional.empty(), r.authorization());
      }
    }
  }

  @Test
  void retriesTwo503sWithGrowingBackOffThenDelivers() throws IOException {
    try (FakeEndpoint endpoint =
        FakeEndpoint.answering(n -> n <= 2 ? new Answer(503, "busy") : Answer.ok())) {
      String event = runEvent("retried");
      new HttpTransport(endpoint.url(), Optional.empty(), QUICK).send(List.of(event));
      List<FakeEndpoint.Request> got = endpoint.requests();
      assertEquals(3, got.size(), "delivered on the third attempt");
      assertEquals(List.of(event, event, event), endpoint.bodies());
      long first = Duration.ofNanos(got.get(1).atNanos() - got.get(0).atNanos()).toMillis();
      long second = Duration.ofNanos(got.get(2).atNanos() - got.get(1).atNanos()).toMillis();
      assertTrue(first >= 60, "first back-off 60 ms, was " + first);
      assertTrue(second >= 120, "second back-off doubles to 120 ms, was " + second);
    }
  }

  @Test
  void retries429LikeA5xx() throws IOException {
    try (FakeEndpoint endpoint =
        FakeEndpoint.answering(n -> n == 1 ? new Answer(429, "slow down") : Answer.ok())) {
      new HttpTransport(endpoint.url(), Optional.empty(), QUICK).send(List.of(runEvent("x")));
      assertEquals(2, endpoint.requests().size());
    }
  }

  @Test
  void givesUpAfterTheAttemptsNamingUrlAndLastAnswer() {
    try (FakeEndpoint endpoint = FakeEndpoint.answering(n -> new Answer(502, "gateway " + n))) {
      HttpTransport t = new HttpTransport(endpoint.url(), Optional.empty(), QUICK);
      IOException e = assertThrows(IOException.class, () -> t.send(List.of(runEvent("x"))));
      assertEquals(3, endpoint.requests().size());
      String m = e.getMessage();
      assertTrue(
          m.startsWith("http " + endpoint.url() + ": event not delivered after 3 attempt(s)"), m);
      assertTrue(m.endsWith("last: answered 502: gateway 3"), m);
    }
  }

  @Test
  void refusesA400AtOnceWithStatusAndTheFirst200CharactersOfTheBody() {
    String body = "x".repeat(200) + "TAIL-NOT-SHOWN";
    try (FakeEndpoint endpoint = FakeEndpoint.answering(n -> new Answer(400, body))) {
      HttpTransport t = new HttpTransport(endpoint.url(), Optional.empty(), QUICK);
      IOException e =
          assertThrows(IOException.class, () -> t.send(List.of(runEvent("x"), runEvent("y"))));
      assertEquals(1, endpoint.requests().size(), "no retry and no second event after a 400");
      assertEquals(
          "http " + endpoint.url() + " refused the event: answered 400: " + "x".repeat(200) + "…",
          e.getMessage());
    }
  }

  @Test
  void boundsTheTimeSpentOnAnEndpointThatNeverAnswers() throws IOException {
    // the kernel completes the handshake for the backlog: connected, but never an answer
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      HttpTransport.Settings s =
          HttpTransport.Settings.defaults()
              .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
              .withRetries(2, Duration.ofMillis(50), Duration.ofMillis(50));
      HttpTransport t =
          new HttpTransport(
              "http://127.0.0.1:" + silent.getLocalPort() + "/api/v1/lineage", Optional.empty(), s);
      long start = System.nanoTime();
      IOException e = assertThrows(IOException.class, () -> t.send(List.of(runEvent("x"))));
      long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertTrue(ms >= 2 * 300 + 50, "two full request timeouts and a back-off: " + ms + " ms");
      assertTrue(ms < 2_000, "bounded by 2 × 300 ms + 50 ms (+ slack): " + ms + " ms");
      assertTrue(
          e.getMessage().contains("last: java.net.http.HttpTimeoutException: request timed out"),
          e.getMessage());
      assertTrue(e.getCause() instanceof HttpTimeoutException, String.valueOf(e.getCause()));
      assertTrue(e.getMessage().contains("after 2 attempt(s)"), e.getMessage());
    }
  }

  @Test
  void boundsAnAnswerWhoseBodyNeverEnds() throws IOException {
    // headers at once, then one byte of the promised 100 and silence: the request timeout (which
    // covers the headers only) does not end this; the transport's bound on the exchange does
    try (ServerSocket stalling = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread server =
          new Thread(
              () -> {
                try (Socket s = stalling.accept()) {
                  s.getInputStream().read(new byte[8192]);
                  s.getOutputStream()
                      .write(
                          "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"
                              .getBytes(StandardCharsets.US_ASCII));
                  s.getOutputStream().flush();
                  Thread.sleep(10_000);
                } catch (IOException | InterruptedException e) {
                  // the test is over
                }
              });
      server.setDaemon(true);
      server.start();
      HttpTransport.Settings s =
          HttpTransport.Settings.defaults()
              .withTimeouts(Duration.ofMillis(200), Duration.ofMillis(300))
              .withRetries(1, Duration.ZERO, Duration.ZERO);
      HttpTransport t =
          new HttpTransport(
              "http://127.0.0.1:" + stalling.getLocalPort() + "/api/v1/lineage",
              Optional.empty(),
              s);
      long start = System.nanoTime();
      IOException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(5),
              () -> assertThrows(IOException.class, () -> t.send(List.of(runEvent("x")))));
      long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertTrue(ms < 2_000, "bounded by connect + request timeout (500 ms): " + ms + " ms");
      assertTrue(
          e.getMessage()
              .endsWith(
                  "last: java.net.http.HttpTimeoutException: no complete answer"
                      + " within 500 ms"),
          e.getMessage());
      server.interrupt();
    }
  }

  @Test
  void aClosedPortFailsAfterTheAttemptsWithTheConnectionError() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    HttpTransport t =
        new HttpTransport("http://127.0.0.1:" + port + "/api/v1/lineage", Optional.empty(), QUICK);
    IOException e = assertThrows(IOException.class, () -> t.send(List.of(runEvent("x"))));
    assertTrue(
        e.getMessage()
            .startsWith(
                "http http://127.0.0.1:" + port + "/api/v1/lineage: event not delivered after 3"),
        e.getMessage());
    assertTrue(e.getCause() instanceof java.net.ConnectException, String.valueOf(e.getCause()));
  }

  @Test
  void apiKeyIsSentAsBearerAndNeverShown() {
    String token = "tok-9f8e7d6c5b4a";
    // a hostile endpoint that echoes the request's Authorization header in its error bodies
    List<String> seen = new ArrayList<>();
    try (FakeEndpoint endpoint =
            FakeEndpoint.answering(n -> new Answer(503, "echo: Bearer " + token));
        LogCapture logs = LogCapture.packageOf(HttpTransport.class)) {
      HttpTransport t =
          new HttpTransport(endpoint.url() + "?tenant=" + token, Optional.of(token), QUICK);
      IOException e = assertThrows(IOException.class, () -> t.send(List.of(runEvent("x"))));
      assertEquals(
          Optional.of("Bearer " + token),
          endpoint.requests().get(0).authorization(),
          "the endpoint receives the key as a Bearer token");
      seen.add(t.describe());
      seen.add(t.toString());
      seen.add(e.getMessage());
      seen.add(String.valueOf(e.getCause()));
      logs.lines().forEach(l -> seen.add(l.text()));
      assertFalse(logs.at("DEBUG").isEmpty(), "the capture sees the retry lines: " + logs.lines());
      assertTrue(t.describe().endsWith("/api/v1/lineage?tenant=<redacted>"), t.describe());
      assertTrue(e.getMessage().contains("echo: Bearer <redacted>"), e.getMessage());
    }
    for (String s : seen) {
      assertFalse(s.contains(token), "key shown in: " + s);
    }
  }

  @Test
  void badUrlOrKeyIsRefusedWithoutShowingTheSecret() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new HttpTransport(
                    "http://ada:pw-s3cr3t@marquez:5000/api/v1/lineage", Optional.empty()));
    assertEquals(
        "lineage url http://marquez:5000/api/v1/lineage carries user info; remove it and give the"
            + " credential as the API key (sent as Authorization: Bearer)",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new HttpTransport("marquez:5000/api/v1/lineage", Optional.empty()));
    assertTrue(e.getMessage().contains("is not an absolute http(s) URL"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new HttpTransport("http://marquez:5000/ x?k=s3cr3t", Optional.empty()));
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new HttpTransport("http://marquez:5000/api/v1/lineage", Optional.of("s3cr3t\n")));
    assertTrue(e.getMessage().contains("position 6 of 7"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
  }
}
