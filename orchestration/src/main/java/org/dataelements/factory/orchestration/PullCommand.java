package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.products.release.Pull;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = {
      "Export a released version of a data product into a folder, after verifying it.",
      "",
      "Before anything is written, pull checks the release's manifest signature (with the"
          + " warehouse's public key, or the one given with --trust), that every table's tag"
          + " v<VERSION> points at the snapshot the manifest names, and that each table's schema"
          + " and row count match, reading every row. A release that fails any check is refused"
          + " and nothing is written.",
      "",
      "The folder gets one subfolder per table (<table>/part-00000.<ext>, …), manifest.json,"
          + " manifest.sig, DATASET_CARD.md when the release has one, and SHA256SUMS; check it"
          + " later with: cd DIR && sha256sum -c SHA256SUMS. jsonl and csv files are the same"
          + " bytes every time a version is pulled; parquet holds the same rows in the same order.",
      "",
      "Pulling needs a consumer's (or operator's, auditor's) token: set FACTORY_TOKEN, or pass"
          + " --token-file FILE. Every pull and every refusal is recorded in lake.ops.audit_log.",
    },
    footer = {
      "",
      "Examples:",
      "  export FACTORY_TOKEN=$(cat ~/.factory-token)",
      "  factory pull electricity_index@latest --format csv --out ./electricity",
      "  factory pull training_corpus@v1.2.0 --format jsonl --split train --out ./corpus-train",
      "  factory pull electricity_index@1.0.0 --format parquet --out ./ei"
          + " --trust publisher-release-signing.pub",
      "",
      "See released versions with `factory release list PRODUCT`.",
      "Exit codes: 0 pulled; 1 refused (token, role, unknown or revoked version, --out in use,"
          + " unknown split) or verification failed; 2 bad usage.",
    })
final class PullCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(
      index = "0",
      paramLabel = "PRODUCT@VERSION",
      description =
          "What to pull: VERSION is 1.2.0, v1.2.0 or latest (the newest release not revoked),"
              + " e.g. electricity_index@latest.")
  String ref;

  @Option(
      names = "--format",
      required = true,
      paramLabel = "FMT",
      description = "File format: parquet, jsonl (JSON Lines) or csv (RFC 4180, header row).")
  Pull.Format format;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder to create; it must not exist or be empty, unless --force.")
  Path out;

  @Option(
      names = "--split",
      paramLabel = "S",
      description =
          "Keep only rows whose 'split' column is S (e.g. train, validation, test) in the"
              + " tables that have one, such as the training corpus's documents.")
  String split;

  @Option(
      names = "--trust",
      paramLabel = "KEYFILE",
      description =
          "Verify with this Ed25519 public key (PEM) instead of the warehouse's"
              + " _security/release-signing.pub, e.g. a key the publisher gave you.")
  Path trust;

  @Option(
      names = "--force",
      description = "Replace --out DIR even when it is not empty (only once the pull succeeded).")
  boolean force;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "Read the token from FILE instead of the FACTORY_TOKEN environment variable.")
  Path tokenFile;

  @Override
  public Integer call() {
    Pull.checkRef(ref); // a name with path characters is refused before anything starts
    Optional<String> token = token();
    Console console = new Console(System.err);
    Lakehouse lakehouse = Sessions.openForBuild(global.resolve(), console);
    Pull.Result r =
        new Pull(lakehouse, new OpsTables(lakehouse))
            .run(
                new Pull.Request(
                    ref,
                    format,
                    out,
                    Optional.ofNullable(split),
                    Optional.ofNullable(trust),
                    force),
                token,
                console::step);
    new ReleaseLineage(lakehouse).pulled(r, format.extension());
    console.step(
        String.format(
            Locale.ROOT,
            "pulled %s@%s into %s: %d tables, %d rows, %.1f MB (verified in %.1fs, written in"
                + " %.1fs)",
            r.product(),
            r.version(),
            r.out(),
            r.tables().size(),
            r.rows(),
            r.bytes() / 1e6,
            r.verifying().toNanos() / 1e9,
            r.writing().toNanos() / 1e9));
    r.tables().forEach(t -> console.line("  " + t.name() + ": " + t.rows() + " rows"));
    console.line("check the files with: cd " + r.out() + " && sha256sum -c " + Pull.SUMS_FILE);
    return FactoryMain.OK;
  }

  private Optional<String> token() {
    if (tokenFile != null) {
      try {
        return Optional.of(Files.readString(tokenFile, StandardCharsets.UTF_8).strip())
            .filter(t -> !t.isEmpty());
      } catch (IOException e) {
        throw new DataInputException(
            "cannot read the token file "
                + tokenFile
                + " ("
                + e.getClass().getSimpleName()
                + "); pass a readable file with --token-file FILE, or set FACTORY_TOKEN");
      }
    }
    return Optional.ofNullable(System.getenv(Pull.TOKEN_ENV))
        .map(String::strip)
        .filter(t -> !t.isEmpty());
  }
}
