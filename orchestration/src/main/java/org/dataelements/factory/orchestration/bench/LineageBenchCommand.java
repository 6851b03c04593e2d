package org.dataelements.factory.orchestration.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.runtime.LakeCatalog;
import org.dataelements.factory.lineage.LineageAnswer;
import org.dataelements.factory.lineage.LineageGraph;
import org.dataelements.factory.orchestration.Console;
import org.dataelements.factory.orchestration.FactoryMain;
import org.dataelements.factory.orchestration.GlobalOptions;
import org.dataelements.factory.orchestration.LineageEventsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code factory bench lineage}: how long {@code factory lineage} takes over many stored events.
 */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description = {
      "Time factory lineage's queries over --events generated COMPLETE events in"
          + " lake.ops.lineage_events of a temporary warehouse (your warehouse is not touched):"
          + " many factory runs, each landing files into eight bronze tables, rebuilding the"
          + " silver and gold tables whose inputs changed (three silver tables merge into their"
          + " previous version, so a version's lineage reaches back through every earlier run),"
          + " releasing each of three products every dozen runs and pulling releases; every"
          + " output with its schema and column lineage facets. The events are written with"
          + " Iceberg's Java API in time order as --files data files, one commit each, as a"
          + " compacted ops table holds them.",
      "Queries, each on a graph loaded afresh as one factory lineage call loads it, one warm-up"
          + " round then the median of --repeat: upstream of the newest"
          + " lake.electricity_index.monthly_indices (no depth limit), the same with --columns,"
          + " downstream of the version its first release read (to the release and the pulls),"
          + " and downstream of the first version of bronze.grid__meter_daily (through every"
          + " later merge: the largest answer). Prints per query the load (reading the summary"
          + " columns of the COMPLETE events and building the graph), the query (walking it and"
          + " reading the JSON of the events on the answer), their sum, the answer's size and"
          + " the events whose JSON was read, then the peak heap in use."
    })
