package org.dataelements.factory.curation.trace;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
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
class InspectionsTest {
  static final String RAPID = "traceability/rapid_tests/2024/dingxi.csv";
  static final String LOT_URN = "urn:epc:class:lgtin:6901234.000001.L1";
  static final String LOT = "https://id.gs1.org/01/06901234000016/10/L1";
  static final String SHEET_A =
      "traceability/pesticide_residues_uk_prif/Q1_2022_BNA/Apples_GB_BNA.csv";
  static final String SHEET_B = "traceability/pesticide_residues_uk_prif/Q2_2023/Lettuce_GB.csv";

  /** Bronze columns as ingestion names them (safe name, source header in the comment). */
  static final Map<String, String> COLUMNS = new LinkedHashMap<>();

  static {
    // the Q1 2022 headers
    COLUMNS.put("Sample ID", "Sample_ID");
    COLUMNS.put("Date of Sampling", "Date_of_Sampling");
    COLUMNS.put("Description", "Description");
    COLUMNS.put("Country of Origin", "Country_of_Origin");
    COLUMNS.put("Sampling Point", "Sampling_Point");
    COLUMNS.put("Address", "Address");
    COLUMNS.put("Brand Name", "Brand_Name");
    COLUMNS.put("Packer / Manufacturer / Importer", "Packer_/_Manufacturer_/_Importer");
    COLUMNS.put(
        "Pesticide residues found in mg/kg (MRL)", "Pesticide_residues_found_in_mg/kg_MRL_");
    // another quarter's names for the same things, merged into bronze by name
    COLUMNS.put("Product", "Product");
    COLUMNS.put("Retail Outlet", "Retail_Outlet");
    COLUMNS.put("Packer/Manufacturer/Importer", "Packer/Manufacturer/Importer");
    COLUMNS.put("Residues found in mg/kg (MRL)", "Residues_found_in_mg/kg_MRL_");
  }

