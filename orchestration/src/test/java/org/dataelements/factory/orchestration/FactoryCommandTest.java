package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.sample.SampleDataGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the factory as a user does, in its own JVM per command: output streams, exit codes and the
 * warehouse it leaves behind.
 */
@Tag("spark")
class FactoryCommandTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result factory(Path workDir, String... args) throws IOException, InterruptedException {
    return factory(workDir, List.of(), args);
  }

  /** As {@link #factory(Path, String...)}, with more JVM flags. */
  static Result factory(Path workDir, List<String> jvmFlags, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    Process p = start(workDir, out, err, jvmFlags, args);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(
          "factory " + String.join(" ", args) + " did not finish in 5 minutes");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  static Process start(Path workDir, Path out, Path err, String... args) throws IOException {
    return start(workDir, out, err, List.of(), args);
  }

  /** As {@link #start(Path, Path, Path, String...)}, with more JVM flags. */
  static Process start(Path workDir, Path out, Path err, List<String> jvmFlags, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx2g");
    cmd.addAll(jvmFlags);
    for (String flag : System.getProperty("factory.jvm.flags", "").split(" ")) {
      if (!flag.isBlank()) {
        cmd.add(flag);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(FactoryMain.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .directory(workDir.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
  }

  private String[] with(Path wh, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--warehouse", wh.toString(), "--conf", SparkTestSession.confDir().toString()));
    return all.toArray(String[]::new);
  }

  @Test
  void runLandsOnceReportsRejectedFilesAndServesEveryLayerBySql() throws Exception {
    Path landing = tmp.resolve("landing");
    new SampleDataGenerator(3, 2020, 2021, 0.1).write(landing);
    Path wind = landing.resolve("electricity/provinces/consumption.csv");
    Files.createDirectories(wind.getParent());
    StringBuilder export =
        new StringBuilder(
            "\uFEFFWind,\nName,China: Gansu: Power Consumption\nFrequency,Month\nUnit,100 million kwh\n");
    for (int y = 2020; y <= 2021; y++) {
      for (int m = 1; m <= 12; m++) {
        export.append(String.format("%d-%02d,%d.00 %n", y, m, 100 + m + (y - 2020) * 10));
      }
    }
    Files.writeString(wind, export.toString());
    Path bad = landing.resolve("electricity/meter_readings/bad/missing_column.csv");
    Files.createDirectories(bad.getParent());
    Files.writeString(bad, "account_id,reading_date\nA,2021-01-01\n");
    Path wh = tmp.resolve("wh");

    Result first = factory(tmp, with(wh, "run", "--landing", landing.toString()));
    assertEquals(3, first.code(), first.err());
    assertEquals("", first.out(), "progress goes to stderr");
    assertTrue(first.err().contains("missing required column 'region_code'"), first.err());
    assertTrue(first.err().contains("gold:electricity_index.monthly_indices"), first.err());
    // Every lineage event of the sample's run is valid by the official schemas.
    var schemas = org.dataelements.factory.lineage.testing.OpenLineageSchemas.load();
    int events = 0;
    try (var runs = Files.list(wh.resolve("_lineage"))) {
      for (Path f : runs.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        for (String line : Files.readAllLines(f)) {
          assertEquals(List.of(), schemas.problems(line), line);
          events++;
        }
      }
    }
    assertTrue(events > 10, "the run emitted its events: " + events);

    Result count =
        factory(
            tmp,
            with(
                wh,
                "sql",
                "select count(*) as n from bronze.grid__meter_daily",
                "--format",
                "csv"));
    assertEquals(0, count.code(), count.err());
    String before = count.out();

    Result second = factory(tmp, with(wh, "run", "--landing", landing.toString()));
    assertEquals(3, second.code(), second.err());
    assertTrue(second.err().contains("nothing changed since its last build"), second.err());
    Result after =
        factory(
            tmp,
            with(
                wh,
                "sql",
                "select count(*) as n from bronze.grid__meter_daily",
                "--format",
                "csv"));
    assertEquals(before, after.out(), "a second run adds no rows");

    // plan: nothing to do now; a new meter file makes ingest and everything downstream of it run.
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    Result idle =
        factory(tmp, with(wh, "plan", "--landing", landing.toString(), "--format", "json"));
    assertEquals(0, idle.code(), idle.err());
    for (var step : json.readTree(idle.out())) {
      assertEquals("skip", step.get("action").asText(), step.toString());
    }
    Path meters;
    try (var files = Files.walk(landing.resolve("electricity"))) {
      meters =
          files
              .filter(
                  f ->
                      f.toString().endsWith(".csv")
                          && !f.toString().contains("bad")
                          && !f.equals(wind))
              .findFirst()
              .orElseThrow();
    }
    Files.copy(meters, meters.resolveSibling("late_delivery.csv"));
    Result busy =
        factory(tmp, with(wh, "plan", "--landing", landing.toString(), "--format", "json"));
    assertEquals(0, busy.code(), busy.err());
    java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> planned =
        new java.util.LinkedHashMap<>();
    json.readTree(busy.out()).forEach(step -> planned.put(step.get("step").asText(), step));
    assertEquals("run", planned.get("ingest").get("action").asText(), busy.out());
    assertTrue(
        planned
            .get("ingest")
            .get("reason")
            .asText()
            .contains("bronze.grid__meter_daily: 1 new file(s)"),
        busy.out());
    assertEquals(
        "run", planned.get("silver:power__meter_daily").get("action").asText(), busy.out());
    assertTrue(
        planned
            .get("silver:power__meter_daily")
            .get("reason")
            .asText()
            .contains("stale input: bronze.grid__meter_daily will change"),
        busy.out());
    assertEquals(
        "run",
        planned.get("gold:electricity_index.monthly_indices+methodology").get("action").asText());
    assertEquals(
        List.of(
            "lake.electricity_index.monthly_indices",
            "lake.electricity_index.methodology",
            "lake.electricity_index.sector_indices"),
        json.convertValue(
            planned.get("gold:electricity_index.monthly_indices+methodology").get("outputs"),
            List.class));
    Files.delete(meters.resolveSibling("late_delivery.csv"));

    // The run left a release candidate; main stays empty until an operator approves it.
    Result open =
        factory(
            tmp,
            with(
                wh,
                "sql",
                "select candidate from lake.ops.releases where status = 'candidate'",
                "--format",
                "csv"));
    List<String> openLines = open.out().lines().toList();
    assertEquals(2, openLines.size(), "one open candidate: " + open.out() + open.err());
    String candidate = openLines.get(1).strip();
    Result onMain =
        factory(
            tmp,
            with(
                wh,
                "sql",
                "select count(*) as n from lake.electricity_index.monthly_indices",
                "--format",
                "csv"));
    assertEquals(
        List.of("n", "0"),
        onMain.out().lines().toList(),
        "main of a product is empty before any approval");

    Result index =
        factory(
            tmp,
            with(
                wh,
                "sql",
                "select region_code, count(*) as months, min(base_period) as base from lake.electricity_index.monthly_indices"
                    + " VERSION AS OF '"
                    + candidate
                    + "' where index_name = 'total' group by region_code order by region_code",
                "--format",
                "csv"));
    assertEquals(0, index.code(), index.err());
    List<String> lines = index.out().lines().toList();
    assertEquals("region_code,months,base", lines.get(0));
    assertEquals(
        17, lines.size(), "Gansu from the statistics and the 15 metered divisions: " + index.out());
    assertTrue(lines.contains("620000,24,2020"), index.out());
    Result candidateCount =
        factory(
            tmp,
            with(
                wh,
                "sql",
                "select count(*) as n from lake.electricity_index.monthly_indices VERSION AS OF '"
                    + candidate
                    + "'",
                "--format",
                "csv"));

    Result files =
        factory(
            tmp,
            with(
                wh,
                "sql",
                "select status, count(*) as n from lake.ops.ingest_files group by status order by status",
                "--format",
                "json"));
    assertTrue(files.out().contains("{\"status\":\"landed\",\"n\":3}"), files.out());
    assertTrue(files.out().contains("{\"status\":\"rejected\",\"n\":1}"), files.out());

    Result empty =
        factory(tmp, with(wh, "sql", "select * from lake.ops.runs where 1 = 0", "--format", "csv"));
    assertTrue(
        empty
            .out()
            .startsWith(
                "run_id,step,status,started_at,ended_at,rows_in,rows_out,rows_quarantined,message"),
        empty.out());

    Result badSql = factory(tmp, with(wh, "sql", "select * from no_such_table"));
    assertEquals(2, badSql.code());
    assertTrue(badSql.err().contains("invalid SQL"), badSql.err());

    Result tables = factory(tmp, with(wh, "tables", "--format", "csv"));
    assertTrue(tables.out().contains("bronze.grid__meter_daily,bronze,delta,"), tables.out());
    assertTrue(
        tables.out().contains("lake.electricity_index.monthly_indices,gold,iceberg,"),
        tables.out());

    Result show =
        factory(
            tmp,
            with(
                wh,
                "show",
                "silver.power__meter_daily",
                "--version",
                "0",
                "--limit",
                "3",
                "--format",
                "csv"));
    assertEquals(0, show.code(), show.err());
    assertEquals(4, show.out().lines().count(), show.out());

    // Authorize: the first user is an admin; a consumer may not approve (refused, audit-logged);
    // an operator's approval publishes 1.0.0, which a consumer pulls and verifies.
    Result admin = factory(tmp, with(wh, "users", "add", "admin", "--role", "admin"));
    assertEquals(0, admin.code(), admin.err());
    String adminToken = admin.out().strip();
    assertTrue(
        !admin.err().contains(adminToken) && adminToken.startsWith("admin."),
        "token on stdout only");
    Path adminFile = Files.writeString(tmp.resolve("admin.token"), adminToken);
    Result ops =
        factory(
            tmp,
            with(
                wh,
                "users",
                "add",
                "ops.li",
                "--role",
                "operator",
                "--token-file",
                adminFile.toString()));
    assertEquals(0, ops.code(), ops.err());
    Path opsFile = Files.writeString(tmp.resolve("ops.token"), ops.out().strip());
    Result consumer =
        factory(
            tmp,
            with(
                wh,
                "users",
                "add",
                "ai.team",
                "--role",
                "consumer",
                "--token-file",
                adminFile.toString()));
    Path consumerFile = Files.writeString(tmp.resolve("consumer.token"), consumer.out().strip());
    Result refused =
        factory(
            tmp,
            with(
                wh,
                "release",
                "approve",
                "electricity_index",
                candidate,
                "--token-file",
                consumerFile.toString()));
    assertEquals(1, refused.code(), refused.err());
    assertTrue(refused.err().contains("may not approve"), refused.err());
    Result approved =
        factory(
            tmp,
            with(
                wh,
                "release",
                "approve",
                "electricity_index",
                candidate,
                "--token-file",
                opsFile.toString()));
    assertEquals(0, approved.code(), approved.err());
    assertTrue(approved.err().contains("released electricity_index 1.0.0"), approved.err());
    Result audit =
        factory(
            tmp,
            with(
                wh,
                "sql",
                "select actor, action, outcome from lake.ops.audit_log order by at",
                "--format",
                "csv"));
    assertTrue(audit.out().contains("ai.team,refused,refused"), audit.out());
    assertTrue(audit.out().contains("ops.li,release,ok"), audit.out());
    assertFalse(audit.out().contains(adminToken), "no token in the audit log");
    Result released =
        factory(
            tmp,
            with(
                wh,
                "sql",
                "select count(*) as n from lake.electricity_index.monthly_indices VERSION AS OF 'v1.0.0'",
                "--format",
                "csv"));
    assertEquals(
        candidateCount.out(), released.out(), "v1.0.0 holds the approved candidate's rows");
    Path out = tmp.resolve("pulled");
    Result pull =
        factory(
            tmp,
            with(
                wh,
                "pull",
                "electricity_index@latest",
                "--format",
                "jsonl",
                "--out",
                out.toString(),
                "--token-file",
                consumerFile.toString()));
    assertEquals(0, pull.code(), pull.err());
    Process sums =
        new ProcessBuilder("sha256sum", "-c", "--quiet", "SHA256SUMS")
            .directory(out.toFile())
            .redirectErrorStream(true)
            .start();
    assertEquals(
        0,
        sums.waitFor(),
        new String(sums.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

    // The release and the pull are lineage runs too, stored with the others: the release reads
    // the tables at their tagged snapshots and names its approver, the pull names its consumer.
    Result stored =
        factory(
            tmp,
            with(
                wh,
                "sql",
                "select job_name, inputs, outputs, event from lake.ops.lineage_events"
                    + " where job_name in ('release:electricity_index', 'pull:electricity_index')"
                    + " and event_type = 'COMPLETE' order by event_time",
                "--format",
                "json"));
    assertEquals(0, stored.code(), stored.err());
    var rows = new java.util.ArrayList<com.fasterxml.jackson.databind.JsonNode>();
    for (String line : stored.out().split("\n")) {
      if (!line.isBlank()) {
        rows.add(json.readTree(line));
      }
    }
    var releaseEvent =
        rows.stream()
            .map(r -> readJson(json, r.path("event").asText()))
            .filter(e -> e.at("/run/facets/factory_release/decision").asText().equals("released"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no release event: " + stored.out()));
    assertEquals("v1.0.0", releaseEvent.at("/run/facets/factory_release/tag").asText());
    assertEquals(
        "ops.li", releaseEvent.at("/run/facets/factory_release/approvers/0/user").asText());
    assertEquals("electricity_index", releaseEvent.at("/outputs/0/name").asText());
    assertEquals("1.0.0", releaseEvent.at("/outputs/0/facets/version/datasetVersion").asText());
    assertTrue(releaseEvent.path("inputs").size() >= 4, releaseEvent.toString());
    var pulledEvent =
        rows.stream()
            .map(r -> readJson(json, r.path("event").asText()))
            .filter(e -> e.at("/job/name").asText().equals("pull:electricity_index"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no pull event: " + stored.out()));
    assertEquals("ai.team", pulledEvent.at("/run/facets/factory_pull/consumer").asText());
    assertEquals("electricity_index", pulledEvent.at("/inputs/0/name").asText());
    for (var e : List.of(releaseEvent, pulledEvent)) {
      assertEquals(List.of(), schemas.problems(e.toString()), e.toString());
    }
    assertFalse(stored.out().contains(adminToken), "no token in a lineage event");
  }

  private static com.fasterxml.jackson.databind.JsonNode readJson(
      com.fasterxml.jackson.databind.ObjectMapper json, String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anIngestKilledHalfWayLandsNothingPartialAndTheNextRunCompletesTheBatch() throws Exception {
    Path landing = tmp.resolve("landing");
    new SampleDataGenerator(2, 2020, 2021, 0.1).write(landing);
    Path wind = landing.resolve("electricity/provinces/consumption.csv");
    Files.createDirectories(wind.getParent());
    Files.writeString(
        wind,
        "\uFEFFWind,\nName,China: Gansu: Power Consumption\nFrequency,Month\nUnit,100 million kwh\n"
            + "2021-01,100.00 \n2021-02,90.00 \n");
    Path wh = tmp.resolve("wh");
    Process p =
        start(
            tmp,
            tmp.resolve("killed.out"),
            tmp.resolve("killed.err"),
            with(wh, "ingest", "--landing", landing.toString()));
    Path bronze = wh.resolve("bronze");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (p.isAlive() && System.nanoTime() < deadline && firstCommit(bronze).isEmpty()) {
      Thread.sleep(20);
    }
    assertTrue(
        p.isAlive(),
        "the ingest must still be running when killed: "
            + Files.readString(tmp.resolve("killed.err")));
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hooks, no cleanup

    Result resumed = factory(tmp, with(wh, "ingest", "--landing", landing.toString()));
    assertEquals(0, resumed.code(), resumed.err());
    Result check =
        factory(
            tmp,
            with(
                wh,
                "sql",
                "select"
                    + " (select count(*) from (select _source_file from bronze.grid__meter_daily group by 1"
                    + "   having count(distinct _batch_id) > 1)) as landed_twice,"
                    + " (select count(distinct _source_file) from bronze.grid__meter_daily) as grid_files,"
                    + " (select count(*) from bronze.wind__series) as wind_rows,"
                    + " (select count(*) from lake.ops.ingest_files where status = 'landed') as recorded,"
                    + " (select count(*) from lake.ops.ingest_files where status = 'landed'"
                    + "   and records_read <> rows_landed + rows_quarantined) as unbalanced",
                "--format",
                "csv"));
    assertEquals(
        List.of("landed_twice,grid_files,wind_rows,recorded,unbalanced", "0,2,2,3,0"),
        check.out().lines().toList(),
        "no file landed twice; both yearly files and the Wind export landed and are each recorded once, "
            + "with records read = landed + quarantined: "
            + check.err());
  }

  private static java.util.Optional<Path> firstCommit(Path bronze) throws IOException {
    if (!Files.isDirectory(bronze)) {
      return java.util.Optional.empty();
    }
    try (var walk = Files.walk(bronze)) {
      return walk.filter(
              x ->
                  x.getParent().getFileName().toString().equals("_delta_log")
                      && x.getFileName().toString().endsWith(".json"))
          .findFirst();
    } catch (java.io.UncheckedIOException e) {
      return java.util.Optional.empty(); // a folder appeared or vanished during the walk
    }
  }

  @Test
  void badUsageExitsTwoWithOneClearMessage() throws Exception {
    Path wh = tmp.resolve("wh");
    Result noLanding =
        factory(tmp, with(wh, "run", "--landing", tmp.resolve("nowhere").toString()));
    assertEquals(2, noLanding.code());
    assertTrue(noLanding.err().startsWith("error: landing root"), noLanding.err());

    Path conf = tmp.resolve("conf");
    Files.createDirectories(conf.resolve("sources"));
    Files.writeString(
        conf.resolve("sources/grid.yaml"),
        "source: grid\nowner: o\ndescription: d\nobjects:\n"
            + "  - name: meter_daily\n    description: d\n    format: cvs\n    path: x/*.csv\n");
    Result badSpec = factory(tmp, "run", "--warehouse", wh.toString(), "--conf", conf.toString());
    assertEquals(2, badSpec.code());
    assertTrue(
        badSpec.err().contains("sources/grid.yaml: objects[0].format: 'cvs' is not a known value"),
        badSpec.err());
    assertTrue(badSpec.err().lines().noneMatch(l -> l.contains("Exception")), badSpec.err());

    Result unknownOption = factory(tmp, "run", "--landingg", "x");
    assertEquals(2, unknownOption.code());
  }
}
