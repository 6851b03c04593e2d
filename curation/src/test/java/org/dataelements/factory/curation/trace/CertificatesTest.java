package org.dataelements.factory.curation.trace;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.StepEnvironment;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class CertificatesTest {
  static final String HEADER =
      "certificate_id,lot_id,product,quantity,uom,origin_farm_id,origin_region_code,issuer_name,"
          + "contact_name,contact_phone,contact_address,basis,issued_on\n";
  static final String F1 = "traceability/certificates/2024/batch1.csv";
  static final String F2 = "traceability/certificates/2024/batch2.csv";
  static final String LOT_URN = "urn:epc:class:lgtin:6901234.000001.L1";
  static final String LOT = "https://id.gs1.org/01/06901234000016/10/L1";

  // personal values that must not reach silver, in any spelling
  static final List<String> RAW =
      List.of("张三", "李四", "138-0000-0001", "13800000001", "甘肃省定西市安定区", "王五");

  @TempDir static Path landing;
  static Dataset<Row> bronze;
  static StepOutput out;
  static List<Row> rows;
  static List<Row> quarantine;

  @BeforeAll
  static void build() {
    TraceFixtures.write(
        landing,
        F1,
        HEADER
            + "C001,"
            + LOT_URN
            + ",Potatoes,\"1,250.5\",KGM,F01,621100,张三,李四,138-0000-0001,甘肃省定西市安定区,自检合格,2024-05-01\n"
            + "C002,https://example.cn/01/06901234000016/10/L2?x=1,Potatoes,200,KGM,F01,621100,张三,"
            + "\" 李四 \",13800000001,甘肃省定西市安定区 ,自检合格,2024/5/2\n"
            + ",urn:epc:class:lgtin:6901234.000001.L3,Potatoes,10,KGM,F01,621100,张三,李四,1,x,b,2024-05-01\n"
            + "C004,,Potatoes,10,KGM,F01,621100,张三,李四,1,x,b,2024-05-01\n"
            + "C005,L5,Potatoes,abc,KGM,F01,621100,张三,李四,1,x,b,2024-05-01\n"
            + "C006,L6,Potatoes,0,KGM,F01,621100,张三,李四,1,x,b,2024-05-01\n"
            + "C007,L7,Potatoes,5,KGM,F01,621100,张三,李四,1,x,b,2024-13-01\n"
            + "C008,L8,Potatoes,5,KGM,F01,621100,张三,李四,1,x,b,2024-05-01\n"
            + "C009,L9,Sheep,3,HEAD,F02,620100,王五,王五,1,x,b,2024年5月3日\n");
    TraceFixtures.write(
        landing,
        F2,
        HEADER
            + "C008,L8,Potatoes,6,KGM,F01,621100,张三,李四,1,x,b,2024-05-01\n"
            + "C009,L9,Sheep,3,HEAD,F02,620100,王五,王五,1,x,b,2024年5月3日\n");
    bronze = TraceFixtures.bronzeCsv(landing, F1, F2);
    out = run(TraceFixtures.environment(TraceFixtures.KEY));
    rows = out.rows().orderBy("certificate_id").collectAsList();
    quarantine =
        out.quarantine().orElseThrow().orderBy("certificate_id", "source_file").collectAsList();
  }

  static StepOutput run(StepEnvironment env) {
    return new Certificates(env)
        .transform(TraceFixtures.inputs(Map.of(Certificates.BRONZE, bronze)));
  }

  @Test
  void hasTheDeclaredSchema() {
    StructType s = out.rows().schema();
    assertEquals(
        List.of(
            "certificate_id",
            "lot_id",
            "product",
            "quantity",
            "uom",
            "origin_farm_id",
            "origin_region_code",
            "issuer",
            "contact",
            "contact_phone",
            "contact_address",
            "basis",
            "issued_on",
            "source_file"),
        TraceFixtures.names(s));
    assertEquals(DataTypes.DoubleType, s.apply("quantity").dataType());
    assertEquals(DataTypes.DateType, s.apply("issued_on").dataType());
  }

  @Test
  void typesTheCertificatesAndMakesTheirLotsCanonical() {
    assertEquals(List.of("C001", "C002", "C009"), rows.stream().map(r -> r.getString(0)).toList());
    Row c1 = rows.get(0);
    assertEquals(LOT, c1.getAs("lot_id"), "an EPC URN becomes the canonical Digital Link");
    assertEquals(1250.5, c1.<Double>getAs("quantity"));
    assertEquals("KGM", c1.getAs("uom"));
    assertEquals(Date.valueOf("2024-05-01"), c1.getAs("issued_on"));
    assertEquals("621100", c1.getAs("origin_region_code"));
    assertEquals(F1, c1.getAs("source_file"));
    Row c2 = rows.get(1);
    assertEquals("https://id.gs1.org/01/06901234000016/10/L2", c2.getAs("lot_id"));
    assertEquals(Date.valueOf("2024-05-02"), c2.getAs("issued_on"));
    assertEquals(Date.valueOf("2024-05-03"), rows.get(2).getAs("issued_on"));
  }

  @Test
  void quarantinesEveryBrokenRowWithFileFieldAndValue() {
    Map<String, String> rule = new TreeMap<>();
    for (Row q : quarantine) {
      rule.merge(
          String.valueOf(q.<String>getAs("certificate_id")) + "@" + q.getAs("source_file"),
          q.getAs("rule_id"),
          (a, b) -> a + "," + b);
    }
    assertEquals(
        Map.of(
            "null@" + F1, Certificates.RULE_NO_ID,
            "C004@" + F1, Certificates.RULE_NO_LOT,
            "C005@" + F1, Certificates.RULE_QUANTITY,
            "C006@" + F1, Certificates.RULE_NOT_POSITIVE,
            "C007@" + F1, Certificates.RULE_DATE,
            "C008@" + F1, Certificates.RULE_CONFLICT,
            "C008@" + F2, Certificates.RULE_CONFLICT,
            "C009@" + F2, Certificates.RULE_REPEAT),
        rule);
    Row c5 =
        quarantine.stream()
            .filter(q -> "C005".equals(q.getAs("certificate_id")))
            .findFirst()
            .orElseThrow();
    assertEquals("quantity", c5.getAs("field"));
    assertEquals("abc", c5.getAs("value"));
    String reason = c5.getAs("reason");
    assertTrue(reason.contains(F1) && reason.contains("'abc'"), reason);
    Row c7 =
        quarantine.stream()
            .filter(q -> "C007".equals(q.getAs("certificate_id")))
            .findFirst()
            .orElseThrow();
    assertEquals("2024-13-01", c7.getAs("value"));
    Row c8 =
        quarantine.stream()
            .filter(q -> "C008".equals(q.getAs("certificate_id")))
            .findFirst()
            .orElseThrow();
    assertTrue(
        ((String) c8.getAs("reason")).contains("2 different contents"),
        (String) c8.getAs("reason"));
    assertEquals(TraceFixtures.RUN, c8.getAs("run_id"));
  }

  @Test
  void everyBronzeRowIsKeptOrQuarantined() {
    long in = bronze.count();
    assertEquals(11, in);
    assertEquals(in, rows.size() + quarantine.size(), "rows in = rows out + rows quarantined");
  }

  @Test
  void personalDataOnlyAsKeyedPseudonyms() {
    Row c1 = rows.get(0);
    Row c2 = rows.get(1);
    assertEquals(TraceFixtures.KEY.pseudonym("name", "张三"), c1.getAs("issuer"));
    assertEquals(c1.<String>getAs("contact"), c2.getAs("contact"), "same name, same pseudonym");
    assertEquals(
        c1.<String>getAs("contact_phone"),
        c2.getAs("contact_phone"),
        "138-0000-0001 and 13800000001 are one phone number");
    assertEquals(c1.<String>getAs("contact_address"), c2.getAs("contact_address"));
    assertNotEquals(
        rows.get(2).<String>getAs("issuer"),
        c1.getAs("issuer"),
        "different people, different pseudonyms");
    assertEquals(
        rows.get(2).<String>getAs("issuer"),
        rows.get(2).getAs("contact"),
        "one person as issuer and contact has one pseudonym");
    assertEquals(List.of(), TraceFixtures.leaks(rows, RAW), "no raw personal value in silver");
    assertEquals(List.of(), TraceFixtures.leaks(quarantine, RAW), "nor in its quarantine");

    StepOutput other = run(TraceFixtures.environment(TraceFixtures.OTHER_KEY));
    Row o1 = other.rows().orderBy("certificate_id").first();
    assertNotEquals(
        c1.<String>getAs("issuer"), o1.getAs("issuer"), "another key, another pseudonym");
    assertEquals(TraceFixtures.OTHER_KEY.pseudonym("name", "张三"), o1.getAs("issuer"));
  }

  @Test
  void theKeyIsInNoPlan() {
    String plan =
        out.rows().queryExecution().toString() + out.quarantine().orElseThrow().queryExecution();
    assertFalse(plan.contains("fixture-key"), "the key's text is in the plan");
    assertTrue(plan.contains("pseudonym_name"), "the pseudonym UDF is named in the plan");
  }

  @Test
  void asksForTheKeyOnlyWhenItRuns() {
    Certificates step = new Certificates(StepEnvironment.none());
    assertEquals(List.of(Certificates.BRONZE), step.spec().inputTables(), "listing needs no key");
    assertNull(step.parameters().isEmpty() ? null : step.parameters());
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> step.transform(TraceFixtures.inputs(Map.of(Certificates.BRONZE, bronze))));
    assertTrue(e.getMessage().contains("FACTORY_PSEUDONYM_KEY"), e.getMessage());
  }

  @Test
  void sameInputSameOutput() {
    Map<String, Row> again = new HashMap<>();
    run(TraceFixtures.environment(TraceFixtures.KEY))
        .rows()
        .collectAsList()
        .forEach(r -> again.put(r.getString(0), r));
    rows.forEach(r -> assertEquals(r, again.get(r.getString(0))));
    assertEquals(0, out.rows().where(col("certificate_id").isNull()).count());
  }
}
