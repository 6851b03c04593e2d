package org.dataelements.factory.ingestion.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class DocumentLandingTest {
  @TempDir Path dir;

  @Test
  void landsDocumentsQuarantinesBlankElementsAndRejectsBadFilesWithCounts(SparkSession spark)
      throws IOException {
    Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
    Path notice = Files.writeString(dir.resolve("NOTICE.md"), "# Provenance");
    List<LandingFile> files =
        List.of(
            DocumentExtractorTest.fixture("bom.txt"),
            DocumentExtractorTest.fixture("law.md"),
            DocumentExtractorTest.fixture("poems.json"),
            DocumentExtractorTest.file("docs/empty.txt", empty),
            DocumentExtractorTest.file("docs/NOTICE.md", notice));
    SourceSpec source =
        new SourceSpec(
            "corpus_test",
            "o",
            "d",
            Optional.of("CC0 1.0"),
            List.of(DocumentExtractorTest.object(Map.of())));

    BronzeBatch batch = DocumentLanding.parse(spark, source, source.objects().get(0), files);

    assertEquals(new BronzeBatch.Counts(1, 0), batch.counts().get("fixtures/document/bom.txt"));
    assertEquals(new BronzeBatch.Counts(1, 0), batch.counts().get("fixtures/document/law.md"));
    assertEquals(new BronzeBatch.Counts(2, 1), batch.counts().get("fixtures/document/poems.json"));
    assertEquals(3, batch.counts().size(), "rejected files have no counts");
    assertEquals(
        "docs/empty.txt: the file is empty (0 bytes)", batch.rejections().get("docs/empty.txt"));
    assertTrue(batch.rejections().get("docs/NOTICE.md").contains("exclude_names"));

    assertEquals(DocumentLanding.SCHEMA, batch.rows().orElseThrow().schema());
    List<Row> rows =
        batch.rows().orElseThrow().orderBy("_source_file", "record_number").collectAsList();
    assertEquals(4, rows.size());
    assertEquals(4, rows.stream().map(r -> r.getAs("document_id")).distinct().count());
    Row md = rows.get(1);
    assertEquals("fixtures/document/law.md", md.getAs(BronzeColumns.SOURCE_FILE));
    assertEquals("中华人民共和国示例法", md.getAs("title"));
    assertEquals("text/markdown", md.getAs("media_type"));
    assertEquals("CC0 1.0", md.getAs("licence"));
    assertNull(md.getAs("language_hint"));
    assertEquals(
        (long) ((String) md.getAs("text")).codePointCount(0, ((String) md.getAs("text")).length()),
        (long) md.<Long>getAs("char_count"));
    Row poem = rows.get(2);
    assertEquals("$[0]", poem.getAs("element_path"));
    assertEquals("{\"id\":\"a1\",\"tags\":[\"五言絕句\"]}", poem.getAs("metadata"));
    assertEquals(
        DocumentLanding.documentId(poem.getAs(BronzeColumns.SOURCE_CHECKSUM), "$[0]"),
        poem.getAs("document_id"));

    assertEquals(BronzeColumns.QUARANTINE, batch.quarantine().orElseThrow().schema());
    Row q = batch.quarantine().orElseThrow().first();
    assertEquals(3L, q.<Long>getAs("record_number"));
    assertTrue(
        ((String) q.getAs("reason")).startsWith("fixtures/document/poems.json: "), q.toString());
  }
}
