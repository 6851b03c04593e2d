package org.dataelements.factory.orchestration.sample;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.PseudonymKey;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.StepEnvironment;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.curation.trace.Certificates;
import org.dataelements.factory.curation.trace.EpcisEvents;
import org.dataelements.factory.curation.trace.FarmOperations;
import org.dataelements.factory.curation.trace.Inspections;
import org.dataelements.factory.curation.trace.Recalls;
import org.dataelements.factory.ingestion.Ingestor;
import org.dataelements.factory.orchestration.sample.TraceabilitySampleGenerator.Summary;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's farm records and recall notices, landed with conf/sources and curated by the silver
 * steps: every record the generator wrote is kept (it plants no defect in them), the failed tests
 * are the ones it counted, and every lot they name joins an EPCIS lot.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class TraceRecordsSampleTest {
  @TempDir Path landing;

  @Test
  void keepsEveryRecordOfTheSampleAndJoinsItsLotsWithTheEvents(Lakehouse lh) throws IOException {
    Summary s = new TraceabilitySampleGenerator(7, 1_000).write(landing);
    Specs specs = Specs.load(SparkTestSession.confDir());
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    new Ingestor(lh, ops)
        .ingest(
            List.of(
                specs.source("epcis").orElseThrow(),
                specs.source("farm_records").orElseThrow(),
                specs.source("recall_notices").orElseThrow()),
            landing,
            RunIds.next(Instant.now()));
    StepEnvironment env = StepEnvironment.of(() -> PseudonymKey.of(new byte[32]));
    // the test reads each output several times: bronze is read once (a test may cache)
    Map<TableId, Dataset<Row>> bronze = new java.util.HashMap<>();
    for (TableId t :
        List.of(
            EpcisEvents.BRONZE_EVENTS,
            FarmOperations.BRONZE,
            Inspections.BRONZE_RAPID_TESTS,
            Certificates.BRONZE,
            Recalls.BRONZE_NOTICES)) {
      bronze.put(t, lh.read(t).cache());
    }
    Dataset<Row> regions =
        lh.spark()
            .read()
            .option("header", "true")
            .csv(SparkTestSession.confDir().resolve("reference/regions.csv").toString());
    StepInputs in = new StepInputs(bronze, Map.of("regions", regions), "sample_run");

    StepOutput operations = new FarmOperations(env).transform(in);
    StepOutput inspections = new Inspections(env).transform(in);
    StepOutput certificates = new Certificates(env).transform(in);
    StepOutput recalls = new Recalls().transform(in);
    assertEquals(
        List.of(0L, 0L, 0L, 0L),
        List.of(
            operations.quarantine().orElseThrow().count(),
            inspections.quarantine().orElseThrow().count(),
            certificates.quarantine().orElseThrow().count(),
            recalls.quarantine().orElseThrow().count()),
        "the sample plants no defect in its farm records and notices");
    assertEquals(s.operations(), operations.rows().count());
    assertEquals(s.tests(), inspections.rows().count());
    assertEquals(s.failedTests(), inspections.rows().where(col("result").equalTo("fail")).count());
    assertEquals(s.certificates(), certificates.rows().count());
    assertEquals(s.recallNotices(), recalls.rows().count());
    assertEquals(
        0L,
        operations.rows().where(col("region_name").isNull()).count(),
        "every prefecture is in conf/reference/regions.csv");

    Set<String> lots = new TreeSet<>();
    new EpcisEvents()
        .transform(in)
        .tables()
        .get(EpcisEvents.LOTS)
        .rows()
        .select("lot_id")
        .collectAsList()
        .forEach(r -> lots.add(r.getString(0)));
    List<Dataset<Row>> named =
        List.of(
            operations.rows().select("lot_id"),
            inspections.rows().select("lot_id"),
            certificates.rows().select("lot_id"),
            recalls.rows().select(explode(col("lot_ids")).as("lot_id")));
    List<String> unknown = new ArrayList<>();
    for (Dataset<Row> d : named) {
      d.where(col("lot_id").isNotNull()).distinct().collectAsList().stream()
          .map(r -> r.getString(0))
          .filter(id -> !lots.contains(id))
          .forEach(unknown::add);
    }
    assertEquals(List.of(), unknown, "lots the records name that no EPCIS event names");
  }

  @Test
  void theRunnerBuildsTheFourTablesAndTheirDeclaredChecksPass(Lakehouse lh) throws Exception {
    new TraceabilitySampleGenerator(5, 1_000).write(landing);
    Path shared = SparkTestSession.sharedData().resolve("traceability");
    for (String folder : List.of("pesticide_residues_uk_prif", "food_recalls_us")) {
      Path from = shared.resolve(folder);
      if (!java.nio.file.Files.isDirectory(from)) {
        continue;
      }
      try (var files = java.nio.file.Files.walk(from)) {
        for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
          Path to = landing.resolve("traceability").resolve(folder).resolve(from.relativize(f));
          java.nio.file.Files.createDirectories(to.getParent());
          java.nio.file.Files.copy(f, to);
        }
      }
    }
    Specs specs = Specs.load(SparkTestSession.confDir());
    StepEnvironment env = StepEnvironment.of(() -> PseudonymKey.of(new byte[32]));
    org.dataelements.factory.orchestration.graph.StepGraph graph =
        org.dataelements.factory.orchestration.graph.StepGraph.load(specs, env);
    Set<String> names =
        Set.of(
            "silver:trace__inspections",
            "silver:trace__certificates",
            "silver:trace__farm_operations",
            "silver:trace__recalls");
    List<org.dataelements.factory.core.Step> mine =
        graph.ordered().stream().filter(x -> names.contains(x.spec().name())).toList();
    assertEquals(4, mine.size());
    new OpsTables(lh).ensureAll();
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    org.dataelements.factory.orchestration.Pipeline pipeline =
        new org.dataelements.factory.orchestration.Pipeline(
            lh,
            specs,
            graph,
            new org.dataelements.factory.orchestration.Console(
                new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8)));
    String runId = RunIds.next(Instant.now());
    pipeline.ingest(
        org.dataelements.factory.core.LandingRoot.of(landing),
        graph.sourcesFor(mine),
        runId,
        false);
    pipeline.build(mine, runId);
    pipeline.recordSteps();
    System.out.println(log.toString(java.nio.charset.StandardCharsets.UTF_8));
    for (OpsTables.RunStep step : pipeline.steps()) {
      if (names.contains(step.step())) {
        assertEquals(OpsTables.RunStatus.SUCCEEDED, step.status(), step.toString());
      }
    }
    List<Row> failed =
        lh.read(OpsTables.QUALITY_RESULTS)
            .where(
                col("run_id")
                    .equalTo(runId)
                    .and(col("table_name").startsWith("silver.trace__"))
                    .and(col("status").equalTo("failed")))
            .collectAsList();
    assertEquals(List.of(), failed, "every fail check of the four tables passes");
    assertEquals(
        4L,
        lh.read(OpsTables.QUALITY_RESULTS)
            .where(col("run_id").equalTo(runId).and(col("table_name").startsWith("silver.trace__")))
            .select("table_name")
            .distinct()
            .count(),
        "the checks of all four tables ran");
  }
}
