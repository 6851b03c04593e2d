package org.dataelements.factory.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.core.LandingRoot;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.S3ProxyServer;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.internal.LandingScanner;
import org.dataelements.factory.ingestion.internal.RemoteLanding;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A landing root on S3 (S3Proxy on 127.0.0.1, through s3a) is staged locally and landed. */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class S3LandingTest {
  private static final String HEADER = "account_id,reading_date,consumption\n";

  private static void put(Configuration conf, String uri, String text) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
    try (FSDataOutputStream out = p.getFileSystem(conf).create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static Map<String, IngestReport.FileOutcome> byPath(IngestReport r) {
    return r.files().stream().collect(Collectors.toMap(IngestReport.FileOutcome::path, f -> f));
  }

  @Test
  void landsAnS3RootWithPathsRelativeToItAndStagesOnlyWhatChanged(Lakehouse lh) throws IOException {
    S3ProxyServer s3 = S3ProxyServer.shared();
    s3.createBucket("landing");
    Configuration conf = lh.spark().sparkContext().hadoopConfiguration();
    String root = "s3a://landing";
    put(
        conf,
        root + "/electricity/meter_readings/2021/01.csv",
        HEADER + "A,2021-01-01,1.5\nB,2021-01-01,2.5\n");
    put(conf, root + "/electricity/meter_readings/2021/02.csv", HEADER + "A,2021-02-01,1.0\n");
    put(conf, root + "/electricity/meter_readings/bad.csv", "account_id,consumption\nA,1\n");
    String src = "s3ingtest";
    SourceSpec spec =
        new SourceSpec(
            src,
            "o",
            "d",
            Optional.empty(),
            List.of(
                new ObjectSpec(
                    "meter_readings",
                    "d",
                    SourceFormat.CSV,
                    "electricity/meter_readings/**/*.csv",
                    "UTF-8",
                    List.of("account_id", "reading_date", "consumption"),
                    Map.of())));
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    Ingestor ingestor = new Ingestor(lh, ops);

    String run = RunIds.next(Instant.now());
    Map<String, IngestReport.FileOutcome> first =
        byPath(ingestor.ingest(List.of(spec), LandingRoot.parse(root), run));
    assertEquals(
        Map.of(
            "electricity/meter_readings/2021/01.csv",
            "landed",
            "electricity/meter_readings/2021/02.csv",
            "landed",
            "electricity/meter_readings/bad.csv",
            "rejected"),
        first.values().stream()
            .collect(
                Collectors.toMap(
                    IngestReport.FileOutcome::path, IngestReport.FileOutcome::status)));
    assertTrue(
        first
            .get("electricity/meter_readings/bad.csv")
            .reason()
            .contains("missing required column 'reading_date'"),
        first.get("electricity/meter_readings/bad.csv").reason());
    TableId bronze = TableId.bronze(src, "meter_readings");
    assertEquals(3, lh.read(bronze).count());
    assertEquals(
        List.of(
            "electricity/meter_readings/2021/01.csv",
            "electricity/meter_readings/2021/02.csv",
            "electricity/meter_readings/bad.csv"),
        lh.spark()
            .sql(
                "select path from lake.ops.ingest_files where run_id = '" + run + "' order by path")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList(),
        "the manifest's paths are relative to the S3 root, not to the staging directory");

    Path stagingDir = RemoteLanding.stagingDir(RemoteLanding.stagingParent(lh.config()), root);
    assertEquals(
        List.of(
            "s3a://landing/electricity/meter_readings/2021/01.csv",
            "s3a://landing/electricity/meter_readings/2021/02.csv",
            "s3a://landing/electricity/meter_readings/bad.csv"),
        LandingScanner.scan(stagingDir, Optional.of(root)).stream()
            .map(LandingFile::sparkUri)
            .toList(),
        "Spark's readers read the remote objects, not the driver's staging copy (executors on"
            + " other hosts cannot read the driver's disk)");
    Path staged = stagingDir.resolve("electricity/meter_readings/2021/01.csv");
    FileTime marker = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
    Files.setLastModifiedTime(staged, marker);
    Map<String, IngestReport.FileOutcome> again =
        byPath(
            ingestor.ingest(
                List.of(spec), LandingRoot.parse(root + "/"), RunIds.next(Instant.now())));
    assertEquals("unchanged", again.get("electricity/meter_readings/2021/01.csv").status());
    assertEquals("unchanged", again.get("electricity/meter_readings/2021/02.csv").status());
    assertEquals("rejected", again.get("electricity/meter_readings/bad.csv").status());
    assertEquals(
        marker,
        Files.getLastModifiedTime(staged),
        "an unchanged remote file is not downloaded again");
    assertEquals(3, lh.read(bronze).count());
  }

  @Test
  void stagingDownloadsChangedFilesAndDropsVanishedOnes(@TempDir Path tmp) throws IOException {
    S3ProxyServer s3 = S3ProxyServer.shared();
    s3.createBucket("staging-test");
    Configuration conf = SparkTestSession.spark().sparkContext().hadoopConfiguration();
    String root = "s3a://staging-test/drop";
    put(conf, root + "/a/one.csv", "1\n");
    put(conf, root + "/b/two.csv", "2\n");
    put(conf, root + "/.hidden", "skip me\n");

    RemoteLanding.Staged first = RemoteLanding.stage(root, tmp, conf);
    assertEquals(List.of(2, 0, 0), List.of(first.downloaded(), first.unchanged(), first.removed()));
    assertEquals("2\n", Files.readString(first.root().resolve("b/two.csv")));
    assertFalse(Files.exists(first.root().resolve(".hidden")));
    assertTrue(Files.isRegularFile(first.root().resolve(RemoteLanding.INDEX)));

    RemoteLanding.Staged second = RemoteLanding.stage(root, tmp, conf);
    assertEquals(
        List.of(0, 2, 0), List.of(second.downloaded(), second.unchanged(), second.removed()));

    put(conf, root + "/a/one.csv", "1 changed\n");
    FileSystem fs = new org.apache.hadoop.fs.Path(root).getFileSystem(conf);
    fs.delete(new org.apache.hadoop.fs.Path(root + "/b/two.csv"), false);
    RemoteLanding.Staged third = RemoteLanding.stage(root, tmp, conf);
    assertEquals(List.of(1, 0, 1), List.of(third.downloaded(), third.unchanged(), third.removed()));
    assertEquals("1 changed\n", Files.readString(third.root().resolve("a/one.csv")));
    assertFalse(Files.exists(third.root().resolve("b")), "a folder left empty is removed");
  }

  @Test
  void aMissingS3RootIsAnErrorNamingIt(Lakehouse lh) {
    S3ProxyServer s3 = S3ProxyServer.shared();
    s3.createBucket("landing");
    Ingestor ingestor = new Ingestor(lh, new OpsTables(lh));
    var e =
        assertThrows(
            DataInputException.class,
            () ->
                ingestor.ingest(
                    List.of(), LandingRoot.parse("s3a://landing/no/such/prefix"), "run-x"));
    assertTrue(
        e.getMessage().contains("'s3a://landing/no/such/prefix' does not exist"), e.getMessage());
    var bucket =
        assertThrows(
            DataInputException.class,
            () ->
                ingestor.ingest(
                    List.of(), LandingRoot.parse("s3a://no-such-bucket/landing"), "run-x"));
    assertTrue(
        bucket.getMessage().contains("'s3a://no-such-bucket/landing' cannot be read"),
        bucket.getMessage());
    assertTrue(bucket.getMessage().contains("bucket does not exist"), bucket.getMessage());
  }

  @Test
  void onlyUrisWithASchemeOtherThanFileAreRemote() {
    assertTrue(RemoteLanding.isRemote("s3a://bucket/prefix"));
    assertTrue(RemoteLanding.isRemote("hdfs://nn:8020/landing"));
    assertFalse(RemoteLanding.isRemote("file:///tmp/landing"));
    assertFalse(RemoteLanding.isRemote("/tmp/landing"));
    assertFalse(RemoteLanding.isRemote("landing/dir"));
    assertFalse(RemoteLanding.isRemote("C:\\landing"));
  }
}
