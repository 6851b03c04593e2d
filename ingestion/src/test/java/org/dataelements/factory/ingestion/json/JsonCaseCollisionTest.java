package org.dataelements.factory.ingestion.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Found by ParserFuzzTest: one flipped bit turning {@code update_date} into {@code Update_date}
 * failed the Spark read of every file of the object (COLUMN_ALREADY_EXISTS); now only the file that
 * spells the field otherwise is rejected, naming both spellings, and the others land.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class JsonCaseCollisionTest {
  @TempDir Path dir;

  @Test
  void rejectsOnlyTheFileThatSpellsAFieldInAnotherCase(Lakehouse lh) throws IOException {
    LandingFile good =
        write("good.jsonl", "{\"id\":1,\"update_date\":\"2007-05-23\"}\n{\"id\":2}\n");
    LandingFile bad =
        write("bad.jsonl", "{\"id\":3,\"update_date\":\"x\"}\n{\"id\":4,\"Update_date\":\"y\"}\n");
    LandingFile nested =
        write("nested.jsonl", "{\"id\":5,\"v\":[{\"name\":\"a\"},{\"NAME\":\"b\"}]}\n");
    // spelled as nested.jsonl's first record, which was rejected: that spelling does not stand
    LandingFile after = write("after.jsonl", "{\"id\":6,\"v\":[{\"NAME\":\"c\"}]}\n");

    BronzeBatch batch = JsonLanding.parse(lh.spark(), object(), List.of(good, bad, nested, after));

    assertEquals(
        Map.of(
            "in/good.jsonl",
            new BronzeBatch.Counts(2, 0),
            "in/after.jsonl",
            new BronzeBatch.Counts(1, 0)),
        batch.counts());
    String reason = batch.rejections().get("in/bad.jsonl");
    assertTrue(
        reason.startsWith(
            "field 'Update_date' differs only in case from field 'update_date' of this object's"
                + " records"),
        reason);
    assertTrue(reason.endsWith("(line 2)"), reason);
    assertTrue(
        batch.rejections().get("in/nested.jsonl").startsWith("field 'NAME' differs only in case"),
        batch.rejections().toString());
    batch.release();
  }

  private LandingFile write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return new LandingFile("in/" + name, p, Files.size(p), "sha-" + name);
  }

  private static ObjectSpec object() {
    return new ObjectSpec(
        "lines",
        "d",
        SourceFormat.JSONL,
        "**",
        "UTF-8",
        List.of(),
        Map.of(),
        FormatOptions.parse(SourceFormat.JSONL, Map.of()));
  }
}
