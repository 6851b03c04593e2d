package org.dataelements.factory.lineage;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The events a transport did not take, kept under {@code <warehouse>/_lineage/_outbox/} until a
 * later run delivers them: one JSON Lines file per {@link #keep(List)}, named {@code
 * <epochMillis>-<uuid>.jsonl} so that the names sort in the order kept. Works on any Hadoop file
 * system of the warehouse ({@code file://}, {@code s3a://}). A file appears whole or not at all: it
 * is written under a hidden name ({@code _tmp-…}) and renamed.
 */
public final class LineageOutbox {
  private static final String SUFFIX = ".jsonl";

  /** Strictly increasing within this JVM, so that two keeps in one millisecond keep their order. */
  private static final AtomicLong LAST_MILLIS = new AtomicLong();

  private final Path dir;
  private final String location;
  private final Configuration hadoop;
  private List<Path> read = List.of();

  /** The outbox of the warehouse at {@code warehouseUri} (e.g. {@code s3a://bucket/wh}). */
  public LineageOutbox(String warehouseUri, Configuration hadoop) {
    requireNonNull(warehouseUri, "warehouseUri is null");
    this.hadoop = requireNonNull(hadoop, "hadoop is null");
    String base =
        warehouseUri.endsWith("/")
            ? warehouseUri.substring(0, warehouseUri.length() - 1)
            : warehouseUri;
    this.location = base + "/_lineage/_outbox/";
    this.dir = new Path(location);
  }

  /** {@code <warehouse>/_lineage/_outbox/} as the warehouse was given, for messages. */
  public String location() {
    return location;
  }

  /** Keeps the events (in order) in a new file; nothing when there are none. */
  public void keep(List<String> events) throws IOException {
    requireNonNull(events, "events is null");
    if (events.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    for (String e : events) {
      text.append(EventLines.oneLine(requireNonNull(e, "event is null"))).append('\n');
    }
    String name = String.format("%013d-%s%s", nextMillis(), UUID.randomUUID(), SUFFIX);
    FileSystem fs = dir.getFileSystem(hadoop);
    Path tmp = new Path(dir, "_tmp-" + name);
    Path file = new Path(dir, name);
    try (FSDataOutputStream out = fs.create(tmp, false)) {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    if (!fs.rename(tmp, file)) {
      fs.delete(tmp, false);
      throw new IOException("lineage outbox: could not rename " + tmp + " to " + file);
    }
  }

  static long nextMillis() {
    long now = System.currentTimeMillis();
    return LAST_MILLIS.updateAndGet(last -> Math.max(now, last + 1));
  }

  /**
   * The events kept, in the order kept (oldest file first); {@link #clear()} then deletes exactly
   * the files this call read. Empty when there is no outbox.
   */
  public synchronized List<String> pending() throws IOException {
    FileSystem fs = dir.getFileSystem(hadoop);
    FileStatus[] listed;
    try {
      listed = fs.listStatus(dir);
    } catch (FileNotFoundException none) {
      read = List.of();
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    for (FileStatus s : listed) {
      String name = s.getPath().getName();
      if (s.isFile() && name.endsWith(SUFFIX) && !name.startsWith("_") && !name.startsWith(".")) {
        files.add(s.getPath());
      }
    }
    files.sort(Comparator.comparing(Path::getName));
    List<String> events = new ArrayList<>();
    List<Path> done = new ArrayList<>();
    for (Path f : files) {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(fs.open(f), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isBlank()) {
            events.add(line);
          }
        }
      } catch (FileNotFoundException goneMeanwhile) {
        // another run delivered and cleared it since the listing
        continue;
      }
      done.add(f);
    }
    read = List.copyOf(done);
    return List.copyOf(events);
  }

  /** Deletes the files the last {@link #pending()} read; files kept since then stay. */
  public synchronized void clear() throws IOException {
    FileSystem fs = dir.getFileSystem(hadoop);
    for (Path f : read) {
      fs.delete(f, false);
    }
    read = List.of();
  }

  @Override
  public String toString() {
    return "lineage outbox " + location();
  }
}
