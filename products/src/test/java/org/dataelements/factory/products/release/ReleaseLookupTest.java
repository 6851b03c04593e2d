package org.dataelements.factory.products.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.LakeCatalog;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which release a reader gets: the newest not revoked, a version, a candidate; refusals that say
 * what to read instead; and a release whose tag or manifest disagrees is not read.
 */
@ExtendWith(SparkTestSession.class)
class ReleaseLookupTest {
  static final String P = "traceability";
  static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

  private static OpsTables.Release row(String candidate, String status, Optional<String> version) {
    return new OpsTables.Release(
        P,
        version,
        candidate,
        candidate.substring("candidate_".length()),
        status,
        AT,
        Optional.empty(),
        List.of(),
        Optional.empty(),
        "[]",
        status.equals("revoked") ? "residue data was wrong" : "");
  }

  static final String C1 = "candidate_20261201T100000Z_aa01";
  static final String C2 = "candidate_20261201T110000Z_aa02";
  static final String C3 = "candidate_20261201T120000Z_aa03";
  static final String OPEN = "candidate_20261201T130000Z_aa04";

  static final List<OpsTables.Release> ROWS =
      List.of(
          row(OPEN, "candidate", Optional.empty()),
          row(C3, "revoked", Optional.of("1.2.0")),
          row(C2, "released", Optional.of("1.1.0")),
          row(C1, "released", Optional.of("1.0.0")),
          new OpsTables.Release(
              "other",
              Optional.of("9.0.0"),
              C1,
              "x",
              "released",
              AT,
              Optional.empty(),
              List.of(),
              Optional.empty(),
              "",
              ""));

  @Test
  void theNewestReleaseNotRevokedIsReadByDefault() {
    ReleaseLookup.Choice c = ReleaseLookup.choose(P, Optional.empty(), ROWS);
    assertEquals(Semver.parse("1.1.0"), ((ReleaseLookup.Released) c).version());
    assertEquals(C2, ((ReleaseLookup.Released) c).row().candidate());
  }

  @Test
  void aVersionIsReadWithOrWithoutItsV() {
    for (String v : List.of("1.0.0", "v1.0.0")) {
      ReleaseLookup.Choice c = ReleaseLookup.choose(P, Optional.of(v), ROWS);
      assertEquals(Semver.FIRST, ((ReleaseLookup.Released) c).version());
    }
  }

  @Test
  void aRevokedVersionIsRefusedWithItsReasonAndTheNewestStanding() {
    var e =
        assertThrows(
            ReleaseRefusedException.class,
            () -> ReleaseLookup.choose(P, Optional.of("1.2.0"), ROWS));
    assertEquals(
        "traceability@1.2.0 was revoked (residue data was wrong); read another version, e.g. the"
            + " newest release not revoked, 1.1.0",
        e.getMessage());
  }

  @Test
  void anUnknownVersionListsTheReleasedOnes() {
    var e =
        assertThrows(
            ReleaseRefusedException.class,
            () -> ReleaseLookup.choose(P, Optional.of("2.0.0"), ROWS));
    assertTrue(
        e.getMessage()
            .startsWith(
                "traceability has no release 2.0.0; released versions: 1.0.0, 1.1.0 (revoked:"
                    + " 1.2.0)"),
        e.getMessage());
  }

  @Test
  void withoutAReleaseTheOpenCandidateIsNamedWithTheCommandThatApprovesIt() {
    List<OpsTables.Release> rows =
        List.of(row(OPEN, "candidate", Optional.empty()), row(C3, "revoked", Optional.of("1.0.0")));
    var e =
        assertThrows(
            ReleaseRefusedException.class, () -> ReleaseLookup.choose(P, Optional.empty(), rows));
    assertTrue(
        e.getMessage()
            .startsWith(
                "product traceability has no release in this warehouse that is not revoked"
                    + " (revoked: 1.0.0)"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("factory release approve traceability " + OPEN), e.getMessage());
    var none =
        assertThrows(
            ReleaseRefusedException.class,
            () -> ReleaseLookup.choose(P, Optional.empty(), List.of()));
    assertTrue(none.getMessage().contains("factory run --product traceability"), none.getMessage());
    assertTrue(
        none.getMessage().contains("factory release approve traceability CANDIDATE"),
        none.getMessage());
  }

  @Test
  void aCandidateIsChosenByItsBranchWithItsRowWhenThereIsOne() {
    var open = (ReleaseLookup.Candidate) ReleaseLookup.choose(P, Optional.of(OPEN), ROWS);
    assertEquals(OPEN, open.branch());
    assertEquals("candidate", open.row().orElseThrow().status());
    String unknown = "candidate_20261201T140000Z_aa05";
    assertEquals(
        Optional.empty(),
        ((ReleaseLookup.Candidate) ReleaseLookup.choose(P, Optional.of(unknown), ROWS)).row());
  }

  @Test
  void aVersionOfAnotherFormIsBadUsageNamingBothForms() {
    for (String bad : List.of("latest", "1.2", "candidate_x", "../1.0.0")) {
      var e = assertThrows(InvalidSpecException.class, () -> ReleaseLookup.checkVersion(bad));
      assertTrue(e.getMessage().contains("candidate_<run id>"), e.getMessage());
      assertTrue(e.getMessage().contains("1.2.0 or v1.2.0"), e.getMessage());
    }
  }

  @Test
  @Tag("spark")
  void aReleaseWhoseTagMovedOrWhoseManifestIsGoneIsNotRead(Lakehouse lh) throws Exception {
    String product = "lookup_tamper";
    TableId facts = TableId.gold(product, "facts");
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    lh.replaceIceberg(facts, lh.spark().range(3).toDF("id"), 3, Optional.empty());
    ReleaseManifest m =
        PullFixtures.release(lh, ops, product, "1.0.0", List.of("facts"), 91, Optional.empty());
    try (LakeCatalog lake = LakeCatalog.open(lh.config())) {
      ReleaseLookup lookup = new ReleaseLookup(lake, lh.config());
      ReleasedTables r = lookup.resolve(product, Optional.empty(), List.of("facts"));
      assertEquals(m.tables().get(0).snapshotId(), r.table("facts").snapshotId());
      assertEquals(product + "@1.0.0", r.label());

      var missing =
          assertThrows(
              ReleaseRefusedException.class,
              () -> lookup.resolve(product, Optional.empty(), List.of("totals")));
      assertTrue(missing.getMessage().contains("has no table totals (its tables: facts)"));

      lh.replaceIceberg(facts, lh.spark().range(5).toDF("id"), 5, Optional.empty());
      lh.spark()
          .sql(
              "ALTER TABLE "
                  + facts.sqlName()
                  + " REPLACE TAG `v1.0.0` AS OF VERSION "
                  + lh.currentSnapshot(facts));
      var moved =
          assertThrows(
              VerificationException.class,
              () -> lookup.resolve(product, Optional.of("1.0.0"), List.of("facts")));
      assertTrue(moved.getMessage().contains("(the tag was moved)"), moved.getMessage());

      Files.delete(PullFixtures.releaseDir(lh, product, "1.0.0").resolve(Pull.MANIFEST_FILE));
      var gone =
          assertThrows(
              VerificationException.class,
              () -> lookup.resolve(product, Optional.empty(), List.of("facts")));
      assertInstanceOf(VerificationException.class, gone);
      assertTrue(gone.getMessage().contains("manifest.json does not exist"), gone.getMessage());
    }
  }
}
