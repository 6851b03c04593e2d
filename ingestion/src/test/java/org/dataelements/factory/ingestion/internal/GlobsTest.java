package org.dataelements.factory.ingestion.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GlobsTest {
  @Test
  void doubleStarMatchesAnyDepthIncludingNone() {
    Pattern p = Globs.compile("electricity/**/*.csv");
    assertTrue(p.matcher("electricity/a.csv").matches());
    assertTrue(p.matcher("electricity/x/y/a.csv").matches());
    assertFalse(p.matcher("corpus/a.csv").matches());
    assertFalse(p.matcher("electricity/a.csv.bak").matches());
  }

  @Test
  void singleStarStaysInOneFolderAndBracesAlternate() {
    Pattern p = Globs.compile("data/*.{csv,tsv}");
    assertTrue(p.matcher("data/a.tsv").matches());
    assertFalse(p.matcher("data/sub/a.csv").matches());
    assertTrue(Globs.compile("a?c.txt").matcher("abc.txt").matches());
    assertFalse(Globs.compile("a.c").matcher("abc").matches());
  }
}
