package org.dataelements.factory.curation.trace;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTestSession.class)
class EpcisEventsTest {
  static final StructType BRONZE =
      new StructType()
          .add("type", DataTypes.StringType)
          .add("eventID", DataTypes.StringType)
          .add("eventTime", DataTypes.StringType)
          .add("eventTimeZoneOffset", DataTypes.StringType)
          .add("recordTime", DataTypes.StringType)
          .add("action", DataTypes.StringType)
          .add("bizStep", DataTypes.StringType)
          .add("disposition", DataTypes.StringType)
          .add("readPoint", DataTypes.StringType)
          .add("bizLocation", DataTypes.StringType)
          .add("parentID", DataTypes.StringType)
          .add("epcList", DataTypes.createArrayType(DataTypes.StringType))
          .add("childEPCs", DataTypes.createArrayType(DataTypes.StringType))
          .add("inputEPCList", DataTypes.createArrayType(DataTypes.StringType))
          .add("outputEPCList", DataTypes.createArrayType(DataTypes.StringType))
          .add("quantityList", DataTypes.StringType)
          .add("childQuantityList", DataTypes.StringType)
          .add("inputQuantityList", DataTypes.StringType)
          .add("outputQuantityList", DataTypes.StringType)
          .add("sourceList", DataTypes.StringType)
          .add("destinationList", DataTypes.StringType)
          .add("transformationID", DataTypes.StringType)
          .add("record_number", DataTypes.LongType)
          .add("_source_file", DataTypes.StringType)
          .add("_source_checksum", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);

  // one lot, spelled as an EPC URN and as a GS1 Digital Link URI (GTIN 06901234000016 + lot L1)
  static final String LOT_URN = "urn:epc:class:lgtin:6901234.000001.L1";
  static final String LOT_DL = "https://example.cn/01/06901234000016/10/L1?linkType=all";
  static final String LOT = "https://id.gs1.org/01/06901234000016/10/L1";
  static final String CUT_URN = "urn:epc:class:lgtin:6901234.000002.C1";
  static final String PALLET_URN = "urn:epc:id:sscc:6901234.0000000001";
  static final String FARM = "urn:epc:id:sgln:6901234.00001.0";
  static final String DEPOT = "urn:epc:id:sgln:6901234.00002.0";

  static final class B {
    final Object[] v = new Object[BRONZE.size()];

    B set(String field, Object value) {
      v[BRONZE.fieldIndex(field)] = value;
      return this;
    }

    static B event(String type, String id, String time, String file, long record) {
      return new B()
          .set("type", type)
          .set("eventID", id)
          .set("eventTime", time)
          .set("eventTimeZoneOffset", "+08:00")
          .set("record_number", record)
          .set("_source_file", file)
          .set("_source_checksum", "c-" + file)
          .set("_ingested_at", Timestamp.from(Instant.parse("2024-01-01T00:00:00Z")));
    }

    Row row() {
      return RowFactory.create(v);
    }
  }

  static StepOutput out;
  static long bronzeRows;

