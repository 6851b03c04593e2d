package org.dataelements.factory.products.traceability;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A farm lot F (sprayed with two pesticides, tested for one, certified) cut into C, packed into
 * case K; a second farm lot G with no certificate and a receive nobody shipped. The expected
 * passports, completeness and recall impact are worked out by hand below.
 */
@ExtendWith(SparkTestSession.class)
class PassportAndImpactTest {
  static Map<TableId, Dataset<Row>> tables;

  static Dataset<Row> sql(String q) {
    return SparkTestSession.spark().sql(q);
  }

  @BeforeAll
  static void fixtures() {
    SparkSession spark = SparkTestSession.spark();
    Dataset<Row> lots =
        sql(
            "select * from values ('F','lgtin','06901234000016'), ('C','lgtin','06901234000023'),"
                + " ('K','sgtin','06901234000030'), ('G','lgtin','06901234000047')"
                + " as t(lot_id, id_scheme, gtin)");
    Dataset<Row> events =
        sql("select event_key, event_type, action, biz_step, cast(t as timestamp) as event_time,"
                + " lot_id, quantity, uom, loc as biz_location, cast(null as string) as read_point,"
                + " party as destination_party, unmatched from values"
                + " ('e1','object','ADD','commissioning','2024-05-01 00:00:00','F',100.0D,'KGM','farm1',null,false),"
                + " ('e2','transformation',null,'commissioning','2024-05-02 00:00:00','F',null,null,'plant',null,false),"
                + " ('e2','transformation',null,'commissioning','2024-05-02 00:00:00','C',80.0D,'KGM','plant',null,false),"
                + " ('e3','object','OBSERVE','shipping','2024-05-03 00:00:00','K',null,null,'plant','shop',false),"
                + " ('e4','object','ADD','commissioning','2024-05-01 00:00:00','G',50.0D,'KGM','farm2',null,false),"
                + " ('e5','object','OBSERVE','receiving','2024-05-04 00:00:00','G',null,null,'market',null,true)"
                + " as t(event_key, event_type, action, biz_step, t, lot_id, quantity, uom, loc, party, unmatched)")
            .withColumnRenamed("unmatched", "unmatched_receive");
    Dataset<Row> edges =
        sql(
            "select * from values ('K','K','shipment', cast('2024-05-03 00:00:00' as timestamp), 'plant', 'shop')"
                + " as t(from_id, to_id, edge_type, event_time, party_from, party_to)");
    Dataset<Row> lineage =
        sql(
            "select * from values ('C','F','upstream',1), ('K','F','upstream',2), ('K','C','upstream',1),"
                + " ('F','C','downstream',1), ('F','K','downstream',2), ('C','K','downstream',1)"
                + " as t(lot_id, related_lot_id, direction, depth)");
    Dataset<Row> inspections =
        sql(
            "select inspection_id, lot_id, cast(t as timestamp) as sampled_at, 'lab1' as lab, analyte,"
                + " v as value_mg_kg, l as limit_mg_kg, result from values"
                + " ('T1','C','2024-05-05 00:00:00','chlorpyrifos (sum)',0.5D,0.1D,'fail'),"
                + " ('T0','F','2024-04-01 00:00:00','abamectin',0.0D,0.1D,'pass')"
                + " as x(inspection_id, lot_id, t, analyte, v, l, result)");
    Dataset<Row> certificates =
        sql(
            "select 'CERT1' as certificate_id, 'F' as lot_id, 'spinach' as product, 100.0D as quantity,"
                + " 'KGM' as uom, 'farm-01' as origin_farm_id, '620100' as origin_region_code,"
                + " cast('2024-05-01' as date) as issued_on");
    Dataset<Row> operations =
        sql(
            "select op as operation_id, 'farm-01' as farm_id, '620100' as prefecture_code,"
                + " 'vegetables' as product_line, lot as lot_id, operation, substance,"
                + " cast(t as timestamp) as operated_at from values"
                + " ('o1','F','spraying','chlorpyrifos','2024-04-20 00:00:00'),"
                + " ('o2','F','spraying','abamectin','2024-04-21 00:00:00'),"
                + " ('o3','G','harvest',null,'2024-04-30 00:00:00')"
                + " as t(op, lot, operation, substance, t)");
    Dataset<Row> recalls = sql("select 'N1' as recall_id, array('G') as lot_ids");
    tables =
        Map.of(
            TraceTables.LOTS, lots,
            TraceTables.EVENTS, events,
            TraceTables.EDGES, edges,
            TraceTables.LOT_LINEAGE, lineage,
            TraceTables.INSPECTIONS, inspections,
            TraceTables.CERTIFICATES, certificates,
            TraceTables.FARM_OPERATIONS, operations,
            TraceTables.RECALLS, recalls);
    assertEquals(8, tables.size(), spark.version());
  }

