package org.dataelements.factory.orchestration;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.runtime.OpsTables;
import org.dataelements.factory.products.release.AccessDeniedException;
import org.dataelements.factory.products.release.NewUser;
import org.dataelements.factory.products.release.Role;
import org.dataelements.factory.products.release.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description =
        "Users of the warehouse and their roles (admin, engineer, operator, consumer, auditor).",
    subcommands = {UsersCommand.Add.class})
final class UsersCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** The local warehouse folder users live under. */
  static Path warehouse(FactoryConfig config) {
    return config
        .localWarehouse()
        .orElseThrow(
            () ->
                new InvalidSpecException(
                    java.util.List.of(
                        "users and releases live beside a local warehouse; "
                            + config.warehouse()
                            + " is not one: pass a local --warehouse")));
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Create a user and print their token once, alone on the last line of stdout (keep it; only"
              + " a salted hash is stored). The first user of a warehouse needs no token and must be an"
              + " admin; later ones need an admin's token (FACTORY_TOKEN or --token-file).")
  static final class Add implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin Credentials credentials;

    @Parameters(paramLabel = "NAME", description = "User name: lower case, e.g. ops.wang")
    String name;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "admin, engineer, operator, consumer or auditor")
    String role;

    @Override
    public Integer call() {
      Console console = new Console(System.err);
      FactoryConfig config = global.resolve();
      Role r = Role.parse(role);
      Users users = Users.of(warehouse(config));
      boolean first = users.list().isEmpty();
      NewUser u;
      try {
        u = users.add(name, r, first ? Optional.empty() : credentials.token());
      } catch (AccessDeniedException e) {
        ReleaseCommand.auditRefusal(
            config,
            console,
            e,
            "user_add",
            Optional.empty(),
            "add user " + name + " (" + r.label() + "): " + e.getMessage());
        throw e;
      }
      console.line(
          "created user "
              + u.user().name()
              + " ("
              + u.user().role().label()
              + ")"
              + u.addedBy()
                  .map(b -> ", added by " + b.name())
                  .orElse(", the warehouse's first admin")
              + "; the token below is shown once:");
      ReleaseCommand.audit(
          config,
          console,
          new OpsTables.AuditEntry(
              java.time.Instant.now(),
              u.addedBy().map(b -> b.name()).orElse(u.user().name()),
              Optional.of(u.addedBy().map(b -> b.role().label()).orElse("admin")),
              "user_add",
              Optional.empty(),
              Optional.empty(),
              "ok",
              "added " + u.user().name() + " as " + u.user().role().label()));
      System.out.println(u.token().reveal());
      return FactoryMain.OK;
    }
  }
}