  @BeforeAll
  static void build() {
    SparkSession spark = SparkTestSession.spark();
    String f1 = "traceability/epcis/a.jsonld";
    String f2 = "traceability/epcis/b.xml";
    List<Row> rows = new ArrayList<>();
    // commissioning of the farm lot (URN), 10 KGM
    rows.add(
        B.event("ObjectEvent", "urn:uuid:e1", "2024-05-01T08:00:00+08:00", f1, 1)
            .set("action", "ADD")
            .set("bizStep", "urn:epcglobal:cbv:bizstep:commissioning")
            .set("bizLocation", FARM)
            .set("epcList", List.of())
            .set(
                "quantityList",
                "[{\"epcClass\":\"" + LOT_URN + "\",\"quantity\":10,\"uom\":\"KGM\"}]")
            .row());
    // cutting: farm lot (Digital Link) → cut lot
    rows.add(
        B.event("TransformationEvent", "urn:uuid:e2", "2024-05-02T09:00:00+08:00", f1, 2)
            .set("bizStep", "https://ref.gs1.org/cbv/BizStep-commissioning")
            .set("inputEPCList", List.of(LOT_DL))
            .set(
                "outputQuantityList",
                "[{\"epcClass\":\"" + CUT_URN + "\",\"quantity\":8,\"uom\":\"KGM\"}]")
            .row());
    // packing the cut lot onto a pallet, unpacked later
    rows.add(
        B.event("AggregationEvent", "urn:uuid:e3", "2024-05-02T10:00:00+08:00", f1, 3)
            .set("action", "ADD")
            .set("bizStep", "packing")
            .set("parentID", PALLET_URN)
            .set("childQuantityList", "[{\"epcClass\":\"" + CUT_URN + "\",\"quantity\":8}]")
            .row());
    rows.add(
        B.event("AggregationEvent", "urn:uuid:e4", "2024-05-04T10:00:00+08:00", f1, 4)
            .set("action", "DELETE")
            .set("bizStep", "unpacking")
            .set("parentID", PALLET_URN)
            .row());
    // shipping the pallet from farm to depot, with owning parties
    rows.add(
        B.event("ObjectEvent", "urn:uuid:e5", "2024-05-03T07:00:00+08:00", f1, 5)
            .set("action", "OBSERVE")
            .set("bizStep", "shipping")
            .set("disposition", "urn:epcglobal:cbv:disp:in_transit")
            .set("epcList", List.of(PALLET_URN))
            .set("sourceList", "[{\"type\":\"owning_party\",\"source\":\"" + FARM + "\"}]")
            .set(
                "destinationList",
                "[{\"type\":\"urn:epcglobal:cbv:sdt:owning_party\",\"destination\":\""
                    + DEPOT
                    + "\"}]")
            .row());
    // the same shipping event again in another file (same content): kept once
    rows.add(
        B.event("ObjectEvent", "urn:uuid:e5", "2024-05-02T23:00:00Z", f2, 1)
            .set("eventTimeZoneOffset", "+08:00")
            .set("action", "OBSERVE")
            .set("bizStep", "urn:epcglobal:cbv:bizstep:shipping")
            .set("disposition", "in_transit")
            .set("epcList", List.of(PALLET_URN))
            .set(
                "sourceList",
                "[{\"type\":\"urn:epcglobal:cbv:sdt:owning_party\",\"source\":\"" + FARM + "\"}]")
            .set(
                "destinationList",
                "[{\"type\":\"owning_party\",\"destination\":\"" + DEPOT + "\"}]")
            .row());
    // a receive of a lot nobody shipped (broken chain), about a lot never commissioned (orphan)
    rows.add(
        B.event("ObjectEvent", null, "2024-05-05T07:00:00+08:00", f2, 2)
            .set("action", "OBSERVE")
            .set("bizStep", "receiving")
            .set("epcList", List.of("urn:epc:id:sgtin:6901234.000003.77"))
            .row());
    // an eventID with two contents: both quarantined
    rows.add(
        B.event("ObjectEvent", "urn:uuid:e7", "2024-05-06T07:00:00+08:00", f1, 6)
            .set("action", "OBSERVE")
            .set("epcList", List.of(LOT_URN))
            .row());
    rows.add(
        B.event("ObjectEvent", "urn:uuid:e7", "2024-05-06T08:00:00+08:00", f2, 3)
            .set("action", "OBSERVE")
            .set("epcList", List.of(LOT_URN))
            .row());
    // no time-zone offset anywhere
    rows.add(
        B.event("ObjectEvent", "urn:uuid:e8", "2024-05-06T07:00:00", f1, 7)
            .set("eventTimeZoneOffset", null)
            .set("action", "OBSERVE")
            .set("epcList", List.of(LOT_URN))
            .row());
    // a DELETE of a case from a second pallet before the ADD of that case
    String pallet2 = "urn:epc:id:sscc:6901234.0000000002";
    String caseId = "urn:epc:id:sgtin:6901234.100001.5";
    rows.add(
        B.event("AggregationEvent", "urn:uuid:e9", "2024-05-01T07:00:00+08:00", f1, 8)
            .set("action", "DELETE")
            .set("parentID", pallet2)
            .set("childEPCs", List.of(caseId))
            .row());
    rows.add(
        B.event("AggregationEvent", "urn:uuid:e10", "2024-05-02T07:00:00+08:00", f1, 9)
            .set("action", "ADD")
            .set("parentID", pallet2)
            .set("childEPCs", List.of(caseId))
            .row());
    bronzeRows = rows.size();
    Dataset<Row> bronze = spark.createDataFrame(rows, BRONZE);
    out =
        new EpcisEvents()
            .transform(
                new StepInputs(Map.of(EpcisEvents.BRONZE_EVENTS, bronze), Map.of(), "run-1"));
  }

  static List<Row> rows(Dataset<Row> d) {
    return d.collectAsList();
  }

  @Test
  void everyBronzeEventIsKeptOnceOrQuarantined() {
    long kept = out.tables().get(EpcisEvents.EVENTS).rows().select("event_key").distinct().count();
    long quarantined = out.tables().get(EpcisEvents.EVENTS).quarantine().orElseThrow().count();
    assertEquals(bronzeRows, kept + quarantined);
    assertEquals(7, kept, "e1 e2 e3 e4 e5 e10 and the receive; none of e7, e8, e9");
  }

