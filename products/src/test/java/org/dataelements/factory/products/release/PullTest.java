package org.dataelements.factory.products.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class PullTest {
  static final String CORPUS = "pull_corpus";
  static final String TAMPER = "pull_tamper";
  static final String SHARDED = "pull_sharded";
  static final StructType SHARDED_DOCUMENTS =
      new StructType()
          .add("doc_id", DataTypes.StringType, false)
          .add("split", DataTypes.StringType)
          .add("shard", DataTypes.IntegerType);
  static final StructType DOCUMENTS =
      new StructType()
          .add("doc_id", DataTypes.StringType, false)
          .add("text", DataTypes.StringType)
          .add("split", DataTypes.StringType)
          .add("pii", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))
          .add("tags", DataTypes.createArrayType(DataTypes.StringType))
          .add("at", DataTypes.TimestampType)
          .add("score", DataTypes.DoubleType);
  static final StructType STATS =
      new StructType()
          .add("dimension", DataTypes.StringType)
          .add("key", DataTypes.StringType)
          .add("documents", DataTypes.LongType);
  static final StructType FACTS =
      new StructType().add("id", DataTypes.IntegerType).add("v", DataTypes.StringType);

  static Lakehouse lakehouse;
  static OpsTables ops;
  static Pull pull;
  static String token;
  static long factsFirstSnapshot;
  static long factsSecondSnapshot;

  @TempDir Path work;

  @BeforeAll
  static void releases() throws Exception {
    lakehouse = SparkTestSession.lakehouse();
    ops = new OpsTables(lakehouse);
    ops.ensureAll();
    pull = new Pull(lakehouse, ops);
    token = PullFixtures.consumerToken(lakehouse);
    Timestamp t = Timestamp.from(PullFixtures.AT);
    List<Row> docs =
        List.of(
            RowFactory.create("d3", "plain", "train", Map.of("email", 1), List.of("a"), t, 0.5),
            RowFactory.create(
                "d1", "comma, \"quote\"\nline", "train", Map.of("b", 2, "a", 1), List.of(), t, 1.0),
            RowFactory.create("d2", "汉字 text", "test", null, null, null, null),
            RowFactory.create("d4", null, "validation", Map.of(), List.of("x", "y"), t, -2.25),
            RowFactory.create("d5", "five", "train", null, List.of("z"), t, 1e-3));
    List<Row> stats =
        List.of(
            RowFactory.create("split", "train", 3L),
            RowFactory.create("split", "test", 1L),
            RowFactory.create("split", "validation", 1L));
    write(TableId.gold(CORPUS, "documents"), docs, DOCUMENTS);
    write(TableId.gold(CORPUS, "stats"), stats, STATS);
    List<String> tables = List.of("documents", "stats");
    PullFixtures.release(
        lakehouse, ops, CORPUS, "1.0.0", tables, 1, Optional.of("# Corpus\nA test card.\n"));
    PullFixtures.release(lakehouse, ops, CORPUS, "1.1.0", tables, 2, Optional.empty());
    PullFixtures.revoke(ops, CORPUS, "1.2.0", 3, "licence of source web_x withdrawn");

    // a corpus whose documents are sharded within each split
    write(
        TableId.gold(SHARDED, "documents"),
        List.of(
            RowFactory.create("d4", "train", 2),
            RowFactory.create("d2", "train", 0),
            RowFactory.create("d3", "train", 1),
            RowFactory.create("d1", "train", 0),
            RowFactory.create("d5", "test", 0)),
        SHARDED_DOCUMENTS);
    PullFixtures.release(
        lakehouse, ops, SHARDED, "1.0.0", List.of("documents"), 6, Optional.empty());

    // a product whose releases are tampered with after publishing
    TableId facts = TableId.gold(TAMPER, "facts");
    write(facts, List.of(RowFactory.create(1, "a"), RowFactory.create(2, "b")), FACTS);
    factsFirstSnapshot = lakehouse.currentSnapshot(facts);
    PullFixtures.release(lakehouse, ops, TAMPER, "1.0.0", List.of("facts"), 4, Optional.empty());
    PullFixtures.release(lakehouse, ops, TAMPER, "1.1.0", List.of("facts"), 5, Optional.empty());
    write(facts, List.of(RowFactory.create(1, "a"), RowFactory.create(2, "c")), FACTS);
    factsSecondSnapshot = lakehouse.currentSnapshot(facts);
    lakehouse
        .spark()
        .sql(
            "ALTER TABLE "
                + facts.sqlName()
                + " REPLACE TAG `v1.1.0` AS OF VERSION "
                + factsSecondSnapshot);
    // 1.0.0's manifest edited after signing: one more row claimed
    Path manifest = PullFixtures.releaseDir(lakehouse, TAMPER, "1.0.0").resolve("manifest.json");
    String text = Files.readString(manifest);
    Files.writeString(manifest, text.replaceFirst("(\"rows\"\\s*:\\s*)2", "$13"));
    assertFalse(text.equals(Files.readString(manifest)), "the manifest was not edited: " + text);
  }

  private static void write(TableId id, List<Row> rows, StructType schema) {
    lakehouse.replaceIceberg(
        id, lakehouse.spark().createDataFrame(rows, schema), rows.size(), Optional.empty());
  }

  private Pull.Result pull(String ref, Pull.Format format, Path out) {
    return pull.run(
        new Pull.Request(ref, format, out, Optional.empty(), Optional.empty(), false),
        Optional.of(token),
        m -> {});
  }

  @Test
  void aShardedTableIsWrittenOnePartFilePerShardOfTheSplit() throws Exception {
    for (Pull.Format format : List.of(Pull.Format.JSONL, Pull.Format.PARQUET)) {
      Path out = work.resolve("sharded-" + format);
      pull.run(
          new Pull.Request(
              SHARDED + "@1.0.0", format, out, Optional.of("train"), Optional.empty(), false),
          Optional.of(token),
          m -> {});
      List<String> parts;
      try (var files = Files.list(out.resolve("documents"))) {
        parts = files.map(f -> f.getFileName().toString()).sorted().toList();
      }
      String ext = format == Pull.Format.JSONL ? "jsonl" : "parquet";
      assertEquals(
          List.of("part-00000." + ext, "part-00001." + ext, "part-00002." + ext),
          parts,
          "one part per shard of train (shards 0, 1, 2)");
      List<Row> first =
          lakehouse
              .spark()
              .read()
              .format(format == Pull.Format.JSONL ? "json" : "parquet")
              .load(out.resolve("documents/part-00000." + ext).toString())
              .orderBy("doc_id")
              .collectAsList();
      assertEquals(
          List.of("d1", "d2"), first.stream().map(r -> r.<String>getAs("doc_id")).toList());
    }
  }

  @Test
  void writesTheLayoutThatSha256sumChecks() throws Exception {
    Path out = work.resolve("corpus");
    Pull.Result r = pull(CORPUS + "@v1.0.0", Pull.Format.CSV, out);
    assertEquals("1.0.0", r.version().toString());
    assertEquals(8, r.rows());
    assertEquals(
        List.of(
            "DATASET_CARD.md",
            "SHA256SUMS",
            "documents/part-00000.csv",
            "manifest.json",
            "manifest.sig",
            "stats/part-00000.csv"),
        files(out));
    Path release = PullFixtures.releaseDir(lakehouse, CORPUS, "1.0.0");
    assertArrayEquals(
        Files.readAllBytes(release.resolve("manifest.sig")),
        Files.readAllBytes(out.resolve("manifest.sig")));
    Process p =
        new ProcessBuilder("sha256sum", "-c", "SHA256SUMS")
            .directory(out.toFile())
            .redirectErrorStream(true)
            .start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), said);
    assertEquals(5, said.lines().filter(l -> l.endsWith(": OK")).count(), said);
    String csv = Files.readString(out.resolve("documents/part-00000.csv"));
    assertTrue(
        csv.startsWith(
            "doc_id,text,split,pii,tags,at,score\r\n"
                + "d1,\"comma, \"\"quote\"\"\nline\",train,\"{\"\"a\"\":1,\"\"b\"\":2}\",[],"
                + "2026-01-01T00:00:00Z,1.0\r\n"),
        csv);
    try (Stream<Path> s = Files.list(work)) {
      assertEquals(List.of(out), s.toList(), "no temporary folder is left beside the output");
    }
    assertEquals(
        1,
        auditRows("pull", "ok").stream()
            .filter(a -> a.getString(1).equals("pull_reader") && a.getString(5).equals("1.0.0"))
            .count());
  }

  @Test
  void givesTheSameBytesTwiceAndKeepsOnlyTheSplitAsked() throws Exception {
    for (Pull.Format f : List.of(Pull.Format.JSONL, Pull.Format.CSV)) {
      Path a = work.resolve("a-" + f.extension());
      Path b = work.resolve("b-" + f.extension());
      pull(CORPUS + "@1.1.0", f, a);
      pull(CORPUS + "@1.1.0", f, b);
      for (String file : files(a)) {
        assertArrayEquals(
            Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)), file);
      }
      assertEquals(files(a), files(b));
    }
    assertEquals(
        "{\"doc_id\":\"d1\",\"text\":\"comma, \\\"quote\\\"\\nline\",\"split\":\"train\","
            + "\"pii\":{\"a\":1,\"b\":2},\"tags\":[],\"at\":\"2026-01-01T00:00:00Z\",\"score\":1.0}",
        Files.readAllLines(work.resolve("a-jsonl/documents/part-00000.jsonl")).get(0));

    Path train = work.resolve("train");
    Pull.Result r =
        pull.run(
            new Pull.Request(
                CORPUS + "@1.1.0",
                Pull.Format.PARQUET,
                train,
                Optional.of("train"),
                Optional.empty(),
                false),
            Optional.of(token),
            m -> {});
    assertEquals(List.of(3L, 3L), r.tables().stream().map(Pull.PulledTable::rows).toList());
    assertEquals(
        List.of("d1", "d3", "d5"),
        lakehouse
            .spark()
            .read()
            .parquet(train.resolve("documents/part-00000.parquet").toString())
            .select("doc_id")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList());
    ReleaseRefusedException e =
        assertThrows(
            ReleaseRefusedException.class,
            () ->
                pull.run(
                    new Pull.Request(
                        CORPUS + "@1.1.0",
                        Pull.Format.CSV,
                        work.resolve("dev"),
                        Optional.of("dev"),
                        Optional.empty(),
                        false),
                    Optional.of(token),
                    m -> {}));
    assertTrue(e.getMessage().contains("its splits are test, train, validation"), e.getMessage());
  }

  @Test
  void refusesAManifestEditedAfterSigningAndWritesNothing() {
    Path out = work.resolve("tampered");
    VerificationException e =
        assertThrows(
            VerificationException.class, () -> pull(TAMPER + "@1.0.0", Pull.Format.JSONL, out));
    assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    assertFalse(Files.exists(out));
    assertEquals(List.of(), files(work));
    assertTrue(
        auditRows("refused", "verification_failed").stream()
            .anyMatch(a -> a.getString(4).equals(TAMPER) && a.getString(5).equals("1.0.0")));
  }

  @Test
  void refusesATagMovedToAnotherSnapshotNamingTheTable() {
    Path out = work.resolve("moved");
    VerificationException e =
        assertThrows(
            VerificationException.class, () -> pull(TAMPER + "@1.1.0", Pull.Format.CSV, out));
    assertTrue(
        e.getMessage()
            .contains(
                "tag v1.1.0 of table lake.pull_tamper.facts differs: the signed manifest says"
                    + " snapshot "
                    + factsFirstSnapshot
                    + ", found snapshot "
                    + factsSecondSnapshot),
        e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void refusesRevokedUnknownAndCandidateVersionsWithTheirReasons() {
    Path out = work.resolve("x");
    String revoked =
        assertThrows(
                ReleaseRefusedException.class, () -> pull(CORPUS + "@1.2.0", Pull.Format.CSV, out))
            .getMessage();
    assertTrue(revoked.contains("was revoked: licence of source web_x withdrawn"), revoked);
    String unknown =
        assertThrows(
                ReleaseRefusedException.class, () -> pull(CORPUS + "@9.0.0", Pull.Format.CSV, out))
            .getMessage();
    assertTrue(unknown.contains("released versions: 1.0.0, 1.1.0 (revoked: 1.2.0)"), unknown);
    String candidate =
        assertThrows(
                ReleaseRefusedException.class,
                () -> pull(CORPUS + "@candidate_20260101T000000Z_ab01", Pull.Format.CSV, out))
            .getMessage();
    assertTrue(candidate.contains("is a release candidate"), candidate);
    String product =
        assertThrows(ReleaseRefusedException.class, () -> pull("nope@1.0.0", Pull.Format.CSV, out))
            .getMessage();
    assertTrue(product.contains("product 'nope' has no released version"), product);
    InvalidSpecException path =
        assertThrows(InvalidSpecException.class, () -> pull("../x@1.0.0", Pull.Format.CSV, out));
    assertTrue(path.getMessage().contains("path separator"), path.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void latestIsTheNewestReleaseNotRevoked() {
    assertEquals(
        "1.1.0",
        pull(CORPUS + "@latest", Pull.Format.JSONL, work.resolve("l")).version().toString());
  }

  @Test
  void refusesANonEmptyOutputUnlessForced() throws Exception {
    Path out = Files.createDirectories(work.resolve("busy"));
    Files.writeString(out.resolve("keep.txt"), "x");
    String msg =
        assertThrows(
                ReleaseRefusedException.class, () -> pull(CORPUS + "@1.0.0", Pull.Format.CSV, out))
            .getMessage();
    assertTrue(msg.contains("exists and is not empty"), msg);
    assertTrue(Files.exists(out.resolve("keep.txt")));
    pull.run(
        new Pull.Request(
            CORPUS + "@1.0.0", Pull.Format.CSV, out, Optional.empty(), Optional.empty(), true),
        Optional.of(token),
        m -> {});
    assertFalse(Files.exists(out.resolve("keep.txt")));
    assertTrue(Files.exists(out.resolve("SHA256SUMS")));
  }

  @Test
  void refusesAWrongTokenOrAnAdminAndAuditsIt() {
    String wrong = "pull_reader." + "A".repeat(43);
    AccessDeniedException e =
        assertThrows(
            AccessDeniedException.class,
            () ->
                pull.run(
                    new Pull.Request(
                        CORPUS + "@1.0.0",
                        Pull.Format.CSV,
                        work.resolve("w"),
                        Optional.empty(),
                        Optional.empty(),
                        false),
                    Optional.of(wrong),
                    m -> {}));
    assertEquals(AccessDeniedException.Reason.INVALID_TOKEN, e.reason());
    List<Row> denied = auditRows("refused", "denied");
    assertTrue(
        denied.stream()
            .anyMatch(
                a ->
                    a.getString(1).equals("anonymous")
                        && a.getString(7).contains("not valid for this warehouse")
                        && a.getString(7).contains("'pull_reader'")),
        denied.toString());
    assertTrue(denied.stream().noneMatch(a -> a.getString(7).contains("AAAAAAAA")));
    AccessDeniedException admin =
        assertThrows(
            AccessDeniedException.class,
            () ->
                pull.run(
                    new Pull.Request(
                        CORPUS + "@1.0.0",
                        Pull.Format.CSV,
                        work.resolve("w"),
                        Optional.empty(),
                        Optional.empty(),
                        false),
                    Optional.of(PullFixtures.adminToken(lakehouse)),
                    m -> {}));
    assertEquals(AccessDeniedException.Reason.ROLE_NOT_ALLOWED, admin.reason());
    assertFalse(Files.exists(work.resolve("w")));
  }

  private static List<Row> auditRows(String action, String outcome) {
    return lakehouse
        .read(OpsTables.AUDIT_LOG)
        .where("action = '" + action + "' AND outcome = '" + outcome + "'")
        .collectAsList();
  }

  /** Every file under a folder, relative, sorted. */
  private static List<String> files(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      List<String> out = new ArrayList<>();
      s.filter(Files::isRegularFile)
          .forEach(f -> out.add(dir.relativize(f).toString().replace('\\', '/')));
      return out.stream().sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
