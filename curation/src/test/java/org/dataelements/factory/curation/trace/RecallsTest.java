package org.dataelements.factory.curation.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class RecallsTest {
  static final String N1 = "traceability/recall_notices/2024/06/notices-1.json";
  static final String N2 = "traceability/recall_notices/2024/06/notices-2.json";
  static final String US = "traceability/food_recalls_us/sample.json";
  static final String L1_URN = "urn:epc:class:lgtin:6901234.000001.L1";
  static final String L1 = "https://id.gs1.org/01/06901234000016/10/L1";
  static final String L2 = "https://id.gs1.org/01/06901234000016/10/L2";

  @TempDir static Path landing;
  static Dataset<Row> notices;
  static Dataset<Row> us;
  static StepOutput out;
  static List<Row> rows;
  static List<Row> quarantine;

  @BeforeAll
  static void build() {
    TraceFixtures.write(
        landing,
        N1,
        "[{\"notice_id\": \"RN-2024-001\", \"issued_on\": \"2024-06-01\", \"authority\": \"Gansu"
            + " AMR\", \"firm\": \"Dingxi Potato Co.\", \"product\": \"Potatoes\", \"lot_ids\": [\""
            + L1_URN
            + "\", \" LOCAL-LOT-7 \"], \"reason\": \"chlorpyrifos above its MRL\"},\n"
            + " {\"notice_id\": \"RN-2024-002\", \"issued_on\": \"2024/6/2\", \"authority\": \"Gansu"
            + " AMR\", \"firm\": \"Lanzhou Lamb\", \"product\": \"Lamb\", \"lot_ids\": [],"
            + " \"reason\": \"ivermectin residue\"},\n"
            + " {\"issued_on\": \"2024-06-02\", \"firm\": \"nobody\", \"lot_ids\": [\"X\"]}]");
    TraceFixtures.write(
        landing,
        N2,
        "[{\"notice_id\": \"RN-2024-001\", \"issued_on\": \"2024-06-03\", \"authority\": \"Gansu"
            + " AMR\", \"firm\": \"Dingxi Potato Co.\", \"product\": \"Potatoes\", \"lot_ids\":"
            + " [\""
            + L2
            + "\"], \"reason\": \"chlorpyrifos above its MRL (extended)\"}]");
    TraceFixtures.write(
        landing,
        US,
        "[{\"agency\": \"USDA\", \"notice_id_number\": \"002-2014\", \"uid\": \"u-en\","
            + " \"title\": \"California Firm Recalls Various Meat Products Produced Without the"
            + " Benefit of Full Inspection\", \"product_description\": \"50-lb. boxes of “Beef"
            + " Feet” with the lot code “A123”\", \"recall_classification\": \"Class I\","
            + " \"risk_level\": \"High - Class I\", \"notification_dttm\":"
            + " \"2014-01-13T00:00:00+00:00\", \"company_announce_dttm\": null, \"company_name\":"
            + " \"Ukrop&amp;#039;s Foods\", \"recall_reason\": \"Produced Without Benefit of"
            + " Inspection\", \"brand_name\": null, \"recall_url\": null},\n"
            + " {\"agency\": \"USDA\", \"notice_id_number\": \"002-2014\", \"uid\": \"u-es\","
            + " \"title\": \"Una Firma En California Retira Del Mercado Varios Productos De Carne"
            + " Producidos Sin El Aval De Una Inspección Completa\", \"product_description\":"
            + " \"Cajas de 50 lbs de “Beef Feet” con el código de lote “A123”\","
            + " \"recall_classification\": \"Class I\", \"notification_dttm\":"
            + " \"2014-01-13T00:00:00+00:00\", \"company_name\": \"Ukrop&amp;#039;s Foods\"},\n"
            + " {\"agency\": \"FDA\", \"notice_id_number\": null, \"uid\": \"f-1\", \"title\":"
            + " \"Braga Fresh Issues Voluntary and Precautionary Advisory Due to Possible Health"
            + " Risk\", \"product_description\": \"Broccoli Florets\", \"brand_name\":"
            + " \"Marketside\", \"company_name\": \"Braga Fresh\", \"recall_reason\": \"Potential"
            + " Foodborne Illness – Listeria monocytogenes\", \"notification_dttm\":"
            + " \"2024-12-31T05:00:00+00:00\", \"company_announce_dttm\":"
            + " \"2024-12-27T20:18:00+00:00\", \"recall_url\": \"http://www.fda.gov/x\"},\n"
            + " {\"agency\": \"EFSA\", \"uid\": \"x-1\", \"title\": \"Something\"}]");
    notices = TraceFixtures.bronzeJson(landing, N1, N2);
    us = TraceFixtures.bronzeJson(landing, US);
    out =
        new Recalls()
            .transform(
                TraceFixtures.inputs(
                    Map.of(Recalls.BRONZE_NOTICES, notices, Recalls.BRONZE_US, us)));
    rows = out.rows().orderBy("recall_id").collectAsList();
    quarantine = out.quarantine().orElseThrow().orderBy("source_file", "record_id").collectAsList();
  }

  static Row recall(String id) {
    return rows.stream().filter(r -> id.equals(r.getAs("recall_id"))).findFirst().orElseThrow();
  }

  @Test
  void hasTheDeclaredSchema() {
    StructType s = out.rows().schema();
    assertEquals(
        List.of(
            "recall_id",
            "source",
            "authority",
            "issued_on",
            "firm",
            "brand",
            "product",
            "title",
            "lot_codes",
            "lot_ids",
            "reason",
            "classification",
            "url",
            "records",
            "source_file"),
        TraceFixtures.names(s));
    assertEquals(DataTypes.DateType, s.apply("issued_on").dataType());
    assertEquals(DataTypes.createArrayType(DataTypes.StringType), s.apply("lot_ids").dataType());
  }

  @Test
  void oneRowPerNoticeFromEverySource() {
    Map<String, String> sources = new TreeMap<>();
    rows.forEach(r -> sources.put(r.getAs("recall_id"), r.getAs("source")));
    assertEquals(
        Map.of(
            "002-2014",
            "usda_fsis",
            "RN-2024-001",
            "notice",
            "RN-2024-002",
            "notice",
            "f-1",
            "fda"),
        sources);
  }

  @Test
  void aNoticeKeepsItsLatestVersionWithTheLotsOfEveryVersionCanonical() {
    Row rn1 = recall("RN-2024-001");
    assertEquals(Date.valueOf("2024-06-03"), rn1.getAs("issued_on"));
    assertEquals("chlorpyrifos above its MRL (extended)", rn1.getAs("reason"));
    assertEquals(N2, rn1.getAs("source_file"));
    assertEquals(2, rn1.<Integer>getAs("records"));
    assertEquals(
        List.of("LOCAL-LOT-7", L1, L2),
        rn1.getList(rn1.fieldIndex("lot_ids")),
        "the lots of both versions, canonical, trimmed, sorted");
    assertEquals(List.of("LOCAL-LOT-7", L2, L1_URN), rn1.getList(rn1.fieldIndex("lot_codes")));
    Row rn2 = recall("RN-2024-002");
    assertEquals(Date.valueOf("2024-06-02"), rn2.getAs("issued_on"));
    assertEquals(List.of(), rn2.getList(rn2.fieldIndex("lot_ids")));
  }

  @Test
  void mapsTheAgenciesFieldsKeepingTheEnglishFsisRecord() {
    Row fsis = recall("002-2014");
    assertTrue(((String) fsis.getAs("title")).startsWith("California Firm Recalls"));
    assertEquals("Ukrop's Foods", fsis.getAs("firm"), "HTML references decoded, twice escaped");
    assertEquals("Class I", fsis.getAs("classification"));
    assertEquals("USDA FSIS", fsis.getAs("authority"));
    assertEquals(Date.valueOf("2014-01-13"), fsis.getAs("issued_on"));
    assertEquals(List.of("lot code “A123”"), fsis.getList(fsis.fieldIndex("lot_codes")));
    assertEquals(List.of(), fsis.getList(fsis.fieldIndex("lot_ids")));
    Row fda = recall("f-1");
    assertEquals(
        Date.valueOf("2024-12-31"), fda.getAs("issued_on"), "the agency's notification date");
    assertEquals("Braga Fresh", fda.getAs("firm"));
    assertEquals("Marketside", fda.getAs("brand"));
    assertEquals("Broccoli Florets", fda.getAs("product"));
    assertNull(fda.getAs("classification"));
    assertEquals("http://www.fda.gov/x", fda.getAs("url"));
  }

  @Test
  void quarantinesRecordsWithoutIdOrAgencyAndFurtherVersions() {
    Map<String, String> rule = new TreeMap<>();
    quarantine.forEach(
        q -> rule.put(q.getAs("source_file") + "|" + q.getAs("record_id"), q.getAs("rule_id")));
    assertEquals(
        Map.of(
            N1 + "|null", Recalls.RULE_NO_ID,
            N1 + "|RN-2024-001", Recalls.RULE_VERSION,
            US + "|u-es", Recalls.RULE_VERSION,
            US + "|x-1", Recalls.RULE_AGENCY),
        rule);
    Row es =
        quarantine.stream()
            .filter(q -> "u-es".equals(q.getAs("record_id")))
            .findFirst()
            .orElseThrow();
    String reason = es.getAs("reason");
    assertTrue(reason.contains("kept once, from record u-en"), reason);
    assertEquals(
        notices.count() + us.count(),
        rows.size() + quarantine.size(),
        "rows in = out + quarantined");
  }
}