  @Test
  void quarantineNamesTheRule() {
    Map<String, Set<String>> byRule =
        rows(out.tables().get(EpcisEvents.EVENTS).quarantine().orElseThrow()).stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.getAs("rule_id"),
                    Collectors.mapping(
                        r -> (String) r.getAs("event_key"),
                        Collectors.toCollection(TreeSet::new))));
    assertEquals(Set.of("urn:uuid:e7"), byRule.get(EpcisEvents.RULE_CONFLICT));
    assertEquals(Set.of("urn:uuid:e8"), byRule.get(EpcisEvents.RULE_NO_OFFSET));
    assertEquals(Set.of("urn:uuid:e9"), byRule.get(EpcisEvents.RULE_DELETE_BEFORE_ADD));
    assertEquals(Set.of("urn:uuid:e5"), byRule.get(EpcisEvents.RULE_REPEAT));
    Row conflict =
        rows(out.tables().get(EpcisEvents.EVENTS).quarantine().orElseThrow()).stream()
            .filter(r -> EpcisEvents.RULE_CONFLICT.equals(r.getAs("rule_id")))
            .findFirst()
            .orElseThrow();
    String reason = conflict.getAs("reason");
    assertTrue(reason.contains("a.jsonld") && reason.contains("b.xml"), reason);
  }

  @Test
  void urnAndDigitalLinkAreOneLot() {
    List<Row> lot =
        rows(out.tables().get(EpcisEvents.LOTS).rows().where(col("lot_id").equalTo(LOT)));
    assertEquals(1, lot.size());
    List<String> raw = lot.get(0).getList(lot.get(0).fieldIndex("raw_ids"));
    assertEquals(Set.of(LOT_URN, LOT_DL), Set.copyOf(raw));
    assertEquals("lgtin", lot.get(0).getAs("id_scheme"));
    assertFalse((Boolean) lot.get(0).getAs("is_orphan"));
  }

  @Test
  void edgesFollowTheGoods() {
    List<Row> edges = rows(out.tables().get(EpcisEvents.EDGES).rows());
    String cut = "https://id.gs1.org/01/06901234000023/10/C1";
    String pallet = "https://id.gs1.org/00/069012340000000016";
    Row tr = only(edges, "transformation");
    assertEquals(LOT, tr.getAs("from_id"));
    assertEquals(cut, tr.getAs("to_id"));
    Row agg =
        only(
            edges.stream().filter(e -> "urn:uuid:e3".equals(e.getAs("event_key"))).toList(),
            "aggregation");
    assertEquals(cut, agg.getAs("from_id"));
    assertEquals(pallet, agg.getAs("to_id"));
    assertEquals(Timestamp.from(Instant.parse("2024-05-04T02:00:00Z")), agg.getAs("valid_to"));
    Row ship = only(edges, "shipment");
    assertEquals(pallet, ship.getAs("from_id"));
    assertEquals(pallet, ship.getAs("to_id"));
    assertEquals("https://id.gs1.org/414/6901234000016", ship.getAs("party_from"));
    assertEquals("https://id.gs1.org/414/6901234000023", ship.getAs("party_to"));
  }

  private static Row only(List<Row> edges, String type) {
    List<Row> r = edges.stream().filter(e -> type.equals(e.getAs("edge_type"))).toList();
    assertEquals(1, r.size(), type + " edges: " + r);
    return r.get(0);
  }

  @Test
  void eventsKeepUtcAndTheOffsetAndShortNames() {
    Row e1 =
        rows(out.tables()
                .get(EpcisEvents.EVENTS)
                .rows()
                .where(col("event_key").equalTo("urn:uuid:e1")))
            .get(0);
    assertEquals(Timestamp.from(Instant.parse("2024-05-01T00:00:00Z")), e1.getAs("event_time"));
    assertEquals("+08:00", e1.getAs("event_time_offset"));
    assertEquals("commissioning", e1.getAs("biz_step"));
    assertEquals("quantity", e1.getAs("role"));
    assertEquals(10.0, (Double) e1.getAs("quantity"));
    Row ship =
        rows(out.tables()
                .get(EpcisEvents.EVENTS)
                .rows()
                .where(col("event_key").equalTo("urn:uuid:e5")))
            .get(0);
    assertEquals("in_transit", ship.getAs("disposition"));
  }

  @Test
  void aReceiveWithoutShippingIsABrokenChainAboutAnOrphan() {
    List<Row> recv =
        rows(
            out.tables()
                .get(EpcisEvents.EVENTS)
                .rows()
                .where(col("biz_step").equalTo("receiving")));
    assertEquals(1, recv.size());
    assertTrue((Boolean) recv.get(0).getAs("unmatched_receive"));
    assertTrue((Boolean) recv.get(0).getAs("is_orphan"));
    String key = recv.get(0).getAs("event_key");
    assertTrue(key.startsWith("sha256:"), key);
    assertNull(recv.get(0).getAs("event_id"));
    assertNotNull(recv.get(0).getAs("lot_id"));
  }

  @Test
  void cbvShortNames() {
    SparkSession spark = SparkTestSession.spark();
    List<String> in =
        Arrays.asList(
            "urn:epcglobal:cbv:bizstep:receiving",
            "https://ref.gs1.org/cbv/BizStep-receiving",
            "cbv:BizStep-receiving",
            "receiving",
            "http://epcis.example.org/hc/bizstep/summarising_discharge");
    List<String> got =
        spark
            .createDataset(in, org.apache.spark.sql.Encoders.STRING())
            .select(EpcisEvents.cbvShort(col("value")))
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertEquals(
        List.of(
            "receiving",
            "receiving",
            "receiving",
            "receiving",
            "http://epcis.example.org/hc/bizstep/summarising_discharge"),
        got);
  }
}
