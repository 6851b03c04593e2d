package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.types.StructField;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.Redaction;
import org.dataelements.factory.core.Sensitivity;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-audit-publish of products (DESIGN §8): a product build's tables on the branch {@code
 * candidate_<run>} become a candidate with its gates recorded in {@code lake.ops.releases};
 * operators approve or reject it; the approval that completes the product's policy publishes it —
 * {@code main} of every table fast-forwarded to the candidate, each tagged {@code v<version>}, a
 * signed manifest under {@code <warehouse>/_releases/<product>/<version>/}. Every decision and
 * refusal goes to {@code lake.ops.audit_log}. A publish interrupted half way is completed by the
 * next release command ({@link #recover}) from its intent file: a product's tables never point at
 * different releases for longer than that.
 */
public final class Releases {
  private static final Logger LOG = LoggerFactory.getLogger(Releases.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String INTENT = "publish-intent.json";
  static final String FINGERPRINT = "factory.fingerprint";

  /**
   * Test-only hook: when 0 or more, {@link #complete} throws after moving that many tables, as if
   * the process were killed half way through a publish (ReleasesTest sets it and resets it to -1).
   */
  static volatile int killAfterTables = -1;

  /** Candidate statuses. */
  public static final String CANDIDATE = "candidate";

  public static final String GATES_FAILED = "gates_failed";
  public static final String APPROVED = "approved";
  public static final String REJECTED = "rejected";
  public static final String RELEASED = "released";
  public static final String REVOKED = "revoked";
  public static final String EXPIRED = "expired";

  private final Lakehouse lakehouse;
  private final OpsTables ops;
  private final Specs specs;
  private final Optional<Path> warehouse;

  /** Releases of the warehouse's products (decisions and files need a local warehouse). */
  public Releases(Lakehouse lakehouse, OpsTables ops, Specs specs) {
    this.lakehouse = requireNonNull(lakehouse, "lakehouse is null");
    this.ops = requireNonNull(ops, "ops is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.warehouse = lakehouse.config().localWarehouse();
  }

  /** The local warehouse folder, where release files and keys live. */
  private Path local() {
    return warehouse.orElseThrow(
        () ->
            ReleaseErrors.refused(
                "releases need a local warehouse for their manifests and keys, not "
                    + lakehouse.config().warehouse(),
                "use a local --warehouse"));
  }

  /** The folder of a release's files: {@code <warehouse>/_releases/<product>/<version>}. */
  public Path releaseDir(String product, Semver version) {
    return local()
        .resolve("_releases")
        .resolve(SafeNames.product(product))
        .resolve(version.toString());
  }

  /** The product spec, or a refusal naming the products there are. */
  public ProductSpec product(String name) {
    SafeNames.product(name);
    return specs
        .product(name)
        .orElseThrow(
            () ->
                ReleaseErrors.refused(
                    "no product '" + name + "'",
                    "use one of " + specs.products().stream().map(ProductSpec::name).toList()));
  }

  // ---------------------------------------------------------------------------------------- build

  /**
   * Makes a product's build on {@code branch} a candidate: tables the run did not rebuild (their
   * inputs were unchanged) join the branch at their released state, the gates run, and the
   * candidate is recorded ({@code candidate}, or {@code gates_failed}). Candidates older than the
   * product's retention expire.
   */
  public OpsTables.Release candidate(
      ProductSpec product, String runId, String branch, QualitySummary quality) {
    for (TableId t : product.tableIds()) {
      if (lakehouse.exists(t) && lakehouse.branchSnapshot(t, branch).isEmpty()) {
        long main = lakehouse.currentSnapshot(t);
        if (main >= 0) {
          lakehouse.setBranch(t, branch, main);
        }
      }
    }
    List<GateResult> gates = new ArrayList<>();
    gates.add(
        new GateResult(
            "quality",
            quality.failed() > 0 ? GateStatus.FAILED : GateStatus.PASSED,
            quality.passed()
                + " passed, "
                + quality.warned()
                + " warned, "
                + quality.failed()
                + " failed"));
    gates.add(sensitivityGate(product, branch));
    gates.add(completenessGate(product, branch));
    gates.add(schemaGate(product, branch));
    boolean failed = gates.stream().anyMatch(g -> g.status() == GateStatus.FAILED);
    OpsTables.Release r =
        new OpsTables.Release(
            product.name(),
            Optional.empty(),
            branch,
            runId,
            failed ? GATES_FAILED : CANDIDATE,
            Instant.now(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            gatesJson(gates),
            failed
                ? "a gate failed; fix and run again"
                : "awaiting " + product.approvalsRequired() + " approval(s)");
    ops.recordRelease(r);
    expireOld(product, branch);
    return r;
  }

  /**
   * Records a product build that stopped on a failed check: a candidate that cannot be approved.
   * The reason, usually an exception's message, passes through {@link Redaction} first.
   */
  public OpsTables.Release failedBuild(
      ProductSpec product, String runId, String branch, String failure) {
    String why = Redaction.of(failure);
    OpsTables.Release r =
        new OpsTables.Release(
            product.name(),
            Optional.empty(),
            branch,
            runId,
            GATES_FAILED,
            Instant.now(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            gatesJson(List.of(new GateResult("quality", GateStatus.FAILED, why))),
            "the build stopped: " + why);
    ops.recordRelease(r);
    return r;
  }

  /** No column graded {@code core}, none graded personal upstream that gold does not re-grade. */
  GateResult sensitivityGate(ProductSpec product, String branch) {
    Map<String, String> personalUpstream = new TreeMap<>();
    for (SourceSpec s : specs.sources()) {
      for (ObjectSpec o : s.objects()) {
        o.sensitivity()
            .forEach(
                (col, sens) -> {
                  if (sens.personal() || sens.grade() == Sensitivity.Grade.CORE) {
                    personalUpstream.putIfAbsent(
                        col, "sources/" + s.name() + ".yaml (" + o.name() + ")");
                  }
                });
      }
    }
    for (TableSpec t : specs.tables()) {
      t.sensitivity()
          .forEach(
              (col, sens) -> {
                if (sens.personal() || sens.grade() == Sensitivity.Grade.CORE) {
                  personalUpstream.putIfAbsent(col, t.origin());
                }
              });
    }
    List<String> problems = new ArrayList<>();
    for (TableSpec t : product.tables()) {
      TableId id = TableId.gold(product.name(), t.name());
      t.sensitivity()
          .forEach(
              (col, sens) -> {
                if (sens.grade() == Sensitivity.Grade.CORE) {
                  problems.add(
                      id.sqlName()
                          + "."
                          + col
                          + " is graded core: core data never enters a product");
                } else if (sens.personal()) {
                  problems.add(
                      id.sqlName()
                          + "."
                          + col
                          + " is personal: mask or pseudonymize it before gold");
                }
              });
      if (!lakehouse.exists(id) || lakehouse.branchSnapshot(id, branch).isEmpty()) {
        continue;
      }
      for (StructField f : lakehouse.readRef(id, branch).schema().fields()) {
        String from = personalUpstream.get(f.name());
        if (from != null && !t.sensitivity().containsKey(f.name())) {
          problems.add(
              id.sqlName()
                  + "."
                  + f.name()
                  + " is graded personal or core in "
                  + from
                  + "; mask or pseudonymize it and grade the masked column in the product spec");
        }
      }
    }
    return problems.isEmpty()
        ? new GateResult(
            "sensitivity", GateStatus.PASSED, "no personal or core column leaves unmasked")
        : new GateResult("sensitivity", GateStatus.FAILED, String.join("; ", problems));
  }

  /** Every declared table is in the candidate (a product is released whole). */
  GateResult completenessGate(ProductSpec product, String branch) {
    List<String> missing = new ArrayList<>();
    for (TableId t : product.tableIds()) {
      if (!lakehouse.exists(t) || lakehouse.branchSnapshot(t, branch).isEmpty()) {
        missing.add(t.entity());
      }
    }
    return missing.isEmpty()
        ? new GateResult(
            "tables", GateStatus.PASSED, "all " + product.tables().size() + " tables built")
        : new GateResult(
            "tables",
            GateStatus.WARNED,
            "not built (their inputs have not landed): " + String.join(", ", missing));
  }

  /** The change against the last release, and the version it will need. */
  GateResult schemaGate(ProductSpec product, String branch) {
    Optional<Semver> previous = latestReleased(product.name());
    BumpDecision d = bump(product, branch, previous);
    Semver next = BumpRule.nextVersion(highestVersion(product.name()), d.bump());
    return new GateResult(
        "schema",
        d.bump() == Bump.MAJOR ? GateStatus.WARNED : GateStatus.PASSED,
        "next version "
            + next
            + (previous.map(p -> " (after " + p + ")").orElse(" (first release)"))
            + ": "
            + String.join("; ", d.reasons()));
  }

  private BumpDecision bump(ProductSpec product, String branch, Optional<Semver> previous) {
    Map<String, List<SchemaColumn>> before = new LinkedHashMap<>();
    Map<String, List<SchemaColumn>> after = new LinkedHashMap<>();
    boolean changed = previous.isEmpty();
    for (TableId t : product.tableIds()) {
      if (!lakehouse.exists(t)) {
        continue;
      }
      Optional<Long> cand = lakehouse.branchSnapshot(t, branch);
      if (cand.isPresent()) {
        after.put(t.entity(), ReleaseSchemas.schemaColumns(lakehouse.readRef(t, branch).schema()));
      }
      if (previous.isPresent()) {
        String tag = previous.get().tag();
        Optional<Long> released = lakehouse.branchSnapshot(t, tag);
        if (released.isPresent()) {
          before.put(t.entity(), ReleaseSchemas.schemaColumns(lakehouse.readRef(t, tag).schema()));
          if (cand.isPresent() && !sameBuild(t, cand.get(), released.get())) {
            changed = true;
          }
        }
      }
    }
    return BumpRule.decide(before, after, changed);
  }

  /**
   * Two snapshots hold the same build: the same snapshot, or built from the same inputs and code.
   */
  private boolean sameBuild(TableId t, long a, long b) {
    if (a == b) {
      return true;
    }
    String fa = lakehouse.snapshotSummary(t, a).get(FINGERPRINT);
    String fb = lakehouse.snapshotSummary(t, b).get(FINGERPRINT);
    return fa != null && fa.equals(fb);
  }

  /** Expires the product's open candidates past retention, except {@code current}, just built. */
  private void expireOld(ProductSpec product, String current) {
    Instant cutoff =
        Instant.now().minus(Duration.ofDays(product.release().candidateRetentionDays()));
    for (OpsTables.Release r : ops.releases()) {
      boolean open =
          r.status().equals(CANDIDATE)
              || r.status().equals(GATES_FAILED)
              || r.status().equals(REJECTED);
      if (r.product().equals(product.name())
          && open
          && !r.candidate().equals(current)
          && r.createdAt().isBefore(cutoff)) {
        for (TableId t : product.tableIds()) {
          if (lakehouse.exists(t)) {
            lakehouse.dropBranch(t, r.candidate());
          }
        }
        if (!r.status().equals(REJECTED)) {
          ops.recordRelease(
              r.decided(
                  EXPIRED,
                  Instant.now(),
                  r.version(),
                  r.approvers(),
                  r.manifestSha256(),
                  "expired after "
                      + product.release().candidateRetentionDays()
                      + " day(s) without a decision"));
        }
        LOG.info("candidate {} of {} expired; its branches dropped", r.candidate(), r.product());
      }
    }
  }

  // ------------------------------------------------------------------------------------ decisions

  /** Every candidate and release of a product (all products when empty), newest first. */
  public List<OpsTables.Release> list(Optional<String> product) {
    return ops.releases().stream()
        .filter(r -> product.isEmpty() || r.product().equals(product.get()))
        .toList();
  }

  /** The candidate row, or a refusal. */
  public OpsTables.Release candidateRow(String product, String candidate) {
    SafeNames.candidate(candidate);
    return ops.releases().stream()
        .filter(r -> r.product().equals(product) && r.candidate().equals(candidate))
        .findFirst()
        .orElseThrow(
            () ->
                ReleaseErrors.refused(
                    "product " + product + " has no candidate " + candidate,
                    "list them with `factory release list " + product + "`"));
  }

  /**
   * An operator's approval. The approval that completes the product's policy (one operator, two
   * distinct ones for a product graded important) publishes the candidate.
   *
   * @throws AccessDeniedException when the user may not approve
   * @throws ReleaseRefusedException when the candidate is missing, failed its gates or was decided
   */
  public OpsTables.Release approve(String productName, String candidate, User user) {
    ProductSpec product = product(productName);
    recover();
    return refusalsAudited(
        user,
        productName,
        Optional.empty(),
        "approve " + candidate,
        () -> {
          Authorization.require(user, Action.APPROVE);
          OpsTables.Release r = candidateRow(productName, candidate);
          if (r.status().equals(GATES_FAILED)) {
            throw ReleaseErrors.refused(
                "candidate "
                    + candidate
                    + " of "
                    + productName
                    + " failed its gates ("
                    + r.message()
                    + ")",
                "see `factory release show "
                    + productName
                    + " "
                    + candidate
                    + "`, fix and run again");
          }
          if (!r.status().equals(CANDIDATE)) {
            throw ReleaseErrors.refused(
                "candidate "
                    + candidate
                    + " of "
                    + productName
                    + " is "
                    + r.status()
                    + ", not open",
                "approve an open candidate");
          }
          if (r.approvers().contains(user.name())) {
            throw ReleaseErrors.refused(
                user.name() + " approved " + candidate + " already",
                "a second approval must come from another operator");
          }
          List<String> approvers = new ArrayList<>(r.approvers());
          approvers.add(user.name());
          audit(user, "approve", productName, Optional.empty(), "ok", "candidate " + candidate);
          if (approvers.size() < product.approvalsRequired()) {
            OpsTables.Release pending =
                r.decided(
                    CANDIDATE,
                    Instant.now(),
                    Optional.empty(),
                    approvers,
                    Optional.empty(),
                    approvers.size() + " of " + product.approvalsRequired() + " approvals");
            ops.recordRelease(pending);
            return pending;
          }
          return publish(product, r, approvers);
        });
  }

  /** An operator's rejection: the candidate can no longer be approved (its branch expires). */
  public OpsTables.Release reject(String productName, String candidate, User user, String reason) {
    product(productName);
    return refusalsAudited(
        user,
        productName,
        Optional.empty(),
        "reject " + candidate,
        () -> {
          Authorization.require(user, Action.REJECT);
          OpsTables.Release r = candidateRow(productName, candidate);
          if (!r.status().equals(CANDIDATE) && !r.status().equals(GATES_FAILED)) {
            throw ReleaseErrors.refused(
                "candidate " + candidate + " of " + productName + " is " + r.status(),
                "only open candidates are rejected");
          }
          OpsTables.Release out =
              r.decided(
                  REJECTED,
                  Instant.now(),
                  Optional.empty(),
                  List.of(user.name()),
                  Optional.empty(),
                  reason);
          ops.recordRelease(out);
          audit(
              user,
              "reject",
              productName,
              Optional.empty(),
              "ok",
              "candidate " + candidate + ": " + reason);
          return out;
        });
  }

  /** Withdraws a release: pulls of it are refused with the reason; its tags stay (never expire). */
  public OpsTables.Release revoke(String productName, Semver version, User user, String reason) {
    product(productName);
    return refusalsAudited(
        user,
        productName,
        Optional.of(version.toString()),
        "revoke " + version,
        () -> {
          Authorization.require(user, Action.REVOKE);
          OpsTables.Release r =
              ops.releases().stream()
                  .filter(
                      x ->
                          x.product().equals(productName)
                              && x.version().equals(Optional.of(version.toString())))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          ReleaseErrors.refused(
                              productName + " has no release " + version,
                              "list them with `factory release list " + productName + "`"));
          if (!r.status().equals(RELEASED)) {
            throw ReleaseErrors.refused(
                productName + " " + version + " is " + r.status(), "only a release is revoked");
          }
          OpsTables.Release out =
              r.decided(
                  REVOKED, Instant.now(), r.version(), r.approvers(), r.manifestSha256(), reason);
          ops.recordRelease(out);
          audit(user, "revoke", productName, Optional.of(version.toString()), "ok", reason);
          return out;
        });
  }

  /** Runs a decision; a refusal is audit-logged (with what was asked) before it is rethrown. */
  private OpsTables.Release refusalsAudited(
      User user,
      String product,
      Optional<String> version,
      String asked,
      java.util.function.Supplier<OpsTables.Release> decision) {
    try {
      return decision.get();
    } catch (AccessDeniedException | ReleaseRefusedException e) {
      audit(user, "refused", product, version, "refused", asked + ": " + e.getMessage());
      throw e;
    }
  }

  /** The newest released version of a product that is not revoked. */
  public Optional<Semver> latestReleased(String product) {
    return ops.releases().stream()
        .filter(
            r ->
                r.product().equals(product)
                    && r.status().equals(RELEASED)
                    && r.version().isPresent())
        .map(r -> Semver.parse(r.version().get()))
        .max(Semver::compareTo);
  }

  /**
   * The highest version ever published, revoked ones included: a new release never reuses a revoked
   * version number.
   */
  private Optional<Semver> highestVersion(String product) {
    return ops.releases().stream()
        .filter(
            x ->
                x.product().equals(product)
                    && x.version().isPresent()
                    && (x.status().equals(RELEASED) || x.status().equals(REVOKED)))
        .map(x -> Semver.parse(x.version().get()))
        .max(Semver::compareTo);
  }

  // -------------------------------------------------------------------------------------- publish

  private OpsTables.Release publish(
      ProductSpec product, OpsTables.Release r, List<String> approvers) {
    Optional<Semver> previous = highestVersion(product.name());
    BumpDecision d = bump(product, r.candidate(), latestReleased(product.name()));
    Semver version = BumpRule.nextVersion(previous, d.bump());
    Instant now = Instant.now();
    List<ManifestTable> tables = new ArrayList<>();
    for (TableId t : product.tableIds()) {
      if (!lakehouse.exists(t)) {
        continue;
      }
      Optional<Long> snap = lakehouse.branchSnapshot(t, r.candidate());
      if (snap.isPresent()) {
        String records =
            lakehouse.snapshotSummary(t, snap.get()).getOrDefault("total-records", "0");
        tables.add(
            new ManifestTable(
                t.entity(),
                snap.get(),
                Long.parseLong(records),
                SchemaHash.of(
                    ReleaseSchemas.schemaColumns(lakehouse.readRef(t, r.candidate()).schema()))));
      }
    }
    for (ManifestTable t : tables) {
      if (!lakehouse.canFastForwardMain(TableId.gold(product.name(), t.name()), t.snapshotId())) {
        throw ReleaseErrors.refused(
            "candidate "
                + r.candidate()
                + " of "
                + product.name()
                + " was built before the release now on main ("
                + latestReleased(product.name()).map(Semver::tag).orElse("another release")
                + "), so publishing it would undo that release",
            "run the factory again to build a candidate on top of it");
      }
    }
    List<Approval> approvals = approvals(product.name(), r.candidate(), approvers, now);
    List<GateResult> gates = parseGates(r.gates());
    QualitySummary quality = qualitySummary(gates);
    ReleaseManifest manifest =
        new ReleaseManifest(
            product.name(),
            version,
            previous,
            now,
            r.runId(),
            r.candidate(),
            tables,
            quality,
            gates,
            approvals);
    Path dir = releaseDir(product.name(), version);
    byte[] json = manifest.toJson();
    writeAtomically(dir.resolve(INTENT), json);
    complete(product, dir, manifest, json);
    OpsTables.Release out =
        r.decided(
            RELEASED,
            now,
            Optional.of(version.toString()),
            approvers,
            Optional.of(manifest.sha256()),
            "released as " + version.tag() + ": " + String.join("; ", d.reasons()));
    ops.recordRelease(out);
    audit(
        approvers.get(approvers.size() - 1),
        "operator",
        "release",
        product.name(),
        Optional.of(version.toString()),
        "ok",
        "candidate "
            + r.candidate()
            + " → "
            + version.tag()
            + ", manifest sha256 "
            + manifest.sha256());
    return out;
  }

  /**
   * The idempotent part of a publish, from the intent: every table's main and tag, the manifest,
   * its signature, then the intent goes. Run again, it finishes what a killed publish left.
   */
  private void complete(ProductSpec product, Path dir, ReleaseManifest manifest, byte[] json) {
    int moved = 0;
    for (ManifestTable t : manifest.tables()) {
      if (moved++ == killAfterTables) {
        throw new IllegalStateException("publish killed after " + killAfterTables + " table(s)");
      }
      TableId id = TableId.gold(product.name(), t.name());
      lakehouse.fastForwardMain(id, t.snapshotId());
      lakehouse.tag(id, manifest.version().tag(), t.snapshotId());
    }
    byte[] sig = ManifestSignatures.encode(SigningKeys.openOrCreate(local()).sign(json));
    writeDatasetCard(product, dir, manifest);
    writeAtomically(dir.resolve("manifest.json"), json);
    writeAtomically(dir.resolve(ManifestSignatures.FILE), sig);
    try {
      Files.deleteIfExists(dir.resolve(INTENT));
    } catch (IOException e) {
      throw ReleaseErrors.cannotWrite(dir.resolve(INTENT), e);
    }
    for (ManifestTable t : manifest.tables()) {
      lakehouse.dropBranch(TableId.gold(product.name(), t.name()), manifest.candidate());
    }
    LOG.info(
        "published {} {}: {} table(s)",
        product.name(),
        manifest.version(),
        manifest.tables().size());
  }

  /**
   * The dataset card of a release whose product has a {@code stats} table (the training corpus),
   * rendered from the stats rows at the release's snapshot, beside the manifest.
   */
  private void writeDatasetCard(ProductSpec product, Path dir, ReleaseManifest manifest) {
    Optional<ManifestTable> stats =
        manifest.tables().stream()
            .filter(t -> t.name().equals(DatasetCard.STATS_TABLE))
            .findFirst();
    if (stats.isEmpty()) {
      return;
    }
    var rows =
        lakehouse.readSnapshot(
            TableId.gold(product.name(), DatasetCard.STATS_TABLE), stats.get().snapshotId());
    List<String> columns = List.of(rows.schema().fieldNames());
    if (!columns.containsAll(
        List.of("dimension", "key", "documents", "chars", "tokens", "items"))) {
      return;
    }
    List<DatasetCard.Stat> list = new ArrayList<>();
    for (var r :
        rows.select("dimension", "key", "documents", "chars", "tokens", "items").collectAsList()) {
      list.add(
          new DatasetCard.Stat(
              r.getString(0),
              r.isNullAt(1) ? "" : r.getString(1),
              r.isNullAt(2) ? 0 : r.getLong(2),
              r.isNullAt(3) ? Optional.empty() : Optional.of(r.getLong(3)),
              r.isNullAt(4) ? Optional.empty() : Optional.of(r.getLong(4)),
              r.isNullAt(5) ? Optional.empty() : Optional.of(r.getLong(5))));
    }
    writeAtomically(
        dir.resolve(DatasetCard.FILE),
        DatasetCard.render(
            new DatasetCard.Release(
                product.name(),
                manifest.version().toString(),
                manifest.createdAt(),
                manifest.runId(),
                product.description(),
                product.licence(),
                product.parameters()),
            list));
  }

  /**
   * Completes every publish that an earlier process left half way (its intent file is there and its
   * signature is not): called by every release command before it decides anything.
   *
   * @return the versions completed
   */
  public List<String> recover() {
    if (warehouse.isEmpty()) {
      return List.of();
    }
    Path root = local().resolve("_releases");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> done = new ArrayList<>();
    try (Stream<Path> intents = Files.walk(root, 3)) {
      for (Path intent : intents.filter(p -> p.getFileName().toString().equals(INTENT)).toList()) {
        byte[] json = Files.readAllBytes(intent);
        ReleaseManifest m = ReleaseManifest.parse(json, intent.toString());
        ProductSpec product = product(m.product());
        complete(product, intent.getParent(), m, json);
        OpsTables.Release row = candidateRow(m.product(), m.candidate());
        ops.recordRelease(
            row.decided(
                RELEASED,
                m.createdAt(),
                Optional.of(m.version().toString()),
                m.approvals().stream().map(Approval::user).toList(),
                Optional.of(m.sha256()),
                "released as " + m.version().tag() + " (publish completed after an interruption)"));
        audit(
            "factory",
            "system",
            "release",
            m.product(),
            Optional.of(m.version().toString()),
            "ok",
            "completed an interrupted publish of " + m.candidate());
        done.add(m.product() + " " + m.version());
      }
    } catch (IOException e) {
      throw ReleaseErrors.cannotRead(root, e);
    }
    return done;
  }

  private List<Approval> approvals(
      String product, String candidate, List<String> approvers, Instant now) {
    List<Approval> out = new ArrayList<>();
    for (String name : approvers) {
      out.add(new Approval(name, Role.OPERATOR, now));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------- audit

  /** Appends an audit entry for an authenticated user. */
  public void audit(
      User user,
      String action,
      String product,
      Optional<String> version,
      String outcome,
      String detail) {
    audit(user.name(), user.role().label(), action, product, version, outcome, detail);
  }

  /** Appends an audit entry (the actor may be unknown: a refused token). */
  public void audit(
      String actor,
      String role,
      String action,
      String product,
      Optional<String> version,
      String outcome,
      String detail) {
    ops.recordAudit(
        List.of(
            new OpsTables.AuditEntry(
                Instant.now(),
                actor,
                Optional.ofNullable(role),
                action,
                Optional.ofNullable(product),
                version,
                outcome,
                detail)));
  }

  // ---------------------------------------------------------------------------------------- files

  static String gatesJson(List<GateResult> gates) {
    ArrayNode a = JSON.createArrayNode();
    for (GateResult g : gates) {
      ObjectNode o = a.addObject();
      o.put("gate", g.gate());
      o.put("status", g.status().label());
      o.put("detail", g.detail());
    }
    return a.toString();
  }

  /** The gates recorded with a candidate. */
  public static List<GateResult> parseGates(String json) {
    List<GateResult> out = new ArrayList<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    try {
      for (var g : JSON.readTree(json)) {
        out.add(
            new GateResult(
                g.get("gate").asText(),
                GateStatus.valueOf(g.get("status").asText().toUpperCase(java.util.Locale.ROOT)),
                g.get("detail").asText()));
      }
    } catch (IOException e) {
      throw ReleaseErrors.badManifest("lake.ops.releases.gates", "gates", e.getMessage());
    }
    return out;
  }

  private static QualitySummary qualitySummary(List<GateResult> gates) {
    for (GateResult g : gates) {
      if (g.gate().equals("quality")) {
        var m =
            java.util.regex.Pattern.compile("(\\d+) passed, (\\d+) warned, (\\d+) failed")
                .matcher(g.detail());
        if (m.find()) {
          return new QualitySummary(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
        }
      }
    }
    return new QualitySummary(0, 0, 0);
  }

  private static void writeAtomically(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw ReleaseErrors.cannotWrite(file, e);
    }
  }
}
