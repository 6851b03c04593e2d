package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.products.release.internal.RowFiles;
import org.dataelements.factory.products.release.internal.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code factory pull PRODUCT@VERSION}: exports a released version of a product into a folder after
 * verifying it (DESIGN §8, CONTRACT.md "Files").
 *
 * <p>In order: the reference's form is checked (no path characters); the caller's token is
 * authenticated and must allow {@link Action#PULL}; the version is resolved against {@code
 * lake.ops.releases} (released, not revoked); then, before anything is written, the release is
 * verified: the manifest's Ed25519 signature against the warehouse's (or a trusted) public key, the
 * manifest's product, version and recorded SHA-256, and for every table its tag {@code v<version>}
 * (a tag, at the manifest's snapshot), its schema hash and its row count, by reading every row.
 * Files are written into a temporary sibling of the output folder, which is moved into place at the
 * end, so a failed pull leaves nothing behind. Every pull and every refusal is appended to {@code
 * lake.ops.audit_log}.
 *
 * <p>JSON Lines and CSV files are written here, rows sorted by all columns, so the same version
 * pulled twice gives the same bytes; Parquet is written by Spark into one part per table (same rows
 * in the same order, but its bytes are not guaranteed to be identical).
 */
public final class Pull {
  /** The environment variable that carries the caller's token. */
  public static final String TOKEN_ENV = "FACTORY_TOKEN";

  /** The folder of release manifests inside the warehouse. */
  public static final String RELEASES_DIR = "_releases";

  public static final String MANIFEST_FILE = "manifest.json";
  public static final String DATASET_CARD_FILE = "DATASET_CARD.md";
  public static final String SUMS_FILE = "SHA256SUMS";

  /** The column {@code --split} filters on (the training corpus's {@code documents}). */
  public static final String SPLIT_COLUMN = "split";

  /** Rows per JSON Lines or CSV part file. */
  static final long ROWS_PER_PART = 1_000_000L;

  /**
   * The column that numbers a table's shards (the training corpus's {@code documents}): each shard
   * of a split is its own part file, so {@code part-00003} of a split-filtered pull is shard 3.
   */
  public static final String SHARD_COLUMN = "shard";

  private static final String CANDIDATE_PREFIX = "candidate_";
  private static final Logger LOG = LoggerFactory.getLogger(Pull.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The file formats of a pull. */
  public enum Format {
    PARQUET,
    JSONL,
    CSV;

    /** The file extension, e.g. {@code jsonl}. */
    public String extension() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What to pull.
   *
   * @param ref {@code PRODUCT@VERSION}, VERSION {@code 1.2.0}, {@code v1.2.0} or {@code latest}
   * @param out the folder to create (or replace, with {@code force})
   * @param split keep only the rows of this split in tables that have a {@code split} column
   * @param trust a PEM public key file to verify with instead of the warehouse's own
   */
  public record Request(
      String ref,
      Format format,
      Path out,
      Optional<String> split,
      Optional<Path> trust,
      boolean force) {
    public Request {
      requireNonNull(ref, "ref is null");
      requireNonNull(format, "format is null");
      requireNonNull(out, "out is null");
      requireNonNull(split, "split is null");
      requireNonNull(trust, "trust is null");
    }
  }

  /** One table written: its name, the rows written and its files relative to the output folder. */
  public record PulledTable(String name, long rows, List<String> files) {
    public PulledTable {
      requireNonNull(name, "name is null");
      files = List.copyOf(files);
    }
  }

  /**
   * A finished pull.
   *
   * @param bytes the size of every file written, {@code SHA256SUMS} included
   * @param verifying the time spent verifying (signature, tags, schemas, reading every row)
   * @param writing the time spent writing files and moving them into place
   */
  public record Result(
      String product,
      Semver version,
      String consumer,
      Path out,
      List<PulledTable> tables,
      long bytes,
      Duration verifying,
      Duration writing) {
    public Result {
      requireNonNull(product, "product is null");
      requireNonNull(version, "version is null");
      requireNonNull(out, "out is null");
      tables = List.copyOf(tables);
      requireNonNull(verifying, "verifying is null");
      requireNonNull(writing, "writing is null");
    }

    /** The rows written over all tables. */
    public long rows() {
      return tables.stream().mapToLong(PulledTable::rows).sum();
    }
  }

  /** A parsed {@code PRODUCT@VERSION}; a candidate branch is kept to be refused with a reason. */
  record Target(String product, Optional<Semver> version, Optional<String> candidate) {
    String versionText() {
      return candidate.orElse(version.map(Semver::toString).orElse("latest"));
    }

    @Override
    public String toString() {
      return product + "@" + versionText();
    }
  }

  /** A verified release: its manifest, the exact files and each table's rows at its snapshot. */
  private record Verified(
      ReleaseManifest manifest,
      byte[] manifestBytes,
      byte[] signatureBytes,
      Optional<byte[]> datasetCard,
      Map<String, Dataset<Row>> tables) {}

  private final Lakehouse lakehouse;
  private final OpsTables ops;
  private final Clock clock;

  public Pull(Lakehouse lakehouse, OpsTables ops) {
    this(lakehouse, ops, Clock.systemUTC());
  }

  Pull(Lakehouse lakehouse, OpsTables ops, Clock clock) {
    this.lakehouse = requireNonNull(lakehouse, "lakehouse is null");
    this.ops = requireNonNull(ops, "ops is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Checks the form of {@code PRODUCT@VERSION} without touching the warehouse, so a name holding
   * path characters is refused before anything else.
   *
   * @return the text
   * @throws org.dataelements.factory.core.InvalidSpecException naming the bad part
   */
  public static String checkRef(String text) {
    target(requireNonNull(text, "text is null"));
    return text;
  }

  static Target target(String text) {
    int at = text.indexOf('@');
    if (at > 0 && at == text.lastIndexOf('@')) {
      String version = text.substring(at + 1);
      if (version.startsWith(CANDIDATE_PREFIX)) {
        return new Target(
            SafeNames.product(text.substring(0, at)),
            Optional.empty(),
            Optional.of(SafeNames.candidate(version)));
      }
    }
    ReleaseRef ref = ReleaseRef.parse(text);
    return new Target(ref.product(), ref.version(), Optional.empty());
  }

  /**
   * Pulls a release into {@code request.out()}.
   *
   * @param token the caller's token (from {@value #TOKEN_ENV} or a token file, never an argument)
   * @param progress receives one line per stage, for the user
   * @throws org.dataelements.factory.core.InvalidSpecException when the reference is malformed
   * @throws AccessDeniedException when the token is missing or not accepted, or its user may not
   *     pull
   * @throws ReleaseRefusedException when the version is unknown, revoked or a candidate, the output
   *     folder is in use, or the split is unknown
   * @throws VerificationException when the release does not verify; nothing is written
   */
  public Result run(Request request, Optional<String> token, Consumer<String> progress) {
    requireNonNull(request, "request is null");
    requireNonNull(token, "token is null");
    requireNonNull(progress, "progress is null");
    Target target = target(request.ref());
    Path warehouse =
        lakehouse
            .config()
            .localWarehouse()
            .orElseThrow(() -> ReleaseErrors.notLocalWarehouse(lakehouse.config().warehouse()));
    Optional<User> user = Optional.empty();
    try {
      User who = Users.of(warehouse).authenticate(token, "pulling a release");
      user = Optional.of(who);
      Authorization.require(who, Action.PULL);
      Semver version = resolve(target);
      String subject = target.product() + "@" + version;
      Path out = request.out().toAbsolutePath().normalize();
      checkOutput(out, request.force(), warehouse);

      long t0 = System.nanoTime();
      Verified verified = verify(warehouse, target.product(), version, request.trust(), progress);
      Map<String, Long> splitRows = checkSplit(subject, verified, request.split());
      long t1 = System.nanoTime();
      progress.accept(
          "verified "
              + subject
              + ": signature, tags, schemas and "
              + verified.manifest().tables().stream().mapToLong(ManifestTable::rows).sum()
              + " rows");

      Path tmp = out.resolveSibling("." + out.getFileName() + ".pull-" + randomHex());
      List<PulledTable> pulled;
      long bytes;
      try {
        Files.createDirectories(tmp);
        pulled = writeTables(tmp, subject, verified, request, splitRows, progress);
        bytes = writeReleaseFiles(tmp, verified);
        moveIntoPlace(tmp, out);
      } catch (IOException e) {
        deleteQuietly(tmp);
        throw ReleaseErrors.cannotWrite(out, e);
      } catch (RuntimeException e) {
        deleteQuietly(tmp);
        throw e;
      }
      long t2 = System.nanoTime();
      Result result =
          new Result(
              target.product(),
              version,
              who.name(),
              out,
              pulled,
              bytes,
              Duration.ofNanos(t1 - t0),
              Duration.ofNanos(t2 - t1));
      audit(
          user,
          "pull",
          target.product(),
          version.toString(),
          "ok",
          "format="
              + request.format().extension()
              + "; split="
              + request.split().orElse("all")
              + "; rows: "
              + String.join(", ", pulled.stream().map(t -> t.name() + "=" + t.rows()).toList())
              + "; bytes="
              + bytes);
      LOG.info(
          "pulled {} as {} into {}: {} rows, {} bytes, verified in {} ms, written in {} ms",
          subject,
          request.format().extension(),
          out,
          result.rows(),
          bytes,
          result.verifying().toMillis(),
          result.writing().toMillis());
      return result;
    } catch (AccessDeniedException | ReleaseRefusedException | VerificationException e) {
      String outcome =
          e instanceof AccessDeniedException
              ? "denied"
              : e instanceof VerificationException ? "verification_failed" : "refused";
      String claimed =
          e instanceof AccessDeniedException a && user.isEmpty() && a.claimedUser().isPresent()
              ? " (the token names user '" + a.claimedUser().get() + "')"
              : "";
      auditRefusal(user, target, outcome, e.getMessage() + claimed, e);
      throw e;
    } catch (RuntimeException e) {
      auditRefusal(user, target, "failed", String.valueOf(e.getMessage()), e);
      throw e;
    }
  }

  // --- resolving the version ---

  private Semver resolve(Target target) {
    String product = target.product();
    List<OpsTables.Release> all =
        lakehouse.exists(OpsTables.RELEASES) ? ops.releases() : List.<OpsTables.Release>of();
    TreeSet<Semver> released = new TreeSet<>();
    Map<Semver, String> revoked = new TreeMap<>();
    for (OpsTables.Release r : all) {
      if (!r.product().equals(product) || r.version().isEmpty()) {
        continue;
      }
      Optional<Semver> v = parseVersion(r.version().get());
      if (v.isEmpty()) {
        continue;
      }
      if (r.status().equals("released")) {
        released.add(v.get());
      } else if (r.status().equals("revoked")) {
        revoked.put(v.get(), r.message());
      }
    }
    released.removeAll(revoked.keySet());
    List<String> releasedText = released.stream().map(Semver::toString).toList();
    if (target.candidate().isPresent()) {
      throw ReleaseErrors.candidateNotReleased(product, target.candidate().get(), releasedText);
    }
    if (released.isEmpty() && revoked.isEmpty()) {
      List<String> products =
          all.stream()
              .filter(r -> r.status().equals("released"))
              .map(OpsTables.Release::product)
              .distinct()
              .sorted()
              .toList();
      throw ReleaseErrors.unknownProduct(product, products);
    }
    List<String> revokedText = revoked.keySet().stream().map(Semver::toString).toList();
    if (target.version().isEmpty()) {
      if (released.isEmpty()) {
        throw ReleaseErrors.unknownVersion(product, "latest", releasedText, revokedText);
      }
      return released.last();
    }
    Semver v = target.version().get();
    if (revoked.containsKey(v)) {
      throw ReleaseErrors.revoked(product, v.toString(), revoked.get(v));
    }
    if (!released.contains(v)) {
      throw ReleaseErrors.unknownVersion(product, v.toString(), releasedText, revokedText);
    }
    return v;
  }

  private Optional<String> recordedManifestSha(String product, Semver version) {
    return ops.releases().stream()
        .filter(r -> r.product().equals(product) && r.status().equals("released"))
        .filter(r -> r.version().flatMap(Pull::parseVersion).equals(Optional.of(version)))
        .map(OpsTables.Release::manifestSha256)
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static Optional<Semver> parseVersion(String text) {
    try {
      return Optional.of(Semver.parse(text));
    } catch (LakehouseException e) {
      return Optional.empty();
    }
  }

  private static void checkOutput(Path out, boolean force, Path warehouse) {
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
      throw ReleaseErrors.outputInUse(out, "exists and is not a folder");
    }
    boolean empty;
    try (Stream<Path> s = Files.list(out)) {
      empty = s.findAny().isEmpty();
    } catch (IOException e) {
      throw ReleaseErrors.cannotRead(out, e);
    }
    if (empty) {
      return;
    }
    if (!force) {
      throw ReleaseErrors.outputInUse(out, "exists and is not empty");
    }
    Path cwd = Path.of("").toAbsolutePath().normalize();
    if (warehouse.toAbsolutePath().normalize().startsWith(out) || cwd.startsWith(out)) {
      throw new ReleaseRefusedException(
          out.toString(),
          "output folder "
              + out
              + " holds the warehouse or the current folder, which --force would delete; choose"
              + " a new folder for the pull");
    }
  }

  // --- verification ---

  private Verified verify(
      Path warehouse,
      String product,
      Semver version,
      Optional<Path> trust,
      Consumer<String> progress) {
    String subject = product + "@" + version;
    Path dir = warehouse.resolve(RELEASES_DIR).resolve(product).resolve(version.toString());
    Path manifestFile = dir.resolve(MANIFEST_FILE);
    Path signatureFile = dir.resolve(ManifestSignatures.FILE);
    byte[] manifestBytes = readReleaseFile(subject, manifestFile);
    byte[] signatureBytes = readReleaseFile(subject, signatureFile);
    Path keyFile = trust.orElse(SigningKeys.publicKeyFile(warehouse));
    if (!Files.isRegularFile(keyFile)) {
      throw ReleaseErrors.noTrustedKey(subject, keyFile);
    }
    PublicKey key = SigningKeys.readPublicKey(keyFile);
    progress.accept(
        "verifying "
            + subject
            + " with public key "
            + SigningKeys.fingerprint(key).substring(0, 16)
            + "… ("
            + keyFile
            + ")");
    ManifestSignatures.requireValid(manifestBytes, signatureBytes, key, subject);
    ReleaseManifest manifest = ReleaseManifest.parse(manifestBytes, manifestFile.toString());
    if (!manifest.product().equals(product)) {
      throw ReleaseErrors.mismatch(subject, "the product", product, manifest.product());
    }
    if (!manifest.version().equals(version)) {
      throw ReleaseErrors.mismatch(
          subject, "the version", version.toString(), manifest.version().toString());
    }
    Optional<String> recorded = recordedManifestSha(product, version);
    String sha = ReleaseManifest.sha256(manifestBytes);
    if (recorded.isPresent() && !recorded.get().equals(sha)) {
      throw ReleaseErrors.mismatch(
          subject,
          "the SHA-256 of manifest.json (recorded in lake.ops.releases)",
          recorded.get(),
          sha);
    }
    Path cardFile = dir.resolve(DATASET_CARD_FILE);
    Optional<byte[]> card =
        Files.isRegularFile(cardFile)
            ? Optional.of(readReleaseFile(subject, cardFile))
            : Optional.empty();

    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    String tag = version.tag();
    for (ManifestTable t : manifest.tables()) {
      TableId id = TableId.gold(product, t.name());
      String what = "table " + id.sqlName();
      if (!lakehouse.exists(id)) {
        throw ReleaseErrors.mismatch(subject, what, "it exists", "no such table");
      }
      Optional<Long> at = lakehouse.tagSnapshot(id, tag);
      if (at.isEmpty()) {
        throw ReleaseErrors.mismatch(
            subject,
            "tag " + tag + " of " + what,
            "a tag at snapshot " + t.snapshotId(),
            "no such tag");
      }
      if (at.get() != t.snapshotId()) {
        throw ReleaseErrors.mismatch(
            subject,
            "tag " + tag + " of " + what,
            "snapshot " + t.snapshotId(),
            "snapshot " + at.get() + " (the tag was moved)");
      }
      Dataset<Row> rows;
      long count;
      try {
        rows = lakehouse.readSnapshot(id, t.snapshotId());
        String schemaSha = ReleaseSchemas.sha256(rows.schema());
        if (!schemaSha.equals(t.schemaSha256())) {
          throw ReleaseErrors.mismatch(
              subject,
              "the schema of " + what,
              "schema_sha256 " + t.schemaSha256(),
              schemaSha + " for columns " + render(rows.schema()));
        }
        count = readEveryRow(rows);
      } catch (VerificationException e) {
        throw e;
      } catch (RuntimeException e) {
        throw ReleaseErrors.unreadable(subject, id.sqlName(), firstLine(e));
      }
      if (count != t.rows()) {
        throw ReleaseErrors.mismatch(
            subject, "the row count of " + what, t.rows() + " rows", count + " rows");
      }
      tables.put(t.name(), rows);
    }
    return new Verified(manifest, manifestBytes, signatureBytes, card, tables);
  }

  /**
   * Counts the rows by reading and hashing every value, so a data file that is missing or
   * unreadable fails here (a plain count may be answered from Iceberg's metadata alone).
   */
  private static long readEveryRow(Dataset<Row> rows) {
    Column[] values =
        java.util.Arrays.stream(rows.schema().fields())
            .map(f -> hashable(rows.col(quoted(f.name())), f.dataType()))
            .toArray(Column[]::new);
    Row r =
        values.length == 0
            ? rows.agg(count(lit(1))).first()
            : rows.agg(count(lit(1)), max(xxhash64(values))).first();
    return r.getLong(0);
  }

  private static byte[] readReleaseFile(String subject, Path file) {
    if (!Files.isRegularFile(file)) {
      throw ReleaseErrors.releaseFileMissing(subject, file);
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw ReleaseErrors.cannotRead(file, e);
    }
  }

  private Map<String, Long> checkSplit(String subject, Verified verified, Optional<String> split) {
    if (split.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> rowsOfSplit = new TreeMap<>();
    for (Map.Entry<String, Dataset<Row>> e : verified.tables().entrySet()) {
      Dataset<Row> rows = e.getValue();
      if (!hasSplitColumn(rows)) {
        continue;
      }
      Map<String, Long> counts = new TreeMap<>();
      for (Row r : rows.groupBy(col(SPLIT_COLUMN)).count().collectAsList()) {
        counts.put(r.isNullAt(0) ? "null" : String.valueOf(r.get(0)), r.getLong(1));
      }
      if (!counts.containsKey(split.get())) {
        throw ReleaseErrors.unknownSplit(
            subject, e.getKey(), split.get(), List.copyOf(counts.keySet()));
      }
      rowsOfSplit.put(e.getKey(), counts.get(split.get()));
    }
    if (rowsOfSplit.isEmpty()) {
      throw ReleaseErrors.noSplitColumn(subject, List.copyOf(verified.tables().keySet()));
    }
    return rowsOfSplit;
  }

  private static boolean hasSplitColumn(Dataset<Row> rows) {
    return java.util.Arrays.asList(rows.schema().fieldNames()).contains(SPLIT_COLUMN);
  }

  // --- writing ---

  private List<PulledTable> writeTables(
      Path tmp,
      String subject,
      Verified verified,
      Request request,
      Map<String, Long> splitRows,
      Consumer<String> progress)
      throws IOException {
    List<PulledTable> pulled = new ArrayList<>();
    for (ManifestTable t : verified.manifest().tables()) {
      Dataset<Row> rows = verified.tables().get(t.name());
      long expected = t.rows();
      if (request.split().isPresent() && splitRows.containsKey(t.name())) {
        rows = rows.where(col(SPLIT_COLUMN).equalTo(request.split().get()));
        expected = splitRows.get(t.name());
      }
      progress.accept("writing " + t.name() + " (" + expected + " rows)");
      Path dir = Files.createDirectories(tmp.resolve(t.name()));
      Dataset<Row> sorted = sortedByAllColumns(rows);
      PulledTable written =
          request.format() == Format.PARQUET
              ? writeParquet(sorted, tmp, dir, t.name(), expected)
              : writeText(sorted, dir, t.name(), request.format());
      if (written.rows() != expected) {
        throw ReleaseErrors.mismatch(
            subject,
            "the rows read from table " + t.name() + " while writing",
            expected + " rows",
            written.rows() + " rows");
      }
      pulled.add(written);
    }
    return pulled;
  }

  private static PulledTable writeText(Dataset<Row> sorted, Path dir, String table, Format format)
      throws IOException {
    StructType schema = sorted.schema();
    List<String> files = new ArrayList<>();
    long rows = 0;
    int part = 0;
    List<Integer> keyPositions = partKeyColumns(schema).stream().map(schema::fieldIndex).toList();
    Iterator<Row> it = sorted.toLocalIterator();
    Row next = it.hasNext() ? it.next() : null;
    do {
      String name = String.format(Locale.ROOT, "part-%05d.%s", part++, format.extension());
      files.add(table + "/" + name);
      try (OutputStream out =
              new BufferedOutputStream(Files.newOutputStream(dir.resolve(name)), 1 << 16);
          RowFiles.Sink sink =
              format == Format.JSONL
                  ? RowFiles.jsonLines(out, schema)
                  : RowFiles.csv(out, schema)) {
        long inPart = 0;
        List<Object> key = next == null ? List.of() : partKey(next, keyPositions);
        while (next != null && inPart < ROWS_PER_PART && partKey(next, keyPositions).equals(key)) {
          sink.write(next);
          inPart++;
          next = it.hasNext() ? it.next() : null;
        }
        rows += inPart;
      }
    } while (next != null);
    return new PulledTable(table, rows, files);
  }

  private static PulledTable writeParquet(
      Dataset<Row> sorted, Path tmp, Path dir, String table, long rows) throws IOException {
    List<String> keyColumns = partKeyColumns(sorted.schema());
    if (keyColumns.isEmpty()) {
      return writeParquetPart(sorted, tmp, dir, table, rows, 0);
    }
    // one file per shard (of each split), in key order
    List<Row> keys =
        sorted
            .select(keyColumns.stream().map(c -> col(quoted(c))).toArray(Column[]::new))
            .distinct()
            .sort(keyColumns.stream().map(c -> col(quoted(c))).toArray(Column[]::new))
            .collectAsList();
    if (keys.isEmpty()) {
      return writeParquetPart(sorted, tmp, dir, table, rows, 0);
    }
    List<String> files = new ArrayList<>();
    for (Row key : keys) {
      Column match = lit(true);
      for (int i = 0; i < keyColumns.size(); i++) {
        match = match.and(col(quoted(keyColumns.get(i))).equalTo(key.get(i)));
      }
      files.addAll(
          writeParquetPart(sorted.where(match), tmp, dir, table, rows, files.size()).files());
    }
    return new PulledTable(table, rows, files);
  }

  private static PulledTable writeParquetPart(
      Dataset<Row> sorted, Path tmp, Path dir, String table, long rows, int first)
      throws IOException {
    Path scratch = tmp.resolve(".spark-" + table + "-" + first);
    sorted.coalesce(1).write().parquet(scratch.toUri().toString());
    List<Path> parts;
    try (Stream<Path> s = Files.list(scratch)) {
      parts =
          s.filter(
                  p ->
                      p.getFileName().toString().startsWith("part-")
                          && p.getFileName().toString().endsWith(".parquet"))
              .sorted()
              .toList();
    }
    List<String> files = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      String name = String.format(Locale.ROOT, "part-%05d.parquet", first + i);
      Files.move(parts.get(i), dir.resolve(name));
      files.add(table + "/" + name);
    }
    deleteRecursively(scratch);
    return new PulledTable(table, rows, files);
  }

  /** Writes manifest.json, manifest.sig, the dataset card and SHA256SUMS; returns all bytes. */
  private static long writeReleaseFiles(Path tmp, Verified verified) throws IOException {
    Files.write(tmp.resolve(MANIFEST_FILE), verified.manifestBytes());
    Files.write(tmp.resolve(ManifestSignatures.FILE), verified.signatureBytes());
    if (verified.datasetCard().isPresent()) {
      Files.write(tmp.resolve(DATASET_CARD_FILE), verified.datasetCard().get());
    }
    Map<String, String> sums = new TreeMap<>();
    long bytes = 0;
    List<Path> files;
    try (Stream<Path> s = Files.walk(tmp)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      String rel = tmp.relativize(f).toString().replace('\\', '/');
      sums.put(rel, Sha256.ofFile(f));
      bytes += Files.size(f);
    }
    StringBuilder b = new StringBuilder();
    sums.forEach((path, hex) -> b.append(hex).append("  ").append(path).append('\n'));
    byte[] content = b.toString().getBytes(StandardCharsets.UTF_8);
    Files.write(tmp.resolve(SUMS_FILE), content);
    return bytes + content.length;
  }

  private static void moveIntoPlace(Path tmp, Path out) throws IOException {
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      Path old = out.resolveSibling("." + out.getFileName() + ".old-" + randomHex());
      Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      deleteRecursively(old);
    } else {
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** The rows sorted by every column (maps, which Spark cannot order, by their JSON text). */
  static Dataset<Row> sortedByAllColumns(Dataset<Row> rows) {
    List<Column> keys = new ArrayList<>();
    for (String c : partKeyColumns(rows.schema())) {
      keys.add(rows.col(quoted(c)));
    }
    java.util.Arrays.stream(rows.schema().fields())
        .map(f -> hashable(rows.col(quoted(f.name())), f.dataType()))
        .forEach(keys::add);
    return keys.isEmpty() ? rows : rows.sort(keys.toArray(Column[]::new));
  }

  /** The columns whose change starts a new part: split and shard, where a table has a shard. */
  static List<String> partKeyColumns(StructType schema) {
    List<String> names = List.of(schema.fieldNames());
    if (!names.contains(SHARD_COLUMN)) {
      return List.of();
    }
    return names.contains(SPLIT_COLUMN)
        ? List.of(SPLIT_COLUMN, SHARD_COLUMN)
        : List.of(SHARD_COLUMN);
  }

  private static List<Object> partKey(Row r, List<Integer> positions) {
    List<Object> key = new ArrayList<>(positions.size());
    for (int i : positions) {
      key.add(r.get(i));
    }
    return key;
  }

  /** The column itself, or its JSON text when it holds a map (not orderable, not hashable). */
  private static Column hashable(Column c, DataType type) {
    return containsMap(type) ? to_json(c) : c;
  }

  private static boolean containsMap(DataType type) {
    if (type instanceof MapType) {
      return true;
    }
    if (type instanceof ArrayType a) {
      return containsMap(a.elementType());
    }
    if (type instanceof StructType s) {
      for (StructField f : s.fields()) {
        if (containsMap(f.dataType())) {
          return true;
        }
      }
    }
    return false;
  }

  private static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  // --- audit ---

  private void auditRefusal(
      Optional<User> user, Target target, String outcome, String detail, RuntimeException e) {
    try {
      audit(user, "refused", target.product(), target.versionText(), outcome, "pull: " + detail);
    } catch (RuntimeException auditFailure) {
      e.addSuppressed(auditFailure);
    }
  }

  private void audit(
      Optional<User> user,
      String action,
      String product,
      String version,
      String outcome,
      String detail) {
    ops.recordAudit(
        List.of(
            new OpsTables.AuditEntry(
                clock.instant(),
                user.map(User::name).orElse("anonymous"),
                user.map(u -> u.role().label()),
                action,
                Optional.of(product),
                Optional.of(version),
                outcome,
                detail)));
  }

  // --- small helpers ---

  private static String render(StructType schema) {
    return String.join(
        ", ",
        ReleaseSchemas.schemaColumns(schema).stream()
            .map(c -> c.name() + " " + c.type() + (c.nullable() ? "" : " not null"))
            .toList());
  }

  private static String firstLine(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return e.getClass().getSimpleName() + ": " + (nl > 0 ? m.substring(0, nl) : m);
  }

  private static String randomHex() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void deleteQuietly(Path dir) {
    try {
      deleteRecursively(dir);
    } catch (IOException e) {
      LOG.warn("could not remove the temporary folder {}: {}", dir, e.toString());
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        for (Path p : s) {
          deleteRecursively(p);
        }
      }
    }
    Files.delete(dir);
  }
}
