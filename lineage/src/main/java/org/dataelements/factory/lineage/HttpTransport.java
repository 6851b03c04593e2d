package org.dataelements.factory.lineage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each event as {@code application/json} to an OpenLineage HTTP endpoint (Marquez's {@code
 * POST /api/v1/lineage}), with bounded patience: a connect and a request timeout, and a few
 * attempts with exponential back-off when the endpoint cannot be reached, times out, answers 429 or
 * a 5xx. Any other answer but 2xx fails at once (the endpoint refused the event: sending it again
 * cannot help). An optional API key goes in {@code Authorization: Bearer}; it appears in no
 * message, {@link #describe()}, {@link #toString()} or log line, nor does user info or a query
 * value of the url.
 */
public final class HttpTransport implements LineageTransport {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final int BODY_SHOWN = 200;
  private static final String REDACTED = "<redacted>";

  /**
   * How patient the transport is: {@code connectTimeout} to open a connection, {@code
   * requestTimeout} for the answer, {@code attempts} in all (at least 1) per event, waiting {@code
   * backoff}, then twice as long each time, at most {@code maxBackoff}, between them.
   */
  public record Settings(
      Duration connectTimeout,
      Duration requestTimeout,
      int attempts,
      Duration backoff,
      Duration maxBackoff) {
    public Settings {
      requireNonNull(connectTimeout, "connectTimeout is null");
      requireNonNull(requestTimeout, "requestTimeout is null");
      requireNonNull(backoff, "backoff is null");
      requireNonNull(maxBackoff, "maxBackoff is null");
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException(
            "connectTimeout " + connectTimeout + " is not positive; give a positive duration");
      }
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException(
            "requestTimeout " + requestTimeout + " is not positive; give a positive duration");
      }
      if (attempts < 1) {
        throw new IllegalArgumentException(
            "attempts " + attempts + " is less than 1; give 1 for no retry");
      }
      if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
        throw new IllegalArgumentException(
            "backoff "
                + backoff
                + " and maxBackoff "
                + maxBackoff
                + " must satisfy 0 <= backoff <= maxBackoff");
      }
    }

    /** 5 s to connect, 10 s for the answer, 3 attempts 200 ms then 400 ms apart (at most 5 s). */
    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          3,
          Duration.ofMillis(200),
          Duration.ofSeconds(5));
    }

    public Settings withTimeouts(Duration connect, Duration request) {
      return new Settings(connect, request, attempts, backoff, maxBackoff);
    }

    public Settings withRetries(int attempts, Duration backoff, Duration maxBackoff) {
      return new Settings(connectTimeout, requestTimeout, attempts, backoff, maxBackoff);
    }

    /** The wait before attempt {@code n + 1} (n ≥ 1): backoff · 2^(n-1), at most maxBackoff. */
    Duration delayAfter(int n) {
      long factor = 1L << Math.min(n - 1, 30);
      long millis = backoff.toMillis() * factor;
      return millis < 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }
  }

  private final URI url;
  private final String shown;
  private final Optional<String> apiKey;
  private final Settings settings;
  private final HttpClient client;

  /** A transport to {@code url} (the full endpoint URL) with the default {@link Settings}. */
  public HttpTransport(String url, Optional<String> apiKey) {
    this(url, apiKey, Settings.defaults());
  }

  /**
   * A transport to {@code url}, the full endpoint URL ({@code http(s)://host:port/api/v1/lineage}).
   * Throws {@link IllegalArgumentException} when the url is not an absolute http(s) URL, carries
   * user info (give the credential as {@code apiKey}), or the key is blank or holds characters an
   * HTTP header cannot.
   */
  public HttpTransport(String url, Optional<String> apiKey, Settings settings) {
    requireNonNull(url, "url is null");
    requireNonNull(apiKey, "apiKey is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.url = parse(url);
    this.shown = shown(this.url);
    apiKey.ifPresent(HttpTransport::checkKey);
    this.apiKey = apiKey;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  private static URI parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      // the url itself is not shown: it may hold a credential
      throw new IllegalArgumentException(
          "lineage url is not a valid URI ("
              + e.getReason()
              + " at index "
              + e.getIndex()
              + "); give the full endpoint, e.g. http://marquez:5000/api/v1/lineage");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "lineage url with scheme '"
              + scheme
              + "' and "
              + (uri.getHost() == null ? "no host" : "host " + uri.getHost())
              + " is not an absolute http(s) URL; give the full endpoint, e.g."
              + " http://marquez:5000/api/v1/lineage");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "lineage url "
              + shown(uri)
              + " carries user info; remove it and give the credential as the API key (sent as"
              + " Authorization: Bearer)");
    }
    return uri;
  }

  private static void checkKey(String key) {
    if (key.isBlank()) {
      throw new IllegalArgumentException("lineage API key is blank; give the token or none");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        // the key is not shown, only where the bad character is
        throw new IllegalArgumentException(
            "lineage API key holds a space, control or non-ASCII character at position "
                + i
                + " of "
                + key.length()
                + ", which an Authorization header cannot carry; check how the token was copied");
      }
    }
  }

  /**
   * An absolute http(s) url as shown in messages: no user info or fragment, query values redacted.
   */
  private static String shown(URI uri) {
    StringBuilder b = new StringBuilder(uri.getScheme()).append("://").append(uri.getHost());
    if (uri.getPort() >= 0) {
      b.append(':').append(uri.getPort());
    }
    b.append(Optional.ofNullable(uri.getRawPath()).orElse(""));
    if (uri.getRawQuery() != null) {
      b.append('?')
          .append(
              Stream.of(uri.getRawQuery().split("&"))
                  .map(
                      p ->
                          p.contains("=")
                              ? p.substring(0, p.indexOf('=') + 1) + REDACTED
                              : REDACTED)
                  .collect(Collectors.joining("&")));
    }
    return b.toString();
  }

  /** The settings this transport runs with. */
  public Settings settings() {
    return settings;
  }

  /**
   * Posts the events one by one, in order. Throws {@link IOException} at the first event not
   * delivered, naming the url and why: the status and the start of the body of a refusal, or the
   * last cause after the attempts ran out.
   */
  @Override
  public void send(List<String> events) throws IOException {
    requireNonNull(events, "events is null");
    for (String event : events) {
      post(requireNonNull(event, "event is null"));
    }
  }

  private void post(String event) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8));
    apiKey.ifPresent(k -> b.header("Authorization", "Bearer " + k));
    HttpRequest request = b.build();
    long start = System.nanoTime();
    String lastProblem = "";
    IOException lastCause = null;
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      if (attempt > 1) {
        pause(settings.delayAfter(attempt - 1));
      }
      HttpResponse<String> response;
      try {
        response = exchange(request);
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        lastCause = e;
        lastProblem = problem(e);
        retrying(attempt, lastProblem);
        continue;
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return;
      }
      String answer = "answered " + status + body(response.body());
      if (status == 429 || status >= 500) {
        lastCause = null;
        lastProblem = answer;
        retrying(attempt, answer);
        continue;
      }
      throw new IOException(describe() + " refused the event: " + answer);
    }
    throw new IOException(
        describe()
            + ": event not delivered after "
            + settings.attempts()
            + " attempt(s) in "
            + Duration.ofNanos(System.nanoTime() - start).toMillis()
            + " ms; last: "
            + lastProblem,
        lastCause);
  }

  /** The exception and, when it has no message of its own (ConnectException), its cause's. */
  private static String problem(IOException e) {
    if (e.getMessage() == null && e.getCause() != null) {
      return e + " (" + e.getCause() + ")";
    }
    return e.toString();
  }

  private void retrying(int attempt, String problem) {
    if (attempt < settings.attempts()) {
      LOG.debug(
          "lineage: {} attempt {}/{} failed ({}); next in {} ms",
          describe(),
          attempt,
          settings.attempts(),
          problem,
          settings.delayAfter(attempt).toMillis());
    }
  }

  /**
   * One exchange, bounded as a whole: the request timeout covers the wait for the answer's headers
   * only, so a body that never ends is cut at connect + request timeout.
   */
  private HttpResponse<String> exchange(HttpRequest request) throws IOException {
    CompletableFuture<HttpResponse<String>> future =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    long limit = settings.connectTimeout().plus(settings.requestTimeout()).toMillis();
    try {
      return future.get(limit, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException("no complete answer within " + limit + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sending to " + describe());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(String.valueOf(cause), cause);
    }
  }

  private void pause(Duration d) throws InterruptedIOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry " + describe());
    }
  }

  /** ": <the first 200 characters of the body>" (a key the endpoint echoes is redacted). */
  private String body(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = body.strip();
    if (apiKey.isPresent()) {
      text = text.replace(apiKey.get(), REDACTED);
    }
    return ": "
        + (text.length() > BODY_SHOWN ? text.substring(0, BODY_SHOWN) + "…" : text)
            .replace('\n', ' ')
            .replace('\r', ' ');
  }

  /** {@code http <url>}: no user info, query values redacted, never the API key. */
  @Override
  public String describe() {
    return "http " + shown;
  }

  @Override
  public String toString() {
    return describe();
  }
}
