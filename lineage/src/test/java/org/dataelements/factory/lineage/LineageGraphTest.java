package org.dataelements.factory.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dataelements.factory.core.TableNotFoundException;
import org.junit.jupiter.api.Test;

/**
 * Lineage queries over hand-written OpenLineage events: two factory runs of a meter-to-index chain
 * (landing file, bronze, silver, gold), a release and a pull, plus START and FAIL events that are
 * no part of the graph.
 */
class LineageGraphTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String NS = "file:/wh";
  static final String FILE1 = "electricity/meter/2026-12-01.csv";
  static final String FILE2 = "electricity/meter/2026-12-02.csv";
  static final String BRONZE = "bronze.grid__meter_daily";
  static final String SILVER = "silver.power__meter_daily";
  static final String REGIONS = "silver.ref__regions";
  static final String CALENDAR = "silver.calendar__days";
  static final String GOLD = "lake.electricity_index.monthly_indices";
  static final String PRODUCT = "electricity_index";
  static final String PULLED = "alice:/tmp/out";

  /** A dataset of a hand-written event. */
  record D(String name, String version, String kind, String ref, Map<String, List<String[]>> cols) {
    static D of(String name, String version, String kind) {
      return new D(name, version, kind, null, null);
    }

    D ref(String r) {
      return new D(name, version, kind, r, cols);
    }

    /** Column lineage: {@code out} computed from {@code table.field} pairs. */
    D col(String out, String... tableFields) {
      Map<String, List<String[]>> c = new LinkedHashMap<>(cols == null ? Map.of() : cols);
      List<String[]> sources = new ArrayList<>();
      for (String tf : tableFields) {
        int dot = tf.lastIndexOf('.');
        sources.add(new String[] {tf.substring(0, dot), tf.substring(dot + 1)});
      }
      c.put(out, sources);
      return new D(name, version, kind, ref, c);
    }
  }

  static String event(String type, String at, String run, String job, List<D> in, List<D> out) {
    ObjectNode e = JSON.createObjectNode();
    e.put("eventType", type);
    e.put("eventTime", at);
    e.put("producer", "https://github.com/data-elements/factory");
    e.put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent");
    ObjectNode r = e.putObject("run");
    r.put("runId", run);
    ObjectNode parent = r.putObject("facets").putObject("parent");
    parent.putObject("run").put("runId", "parent-" + run);
    parent.putObject("job").put("namespace", "data-element-factory").put("name", "factory_run");
    e.putObject("job").put("namespace", "data-element-factory").put("name", job);
    datasets(e.putArray("inputs"), in);
    datasets(e.putArray("outputs"), out);
    return e.toString();
  }

  private static void datasets(ArrayNode array, List<D> ds) {
    for (D d : ds) {
      ObjectNode o = array.addObject();
      o.put("namespace", "file".equals(d.kind()) ? "file:/landing" : NS);
      o.put("name", d.name());
      ObjectNode facets = o.putObject("facets");
      facets.putObject("version").put("datasetVersion", d.version());
      if (d.kind() != null) {
        ObjectNode f = facets.putObject("factory_dataset").put("kind", d.kind());
        if (d.ref() != null) {
          f.put("ref", d.ref());
        }
      }
      if (d.cols() != null) {
        ObjectNode fields = facets.putObject("columnLineage").putObject("fields");
        d.cols()
            .forEach(
                (out, sources) -> {
                  ArrayNode inputFields = fields.putObject(out).putArray("inputFields");
                  for (String[] s : sources) {
                    inputFields
                        .addObject()
                        .put("namespace", NS)
                        .put("name", s[0])
                        .put("field", s[1]);
                  }
                });
      }
    }
  }

  static List<String> events() {
    D file1 = D.of(FILE1, "aaa111", "file");
    D file2 = D.of(FILE2, "bbb222", "file");
    D bronze3 = D.of(BRONZE, "3", "table");
    D bronze4 = D.of(BRONZE, "4", "table");
    D regions = D.of(REGIONS, "1", "table");
    D calendar = D.of(CALENDAR, "2", "table");
    D silver7 =
        D.of(SILVER, "7", "table")
            .col("kwh", BRONZE + ".value")
            .col("region", BRONZE + ".region_code")
            .col("region_name", REGIONS + ".name")
            .col("day", BRONZE + ".reading_at");
    D silver8NoColumns = D.of(SILVER, "8", "table");
    D gold111 =
        D.of(GOLD, "111", "table")
            .ref("candidate_r1")
            .col("value", SILVER + ".kwh")
            .col("region_name", SILVER + ".region_name")
            .col("month", SILVER + ".day")
            .col("base_period");
    D gold222 = D.of(GOLD, "222", "table").ref("candidate_r2").col("value", SILVER + ".kwh");
    return List.of(
        // run 1
        event("START", "2026-12-01T05:00:00Z", "i1", "ingest:" + BRONZE, List.of(file1), List.of()),
        event(
            "COMPLETE",
            "2026-12-01T05:00:01Z",
            "i1",
            "ingest:" + BRONZE,
            List.of(file1),
            List.of(bronze3)),
        event(
            "COMPLETE",
            "2026-12-01T05:00:02Z",
            "s1",
            "silver:power__meter_daily",
            List.of(bronze3, regions),
            List.of(silver7)),
        event(
            "COMPLETE",
            "2026-12-01T05:00:03Z",
            "g1",
            "gold:electricity_index",
            List.of(D.of(SILVER, "7", "table"), calendar),
            List.of(gold111)),
        event(
            "COMPLETE",
            "2026-12-01T06:00:00Z",
            "r1",
            "release:" + PRODUCT,
            List.of(D.of(GOLD, "111", "table").ref("v1.0.0")),
            List.of(D.of(PRODUCT, "1.0.0", "release"))),
        event(
            "COMPLETE",
            "2026-12-01T07:00:00Z",
            "p1",
            "pull:" + PRODUCT,
            List.of(D.of(PRODUCT, "1.0.0", "release")),
            List.of(D.of(PULLED, "1.0.0", "pull"))),
        // run 2: silver merges into its previous version and records no column lineage
        event(
            "COMPLETE",
            "2026-12-02T05:00:01Z",
            "i2",
            "ingest:" + BRONZE,
            List.of(file2),
            List.of(bronze4)),
        event(
            "COMPLETE",
            "2026-12-02T05:00:02Z",
            "s2",
            "silver:power__meter_daily",
            List.of(bronze4, D.of(SILVER, "7", "table")),
            List.of(silver8NoColumns)),
        event(
            "COMPLETE",
            "2026-12-02T05:00:03Z",
            "g2",
            "gold:electricity_index",
            List.of(D.of(SILVER, "8", "table")),
            List.of(gold222)),
        // a replay reads the older bronze version after the newer one was written
        event(
            "COMPLETE",
            "2026-12-03T05:00:00Z",
            "b3",
            "silver:audit__replays",
            List.of(bronze3),
            List.of(D.of("silver.audit__replays", "1", "table"))),
        // a failed step writes nothing to the graph
        event(
            "FAIL",
            "2026-12-02T05:00:04Z",
            "x2",
            "gold:other",
            List.of(D.of(GOLD, "222", "table")),
            List.of(D.of("lake.other.broken", "9", "table"))));
  }

  static LineageGraph graph() {
    return LineageGraph.fromEvents(events());
  }

  private static Set<String> keys(LineageAnswer a) {
    return a.nodes().stream()
        .map(r -> r.node().key())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Map<String, Integer> depths(LineageAnswer a) {
    Map<String, Integer> m = new LinkedHashMap<>();
    a.nodes().forEach(r -> m.put(r.node().key(), r.depth()));
    return m;
  }

  private static Set<String> edges(LineageAnswer a) {
    return a.edges().stream()
        .map(e -> e.from().key() + " -> " + e.to().key())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static LineageEdge edge(LineageAnswer a, String from, String to) {
    return a.edges().stream()
        .filter(e -> e.from().key().equals(from) && e.to().key().equals(to))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no edge " + from + " -> " + to + " in " + edges(a)));
  }

  private static Set<String> pairs(LineageEdge e) {
    return e.columns().stream()
        .map(p -> p.from() + "->" + p.to())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static final OptionalInt ALL = OptionalInt.empty();

  @Test
  void upstreamOfAGoldVersionReachesItsSilverBronzeAndLandingFile() {
    LineageAnswer a = graph().upstream(GOLD, Optional.of("111"), ALL, false);
    assertEquals(GOLD + "@111", a.start().key());
    assertEquals(
        Map.of(
            GOLD + "@111", 0,
            SILVER + "@7", 1,
            CALENDAR + "@2", 1,
            BRONZE + "@3", 2,
            REGIONS + "@1", 2,
            FILE1 + "@aaa111", 3),
        depths(a));
    assertEquals(GOLD + "@111", a.nodes().get(0).node().key(), "the start comes first");
    assertEquals(
        Set.of(
            SILVER + "@7 -> " + GOLD + "@111",
            CALENDAR + "@2 -> " + GOLD + "@111",
            BRONZE + "@3 -> " + SILVER + "@7",
            REGIONS + "@1 -> " + SILVER + "@7",
            FILE1 + "@aaa111 -> " + BRONZE + "@3"),
        edges(a));
    assertEquals(LineageDataset.Kind.FILE, a.node(FILE1 + "@aaa111").orElseThrow().node().kind());
    assertEquals(List.of("candidate_r1"), a.start().refs(), "the refs the walked events name");
    assertEquals(
        List.of("candidate_r1", "v1.0.0"),
        graph().downstream(GOLD, Optional.of("111"), ALL, false).start().refs());
    assertEquals(List.of("gold:electricity_index"), edge(a, SILVER + "@7", GOLD + "@111").jobs());
    a.edges().forEach(e -> assertTrue(e.columns().isEmpty(), "no columns unless asked"));
  }

  @Test
  void depthOneGivesTheDirectNeighboursOnly() {
    LineageAnswer a = graph().upstream(GOLD, Optional.of("111"), OptionalInt.of(1), false);
    assertEquals(Set.of(GOLD + "@111", SILVER + "@7", CALENDAR + "@2"), keys(a));
    assertEquals(2, a.edges().size());
    LineageAnswer two = graph().upstream(GOLD, Optional.of("111"), OptionalInt.of(2), false);
    assertEquals(5, two.nodes().size());
    assertFalse(keys(two).contains(FILE1 + "@aaa111"));
    assertThrows(
        IllegalArgumentException.class,
        () -> graph().upstream(GOLD, Optional.empty(), OptionalInt.of(0), false));
  }

  @Test
  void withoutAVersionTheNewestWrittenOrForAFileTheNewestReadIsUsed() {
    LineageGraph g = graph();
    assertEquals("222", g.upstream(GOLD, Optional.empty(), ALL, false).start().version());
    assertEquals("8", g.upstream(SILVER, Optional.empty(), ALL, false).start().version());
    assertEquals(
        "4",
        g.downstream(BRONZE, Optional.empty(), ALL, false).start().version(),
        "the newest written, though version 3 was read last");
    // silver.ref__regions is only ever read
    assertEquals("1", g.downstream(REGIONS, Optional.empty(), ALL, false).start().version());
    LineageAnswer newest = g.upstream(GOLD, Optional.empty(), ALL, false);
    assertEquals(
        Set.of(
            GOLD + "@222",
            SILVER + "@8",
            BRONZE + "@4",
            FILE2 + "@bbb222",
            SILVER + "@7",
            BRONZE + "@3",
            REGIONS + "@1",
            FILE1 + "@aaa111"),
        keys(newest),
        "silver 8 merged into silver 7, so the older chain is upstream too");
  }

  @Test
  void downstreamOfBronzeReachesGoldTheReleaseAndThePull() {
    LineageAnswer a = graph().downstream(BRONZE, Optional.of("3"), ALL, false);
    Map<String, Integer> d = depths(a);
    assertEquals(0, d.get(BRONZE + "@3"));
    assertEquals(1, d.get(SILVER + "@7"));
    assertEquals(2, d.get(GOLD + "@111"));
    assertEquals(2, d.get(SILVER + "@8"));
    assertEquals(3, d.get(PRODUCT + "@1.0.0"));
    assertEquals(3, d.get(GOLD + "@222"));
    assertEquals(4, d.get(PULLED + "@1.0.0"));
    assertEquals(1, d.get("silver.audit__replays@1"));
    assertEquals(8, d.size(), d.toString());
    assertFalse(d.containsKey("lake.other.broken@9"), "a FAIL event is no edge");
    assertEquals(
        LineageDataset.Kind.RELEASE, a.node(PRODUCT + "@1.0.0").orElseThrow().node().kind());
    assertEquals(LineageDataset.Kind.PULL, a.node(PULLED + "@1.0.0").orElseThrow().node().kind());
    edge(a, GOLD + "@111", PRODUCT + "@1.0.0");
    edge(a, PRODUCT + "@1.0.0", PULLED + "@1.0.0");
  }

  @Test
  void upstreamOfAPullIsTheReleaseItsGoldAndTheirSources() {
    LineageAnswer a = graph().upstream(PULLED, Optional.empty(), OptionalInt.of(2), false);
    assertEquals(Set.of(PULLED + "@1.0.0", PRODUCT + "@1.0.0", GOLD + "@111"), keys(a));
  }

  @Test
  void columnsUpstreamFollowOnlyTheColumnsThatFeedTheStart() {
    LineageAnswer a = graph().upstream(GOLD, Optional.of("111"), ALL, true);
    assertEquals(
        Set.of("day->month", "kwh->value", "region_name->region_name"),
        pairs(edge(a, SILVER + "@7", GOLD + "@111")));
    assertEquals(
        Set.of("reading_at->day", "value->kwh"),
        pairs(edge(a, BRONZE + "@3", SILVER + "@7")),
        "silver's region (from region_code) feeds no gold column");
    assertEquals(Set.of("name->region_name"), pairs(edge(a, REGIONS + "@1", SILVER + "@7")));
    assertFalse(keys(a).contains(CALENDAR + "@2"), "the calendar feeds no column: " + keys(a));
    LineageEdge ingest = edge(a, FILE1 + "@aaa111", BRONZE + "@3");
    assertFalse(ingest.columnsRecorded(), "ingest records no column lineage");
    assertTrue(ingest.columns().isEmpty());
    assertTrue(edge(a, SILVER + "@7", GOLD + "@111").columnsRecorded());
    assertEquals(3, depths(a).get(FILE1 + "@aaa111"));
    assertEquals(List.of("base_period", "month", "region_name", "value"), a.startColumns());
    assertEquals(List.of(), graph().upstream(GOLD, Optional.of("111"), ALL, false).startColumns());
  }

  @Test
  void columnsOfADeepStartFollowOnlyItsChain() {
    // silver 7's region comes from region_code: asked about silver itself, it is followed
    LineageAnswer a = graph().upstream(SILVER, Optional.of("7"), ALL, true);
    assertEquals(
        Set.of("reading_at->day", "region_code->region", "value->kwh"),
        pairs(edge(a, BRONZE + "@3", SILVER + "@7")));
  }

  @Test
  void aMissingColumnFacetKeepsTheEdgesAndFollowsEverythingAboveThem() {
    LineageAnswer a = graph().upstream(GOLD, Optional.of("222"), ALL, true);
    assertEquals(Set.of("kwh->value"), pairs(edge(a, SILVER + "@8", GOLD + "@222")));
    LineageEdge merge = edge(a, SILVER + "@7", SILVER + "@8");
    assertFalse(merge.columnsRecorded());
    assertTrue(merge.columns().isEmpty());
    assertFalse(edge(a, BRONZE + "@4", SILVER + "@8").columnsRecorded());
    // above the unknown edge every column of silver 7 is followed
    assertEquals(
        Set.of("reading_at->day", "region_code->region", "value->kwh"),
        pairs(edge(a, BRONZE + "@3", SILVER + "@7")));
    assertTrue(keys(a).contains(FILE1 + "@aaa111"));
    assertFalse(keys(a).contains(CALENDAR + "@2"), "gold 222 does not read the calendar");
  }

  @Test
  void columnsDownstreamKeepEveryEdgeWithThePairsItRecords() {
    LineageAnswer a = graph().downstream(BRONZE, Optional.of("3"), ALL, true);
    assertEquals(8, a.nodes().size());
    assertEquals(
        Set.of("reading_at->day", "region_code->region", "value->kwh"),
        pairs(edge(a, BRONZE + "@3", SILVER + "@7")));
    assertEquals(
        Set.of("day->month", "kwh->value", "region_name->region_name"),
        pairs(edge(a, SILVER + "@7", GOLD + "@111")));
    assertFalse(edge(a, SILVER + "@7", SILVER + "@8").columnsRecorded());
    assertFalse(edge(a, GOLD + "@111", PRODUCT + "@1.0.0").columnsRecorded());
  }

  @Test
  void namesAreAnsweredInTheFormsAUserTypes() {
    LineageGraph g = graph();
    Optional<String> none = Optional.empty();
    assertEquals(
        GOLD, g.upstream("electricity_index.monthly_indices", none, ALL, false).start().name());
    assertEquals(
        GOLD,
        g.upstream("LAKE.Electricity_Index.monthly_indices", none, ALL, false).start().name());
    assertEquals(FILE1, g.downstream("./" + FILE1, none, ALL, false).start().name());
    assertEquals(FILE1, g.downstream("/data/landing/" + FILE1, none, ALL, false).start().name());
    LineageAnswer product = g.downstream(PRODUCT, none, ALL, false);
    assertEquals(PRODUCT + "@1.0.0", product.start().key());
    assertEquals(LineageDataset.Kind.RELEASE, product.start().kind());
    assertEquals(
        PRODUCT + "@1.0.0", g.downstream(PRODUCT + "@v1.0.0", none, ALL, false).start().key());
    assertEquals(
        GOLD + "@111",
        g.upstream("electricity_index.monthly_indices@111", none, ALL, false).start().key());
    // branches and tags of a gold table
    assertEquals(GOLD + "@111", g.upstream(GOLD, Optional.of("v1.0.0"), ALL, false).start().key());
    assertEquals(GOLD + "@222", g.upstream(GOLD + "@candidate_r2", none, ALL, false).start().key());
  }

  @Test
  void anUnknownNameListsTheNearestNames() {
    LineageGraph g = graph();
    TableNotFoundException e =
        assertThrows(
            TableNotFoundException.class,
            () -> g.upstream("silver.power__meter_dayly", Optional.empty(), ALL, false));
    assertTrue(
        e.getMessage()
            .startsWith("dataset 'silver.power__meter_dayly' appears in no lineage event"),
        e.getMessage());
    assertTrue(e.getMessage().contains("nearby names: " + SILVER), e.getMessage());
    assertEquals("silver.power__meter_dayly", e.tableName());

    String monthly = g.upstream(GOLD, Optional.empty(), ALL, false).start().name();
    TableNotFoundException short1 =
        assertThrows(
            TableNotFoundException.class,
            () -> g.upstream("monthly_indice", Optional.empty(), ALL, false));
    assertTrue(short1.getMessage().contains("nearby names: " + monthly), short1.getMessage());

    TableNotFoundException versioned =
        assertThrows(
            TableNotFoundException.class,
            () -> g.upstream("silver.power@7", Optional.empty(), ALL, false));
    assertTrue(
        versioned.getMessage().startsWith("dataset 'silver.power' "), versioned.getMessage());
    assertTrue(versioned.getMessage().contains(SILVER), versioned.getMessage());

    List<LineageGraph.EventRow> many = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      many.add(
          new LineageGraph.EventRow(
              Instant.parse("2026-12-01T05:00:00Z"),
              "s" + i,
              "silver:t" + i,
              List.of(BRONZE + "@1"),
              List.of("silver.power__t" + i + "@1")));
    }
    TableNotFoundException vague =
        assertThrows(
            TableNotFoundException.class,
            () ->
                LineageGraph.fromRows(many, r -> List.of())
                    .upstream("silver.power", Optional.empty(), ALL, false));
    String m = vague.getMessage();
    String list = m.substring(m.indexOf("nearby names: ") + 14, m.indexOf(". Name a table"));
    assertEquals(
        List.of(
            "silver.power__t0",
            "silver.power__t1",
            "silver.power__t2",
            "silver.power__t3",
            "silver.power__t4"),
        List.of(list.split(", ")),
        m);
  }

  @Test
  void anUnknownVersionListsTheVersionsNewestFirst() {
    TableNotFoundException e =
        assertThrows(
            TableNotFoundException.class,
            () -> graph().upstream(GOLD, Optional.of("999"), ALL, false));
    assertTrue(
        e.getMessage().contains("has no version '999'")
            && e.getMessage().contains("newest first: 222, 111"),
        e.getMessage());
  }

  @Test
  void theJsonOfOnlyTheEventsAnAnswerNeedsIsRead() {
    List<String> all = events();
    LineageGraph full = LineageGraph.fromEvents(all);
    List<LineageGraph.EventRow> rows = new ArrayList<>();
    Map<String, String> byRun = new LinkedHashMap<>();
    for (String json : all) {
      EventJson.Event e = EventJson.parse(json);
      if (e.eventType().equals("COMPLETE")) {
        rows.add(
            new LineageGraph.EventRow(
                e.eventTime(),
                e.runId(),
                e.jobName(),
                e.inputs().stream().map(EventJson.Dataset::key).toList(),
                e.outputs().stream().map(EventJson.Dataset::key).toList()));
        byRun.put(e.runId(), json);
      }
    }
    List<String> asked = new ArrayList<>();
    LineageGraph lazy =
        LineageGraph.fromRows(
            rows,
            want -> {
              want.forEach(r -> asked.add(r.runId()));
              return want.stream().map(r -> byRun.get(r.runId())).toList();
            });
    assertEquals(9, lazy.eventCount());
    LineageAnswer a = lazy.upstream(GOLD, Optional.of("111"), ALL, true);
    assertEquals(new TreeSet<>(List.of("g1", "s1", "i1")), new TreeSet<>(asked));
    assertEquals(full.upstream(GOLD, Optional.of("111"), ALL, true), a, "same answer as eager");
    asked.clear();
    lazy.upstream(GOLD, Optional.of("111"), ALL, true);
    assertEquals(List.of(), asked, "events are read once");
  }

  @Test
  void withoutTheirJsonDatasetsKeepTheKindTheirJobImplies() {
    List<LineageGraph.EventRow> rows =
        List.of(
            new LineageGraph.EventRow(
                Instant.parse("2026-12-01T05:00:00Z"),
                "i1",
                "ingest:" + BRONZE,
                List.of(FILE1 + "@aaa"),
                List.of(BRONZE + "@3")),
            new LineageGraph.EventRow(
                Instant.parse("2026-12-01T06:00:00Z"),
                "r1",
                "release:" + PRODUCT,
                List.of(GOLD + "@1"),
                List.of(PRODUCT + "@1.0.0")),
            new LineageGraph.EventRow(
                Instant.parse("2026-12-01T07:00:00Z"),
                "p1",
                "pull:" + PRODUCT,
                List.of(PRODUCT + "@1.0.0"),
                List.of(PULLED + "@1.0.0")));
    LineageGraph g = LineageGraph.fromRows(rows, want -> List.of("not json"));
    assertEquals(
        LineageDataset.Kind.FILE,
        g.upstream(BRONZE, Optional.empty(), ALL, false).nodes().get(1).node().kind());
    LineageAnswer pull = g.upstream(PULLED, Optional.empty(), ALL, true);
    assertEquals(LineageDataset.Kind.PULL, pull.start().kind());
    assertEquals(LineageDataset.Kind.RELEASE, pull.nodes().get(1).node().kind());
    assertFalse(pull.edges().get(0).columnsRecorded());
  }

  @Test
  void anEventWithoutTheFactoryFacetNamesTables() {
    String e =
        event(
            "COMPLETE",
            "2026-12-01T05:00:00Z",
            "i1",
            "ingest:x",
            List.of(new D(FILE1, "aaa", null, null, null)),
            List.of(D.of(BRONZE, "1", "table")));
    LineageAnswer a =
        LineageGraph.fromEvents(List.of(e)).upstream(BRONZE, Optional.empty(), ALL, false);
    assertEquals(LineageDataset.Kind.TABLE, a.nodes().get(1).node().kind());
  }
}
