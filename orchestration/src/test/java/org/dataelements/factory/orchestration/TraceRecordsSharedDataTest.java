package org.dataelements.factory.orchestration;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dataelements.factory.core.PseudonymKey;
import org.dataelements.factory.core.RunIds;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.StepEnvironment;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.core.testing.Required;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.curation.trace.Inspections;
import org.dataelements.factory.curation.trace.Recalls;
import org.dataelements.factory.ingestion.Ingestor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traceability records on real data: the UK PRiF brand-name-annex sheets and the FDA and USDA
 * FSIS recall notices of ../shared/data, landed by the ingestion code as {@code factory ingest}
 * does with the sources of conf/, then curated by the silver steps. Expectations come from the
 * files themselves, read here without the factory's code.
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class TraceRecordsSharedDataTest {
  static final Path DATA = SparkTestSession.sharedData().resolve("traceability");
  static final String PRIF = "pesticide_residues_uk_prif";
  static final String RECALLS = "food_recalls_us";

  @TempDir Path landing;

  private void copy(String folder) throws IOException {
    Path from = DATA.resolve(folder);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = landing.resolve("traceability").resolve(folder).resolve(from.relativize(f));
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
  }

  @Test
  void prifSheetsBecomeOneInspectionPerSampleAndAnalyte(Lakehouse lh) throws IOException {
    Required.sharedData("traceability", PRIF);
    copy(PRIF);
    new OpsTables(lh).ensureAll();
    Specs specs = Specs.load(SparkTestSession.confDir());
    new Ingestor(lh, new OpsTables(lh))
        .ingest(
            List.of(specs.source("pesticide_residues").orElseThrow()),
            landing,
            RunIds.next(Instant.now()));
    Dataset<Row> bronze = lh.read(Inspections.BRONZE_PRIF);
    StepOutput out =
        new Inspections(StepEnvironment.of(() -> PseudonymKey.of(new byte[32])))
            .transform(
                new StepInputs(Map.of(Inspections.BRONZE_PRIF, bronze), Map.of(), "test_run"));
    List<Row> rows = out.rows().collectAsList();
    List<Row> quarantine = out.quarantine().orElseThrow().collectAsList();

    // the sheets read here as plain CSV: samples are rows with an id and a date of sampling
    Sheets sheets = Sheets.read(DATA.resolve(PRIF));
    Set<String> sampleIds = new TreeSet<>();
    rows.forEach(r -> sampleIds.add(r.getAs("sample_id")));
    assertEquals(sheets.sampleIds, sampleIds, "every sample of the files, and only those");

    Map<String, Long> results = new TreeMap<>();
    rows.forEach(r -> results.merge(r.getAs("result"), 1L, Long::sum));
    assertEquals(
        sheets.residues,
        rows.size() - results.getOrDefault("not_detected", 0L),
        "one row per residue the sheets name");
    assertEquals(sheets.noneDetected, results.getOrDefault("not_detected", 0L));
    assertEquals(sheets.aboveMrl, results.getOrDefault("fail", 0L));
    assertEquals(sheets.withoutMrl, results.getOrDefault("no_limit", 0L));

    // Apples_GB_BNA.csv: 0044/2022,24/01/2022,Gala Apples,Poland,Aldi,…,captan (sum) 1.9 (MRL = 10)
    Row captan =
        rows.stream()
            .filter(r -> "0044/2022#captan (sum)".equals(r.getAs("inspection_id")))
            .findFirst()
            .orElseThrow();
    assertEquals("prif", captan.getAs("source"));
    assertEquals("captan (sum)", captan.getAs("analyte"));
    assertEquals(1.9, captan.<Double>getAs("value_mg_kg"));
    assertEquals(10.0, captan.<Double>getAs("limit_mg_kg"));
    assertEquals("pass", captan.getAs("result"));
    assertEquals(Timestamp.from(Instant.parse("2022-01-24T00:00:00Z")), captan.getAs("sampled_at"));
    assertEquals("Gala Apples", captan.getAs("commodity"));
    assertEquals("Eating", captan.getAs("category"));
    assertEquals("Poland", captan.getAs("origin"));
    assertEquals("Aldi", captan.getAs("sampling_point"));
    assertEquals(
        "traceability/pesticide_residues_uk_prif/Q1_2022_BNA/Apples_GB_BNA.csv",
        captan.getAs("source_file"));
    // Cabbage_GB_BNA.csv: 0541/2022 difenoconazole on its row, Spirotetramat on the next
    Row spiro =
        rows.stream()
            .filter(r -> "0541/2022#spirotetramat (partial sum)".equals(r.getAs("inspection_id")))
            .findFirst()
            .orElseThrow();
    assertEquals(0.06, spiro.<Double>getAs("value_mg_kg"));
    assertEquals("Primo Cabbage", spiro.getAs("commodity"), "the continuation row's sample");
    assertEquals("UK", spiro.getAs("origin"));
    // PeachandNect_GB_BNA.csv: glufosinate (sum) 0.2 (MRL = 0.15) is above its MRL
    assertEquals(
        "fail",
        rows.stream()
            .filter(r -> "0041/2022#glufosinate (sum)".equals(r.getAs("inspection_id")))
            .findFirst()
            .orElseThrow()
            .getAs("result"));

    // every bronze row is accounted for once: results (several per row) or one quarantine row
    Set<String> in = new HashSet<>();
    bronze
        .select("_source_file", "_record_number")
        .collectAsList()
        .forEach(r -> in.add(r.get(0) + ":" + r.get(1)));
    Set<String> kept = new HashSet<>();
    rows.forEach(r -> kept.add(r.getAs("source_file") + ":" + r.getAs("source_row")));
    List<String> dropped = new ArrayList<>();
    quarantine.forEach(q -> dropped.add(q.getAs("source_file") + ":" + q.getAs("source_row")));
    Set<String> missing = new TreeSet<>(in);
    missing.removeAll(kept);
    dropped.forEach(missing::remove);
    assertEquals(Set.of(), missing);
    assertEquals(in.size(), kept.size() + dropped.size());

    Map<String, Long> rules = new TreeMap<>();
    quarantine.forEach(q -> rules.merge(q.getAs("rule_id"), 1L, Long::sum));
    assertTrue(
        Set.of("section_heading", "note_row", "blank_row").containsAll(rules.keySet()),
        "the real sheets have no unreadable cells: " + rules);
    assertEquals(
        sheets.headings,
        rules.getOrDefault("section_heading", 0L) + rules.getOrDefault("note_row", 0L));
    System.out.printf(
        "PRiF: %d bronze rows, %d samples, %d analyte rows %s, quarantined %s%n",
        in.size(), sampleIds.size(), rows.size(), results, rules);
  }

  @Test
  void everyFdaAndFsisNoticeBecomesOneRecall(Lakehouse lh) throws IOException {
    Required.sharedData("traceability", RECALLS);
    copy(RECALLS);
    new OpsTables(lh).ensureAll();
    Specs specs = Specs.load(SparkTestSession.confDir());
    new Ingestor(lh, new OpsTables(lh))
        .ingest(
            List.of(specs.source("food_recalls").orElseThrow()),
            landing,
            RunIds.next(Instant.now()));
    Dataset<Row> bronze = lh.read(Recalls.BRONZE_US);
    StepOutput out =
        new Recalls()
            .transform(new StepInputs(Map.of(Recalls.BRONZE_US, bronze), Map.of(), "test_run"));
    List<Row> rows = out.rows().collectAsList();
    List<Row> quarantine = out.quarantine().orElseThrow().collectAsList();

    // the notices counted here with Jackson: FSIS by notice number, FDA by record uid
    ObjectMapper json = new ObjectMapper();
    Set<String> fsis = new TreeSet<>();
    Set<String> fda = new TreeSet<>();
    long records = 0;
    try (Stream<Path> files = Files.walk(DATA.resolve(RECALLS))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        for (JsonNode n : json.readTree(f.toFile())) {
          records++;
          if ("USDA".equals(n.path("agency").asText())) {
            fsis.add(n.path("notice_id_number").asText());
          } else {
            fda.add(n.path("uid").asText());
          }
        }
      }
    }
    Map<String, Set<String>> bySource = new TreeMap<>();
    rows.forEach(
        r ->
            bySource
                .computeIfAbsent(r.getAs("source"), k -> new TreeSet<>())
                .add(r.getAs("recall_id")));
    assertEquals(Map.of("fda", fda, "usda_fsis", fsis), bySource, "one recall per notice");
    assertEquals(fda.size() + fsis.size(), rows.size(), "no notice twice");
    assertEquals(records, rows.size() + quarantine.size(), "records in = recalls + quarantined");
    Map<String, Long> rules = new TreeMap<>();
    quarantine.forEach(q -> rules.merge(q.getAs("rule_id"), 1L, Long::sum));
    assertEquals(Map.of("notice_version", records - rows.size()), rules);

    Row fsis002 =
        rows.stream()
            .filter(r -> "002-2014".equals(r.getAs("recall_id")))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "California Firm Recalls Various Meat Products Produced Without the Benefit of Full"
            + " Inspection",
        fsis002.getAs("title"),
        "the English record of the notice");
    assertEquals("Class I", fsis002.getAs("classification"));
    assertEquals(2, fsis002.<Integer>getAs("records"));
    Row braga =
        rows.stream()
            .filter(r -> "4d044953-6eeb-4303-8dc3-eb95676166af".equals(r.getAs("recall_id")))
            .findFirst()
            .orElseThrow();
    assertEquals("Braga Fresh", braga.getAs("firm"));
    assertEquals(java.sql.Date.valueOf("2024-12-31"), braga.getAs("issued_on"));
    long withCodes = out.rows().where(col("lot_codes").getItem(0).isNotNull()).count();
    System.out.printf(
        "Recalls: %d records, %d recalls (%d FDA, %d FSIS), %d with lot codes, quarantined %s%n",
        records, rows.size(), fda.size(), fsis.size(), withCodes, rules);
  }

  /** What the sheets hold, read as plain CSV rows with a regular expression for residues. */
  record Sheets(
      Set<String> sampleIds,
      long residues,
      long noneDetected,
      long aboveMrl,
      long withoutMrl,
      long headings) {
    static final Pattern RESIDUE =
        Pattern.compile("([0-9.]+)\\*?\\s*\\((?:MRL = ([0-9.]+)\\*?|No MRL)\\)");

    static Sheets read(Path folder) throws IOException {
      Set<String> ids = new TreeSet<>();
      long residues = 0;
      long none = 0;
      long above = 0;
      long noMrl = 0;
      long headings = 0;
      List<Path> csvs;
      try (Stream<Path> files = Files.walk(folder)) {
        csvs = files.filter(p -> p.getFileName().toString().endsWith("_BNA.csv")).toList();
      }
      for (Path f : csvs) {
        List<List<String>> records = csv(Files.readString(f, StandardCharsets.UTF_8));
        for (List<String> r : records.subList(2, records.size())) {
          String id = r.get(0).strip();
          if (!id.isEmpty() && !r.get(1).isBlank()) {
            ids.add(id.replaceAll("\\s+", " "));
          } else if (!id.isEmpty()) {
            headings++;
          }
          String cell = r.get(r.size() - 1);
          if (cell.startsWith("None were detected")) {
            none++;
          }
          Matcher m = RESIDUE.matcher(cell);
          while (m.find()) {
            residues++;
            if (m.group(2) == null) {
              noMrl++;
            } else if (Double.parseDouble(m.group(1)) > Double.parseDouble(m.group(2))) {
              above++;
            }
          }
        }
      }
      return new Sheets(ids, residues, none, above, noMrl, headings);
    }

    /** RFC 4180 records (quoted fields may hold commas and line breaks). */
    static List<List<String>> csv(String text) {
      List<List<String>> records = new ArrayList<>();
      List<String> record = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          record.add(field.toString());
          field.setLength(0);
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          record.add(field.toString());
          field.setLength(0);
          records.add(record);
          record = new ArrayList<>();
        } else {
          field.append(c);
        }
      }
      if (field.length() > 0 || !record.isEmpty()) {
        record.add(field.toString());
        records.add(record);
      }
      return records;
    }
  }
}
