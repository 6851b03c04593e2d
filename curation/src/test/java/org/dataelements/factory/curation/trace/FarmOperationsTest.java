package org.dataelements.factory.curation.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
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
class FarmOperationsTest {
  static final String HEADER =
      "operation_id,farm_id,farm_name,farmer_name,farmer_phone,farm_address,prefecture_code,"
          + "product_line,lot_id,operation,substance,dose,dose_unit,operated_at\n";
  static final String F1 = "traceability/farm_operations/dingxi/2024-05.csv";
  static final String F2 = "traceability/farm_operations/dingxi/2024-06.csv";
  static final String LOT_URN = "urn:epc:class:lgtin:6901234.000001.L1";
  static final String LOT = "https://id.gs1.org/01/06901234000016/10/L1";

  static final List<String> RAW = List.of("赵六", "139 0000 0002", "13900000002", "定西市安定区李家堡镇", "钱七");

  @TempDir static Path landing;
  static Dataset<Row> bronze;
  static StepOutput out;
  static List<Row> rows;
  static List<Row> quarantine;

  static String row(String id, String operation, String substance, String dose, String at) {
    return row(id, operation, substance, dose, at, "621100", "赵六", "139 0000 0002");
  }

  static String row(
      String id,
      String operation,
      String substance,
      String dose,
      String at,
      String prefecture,
      String farmer,
      String phone) {
    return String.join(
            ",",
            id,
            "F01",
            "安定区马铃薯合作社",
            farmer,
            phone,
            "定西市安定区李家堡镇",
            prefecture,
            "potatoes",
            LOT_URN,
            operation,
            substance,
            dose,
            dose.isEmpty() ? "" : "L/ha",
            at)
        + "\n";
  }

  @BeforeAll
  static void build() {
    String at = "2024-05-01T08:00:00+08:00";
    TraceFixtures.write(
        landing,
        F1,
        HEADER
            + row("OP1", "spraying", " Chlorpyrifos ", "1.5", at)
            + row("OP2", "harvest", "", "", "2024-06-01T10:00:00Z", "621100", " 赵六 ", "13900000002")
            + row("OP3", "weeding", "", "", at)
            + row("OP4", "spraying", "", "1", at)
            + row("OP5", "spraying", "imidacloprid", "", at)
            + row("OP6", "planting", "", "", "2024-05-01T08:00:00")
            + row("OP7", "planting", "", "", "2024-05-01")
            + row("OP8", "planting", "", "", "next tuesday")
            + row("OP9", "feeding", "hay", "lots", at)
            + row("OP10", "planting", "", "", at, "999999", "钱七", "1")
            + row("OP11", "Veterinary Drug", "ivermectin", "0.2", at)
            + row("", "planting", "", "", at)
            + row("OP13", "feeding", "hay", "-1", at));
    TraceFixtures.write(
        landing,
        F2,
        HEADER
            + row("OP1", "spraying", " Chlorpyrifos ", "1.5", at)
            + row("OP11", "veterinary_drug", "ivermectin", "0.3", at));
    bronze = TraceFixtures.bronzeCsv(landing, F1, F2);
    out =
        new FarmOperations(TraceFixtures.environment(TraceFixtures.KEY))
            .transform(
                TraceFixtures.inputs(
                    Map.of(FarmOperations.BRONZE, bronze),
                    Map.of(FarmOperations.REGIONS, TraceFixtures.reference("regions"))));
    rows = out.rows().orderBy("operation_id").collectAsList();
    quarantine =
        out.quarantine().orElseThrow().orderBy("operation_id", "source_file").collectAsList();
  }

  static Row op(String id) {
    return rows.stream().filter(r -> id.equals(r.getAs("operation_id"))).findFirst().orElseThrow();
  }

  @Test
  void hasTheDeclaredSchema() {
    StructType s = out.rows().schema();
    assertEquals(
        List.of(
            "operation_id",
            "farm_id",
            "farm_name",
            "farmer",
            "farmer_phone",
            "farm_address",
            "prefecture_code",
            "region_name",
            "product_line",
            "lot_id",
            "operation",
            "substance",
            "dose",
            "dose_unit",
            "operated_at",
            "operated_at_offset",
            "source_file"),
        TraceFixtures.names(s));
    assertEquals(DataTypes.TimestampType, s.apply("operated_at").dataType());
    assertEquals(DataTypes.DoubleType, s.apply("dose").dataType());
  }

