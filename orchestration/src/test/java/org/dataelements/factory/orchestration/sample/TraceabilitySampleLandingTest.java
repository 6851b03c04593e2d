package org.dataelements.factory.orchestration.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.RunIds;
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

/** The sample's EPCIS documents land through the real bronze ingestion of conf/sources/epcis. */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class TraceabilitySampleLandingTest {
  @TempDir Path landing;

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
    IngestReport r =
        new Ingestor(lh, ops).ingest(List.of(epcis), landing, RunIds.next(Instant.now()));

    assertEquals(List.of(), r.rejected(), "no EPCIS document is rejected");
    List<IngestReport.FileOutcome> landed =
        r.files().stream().filter(f -> f.status().equals("landed")).toList();
    assertEquals(s.documents(), landed.size());
    assertTrue(
        landed.stream().allMatch(f -> f.object().equals(Optional.of("events"))), landed.toString());
    long noZone = s.count(Defect.EVENT_WITHOUT_TIME_ZONE);
    assertEquals(s.events(), r.recordsRead());
    assertEquals(s.events() - noZone, r.rowsLanded());
    assertEquals(noZone, r.rowsQuarantined());

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
