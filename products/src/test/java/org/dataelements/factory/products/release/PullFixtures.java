package org.dataelements.factory.products.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;

/**
 * Builds releases the way approve/publish does (DESIGN §8, CONTRACT "Files"): each gold table
 * tagged {@code v<version>}, a signed manifest under {@code _releases/}, a {@code released} row in
 * {@code lake.ops.releases}; and the users of the shared test warehouse.
 */
final class PullFixtures {
  static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  private static String consumerToken;
  private static String adminToken;

  private PullFixtures() {}

  static Path warehouse(Lakehouse lakehouse) {
    return lakehouse.config().localWarehouse().orElseThrow();
  }

  /** A consumer's token on the shared warehouse (users created once, cheap PBKDF2). */
  static synchronized String consumerToken(Lakehouse lakehouse) {
    users(lakehouse);
    return consumerToken;
  }

  static synchronized String adminToken(Lakehouse lakehouse) {
    users(lakehouse);
    return adminToken;
  }

  private static void users(Lakehouse lakehouse) {
    if (consumerToken != null) {
      return;
    }
    Users users = Users.of(warehouse(lakehouse), 1, Clock.systemUTC());
    if (!users.list().isEmpty()) {
      throw new IllegalStateException("the shared test warehouse already has users");
    }
    adminToken = users.add("pull_admin", Role.ADMIN, Optional.empty()).token().reveal();
    consumerToken =
        users.add("pull_reader", Role.CONSUMER, Optional.of(adminToken)).token().reveal();
  }

  /** Tags every table of the product at its current snapshot and publishes a signed manifest. */
  static ReleaseManifest release(
      Lakehouse lakehouse,
      OpsTables ops,
      String product,
      String version,
      List<String> tables,
      int candidateNo,
      Optional<String> datasetCard) {
    Semver v = Semver.parse(version);
    List<ManifestTable> entries = new ArrayList<>();
    for (String t : tables) {
      TableId id = TableId.gold(product, t);
      lakehouse.spark().sql("ALTER TABLE " + id.sqlName() + " CREATE TAG `" + v.tag() + "`");
      long snapshot = lakehouse.tagSnapshot(id, v.tag()).orElseThrow();
      // what approve/publish hashes: the schema Spark reports at the tag
      String schema = ReleaseSchemas.sha256(lakehouse.readRef(id, v.tag()).schema());
      long rows = lakehouse.readRef(id, v.tag()).count();
      entries.add(new ManifestTable(t, snapshot, rows, schema));
    }
    String runId = String.format("20260101T000000Z_ab%02d", candidateNo);
    ReleaseManifest manifest =
        new ReleaseManifest(
            product,
            v,
            Optional.empty(),
            AT,
            runId,
            SafeNames.candidateBranch(runId),
            entries,
            new QualitySummary(3, 0, 0),
            List.of(),
            List.of(new Approval("ops.lin", Role.OPERATOR, AT)));
    Path dir = releaseDir(lakehouse, product, version);
    SigningKeys keys = SigningKeys.openOrCreate(warehouse(lakehouse));
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(Pull.MANIFEST_FILE), manifest.toJson());
      Files.write(
          dir.resolve(ManifestSignatures.FILE),
          ManifestSignatures.encode(keys.sign(manifest.toJson())));
      if (datasetCard.isPresent()) {
        Files.writeString(dir.resolve(Pull.DATASET_CARD_FILE), datasetCard.get());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ops.recordRelease(
        new OpsTables.Release(
            product,
            Optional.of(version),
            SafeNames.candidateBranch(runId),
            runId,
            "released",
            AT.plusSeconds(candidateNo),
            Optional.of(AT.plusSeconds(candidateNo + 1)),
            List.of("ops.lin"),
            Optional.of(manifest.sha256()),
            "",
            ""));
    return manifest;
  }

  /** Records a version as revoked, with its reason. */
  static void revoke(OpsTables ops, String product, String version, int candidateNo, String why) {
    String runId = String.format("20260101T000000Z_ab%02d", candidateNo);
    ops.recordRelease(
        new OpsTables.Release(
            product,
            Optional.of(version),
            SafeNames.candidateBranch(runId),
            runId,
            "revoked",
            AT.plusSeconds(candidateNo),
            Optional.of(AT.plusSeconds(candidateNo + 1)),
            List.of("ops.lin"),
            Optional.empty(),
            "",
            why));
  }

  static Path releaseDir(Lakehouse lakehouse, String product, String version) {
    return warehouse(lakehouse).resolve(Pull.RELEASES_DIR).resolve(product).resolve(version);
  }
}