  @Test
  void typesOperationsInUtcWithTheirOffsetAndRegion() {
    assertEquals(
        List.of("OP1", "OP10", "OP2"),
        rows.stream().map(r -> r.<String>getAs("operation_id")).toList());
    Row op1 = op("OP1");
    assertEquals("spraying", op1.getAs("operation"));
    assertEquals("chlorpyrifos", op1.getAs("substance"), "lower case, trimmed");
    assertEquals(1.5, op1.<Double>getAs("dose"));
    assertEquals(Timestamp.from(Instant.parse("2024-05-01T00:00:00Z")), op1.getAs("operated_at"));
    assertEquals("+08:00", op1.getAs("operated_at_offset"));
    assertEquals("Dingxi", op1.getAs("region_name"));
    assertEquals(LOT, op1.getAs("lot_id"));
    assertEquals("potatoes", op1.getAs("product_line"));
    Row op2 = op("OP2");
    assertEquals("Z", op2.getAs("operated_at_offset"));
    assertNull(op2.getAs("substance"));
    assertNull(op("OP10").getAs("region_name"), "a code regions.csv does not know has no name");
  }

  @Test
  void quarantinesEveryBrokenRowWithTheReason() {
    Map<String, String> rule = new TreeMap<>();
    for (Row q : quarantine) {
      rule.merge(
          q.<String>getAs("operation_id") + "@" + q.getAs("source_file"),
          q.getAs("rule_id"),
          (a, b) -> a + "," + b);
    }
    Map<String, String> expected = new TreeMap<>();
    expected.put("null@" + F1, FarmOperations.RULE_NO_ID);
    expected.put("OP3@" + F1, FarmOperations.RULE_OPERATION);
    expected.put("OP4@" + F1, FarmOperations.RULE_SPRAY_SUBSTANCE);
    expected.put("OP5@" + F1, FarmOperations.RULE_SPRAY_DOSE);
    expected.put("OP6@" + F1, FarmOperations.RULE_NO_OFFSET);
    expected.put("OP7@" + F1, FarmOperations.RULE_NO_OFFSET);
    expected.put("OP8@" + F1, FarmOperations.RULE_BAD_TIME);
    expected.put("OP9@" + F1, FarmOperations.RULE_DOSE);
    expected.put("OP11@" + F1, FarmOperations.RULE_CONFLICT);
    expected.put("OP11@" + F2, FarmOperations.RULE_CONFLICT);
    expected.put("OP13@" + F1, FarmOperations.RULE_NEGATIVE_DOSE);
    expected.put("OP1@" + F2, FarmOperations.RULE_REPEAT);
    assertEquals(expected, rule);
    Row op6 =
        quarantine.stream()
            .filter(q -> "OP6".equals(q.getAs("operation_id")))
            .findFirst()
            .orElseThrow();
    String reason = op6.getAs("reason");
    assertTrue(reason.contains("no time-zone offset") && reason.contains(F1), reason);
    assertEquals("operated_at", op6.getAs("field"));
    assertEquals("2024-05-01T08:00:00", op6.getAs("value"));
    Row op7 =
        quarantine.stream()
            .filter(q -> "OP7".equals(q.getAs("operation_id")))
            .findFirst()
            .orElseThrow();
    assertTrue(
        ((String) op7.getAs("reason")).contains("date without time"), (String) op7.getAs("reason"));
    Row op3 =
        quarantine.stream()
            .filter(q -> "OP3".equals(q.getAs("operation_id")))
            .findFirst()
            .orElseThrow();
    assertEquals("weeding", op3.getAs("value"));
  }

  @Test
  void everyBronzeRowIsKeptOrQuarantined() {
    assertEquals(15, bronze.count());
    assertEquals(bronze.count(), rows.size() + quarantine.size());
  }

  @Test
  void personalDataOnlyAsKeyedPseudonyms() {
    Row op1 = op("OP1");
    Row op2 = op("OP2");
    assertEquals(TraceFixtures.KEY.pseudonym("name", "赵六"), op1.getAs("farmer"));
    assertEquals(op1.<String>getAs("farmer"), op2.getAs("farmer"), "' 赵六 ' is 赵六");
    assertEquals(
        op1.<String>getAs("farmer_phone"), op2.getAs("farmer_phone"), "one number, spaced or not");
    assertEquals(TraceFixtures.KEY.pseudonym("phone", "13900000002"), op1.getAs("farmer_phone"));
    assertNotEquals(op1.<String>getAs("farmer"), op("OP10").getAs("farmer"));
    assertEquals(List.of(), TraceFixtures.leaks(rows, RAW));
    assertEquals(List.of(), TraceFixtures.leaks(quarantine, RAW));
    assertFalse(out.rows().queryExecution().toString().contains("fixture-key"));
  }
}
