package org.dataelements.factory.curation.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.dataelements.factory.curation.trace.ResidueCells.Cell;
import org.dataelements.factory.curation.trace.ResidueCells.Kind;
import org.dataelements.factory.curation.trace.ResidueCells.Residue;
import org.junit.jupiter.api.Test;

/** Residue cells as the PRiF Q1 2022 sheets write them, and near misses. */
class ResidueCellsTest {
  private static Residue only(String cell) {
    Cell c = ResidueCells.parse(cell);
    assertEquals(Kind.RESIDUES, c.kind(), cell + " → " + c);
    assertEquals(1, c.residues().size(), cell + " → " + c);
    return c.residues().get(0);
  }

  @Test
  void readsAResidueWithAQualifierInItsName() {
    Residue r = only("captan (sum) 1.9 (MRL = 10)");
    assertEquals("captan (sum)", r.analyte());
    assertEquals(1.9, r.valueMgKg());
    assertEquals(OptionalDouble.of(10), r.limitMgKg());
    assertEquals("captan (sum) 1.9 (MRL = 10)", r.text());
  }

  @Test
  void readsPlainAndPartialSumNames() {
    Residue r = only("boscalid 0.02 (MRL = 5)");
    assertEquals("boscalid", r.analyte());
    assertEquals(0.02, r.valueMgKg());
    assertEquals(OptionalDouble.of(5), r.limitMgKg());
    Residue s = only("Spirotetramat (partial sum) 0.06 (MRL = 2)");
    assertEquals("Spirotetramat (partial sum)", s.analyte());
    assertEquals(0.06, s.valueMgKg());
  }

  @Test
  void keepsAsterisksOnlyInTheText() {
    // Pork_GB: "* As the residue is present in the fat, it is reported on a fat basis"
    Residue fat = only("DDT (sum) 0.047* (MRL = 1)");
    assertEquals(0.047, fat.valueMgKg());
    assertEquals(OptionalDouble.of(1), fat.limitMgKg());
    assertEquals("DDT (sum) 0.047* (MRL = 1)", fat.text());
    // an MRL set at the limit of determination
    Residue lod = only("chlorpyrifos 0.04 (MRL = 0.01*)");
    assertEquals(0.04, lod.valueMgKg());
    assertEquals(OptionalDouble.of(0.01), lod.limitMgKg());
  }

  @Test
  void aResidueWithoutMrlHasNoLimit() {
    Residue r = only("BAC (sum) 0.1 (No MRL)");
    assertEquals("BAC (sum)", r.analyte());
    assertEquals(0.1, r.valueMgKg());
    assertTrue(r.limitMgKg().isEmpty());
  }

  @Test
  void readsNamesWithDigitsAndCommas() {
    Residue r = only("2,4-D 0.02 (MRL = 0.05)");
    assertEquals("2,4-D", r.analyte());
    assertEquals(0.02, r.valueMgKg());
  }

  @Test
  void readsSeveralResiduesInOneCell() {
    for (String cell :
        List.of(
            "boscalid 0.02 (MRL = 5)\nfluopyram 0.1 (MRL = 2)",
            "boscalid 0.02 (MRL = 5); fluopyram 0.1 (MRL = 2)",
            "boscalid 0.02 (MRL = 5), fluopyram 0.1 (MRL = 2)",
            "boscalid 0.02 (MRL = 5) fluopyram 0.1 (MRL = 2)")) {
      Cell c = ResidueCells.parse(cell);
      assertEquals(Kind.RESIDUES, c.kind(), cell);
      assertEquals(
          List.of("boscalid", "fluopyram"),
          c.residues().stream().map(Residue::analyte).toList(),
          cell);
      assertEquals(0.1, c.residues().get(1).valueMgKg(), cell);
      assertEquals(OptionalDouble.of(2), c.residues().get(1).limitMgKg(), cell);
    }
  }

  @Test
  void toleratesSpacingAndCaseOfTheMrl() {
    Residue r = only("  imazalil  0.1(mrl=0.01 mg/kg) ");
    assertEquals("imazalil", r.analyte());
    assertEquals(0.1, r.valueMgKg());
    assertEquals(OptionalDouble.of(0.01), r.limitMgKg());
  }

  @Test
  void nothingDetectedIsOneStatement() {
    for (String cell :
        List.of(
            "None were detected above the set RL",
            "none were detected above the set RL.",
            "No residues were detected above the reporting limit",
            "None detected",
            "ND")) {
      assertEquals(Kind.NOT_DETECTED, ResidueCells.parse(cell).kind(), cell);
    }
  }

  @Test
  void emptyCellsAreEmpty() {
    assertEquals(Kind.EMPTY, ResidueCells.parse(null).kind());
    assertEquals(Kind.EMPTY, ResidueCells.parse("  ").kind());
  }

  @Test
  void nearMissesAreUnparsedWithThePartThatFailed() {
    Cell noMrl = ResidueCells.parse("captan 1.9");
    assertEquals(Kind.UNPARSED, noMrl.kind());
    assertEquals("captan 1.9", noMrl.unparsed().orElseThrow());

    Cell noValue = ResidueCells.parse("captan (MRL = 10)");
    assertEquals(Kind.UNPARSED, noValue.kind());

    Cell noName = ResidueCells.parse("1.9 (MRL = 10)");
    assertEquals(Kind.UNPARSED, noName.kind(), "a value without a pesticide name");

    Cell commaDecimal = ResidueCells.parse("captan 1,9 (MRL = 10)");
    assertEquals(Kind.UNPARSED, commaDecimal.kind(), "1,9 is not read as 9");

    Cell tail = ResidueCells.parse("boscalid 0.02 (MRL = 5); see note 3");
    assertEquals(Kind.UNPARSED, tail.kind(), "a readable residue does not hide unread text");
    assertEquals("see note 3", tail.unparsed().orElseThrow());

    Cell swallowed = ResidueCells.parse("boscalid 0.02 MRL 5, fluopyram 0.1 (MRL = 2)");
    assertEquals(
        Kind.UNPARSED,
        swallowed.kind(),
        "a malformed residue is not taken into the next one's name");

    Cell prose = ResidueCells.parse("Sample not analysed");
    assertEquals(Kind.UNPARSED, prose.kind());
    assertEquals("Sample not analysed", prose.unparsed().orElseThrow());
  }

  @Test
  void analyteKeysIgnoreCaseAndSpacing() {
    assertEquals("captan (sum)", ResidueCells.analyteKey(" Captan  (sum) "));
  }
}
