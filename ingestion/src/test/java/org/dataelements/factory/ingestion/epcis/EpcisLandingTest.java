package org.dataelements.factory.ingestion.epcis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class EpcisLandingTest {
  @Test
  void landsEventsQuarantinesInvalidOnesAndRejectsBrokenFiles(Lakehouse lh) throws IOException {
    ObjectSpec object =
        new ObjectSpec("events", "d", SourceFormat.EPCIS, "epcis/**", "UTF-8", List.of(), Map.of());

    BronzeBatch batch =
        EpcisLanding.parse(
            lh.spark(),
            object,
            List.of(
                EpcisReaderTest.file("capture-document.jsonld"),
                    EpcisReaderTest.file("capture-1_2.xml"),
                EpcisReaderTest.file("invalid-events.jsonld"),
                    EpcisReaderTest.file("truncated.jsonld")));

    assertEquals(
        Map.of(
            "epcis/capture-document.jsonld", new BronzeBatch.Counts(2, 0),
            "epcis/capture-1_2.xml", new BronzeBatch.Counts(3, 0),
            "epcis/invalid-events.jsonld", new BronzeBatch.Counts(1, 4)),
        batch.counts());
    assertTrue(
        batch.rejections().get("epcis/truncated.jsonld").startsWith("not valid JSON at line 32"));
    List<Row> rows =
        batch
            .rows()
            .orElseThrow()
            .orderBy(BronzeColumns.SOURCE_FILE, "record_number")
            .collectAsList();
    assertEquals(6, rows.size());
    assertEquals(EpcisRows.SCHEMA, batch.rows().get().schema());
    Row transformation = rows.get(1);
    assertEquals("TransformationEvent", transformation.getAs("type"));
    assertEquals("1.2", transformation.getAs("epcis_version"));
    assertEquals(
        List.of("urn:epc:id:sgtin:6901234.054321.2001"),
        transformation.getList(transformation.fieldIndex("outputEPCList")));
    List<Row> quarantined =
        batch.quarantine().orElseThrow().orderBy("record_number").collectAsList();
    assertEquals(4, quarantined.size());
    assertEquals(
        "event 2 (ObjectEvent): action 'ADDED' is not one of ADD, OBSERVE, DELETE",
        quarantined.get(1).getAs("reason"));
  }
}
