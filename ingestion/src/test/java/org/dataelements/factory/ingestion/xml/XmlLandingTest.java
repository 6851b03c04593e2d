package org.dataelements.factory.ingestion.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class XmlLandingTest {
  @Test
  void landsOneRowPerRecordAndRejectsBrokenFilesWhole(Lakehouse lh) throws IOException {
    BronzeBatch batch =
        XmlLanding.parse(
            lh.spark(),
            XmlRecordsTest.object(Map.of()),
            List.of(
                XmlRecordsTest.file("catalog.xml"),
                XmlRecordsTest.file("malformed.xml"),
                XmlRecordsTest.file("empty.xml")));

    assertEquals(Map.of("xml/catalog.xml", new BronzeBatch.Counts(2, 0)), batch.counts());
    assertEquals(2, batch.rejections().size());
    assertTrue(
        batch.rejections().get("xml/malformed.xml").startsWith("not well-formed XML at line 7"));
    assertTrue(batch.quarantine().isEmpty());
    List<Row> rows = batch.rows().orElseThrow().orderBy("record_number").collectAsList();
    assertEquals(
        Arrays.asList(
            "attr_id",
            "attr_lang",
            "author",
            "title",
            "price",
            "genre",
            "published",
            "record_number",
            "_source_file",
            "_source_checksum"),
        Arrays.asList(batch.rows().get().columns()));
    assertEquals("bk101", rows.get(0).getAs("attr_id"));
    assertEquals(1L, rows.get(0).<Long>getAs("record_number"));
    assertEquals("Midnight Rain", rows.get(1).getAs("title"));
    assertEquals(2L, rows.get(1).<Long>getAs("record_number"));
    assertEquals("xml/catalog.xml", rows.get(1).getAs("_source_file"));
    assertEquals("sha-catalog.xml", rows.get(1).getAs("_source_checksum"));
  }
}
