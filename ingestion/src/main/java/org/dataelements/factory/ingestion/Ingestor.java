package org.dataelements.factory.ingestion;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.ingestion.csv.CsvLanding;
import org.dataelements.factory.ingestion.document.DocumentCount;
import org.dataelements.factory.ingestion.document.DocumentLanding;
import org.dataelements.factory.ingestion.epcis.EpcisLanding;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.dataelements.factory.ingestion.internal.DeclaredSchema;
import org.dataelements.factory.ingestion.internal.FrozenSchemas;
import org.dataelements.factory.ingestion.internal.Globs;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.internal.LandingScanner;
import org.dataelements.factory.ingestion.internal.RecordCount;
import org.dataelements.factory.ingestion.internal.RemoteLanding;
import org.dataelements.factory.ingestion.jdbc.JdbcLanding;
import org.dataelements.factory.ingestion.json.JsonLanding;
import org.dataelements.factory.ingestion.parquet.ParquetLanding;
import org.dataelements.factory.ingestion.wind.WindLanding;
import org.dataelements.factory.ingestion.xml.XmlLanding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands a landing root into bronze, exactly once per file version. Every file under the root is
 * accounted for in {@code lake.ops.ingest_files}: landed, skipped (no object matches) or rejected
 * (with the reason). The files of one object land in one Delta commit; a rejected file lands
 * nothing; records that cannot be parsed go to the object's quarantine table.
 */
