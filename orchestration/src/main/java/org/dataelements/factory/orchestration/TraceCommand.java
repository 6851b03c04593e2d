package org.dataelements.factory.orchestration;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.Gs1Ids;
import org.dataelements.factory.core.runtime.LakeCatalog;
import org.dataelements.factory.products.release.ReleaseLookup;
import org.dataelements.factory.products.release.ReleasedTables;
import org.dataelements.factory.products.traceability.LotTrace;
import org.dataelements.factory.products.traceability.TraceTables;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code factory trace}: a lot's chain, or what a recall touches, from a release of the
 * traceability product, read straight from its Iceberg snapshot (no Spark: it answers in about a
 * second, JVM start included).
 */
@Command(
    name = "trace",
    description = {
      "A lot's (or any EPC's) chain upstream and downstream, from the released"
          + " lake.traceability.lot_lineage.",
      "",
      "ID is an EPC URN (urn:epc:class:lgtin:…, urn:epc:id:sgtin:…), a GS1 Digital Link URI"
          + " (https://id.gs1.org/01/…/10/…, any host) or the canonical id; all spellings of one"
          + " lot give the same answer. It reads the newest release of traceability that is not"
          + " revoked, or the one --version names, at the snapshot its manifest records; no"
          + " Spark is started.",
    },
    subcommands = {TraceCommand.Recall.class},
    footer = {
      "",
      "Examples:",
      "  factory trace urn:epc:class:lgtin:4012345.012345.LOT7",
      "  factory trace https://id.gs1.org/01/04012345123456/10/LOT7 --direction upstream",
      "  factory trace LOT_ID --format dot | dot -Tsvg > chain.svg",
      "  factory trace LOT_ID --version 1.2.0 --format csv",
      "  factory trace recall TEST_OR_NOTICE",
      "",
      "Exit codes: 0 answered (an id the release does not know gives no rows, and says so);"
          + " 1 no release to read (the message says how to approve one), an unknown or revoked"
          + " version; 2 bad usage.",
    })
final class TraceCommand implements Callable<Integer> {
  /** Output formats of a lot's chain. */
  enum Format {
    TEXT,
    CSV,
    JSON,
    DOT;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin GlobalOptions global;

  // Not mixinStandardHelpOptions: its --version would clash with the release's --version.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description = "The lot or EPC: EPC URN, GS1 Digital Link URI or canonical id.")
  String id;

  @Option(
      names = "--direction",
      paramLabel = "DIR",
      description = "${COMPLETION-CANDIDATES} (default both).")
  LotTrace.Direction direction = LotTrace.Direction.BOTH;

  @Option(
      names = "--version",
      paramLabel = "V",
      description =
          "The release to read: 1.2.0 or v1.2.0, or a candidate branch (candidate_<run id>) to"
              + " review one before approving it; default the newest release not revoked.")
  String version;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description =
          "${COMPLETION-CANDIDATES} (default text). text: a table per direction, by depth then"
              + " id, under a line naming the release; csv: lot_id,related_lot_id,direction,"
              + "depth,via (RFC 4180, header row); json: JSON Lines, one object per row; dot:"
              + " a Graphviz digraph (render with dot -Tsvg).")
  Format format = Format.TEXT;

