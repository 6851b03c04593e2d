package org.dataelements.factory.orchestration.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Synthetic but realistic COMPLETE lineage events of many factory runs, as the emitter writes them:
 * landing files ingested into eight bronze tables, eight silver tables (three of them merging into
 * their previous version, so a version's lineage reaches back through every earlier run), seven
 * gold tables of three products (one reading another gold table), releases of each product every
 * dozen runs, and pulls of the latest releases by consumers. Every output carries its schema and
 * column lineage facets; files carry their checksum. Deterministic for a seed.
 */
final class LineageBenchEvents {
  static final String NAMESPACE = "data-element-factory";
  static final String PRODUCER = "https://github.com/data-elements/factory";
  static final String SCHEMA_URL =
      "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  static final String FACET_URL =
      "https://github.com/data-elements/factory/spec/facets/1-0-0/FactoryDatasetFacet.json";
  static final String GOLD = "lake.electricity_index.monthly_indices";
  static final String FIRST_BRONZE = "bronze.grid__meter_daily";
  private static final JsonFactory JSON = new JsonFactory();
  private static final Instant START = Instant.parse("2024-01-01T02:00:00Z");
  private static final List<String> CONSUMERS = List.of("alice", "bob", "carol", "dmitri", "erin");

  /** One event: what {@code lake.ops.lineage_events} keeps of it. */
  record Event(
      Instant eventTime,
      String runId,
      String parentRunId,
      String jobName,
      List<String> inputs,
      List<String> outputs,
      String json) {}

  /** A table: its SQL name and columns; {@code merges} when a build reads its previous version. */
  private record Table(String name, List<String> columns, boolean merges) {}

  /** A step: inputs and, per output column, its sources ({@code table.column}). */
  private record Step(
      String job, Table output, List<String> inputs, Map<String, List<String>> cols) {}

  private record Dataset(
      String name, String version, String kind, String ref, String checksum, Table table) {}

  private final Random random;
  private final String warehouse;
  private final String landing;
  private final List<Table> bronze = new ArrayList<>();
  private final List<Step> silver = new ArrayList<>();
  private final Map<String, List<Step>> gold = new LinkedHashMap<>();
  private final Map<String, String> folders = new HashMap<>();
  private final Map<String, String> versions = new HashMap<>();
  private final Map<String, Integer> minor = new HashMap<>();
  private final Map<String, String> released = new HashMap<>();
  private final Map<String, String> firstReleased = new HashMap<>();
  private int run;
  private int files;

  LineageBenchEvents(long seed, String warehouse) {
    this.random = new Random(seed);
    this.warehouse = warehouse;
    this.landing = warehouse + "/landing";
    bronze(
        "grid__meter_daily", "meter_id,region_code,reading_date,kwh,quality_flag", "electricity");
    bronze("grid__meter_hourly", "meter_id,region_code,reading_at,kwh", "electricity");
    bronze(
        "weather__station_daily",
        "station_id,region_code,obs_date,temp_mean_c,hdd,cdd",
        "electricity");
    bronze("stats__regional_gdp", "region_code,quarter,gdp_cny,gdp_yoy_pct", "electricity");
    bronze("stats__industry_output", "region_code,month,industry_code,output_value", "electricity");
    bronze("corpus__laws", "file_name,title,body,published_on,licence", "corpus");
    bronze("corpus__poems", "file_name,title,body,author,licence", "corpus");
    bronze(
        "epcis__events",
        "event_id,event_type,event_time,biz_step,epc_list,parent_id,location",
        "traceability");

    silver(
        "power__meter_daily",
        true,
        "meter_id<-grid__meter_daily.meter_id+grid__meter_hourly.meter_id",
        "region_code<-grid__meter_daily.region_code+grid__meter_hourly.region_code",
        "reading_date<-grid__meter_daily.reading_date+grid__meter_hourly.reading_at",
        "kwh<-grid__meter_daily.kwh+grid__meter_hourly.kwh",
        "is_estimated<-grid__meter_daily.quality_flag");
    silver(
        "weather__station_daily",
        false,
        "station_id<-weather__station_daily.station_id",
        "region_code<-weather__station_daily.region_code",
        "obs_date<-weather__station_daily.obs_date",
        "temp_mean_c<-weather__station_daily.temp_mean_c",
        "hdd<-weather__station_daily.hdd",
        "cdd<-weather__station_daily.cdd");
    silver(
        "economy__regional_gdp",
        false,
        "region_code<-stats__regional_gdp.region_code",
        "quarter<-stats__regional_gdp.quarter",
        "gdp_cny<-stats__regional_gdp.gdp_cny",
        "gdp_yoy_pct<-stats__regional_gdp.gdp_yoy_pct");
    silver(
        "economy__industry_output",
        false,
        "region_code<-stats__industry_output.region_code",
        "month<-stats__industry_output.month",
        "industry_code<-stats__industry_output.industry_code",
        "output_value<-stats__industry_output.output_value");
    silver(
        "corpus__documents",
        true,
        "doc_id<-corpus__laws.body+corpus__poems.body",
        "title<-corpus__laws.title+corpus__poems.title",
        "text<-corpus__laws.body+corpus__poems.body",
        "source<-corpus__laws.file_name+corpus__poems.file_name",
        "licence<-corpus__laws.licence+corpus__poems.licence",
        "language<-corpus__laws.body+corpus__poems.body");
    silver(
        "corpus__exclusions",
        false,
        "doc_id<-silver.corpus__documents.doc_id",
        "source_file<-silver.corpus__documents.source",
        "rule<-",
        "measured<-silver.corpus__documents.text");
    silver(
        "trace__events",
        true,
        "event_id<-epcis__events.event_id",
        "event_type<-epcis__events.event_type",
        "event_time<-epcis__events.event_time",
        "biz_step<-epcis__events.biz_step",
        "epc<-epcis__events.epc_list",
        "parent_id<-epcis__events.parent_id",
        "location<-epcis__events.location");
    silver(
        "trace__lots",
        false,
        "lot_id<-silver.trace__events.epc",
        "product<-silver.trace__events.epc",
        "origin<-silver.trace__events.location",
        "first_event_time<-silver.trace__events.event_time");

    gold(
        "electricity_index",
        "monthly_indices",
        "region_code<-power__meter_daily.region_code",
        "month<-power__meter_daily.reading_date",
        "index_name<-",
        "value<-power__meter_daily.kwh",
        "value_weather_adjusted<-power__meter_daily.kwh+weather__station_daily.hdd"
            + "+weather__station_daily.cdd",
        "yoy_pct<-power__meter_daily.kwh",
        "gdp_context<-economy__regional_gdp.gdp_yoy_pct");
    gold(
        "electricity_index",
        "sector_indices",
        "region_code<-power__meter_daily.region_code",
        "month<-power__meter_daily.reading_date",
        "series<-economy__industry_output.industry_code",
        "value<-power__meter_daily.kwh+economy__industry_output.output_value");
    gold(
        "electricity_index",
        "validation",
        "region_code<-lake.electricity_index.monthly_indices.region_code",
        "quarter<-economy__regional_gdp.quarter",
        "correlation<-lake.electricity_index.monthly_indices.value"
            + "+economy__regional_gdp.gdp_yoy_pct",
        "best_lag<-lake.electricity_index.monthly_indices.value");
    gold(
        "training_corpus",
        "documents",
        "doc_id<-corpus__documents.doc_id",
        "text<-corpus__documents.text",
        "title<-corpus__documents.title",
        "source<-corpus__documents.source",
        "licence<-corpus__documents.licence",
        "language<-corpus__documents.language",
        "split<-corpus__documents.doc_id",
        "excluded<-corpus__exclusions.rule");
    gold(
        "training_corpus",
        "stats",
        "dimension<-",
        "key<-corpus__documents.language",
        "documents<-corpus__documents.doc_id",
        "chars<-corpus__documents.text");
    gold(
        "traceability",
        "lot_lineage",
        "lot_id<-trace__lots.lot_id",
        "related_lot_id<-trace__lots.lot_id",
        "direction<-",
        "via<-trace__events.biz_step",
        "first_event_time<-trace__events.event_time",
        "last_event_time<-trace__events.event_time");
    gold(
        "traceability",
        "recall_impact",
        "trigger_id<-",
        "lot_id<-trace__lots.lot_id",
        "location<-trace__lots.origin");
  }

  private void bronze(String name, String columns, String folder) {
    List<String> cols = new ArrayList<>(List.of(columns.split(",")));
    cols.addAll(List.of("_source_file", "_ingested_at", "_batch_id"));
    Table t = new Table("bronze." + name, cols, false);
    bronze.add(t);
    folders.put(t.name(), folder + "/" + name);
  }

  private void silver(String name, boolean merges, String... columns) {
    silver.add(step("silver:" + name, "silver." + name, merges, columns));
  }

  private void gold(String product, String table, String... columns) {
    gold.computeIfAbsent(product, p -> new ArrayList<>())
        .add(step("gold:" + product, "lake." + product + "." + table, false, columns));
  }

  /** A step from {@code out<-table.col+table.col} specs; a short table name is bronze or silver. */
  private Step step(String job, String output, boolean merges, String... columns) {
    Map<String, List<String>> cols = new LinkedHashMap<>();
    Set<String> inputs = new TreeSet<>();
    for (String spec : columns) {
      String[] parts = spec.split("<-", -1);
      List<String> sources = new ArrayList<>();
      for (String s : parts[1].isEmpty() ? new String[0] : parts[1].split("\\+")) {
        int dot = s.lastIndexOf('.');
        String table = qualified(s.substring(0, dot), output);
        sources.add(table + "." + s.substring(dot + 1));
        inputs.add(table);
      }
      cols.put(parts[0], sources);
    }
    Table t = new Table(output, List.copyOf(cols.keySet()), merges);
    if (merges) {
      for (String c : t.columns()) {
        cols.get(c).add(output + "." + c);
      }
      inputs.add(output);
    }
    return new Step(job, t, List.copyOf(inputs), cols);
  }

  /** A short name: silver when the step writes gold, bronze when it writes silver. */
  private static String qualified(String table, String output) {
    if (table.startsWith("silver.") || table.startsWith("lake.")) {
      return table;
    }
    return (output.startsWith("lake.") ? "silver." : "bronze.") + table;
  }

  /** The events of the next factory run, in order. */
  List<Event> nextRun() {
    Instant at = START.plus(Duration.ofHours(6L * run));
    String runId =
        String.format(Locale.ROOT, "%s_%04x", at.toString().replace("-", "").replace(":", ""), run);
    String parent = uuid(runId).toString();
    List<Event> out = new ArrayList<>();
    Set<String> changed = new TreeSet<>();
    int second = 0;
    for (Table b : bronze) {
      if (random.nextDouble() >= 0.5 && versions.containsKey(b.name())) {
        continue;
      }
      List<Dataset> landed = new ArrayList<>();
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        landed.add(new Dataset(file(b, at, i), "", "file", null, sha256(), null));
      }
      Dataset written = write(b, null);
      out.add(
          event(at.plusSeconds(++second), runId, parent, "ingest:" + b.name(), landed, written));
      changed.add(b.name());
    }
    for (Step s : silver) {
      if (build(s, changed)) {
        out.add(stepEvent(s, at.plusSeconds(++second), runId, parent, null));
      }
    }
    for (Map.Entry<String, List<Step>> p : gold.entrySet()) {
      for (Step s : p.getValue()) {
        if (build(s, changed)) {
          out.add(stepEvent(s, at.plusSeconds(++second), runId, parent, "candidate_" + runId));
        }
      }
    }
    int offset = 0;
    for (Map.Entry<String, List<Step>> p : gold.entrySet()) {
      offset += 4;
      String product = p.getKey();
      boolean built = p.getValue().stream().allMatch(s -> versions.containsKey(s.output().name()));
      if (built && run % 12 == offset % 12) {
        int m = minor.merge(product, 1, Integer::sum) - 1;
        String version = "1." + m + ".0";
        List<Dataset> in = new ArrayList<>();
        for (Step s : p.getValue()) {
          String name = s.output().name();
          in.add(new Dataset(name, versions.get(name), "table", "v" + version, null, null));
          firstReleased.putIfAbsent(name, versions.get(name));
        }
        Dataset release = new Dataset(product, version, "release", null, null, null);
        out.add(event(at.plusSeconds(++second), runId, parent, "release:" + product, in, release));
        released.put(product, version);
      }
    }
    for (String product : released.keySet().stream().sorted().toList()) {
      if (random.nextDouble() < 0.3) {
        String version = released.get(product);
        String consumer = CONSUMERS.get(random.nextInt(CONSUMERS.size()));
        Dataset in = new Dataset(product, version, "release", null, null, null);
        Dataset pulled =
            new Dataset(
                consumer + ":/data/" + product + "/" + version, version, "pull", null, null, null);
        out.add(
            event(at.plusSeconds(++second), runId, parent, "pull:" + product, List.of(in), pulled));
      }
    }
    run++;
    return out;
  }

  /** Runs completed so far. */
  int runs() {
    return run;
  }

  /** Landing files ingested so far. */
  int files() {
    return files;
  }

  /** The version of a table that the first release of its product read; empty before one. */
  java.util.Optional<String> firstReleased(String table) {
    return java.util.Optional.ofNullable(firstReleased.get(table));
  }

  /** Builds a step when one of its inputs changed this run (and its inputs all exist). */
  private boolean build(Step s, Set<String> changed) {
    boolean stale = s.inputs().stream().anyMatch(changed::contains);
    boolean ready =
        s.inputs().stream().allMatch(i -> i.equals(s.output().name()) || versions.containsKey(i));
    if (!stale || !ready) {
      return false;
    }
    changed.add(s.output().name());
    return true;
  }

  private Event stepEvent(Step s, Instant at, String runId, String parent, String ref) {
    List<Dataset> in = new ArrayList<>();
    for (String i : s.inputs()) {
      if (versions.containsKey(i)) {
        in.add(new Dataset(i, versions.get(i), "table", null, null, null));
      }
    }
    Dataset written = write(s.output(), ref);
    return event(at, runId, parent, s.job(), in, written, s.cols());
  }

  /** The table's next version: a Delta version, or for gold a new snapshot id. */
  private Dataset write(Table t, String ref) {
    String v;
    if (t.name().startsWith("lake.")) {
      v = Long.toString(1_000_000_000_000_000L + (random.nextLong() & 0x0fff_ffff_ffff_ffffL));
    } else {
      v =
          versions.containsKey(t.name())
              ? Long.toString(Long.parseLong(versions.get(t.name())) + 1)
              : "0";
    }
    versions.put(t.name(), v);
    return new Dataset(t.name(), v, "table", ref, null, t);
  }

  private String file(Table b, Instant at, int i) {
    files++;
    String day = at.toString().substring(0, 10);
    String hour = at.toString().substring(11, 13);
    return folders.get(b.name())
        + "/"
        + day.substring(0, 4)
        + "/"
        + day
        + "-"
        + hour
        + "-"
        + i
        + ".csv";
  }

  private String sha256() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static UUID uuid(String s) {
    return UUID.nameUUIDFromBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private Event event(
      Instant at, String runId, String parent, String job, List<Dataset> in, Dataset out) {
    return event(at, runId, parent, job, in, out, Map.of());
  }

  private Event event(
      Instant at,
      String runId,
      String parent,
      String job,
      List<Dataset> in,
      Dataset out,
      Map<String, List<String>> columns) {
    List<Dataset> inputs = new ArrayList<>();
    for (Dataset d : in) {
      inputs.add(
          d.kind().equals("file")
              ? new Dataset(d.name(), d.checksum(), "file", null, d.checksum(), null)
              : d);
    }
    String stepRun = uuid(runId + "/" + job).toString();
    StringWriter w = new StringWriter(2048);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("eventType", "COMPLETE");
      g.writeStringField("eventTime", at.toString());
      g.writeStringField("producer", PRODUCER);
      g.writeStringField("schemaURL", SCHEMA_URL);
      g.writeObjectFieldStart("run");
      g.writeStringField("runId", stepRun);
      g.writeObjectFieldStart("facets");
      g.writeObjectFieldStart("parent");
      facetHeader(g, "ParentRunFacet");
      g.writeObjectFieldStart("run");
      g.writeStringField("runId", parent);
      g.writeEndObject();
      g.writeObjectFieldStart("job");
      g.writeStringField("namespace", NAMESPACE);
      g.writeStringField("name", "factory_run");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
      g.writeObjectFieldStart("job");
      g.writeStringField("namespace", NAMESPACE);
      g.writeStringField("name", job);
      g.writeEndObject();
      g.writeArrayFieldStart("inputs");
      for (Dataset d : inputs) {
        dataset(g, d, Map.of());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("outputs");
      dataset(g, out, columns);
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Event(
        at,
        stepRun,
        parent,
        job,
        inputs.stream().map(d -> d.name() + "@" + d.version()).toList(),
        List.of(out.name() + "@" + out.version()),
        w.toString());
  }

  private void dataset(JsonGenerator g, Dataset d, Map<String, List<String>> columns)
      throws IOException {
    g.writeStartObject();
    g.writeStringField(
        "namespace", d.kind().equals("file") ? "file:" + landing : "file:" + warehouse);
    g.writeStringField("name", d.name());
    g.writeObjectFieldStart("facets");
    g.writeObjectFieldStart("version");
    facetHeader(g, "DatasetVersionDatasetFacet");
    g.writeStringField("datasetVersion", d.version());
    g.writeEndObject();
    g.writeObjectFieldStart("factory_dataset");
    g.writeStringField("_producer", PRODUCER);
    g.writeStringField("_schemaURL", FACET_URL + "#/$defs/FactoryDatasetFacet");
    g.writeStringField("kind", d.kind());
    if (d.ref() != null) {
      g.writeStringField("ref", d.ref());
    }
    if (d.checksum() != null) {
      g.writeStringField("checksum", d.checksum());
    }
    g.writeEndObject();
    if (d.table() != null) {
      g.writeObjectFieldStart("schema");
      facetHeader(g, "SchemaDatasetFacet");
      g.writeArrayFieldStart("fields");
      for (String c : d.table().columns()) {
        g.writeStartObject();
        g.writeStringField("name", c);
        g.writeStringField("type", type(c));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    if (!columns.isEmpty()) {
      g.writeObjectFieldStart("columnLineage");
      facetHeader(g, "ColumnLineageDatasetFacet");
      g.writeObjectFieldStart("fields");
      for (Map.Entry<String, List<String>> c : columns.entrySet()) {
        if (c.getValue().isEmpty()) {
          continue;
        }
        g.writeObjectFieldStart(c.getKey());
        g.writeArrayFieldStart("inputFields");
        for (String source : c.getValue()) {
          int dot = source.lastIndexOf('.');
          g.writeStartObject();
          g.writeStringField("namespace", "file:" + warehouse);
          g.writeStringField("name", source.substring(0, dot));
          g.writeStringField("field", source.substring(dot + 1));
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void facetHeader(JsonGenerator g, String facet) throws IOException {
    g.writeStringField("_producer", PRODUCER);
    g.writeStringField(
        "_schemaURL",
        "https://openlineage.io/spec/facets/1-0-1/" + facet + ".json#/$defs/" + facet);
  }

  private static String type(String column) {
    if (column.endsWith("_date") || column.equals("month") || column.equals("quarter")) {
      return "date";
    }
    if (column.endsWith("_at") || column.endsWith("_time")) {
      return "timestamp";
    }
    if (column.startsWith("is_")) {
      return "boolean";
    }
    return Set.of("kwh", "value", "hdd", "cdd", "temp_mean_c", "gdp_cny", "gdp_yoy_pct", "yoy_pct")
            .contains(column)
        ? "double"
        : "string";
  }
}
