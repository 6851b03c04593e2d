package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code factory lineage} run as a user runs it, against a {@code lake.ops.lineage_events} written
 * by Spark with the ops table's columns: two factory runs of a meter-to-index chain, a release and
 * a pull, in two commits, with START and FAIL events that are no part of the graph.
 */
@Tag("spark")
class LineageCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE1 = "electricity/meter/2026-12-01.csv";
  static final String FILE2 = "electricity/meter/2026-12-02.csv";
  static final String SUM1 = "a".repeat(64);
  static final String SUM2 = "b".repeat(64);
  static final String BRONZE = "bronze.grid__meter_daily";
  static final String SILVER = "silver.power__meter_daily";
  static final String REGIONS = "silver.ref__regions";
  static final String GOLD = "lake.electricity_index.monthly_indices";
  static final String PRODUCT = "electricity_index";
  static final String PULLED = "bob:/tmp/\"odd\" dir";

  /** The columns of {@code lake.ops.lineage_events} as the factory writes them. */
  static final StructType SCHEMA =
      new StructType()
          .add("event_time", DataTypes.TimestampType, false)
          .add("event_type", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("parent_run_id", DataTypes.StringType, true)
          .add("job_namespace", DataTypes.StringType, false)
          .add("job_name", DataTypes.StringType, false)
          .add("inputs", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("outputs", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("event", DataTypes.StringType, false);

  static Path warehouse;

  @TempDir Path tmp;

  /** A dataset of an event: name, version, kind, ref (or null), column lineage pairs. */
  record D(String name, String version, String kind, String ref, String... columns) {}

  /** An event as the emitter writes it, and the row {@code lake.ops.lineage_events} keeps. */
  static Row row(String type, String at, String run, String job, List<D> in, List<D> out) {
    ObjectNode e = JSON.createObjectNode();
    e.put("eventType", type);
    e.put("eventTime", at);
    e.put("producer", "https://github.com/data-elements/factory");
    e.put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent");
    ObjectNode parent =
        e.putObject("run").put("runId", run).putObject("facets").putObject("parent");
    parent.putObject("run").put("runId", "factory-run");
    parent.putObject("job").put("namespace", "data-element-factory").put("name", "factory_run");
    e.putObject("job").put("namespace", "data-element-factory").put("name", job);
    datasets(e.putArray("inputs"), in);
    datasets(e.putArray("outputs"), out);
    return RowFactory.create(
        Timestamp.from(Instant.parse(at)),
        type,
        run,
        "factory-run",
        "data-element-factory",
        job,
        in.stream().map(d -> d.name() + "@" + d.version()).toArray(String[]::new),
        out.stream().map(d -> d.name() + "@" + d.version()).toArray(String[]::new),
        e.toString());
  }

  private static void datasets(ArrayNode array, List<D> ds) {
    for (D d : ds) {
      ObjectNode o = array.addObject().put("namespace", "file:/wh").put("name", d.name());
      ObjectNode facets = o.putObject("facets");
      facets.putObject("version").put("datasetVersion", d.version());
      ObjectNode f = facets.putObject("factory_dataset").put("kind", d.kind());
      if (d.ref() != null) {
        f.put("ref", d.ref());
      }
      if (d.columns().length > 0) {
        ObjectNode fields = facets.putObject("columnLineage").putObject("fields");
        for (String pair : d.columns()) {
          // "out<-table.field"
          String[] p = pair.split("<-");
          int dot = p[1].lastIndexOf('.');
          ObjectNode field =
              fields.has(p[0]) ? (ObjectNode) fields.get(p[0]) : fields.putObject(p[0]);
          ArrayNode inputs =
              field.has("inputFields")
                  ? (ArrayNode) field.get("inputFields")
                  : field.putArray("inputFields");
          inputs
              .addObject()
              .put("namespace", "file:/wh")
              .put("name", p[1].substring(0, dot))
              .put("field", p[1].substring(dot + 1));
        }
      }
    }
  }

  @BeforeAll
  static void events() throws Exception {
    SparkSession spark = SparkTestSession.spark();
    warehouse = Files.createTempDirectory("factory-lineage-cmd");
    // the command's warehouse, written through a catalog of its own: the shared one stays as is
    String catalog = "spark.sql.catalog.lineage_cmd";
    spark.conf().set(catalog, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set(catalog + ".type", "hadoop");
    spark.conf().set(catalog + ".warehouse", warehouse.resolve("lake").toUri().toString());

    D file1 = new D(FILE1, SUM1, "file", null);
    D file2 = new D(FILE2, SUM2, "file", null);
    D bronze3 = new D(BRONZE, "3", "table", null);
    D bronze4 = new D(BRONZE, "4", "table", null);
    D regions = new D(REGIONS, "1", "table", null);
    D silver7 =
        new D(
            SILVER,
            "7",
            "table",
            null,
            "kwh<-" + BRONZE + ".value",
            "region<-" + BRONZE + ".region_code",
            "region_name<-" + REGIONS + ".name");
    D silver7In = new D(SILVER, "7", "table", null);
    D silver8 = new D(SILVER, "8", "table", null);
    D gold111 =
        new D(
            GOLD,
            "111",
            "table",
            "candidate_r1",
            "value<-" + SILVER + ".kwh",
            "region_name<-" + SILVER + ".region_name");
    D gold222 = new D(GOLD, "222", "table", "candidate_r2", "value<-" + SILVER + ".kwh");
    D release = new D(PRODUCT, "1.0.0", "release", null);
    String ingest = "ingest:" + BRONZE;
    String silverJob = "silver:power__meter_daily";
    String goldJob = "gold:electricity_index";
    List<Row> run1 =
        List.of(
            row("START", "2026-12-01T05:00:00Z", "i1", ingest, List.of(file1), List.of()),
            row("COMPLETE", "2026-12-01T05:00:01Z", "i1", ingest, List.of(file1), List.of(bronze3)),
            row(
                "COMPLETE",
                "2026-12-01T05:00:02Z",
                "s1",
                silverJob,
                List.of(bronze3, regions),
                List.of(silver7)),
            row(
                "COMPLETE",
                "2026-12-01T05:00:03Z",
                "g1",
                goldJob,
                List.of(silver7In),
                List.of(gold111)),
            row(
                "COMPLETE",
                "2026-12-01T06:00:00Z",
                "r1",
                "release:" + PRODUCT,
                List.of(new D(GOLD, "111", "table", "v1.0.0")),
                List.of(release)),
            row(
                "COMPLETE",
                "2026-12-01T07:00:00Z",
                "p1",
                "pull:" + PRODUCT,
                List.of(release),
                List.of(new D(PULLED, "1.0.0", "pull", null))));
    List<Row> run2 =
        List.of(
            row("COMPLETE", "2026-12-02T05:00:01Z", "i2", ingest, List.of(file2), List.of(bronze4)),
            row(
                "COMPLETE",
                "2026-12-02T05:00:02Z",
                "s2",
                silverJob,
                List.of(bronze4, silver7In),
                List.of(silver8)),
            row(
                "COMPLETE",
                "2026-12-02T05:00:03Z",
                "g2",
                goldJob,
                List.of(silver8),
                List.of(gold222)),
            row(
                "FAIL",
                "2026-12-02T05:00:04Z",
                "x2",
                "gold:other",
                List.of(new D(GOLD, "222", "table", null)),
                List.of(new D("lake.other.broken", "9", "table", null))));
    String table = "lineage_cmd.ops.lineage_events";
    spark.createDataFrame(run1, SCHEMA).coalesce(1).writeTo(table).using("iceberg").create();
    spark.createDataFrame(run2, SCHEMA).coalesce(1).writeTo(table).append();
  }

  private static String[] args(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--warehouse", warehouse.toString(), "--conf", SparkTestSession.confDir().toString()));
    return all.toArray(String[]::new);
  }

  @Test
  void textIsATreeWithDepthsKindsVersionsAndJobs() {
    CliRun c = run(args("lineage", "upstream", GOLD, "--depth", "3"));
    assertEquals(FactoryMain.OK, c.code, c.err);
    List<String> lines = c.out.lines().toList();
    assertEquals(
        "upstream of " + GOLD + "@222 (table, candidate_r2), depth ≤ 3: 6 datasets, 6 edges",
        lines.get(0),
        c.out);
    assertEquals("depth  dataset", lines.get(2), c.out);
    assertEquals("    0  " + GOLD + "@222  table, candidate_r2", lines.get(3), c.out);
    assertEquals("    1    " + SILVER + "@8  table  → gold:electricity_index", lines.get(4), c.out);
    assertTrue(
        c.out.contains("    2      " + BRONZE + "@4  table  → silver:power__meter_daily\n"), c.out);
    assertTrue(
        c.out.contains("    3        " + FILE2 + "@" + SUM2 + "  file  → ingest:" + BRONZE + "\n"),
        c.out);
    assertTrue(c.out.contains("    3        " + BRONZE + "@3  table"), c.out);
    assertFalse(c.out.contains(FILE1), "depth 3 stops before the older landing: " + c.out);
    assertFalse(c.out.contains("lake.other.broken"), "a FAIL event is no edge");
    assertEquals("", c.err, "text goes to stdout alone");
  }

  @Test
  void textWithColumnsListsPairsUnderEdgesAndEachColumnsSources() {
    CliRun c = run(args("lineage", "upstream", GOLD + "@111", "--columns"));
    assertEquals(FactoryMain.OK, c.code, c.err);
    assertTrue(
        c.out.contains(
            "    1    "
                + SILVER
                + "@7  table  → gold:electricity_index\n"
                + "             region_name → region_name\n"
                + "             kwh → value\n"),
        c.out);
    assertTrue(c.out.contains("(columns not recorded)"), "the ingest edge: " + c.out);
    assertFalse(c.out.contains("region_code"), "silver's region feeds no gold column: " + c.out);
    assertTrue(
        c.out.contains(
            "columns of "
                + GOLD
                + "@111 and their sources, by depth:\n"
                + "  region_name\n"
                + "      1  "
                + SILVER
                + "@7  region_name\n"
                + "      2  "
                + REGIONS
                + "@1  name\n"
                + "  value\n"
                + "      1  "
                + SILVER
                + "@7  kwh\n"
                + "      2  "
                + BRONZE
                + "@3  value\n"
                + "      3  "
                + FILE1
                + "@"
                + SUM1
                + "  (columns not recorded)\n"),
        c.out);
  }

  @Test
  void jsonHasTheContractShapeWithVersionsOnEdges() throws Exception {
    CliRun c =
        run(args("lineage", "upstream", "electricity_index.monthly_indices", "--format", "json"));
    assertEquals(FactoryMain.OK, c.code, c.err);
    assertEquals(1, c.out.lines().count(), "one object: " + c.out);
    JsonNode root = JSON.readTree(c.out);
    assertEquals(Set.of("nodes", "edges"), fields(root));
    Set<String> nodes = new TreeSet<>();
    for (JsonNode n : root.get("nodes")) {
      assertEquals(Set.of("id", "kind", "version"), fields(n), n.toString());
      nodes.add(
          n.get("id").asText() + "@" + n.get("version").asText() + " " + n.get("kind").asText());
    }
    assertEquals(
        Set.of(
            GOLD + "@222 table",
            SILVER + "@8 table",
            SILVER + "@7 table",
            BRONZE + "@4 table",
            BRONZE + "@3 table",
            REGIONS + "@1 table",
            FILE1 + "@" + SUM1 + " file",
            FILE2 + "@" + SUM2 + " file"),
        nodes);
    assertEquals(GOLD, root.get("nodes").get(0).get("id").asText(), "the start first");
    Set<String> edges = new TreeSet<>();
    for (JsonNode e : root.get("edges")) {
      assertEquals(Set.of("from", "to", "from_version", "to_version", "columns"), fields(e));
      assertEquals(0, e.get("columns").size(), "no columns without --columns");
      edges.add(
          e.get("from").asText()
              + "@"
              + e.get("from_version").asText()
              + " -> "
              + e.get("to").asText()
              + "@"
              + e.get("to_version").asText());
    }
    assertTrue(edges.contains(SILVER + "@7 -> " + SILVER + "@8"), edges.toString());
    assertTrue(edges.contains(FILE1 + "@" + SUM1 + " -> " + BRONZE + "@3"), edges.toString());
    assertEquals(7, edges.size(), edges.toString());
    assertTrue(c.err.startsWith("upstream of " + GOLD + "@222"), c.err);

    JsonNode cols =
        JSON.readTree(
            run(args("lineage", "downstream", BRONZE + "@3", "--columns", "--format", "json")).out);
    List<String> pairs = new ArrayList<>();
    for (JsonNode e : cols.get("edges")) {
      if (e.get("from").asText().equals(BRONZE)) {
        e.get("columns")
            .forEach(p -> pairs.add(p.get("from").asText() + "->" + p.get("to").asText()));
        assertEquals(Set.of("from", "to"), fields(e.get("columns").get(0)));
      }
    }
    assertEquals(List.of("value->kwh", "region_code->region"), pairs);
  }

  @Test
  void downstreamReachesTheReleaseAndThePullInEveryFormat() throws Exception {
    CliRun json = run(args("lineage", "downstream", GOLD + "@v1.0.0", "--format", "json"));
    assertEquals(FactoryMain.OK, json.code, json.err);
    Set<String> nodes = new TreeSet<>();
    JSON.readTree(json.out)
        .get("nodes")
        .forEach(n -> nodes.add(n.get("kind").asText() + " " + n.get("id").asText()));
    assertEquals(Set.of("table " + GOLD, "release " + PRODUCT, "pull " + PULLED), nodes, json.out);

    CliRun dot = run(args("lineage", "downstream", PRODUCT, "--format", "dot"));
    assertEquals(FactoryMain.OK, dot.code, dot.err);
    assertTrue(dot.out.startsWith("digraph lineage {\n"), dot.out);
    assertTrue(
        dot.out.contains(
            "  \"electricity_index@1.0.0\" -> \"bob:/tmp/\\\"odd\\\" dir@1.0.0\" [tooltip=\"pull:electricity_index\"];"),
        dot.out);
    assertTrue(dot.out.contains("shape=box3d"), dot.out);
    assertTrue(dot.out.contains("shape=folder"), dot.out);
    assertTrue(dot.out.endsWith("}\n"), dot.out);

    CliRun svg = run(args("lineage", "upstream", GOLD, "--columns", "--format", "svg"));
    assertEquals(FactoryMain.OK, svg.code, svg.err);
    assertTrue(svg.out.startsWith("<?xml") || svg.out.startsWith("<svg"), svg.out);
    assertTrue(svg.out.contains("</svg>"), svg.out);
    assertTrue(svg.out.contains(SILVER), "the graph drawn: " + svg.out);
  }

  @Test
  void startAndFailEventsAreNoPartOfTheGraph() {
    CliRun c = run(args("lineage", "downstream", GOLD));
    assertEquals(FactoryMain.OK, c.code, c.err);
    assertEquals(
        List.of(
            "downstream of " + GOLD + "@222 (table, candidate_r2): 0 datasets, 0 edges",
            "nothing downstream of " + GOLD + "@222: no COMPLETE event read it"),
        c.out.lines().toList(),
        "the failed gold:other read it");
  }

  @Test
  void anUnknownTableIsBadUsageWithTheNearestNames() {
    CliRun c = run(args("lineage", "upstream", "silver.power__meter_dayly"));
    assertEquals(FactoryMain.USAGE, c.code, c.err);
    assertEquals("", c.out);
    assertTrue(
        c.err.startsWith("error: dataset 'silver.power__meter_dayly' appears in no lineage event"),
        c.err);
    assertTrue(c.err.contains("nearby names: " + SILVER), c.err);
    assertFalse(c.err.contains("Exception"), c.err);

    CliRun version = run(args("lineage", "downstream", BRONZE + "@99"));
    assertEquals(FactoryMain.USAGE, version.code, version.err);
    assertTrue(version.err.contains("newest first: 4, 3"), version.err);
  }

  @Test
  void withoutEventsTheMessageSaysToRunTheFactoryFirst() {
    CliRun c =
        run(
            "lineage",
            "upstream",
            GOLD,
            "--warehouse",
            tmp.resolve("empty").toString(),
            "--conf",
            SparkTestSession.confDir().toString());
    assertEquals(FactoryMain.USAGE, c.code, c.err);
    assertEquals("", c.out);
    assertTrue(c.err.startsWith("error: no lineage events in warehouse "), c.err);
    assertTrue(c.err.contains("run `factory run` first"), c.err);
  }

  @Test
  void badUsageExitsTwo() {
    CliRun depth = run(args("lineage", "upstream", GOLD, "--depth", "0"));
    assertEquals(FactoryMain.USAGE, depth.code, depth.err);
    assertTrue(depth.err.contains("option --depth '0' is not valid"), depth.err);
    assertEquals(FactoryMain.USAGE, run(args("lineage", "sideways", GOLD)).code);
    assertEquals(FactoryMain.USAGE, run(args("lineage", "upstream")).code);
    assertEquals(FactoryMain.USAGE, run(args("lineage", "upstream", GOLD, "--format", "png")).code);
  }

  @Test
  void svgWithoutGraphvizSaysToInstallItAndExitsOne() {
    LineageCommandErrors.ExternalToolException e =
        assertThrows(
            LineageCommandErrors.ExternalToolException.class,
            () -> new Graphviz(tmp.resolve("no-such-dot").toString()).svg("digraph { a -> b }"));
    assertTrue(e.getMessage().contains("install graphviz"), e.getMessage());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        FactoryMain.handle(
            e, false, new Console(new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertEquals(FactoryMain.FAILED, code);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith("error: --format svg runs Graphviz's"), printed);
    assertFalse(printed.contains("Exception"), printed);
  }

  @Test
  void helpIsTheSameWhetherParsedAloneOrUnderFactory() {
    CliRun alone = run("lineage", "--help");
    assertEquals(FactoryMain.OK, alone.code);
    String underFactory =
        new CommandLine(new FactoryCli())
            .setUsageHelpAutoWidth(true)
            .getSubcommands()
            .get("lineage")
            .getUsageMessage();
    assertEquals(underFactory, alone.out);
    assertTrue(
        alone.out.startsWith("Usage: factory lineage [-h] [--columns] [--verbose] [--conf=DIR]"),
        alone.out);
    assertTrue(alone.out.contains("follows only the columns that feed TABLE"), alone.out);
  }

  @Test
  void answersInItsOwnJvmWithoutLoadingSparkOrScala() throws Exception {
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Path classes = tmp.resolve("classes.txt");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xlog:class+load:file=" + classes);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.add(FactoryMain.class.getName());
    cmd.addAll(List.of(args("lineage", "upstream", GOLD, "--columns", "--format", "json")));
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "factory lineage finished");
    assertEquals(0, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    List<String> spark =
        Files.readAllLines(classes).stream()
            .filter(l -> l.contains(" org.apache.spark.") || l.contains(" scala."))
            .limit(5)
            .toList();
    assertEquals(List.of(), spark, "no Spark or Scala class is loaded by factory lineage");
    assertTrue(Files.readString(out).contains("\"from\":\"kwh\",\"to\":\"value\""));
  }

  // ----------------------------------------------------------------------------------- helpers

  private static Set<String> fields(JsonNode n) {
    Set<String> out = new TreeSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
