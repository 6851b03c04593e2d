package org.dataelements.factory.orchestration.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.ingestion.IngestReport;
import org.dataelements.factory.ingestion.Ingestor;
import org.dataelements.factory.orchestration.sample.TraceabilitySampleGenerator.Defect;
import org.dataelements.factory.orchestration.sample.TraceabilitySampleGenerator.Summary;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample lands through the real bronze ingestion: the EPCIS documents with conf/sources/epcis,
 * the CSV and JSON files with specs of the layouts the farm-record and recall sources declare.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class TraceabilitySampleLandingTest {
  @TempDir Path landing;

  private static ObjectSpec csv(String name, String folder, String... required) {
    return new ObjectSpec(
        name,
        "d",
        SourceFormat.CSV,
        "traceability/" + folder + "/**/*.csv",
        "UTF-8",
        List.of(required),
        Map.of());
  }

  @Test
  void landsEveryEventButThoseWithoutATimeZoneWhichBronzeQuarantines(Lakehouse lh)
      throws IOException {
    Summary s = new TraceabilitySampleGenerator(11, 1_000).write(landing);
    SourceSpec declared = Specs.load(SparkTestSession.confDir()).source("epcis").orElseThrow();
    // the declared object (format, glob, options) under a source name of this test's own
    SourceSpec epcis =
        new SourceSpec(
            "trace_sample_epcis",
            declared.owner(),
            declared.description(),
            declared.licence(),
            declared.objects());
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    // the layouts the farm-record and recall-notice sources expect (their specs live elsewhere)
    SourceSpec records =
        new SourceSpec(
            "trace_sample_records",
            "o",
            "d",
            Optional.empty(),
            List.of(
                csv("operations", "farm_operations", "operation_id", "farm_id", "lot_id"),
                csv("rapid_tests", "rapid_tests", "test_id", "lot_id", "analyte"),
                csv("certificates", "certificates", "certificate_id", "lot_id", "quantity"),
                new ObjectSpec(
                    "notices",
                    "d",
                    SourceFormat.JSON,
                    "traceability/recall_notices/**/*.json",
                    "UTF-8",
                    List.of(),
                    Map.of())));
    IngestReport r =
        new Ingestor(lh, ops).ingest(List.of(epcis, records), landing, RunIds.next(Instant.now()));

    assertEquals(List.of(), r.rejected(), "no file is rejected");
    assertEquals(s.files().size(), r.count("landed"), "every file lands");
    long noZone = s.count(Defect.EVENT_WITHOUT_TIME_ZONE);
    Map<String, Long> read = new HashMap<>();
    Map<String, Long> quarantined = new HashMap<>();
    for (IngestReport.FileOutcome f : r.files()) {
      read.merge(f.object().orElseThrow(), f.recordsRead(), Long::sum);
      quarantined.merge(f.object().orElseThrow(), f.rowsQuarantined(), Long::sum);
    }
    assertEquals(
        Map.of(
            "events", s.events(),
            "operations", s.operations(),
            "rapid_tests", s.tests(),
            "certificates", s.certificates(),
            "notices", s.recallNotices()),
        read);
    assertEquals(
        Map.of(
            "events",
            noZone,
            "operations",
            0L,
            "rapid_tests",
            0L,
            "certificates",
            0L,
            "notices",
            0L),
        quarantined,
        "bronze quarantines only the events without a time zone");

    TableId events = TableId.bronze("trace_sample_epcis", "events");
    assertEquals(s.events() - noZone, lh.read(events).count());
    for (Row q : lh.read(events.quarantine()).collectAsList()) {
      String reason = q.getAs("reason");
      assertTrue(
          reason.contains("eventTimeZoneOffset is missing (it is required)")
              && reason.contains("is not a date-time"),
          reason);
    }
    assertEquals(
        s.events() - noZone,
        lh.read(events).where("eventTimeZoneOffset = '+08:00'").count(),
        "every landed event has its offset");
  }
}
