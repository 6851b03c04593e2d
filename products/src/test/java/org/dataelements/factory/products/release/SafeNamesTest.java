package org.dataelements.factory.products.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.dataelements.factory.core.InvalidSpecException;
import org.junit.jupiter.api.Test;

class SafeNamesTest {
  private static final List<String> PATHS =
      List.of(
          "a/b",
          "a\\b",
          "..",
          "../etc",
          "a..b",
          "a\u0000b",
          "a\nb",
          "a\u001b[31mb",
          "",
          "A",
          "1abc",
          "a b",
          "~root",
          "/abs");

  @Test
  void pathCharactersAreRefusedInEveryKindOfName() {
    check("product name", SafeNames::product);
    check("table name", SafeNames::table);
    check("user name", SafeNames::userName);
    check("run id", SafeNames::runId);
    check("candidate branch", SafeNames::candidate);
    check("version", SafeNames::version);
  }

  @Test
  void messageNamesTheValueAndTheExpectedForm() {
    InvalidSpecException e =
        assertThrows(InvalidSpecException.class, () -> SafeNames.product("../etc"));
    assertEquals(
        "product name '../etc' is not valid (it contains a path separator or '..'); use lower-case"
            + " letters, digits and '_', starting with a letter, at most 64 characters"
            + " (e.g. electricity_index)",
        e.getMessage());
  }

  @Test
  void controlCharactersAreEscapedInMessages() {
    InvalidSpecException e =
        assertThrows(InvalidSpecException.class, () -> SafeNames.userName("a\u001b[31mb"));
    assertTrue(e.getMessage().contains("'a\\u001b[31mb'"), e.getMessage());
    assertTrue(e.getMessage().contains("(it contains control characters)"), e.getMessage());
  }

  @Test
  void validNamesPassUnchanged() {
    assertEquals("electricity_index", SafeNames.product("electricity_index"));
    assertEquals("monthly_indices", SafeNames.table("monthly_indices"));
    assertEquals("ops.lin-2", SafeNames.userName("ops.lin-2"));
    assertEquals("20261128T145500Z_ab12", SafeNames.runId("20261128T145500Z_ab12"));
    assertEquals(Semver.parse("1.2.0"), SafeNames.version("v1.2.0"));
  }

  @Test
  void candidateBranchIsBuiltFromARunIdAndReadBack() {
    String branch = SafeNames.candidateBranch("20261128T145500Z_ab12");
    assertEquals("candidate_20261128T145500Z_ab12", branch);
    assertEquals(branch, SafeNames.candidate(branch));
    assertEquals("20261128T145500Z_ab12", SafeNames.runIdOfCandidate(branch));
    assertThrows(InvalidSpecException.class, () -> SafeNames.candidate("main"));
    assertThrows(
        InvalidSpecException.class, () -> SafeNames.candidate("candidate_20261128T145500Z_AB12"));
    assertThrows(InvalidSpecException.class, () -> SafeNames.candidateBranch("20261128T145500Z"));
  }

  @Test
  void namesLongerThanSixtyFourCharactersAreRefused() {
    String longName = "a".repeat(65);
    InvalidSpecException e =
        assertThrows(InvalidSpecException.class, () -> SafeNames.product(longName));
    assertTrue(e.getMessage().contains("at most 64 characters"), e.getMessage());
    assertEquals("a".repeat(64), SafeNames.product("a".repeat(64)));
  }

  private static void check(String kind, Function<String, ?> validator) {
    for (String bad : PATHS) {
      InvalidSpecException e =
          assertThrows(InvalidSpecException.class, () -> validator.apply(bad), kind + ": " + bad);
      assertTrue(
          e.getMessage().startsWith(kind + " '") || e.getMessage().startsWith("version '"),
          e.getMessage());
    }
  }
}
