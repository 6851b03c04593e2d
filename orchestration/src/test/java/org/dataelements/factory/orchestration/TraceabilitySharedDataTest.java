package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.PseudonymKey;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.StepEnvironment;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.Required;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.graph.StepGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traceability product on the real examples of ../shared/data/traceability (GS1 and OpenEPCIS
 * EPCIS documents, 2.0 and 1.2, JSON-LD and XML, valid and invalid; UK PRiF residue sheets; FDA and
 * USDA recall notices), landed and built as {@code factory run} does. Expectations are derived from
 * the tables' own inputs (bronze events, silver edges), not from counts seen once.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class TraceabilitySharedDataTest {
  static final Path DATA = SparkTestSession.sharedData().resolve("traceability");

  @TempDir Path landing;

  @Test
  void everyEventIsKeptOrQuarantinedAndTheClosureCoversEveryEdge(Lakehouse lh) throws Exception {
    Required.check(
        Required.SHARED_DATA, Files.isDirectory(DATA), DATA + " is not beside the checkout");
    copyTree(DATA, landing.resolve("traceability"));
    new OpsTables(lh).ensureAll();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Specs specs = Specs.load(SparkTestSession.confDir());
    StepGraph graph =
        StepGraph.load(
            specs,
            StepEnvironment.of(
                () ->
                    PseudonymKey.of(
                        "a test key of 32 bytes, not secret".getBytes(StandardCharsets.UTF_8))));
    Pipeline pipeline =
        new Pipeline(
            lh, specs, graph, new Console(new PrintStream(log, true, StandardCharsets.UTF_8)));
    String runId = RunIds.next(java.time.Instant.now());
    pipeline.ingest(
        LandingRoot.of(landing),
        graph.sourcesFor(graph.forProducts(List.of("traceability"))),
        runId,
        false);
    pipeline.build(graph.forProducts(List.of("traceability")), runId);
    pipeline.recordSteps();
    LineageChecks.assertComplete(lh, runId);
    System.out.println(log.toString(StandardCharsets.UTF_8));
    String candidate = pipeline.candidates().get(0).candidate();
    SparkSession spark = lh.spark();

    // every bronze event is kept once or quarantined with a reason
    long bronze = spark.sql("select count(*) from bronze.epcis__events").first().getLong(0);
    long kept =
        spark.sql("select count(distinct event_key) from silver.trace__events").first().getLong(0);
    long quarantined =
        spark.sql("select count(*) from silver.trace__events__quarantine").first().getLong(0);
    assertEquals(bronze, kept + quarantined, "bronze events = kept + quarantined");
    assertTrue(
        spark
                .sql("select count(*) from silver.trace__events__quarantine where reason is null")
                .first()
                .getLong(0)
            == 0);

    // the invalid examples add no edge
    long fromInvalid =
        spark
            .sql(
                "select count(*) from silver.trace__edges e join (select distinct event_key,"
                    + " source_file from silver.trace__events) v using (event_key)"
                    + " where v.source_file like '%/Invalid/%'")
            .first()
            .getLong(0);
    assertEquals(0, fromInvalid, "events of the Invalid/ examples never become edges");

    // every direct edge between two lots is a depth-1 pair of the closure, both ways, unless it
    // lies on a cycle (then it is in the closure's quarantine)
    String asOf = " VERSION AS OF '" + candidate + "'";
    Row missing =
        spark
            .sql(
                "select count(*), max(e.from_id || ' -> ' || e.to_id) from (select distinct from_id,"
                    + " to_id from silver.trace__edges where from_id <> to_id) e left anti join (select"
                    + " lot_id, related_lot_id from lake.traceability.lot_lineage"
                    + asOf
                    + " where direction = 'upstream' and depth = 1) l on l.lot_id = e.to_id and"
                    + " l.related_lot_id = e.from_id")
            .first();
    assertEquals(0L, missing.getLong(0), "an edge missing from lot_lineage: " + missing.get(1));
    Row both =
        spark
            .sql(
                "select count_if(direction = 'upstream'), count_if(direction = 'downstream'),"
                    + " count(distinct via) from lake.traceability.lot_lineage"
                    + asOf)
            .first();
    assertTrue(both.getLong(0) > 0, "lot_lineage is empty on the shared EPCIS examples");
    assertEquals(both.getLong(0), both.getLong(1), "each pair in both directions");

    // the residue sheets and recall notices reach silver and gold's passports/impact run
    assertTrue(spark.sql("select count(*) from silver.trace__inspections").first().getLong(0) > 0);
    assertTrue(spark.sql("select count(*) from silver.trace__recalls").first().getLong(0) > 0);
    assertTrue(
        spark.sql("select count(*) from lake.traceability.lot_passport" + asOf).first().getLong(0)
            > 0);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
  }
}