  @Override
  public Integer call() {
    if (id == null || id.isBlank()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "Missing required parameter: 'ID' (an EPC URN, a GS1 Digital Link URI or a canonical"
              + " id), or the subcommand 'recall'");
    }
    String lot = Gs1Ids.canonical(id);
    FactoryConfig config = global.resolve();
    try (LakeCatalog lake = LakeCatalog.open(config)) {
      ReleasedTables release = resolve(lake, config, version, LotTrace.LOT_LINEAGE);
      List<LotTrace.Link> links = new LotTrace(release).lineage(lot, direction);
      TraceOutput.Subject subject =
          new TraceOutput.Subject(
              id.strip(),
              lot,
              release.label(),
              release.isCandidate(),
              release.table(LotTrace.LOT_LINEAGE).snapshotId());
      PrintStream out = stdout();
      switch (format) {
        case TEXT -> TraceOutput.lineageText(subject, direction, links, out);
        case CSV -> TraceOutput.lineageCsv(links, out);
        case JSON -> TraceOutput.lineageJson(links, out);
        case DOT -> TraceOutput.lineageDot(subject, links, out);
      }
      out.flush();
      if (format != Format.TEXT) {
        Console console = new Console(System.err);
        console.line(TraceOutput.readingLine(subject, LotTrace.LOT_LINEAGE));
        if (links.isEmpty()) {
          console.line(TraceOutput.noLinks(subject, direction));
        }
      }
    }
    return FactoryMain.OK;
  }

  /** The release to read, with the one table the answer needs. */
  static ReleasedTables resolve(
      LakeCatalog lake, FactoryConfig config, String version, String table) {
    return new ReleaseLookup(lake, config)
        .resolve(TraceTables.PRODUCT, Optional.ofNullable(version), List.of(table));
  }

  /** Data goes to stdout, buffered (one flush at the end), in UTF-8. */
  static PrintStream stdout() {
    return new PrintStream(
        new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
  }

  @Command(
      name = "recall",
      description = {
        "The lots a failed test or a recall notice affects, from the released"
            + " lake.traceability.recall_impact: the lot it names (depth 0) and every lot"
            + " downstream of it, with quantity, unit, last known location and party.",
        "",
        "text ends with the total quantity per unit and the number of lots.",
      },
      footer = {
        "",
        "Exit codes: 0 answered (an unknown test or notice gives no rows, and says so); 1 no"
            + " release to read, an unknown or revoked version; 2 bad usage.",
      })
  static final class Recall implements Callable<Integer> {
    /** Output formats of a recall's impact. */
    enum Format {
      TEXT,
      CSV,
      JSON;

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
        paramLabel = "TEST_OR_NOTICE",
        description = "The id of a failed residue test or of a recall notice (trigger_id).")
    String trigger;

    @Option(
        names = "--version",
        paramLabel = "V",
        description =
            "The release to read: 1.2.0 or v1.2.0, or a candidate branch (candidate_<run id>);"
                + " default the newest release not revoked.")
    String version;

    @Option(
        names = "--format",
        paramLabel = "FMT",
        description =
            "${COMPLETION-CANDIDATES} (default text). csv: trigger_id,trigger_kind,lot_id,depth,"
                + "quantity,uom,location,party (RFC 4180, header row); json: JSON Lines.")
    Format format = Format.TEXT;

    @Override
    public Integer call() {
      String triggerId = trigger.strip();
      FactoryConfig config = global.resolve();
      try (LakeCatalog lake = LakeCatalog.open(config)) {
        ReleasedTables release = resolve(lake, config, version, LotTrace.RECALL_IMPACT);
        List<LotTrace.AffectedLot> lots = new LotTrace(release).recall(triggerId);
        TraceOutput.Subject subject =
            new TraceOutput.Subject(
                triggerId,
                triggerId,
                release.label(),
                release.isCandidate(),
                release.table(LotTrace.RECALL_IMPACT).snapshotId());
        PrintStream out = stdout();
        switch (format) {
          case TEXT -> TraceOutput.recallText(subject, lots, out);
          case CSV -> TraceOutput.recallCsv(lots, out);
          case JSON -> TraceOutput.recallJson(lots, out);
        }
        out.flush();
        if (format != Format.TEXT) {
          Console console = new Console(System.err);
          console.line(TraceOutput.readingLine(subject, LotTrace.RECALL_IMPACT));
          if (lots.isEmpty()) {
            console.line(TraceOutput.noImpact(subject));
          }
        }
      }
      return FactoryMain.OK;
    }
  }
}
