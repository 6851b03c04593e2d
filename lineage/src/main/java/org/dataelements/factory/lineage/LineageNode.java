package org.dataelements.factory.lineage;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A dataset at one version, as the lineage events name it: a landing file (its path relative to the
 * landing root, at its checksum), a table (its SQL name, at a Delta version or an Iceberg snapshot
 * id, with the branch or tag it was read or written on), a product release (the product's name at
 * its semantic version) or a pull (consumer and destination, at the version pulled).
 *
 * @param name the dataset's name in the events (the {@code id} of the contract's JSON)
 * @param version the version the events give it
 * @param kind what the dataset is
 * @param refs the Iceberg branches and tags of a gold table that the events of the answer name
 *     (written on {@code candidate_<run>}, released as {@code v1.0.0}), sorted
 */
public record LineageNode(
    String name, String version, LineageDataset.Kind kind, List<String> refs) {
  public LineageNode {
    requireNonNull(name, "name is null");
    requireNonNull(version, "version is null");
    requireNonNull(kind, "kind is null");
    refs = List.copyOf(refs);
  }

  /** {@code name@version}, as {@code lake.ops.lineage_events} lists datasets. */
  public String key() {
    return name + "@" + version;
  }
}
