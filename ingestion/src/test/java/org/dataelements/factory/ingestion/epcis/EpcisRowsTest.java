package org.dataelements.factory.ingestion.epcis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.Row;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.junit.jupiter.api.Test;

class EpcisRowsTest {
  private static Object value(Row r, String column) {
    return r.get(EpcisRows.SCHEMA.fieldIndex(column));
  }

  @Test
  void rowKeepsStandardNamesAndValuesAsDelivered() throws IOException {
    EpcisFile f = EpcisReaderTest.read("capture-document.jsonld");
    Row r =
        EpcisRows.row(
            f.events().get(0),
            f.document().orElseThrow(),
            EpcisReaderTest.file("capture-document.jsonld"));

    assertEquals(EpcisRows.SCHEMA.size(), r.size());
    assertEquals("ObjectEvent", value(r, "type"));
    assertEquals("2024-05-01T10:00:00.000+08:00", value(r, "eventTime"));
    assertEquals("+08:00", value(r, "eventTimeZoneOffset"));
    assertEquals("commissioning", value(r, "bizStep"), "bare CBV names stay bare");
    assertEquals("urn:epc:id:sgln:6901234.00001.0", value(r, "readPoint"), "readPoint is its id");
    assertEquals(
        List.of("urn:epc:id:sgtin:6901234.012345.1001", "urn:epc:id:sgtin:6901234.012345.1002"),
        value(r, "epcList"));
    assertNull(value(r, "childEPCs"));
    assertEquals(
        "{\"cbvmda:lotNumber\":\"LOT-2024-05-01\",\"example:harvestDate\":\"2024-04-30\"}",
        value(r, "ilmd"));
    assertEquals("EPCISDocument", value(r, "document_type"));
    assertEquals("2.0", value(r, "epcis_version"));
    assertEquals(1L, value(r, "record_number"));
    assertEquals("epcis/capture-document.jsonld", value(r, BronzeColumns.SOURCE_FILE));
    assertEquals("sha-capture-document.jsonld", value(r, BronzeColumns.SOURCE_CHECKSUM));
  }

  @Test
  void quarantineRowCarriesTheEventAndTheReason() throws IOException {
    EpcisFile f = EpcisReaderTest.read("invalid-events.jsonld");
    Row q = EpcisRows.quarantine(f.events().get(1), EpcisReaderTest.file("invalid-events.jsonld"));

    assertEquals(BronzeColumns.QUARANTINE.size(), q.size());
    assertEquals(2L, q.get(2));
    assertEquals("ADDED", EpcisJson.MAPPER.readTree((String) q.get(3)).get("action").asText());
    assertEquals(
        "event 2 (ObjectEvent): action 'ADDED' is not one of ADD, OBSERVE, DELETE", q.get(4));
  }
}
