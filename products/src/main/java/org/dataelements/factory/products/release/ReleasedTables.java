package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;

/**
 * Tables of one release (or candidate) of a product, each at the snapshot that release holds.
 *
 * @param product the product, e.g. {@code traceability}
 * @param version the release version; empty for a candidate
 * @param candidate the candidate branch read, or the branch the release was approved from
 * @param tables the tables asked for, in the order asked
 */
public record ReleasedTables(
    String product, Optional<Semver> version, String candidate, List<Snapshot> tables) {

  /** One table at its released snapshot. */
  public record Snapshot(String name, Table table, long snapshotId) {
    public Snapshot {
      requireNonNull(name, "name is null");
      requireNonNull(table, "table is null");
    }
  }

  public ReleasedTables {
    requireNonNull(product, "product is null");
    requireNonNull(version, "version is null");
    requireNonNull(candidate, "candidate is null");
    tables = List.copyOf(tables);
  }

  /** {@code traceability@1.2.0}, or {@code traceability@candidate_…} for a candidate. */
  public String label() {
    return product + "@" + version.map(Semver::toString).orElse(candidate);
  }

  /** True when a candidate branch is read rather than a release. */
  public boolean isCandidate() {
    return version.isEmpty();
  }

  /**
   * The table of that name.
   *
   * @throws IllegalArgumentException when it was not asked for
   */
  public Snapshot table(String name) {
    return tables.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " was not resolved"));
  }
}
