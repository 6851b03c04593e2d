package org.dataelements.factory.orchestration;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.products.release.AccessDeniedException;
import org.dataelements.factory.products.release.Releases;
import org.dataelements.factory.products.release.SafeNames;
import org.dataelements.factory.products.release.Semver;
import org.dataelements.factory.products.release.User;
import org.dataelements.factory.products.release.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description =
        "Review and authorize product releases: a run leaves each product's build as a candidate"
            + " branch; operators approve (publish: main fast-forwarded, tables tagged v<version>, a"
            + " signed manifest) or reject it. Tokens come from FACTORY_TOKEN or --token-file.",
    subcommands = {
      ReleaseCommand.ListCmd.class,
      ReleaseShowCommand.class,
      ReleaseCommand.Approve.class,
      ReleaseCommand.Reject.class,
      ReleaseCommand.Revoke.class
    })
final class ReleaseCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** A session, the ops tables and the releases of the configured warehouse. */
  record Context(FactoryConfig config, Lakehouse lakehouse, OpsTables ops, Releases releases) {
    static Context open(GlobalOptions global, Console console) {
      FactoryConfig config = global.resolve();
      Specs specs = Specs.load(config.confDir());
      Lakehouse lh = Sessions.openForBuild(config, console);
      OpsTables ops = new OpsTables(lh);
      ops.ensureAll();
      Releases releases = new Releases(lh, ops, specs);
      releases.recover().forEach(v -> console.step("completed the interrupted publish of " + v));
      return new Context(config, lh, ops, releases);
    }

    /** The authenticated caller; a refused credential is audit-logged before it is rethrown. */
    User caller(Credentials credentials, String action, String product, Optional<String> version) {
      try {
        return Users.of(UsersCommand.warehouse(config)).authenticate(credentials.token(), action);
      } catch (AccessDeniedException e) {
        releases.audit(
            e.claimedUser().orElse("unknown"),
            null,
            "refused",
            product,
            version,
            "refused",
            action + ": " + e.getMessage());
        throw e;
      }
    }
  }

  /** Records a refusal that happened before a session was open (e.g. adding a user). */
  static void auditRefusal(
      FactoryConfig config,
      Console console,
      AccessDeniedException e,
      String action,
      Optional<String> product,
      String detail) {
    audit(
        config,
        console,
        new OpsTables.AuditEntry(
            Instant.now(),
            e.claimedUser().orElse("unknown"),
            Optional.empty(),
            "refused",
            product,
            Optional.empty(),
            "refused",
            action + ": " + detail));
  }

  /** Appends one audit entry, opening a session for it. */
  static void audit(FactoryConfig config, Console console, OpsTables.AuditEntry entry) {
    Lakehouse lh = Sessions.openForBuild(config, console);
    OpsTables ops = new OpsTables(lh);
    ops.ensureAll();
    ops.recordAudit(List.of(entry));
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Candidates and released versions, newest first, with status and approvers.")
  static final class ListCmd implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(paramLabel = "PRODUCT", arity = "0..1", description = "Only this product.")
    String product;

    @Option(names = "--format", paramLabel = "FMT", description = "table (default), csv or json.")
    RowPrinter.Format format = RowPrinter.Format.TABLE;

    @Override
    public Integer call() {
      Console console = new Console(System.err);
      Optional<String> p = Optional.ofNullable(product).map(SafeNames::product);
      Context c = Context.open(global, console);
      StructType schema =
          new StructType()
              .add("product", DataTypes.StringType)
              .add("candidate", DataTypes.StringType)
              .add("version", DataTypes.StringType)
              .add("status", DataTypes.StringType)
              .add("created_at", DataTypes.StringType)
              .add("approvers", DataTypes.StringType)
              .add("message", DataTypes.StringType);
      List<Row> rows =
          c.releases().list(p).stream()
              .map(
                  r ->
                      RowFactory.create(
                          r.product(),
                          r.candidate(),
                          r.version().orElse(""),
                          r.status(),
                          r.createdAt().toString(),
                          String.join(" ", r.approvers()),
                          r.message()))
              .toList();
      RowPrinter.print(schema, rows, format, System.out);
      return FactoryMain.OK;
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description =
          "Approve a candidate as an operator; the approval that completes the product's policy"
              + " (two distinct operators for a product graded important) publishes it.")
  static final class Approve implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin Credentials credentials;

    @Parameters(index = "0", paramLabel = "PRODUCT")
    String product;

    @Parameters(
        index = "1",
        paramLabel = "CANDIDATE",
        description = "e.g. candidate_20261202T101500Z_ab12")
    String candidate;

    @Override
    public Integer call() {
      Console console = new Console(System.err);
      SafeNames.product(product);
      SafeNames.candidate(candidate);
      Context c = Context.open(global, console);
      User user = c.caller(credentials, "approving", product, Optional.empty());
      OpsTables.Release r = c.releases().approve(product, candidate, user);
      new ReleaseLineage(c.lakehouse()).decided(c.releases(), r, user);
      if (r.status().equals(Releases.RELEASED)) {
        Semver v = Semver.parse(r.version().orElseThrow());
        console.line(
            "released "
                + product
                + " "
                + v
                + ": every table tagged "
                + v.tag()
                + "; manifest "
                + c.releases().releaseDir(product, v).resolve("manifest.json")
                + " (sha256 "
                + r.manifestSha256().orElse("")
                + "), signed");
        console.line(
            "  pull it: factory pull " + product + "@" + v + " --format parquet --out DIR");
      } else {
        console.line("approved " + candidate + " as " + user.name() + ": " + r.message());
      }
      return FactoryMain.OK;
    }
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = "Reject a candidate as an operator.")
  static final class Reject implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin Credentials credentials;

    @Parameters(index = "0", paramLabel = "PRODUCT")
    String product;

    @Parameters(index = "1", paramLabel = "CANDIDATE")
    String candidate;

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why (kept in the audit log).")
    String reason;

    @Override
    public Integer call() {
      Console console = new Console(System.err);
      SafeNames.product(product);
      SafeNames.candidate(candidate);
      Context c = Context.open(global, console);
      User user = c.caller(credentials, "rejecting", product, Optional.empty());
      OpsTables.Release r = c.releases().reject(product, candidate, user, reason);
      new ReleaseLineage(c.lakehouse()).decided(c.releases(), r, user);
      console.line("rejected " + candidate + " of " + product + " as " + user.name());
      return FactoryMain.OK;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Withdraw a release: pulls of it are refused with the reason; its tags stay.")
  static final class Revoke implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin Credentials credentials;

    @Parameters(index = "0", paramLabel = "PRODUCT")
    String product;

    @Parameters(index = "1", paramLabel = "VERSION", description = "e.g. 1.2.0 or v1.2.0")
    String version;

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why (shown to whoever pulls it).")
    String reason;

    @Override
    public Integer call() {
      Console console = new Console(System.err);
      SafeNames.product(product);
      Semver v = SafeNames.version(version);
      Context c = Context.open(global, console);
      User user = c.caller(credentials, "revoking", product, Optional.of(v.toString()));
      c.releases().revoke(product, v, user, reason);
      new ReleaseLineage(c.lakehouse()).revoked(product, v, user);
      console.line(String.format(Locale.ROOT, "revoked %s %s: %s", product, v, reason));
      return FactoryMain.OK;
    }
  }
}
