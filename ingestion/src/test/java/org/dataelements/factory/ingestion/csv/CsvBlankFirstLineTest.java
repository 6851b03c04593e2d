package org.dataelements.factory.ingestion.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by ParserFuzzTest: a line of spaces above the header made the header check read a single
 * empty column while Spark skipped that line and took the next as header, so every row was
 * quarantined as ragged. Both now skip it and the rows land.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class CsvBlankFirstLineTest {
  @TempDir Path dir;

  @Test
  void skipsALineOfSpacesAboveTheHeaderAsSparkDoes(Lakehouse lh) throws IOException {
    Path p = dir.resolve("spaced.csv");
    Files.writeString(p, "   \nid,value\n1,a\n2,b\n");
    LandingFile f = new LandingFile("in/spaced.csv", p, Files.size(p), "sha-spaced");
    ObjectSpec object =
        new ObjectSpec(
            "rows",
            "d",
            SourceFormat.CSV,
            "**",
            "UTF-8",
            List.of("id"),
            Map.of(),
            FormatOptions.parse(SourceFormat.CSV, Map.of()));

    BronzeBatch batch = CsvLanding.parse(lh.spark(), object, List.of(f));

    assertEquals(Map.of(), batch.rejections());
    assertEquals(Map.of("in/spaced.csv", new BronzeBatch.Counts(2, 0)), batch.counts());
    assertEquals(
        List.of("id", "value"), List.of(batch.rows().orElseThrow().columns()).subList(0, 2));
    batch.release();
  }
}
