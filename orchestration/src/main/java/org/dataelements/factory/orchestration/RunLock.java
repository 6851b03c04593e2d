package org.dataelements.factory.orchestration;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dataelements.factory.core.LakehouseException;

/**
 * One {@code factory run} per warehouse at a time: {@code <warehouse>/_run.lock} names the holder
 * (run id, host, pid, start) and is refreshed every {@link #HEARTBEAT}. A second run is refused
 * with the holder's details. A lock whose process is gone (same host, pid no longer alive: a run
 * killed with SIGKILL leaves it behind) or whose heartbeat stopped for {@link #STALE} is taken
 * over, and the console says so. Created with {@code CREATE_NEW}, which the local file system does
 * atomically.
 */
final class RunLock implements AutoCloseable {
  static final String FILE = "_run.lock";
  static final Duration HEARTBEAT = Duration.ofSeconds(20);
  static final Duration STALE = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String runId;
  private final Instant started;
  private final ScheduledExecutorService heartbeat;

  /** Who holds a lock, as its file says. */
  record Holder(String runId, String host, long pid, Instant started, Instant heartbeat) {
    boolean stale(String thisHost, Instant now) {
      if (host.equals(thisHost)
          && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
        return true;
      }
      return Duration.between(heartbeat, now).compareTo(STALE) > 0;
    }

    String describe(Instant now) {
      return String.format(
          Locale.ROOT,
          "run %s on host %s, pid %d, started %s ago (last heartbeat %s ago)",
          runId,
          host,
          pid,
          age(Duration.between(started, now)),
          age(Duration.between(heartbeat, now)));
    }
  }

  /** Another run holds the warehouse. */
  static final class Held extends LakehouseException {
    private static final long serialVersionUID = 1L;

    Held(String message) {
      super(message);
    }

    @Override
    public boolean isUserError() {
      return true;
    }
  }

  private RunLock(Path file, String runId, Instant started) {
    this.file = file;
    this.runId = runId;
    this.started = started;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "run-lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
    heartbeat.scheduleAtFixedRate(
        this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the warehouse's lock for {@code runId}, taking over a stale one (said on the console);
   * throws {@link Held} naming the holder when a live run has it.
   */
  static RunLock acquire(Path warehouse, String runId, Console console) {
    requireNonNull(runId, "runId is null");
    Path file = warehouse.resolve(FILE);
    try {
      Files.createDirectories(warehouse);
      for (int attempt = 0; attempt < 2; attempt++) {
        Instant now = Instant.now();
        try {
          Files.writeString(
              file, render(runId, now, now), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
          return new RunLock(file, runId, now);
        } catch (FileAlreadyExistsException e) {
          Optional<Holder> holder = read(file);
          if (holder.isEmpty()) {
            continue; // released between our try and our read
          }
          Holder h = holder.get();
          if (!h.stale(host(), now)) {
            throw new Held(
                "another factory run is using the warehouse "
                    + warehouse
                    + ": "
                    + h.describe(now)
                    + ". Wait for it to finish; a run that was killed leaves "
                    + file
                    + ", which the next run takes over once its process is gone (or "
                    + STALE.toMinutes()
                    + " minutes after its last heartbeat, for a run on another host).");
          }
          console.step(
              "taking over the lock of "
                  + h.describe(now)
                  + ": "
                  + (h.host().equals(host()) ? "its process is gone" : "its heartbeat stopped"));
          Files.deleteIfExists(file);
        }
      }
      throw new Held("another factory run took the warehouse " + warehouse + " at the same moment");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the run lock " + file, e);
    }
  }

  /** The holder named by a lock file, if there is one. */
  static Optional<Holder> read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(text);
      return Optional.of(
          new Holder(
              n.path("run_id").asText("?"),
              n.path("host").asText("?"),
              n.path("pid").asLong(-1),
              Instant.parse(n.path("started_at").asText()),
              Instant.parse(n.path("heartbeat_at").asText())));
    } catch (IOException | RuntimeException e) {
      // a lock half-written by a killed process: as old as the file
      Instant modified = Files.getLastModifiedTime(file).toInstant();
      return Optional.of(new Holder("?", "?", -1, modified, modified));
    }
  }

  private void beat() {
    try {
      Path tmp = file.resolveSibling(FILE + "." + ProcessHandle.current().pid() + ".tmp");
      Files.writeString(tmp, render(runId, started, Instant.now()), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      // the next beat tries again; a lock older than STALE may be taken over meanwhile
    }
  }

  /** Releases the lock if it is still this run's. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      Optional<Holder> h = read(file);
      if (h.isPresent() && h.get().runId().equals(runId)) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the run lock " + file, e);
    }
  }

  private static String render(String runId, Instant started, Instant beat) {
    ObjectNode n = JSON.createObjectNode();
    n.put("run_id", runId);
    n.put("host", host());
    n.put("pid", ProcessHandle.current().pid());
    n.put("started_at", started.toString());
    n.put("heartbeat_at", beat.toString());
    return n.toString() + "\n";
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static String age(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h";
  }
}
