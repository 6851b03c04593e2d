package org.dataelements.factory.orchestration;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.TableSpec;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.quality.QualitySuggestions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "suggest",
    mixinStandardHelpOptions = true,
    description =
        "Profile a table's data with Deequ and print the checks it suggests as a YAML `checks:`"
            + " list to paste into the table's spec (severity warn; audit columns _* left out;"
            + " checks the spec already declares left out).")
final class QualitySuggestCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(
      index = "0",
      paramLabel = "TABLE",
      description = "SQL name, e.g. silver.power__meter_daily.")
  String table;

  @Override
  public Integer call() {
    FactoryConfig config = global.resolve();
    TableId id = TableId.parse(table);
    Specs specs = Specs.load(config.confDir());
    Console console = new Console(System.err);
    Lakehouse lakehouse = Sessions.openForBuild(config, console);
    return suggest(lakehouse, QualityCommands.spec(specs, id), id, System.out, console);
  }

  /** Prints the YAML; returns the exit code. */
  static int suggest(
      Lakehouse lakehouse, Optional<TableSpec> spec, TableId id, PrintStream out, Console console) {
    var data = lakehouse.read(id);
    if (data.isEmpty()) {
      // Deequ's analyzers have no state to report on no rows, and would fail with a stack trace
      console.error(
          id
              + " has no rows: there is nothing to profile; build it first (`factory run`),"
              + " or look at it with `factory show "
              + id
              + "`");
      return FactoryMain.FAILED;
    }
    console.step("profiling " + id + " with Deequ");
    List<QualitySuggestions.Suggestion> all = QualitySuggestions.suggest(data);
    List<CheckSpec> declared = spec.map(TableSpec::checks).orElse(List.of());
    List<QualitySuggestions.Suggestion> fresh = new ArrayList<>();
    for (QualitySuggestions.Suggestion s : all) {
      if (s.check().isEmpty() || declared.stream().noneMatch(d -> covers(d, s.check().get()))) {
        fresh.add(s);
      }
    }
    out.print(QualitySuggestions.toYaml(fresh));
    out.flush();
    long mapped = fresh.stream().filter(s -> s.check().isPresent()).count();
    String where =
        switch (id.layer()) {
          case SILVER ->
              "under `checks:` in conf/tables/" + id.namespace() + "__" + id.entity() + ".yaml";
          case GOLD ->
              "under `checks:` of table "
                  + id.entity()
                  + " in conf/products/"
                  + id.namespace()
                  + ".yaml";
          default -> "into the spec of the table built from it (bronze tables declare no checks)";
        };
    console.step(
        mapped
            + (mapped == 1 ? " check" : " checks")
            + " suggested"
            + (all.size() > fresh.size()
                ? ", " + (all.size() - fresh.size()) + " more already declared"
                : "")
            + "; review them, then paste "
            + where);
    return FactoryMain.OK;
  }

  /** Whether a declared check already asks what the suggested one does (same rule, its column). */
  private static boolean covers(CheckSpec declared, CheckSpec suggested) {
    if (declared.rule() != suggested.rule()) {
      return false;
    }
    if (suggested.rule() == CheckSpec.Rule.UNIQUE) {
      return declared.columns().equals(suggested.columns());
    }
    return declared.columns().containsAll(suggested.columns());
  }
}