  static Map<String, Row> byLot(Dataset<Row> d) {
    return d.collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("lot_id"), r -> r));
  }

  @Test
  void passports() {
    StepOutput out = new LotPassport().transform(new StepInputs(tables, Map.of(), "r"));
    Map<String, Row> p = byLot(out.tables().get(TraceTables.LOT_PASSPORT).rows());
    assertEquals(4, p.size());
    // F: origin, events, test (T0), certificate, unbroken; abamectin tested after spraying? T0 was
    // sampled before the spray → not covered; chlorpyrifos covered by T1 on C (made from F)
    Row f = p.get("F");
    assertEquals("farm-01", f.getAs("origin"));
    assertEquals("620100", f.getAs("origin_region"));
    assertEquals("CERT1", f.getAs("certificate_id"));
    assertEquals(List.of("test_for_sprayed:abamectin"), f.getList(f.fieldIndex("missing")));
    assertEquals(5.0 / 6.0, (Double) f.getAs("completeness"), 1e-4);
    // K: inherits origin and certificate from F; tests of C and F; the spray gap is inherited too
    Row k = p.get("K");
    assertEquals("farm-01", k.getAs("origin"));
    assertEquals("CERT1", k.getAs("certificate_id"));
    assertEquals(2, k.getList(k.fieldIndex("tests")).size());
    assertEquals(List.of("test_for_sprayed:abamectin"), k.getList(k.fieldIndex("missing")));
    // G: no test, no certificate, a receive nobody shipped
    Row g = p.get("G");
    assertEquals(
        List.of("test", "certificate", "shipping_before_receiving"),
        g.getList(g.fieldIndex("missing")));
    assertEquals(2.0 / 5.0, (Double) g.getAs("completeness"), 1e-4);
    List<Row> steps = g.getList(g.fieldIndex("steps"));
    assertEquals("commissioning", steps.get(0).getAs("biz_step"));
    assertEquals("receiving", steps.get(1).getAs("biz_step"));

    Map<String, Row> c =
        out.tables().get(TraceTables.CHAIN_COMPLETENESS).rows().collectAsList().stream()
            .collect(
                Collectors.toMap(r -> r.getAs("product_line") + "/" + r.getAs("region"), r -> r));
    Row veg = c.get("vegetables/620100");
    // F, C, K (C and K inherit F's line and region) and G: four vegetable lots from 620100, three
    // with F's certificate; of F's two sprays one was tested after; G's chain is broken
    assertEquals(1, c.size(), c.toString());
    assertEquals(4L, (Long) veg.getAs("lots"));
    assertEquals(3L, (Long) veg.getAs("with_certificate"));
    assertEquals(3L, (Long) veg.getAs("with_test"));
    assertEquals(50.0, (Double) veg.getAs("sprays_tested_pct"), 1e-9);
    assertEquals(75.0, (Double) veg.getAs("unbroken_chain_pct"), 1e-9);
  }

  @Test
  void recallImpact() {
    StepOutput out = new RecallImpact().transform(new StepInputs(tables, Map.of(), "r"));
    List<Row> rows = out.rows().orderBy(col("trigger_id"), col("depth")).collectAsList();
    // T1 failed on C: C (depth 0) and K (depth 1); N1 names G
    assertEquals(3, rows.size(), rows.toString());
    Row c = rows.get(1);
    assertEquals("T1", c.getAs("trigger_id"));
    assertEquals("C", c.getAs("lot_id"));
    assertEquals(80.0, (Double) c.getAs("quantity"));
    Row k = rows.get(2);
    assertEquals("K", k.getAs("lot_id"));
    assertEquals(1, (Integer) k.getAs("depth"));
    assertEquals("shop", k.getAs("party"));
    Row g = rows.get(0);
    assertEquals("N1", g.getAs("trigger_id"));
    assertEquals("recall_notice", g.getAs("trigger_kind"));
    assertEquals(50.0, (Double) g.getAs("quantity"));
    assertEquals("KGM", g.getAs("uom"));
    assertEquals("market", g.getAs("location"));
    assertTrue(
        rows.stream().noneMatch(r -> "F".equals(r.getAs("lot_id"))),
        "upstream lots are not affected");
  }
}