public final class Ingestor {
  private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);
  public static final String NO_MATCH = "no source object matches";

  private final Lakehouse lakehouse;
  private final OpsTables ops;
  private final FrozenSchemas schemas;
  private final boolean retryRejected;

  public Ingestor(Lakehouse lakehouse, OpsTables ops) {
    this(lakehouse, ops, false);
  }

  private Ingestor(Lakehouse lakehouse, OpsTables ops, boolean retryRejected) {
    this.lakehouse = requireNonNull(lakehouse, "lakehouse is null");
    this.ops = requireNonNull(ops, "ops is null");
    this.schemas =
        new FrozenSchemas(
            lakehouse.config().warehouse(), lakehouse.spark().sparkContext().hadoopConfiguration());
    this.retryRejected = retryRejected;
  }

  /**
   * An ingestor that reads again the files rejected before and unchanged since (by default they are
   * reported as rejected without being read: fix the file, or fix the spec and retry).
   */
  public Ingestor retryingRejected() {
    return new Ingestor(lakehouse, ops, true);
  }

  private record Target(SourceSpec source, ObjectSpec object, Pattern glob) {}

  private record Known(String checksum, int version, String status, String reason) {}

  /** What one ingest has accounted for so far: outcomes, ops records, objects and warnings. */
  private static final class Accounts {
    final List<IngestReport.FileOutcome> outcomes = new ArrayList<>();
    final List<OpsTables.IngestFile> records = new ArrayList<>();
    final List<IngestReport.ObjectOutcome> objects = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
  }

  /**
   * Lands what is new under the landing root for the given sources (all files are still accounted
   * for).
   *
   * @throws org.dataelements.factory.core.DataInputException when the landing root does not exist
   */
  public IngestReport ingest(List<SourceSpec> sources, Path landingRoot, String runId) {
    return ingest(sources, landingRoot, Optional.empty(), runId);
  }

  private IngestReport ingest(
      List<SourceSpec> sources, Path landingRoot, Optional<String> remote, String runId) {
    if (!Files.isDirectory(landingRoot)) {
      throw CoreErrors.missingLandingRoot(landingRoot.toString());
    }
    List<Target> targets = new ArrayList<>();
    List<Target> databases = new ArrayList<>();
    for (SourceSpec s : sources) {
      for (ObjectSpec o : s.objects()) {
        if (o.format() == SourceFormat.JDBC) {
          databases.add(new Target(s, o, Globs.compile("")));
        } else {
          targets.add(new Target(s, o, Globs.compile(o.path())));
        }
      }
    }
    List<LandingFile> files = LandingScanner.scan(landingRoot, remote);
    Map<String, List<Known>> known = known();
    Accounts acc = new Accounts();
    Map<Target, List<LandingFile>> matched = new LinkedHashMap<>();
    for (LandingFile f : files) {
      Optional<Target> t = match(targets, f);
      if (t.isPresent()) {
        matched.computeIfAbsent(t.get(), k -> new ArrayList<>()).add(f);
        continue;
      }
      boolean recorded =
          known.getOrDefault(f.path(), List.of()).stream()
              .anyMatch(k -> k.checksum().equals(f.checksum()));
      if (!recorded) {
        acc.records.add(
            fileRecord(
                Optional.empty(), f, version(known, f), "skipped", null, NO_MATCH, runId, ""));
      }
      acc.outcomes.add(
          new IngestReport.FileOutcome(
              Optional.empty(),
              Optional.empty(),
              f.path(),
              f.checksum(),
              "skipped",
              version(known, f),
              0,
              0,
              0,
              NO_MATCH));
    }
    for (LandingScanner.Skipped s : LandingScanner.skipped(landingRoot)) {
      boolean recorded =
          known.getOrDefault(s.path(), List.of()).stream()
              .anyMatch(k -> k.status().equals("skipped") && k.reason().equals(s.reason()));
      if (!recorded) {
        acc.records.add(
            new OpsTables.IngestFile(
                Optional.empty(),
                Optional.empty(),
                s.path(),
                0,
                "",
                0,
                "skipped",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                s.reason(),
                Optional.empty(),
                runId));
      }
      acc.outcomes.add(
          new IngestReport.FileOutcome(
              Optional.empty(), Optional.empty(), s.path(), "", "skipped", 0, 0, 0, 0, s.reason()));
      acc.warnings.add(s.path() + ": skipped, " + s.reason());
    }
    for (var e : matched.entrySet()) {
      landObject(e.getKey(), e.getValue(), known, runId, acc);
    }
    for (Target t : databases) {
      landTable(t, known, runId, acc);
    }
    ops.recordFiles(acc.records);
    for (Target t : targets) {
      if (!matched.containsKey(t)) {
        acc.warnings.add(
            t.source().name()
                + "."
                + t.object().name()
                + ": no file under "
                + landingRoot
                + " matches '"
                + t.object().path()
                + "'"
                + (t.object().format() == SourceFormat.WIND_WIDE
                    ? " with a Wind header block"
                    : ""));
      }
    }
    return new IngestReport(acc.outcomes, acc.objects, acc.warnings);
  }

  /** A file an ingest would land now: new under its path, or changed since it landed. */
  public record PendingFile(TableId table, String path, boolean changed) {
    public PendingFile {
      requireNonNull(table, "table is null");
      requireNonNull(path, "path is null");
    }
  }

  /**
   * What an ingest of a local landing root would land now, without landing anything or starting a
   * Spark job beyond reading the manifest: the files that match a source object and are new, or
   * changed since they landed (files rejected before and unchanged since are not read again, as in
   * {@link #ingest}).
   */
  public List<PendingFile> pending(List<SourceSpec> sources, Path landingRoot) {
    if (!Files.isDirectory(landingRoot)) {
      throw CoreErrors.missingLandingRoot(landingRoot.toString());
    }
    List<Target> targets = new ArrayList<>();
    for (SourceSpec s : sources) {
      for (ObjectSpec o : s.objects()) {
        if (o.format() != SourceFormat.JDBC) {
          targets.add(new Target(s, o, Globs.compile(o.path())));
        }
      }
    }
    Map<String, List<Known>> known = known();
    List<PendingFile> out = new ArrayList<>();
    for (LandingFile f : LandingScanner.scan(landingRoot)) {
      Optional<Target> t = match(targets, f);
      if (t.isEmpty()) {
        continue;
      }
      List<Known> seen = known.getOrDefault(f.path(), List.of());
      boolean same =
          seen.stream()
              .anyMatch(
                  k ->
                      k.checksum().equals(f.checksum())
                          && (k.status().equals("landed")
                              || k.status().equals("rejected") && !retryRejected));
      if (!same) {
        out.add(
            new PendingFile(
                t.get().source().bronzeTable(t.get().object()), f.path(), !seen.isEmpty()));
      }
    }
    return out;
  }

  private Map<String, List<Known>> known() {
    Map<String, List<Known>> known = new HashMap<>();
    for (Row r : ops.ingestFiles()) {
      known
          .computeIfAbsent(r.getAs("path"), k -> new ArrayList<>())
          .add(
              new Known(
                  r.getAs("checksum"),
                  r.<Integer>getAs("version"),
                  r.getAs("status"),
                  r.isNullAt(r.fieldIndex("reason")) ? "" : r.getAs("reason")));
    }
    return known;
  }

  /**
   * Lands a landing root: a local folder, or a remote URI (e.g. {@code s3a://bucket/prefix}) that
   * is first staged into a local directory on the driver (only changed files are downloaded again),
   * so paths in {@code lake.ops.ingest_files} stay relative to the root either way. The staged copy
   * serves the driver's checksums and parsers; Spark's file readers (CSV, JSON, Parquet) read the
   * remote objects, which every executor can reach.
   *
   * @throws org.dataelements.factory.core.DataInputException when the landing root does not exist
   */
  public IngestReport ingest(List<SourceSpec> sources, LandingRoot root, String runId) {
    requireNonNull(root, "root is null");
    Path local =
        root.local()
            .orElseGet(
                () ->
                    RemoteLanding.localRoot(
                        root.remote().orElseThrow().toString(),
                        lakehouse.config(),
                        lakehouse.spark().sparkContext().hadoopConfiguration()));
    return ingest(sources, local, root.remote().map(java.net.URI::toString), runId);
  }

  /**
   * The object a file belongs to. Globs select the candidates; content decides between them: a Wind
   * object takes only files with a Wind header block, and a CSV object whose header has all its
   * required columns is preferred over one whose glob merely matches. A file that fits no candidate
   * goes to the first delimited-text candidate, which rejects it naming what is missing.
   */
  private Optional<Target> match(List<Target> targets, LandingFile f) {
    Optional<Target> fallback = Optional.empty();
    for (Target t : targets) {
      if (!t.glob().matcher(f.path()).matches()) {
        continue;
      }
      switch (t.object().format()) {
        case WIND_WIDE -> {
          if (WindLanding.accepts(f, t.object())) {
            return Optional.of(t);
          }
        }
        case CSV, TSV -> {
          if (t.object().requiredColumns().isEmpty() || CsvLanding.fits(f, t.object())) {
            return Optional.of(t);
          }
          if (fallback.isEmpty()) {
            fallback = Optional.of(t);
          }
        }
        case EPCIS -> {
          if (EpcisLanding.accepts(f)) {
            return Optional.of(t);
          }
        }
        case XML -> {
          if (XmlLanding.accepts(f, t.object())) {
            return Optional.of(t);
          }
        }
        case DOCUMENT -> {
          if (DocumentLanding.accepts(f, t.object())) {
            return Optional.of(t);
          }
        }
        case JSON, JSONL, PARQUET -> {
          return Optional.of(t);
        }
        case JDBC -> throw new IllegalStateException("JDBC objects are not matched against files");
      }
    }
    return fallback;
  }

  private void landObject(
      Target target,
      List<LandingFile> files,
      Map<String, List<Known>> known,
      String runId,
      Accounts acc) {
    TableId table = target.source().bronzeTable(target.object());
    List<LandingFile> candidates = new ArrayList<>();
    for (LandingFile f : files) {
      Optional<Known> rejected =
          retryRejected || inManifest(known, f)
              ? Optional.empty()
              : known.getOrDefault(f.path(), List.of()).stream()
                  .filter(k -> k.checksum().equals(f.checksum()) && k.status().equals("rejected"))
                  .findFirst();
      if (rejected.isPresent()) {
        acc.outcomes.add(
            new IngestReport.FileOutcome(
                Optional.of(target.source().name()),
                Optional.of(target.object().name()),
                f.path(),
                f.checksum(),
                "rejected",
                rejected.get().version(),
                0,
                0,
                0,
                rejected.get().reason()
                    + " (unchanged since rejected; fix the file, or the spec and ingest with --retry-rejected)"));
      } else {
        candidates.add(f);
      }
    }
    files = candidates;
    if (files.isEmpty()) {
      return;
    }
    // A file is landed when the manifest records it so (the fast path: bronze need not be
    // scanned when it covers every file) or when bronze holds its checksum (bronze is the truth,
    // DESIGN §2: a run killed between the bronze commit and the manifest append is reconciled).
    boolean allInManifest = files.stream().allMatch(f -> inManifest(known, f));
    Map<String, Long> bronzeRows = allInManifest ? Map.of() : rowsByChecksum(table);
    Map<String, Long> quarantined = allInManifest ? Map.of() : rowsByChecksum(table.quarantine());
    String batchId = runId + "/" + table.namespace() + "__" + table.entity();
    List<LandingFile> fresh = new ArrayList<>();
    for (LandingFile f : files) {
      boolean recorded = inManifest(known, f);
      if (!recorded && !bronzeRows.containsKey(f.checksum())) {
        fresh.add(f);
        continue;
      }
      if (!recorded) {
        BronzeBatch.Counts counts =
            new BronzeBatch.Counts(
                bronzeRows.getOrDefault(f.checksum(), 0L),
                quarantined.getOrDefault(f.checksum(), 0L));
        acc.records.add(
            fileRecord(
                Optional.of(target),
                f,
                version(known, f),
                "landed",
                counts,
                "reconciled: already in "
                    + table.sqlName()
                    + " (a run stopped before recording it)",
                runId,
                ""));
      }
      acc.outcomes.add(
          new IngestReport.FileOutcome(
              Optional.of(target.source().name()),
              Optional.of(target.object().name()),
              f.path(),
              f.checksum(),
              "unchanged",
              version(known, f),
              0,
              0,
              0,
              "already landed"));
    }
    if (fresh.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    Map<String, RecordCount.Counted> apart = countApart(target.object(), fresh);
    Set<String> multiLine = new java.util.HashSet<>();
    apart.forEach(
        (path, c) -> {
          if (c.quotedNewlines()) {
            multiLine.add(path);
          }
        });
    BronzeBatch batch;
    try {
      batch =
          switch (target.object().format()) {
            case WIND_WIDE -> WindLanding.parse(lakehouse.spark(), target.object(), fresh);
            case CSV, TSV -> CsvLanding.parse(lakehouse.spark(), target.object(), fresh, multiLine);
            case JSON, JSONL -> JsonLanding.parse(lakehouse.spark(), target.object(), fresh);
            case PARQUET -> ParquetLanding.parse(lakehouse.spark(), target.object(), fresh);
            case XML -> XmlLanding.parse(lakehouse.spark(), target.object(), fresh);
            case EPCIS -> EpcisLanding.parse(lakehouse.spark(), target.object(), fresh);
            case DOCUMENT ->
                DocumentLanding.parse(lakehouse.spark(), target.source(), target.object(), fresh);
            case JDBC -> throw new IllegalStateException("JDBC objects are landed by landTable");
          };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read files of " + table.sqlName(), e);
    }
    try {
      Map<String, String> miscounted = miscounted(apart, batch);
      miscounted.forEach((path, why) -> LOG.warn("{}: rejected, {}", path, why));
      landBatch(
          target,
          table,
          fresh,
          withoutFiles(batch, miscounted),
          quarantined.keySet(),
          known,
          runId,
          batchId,
          acc,
          started);
    } finally {
      batch.release();
    }
  }

  /**
   * Each file's records counted by a pass of their own ({@link RecordCount}, {@link DocumentCount}
   * for documents), for the formats that are; a file that cannot be read is left to its parser,
   * which rejects it with the reason.
   */
  static Map<String, RecordCount.Counted> countApart(ObjectSpec object, List<LandingFile> files) {
    Map<String, RecordCount.Counted> counted = new HashMap<>();
    for (LandingFile f : files) {
      try {
        Optional<RecordCount.Counted> c =
            object.format() == SourceFormat.DOCUMENT
                ? DocumentCount.of(object, f).map(n -> new RecordCount.Counted(n, false))
                : RecordCount.of(object, f.absolute());
        c.ifPresent(n -> counted.put(f.path(), n));
      } catch (IOException | RuntimeException e) {
        LOG.debug("{}: not counted apart ({})", f.path(), e.toString());
      }
    }
    return counted;
  }

  /**
   * The files whose records counted apart differ from landed + quarantined (the parser lost or
   * invented a record, or could not tell where the file's records end), each with both numbers.
   */
  static Map<String, String> miscounted(Map<String, RecordCount.Counted> apart, BronzeBatch batch) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (var e : apart.entrySet()) {
      BronzeBatch.Counts parsed = batch.counts().get(e.getKey());
      if (batch.rejections().containsKey(e.getKey()) || parsed == null) {
        continue;
      }
      if (parsed.read() != e.getValue().records()) {
        out.put(
            e.getKey(),
            "records do not add up: the file holds "
                + e.getValue().records()
                + " records (counted apart from parsing) but parsing gave "
                + parsed.landed()
                + " landed + "
                + parsed.quarantined()
                + " quarantined = "
                + parsed.read()
                + "; nothing of it was landed (an unbalanced quote or a cut record is the usual"
                + " cause; otherwise please report it with the file)");
      }
    }
    return out;
  }

  /** The batch without the given files' rows and records, which are rejected whole instead. */
  static BronzeBatch withoutFiles(BronzeBatch batch, Map<String, String> rejected) {
    if (rejected.isEmpty()) {
      return batch;
    }
    Object[] paths = rejected.keySet().toArray();
    Map<String, BronzeBatch.Counts> counts = new HashMap<>(batch.counts());
    rejected.keySet().forEach(counts::remove);
    Map<String, String> rejections = new HashMap<>(batch.rejections());
    rejections.putAll(rejected);
    // no commit of nothing: a table gets a version only when rows are left for it
    boolean rowsLeft = counts.values().stream().anyMatch(c -> c.landed() > 0);
    boolean quarantineLeft = counts.values().stream().anyMatch(c -> c.quarantined() > 0);
    return new BronzeBatch(
        batch
            .rows()
            .filter(r -> rowsLeft)
            .map(r -> r.filter(not(col(BronzeColumns.SOURCE_FILE).isin(paths)))),
        batch
            .quarantine()
            .filter(q -> quarantineLeft)
            .map(q -> q.filter(not(col(BronzeColumns.SOURCE_FILE).isin(paths)))),
        counts,
        rejections,
        batch.cached());
  }

  /**
   * Lands a database table as one snapshot when its content changed since the last landing; a
   * database that cannot be reached is recorded as rejected with the reason (other sources go on).
   */
  private void landTable(
      Target target, Map<String, List<Known>> known, String runId, Accounts acc) {
    TableId table = target.source().bronzeTable(target.object());
    long started = System.nanoTime();
    JdbcLanding.Snapshot snap =
        JdbcLanding.read(lakehouse.spark(), target.object(), System::getenv);
    try {
      LandingFile asFile =
          new LandingFile(
              snap.reference(), java.nio.file.Path.of(table.entity()), 0, snap.checksum());
      if (snap.problem().isEmpty()) {
        boolean landedBefore =
            known.getOrDefault(asFile.path(), List.of()).stream()
                .anyMatch(
                    k -> k.checksum().equals(asFile.checksum()) && k.status().equals("landed"));
        if (landedBefore || rowsByChecksum(table).containsKey(asFile.checksum())) {
          acc.outcomes.add(
              new IngestReport.FileOutcome(
                  Optional.of(target.source().name()),
                  Optional.of(target.object().name()),
                  asFile.path(),
                  asFile.checksum(),
                  "unchanged",
                  version(known, asFile),
                  0,
                  0,
                  0,
                  "already landed (same rows)"));
          return;
        }
      }
      BronzeBatch batch =
          snap.problem().isPresent()
              ? new BronzeBatch(
                  Optional.empty(),
                  Optional.empty(),
                  Map.of(),
                  Map.of(asFile.path(), snap.problem().get()))
              : new BronzeBatch(
                  snap.rows(),
                  Optional.empty(),
                  Map.of(asFile.path(), new BronzeBatch.Counts(snap.rowCount(), 0)),
                  Map.of());
      String batchId = runId + "/" + table.namespace() + "__" + table.entity();
      landBatch(
          target, table, List.of(asFile), batch, Set.of(), known, runId, batchId, acc, started);
    } finally {
      snap.release();
    }
  }

  private void landBatch(
      Target target,
      TableId table,
      List<LandingFile> fresh,
      BronzeBatch batch,
      Set<String> inQuarantine,
      Map<String, List<Known>> known,
      String runId,
      String batchId,
      Accounts acc,
      long started) {
    Timestamp now = Timestamp.from(Instant.now());
    long quarantined = 0;
    if (batch.quarantine().isPresent()) {
      quarantined =
          batch.counts().values().stream().mapToLong(BronzeBatch.Counts::quarantined).sum();
      Dataset<Row> q = batch.quarantine().get();
      if (!inQuarantine.isEmpty()) {
        // Landed again because bronze lacks it (all its records were bad, or a run stopped
        // between the two commits): its quarantined records are there already.
        q = q.filter(not(col(BronzeColumns.SOURCE_CHECKSUM).isin(inQuarantine.toArray())));
      }
      q =
          q.withColumn(BronzeColumns.BATCH_ID, lit(batchId))
              .withColumn(BronzeColumns.INGESTED_AT, lit(now))
              .withColumn("run_id", lit(runId));
      lakehouse.appendDelta(table.quarantine(), q, quarantined, runId);
    }
    long rows = batch.counts().values().stream().mapToLong(BronzeBatch.Counts::landed).sum();
    long version = -1;
    String drift = "";
    if (batch.rows().isPresent()) {
      Optional<StructType> current =
          lakehouse.exists(table) ? Optional.of(lakehouse.read(table).schema()) : Optional.empty();
      Dataset<Row> parsed =
          target
              .object()
              .schema()
              .map(declared -> DeclaredSchema.apply(batch.rows().get(), declared))
              .orElse(batch.rows().get());
      FrozenSchemas.Reconciled reconciled = schemas.reconcile(table, parsed, current);
      Dataset<Row> out =
          reconciled
              .rows()
              .withColumn(BronzeColumns.INGESTED_AT, lit(now))
              .withColumn(BronzeColumns.BATCH_ID, lit(batchId));
      version = lakehouse.appendDelta(table, out, rows, runId).version();
      schemas.freeze(table, reconciled, runId);
      if (reconciled.drifted()) {
        drift = reconciled.summary();
        acc.warnings.add(
            table.sqlName() + ": " + drift + " (frozen schema: " + schemas.location(table) + ")");
      }
    }
    for (LandingFile f : fresh) {
      int v = version(known, f);
      boolean changed =
          known.getOrDefault(f.path(), List.of()).stream()
              .anyMatch(k -> !k.checksum().equals(f.checksum()) && k.status().equals("landed"));
      String rejection = batch.rejections().get(f.path());
      if (rejection != null) {
        boolean sameRejection =
            known.getOrDefault(f.path(), List.of()).stream()
                .anyMatch(
                    k ->
                        k.checksum().equals(f.checksum())
                            && k.status().equals("rejected")
                            && k.reason().equals(rejection));
        if (!sameRejection) {
          acc.records.add(
              fileRecord(Optional.of(target), f, v, "rejected", null, rejection, runId, batchId));
        }
        acc.outcomes.add(
            new IngestReport.FileOutcome(
                Optional.of(target.source().name()),
                Optional.of(target.object().name()),
                f.path(),
                f.checksum(),
                "rejected",
                v,
                0,
                0,
                0,
                rejection));
        continue;
      }
      BronzeBatch.Counts c = batch.counts().get(f.path());
      String reason =
          changed ? "changed since version " + (v - 1) + "; landed as version " + v : "";
      if (!drift.isEmpty()) {
        reason = reason.isEmpty() ? drift : reason + "; " + drift;
      }
      acc.records.add(fileRecord(Optional.of(target), f, v, "landed", c, reason, runId, batchId));
      acc.outcomes.add(
          new IngestReport.FileOutcome(
              Optional.of(target.source().name()),
              Optional.of(target.object().name()),
              f.path(),
              f.checksum(),
              "landed",
              v,
              c.read(),
              c.landed(),
              c.quarantined(),
              reason));
    }
    int landedFiles =
        (int) fresh.stream().filter(f -> !batch.rejections().containsKey(f.path())).count();
    acc.objects.add(
        new IngestReport.ObjectOutcome(table.sqlName(), landedFiles, rows, quarantined, version));
    LOG.info(
        "landed {} file(s) into {} (version {}): {} rows, {} quarantined, in {} ms",
        landedFiles,
        table.sqlName(),
        version,
        rows,
        quarantined,
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Rows per source checksum in a bronze table (or its quarantine); empty when it does not exist.
   */
  private Map<String, Long> rowsByChecksum(TableId table) {
    if (!lakehouse.exists(table)) {
      return Map.of();
    }
    Map<String, Long> out = new HashMap<>();
    lakehouse
        .read(table)
        .groupBy(col(BronzeColumns.SOURCE_CHECKSUM))
        .count()
        .collectAsList()
        .forEach(r -> out.put(r.getString(0), r.getLong(1)));
    return out;
  }

  private static boolean inManifest(Map<String, List<Known>> known, LandingFile f) {
    return known.getOrDefault(f.path(), List.of()).stream()
        .anyMatch(k -> k.checksum().equals(f.checksum()) && k.status().equals("landed"));
  }

  private static int version(Map<String, List<Known>> known, LandingFile f) {
    List<Known> seen = known.getOrDefault(f.path(), List.of());
    for (Known k : seen) {
      if (k.checksum().equals(f.checksum())) {
        return k.version();
      }
    }
    return seen.stream().mapToInt(Known::version).max().orElse(0) + 1;
  }

  private static OpsTables.IngestFile fileRecord(
      Optional<Target> t,
      LandingFile f,
      int version,
      String status,
      BronzeBatch.Counts counts,
      String reason,
      String runId,
      String batchId) {
    return new OpsTables.IngestFile(
        t.map(x -> x.source().name()),
        t.map(x -> x.object().name()),
        f.path(),
        f.sizeBytes(),
        f.checksum(),
        version,
        status,
        Optional.ofNullable(counts).map(BronzeBatch.Counts::read),
        Optional.ofNullable(counts).map(BronzeBatch.Counts::landed),
        Optional.ofNullable(counts).map(BronzeBatch.Counts::quarantined),
        reason,
        batchId.isEmpty() ? Optional.empty() : Optional.of(batchId),
        runId);
  }
}
