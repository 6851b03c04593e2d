package org.dataelements.factory.orchestration;

import java.io.PrintStream;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.runtime.LakeCatalog;
import org.dataelements.factory.lineage.LineageAnswer;
import org.dataelements.factory.lineage.LineageGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code factory lineage}: what a dataset version was made from, or what was made from it, from the
 * COMPLETE events in {@code lake.ops.lineage_events}, read straight from the Iceberg table (no
 * Spark).
 */
@Command(
    name = "lineage",
    description = {
      "What a dataset was made from (upstream) or what was made from it (downstream), from the"
          + " OpenLineage COMPLETE events every step records in lake.ops.lineage_events; no Spark"
          + " is started.",
      "",
      "TABLE is a table's SQL name (bronze.grid__meter_daily, silver.power__meter_daily,"
          + " lake.electricity_index.monthly_indices or electricity_index.monthly_indices), a"
          + " landing file's path relative to the landing root, a product's name (its releases)"
          + " or a pull's consumer:destination. @VERSION picks a version: a Delta version, an"
          + " Iceberg snapshot id, branch or tag (candidate_<run>, v1.0.0), a file's checksum, a"
          + " release's version; without it, the newest version (the one the newest event"
          + " wrote; for a landing file, its newest landing). An unknown name is answered with"
          + " the nearest names the events know.",
      "",
      "--columns adds the column pairs (input column → output column) of each edge, from the"
          + " events' columnLineage facets. Upstream it follows only the columns that feed TABLE:"
          + " from each column of TABLE to the columns it is computed from, and on from those"
          + " down to bronze, so an input that feeds none of them (read only to filter or join)"
          + " is left out; text ends with each column of TABLE and its source columns by depth."
          + " Where a step recorded no column lineage (e.g. ingest from files) its edges are kept"
          + " and marked 'columns not recorded', and everything upstream of them is followed"
          + " whole. Downstream keeps every edge (a table read only to filter still depends on"
          + " TABLE) with the pairs it records.",
    },
    footer = {
      "",
      "Examples:",
      "  factory lineage upstream lake.electricity_index.monthly_indices --depth 3",
      "  factory lineage upstream electricity_index.monthly_indices@v1.0.0 --columns",
      "  factory lineage downstream bronze.grid__meter_daily@4 --format json",
      "  factory lineage downstream electricity/meter_readings/2024/01.csv",
      "  factory lineage upstream training_corpus --format svg > corpus.svg",
      "",
      "Exit codes: 0 answered (a dataset with nothing on that side says so); 1 Graphviz missing"
          + " or failing for svg, an unreadable table; 2 bad usage, an unknown dataset or"
          + " version (the message lists the nearest names or the versions), no lineage events"
          + " yet (run `factory run` first).",
    })
final class LineageCommand implements Callable<Integer> {
  /** Output formats of an answer. */
  enum Format {
    TEXT,
    JSON,
    DOT,
    SVG;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Mixin GlobalOptions global;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Parameters(
      index = "0",
      paramLabel = "upstream|downstream",
      description = "upstream: what TABLE was made from; downstream: what was made from it.")
  LineageAnswer.Direction direction;

  @Parameters(
      index = "1",
      paramLabel = "TABLE[@VERSION]",
      description = "The dataset, and optionally its version (see above).")
  String dataset;

  @Option(
      names = "--depth",
      paramLabel = "N",
      description = "Follow at most N jobs (1: the direct inputs or outputs); default no limit.")
  Integer depth;

  @Option(
      names = "--columns",
      description =
          "Column-level lineage: column pairs on edges; upstream follows only the"
              + " columns that feed TABLE (see above).")
  boolean columns;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description =
          "${COMPLETION-CANDIDATES} (default text). text: a tree, one line per dataset with its"
              + " depth, kind, version and the job between it and its parent; json: one object"
              + " {\"nodes\": [{\"id\", \"kind\", \"version\"}], \"edges\": [{\"from\", \"to\","
              + " \"from_version\", \"to_version\", \"columns\": [{\"from\", \"to\"}]}]}; dot: a"
              + " Graphviz digraph; svg: that digraph drawn by Graphviz's dot (installed"
              + " separately).")
  Format format = Format.TEXT;

  @Override
  public Integer call() {
    if (depth != null && depth < 1) {
      throw LineageCommandErrors.badDepth(depth);
    }
    FactoryConfig config = global.resolve();
    LineageAnswer answer;
    try (LakeCatalog lake = LakeCatalog.open(config)) {
      LineageGraph graph = LineageEventsTable.open(lake, config.warehouse()).graph();
      answer =
          graph.query(
              direction,
              dataset,
              Optional.empty(),
              depth == null ? OptionalInt.empty() : OptionalInt.of(depth),
              columns);
    }
    byte[] svg = format == Format.SVG ? new Graphviz("dot").svg(LineageOutput.dot(answer)) : null;
    PrintStream out = TraceCommand.stdout();
    switch (format) {
      case TEXT -> LineageOutput.text(answer, out);
      case JSON -> LineageOutput.json(answer, out);
      case DOT -> out.print(LineageOutput.dot(answer));
      case SVG -> out.write(svg, 0, svg.length);
    }
    out.flush();
    if (format != Format.TEXT) {
      Console console = new Console(System.err);
      console.line(LineageOutput.summary(answer));
      if (answer.edges().isEmpty()) {
        console.line(LineageOutput.nothing(answer));
      }
    }
    return FactoryMain.OK;
  }
}
