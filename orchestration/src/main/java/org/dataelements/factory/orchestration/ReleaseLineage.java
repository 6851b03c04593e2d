package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.lineage.FactoryFacet;
import org.dataelements.factory.lineage.LineageDataset;
import org.dataelements.factory.lineage.LineageEmitter;
import org.dataelements.factory.products.release.Approval;
import org.dataelements.factory.products.release.ManifestTable;
import org.dataelements.factory.products.release.Pull;
import org.dataelements.factory.products.release.ReleaseManifest;
import org.dataelements.factory.products.release.Releases;
import org.dataelements.factory.products.release.Semver;
import org.dataelements.factory.products.release.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lineage of what happens to a product after its build: each release decision (job {@code
 * release:<product>}, with the {@code factory_release} facet: decision, tag, approvers) and each
 * pull (job {@code pull:<product>}, with {@code factory_pull}: the consumer). A release reads the
 * gold tables at the snapshots its manifest lists and outputs the release node {@code
 * <product>@<version>}; a pull reads that node and outputs {@code <consumer>:<folder>}.
 */
final class ReleaseLineage {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseLineage.class);
  static final String RELEASES_NAMESPACE = "releases";
  static final String PULLS_NAMESPACE = "pulls";

  private final Lakehouse lakehouse;
  private final LineageEmitter lineage;

  ReleaseLineage(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
    this.lineage = Lineages.emitter(lakehouse);
  }

  /** A decision on a candidate; once released, the release with its tables and approvals. */
  void decided(Releases releases, OpsTables.Release r, User user) {
    try {
      Map<String, Object> facet = new LinkedHashMap<>();
      facet.put("product", r.product());
      facet.put("decision", r.status());
      facet.put("candidate", r.candidate());
      List<LineageDataset> inputs = new ArrayList<>();
      List<LineageDataset> outputs = new ArrayList<>();
      List<Map<String, Object>> approvers = new ArrayList<>();
      if (r.version().isPresent() && r.status().equals(Releases.RELEASED)) {
        Semver v = Semver.parse(r.version().get());
        Path manifest = releases.releaseDir(r.product(), v).resolve("manifest.json");
        ReleaseManifest m =
            ReleaseManifest.parse(Files.readAllBytes(manifest), manifest.toString());
        facet.put("version", v.toString());
        facet.put("tag", v.tag());
        for (ManifestTable t : m.tables()) {
          inputs.add(
              LineageDataset.of(
                      LineageDataset.Kind.TABLE,
                      lineage.tableNamespace(),
                      t.name(),
                      Long.toString(t.snapshotId()))
                  .withRef(v.tag()));
        }
        for (Approval a : m.approvals()) {
          approvers.add(
              Map.of("user", a.user(), "role", a.role().label(), "at", a.at().toString()));
        }
        outputs.add(release(r.product(), v.toString()));
      } else {
        approvers.add(Map.of("user", user.name(), "role", user.role().label()));
      }
      facet.put("approvers", approvers);
      lineage.once(
          r.runId(),
          "release:" + r.product(),
          inputs,
          outputs,
          Map.of(FactoryFacet.RELEASE, facet));
      store();
    } catch (IOException | RuntimeException e) {
      LOG.warn("lineage: release decision of {} not recorded: {}", r.product(), e.toString());
    }
  }

  /** A revoked release: the release node, no longer to be consumed. */
  void revoked(String product, Semver version, User user) {
    try {
      Map<String, Object> facet = new LinkedHashMap<>();
      facet.put("product", product);
      facet.put("version", version.toString());
      facet.put("tag", version.tag());
      facet.put("decision", "revoked");
      facet.put("approvers", List.of(Map.of("user", user.name(), "role", user.role().label())));
      lineage.once(
          "revoke_" + product + "_" + version,
          "release:" + product,
          List.of(release(product, version.toString())),
          List.of(),
          Map.of(FactoryFacet.RELEASE, facet));
      store();
    } catch (RuntimeException e) {
      LOG.warn("lineage: revocation of {} not recorded: {}", product, e.toString());
    }
  }

  /** A consumer's pull of a release into a folder. */
  void pulled(Pull.Result r, String format) {
    try {
      Map<String, Object> facet = new LinkedHashMap<>();
      facet.put("product", r.product());
      facet.put("version", r.version().toString());
      facet.put("consumer", r.consumer());
      facet.put("format", format);
      facet.put("rows", r.rows());
      lineage.once(
          "pull_" + r.product() + "_" + r.version(),
          "pull:" + r.product(),
          List.of(release(r.product(), r.version().toString())),
          List.of(
              LineageDataset.of(
                  LineageDataset.Kind.PULL,
                  PULLS_NAMESPACE,
                  r.consumer() + ":" + r.out(),
                  r.version().toString())),
          Map.of(FactoryFacet.PULL, facet));
      store();
    } catch (RuntimeException e) {
      LOG.warn("lineage: pull of {} not recorded: {}", r.product(), e.toString());
    }
  }

  private static LineageDataset release(String product, String version) {
    return LineageDataset.of(LineageDataset.Kind.RELEASE, RELEASES_NAMESPACE, product, version);
  }

  private void store() {
    Pipeline.storeLineage(lineage, new OpsTables(lakehouse));
  }
}