final class LineageBenchCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "COMPLETE events to generate (default 100000).")
  long events = 100_000;

  @Option(
      names = "--files",
      paramLabel = "N",
      description = "Data files (one commit each) the events are written as (default 100).")
  int files = 100;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      description = "Measured runs of each query; the median is printed (default 5).")
  int repeat = 5;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the events (default 42).")
  long seed = 42;

  @Option(names = "--keep", description = "Keep the temporary warehouse and print where it is.")
  boolean keep;

  /** What was written. */
  record Written(
      long events, int runs, int landedFiles, int dataFiles, long bytes, double seconds) {}

  /** A query of the bench. */
  record Query(String label, LineageAnswer.Direction direction, String dataset, boolean columns) {}

  /** The medians of one query. */
  record Figures(
      Query query,
      double loadSeconds,
      double querySeconds,
      double totalSeconds,
      int datasets,
      int edges,
      long jsonRead) {}

  @Override
  public Integer call() throws IOException {
    if (events < 1) {
      throw CoreErrors.badOption("--events", Long.toString(events), "1 or more events");
    }
    if (files < 1) {
      throw CoreErrors.badOption("--files", Integer.toString(files), "1 or more data files");
    }
    if (repeat < 1) {
      throw CoreErrors.badOption("--repeat", Integer.toString(repeat), "1 or more runs");
    }
    Console console = new Console(System.err);
    Path dir = Files.createTempDirectory("factory-bench-lineage");
    try {
      FactoryConfig config = config(dir.resolve("wh"));
      console.step(
          String.format(
              Locale.ROOT,
              "writing %,d lineage events as %d data files into %s",
              events,
              Math.min(files, events),
              LineageEventsTable.TABLE.sqlName()));
      LineageBenchEvents generator = new LineageBenchEvents(seed, config.warehouse());
      Written written = write(config, generator);
      List<Query> queries = queries(generator);
      console.step(
          String.format(
              Locale.ROOT,
              "%,d events of %,d runs written in %.1f s; timing %d queries (1 warm-up + %d runs"
                  + " each)",
              written.events(),
              written.runs(),
              written.seconds(),
              queries.size(),
              repeat));
      List<Figures> figures = new ArrayList<>();
      int datasets;
      long heapMb;
      try (LakeCatalog lake = LakeCatalog.open(config)) {
        LineageEventsTable table = LineageEventsTable.open(lake, config.warehouse());
        datasets = table.graph().datasetCount();
        for (Query q : queries) {
          measure(lake, config, q, 1);
        }
        System.gc();
        BenchMemory.HeapPeak heap = BenchMemory.HeapPeak.start();
        try {
          for (Query q : queries) {
            figures.add(measure(lake, config, q, repeat));
          }
        } finally {
          heap.close();
        }
        heapMb = heap.peakMb();
      }
      print(System.out, written, datasets, figures, heapMb, repeat);
      return FactoryMain.OK;
    } finally {
      if (keep) {
        console.step("kept " + dir);
      } else {
        BenchDirs.delete(dir);
      }
    }
  }

  private static List<Query> queries(LineageBenchEvents generator) {
    String gold = LineageBenchEvents.GOLD;
    List<Query> out = new ArrayList<>();
    out.add(new Query("upstream " + gold, LineageAnswer.Direction.UPSTREAM, gold, false));
    out.add(
        new Query("upstream " + gold + " --columns", LineageAnswer.Direction.UPSTREAM, gold, true));
    generator
        .firstReleased(gold)
        .ifPresent(
            v ->
                out.add(
                    new Query(
                        "downstream " + gold + "@<first release>",
                        LineageAnswer.Direction.DOWNSTREAM,
                        gold + "@" + v,
                        false)));
    String bronze = LineageBenchEvents.FIRST_BRONZE + "@0";
    out.add(new Query("downstream " + bronze, LineageAnswer.Direction.DOWNSTREAM, bronze, false));
    return out;
  }

  /** The medians of {@code runs} runs of a query, each loading the graph afresh. */
  private static Figures measure(LakeCatalog lake, FactoryConfig config, Query q, int runs) {
    List<Double> load = new ArrayList<>();
    List<Double> query = new ArrayList<>();
    List<Double> total = new ArrayList<>();
    LineageAnswer answer = null;
    long jsonRead = 0;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      LineageEventsTable table = LineageEventsTable.open(lake, config.warehouse());
      LineageGraph graph = table.graph();
      long t1 = System.nanoTime();
      answer =
          graph.query(
              q.direction(), q.dataset(), Optional.empty(), OptionalInt.empty(), q.columns());
      long t2 = System.nanoTime();
      load.add((t1 - t0) / 1e9);
      query.add((t2 - t1) / 1e9);
      total.add((t2 - t0) / 1e9);
      jsonRead = table.jsonRead();
    }
    return new Figures(
        q,
        median(load),
        median(query),
        median(total),
        answer.nodes().size(),
        answer.edges().size(),
        jsonRead);
  }

  /** Generates and writes the events, {@code --files} data files in time order. */
  private Written write(FactoryConfig config, LineageBenchEvents generator) throws IOException {
    long t0 = System.nanoTime();
    Catalog catalog =
        CatalogUtil.buildIcebergCatalog(
            TableId.ICEBERG_CATALOG, LakeCatalog.catalogProperties(config), new Configuration());
    Table table =
        catalog.createTable(
            TableIdentifier.of("ops", "lineage_events"),
            schema(),
            PartitionSpec.unpartitioned(),
            Map.of("format-version", "2"));
    long perFile = (events + files - 1) / files;
    List<LineageBenchEvents.Event> batch = new ArrayList<>();
    long written = 0;
    long bytes = 0;
    int dataFiles = 0;
    while (written < events) {
      for (LineageBenchEvents.Event e : generator.nextRun()) {
        if (written == events) {
          break;
        }
        batch.add(e);
        written++;
        if (batch.size() == perFile) {
          bytes += append(table, batch, dataFiles++);
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      bytes += append(table, batch, dataFiles++);
    }
    return new Written(
        written,
        generator.runs(),
        generator.files(),
        dataFiles,
        bytes,
        (System.nanoTime() - t0) / 1e9);
  }

  /** The columns of {@code lake.ops.lineage_events}, as Spark creates them from the ops schema. */
  static Schema schema() {
    return new Schema(
        Types.NestedField.required(1, "event_time", Types.TimestampType.withZone()),
        Types.NestedField.required(2, "event_type", Types.StringType.get()),
        Types.NestedField.required(3, "run_id", Types.StringType.get()),
        Types.NestedField.optional(4, "parent_run_id", Types.StringType.get()),
        Types.NestedField.required(5, "job_namespace", Types.StringType.get()),
        Types.NestedField.required(6, "job_name", Types.StringType.get()),
        Types.NestedField.required(
            7, "inputs", Types.ListType.ofRequired(10, Types.StringType.get())),
        Types.NestedField.required(
            8, "outputs", Types.ListType.ofRequired(11, Types.StringType.get())),
        Types.NestedField.required(9, "event", Types.StringType.get()));
  }

  /** One data file of these events, in one commit; its size. */
  private static long append(Table table, List<LineageBenchEvents.Event> batch, int n)
      throws IOException {
    OutputFile out =
        table
            .io()
            .newOutputFile(
                table
                    .locationProvider()
                    .newDataLocation(String.format(Locale.ROOT, "bench-%05d.parquet", n)));
    FileAppender<Record> appender =
        new GenericAppenderFactory(table.schema(), table.spec())
            .setAll(table.properties()) // zstd, as Spark writes the table
            .newAppender(out, FileFormat.PARQUET);
    GenericRecord record = GenericRecord.create(table.schema());
    try (appender) {
      for (LineageBenchEvents.Event e : batch) {
        Record r = record.copy();
        r.setField("event_time", OffsetDateTime.ofInstant(e.eventTime(), ZoneOffset.UTC));
        r.setField("event_type", "COMPLETE");
        r.setField("run_id", e.runId());
        r.setField("parent_run_id", e.parentRunId());
        r.setField("job_namespace", LineageBenchEvents.NAMESPACE);
        r.setField("job_name", e.jobName());
        r.setField("inputs", e.inputs());
        r.setField("outputs", e.outputs());
        r.setField("event", e.json());
        appender.add(r);
      }
    }
    DataFile file =
        DataFiles.builder(table.spec())
            .withPath(out.location())
            .withFileSizeInBytes(appender.length())
            .withMetrics(appender.metrics())
            .withFormat(FileFormat.PARQUET)
            .build();
    table.newAppend().appendFile(file).commit();
    return appender.length();
  }

  private FactoryConfig config(Path warehouse) {
    return global.resolveFor(warehouse);
  }

  static void print(
      PrintStream out, Written w, int datasets, List<Figures> figures, long heapMb, int repeat) {
    out.printf(
        Locale.ROOT,
        "%10s %7s %8s %6s %8s %9s %8s%n",
        "events",
        "runs",
        "files",
        "parts",
        "data_MB",
        "datasets",
        "write_s");
    out.printf(
        Locale.ROOT,
        "%10d %7d %8d %6d %8.1f %9d %8.1f%n",
        w.events(),
        w.runs(),
        w.landedFiles(),
        w.dataFiles(),
        w.bytes() / 1e6,
        datasets,
        w.seconds());
    out.println();
    int width =
        Math.max(5, figures.stream().mapToInt(f -> f.query().label().length()).max().orElse(5));
    out.printf(
        Locale.ROOT,
        "%-" + width + "s %7s %8s %8s %9s %8s %9s%n",
        "query",
        "load_s",
        "query_s",
        "total_s",
        "datasets",
        "edges",
        "json_read");
    for (Figures f : figures) {
      out.printf(
          Locale.ROOT,
          "%-" + width + "s %7.3f %8.3f %8.3f %9d %8d %9d%n",
          f.query().label(),
          f.loadSeconds(),
          f.querySeconds(),
          f.totalSeconds(),
          f.datasets(),
          f.edges(),
          f.jsonRead());
    }
    out.printf(
        Locale.ROOT,
        "%npeak heap in use during the measured queries: %d MB (sampled every 50 ms, garbage"
            + " included). Medians of %d run(s) after one warm-up, this JVM (JVM start not"
            + " included). files = landing files ingested; parts = data files of the table;"
            + " datasets = distinct dataset names in the events, then per query the dataset"
            + " versions in the answer (start included); load_s = reading event_time, run_id, job_name, inputs,"
            + " outputs of the COMPLETE events and building the graph; query_s = walking it and"
            + " reading the JSON of the json_read events on the answer; total_s = both, one"
            + " factory lineage call.%n",
        heapMb,
        repeat);
  }

  private static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
