package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.LakeCatalog;
import org.dataelements.factory.core.runtime.OpsTables;

/**
 * Finds, without Spark, the snapshot of each table that a release of a product holds: the newest
 * release that is not revoked, a given version, or the head of a candidate branch. A release is
 * read at the snapshot its manifest names ({@code <warehouse>/_releases/<product>/<version>/
 * manifest.json}), which must be the one its tag {@code v<version>} points at; with a warehouse
 * that is not a local folder (no manifests there), the tag alone says it.
 */
public final class ReleaseLookup {
  private static final String CANDIDATE_PREFIX = "candidate_";

  private final LakeCatalog lake;
  private final Optional<Path> warehouse;

  public ReleaseLookup(LakeCatalog lake, FactoryConfig config) {
    this.lake = requireNonNull(lake, "lake is null");
    this.warehouse = requireNonNull(config, "config is null").localWarehouse();
  }

  /** What a reader asked for: a released version, or a candidate branch. */
  sealed interface Choice permits Released, Candidate {}

  /** A release, with the row that records it. */
  record Released(Semver version, OpsTables.Release row) implements Choice {}

  /** A candidate branch; its row is absent when none was recorded under that name. */
  record Candidate(String branch, Optional<OpsTables.Release> row) implements Choice {}

  /**
   * The tables of a release of {@code product}, each at its released snapshot.
   *
   * @param version {@code 1.2.0}, {@code v1.2.0}, a candidate branch ({@code candidate_<run id>})
   *     or empty for the newest release that is not revoked
   * @param tables names of the product's tables to resolve, e.g. {@code lot_lineage}
   * @throws org.dataelements.factory.core.InvalidSpecException when {@code version} has none of
   *     those forms
   * @throws ReleaseRefusedException when the product has no release (the message says how to
   *     approve one), the version is unknown or revoked, the candidate is unknown or its branch is
   *     gone, or the release has no such table
   * @throws VerificationException when the manifest is missing or disagrees with the tag
   */
  public ReleasedTables resolve(String product, Optional<String> version, List<String> tables) {
    SafeNames.product(requireNonNull(product, "product is null"));
    requireNonNull(version, "version is null");
    Optional<String> asked = version.map(ReleaseLookup::checkVersion);
    Choice choice = choose(product, asked, lake.releases());
    List<ReleasedTables.Snapshot> out = new ArrayList<>();
    if (choice instanceof Released r) {
      Optional<ReleaseManifest> manifest = manifest(product, r.version());
      for (String name : tables) {
        out.add(released(product, r.version(), manifest, name));
      }
      return new ReleasedTables(product, Optional.of(r.version()), r.row().candidate(), out);
    }
    Candidate c = (Candidate) choice;
    for (String name : tables) {
      out.add(candidate(product, c, name));
    }
    return new ReleasedTables(product, Optional.empty(), c.branch(), out);
  }

  /** Checks the form of a version as a reader gives it: a release version or a candidate. */
  static String checkVersion(String text) {
    if (text.startsWith(CANDIDATE_PREFIX)) {
      try {
        return SafeNames.candidate(text);
      } catch (LakehouseException e) {
        throw ReleaseErrors.badReadVersion(text);
      }
    }
    try {
      Semver.parse(text);
      return text;
    } catch (LakehouseException e) {
      throw ReleaseErrors.badReadVersion(text);
    }
  }

  /**
   * Which release or candidate answers the question, from the rows of {@code lake.ops.releases}
   * (released and not revoked; a candidate by its branch name).
   */
  static Choice choose(String product, Optional<String> asked, List<OpsTables.Release> rows) {
    if (asked.isPresent() && asked.get().startsWith(CANDIDATE_PREFIX)) {
      String branch = asked.get();
      return new Candidate(
          branch,
          rows.stream()
              .filter(r -> r.product().equals(product) && r.candidate().equals(branch))
              .findFirst());
    }
    Map<Semver, OpsTables.Release> released = new TreeMap<>();
    Map<Semver, OpsTables.Release> revoked = new TreeMap<>();
    for (OpsTables.Release r : rows) {
      if (!r.product().equals(product) || r.version().isEmpty()) {
        continue;
      }
      Optional<Semver> v = parse(r.version().get());
      if (v.isPresent() && r.status().equals(Releases.RELEASED)) {
        released.put(v.get(), r);
      } else if (v.isPresent() && r.status().equals(Releases.REVOKED)) {
        revoked.put(v.get(), r);
      }
    }
    released.keySet().removeAll(revoked.keySet());
    List<String> releasedText = released.keySet().stream().map(Semver::toString).toList();
    List<String> revokedText = revoked.keySet().stream().map(Semver::toString).toList();
    if (asked.isEmpty()) {
      if (released.isEmpty()) {
        List<String> open =
            rows.stream()
                .filter(r -> r.product().equals(product))
                .filter(r -> r.status().equals(Releases.CANDIDATE))
                .map(OpsTables.Release::candidate)
                .toList();
        throw ReleaseErrors.nothingReleased(product, open, revokedText);
      }
      Semver newest = new TreeSet<>(released.keySet()).last();
      return new Released(newest, released.get(newest));
    }
    Semver v = Semver.parse(asked.get());
    if (revoked.containsKey(v)) {
      throw ReleaseErrors.readRevoked(
          product, v.toString(), revoked.get(v).message(), releasedText);
    }
    if (!released.containsKey(v)) {
      throw ReleaseErrors.noSuchRelease(product, v.toString(), releasedText, revokedText);
    }
    return new Released(v, released.get(v));
  }

