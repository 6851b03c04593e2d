package org.dataelements.factory.products.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dataelements.factory.core.InvalidSpecException;
import org.junit.jupiter.api.Test;

class VersionsTest {
  private static final SchemaColumn REGION = new SchemaColumn("region_code", "string", false);
  private static final SchemaColumn MONTH = new SchemaColumn("month", "date", false);
  private static final SchemaColumn VALUE = new SchemaColumn("value", "double", true);
  private static final Map<String, List<SchemaColumn>> RELEASED =
      Map.of("monthly_indices", List.of(REGION, MONTH, VALUE), "methodology", List.of(REGION));

  @Test
  void semverParsesWithOrWithoutVAndPrintsWithout() {
    assertEquals(new Semver(1, 2, 0), Semver.parse("1.2.0"));
    assertEquals(new Semver(1, 2, 0), Semver.parse("v1.2.0"));
    assertEquals("1.2.0", Semver.parse("v1.2.0").toString());
    assertEquals("v1.2.0", Semver.parse("1.2.0").tag());
  }

  @Test
  void semverRefusesOtherForms() {
    for (String bad :
        List.of(
            "1.2",
            "1.2.0.0",
            "01.2.0",
            "V1.2.0",
            "1.2.0-rc1",
            " 1.2.0",
            "",
            "1.2.x",
            "9999999999.0.0")) {
      InvalidSpecException e =
          assertThrows(InvalidSpecException.class, () -> Semver.parse(bad), bad);
      assertTrue(e.getMessage().contains("use MAJOR.MINOR.PATCH"), e.getMessage());
    }
  }

  @Test
  void semverComparesNumericallyAndBumps() {
    List<Semver> sorted =
        new ArrayList<>(
            List.of(
                Semver.parse("1.10.0"),
                Semver.parse("1.2.3"),
                Semver.parse("0.9.9"),
                Semver.parse("2.0.0")));
    sorted.sort(null);
    assertEquals("[0.9.9, 1.2.3, 1.10.0, 2.0.0]", sorted.toString());
    Semver v = Semver.parse("1.2.3");
    assertEquals("2.0.0", v.bump(Bump.MAJOR).toString());
    assertEquals("1.3.0", v.bump(Bump.MINOR).toString());
    assertEquals("1.2.4", v.bump(Bump.PATCH).toString());
  }

  @Test
  void firstReleaseIsOneZeroZero() {
    assertEquals(Semver.parse("1.0.0"), BumpRule.nextVersion(Optional.empty(), Bump.PATCH));
    assertEquals(
        Semver.parse("1.3.0"),
        BumpRule.nextVersion(Optional.of(Semver.parse("1.2.7")), Bump.MINOR));
  }

  @Test
  void sameSchemaAndSameDataIsAPatch() {
    BumpDecision d = BumpRule.decide(RELEASED, RELEASED, false);
    assertEquals(Bump.PATCH, d.bump());
  }

  @Test
  void newDataIsAMinor() {
    assertEquals(
        new BumpDecision(Bump.MINOR, List.of("data changed")),
        BumpRule.decide(RELEASED, RELEASED, true));
  }

  @Test
  void addedColumnOrTableIsAMinor() {
    BumpDecision d =
        BumpRule.decide(
            RELEASED,
            Map.of(
                "monthly_indices",
                    List.of(REGION, MONTH, VALUE, new SchemaColumn("yoy_pct", "double", true)),
                "methodology", List.of(REGION),
                "validation", List.of(REGION)),
            false);
    assertEquals(Bump.MINOR, d.bump());
    assertEquals(
        List.of("column monthly_indices.yoy_pct added", "table validation added"), d.reasons());
  }

  @Test
  void removedColumnIsAMajor() {
    BumpDecision d =
        BumpRule.decide(
            RELEASED,
            Map.of("monthly_indices", List.of(REGION, MONTH), "methodology", List.of(REGION)),
            true);
    assertEquals(Bump.MAJOR, d.bump());
    assertEquals(List.of("column monthly_indices.value removed", "data changed"), d.reasons());
  }

  @Test
  void retypedColumnIsAMajor() {
    BumpDecision d =
        BumpRule.decide(
            RELEASED,
            Map.of(
                "monthly_indices",
                List.of(REGION, MONTH, new SchemaColumn("value", "decimal(12,4)", true)),
                "methodology",
                List.of(REGION)),
            false);
    assertEquals(Bump.MAJOR, d.bump());
    assertEquals(
        List.of("column monthly_indices.value retyped from double to decimal(12,4)"), d.reasons());
  }

  @Test
  void removedTableIsAMajor() {
    BumpDecision d =
        BumpRule.decide(RELEASED, Map.of("monthly_indices", List.of(REGION, MONTH, VALUE)), false);
    assertEquals(new BumpDecision(Bump.MAJOR, List.of("table methodology removed")), d);
  }

  @Test
  void nullabilityChangesAreMajorWhenLoosenedMinorWhenTightened() {
    SchemaColumn valueRequired = new SchemaColumn("value", "double", false);
    SchemaColumn regionNullable = new SchemaColumn("region_code", "string", true);
    assertEquals(
        Bump.MINOR,
        BumpRule.decide(
                RELEASED,
                Map.of(
                    "monthly_indices",
                    List.of(REGION, MONTH, valueRequired),
                    "methodology",
                    List.of(REGION)),
                false)
            .bump());
    assertEquals(
        Bump.MAJOR,
        BumpRule.decide(
                RELEASED,
                Map.of(
                    "monthly_indices",
                    List.of(REGION, MONTH, VALUE),
                    "methodology",
                    List.of(regionNullable)),
                false)
            .bump());
  }

  @Test
  void typeSpellingAloneIsNoChange() {
    Map<String, List<SchemaColumn>> spelled =
        Map.of(
            "monthly_indices",
            List.of(REGION, new SchemaColumn("month", "DATE", false), VALUE),
            "methodology",
            List.of(REGION));
    assertEquals(Bump.PATCH, BumpRule.decide(RELEASED, spelled, false).bump());
  }

  @Test
  void releaseRefTakesVersionWithOrWithoutVOrLatest() {
    assertEquals(
        new ReleaseRef("electricity_index", Optional.of(new Semver(1, 2, 0))),
        ReleaseRef.parse("electricity_index@1.2.0"));
    assertEquals(
        ReleaseRef.parse("electricity_index@1.2.0"), ReleaseRef.parse("electricity_index@v1.2.0"));
    ReleaseRef latest = ReleaseRef.parse("traceability@latest");
    assertTrue(latest.isLatest());
    assertEquals("traceability@latest", latest.toString());
    for (String bad :
        List.of(
            "electricity_index",
            "@1.2.0",
            "electricity_index@",
            "a@b@1.0.0",
            "electricity_index@newest",
            "../x@1.0.0")) {
      assertThrows(InvalidSpecException.class, () -> ReleaseRef.parse(bad), bad);
    }
  }
}
