package org.dataelements.factory.lineage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * An OpenLineage endpoint for tests: the JDK's HTTP server on 127.0.0.1, answering the n-th request
 * (from 1) as a script says and recording every request with the time it arrived.
 */
final class FakeEndpoint implements AutoCloseable {
  /** What the endpoint answers. */
  record Answer(int status, String body) {
    static Answer ok() {
      return new Answer(200, "");
    }
  }

  /** One request as received. */
  record Request(
      long atNanos,
      String method,
      String path,
      Optional<String> authorization,
      String contentType,
      String body) {}

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();

  private FakeEndpoint(IntFunction<Answer> script) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          Answer answer;
          synchronized (requests) {
            requests.add(request(exchange));
            answer = script.apply(requests.size());
          }
          byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
          try (var out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** An endpoint answering the n-th request (from 1) with {@code script.apply(n)}. */
  static FakeEndpoint answering(IntFunction<Answer> script) {
    return new FakeEndpoint(script);
  }

  /** An endpoint taking everything. */
  static FakeEndpoint accepting() {
    return new FakeEndpoint(n -> Answer.ok());
  }

  private static Request request(HttpExchange exchange) throws IOException {
    return new Request(
        System.nanoTime(),
        exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(),
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
        String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** The endpoint's url, {@code http://127.0.0.1:PORT/api/v1/lineage}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/lineage";
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  List<String> bodies() {
    return requests().stream().map(Request::body).toList();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