  private static Optional<Semver> parse(String text) {
    try {
      return Optional.of(Semver.parse(text));
    } catch (LakehouseException e) {
      return Optional.empty();
    }
  }

  /** The signed manifest of a release, when the warehouse is a local folder. */
  private Optional<ReleaseManifest> manifest(String product, Semver version) {
    if (warehouse.isEmpty()) {
      return Optional.empty();
    }
    String subject = product + "@" + version;
    Path file =
        warehouse
            .get()
            .resolve(Pull.RELEASES_DIR)
            .resolve(product)
            .resolve(version.toString())
            .resolve(Pull.MANIFEST_FILE);
    if (!Files.isRegularFile(file)) {
      throw ReleaseErrors.manifestMissing(subject, file);
    }
    ReleaseManifest m;
    try {
      m = ReleaseManifest.parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw ReleaseErrors.cannotRead(file, e);
    }
    if (!m.product().equals(product)) {
      throw ReleaseErrors.readMismatch(subject, "the product", product, m.product());
    }
    if (!m.version().equals(version)) {
      throw ReleaseErrors.readMismatch(
          subject, "the version", version.toString(), m.version().toString());
    }
    return Optional.of(m);
  }

  private ReleasedTables.Snapshot released(
      String product, Semver version, Optional<ReleaseManifest> manifest, String name) {
    String subject = product + "@" + version;
    TableId id = TableId.gold(product, name);
    Optional<ManifestTable> listed =
        manifest.flatMap(m -> m.tables().stream().filter(t -> t.name().equals(name)).findFirst());
    if (manifest.isPresent() && listed.isEmpty()) {
      throw ReleaseErrors.tableNotReleased(
          subject, name, manifest.get().tables().stream().map(ManifestTable::name).toList());
    }
    Table table =
        lake.table(id)
            .orElseThrow(
                () ->
                    ReleaseErrors.readMismatch(
                        subject, "table " + id.sqlName(), "it exists", "none"));
    SnapshotRef tag = table.refs().get(version.tag());
    if (tag == null || !tag.isTag()) {
      if (listed.isEmpty()) {
        throw ReleaseErrors.tableNotReleased(subject, name, List.of());
      }
      throw ReleaseErrors.readMismatch(
          subject,
          "tag " + version.tag() + " of table " + id.sqlName(),
          "a tag at snapshot " + listed.get().snapshotId(),
          "no such tag");
    }
    if (listed.isPresent() && listed.get().snapshotId() != tag.snapshotId()) {
      throw ReleaseErrors.readMismatch(
          subject,
          "tag " + version.tag() + " of table " + id.sqlName(),
          "snapshot " + listed.get().snapshotId(),
          "snapshot " + tag.snapshotId() + " (the tag was moved)");
    }
    return new ReleasedTables.Snapshot(name, table, tag.snapshotId());
  }

  private ReleasedTables.Snapshot candidate(String product, Candidate c, String name) {
    TableId id = TableId.gold(product, name);
    Optional<Table> table = lake.table(id);
    SnapshotRef branch = table.map(t -> t.refs().get(c.branch())).orElse(null);
    if (branch != null && branch.isBranch()) {
      return new ReleasedTables.Snapshot(name, table.get(), branch.snapshotId());
    }
    if (c.row().isEmpty()) {
      throw ReleaseErrors.noSuchCandidate(product, c.branch());
    }
    OpsTables.Release row = c.row().get();
    throw ReleaseErrors.candidateNotReadable(
        product, c.branch(), name, row.status(), row.version());
  }
}
