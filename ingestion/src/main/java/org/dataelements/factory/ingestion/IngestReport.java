package org.dataelements.factory.ingestion;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What one ingest did, file by file and object by object, with warnings (e.g. an object whose glob
 * matches no file: not an error, a landing root need not hold every source).
 */
public record IngestReport(
    List<FileOutcome> files, List<ObjectOutcome> objects, List<String> warnings) {
  public IngestReport {
    files = List.copyOf(files);
    objects = List.copyOf(objects);
    warnings = List.copyOf(warnings);
  }

  /**
   * The outcome for one file: {@code landed}, {@code skipped}, {@code rejected} or {@code
   * unchanged}.
   */
  public record FileOutcome(
      Optional<String> source,
      Optional<String> object,
      String path,
      String checksum,
      String status,
      int version,
      long recordsRead,
      long rowsLanded,
      long rowsQuarantined,
      String reason) {
    public FileOutcome {
      requireNonNull(source, "source is null");
      requireNonNull(object, "object is null");
      requireNonNull(path, "path is null");
      requireNonNull(status, "status is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /** The outcome for one source object: files landed, rows landed and quarantined, the commit. */
  public record ObjectOutcome(
      String table, int filesLanded, long rowsLanded, long rowsQuarantined, long bronzeVersion) {}

  public long count(String status) {
    return files.stream().filter(f -> f.status().equals(status)).count();
  }

  public long rowsLanded() {
    return objects.stream().mapToLong(ObjectOutcome::rowsLanded).sum();
  }

  public long rowsQuarantined() {
    return objects.stream().mapToLong(ObjectOutcome::rowsQuarantined).sum();
  }

  public long recordsRead() {
    return files.stream()
        .filter(f -> f.status().equals("landed"))
        .mapToLong(FileOutcome::recordsRead)
        .sum();
  }

  public List<FileOutcome> rejected() {
    return files.stream().filter(f -> f.status().equals("rejected")).toList();
  }
}
