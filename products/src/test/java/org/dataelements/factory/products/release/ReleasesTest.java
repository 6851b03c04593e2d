package org.dataelements.factory.products.release;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.ProductSpec.ReleasePolicy;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.Sensitivity;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Release management end to end on Iceberg (DESIGN §8): candidates built on {@code candidate_<run>}
 * branches the way a product run builds them, gates, approvals by role, publish (main, tags, signed
 * manifest, {@code lake.ops.releases}, audit log), versions, recovery of a killed publish, revoke
 * and retention. Each test has its own product in the shared warehouse.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class ReleasesTest {
  static final StructType FACTS =
      new StructType()
          .add("id", DataTypes.IntegerType)
          .add("v", DataTypes.StringType)
          .add("note", DataTypes.StringType);
  static final StructType TOTALS =
      new StructType().add("k", DataTypes.StringType).add("n", DataTypes.LongType);
  static final List<Row> FACT_ROWS =
      List.of(RowFactory.create(1, "a", null), RowFactory.create(2, "b", "x"));
  static final List<Row> TOTAL_ROWS =
      List.of(RowFactory.create("a", 1L), RowFactory.create("b", 1L));
  static final QualitySummary PASSED = new QualitySummary(3, 0, 0);
  static final ReleasePolicy ONE = ReleasePolicy.DEFAULTS;

  static final ProductSpec PUBLISH =
      product("rel_publish", Sensitivity.Grade.GENERAL, ONE, Map.of(), "facts", "totals");
  static final ProductSpec VERSIONS =
      product("rel_versions", Sensitivity.Grade.GENERAL, ONE, Map.of(), "facts");
  static final ProductSpec IMPORTANT =
      product("rel_important", Sensitivity.Grade.IMPORTANT, ONE, Map.of(), "facts");
  static final ProductSpec ROLES =
      product("rel_roles", Sensitivity.Grade.GENERAL, ONE, Map.of(), "facts");
  static final ProductSpec PERSONAL =
      product(
          "rel_personal",
          Sensitivity.Grade.GENERAL,
          ONE,
          Map.of("note", new Sensitivity(Sensitivity.Grade.GENERAL, true)),
          "facts");
  static final ProductSpec RECOVER =
      product("rel_recover", Sensitivity.Grade.GENERAL, ONE, Map.of(), "facts", "totals");
  static final ProductSpec REVOKE =
      product("rel_revoke", Sensitivity.Grade.GENERAL, ONE, Map.of(), "facts");
  static final ProductSpec RETAIN =
      product("rel_retain", Sensitivity.Grade.GENERAL, new ReleasePolicy(1, 0), Map.of(), "facts");
  static final Specs SPECS =
      new Specs(
          List.of(),
          List.of(),
          List.of(PUBLISH, VERSIONS, IMPORTANT, ROLES, PERSONAL, RECOVER, REVOKE, RETAIN));

  static Lakehouse lakehouse;
  static OpsTables ops;
  static Releases releases;
  static User lin;
  static User mei;
  static User consumer;
  static User engineer;
  static User auditor;

  @BeforeAll
  static void warehouse() {
    lakehouse = SparkTestSession.lakehouse();
    ops = new OpsTables(lakehouse);
    ops.ensureAll();
    releases = new Releases(lakehouse, ops, SPECS);
    // the shared warehouse's first user (an admin) comes from PullFixtures, whichever test runs
    // first
    String admin = PullFixtures.adminToken(lakehouse);
    Users users = Users.of(PullFixtures.warehouse(lakehouse), 1, Clock.systemUTC());
    lin = user(users, admin, "rel.lin", Role.OPERATOR);
    mei = user(users, admin, "rel.mei", Role.OPERATOR);
    consumer = user(users, admin, "rel.reader", Role.CONSUMER);
    engineer = user(users, admin, "rel.builder", Role.ENGINEER);
    auditor = user(users, admin, "rel.auditor", Role.AUDITOR);
  }

  @Test
  void approvalByOneOperatorPublishesEveryTableTaggedWithASignedManifest() throws Exception {
    OpsTables.Release c = candidate(PUBLISH, "fp1", PASSED, Map.of());
    assertEquals(Releases.CANDIDATE, c.status(), c.gates());
    Map<TableId, Long> built = snapshots(PUBLISH, c.candidate());
    for (TableId id : PUBLISH.tableIds()) {
      assertEquals(Optional.empty(), main(id), id + ": main untouched by the candidate");
    }

    OpsTables.Release out = releases.approve(PUBLISH.name(), c.candidate(), lin);

    assertEquals(Releases.RELEASED, out.status(), out.message());
    assertEquals(Optional.of("1.0.0"), out.version());
    for (TableId id : PUBLISH.tableIds()) {
      assertEquals(Optional.of(built.get(id)), main(id), id + ": main at the candidate");
      assertEquals(Optional.of(built.get(id)), lakehouse.tagSnapshot(id, "v1.0.0"), id + " tag");
      assertFalse(lakehouse.refs(id).contains(c.candidate()), id + ": branch dropped");
    }
    ReleaseManifest m = verifiedManifest(PUBLISH, "1.0.0");
    assertEquals(c.candidate(), m.candidate());
    assertEquals(List.of("rel.lin"), m.approvals().stream().map(Approval::user).toList());
    assertEquals(PASSED, m.quality());
    for (ManifestTable t : m.tables()) {
      assertEquals(built.get(TableId.gold(PUBLISH.name(), t.name())), t.snapshotId(), t.name());
      assertEquals(2, t.rows(), t.name());
    }
    assertEquals(2, m.tables().size());
    OpsTables.Release row = releases.candidateRow(PUBLISH.name(), c.candidate());
    assertEquals(Releases.RELEASED, row.status());
    assertEquals(Optional.of("1.0.0"), row.version());
    assertEquals(List.of("rel.lin"), row.approvers());
    assertEquals(Optional.of(m.sha256()), row.manifestSha256());
    assertEquals(Optional.of(Semver.parse("1.0.0")), releases.latestReleased(PUBLISH.name()));
    List<String> audit = audit(PUBLISH);
    assertTrue(audit.contains("approve rel.lin ok"), audit.toString());
    assertTrue(audit.contains("release rel.lin ok"), audit.toString());
  }

  @Test
  void versionIsPatchForTheSameBuildMinorForNewDataMajorForARemovedColumn() {
    TableId facts = TableId.gold(VERSIONS.name(), "facts");
    release(VERSIONS, "fp-a", "1.0.0");

    OpsTables.Release same = candidate(VERSIONS, "fp-a", PASSED, Map.of());
    assertTrue(gate(same, "schema").detail().contains("next version 1.0.1"), same.gates());
    assertEquals(
        Optional.of("1.0.1"), releases.approve(VERSIONS.name(), same.candidate(), lin).version());

    OpsTables.Release changed = candidate(VERSIONS, "fp-b", PASSED, Map.of());
    assertTrue(gate(changed, "schema").detail().contains("next version 1.1.0"), changed.gates());
    assertEquals(
        Optional.of("1.1.0"),
        releases.approve(VERSIONS.name(), changed.candidate(), lin).version());

    // a build that drops a column evolves the table's schema; main and the tags keep theirs
    lakehouse.spark().sql("ALTER TABLE " + facts.sqlName() + " DROP COLUMN note");
    StructType narrow = new StructType().add("id", DataTypes.IntegerType).add("v", "string");
    OpsTables.Release removed =
        candidate(
            VERSIONS,
            "fp-c",
            PASSED,
            Map.of("facts", List.of(RowFactory.create(1, "a"), RowFactory.create(2, "b"))),
            Map.of("facts", narrow));
    GateResult schema = gate(removed, "schema");
    assertEquals(GateStatus.WARNED, schema.status(), schema.detail());
    assertTrue(schema.detail().contains("next version 2.0.0 (after 1.1.0)"), schema.detail());
    assertTrue(schema.detail().contains("column facts.note removed"), schema.detail());
    assertEquals(
        Optional.of("2.0.0"),
        releases.approve(VERSIONS.name(), removed.candidate(), lin).version());
    assertTrue(
        List.of(lakehouse.readRef(facts, "v1.1.0").columns()).contains("note"),
        "v1.1.0 keeps its column");
    assertEquals(Optional.of(Semver.parse("2.0.0")), releases.latestReleased(VERSIONS.name()));
  }

  @Test
  void importantProductNeedsTwoDistinctOperators() {
    TableId facts = TableId.gold(IMPORTANT.name(), "facts");
    assertEquals(2, IMPORTANT.approvalsRequired());
    OpsTables.Release c = candidate(IMPORTANT, "fp1", PASSED, Map.of());

    OpsTables.Release first = releases.approve(IMPORTANT.name(), c.candidate(), lin);
    assertEquals(Releases.CANDIDATE, first.status());
    assertEquals(List.of("rel.lin"), first.approvers());
    assertEquals(Optional.empty(), main(facts), "one approval publishes nothing");
    assertEquals(
        List.of("rel.lin"), releases.candidateRow(IMPORTANT.name(), c.candidate()).approvers());

    ReleaseRefusedException again =
        assertThrows(
            ReleaseRefusedException.class,
            () -> releases.approve(IMPORTANT.name(), c.candidate(), lin));
    assertTrue(
        again.getMessage().contains("approved " + c.candidate() + " already"), again.getMessage());
    assertEquals(Optional.empty(), main(facts));

    OpsTables.Release second = releases.approve(IMPORTANT.name(), c.candidate(), mei);
    assertEquals(Releases.RELEASED, second.status(), second.message());
    assertEquals(List.of("rel.lin", "rel.mei"), second.approvers());
    assertEquals(lakehouse.tagSnapshot(facts, "v1.0.0"), main(facts));
    assertEquals(
        List.of("rel.lin", "rel.mei"),
        verifiedManifest(IMPORTANT, "1.0.0").approvals().stream().map(Approval::user).toList());
  }

  @Test
  void onlyOperatorsApproveAndOnlyOpenCandidatesThatPassedTheirGates() {
    TableId facts = TableId.gold(ROLES.name(), "facts");
    OpsTables.Release c = candidate(ROLES, "fp1", PASSED, Map.of());
    for (User u : List.of(consumer, engineer, auditor)) {
      AccessDeniedException e =
          assertThrows(
              AccessDeniedException.class,
              () -> releases.approve(ROLES.name(), c.candidate(), u),
              u.toString());
      assertEquals(AccessDeniedException.Reason.ROLE_NOT_ALLOWED, e.reason(), e.getMessage());
    }
    List<String> audit = audit(ROLES);
    for (User u : List.of(consumer, engineer, auditor)) {
      assertTrue(audit.contains("refused " + u.name() + " refused"), u + " in " + audit);
    }
    assertEquals(Optional.empty(), main(facts), "refused approvals publish nothing");
    assertEquals(Releases.CANDIDATE, releases.candidateRow(ROLES.name(), c.candidate()).status());

    ReleaseRefusedException missing =
        assertThrows(
            ReleaseRefusedException.class,
            () -> releases.approve(ROLES.name(), "candidate_20200101T000000Z_dead", lin));
    assertTrue(missing.getMessage().contains("has no candidate"), missing.getMessage());

    OpsTables.Release qualityFailed =
        candidate(ROLES, "fp2", new QualitySummary(2, 0, 1), Map.of());
    assertEquals(Releases.GATES_FAILED, qualityFailed.status(), qualityFailed.gates());
    assertEquals(GateStatus.FAILED, gate(qualityFailed, "quality").status());
    ReleaseRefusedException failedGates =
        assertThrows(
            ReleaseRefusedException.class,
            () -> releases.approve(ROLES.name(), qualityFailed.candidate(), lin));
    assertTrue(failedGates.getMessage().contains("failed its gates"), failedGates.getMessage());

    // a build that stopped on an error: its message is recorded without the password it carried
    OpsTables.Release stopped =
        releases.failedBuild(
            ROLES,
            "20200101T000000Z_beef",
            "candidate_20200101T000000Z_beef",
            "boom: jdbc:postgresql://db/lake?password=hunter2");
    assertEquals(
        "the build stopped: boom: jdbc:postgresql://db/lake?password=<redacted>",
        stopped.message());
    assertFalse(stopped.gates().contains("hunter2"), stopped.gates());

    OpsTables.Release personal = candidate(PERSONAL, "fp1", PASSED, Map.of());
    assertEquals(Releases.GATES_FAILED, personal.status(), personal.gates());
    GateResult sensitivity = gate(personal, "sensitivity");
    assertEquals(GateStatus.FAILED, sensitivity.status());
    assertTrue(
        sensitivity.detail().contains("rel_personal.facts.note is personal"), sensitivity.detail());
    assertThrows(
        ReleaseRefusedException.class,
        () -> releases.approve(PERSONAL.name(), personal.candidate(), lin));
    assertEquals(Optional.empty(), main(TableId.gold(PERSONAL.name(), "facts")));

    releases.reject(ROLES.name(), c.candidate(), mei, "wrong base year");
    assertEquals(Releases.REJECTED, releases.candidateRow(ROLES.name(), c.candidate()).status());
    ReleaseRefusedException rejected =
        assertThrows(
            ReleaseRefusedException.class,
            () -> releases.approve(ROLES.name(), c.candidate(), lin));
    assertTrue(rejected.getMessage().contains("is rejected"), rejected.getMessage());
    assertEquals(Optional.empty(), main(facts), "nothing of rel_roles was ever published");
    assertTrue(audit(ROLES).contains("reject rel.mei ok"), audit(ROLES).toString());
  }

  @Test
  void recoverCompletesAPublishKilledBeforeOrBetweenTables() throws Exception {
    TableId facts = TableId.gold(RECOVER.name(), "facts");
    TableId totals = TableId.gold(RECOVER.name(), "totals");

    // killed before any table moved: nothing is released until recover() runs
    OpsTables.Release c1 = candidate(RECOVER, "fp1", PASSED, Map.of());
    Map<TableId, Long> built1 = snapshots(RECOVER, c1.candidate());
    killedApproval(c1);
    Path dir1 = releases.releaseDir(RECOVER.name(), Semver.parse("1.0.0"));
    assertTrue(Files.exists(dir1.resolve(Releases.INTENT)), "intent written before any move");
    assertFalse(Files.exists(dir1.resolve("manifest.json")));
    for (TableId id : RECOVER.tableIds()) {
      assertEquals(Optional.empty(), main(id), id + ": main not moved");
      assertEquals(Optional.empty(), lakehouse.tagSnapshot(id, "v1.0.0"), id + ": no tag");
    }
    assertEquals(
        Releases.CANDIDATE, releases.candidateRow(RECOVER.name(), c1.candidate()).status());
    assertEquals(Optional.empty(), releases.latestReleased(RECOVER.name()));

    assertEquals(List.of("rel_recover 1.0.0"), new Releases(lakehouse, ops, SPECS).recover());
    assertCompleted(c1, built1, "1.0.0");

    // killed after the first table: its main and tag moved, the second table's did not
    OpsTables.Release c2 = candidate(RECOVER, "fp2", PASSED, Map.of());
    Map<TableId, Long> built2 = snapshots(RECOVER, c2.candidate());
    killedApproval(c2, 1);
    assertEquals(Optional.of(built2.get(facts)), main(facts));
    assertEquals(Optional.of(built2.get(facts)), lakehouse.tagSnapshot(facts, "v1.1.0"));
    assertEquals(Optional.of(built1.get(totals)), main(totals), "second table still on 1.0.0");
    assertEquals(Optional.empty(), lakehouse.tagSnapshot(totals, "v1.1.0"));
    assertEquals(
        Releases.CANDIDATE, releases.candidateRow(RECOVER.name(), c2.candidate()).status());

    assertEquals(List.of("rel_recover 1.1.0"), new Releases(lakehouse, ops, SPECS).recover());
    assertCompleted(c2, built2, "1.1.0");
    assertEquals(List.of(), new Releases(lakehouse, ops, SPECS).recover(), "nothing left to do");
    assertTrue(audit(RECOVER).contains("release factory ok"), audit(RECOVER).toString());
  }

  @Test
  void revokeWithdrawsAReleaseOnceWithItsReason() {
    release(REVOKE, "fp1", "1.0.0");
    assertThrows(
        AccessDeniedException.class,
        () -> releases.revoke(REVOKE.name(), Semver.parse("1.0.0"), consumer, "no"));

    OpsTables.Release out =
        releases.revoke(REVOKE.name(), Semver.parse("1.0.0"), lin, "licence of source x withdrawn");

    assertEquals(Releases.REVOKED, out.status());
    assertEquals("licence of source x withdrawn", out.message());
    OpsTables.Release row =
        releases.list(Optional.of(REVOKE.name())).stream()
            .filter(r -> r.version().equals(Optional.of("1.0.0")))
            .findFirst()
            .orElseThrow();
    assertEquals(Releases.REVOKED, row.status());
    assertEquals("licence of source x withdrawn", row.message());
    assertEquals(Optional.empty(), releases.latestReleased(REVOKE.name()));
    assertTrue(audit(REVOKE).contains("revoke rel.lin ok"), audit(REVOKE).toString());
    ReleaseRefusedException twice =
        assertThrows(
            ReleaseRefusedException.class,
            () -> releases.revoke(REVOKE.name(), Semver.parse("1.0.0"), lin, "again"));
    assertTrue(twice.getMessage().contains("is revoked"), twice.getMessage());
    assertTrue(
        lakehouse.tagSnapshot(TableId.gold(REVOKE.name(), "facts"), "v1.0.0").isPresent(),
        "a revoked release keeps its tag");
  }

  @Test
  void taggedSnapshotsSurviveSnapshotExpiryAndOldCandidatesExpire() {
    TableId facts = TableId.gold(RETAIN.name(), "facts");
    release(RETAIN, "fp1", "1.0.0");
    OpsTables.Release second =
        candidate(RETAIN, "fp2", PASSED, Map.of("facts", FACT_ROWS.subList(0, 1)));
    assertEquals(Releases.CANDIDATE, second.status(), second.message());
    assertEquals(
        Optional.of("1.1.0"), releases.approve(RETAIN.name(), second.candidate(), lin).version());

    String later =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now().plusSeconds(60));
    lakehouse
        .spark()
        .sql(
            "CALL lake.system.expire_snapshots(table => '"
                + RETAIN.name()
                + ".facts', older_than => TIMESTAMP '"
                + later
                + "', retain_last => 1)");
    assertEquals(
        2L,
        lakehouse
            .spark()
            .sql("SELECT * FROM " + facts.sqlName() + " VERSION AS OF 'v1.0.0'")
            .count());
    assertEquals(
        1L,
        lakehouse
            .spark()
            .sql("SELECT * FROM " + facts.sqlName() + " VERSION AS OF 'v1.1.0'")
            .count());

    // retention 0 days: an open candidate expires when the next one is recorded
    OpsTables.Release old = candidate(RETAIN, "fp3", PASSED, Map.of());
    assertEquals(Releases.CANDIDATE, old.status());
    assertTrue(
        lakehouse.refs(facts).contains(old.candidate()), "the new candidate keeps its branch");
    OpsTables.Release next = candidate(RETAIN, "fp4", PASSED, Map.of());
    OpsTables.Release expired = releases.candidateRow(RETAIN.name(), old.candidate());
    assertEquals(Releases.EXPIRED, expired.status(), expired.message());
    assertFalse(lakehouse.refs(facts).contains(old.candidate()), "its branch dropped");
    assertEquals(
        Releases.CANDIDATE, releases.candidateRow(RETAIN.name(), next.candidate()).status());
    assertTrue(lakehouse.refs(facts).contains(next.candidate()));
  }

  // --------------------------------------------------------------------------------------- helpers

  private static ProductSpec product(
      String name,
      Sensitivity.Grade grade,
      ReleasePolicy policy,
      Map<String, Sensitivity> factsSensitivity,
      String... tables) {
    List<TableSpec> specs = new ArrayList<>();
    for (String t : tables) {
      specs.add(
          new TableSpec(
              t,
              "test table " + t,
              List.of(),
              List.of(),
              t.equals("facts") ? factsSensitivity : Map.of()));
    }
    return new ProductSpec(
        name,
        "ops",
        "release test product",
        "CC-BY-4.0",
        List.of(),
        specs,
        Map.of(),
        "products/" + name + ".yaml",
        grade,
        policy);
  }

  private static User user(Users users, String adminToken, String name, Role role) {
    String token = users.add(name, role, Optional.of(adminToken)).token().reveal();
    return users.authenticate(token);
  }

  /** Builds every table on a new candidate branch, as a product run does, and records it. */
  private static OpsTables.Release candidate(
      ProductSpec p, String fingerprint, QualitySummary quality, Map<String, List<Row>> rows) {
    return candidate(p, fingerprint, quality, rows, Map.of());
  }

  private static OpsTables.Release candidate(
      ProductSpec p,
      String fingerprint,
      QualitySummary quality,
      Map<String, List<Row>> rows,
      Map<String, StructType> schemas) {
    String runId = RunIds.next(Instant.now());
    String branch = SafeNames.candidateBranch(runId);
    for (TableSpec t : p.tables()) {
      boolean isFacts = t.name().equals("facts");
      List<Row> data = rows.getOrDefault(t.name(), isFacts ? FACT_ROWS : TOTAL_ROWS);
      StructType schema = schemas.getOrDefault(t.name(), isFacts ? FACTS : TOTALS);
      lakehouse.replaceIcebergOnBranch(
          TableId.gold(p.name(), t.name()),
          branch,
          lakehouse.spark().createDataFrame(data, schema),
          data.size(),
          Optional.of(fingerprint + "/" + t.name()));
    }
    return releases.candidate(p, runId, branch, quality);
  }

  /** A candidate approved by one operator, released as {@code version}. */
  private static void release(ProductSpec p, String fingerprint, String version) {
    OpsTables.Release c = candidate(p, fingerprint, PASSED, Map.of());
    OpsTables.Release out = releases.approve(p.name(), c.candidate(), lin);
    assertEquals(Optional.of(version), out.version(), out.message());
  }

  private static void killedApproval(OpsTables.Release c) {
    killedApproval(c, 0);
  }

  /** An approval whose publish dies after moving {@code tables} tables (Releases' test hook). */
  private static void killedApproval(OpsTables.Release c, int tables) {
    Releases.killAfterTables = tables;
    try {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> releases.approve(c.product(), c.candidate(), lin));
      assertTrue(e.getMessage().contains("publish killed"), e.getMessage());
    } finally {
      Releases.killAfterTables = -1;
    }
  }

  private static void assertCompleted(OpsTables.Release c, Map<TableId, Long> built, String version)
      throws Exception {
    Path dir = releases.releaseDir(c.product(), Semver.parse(version));
    assertFalse(Files.exists(dir.resolve(Releases.INTENT)), "intent removed");
    ReleaseManifest m = verifiedManifest(RECOVER, version);
    for (TableId id : built.keySet()) {
      assertEquals(Optional.of(built.get(id)), main(id), id + " main on " + version);
      assertEquals(
          Optional.of(built.get(id)), lakehouse.tagSnapshot(id, "v" + version), id + " tag");
      assertFalse(lakehouse.refs(id).contains(c.candidate()), id + ": branch dropped");
    }
    OpsTables.Release row = releases.candidateRow(c.product(), c.candidate());
    assertEquals(Releases.RELEASED, row.status(), row.message());
    assertEquals(Optional.of(version), row.version());
    assertEquals(List.of("rel.lin"), row.approvers());
    assertEquals(Optional.of(m.sha256()), row.manifestSha256());
  }

  /** The release's manifest, after checking its signature with the warehouse's public key. */
  private static ReleaseManifest verifiedManifest(ProductSpec p, String version) {
    Path dir = releases.releaseDir(p.name(), Semver.parse(version));
    try {
      byte[] json = Files.readAllBytes(dir.resolve("manifest.json"));
      byte[] sig = Files.readAllBytes(dir.resolve(ManifestSignatures.FILE));
      ManifestSignatures.requireValid(
          json,
          sig,
          SigningKeys.readPublicKey(SigningKeys.publicKeyFile(PullFixtures.warehouse(lakehouse))),
          p.name() + "@" + version);
      ReleaseManifest m = ReleaseManifest.parse(json, dir.toString());
      assertEquals(Semver.parse(version), m.version());
      return m;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<TableId, Long> snapshots(ProductSpec p, String branch) {
    Map<TableId, Long> out = new LinkedHashMap<>();
    for (TableId id : p.tableIds()) {
      out.put(id, lakehouse.branchSnapshot(id, branch).orElseThrow());
    }
    return out;
  }

  private static Optional<Long> main(TableId id) {
    return lakehouse.branchSnapshot(id, "main");
  }

  private static GateResult gate(OpsTables.Release r, String name) {
    return Releases.parseGates(r.gates()).stream()
        .filter(g -> g.gate().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no gate " + name + " in " + r.gates()));
  }

  /** The product's audit entries as {@code action actor outcome}. */
  private static List<String> audit(ProductSpec p) {
    return lakehouse
        .read(OpsTables.AUDIT_LOG)
        .filter(col("product").equalTo(p.name()))
        .collectAsList()
        .stream()
        .map(r -> r.getAs("action") + " " + r.getAs("actor") + " " + r.getAs("outcome"))
        .toList();
  }
}
