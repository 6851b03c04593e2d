package org.dataelements.factory.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.Setting;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.ingestion.csv.CsvLanding;
import org.dataelements.factory.ingestion.document.DocumentLanding;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.internal.LandingScanner;
import org.dataelements.factory.ingestion.internal.SparkFileBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class IngestorTest {
  @TempDir Path landing;

  private static SourceSpec source(String name) {
    return new SourceSpec(
        name,
        "o",
        "d",
        java.util.Optional.empty(),
        List.of(
            new ObjectSpec(
                "readings",
                "d",
                SourceFormat.CSV,
                "meters/**/*.csv",
                "UTF-8",
                List.of("account_id", "reading_date", "consumption"),
                Map.of()),
            new ObjectSpec(
                "series", "d", SourceFormat.WIND_WIDE, "**/*.csv", "UTF-8", List.of(), Map.of())));
  }

  private void write(String rel, String text) throws IOException {
    Path p = landing.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private static Map<String, IngestReport.FileOutcome> byPath(IngestReport r) {
    return r.files().stream().collect(Collectors.toMap(IngestReport.FileOutcome::path, f -> f));
  }

  @Test
  void aDocumentCollectionIsCountedApartAndAnExtractorThatLosesOneIsCaught(Lakehouse lh)
      throws IOException {
    write(
        "texts/poems.json",
        "[{\"title\":\"a\",\"paragraphs\":[\"x\",\"y\"]},{\"title\":\"b\",\"paragraphs\":[]}]");
    SourceSpec texts =
        new SourceSpec(
            "ingtest_docs",
            "o",
            "d",
            Optional.empty(),
            List.of(
                new ObjectSpec(
                    "poems",
                    "d",
                    SourceFormat.DOCUMENT,
                    "texts/**/*.json",
                    "UTF-8",
                    List.of(),
                    Map.of())));
    ObjectSpec poems = texts.objects().get(0);
    LandingFile f = LandingScanner.scan(landing).get(0);
    var apart = Ingestor.countApart(poems, List.of(f));
    assertEquals(2, apart.get(f.path()).records());
    // the real extractor: one poem landed, the one without text quarantined
    BronzeBatch batch = DocumentLanding.parse(lh.spark(), texts, poems, List.of(f));
    assertEquals(new BronzeBatch.Counts(1, 1), batch.counts().get(f.path()));
    assertEquals(Map.of(), Ingestor.miscounted(apart, batch));
    // planted bug: an extraction that dropped the quarantined poem
    BronzeBatch lost =
        new BronzeBatch(
            batch.rows(),
            Optional.empty(),
            Map.of(f.path(), new BronzeBatch.Counts(1, 0)),
            Map.of());
    String why = Ingestor.miscounted(apart, lost).get(f.path());
    assertTrue(why.contains("the file holds 2 records") && why.contains("= 1"), why);
  }

  @Test
  void aParserThatLosesARecordIsCaughtByTheCountTakenApartAndNothingIsWritten(Lakehouse lh)
      throws IOException {
    write(
        "meters/quoted.csv",
        "account_id,reading_date,consumption,note\n"
            + "A,2021-01-01,1.5,\"two\nlines\"\n"
            + "B,2021-01-01,2.5,plain\n"
            + "C,2021-01-01,x,\"ragged\",extra\n");
    ObjectSpec readings = source("ingtest_count").objects().get(0);
    LandingFile f = LandingScanner.scan(landing).get(0);
    var apart = Ingestor.countApart(readings, List.of(f));
    assertEquals(3, apart.get(f.path()).records());
    // the real parser, told that a quoted field spans lines, accounts for every record
    BronzeBatch batch =
        CsvLanding.parse(lh.spark(), readings, List.of(f), java.util.Set.of(f.path()));
    assertEquals(new BronzeBatch.Counts(2, 1), batch.counts().get(f.path()));
    assertEquals(Map.of(), Ingestor.miscounted(apart, batch));
    // planted bug 1: read line by line, the two-line record is cut in two
    BronzeBatch cut = CsvLanding.parse(lh.spark(), readings, List.of(f), java.util.Set.of());
    String why = Ingestor.miscounted(apart, cut).get(f.path());
    assertTrue(why.startsWith("records do not add up: the file holds 3 records"), why);
    // rejected whole: none of its rows or quarantined records are left to write
    BronzeBatch left = Ingestor.withoutFiles(cut, Map.of(f.path(), why));
    assertEquals(java.util.Optional.empty(), left.rows());
    assertEquals(why, left.rejections().get(f.path()));
    // planted bug 2: a filter that drops a row before the split
    BronzeBatch dropped =
        SparkFileBatch.split(
            lh.spark(),
            lh.spark()
                .read()
                .option("header", "true")
                .option("multiLine", "true")
                .schema(
                    "account_id string, reading_date string, consumption string, note string,"
                        + " _corrupt_record string")
                .option("columnNameOfCorruptRecord", SparkFileBatch.CORRUPT)
                .csv(f.sparkUri())
                .filter("account_id <> 'B'")
                .withColumn(SparkFileBatch.FILE, org.apache.spark.sql.functions.input_file_name()),
            List.of(f),
            Map.of(),
            "bad",
            StandardCharsets.UTF_8);
    why = Ingestor.miscounted(apart, dropped).get(f.path());
    assertTrue(why.contains("parsing gave 1 landed + 1 quarantined = 2"), why);
    // a quote that never closes: whatever the reader makes of it, every record is accounted
    // for or the file is rejected whole with the reason, and the ingest goes on
    write(
        "meters/unbalanced.csv",
        "account_id,reading_date,consumption,note\nA,2021-01-01,\"1,x\nB,2,3,y\n");
    // through the ingest: the file lands whole, three records accounted for
    IngestReport r =
        new Ingestor(lh, new OpsTables(lh))
            .ingest(
                List.of(source("ingtest_count")), landing, RunIds.next(java.time.Instant.now()));
    assertEquals(3, byPath(r).get("meters/quoted.csv").recordsRead());
    IngestReport.FileOutcome unbalanced = byPath(r).get("meters/unbalanced.csv");
    assertTrue(
        unbalanced.status().equals("rejected")
            ? unbalanced.reason().startsWith("records do not add up")
            : unbalanced.recordsRead() == 1,
        unbalanced.toString());
    assertEquals(
        "two\nlines",
        lh.read(TableId.bronze("ingtest_count", "readings"))
            .where("account_id = 'A'")
            .first()
            .getAs("note"));
  }

  @Test
  void landsGoodFilesRejectsBadOnesWholeAndQuarantinesBadRecords(Lakehouse lh) throws IOException {
    String src = "ingtest_a";
    write(
        "meters/2021.csv",
        "account_id,reading_date,consumption\nA,2021-01-01,1.5\nB,2021-01-01,2.5\n");
    write(
        "meters/ragged.csv",
        "account_id,reading_date,consumption\nA,2021-01-02,1.0\nB,2021-01-02\nC,2021-01-02,3.0\n");
    write("meters/missing_column.csv", "account_id,consumption\nA,1\n");
    write("meters/empty.csv", "");
    Files.createDirectories(landing.resolve("meters"));
    Files.write(
        landing.resolve("meters/gbk.csv"),
        "account_id,reading_date,consumption\n兰州,2021-01-01,1\n".getBytes(Charset.forName("GBK")));
    Files.createDirectories(landing.resolve("stats"));
    try (var in = IngestorTest.class.getResourceAsStream("/fixtures/wind/export.csv")) {
      Files.write(landing.resolve("stats/wind.csv"), in.readAllBytes());
    }
    write("notes/readme.txt", "not data");
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    String run = RunIds.next(Instant.now());
    IngestReport r = new Ingestor(lh, ops).ingest(List.of(source(src)), landing, run);
    Map<String, IngestReport.FileOutcome> f = byPath(r);

    assertEquals("landed", f.get("meters/2021.csv").status());
    assertEquals(2, f.get("meters/2021.csv").rowsLanded());
    IngestReport.FileOutcome ragged = f.get("meters/ragged.csv");
    assertEquals("landed", ragged.status());
    assertEquals(3, ragged.recordsRead());
    assertEquals(ragged.recordsRead(), ragged.rowsLanded() + ragged.rowsQuarantined());
    assertEquals(
        1, ragged.rowsQuarantined(), "the short row is quarantined, not padded with nulls");
    assertTrue(
        f.get("meters/missing_column.csv")
            .reason()
            .contains("missing required column 'reading_date'"));
    assertEquals("rejected", f.get("meters/empty.csv").status());
    assertTrue(
        f.get("meters/gbk.csv").reason().contains("GB18030"), f.get("meters/gbk.csv").reason());
    assertEquals("landed", f.get("stats/wind.csv").status());
    assertEquals(3, f.get("stats/wind.csv").rowsLanded());
    assertEquals("skipped", f.get("notes/readme.txt").status());
    assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    assertEquals(Ingestor.NO_MATCH, f.get("notes/readme.txt").reason());

    TableId readings = TableId.bronze(src, "readings");
    assertEquals(4, lh.read(readings).count());
    assertEquals(1, lh.read(readings.quarantine()).count());
    Row q = lh.read(readings.quarantine()).first();
    assertEquals("meters/ragged.csv", q.getAs("_source_file"));
    assertTrue(((String) q.getAs("raw_record")).startsWith("B,2021-01-02"));
    assertEquals(3L, q.<Long>getAs("record_number"), "the line where the bad record is");
    List<String> cols = List.of(lh.read(readings).columns());
    assertTrue(
        cols.containsAll(
            List.of(
                "_ingested_at", "_source_file", "_source_checksum", "_batch_id", "_rescued_data")),
        cols.toString());

    long recorded =
        lh.spark().sql("select * from lake.ops.ingest_files where run_id = '" + run + "'").count();
    assertEquals(7, recorded, "every file is accounted for");
  }

  @Test
  void landsEachFileVersionOnceAndAChangedFileAsANewVersion(Lakehouse lh) throws IOException {
    String src = "ingtest_b";
    write("meters/a.csv", "account_id,reading_date,consumption\nA,2021-01-01,1\n");
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    Ingestor ingestor = new Ingestor(lh, ops);
    ingestor.ingest(List.of(source(src)), landing, RunIds.next(Instant.now()));
    IngestReport again = ingestor.ingest(List.of(source(src)), landing, RunIds.next(Instant.now()));
    assertEquals("unchanged", byPath(again).get("meters/a.csv").status());
    TableId readings = TableId.bronze(src, "readings");
    assertEquals(1, lh.read(readings).count());

    write("meters/a.csv", "account_id,reading_date,consumption\nA,2021-01-01,1\nA,2021-01-02,2\n");
    IngestReport changed =
        ingestor.ingest(List.of(source(src)), landing, RunIds.next(Instant.now()));
    IngestReport.FileOutcome v2 = byPath(changed).get("meters/a.csv");
    assertEquals("landed", v2.status());
    assertEquals(2, v2.version());
    assertTrue(v2.reason().contains("version 2"), v2.reason());
    assertEquals(
        3, lh.read(readings).count(), "bronze keeps both versions; silver reads the latest");
  }

  @Test
  void filesInOneFolderGoToTheObjectWhoseColumnsTheirHeaderHas(Lakehouse lh) throws IOException {
    String src = "ingtest_c";
    SourceSpec spec =
        new SourceSpec(
            src,
            "o",
            "d",
            java.util.Optional.empty(),
            List.of(
                new ObjectSpec(
                    "energy",
                    "d",
                    SourceFormat.CSV,
                    "annual/**/*.csv",
                    "UTF-8",
                    List.of("Country", "Year", "Electricity demand (TWh)"),
                    Map.of()),
                new ObjectSpec(
                    "gdp",
                    "d",
                    SourceFormat.CSV,
                    "annual/**/*.csv",
                    "UTF-8",
                    List.of("Country", "Year", "Total real GDP"),
                    Map.of())));
    write("annual/b.csv", "Country,Year,Total real GDP\r\nChina,2020,1\r\n");
    write("annual/a.csv", "Country,Year,Electricity demand (TWh)\nChina,2020,7500.5\n");
    write("annual/c.csv", "Country,Population\nChina,1400\n");
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    IngestReport r =
        new Ingestor(lh, ops).ingest(List.of(spec), landing, RunIds.next(Instant.now()));
    Map<String, IngestReport.FileOutcome> f = byPath(r);
    assertEquals(java.util.Optional.of("gdp"), f.get("annual/b.csv").object());
    assertEquals(java.util.Optional.of("energy"), f.get("annual/a.csv").object());
    assertEquals("rejected", f.get("annual/c.csv").status());
    assertTrue(
        f.get("annual/c.csv").reason().contains("missing required column 'Year'"),
        f.get("annual/c.csv").reason());
    Row energy = lh.read(TableId.bronze(src, "energy")).first();
    assertEquals(
        "7500.5",
        energy.getAs("Electricity_demand_TWh_"),
        "names made safe for Delta, values as delivered");
    assertEquals("1", lh.read(TableId.bronze(src, "gdp")).first().getAs("Total_real_GDP"));
  }

  @Test
  void landsJsonDocumentsAndLinesKeepingNestedObjects(Lakehouse lh) throws IOException {
    String src = "ingtest_d";
    SourceSpec spec =
        new SourceSpec(
            src,
            "o",
            "d",
            java.util.Optional.empty(),
            List.of(
                new ObjectSpec(
                    "docs", "d", SourceFormat.JSON, "docs/**/*.json", "UTF-8", List.of(), Map.of()),
                new ObjectSpec(
                    "lines",
                    "d",
                    SourceFormat.JSONL,
                    "lines/**/*.jsonl",
                    "UTF-8",
                    List.of(),
                    Map.of())));
    write(
        "docs/poems.json",
        "[{\"title\": \"静夜思\", \"meta\": {\"author\": \"李白\"}},\n {\"title\": \"春晓\", \"meta\": {\"author\": \"孟浩然\"}}]");
    write("docs/truncated.json", "[{\"title\": \"a\"},\n {\"title\": ");
    write(
        "lines/papers.jsonl",
        "{\"id\": \"0704.0001\", \"journal-ref\": \"PRD\"}\n{not json\n{\"id\": \"0704.0002\"}\n");
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    IngestReport r =
        new Ingestor(lh, ops).ingest(List.of(spec), landing, RunIds.next(Instant.now()));
    Map<String, IngestReport.FileOutcome> f = byPath(r);
    assertEquals(2, f.get("docs/poems.json").rowsLanded());
    assertEquals("rejected", f.get("docs/truncated.json").status());
    assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    assertTrue(
        f.get("docs/truncated.json").reason().contains("not valid JSON at line 2"),
        f.get("docs/truncated.json").reason());
    IngestReport.FileOutcome papers = f.get("lines/papers.jsonl");
    assertEquals(3, papers.recordsRead());
    assertEquals(2, papers.rowsLanded());
    assertEquals(1, papers.rowsQuarantined());
    Row poem = lh.read(TableId.bronze(src, "docs")).orderBy("title").first();
    assertEquals("孟浩然", poem.<Row>getAs("meta").getAs("author"), "nested objects stay structs");
    Row badLine = lh.read(TableId.bronze(src, "lines").quarantine()).first();
    assertEquals("{not json", badLine.getAs("raw_record"));
    assertEquals(2L, badLine.<Long>getAs("record_number"));
    assertEquals(
        List.of("0704.0001", "0704.0002"),
        lh.read(TableId.bronze(src, "lines")).orderBy("id").collectAsList().stream()
            .map(x -> (String) x.getAs("id"))
            .toList());
  }

  @Test
  void aFileWhoseEveryRecordWasQuarantinedIsNotLandedAgain(Lakehouse lh) throws IOException {
    String src = "ingtest_i";
    SourceSpec spec =
        new SourceSpec(
            src,
            "o",
            "d",
            java.util.Optional.empty(),
            List.of(
                new ObjectSpec(
                    "lines",
                    "d",
                    SourceFormat.JSONL,
                    "lines/**/*.jsonl",
                    "UTF-8",
                    List.of(),
                    Map.of())));
    write("lines/good.jsonl", "{\"id\": 1}\n");
    write("lines/allbad.jsonl", "{not json\n{nor this\n");
    write("lines/empty.jsonl", "");
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    Ingestor ingestor = new Ingestor(lh, ops);
    IngestReport first = ingestor.ingest(List.of(spec), landing, RunIds.next(Instant.now()));
    assertEquals(2, byPath(first).get("lines/allbad.jsonl").rowsQuarantined());
    assertEquals("rejected", byPath(first).get("lines/empty.jsonl").status());
    IngestReport second = ingestor.ingest(List.of(spec), landing, RunIds.next(Instant.now()));
    assertEquals(
        "unchanged",
        byPath(second).get("lines/allbad.jsonl").status(),
        "its rows are all in the quarantine, and it is recorded as landed");
    assertEquals(
        2, lh.read(TableId.bronze(src, "lines").quarantine()).count(), "not quarantined twice");
    IngestReport.FileOutcome stillEmpty = byPath(second).get("lines/empty.jsonl");
    assertEquals("rejected", stillEmpty.status());
    assertTrue(
        stillEmpty.reason().contains("unchanged since rejected"),
        "not read again: " + stillEmpty.reason());
    IngestReport retried =
        ingestor.retryingRejected().ingest(List.of(spec), landing, RunIds.next(Instant.now()));
    assertTrue(
        byPath(retried).get("lines/empty.jsonl").reason().startsWith("the file is empty"),
        byPath(retried).get("lines/empty.jsonl").reason());
  }

  @Test
  void landsParquetFilesMergingColumnsAndRejectsOneThatIsNotParquet(Lakehouse lh)
      throws IOException {
    String src = "ingtest_e";
    SourceSpec spec =
        new SourceSpec(
            src,
            "o",
            "d",
            java.util.Optional.empty(),
            List.of(
                new ObjectSpec(
                    "parts",
                    "d",
                    SourceFormat.PARQUET,
                    "pq/**/*.parquet",
                    "UTF-8",
                    List.of(),
                    Map.of())));
    Path staging = landing.resolveSibling(landing.getFileName() + "-staging");
    lh.spark()
        .range(3)
        .toDF("n")
        .coalesce(1)
        .write()
        .parquet(staging.resolve("a").toUri().toString());
    lh.spark()
        .range(2)
        .toDF("n")
        .withColumn("extra col", org.apache.spark.sql.functions.lit("x"))
        .coalesce(1)
        .write()
        .parquet(staging.resolve("b").toUri().toString());
    Files.createDirectories(landing.resolve("pq"));
    for (String part : List.of("a", "b")) {
      try (var files = Files.list(staging.resolve(part))) {
        Path data =
            files
                .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                .findFirst()
                .orElseThrow();
        Files.copy(data, landing.resolve("pq/" + part + ".parquet"));
      }
    }
    write("pq/broken.parquet", "this is not parquet");
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    IngestReport r =
        new Ingestor(lh, ops).ingest(List.of(spec), landing, RunIds.next(Instant.now()));
    Map<String, IngestReport.FileOutcome> f = byPath(r);
    assertEquals(3, f.get("pq/a.parquet").rowsLanded());
    assertEquals(2, f.get("pq/b.parquet").rowsLanded());
    assertEquals("rejected", f.get("pq/broken.parquet").status());
    assertTrue(
        f.get("pq/broken.parquet").reason().startsWith("not a readable Parquet file"),
        f.get("pq/broken.parquet").reason());
    var rows = lh.read(TableId.bronze(src, "parts"));
    assertEquals(5, rows.count());
    assertEquals(2, rows.filter("extra_col = 'x'").count());
  }

  @Test
  void findsAHeaderBelowATitleRowAndLandsTheRowsAfterIt(Lakehouse lh) throws IOException {
    String src = "ingtest_g";
    SourceSpec spec =
        new SourceSpec(
            src,
            "o",
            "d",
            java.util.Optional.empty(),
            List.of(
                new ObjectSpec(
                    "samples",
                    "d",
                    SourceFormat.CSV,
                    "sheets/**/*.csv",
                    "UTF-8",
                    List.of("Sample ID"),
                    Map.of(),
                    FormatOptions.parse(SourceFormat.CSV, Map.of("header_search_rows", "5")))));
    write(
        "sheets/apples.csv",
        "Residues Quarter 1 2022 Apples (GB)      ,,\n"
            + "Sample ID,Date of Sampling,Residues found\n"
            + "Eating   ,,\n"
            + "0044/2022,24/01/2022,captan 1.9 (MRL = 10)\n"
            + ",,\"acetamiprid 0.02 (MRL = 0.4)\"\n"
            + "0292/2022,01/03/2022\n");
    write("sheets/plain.csv", "Sample ID,Date of Sampling\n0001/2022,01/01/2022\n");
    write(
        "sheets/summary.csv",
        "\"Notes\nfirst paragraph, with a comma\"\n\nSamples above the MRL are in bold.\n");
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    IngestReport r =
        new Ingestor(lh, ops).ingest(List.of(spec), landing, RunIds.next(Instant.now()));
    Map<String, IngestReport.FileOutcome> f = byPath(r);

    IngestReport.FileOutcome apples = f.get("sheets/apples.csv");
    assertEquals("landed", apples.status(), apples.reason());
    assertEquals(4, apples.recordsRead(), "the title and header rows are not records");
    assertEquals(1, apples.rowsQuarantined(), "the short last row");
    assertEquals(1, f.get("sheets/plain.csv").rowsLanded());
    assertEquals("rejected", f.get("sheets/summary.csv").status());
    assertTrue(
        f.get("sheets/summary.csv")
            .reason()
            .contains("no row among the first 5 holds all of [Sample ID]"),
        f.get("sheets/summary.csv").reason());
    TableId samples = TableId.bronze(src, "samples");
    List<Row> rows = lh.read(samples).filter("_source_file = 'sheets/apples.csv'").collectAsList();
    assertEquals(3, rows.size());
    assertTrue(
        rows.stream()
            .anyMatch(
                x ->
                    "0044/2022".equals(x.getAs("Sample_ID"))
                        && "24/01/2022".equals(x.getAs("Date_of_Sampling"))),
        rows.toString());
    assertTrue(
        rows.stream()
            .anyMatch(
                x ->
                    x.getAs("Sample_ID") == null
                        && "acetamiprid 0.02 (MRL = 0.4)".equals(x.getAs("Residues_found"))),
        "continuation rows land as delivered");
    List<Long> order =
        rows.stream()
            .sorted(java.util.Comparator.comparing(x -> x.<Long>getAs("_record_number")))
            .map(x -> x.<Long>getAs("_record_number"))
            .toList();
    assertEquals(
        List.of(3L, 4L, 5L),
        order,
        "each row carries its record's position in the file (title 1, header 2), so silver can"
            + " attach a continuation row to the sample above it");
    Row plain = lh.read(samples).filter("_source_file = 'sheets/plain.csv'").first();
    assertEquals(
        2L,
        plain.<Long>getAs("_record_number"),
        "a sheet whose header is its first row is numbered the same way");
    Row q = lh.read(samples.quarantine()).first();
    assertEquals("0292/2022,01/03/2022", q.getAs("raw_record"));
  }

  @Test
  void freezesTheSchemaAtFirstLandingThenAddsNewColumnsAndRescuesChangedTypes(Lakehouse lh)
      throws IOException {
    String src = "ingtest_h";
    SourceSpec spec =
        new SourceSpec(
            src,
            "o",
            "d",
            java.util.Optional.empty(),
            List.of(
                new ObjectSpec(
                    "items",
                    "d",
                    SourceFormat.JSON,
                    "items/**/*.json",
                    "UTF-8",
                    List.of(),
                    Map.of())));
    write("items/one.json", "[{\"id\": 1, \"name\": \"a\"}, {\"id\": 2, \"name\": \"b\"}]");
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    Ingestor ingestor = new Ingestor(lh, ops);
    IngestReport first = ingestor.ingest(List.of(spec), landing, RunIds.next(Instant.now()));
    assertTrue(first.warnings().isEmpty(), first.warnings().toString());
    TableId items = TableId.bronze(src, "items");
    Path frozen =
        Path.of(java.net.URI.create(lh.config().warehouse() + "/_schemas/" + src + "/items.json"));
    assertTrue(Files.exists(frozen), "frozen at first landing: " + frozen);

    write("items/two.json", "[{\"id\": \"X-3\", \"name\": \"c\", \"colour\": \"red\"}]");
    IngestReport second = ingestor.ingest(List.of(spec), landing, RunIds.next(Instant.now()));
    String warning = String.join("\n", second.warnings());
    assertTrue(warning.contains("new column(s) added: colour"), warning);
    assertTrue(warning.contains("column 'id' is string, frozen as bigint"), warning);
    assertTrue(
        byPath(second).get("items/two.json").reason().contains("schema drift"),
        "stored with the file");
    Row rescued = lh.read(items).filter("name = 'c'").first();
    assertTrue(rescued.isNullAt(rescued.fieldIndex("id")), "a changed type is not cast");
    assertEquals("{\"id\":\"X-3\"}", rescued.getAs("_rescued_data"), "its value is kept");
    assertEquals("red", rescued.getAs("colour"));
    assertEquals(2L, lh.read(items).filter("_rescued_data is null and id is not null").count());
    String doc = Files.readString(frozen);
    assertTrue(doc.contains("\"version\" : 2") && doc.contains("colour"), doc);
  }

  @Test
  void valuesThatDoNotFitTheDeclaredSchemaAreRescuedNotNulled(Lakehouse lh) throws IOException {
    String src = "ingtest_j";
    ObjectSpec readings =
        new ObjectSpec(
                "readings",
                "d",
                SourceFormat.CSV,
                "typed/**/*.csv",
                "UTF-8",
                List.of("account_id"),
                Map.of())
            .withSchema(
                org.apache.spark.sql.types.StructType.fromDDL(
                    "reading_date DATE, consumption DOUBLE"));
    SourceSpec spec = new SourceSpec(src, "o", "d", java.util.Optional.empty(), List.of(readings));
    write(
        "typed/a.csv",
        "account_id,reading_date,consumption\nA,2021-01-01, 1.5\nB,2021-13-01,abc\nC,2021-01-03,\n");
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    new Ingestor(lh, ops).ingest(List.of(spec), landing, RunIds.next(Instant.now()));
    Map<String, Row> rows =
        lh.read(TableId.bronze(src, "readings")).collectAsList().stream()
            .collect(Collectors.toMap(r -> (String) r.getAs("account_id"), r -> r));
    assertEquals(1.5, rows.get("A").<Double>getAs("consumption"));
    assertEquals(java.sql.Date.valueOf("2021-01-01"), rows.get("A").getAs("reading_date"));
    assertTrue(rows.get("A").isNullAt(rows.get("A").fieldIndex("_rescued_data")));
    Row b = rows.get("B");
    assertTrue(b.isNullAt(b.fieldIndex("consumption")) && b.isNullAt(b.fieldIndex("reading_date")));
    assertEquals(
        "{\"reading_date\":\"2021-13-01\",\"consumption\":\"abc\"}",
        b.getAs("_rescued_data"),
        "what does not fit is kept as delivered");
    assertTrue(
        rows.get("C").isNullAt(rows.get("C").fieldIndex("_rescued_data")),
        "an empty cell is a null, not a misfit");
  }

  @Test
  void aGlobMatchingNothingIsAWarningNotAnError(Lakehouse lh) throws IOException {
    write("elsewhere/x.txt", "nothing for this source");
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    IngestReport r =
        new Ingestor(lh, ops)
            .ingest(List.of(source("ingtest_f")), landing, RunIds.next(Instant.now()));
    assertEquals(1, r.count("skipped"));
    assertEquals(2, r.warnings().size(), r.warnings().toString());
    assertTrue(
        r.warnings().get(0).contains("ingtest_f.readings: no file under"), r.warnings().get(0));
    assertTrue(r.warnings().get(0).contains("'meters/**/*.csv'"), r.warnings().get(0));
  }

  @Test
  void aMissingLandingRootIsOneClearError(Lakehouse lh) {
    var e =
        assertThrows(
            DataInputException.class,
            () ->
                new Ingestor(lh, new OpsTables(lh))
                    .ingest(List.of(), landing.resolve("nope"), RunIds.next(Instant.now())));
    assertTrue(e.getMessage().contains("nope' does not exist"), e.getMessage());
    assertEquals(Optional.of(Setting.LANDING_ROOT), e.setting());
  }
}