  static StructType sheetSchema(boolean numbered) {
    List<StructField> fields = new ArrayList<>();
    COLUMNS.forEach((header, name) -> fields.add(TraceFixtures.string(name, header)));
    if (numbered) {
      fields.add(DataTypes.createStructField("_record_number", DataTypes.LongType, false));
    }
    fields.add(DataTypes.createStructField("_source_file", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("_source_checksum", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("_ingested_at", DataTypes.TimestampType, false));
    return DataTypes.createStructType(fields);
  }

  /** One sheet row: header → cell, at its record number in the file. */
  static Row sheetRow(StructType schema, String file, long record, String... headerValue) {
    Object[] v = new Object[schema.size()];
    for (int i = 0; i < headerValue.length; i += 2) {
      v[schema.fieldIndex(COLUMNS.get(headerValue[i]))] = headerValue[i + 1];
    }
    if (schema.getFieldIndex("_record_number").isDefined()) {
      v[schema.fieldIndex("_record_number")] = record;
    }
    v[schema.fieldIndex("_source_file")] = file;
    v[schema.fieldIndex("_source_checksum")] = "c-" + file;
    v[schema.fieldIndex("_ingested_at")] = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
    return RowFactory.create(v);
  }

  static final String ID = "Sample ID";
  static final String DATE = "Date of Sampling";
  static final String RES = "Pesticide residues found in mg/kg (MRL)";
  static final String RES_B = "Residues found in mg/kg (MRL)";

  static String[] sampleA(String id, String date, String residues) {
    return new String[] {
      ID,
      id,
      DATE,
      date,
      "Description",
      "Gala Apples",
      "Country of Origin",
      "Poland",
      "Sampling Point",
      "Aldi",
      "Address",
      "Cameron Toll, 6 Lady Road, Edinburgh EH16 5PB",
      "Brand Name",
      "Everyday Essentials ",
      "Packer / Manufacturer / Importer",
      "Aldi Stores Ltd PO Box 26",
      RES,
      residues
    };
  }

  static String[] sampleB(String id, String date, String product, String residues) {
    return new String[] {
      ID,
      id,
      DATE,
      date,
      "Product",
      product,
      "Country of Origin",
      "Poland",
      "Retail Outlet",
      "Tesco",
      "Brand Name",
      "Everyday Essentials ",
      RES_B,
      residues
    };
  }

  static List<Row> sheetRows(StructType s) {
    List<Row> r = new ArrayList<>();
    r.add(sheetRow(s, SHEET_A, 3, ID, "Eating        "));
    r.add(
        sheetRow(s, SHEET_A, 4, sampleA("0044/2022", "24/01/2022", "captan (sum) 1.9 (MRL = 10)")));
    r.add(sheetRow(s, SHEET_A, 5, RES, "boscalid 0.02 (MRL = 5)"));
    r.add(sheetRow(s, SHEET_A, 6, RES, "glufosinate (sum) 0.2 (MRL = 0.15)"));
    r.add(
        sheetRow(
            s,
            SHEET_A,
            7,
            sampleA("0045/2022 Organic", "24/01/2022", "None were detected above the set RL")));
    r.add(sheetRow(s, SHEET_A, 8, sampleA("0046/2022", "24/01/2022", "captan 1.9")));
    r.add(sheetRow(s, SHEET_A, 9, RES, "fludioxonil 0.05 (MRL = 10)"));
    r.add(
        sheetRow(
            s, SHEET_A, 10, sampleA("0047/2022", "31/02/2022", "captan (sum) 0.1 (MRL = 10)")));
    r.add(sheetRow(s, SHEET_A, 11, RES, "boscalid 0.01 (MRL = 5)"));
    r.add(sheetRow(s, SHEET_A, 12));
    r.add(
        sheetRow(
            s,
            SHEET_A,
            13,
            ID,
            "* As the residue is present in the fat, it is reported on a fat basis"));
    r.add(
        sheetRow(
            s,
            SHEET_A,
            14,
            sampleA(
                "0048/2022", "25/01/2022", "BAC (sum) 0.1 (No MRL)\nDDT (sum) 0.047* (MRL = 1)")));
    r.add(sheetRow(s, SHEET_A, 15, sampleA("0049/2022", "25/01/2022", null)));
    r.add(sheetRow(s, SHEET_B, 2, RES_B, "boscalid 0.01 (MRL = 5)"));
    r.add(
        sheetRow(
            s,
            SHEET_B,
            3,
            sampleB("0101/2023", "02/03/2023", "Cos Lettuce", "chlorate 0.3 (MRL = 0.7)")));
    r.add(sheetRow(s, SHEET_B, 4, "Address", "Unit 3, Market Street"));
    r.add(
        sheetRow(
            s,
            SHEET_B,
            5,
            sampleB("0044/2022", "24/01/2022", "Gala Apples", "captan (sum) 1.9 (MRL = 10)")));
    r.add(
        sheetRow(
            s,
            SHEET_B,
            6,
            sampleB("0102/2023", "03/03/2023", "Cos Lettuce", "boscalid 0.02 (MRL = 5)")));
    r.add(sheetRow(s, SHEET_B, 7, RES_B, "boscalid 0.03 (MRL = 5)"));
    return r;
  }

  static final String RAPID_HEADER =
      "test_id,lot_id,sampled_at,lab,analyte,value_mg_kg,limit_mg_kg,result,inspector_name\n";

  @TempDir static Path landing;
  static Dataset<Row> rapid;
  static Dataset<Row> sheets;
  static StepOutput out;
  static List<Row> rows;
  static List<Row> quarantine;

  @BeforeAll
  static void build() {
    String at = "2024-05-10T09:00:00+08:00";
    TraceFixtures.write(
        landing,
        RAPID,
        RAPID_HEADER
            + "T1,"
            + LOT_URN
            + ","
            + at
            + ",Dingxi station,chlorpyrifos,0.08,0.05,,孙八\n"
            + "T2,"
            + LOT_URN
            + ","
            + at
            + ",Dingxi station,chlorpyrifos,0.01,0.05,pass,孙八\n"
            + "T3,"
            + LOT_URN
            + ","
            + at
            + ",Dingxi station,imidacloprid,ND,0.5,negative, 孙八\n"
            + "T4,"
            + LOT_URN
            + ","
            + at
            + ",Dingxi station,carbofuran,,,fail,周九\n"
            + "T5,"
            + LOT_URN
            + ","
            + at
            + ",Dingxi station,chlorate,0.02,,,周九\n"
            + ","
            + LOT_URN
            + ","
            + at
            + ",Dingxi station,chlorate,0.02,0.7,,周九\n"
            + "T7,"
            + LOT_URN
            + ",2024-05-10 09:00,Dingxi station,chlorate,0.02,0.7,,周九\n"
            + "T8,"
            + LOT_URN
            + ",2024-05-10,Dingxi station,chlorate,0.02,0.7,,周九\n"
            + "T9,"
            + LOT_URN
            + ","
            + at
            + ",Dingxi station,chlorate,abc,0.7,,周九\n"
            + "T10,"
            + LOT_URN
            + ","
            + at
            + ",Dingxi station,chlorate,0.02,0.7,maybe,周九\n"
            + "T11,"
            + LOT_URN
            + ","
            + at
            + ",Dingxi station,chlorate,0.02,-1,,周九\n"
            + "T12,"
            + LOT_URN
            + ","
            + at
            + ",Dingxi station,,0.02,0.7,,周九\n"
            + "T13,"
            + LOT_URN
            + ","
            + at
            + ",Dingxi station,chlorpyrifos,0.09,0.05,pass,周九\n");
    rapid = TraceFixtures.bronzeCsv(landing, RAPID);
    StructType s = sheetSchema(true);
    sheets = SparkTestSession.spark().createDataFrame(sheetRows(s), s);
    out = run(rapid, sheets);
    rows = out.rows().orderBy("inspection_id").collectAsList();
    quarantine =
        out.quarantine()
            .orElseThrow()
            .orderBy("source_file", "source_row", "inspection_id")
            .collectAsList();
  }

  static StepOutput run(Dataset<Row> rapid, Dataset<Row> sheets) {
    Map<org.dataelements.factory.core.TableId, Dataset<Row>> in = new LinkedHashMap<>();
    if (rapid != null) {
      in.put(Inspections.BRONZE_RAPID_TESTS, rapid);
    }
    if (sheets != null) {
      in.put(Inspections.BRONZE_PRIF, sheets);
    }
    return new Inspections(TraceFixtures.environment(TraceFixtures.KEY))
        .transform(TraceFixtures.inputs(in));
  }

  static Row row(String id) {
    return rows.stream().filter(r -> id.equals(r.getAs("inspection_id"))).findFirst().orElseThrow();
  }

  @Test
  void hasTheDeclaredSchema() {
    StructType s = out.rows().schema();
    assertEquals(
        List.of(
            "inspection_id",
            "source",
            "lot_id",
            "sample_id",
            "commodity",
            "category",
            "origin",
            "sampling_point",
            "brand",
            "sampled_at",
            "lab",
            "analyte",
            "value_mg_kg",
            "limit_mg_kg",
            "result",
            "residue_text",
            "inspector",
            "source_file",
            "source_row"),
        TraceFixtures.names(s));
    assertEquals(DataTypes.TimestampType, s.apply("sampled_at").dataType());
    assertEquals(DataTypes.DoubleType, s.apply("value_mg_kg").dataType());
    assertEquals(DataTypes.DoubleType, s.apply("limit_mg_kg").dataType());
    assertEquals(DataTypes.LongType, s.apply("source_row").dataType());
  }

  @Test
  void judgesRapidTestsByValueAndLimit() {
    Map<String, String> results = new TreeMap<>();
    rows.stream()
        .filter(r -> "rapid_test".equals(r.getAs("source")))
        .forEach(r -> results.put(r.getAs("inspection_id"), r.getAs("result")));
    assertEquals(
        Map.of(
            "T1",
            "fail",
            "T13",
            "fail",
            "T2",
            "pass",
            "T3",
            "not_detected",
            "T4",
            "fail",
            "T5",
            "no_limit",
            "T8",
            "pass"),
        results,
        "T13 says pass but 0.09 > 0.05; T4 is a failed test without a value");
    Row t1 = row("T1");
    assertEquals(LOT, t1.getAs("lot_id"));
    assertEquals("T1", t1.getAs("sample_id"));
    assertEquals(0.08, t1.<Double>getAs("value_mg_kg"));
    assertEquals(0.05, t1.<Double>getAs("limit_mg_kg"));
    assertEquals(Timestamp.from(Instant.parse("2024-05-10T01:00:00Z")), t1.getAs("sampled_at"));
    assertEquals("Dingxi station", t1.getAs("lab"));
    assertNull(row("T3").getAs("value_mg_kg"));
    assertEquals(
        Timestamp.from(Instant.parse("2024-05-10T00:00:00Z")), row("T8").getAs("sampled_at"));
  }

  @Test
  void quarantinesBrokenRapidTests() {
    Map<String, String> rule = new TreeMap<>();
    quarantine.stream()
        .filter(q -> RAPID.equals(q.getAs("source_file")))
        .forEach(
            q -> rule.put(String.valueOf(q.<String>getAs("inspection_id")), q.getAs("rule_id")));
    assertEquals(
        Map.of(
            "null", Inspections.RULE_NO_ID,
            "T7", Inspections.RULE_NO_OFFSET,
            "T9", Inspections.RULE_VALUE,
            "T10", Inspections.RULE_RESULT,
            "T11", Inspections.RULE_LIMIT_RANGE,
            "T12", Inspections.RULE_NO_ANALYTE),
        rule);
    assertEquals(
        rapid.count(),
        rows.stream().filter(r -> "rapid_test".equals(r.getAs("source"))).count() + rule.size(),
        "rapid tests: rows in = rows out + rows quarantined");
  }

  @Test
  void readsTheSheetsSamplesContinuationsAndResidues() {
    Map<String, String> results = new TreeMap<>();
    rows.stream()
        .filter(r -> "prif".equals(r.getAs("source")))
        .forEach(r -> results.put(r.getAs("inspection_id"), r.getAs("result")));
    Map<String, String> expected = new TreeMap<>();
    expected.put("0044/2022#captan (sum)", "pass");
    expected.put("0044/2022#boscalid", "pass");
    expected.put("0044/2022#glufosinate (sum)", "fail");
    expected.put("0045/2022 Organic#none", "not_detected");
    expected.put("0046/2022#fludioxonil", "pass");
    expected.put("0048/2022#bac (sum)", "no_limit");
    expected.put("0048/2022#ddt (sum)", "pass");
    expected.put("0101/2023#chlorate", "pass");
    assertEquals(expected, results);

    Row captan = row("0044/2022#captan (sum)");
    assertEquals("0044/2022", captan.getAs("sample_id"));
    assertEquals("captan (sum)", captan.getAs("analyte"));
    assertEquals(1.9, captan.<Double>getAs("value_mg_kg"));
    assertEquals(10.0, captan.<Double>getAs("limit_mg_kg"));
    assertEquals(Timestamp.from(Instant.parse("2022-01-24T00:00:00Z")), captan.getAs("sampled_at"));
    assertEquals("Gala Apples", captan.getAs("commodity"));
    assertEquals("Eating", captan.getAs("category"));
    assertEquals("Poland", captan.getAs("origin"));
    assertEquals("Aldi", captan.getAs("sampling_point"));
    assertEquals("Everyday Essentials", captan.getAs("brand"));
    assertEquals(SHEET_A, captan.getAs("source_file"));
    assertEquals(4L, captan.<Long>getAs("source_row"));
    assertNull(captan.getAs("lot_id"));

    Row glufosinate = row("0044/2022#glufosinate (sum)");
    assertEquals(
        "Gala Apples", glufosinate.getAs("commodity"), "a continuation row takes its sample");
    assertEquals(captan.<Timestamp>getAs("sampled_at"), glufosinate.getAs("sampled_at"));
    assertEquals(6L, glufosinate.<Long>getAs("source_row"));
    assertEquals(0.15, glufosinate.<Double>getAs("limit_mg_kg"));

    assertEquals("DDT (sum) 0.047* (MRL = 1)", row("0048/2022#ddt (sum)").getAs("residue_text"));
    assertNull(row("0048/2022#bac (sum)").getAs("limit_mg_kg"));
    assertNull(row("0045/2022 Organic#none").getAs("value_mg_kg"));

    Row chlorate = row("0101/2023#chlorate");
    assertEquals("Cos Lettuce", chlorate.getAs("commodity"), "'Product' is the description");
    assertEquals(
        "Tesco", chlorate.getAs("sampling_point"), "'Retail Outlet' is the sampling point");
    assertNull(chlorate.getAs("category"));
  }

  @Test
  void quarantinesSheetRowsThatAreNoResultsNamingFileRowFieldAndValue() {
    Map<String, String> rule = new TreeMap<>();
    quarantine.stream()
        .filter(q -> !RAPID.equals(q.getAs("source_file")))
        .forEach(
            q ->
                rule.merge(
                    q.getAs("source_file") + ":" + q.getAs("source_row"),
                    q.getAs("rule_id"),
                    (a, b) -> a + "," + b));
    Map<String, String> expected = new TreeMap<>();
    expected.put(SHEET_A + ":3", PrifSheets.RULE_HEADING);
    expected.put(SHEET_A + ":8", PrifSheets.RULE_BAD_RESIDUES);
    expected.put(SHEET_A + ":10", PrifSheets.RULE_BAD_DATE);
    expected.put(SHEET_A + ":11", PrifSheets.RULE_BAD_DATE);
    expected.put(SHEET_A + ":12", PrifSheets.RULE_BLANK);
    expected.put(SHEET_A + ":13", PrifSheets.RULE_NOTE);
    expected.put(SHEET_A + ":15", PrifSheets.RULE_NO_RESIDUES);
    expected.put(SHEET_B + ":2", PrifSheets.RULE_ORPHAN);
    expected.put(SHEET_B + ":4", PrifSheets.RULE_STRAY);
    expected.put(SHEET_B + ":5", Inspections.RULE_REPEAT);
    expected.put(SHEET_B + ":6", Inspections.RULE_CONFLICT);
    expected.put(SHEET_B + ":7", Inspections.RULE_CONFLICT);
    assertEquals(expected, rule);

    Row bad =
        quarantine.stream()
            .filter(q -> Long.valueOf(8).equals(q.getAs("source_row")))
            .findFirst()
            .orElseThrow();
    assertEquals("Pesticide residues found in mg/kg (MRL)", bad.getAs("field"));
    assertEquals("captan 1.9", bad.getAs("value"));
    String reason = bad.getAs("reason");
    assertTrue(reason.contains(SHEET_A + " row 8") && reason.contains("0046/2022"), reason);
    Row date =
        quarantine.stream()
            .filter(q -> Long.valueOf(11).equals(q.getAs("source_row")))
            .findFirst()
            .orElseThrow();
    assertEquals("31/02/2022", date.getAs("value"), "a continuation shares its sample's fate");
    assertTrue(
        ((String) date.getAs("reason")).contains("0047/2022, continued"),
        (String) date.getAs("reason"));
  }

  @Test
  void everySheetRowIsAccountedForOnce() {
    Set<String> in = new HashSet<>();
    sheets
        .collectAsList()
        .forEach(r -> in.add(r.getAs("_source_file") + ":" + r.getAs("_record_number")));
    Set<String> outRows = new HashSet<>();
    rows.stream()
        .filter(r -> "prif".equals(r.getAs("source")))
        .forEach(r -> outRows.add(r.getAs("source_file") + ":" + r.getAs("source_row")));
    List<String> quarantined = new ArrayList<>();
    quarantine.stream()
        .filter(q -> "prif".equals(q.getAs("source")))
        .forEach(q -> quarantined.add(q.getAs("source_file") + ":" + q.getAs("source_row")));
    Set<String> missing = new java.util.TreeSet<>(in);
    missing.removeAll(outRows);
    quarantined.forEach(missing::remove);
    assertEquals(Set.of(), missing, "every bronze row yields results or is quarantined");
    assertEquals(
        in.size(),
        outRows.size() + quarantined.size(),
        "no row is both kept and quarantined, none quarantined twice (rows in = rows out +"
            + " rows quarantined, counting a row of several analytes once)");
  }

  @Test
  void withoutRowNumbersContinuationsCannotBeAttached() {
    StructType s = sheetSchema(false);
    Dataset<Row> old = SparkTestSession.spark().createDataFrame(sheetRows(s), s);
    StepOutput o = run(null, old);
    List<Row> q =
        o.quarantine()
            .orElseThrow()
            .where(col("rule_id").equalTo(PrifSheets.RULE_NO_ORDER))
            .collectAsList();
    assertEquals(6, q.size(), "every continuation row");
    assertTrue(((String) q.get(0).getAs("reason")).contains("_record_number"));
    assertTrue(
        o.rows().where(col("inspection_id").equalTo("0044/2022#captan (sum)")).count() == 1,
        "sample rows stand on their own");
  }

  @Test
  void inspectorsOnlyAsKeyedPseudonyms() {
    assertEquals(TraceFixtures.KEY.pseudonym("name", "孙八"), row("T1").getAs("inspector"));
    assertEquals(row("T1").<String>getAs("inspector"), row("T3").getAs("inspector"));
    assertNotEquals(row("T1").<String>getAs("inspector"), row("T4").getAs("inspector"));
    assertEquals(List.of(), TraceFixtures.leaks(rows, List.of("孙八", "周九")));
    assertEquals(List.of(), TraceFixtures.leaks(quarantine, List.of("孙八", "周九")));
    assertFalse(out.rows().queryExecution().toString().contains("fixture-key"));
  }

  @Test
  void keysAreUnique() {
    Set<String> ids = new HashSet<>();
    rows.forEach(r -> assertTrue(ids.add(r.getAs("inspection_id")), r.toString()));
  }
}
