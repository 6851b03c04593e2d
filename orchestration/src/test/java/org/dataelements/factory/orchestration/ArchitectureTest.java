package org.dataelements.factory.orchestration;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The module arrows of DESIGN §4 and STYLE §1, checked on the production classes of every module:
 * who may use whom, where Deequ and OpenLineage may appear, and what the core kernel stays free of.
 */
@AnalyzeClasses(
    packages = "org.dataelements.factory",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {
  private static final String ROOT = "org.dataelements.factory";

  @ArchTest
  static void coreUsesNoOtherModule(JavaClasses classes) {
    usesOnly("core").check(classes);
  }

  @ArchTest
  static void ingestionUsesOnlyCore(JavaClasses classes) {
    usesOnly("ingestion", "core").check(classes);
  }

  @ArchTest
  static void curationUsesOnlyCore(JavaClasses classes) {
    usesOnly("curation", "core").check(classes);
  }

  @ArchTest
  static void qualityUsesOnlyCore(JavaClasses classes) {
    usesOnly("quality", "core").check(classes);
  }

  @ArchTest
  static void lineageUsesOnlyCore(JavaClasses classes) {
    usesOnly("lineage", "core").check(classes);
  }

  @ArchTest
  static void productsUseCoreQualityAndLineageOnly(JavaClasses classes) {
    usesOnly("products", "core", "quality", "lineage").check(classes);
  }

  @ArchTest
  static void deequIsUsedOnlyInQuality(JavaClasses classes) {
    usedOnlyIn("com.amazon.deequ..", "quality").check(classes);
  }

  @ArchTest
  static void openLineageIsUsedOnlyInLineage(JavaClasses classes) {
    usedOnlyIn("io.openlineage..", "lineage").check(classes);
  }

  @ArchTest
  static void theCoreKernelUsesNeitherTheRuntimeNorStorageNorTheCli(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".core..")
        .and()
        .resideOutsideOfPackage(ROOT + ".core.runtime..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".core.runtime..",
            "io.delta..",
            "org.apache.iceberg..",
            "org.apache.hadoop..",
            "picocli..")
        .because(
            "the kernel (ids, specs, steps, config, errors) is the project's API; sessions,"
                + " Lakehouse I/O and ops tables live in core.runtime, options in orchestration")
        .check(classes);
  }

  /** A string literal holding an option: {@code "... --landing DIR ..."}. */
  private static final Pattern OPTION_IN_LITERAL =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*?(--[a-z][a-z-]+)");

  @Test
  void coreMessagesNameNoCommandLineOption() throws IOException {
    Path sources = Path.of("../core/src/main/java");
    assertTrue(Files.isDirectory(sources), "core's sources are not at " + sources.toAbsolutePath());
    Set<String> options = factoryOptions();
    assertTrue(
        options.containsAll(List.of("--conf", "--landing", "--warehouse", "--product")),
        "the factory's options were not found: " + options);
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) {
            continue;
          }
          Matcher m = OPTION_IN_LITERAL.matcher(line);
          while (m.find()) {
            if (options.contains(m.group(1))) {
              found.add(sources.relativize(f) + ":" + (i + 1) + ": " + m.group(1));
            }
          }
        }
      }
    }
    assertEquals(
        List.of(),
        found,
        "core names the CLI's options; say what is wrong and let orchestration add the flag");
  }

  /** Every option name of {@code factory} and its subcommands. */
  private static Set<String> factoryOptions() {
    Set<String> names = new TreeSet<>();
    List<CommandLine> todo = new ArrayList<>(List.of(new CommandLine(new FactoryCli())));
    while (!todo.isEmpty()) {
      CommandLine c = todo.remove(todo.size() - 1);
      c.getCommandSpec().options().forEach(o -> names.addAll(Arrays.asList(o.names())));
      todo.addAll(c.getSubcommands().values());
    }
    names.removeIf(n -> !n.startsWith("--"));
    return names;
  }

  /**
   * Classes of {@code module} use no class of the project outside {@code module} and {@code
   * allowed}.
   */
  private static ArchRule usesOnly(String module, String... allowed) {
    String[] packages =
        Stream.concat(Stream.of(module), Arrays.stream(allowed))
            .map(m -> ROOT + "." + m + "..")
            .toArray(String[]::new);
    return classes()
        .that()
        .resideInAPackage(ROOT + "." + module + "..")
        .should()
        .onlyDependOnClassesThat(
            resideOutsideOfPackage(ROOT + "..").or(resideInAnyPackage(packages)))
        .because("DESIGN §4: dependencies point along the arrows only");
  }

  private static ArchRule usedOnlyIn(String library, String module) {
    return noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + "." + module + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(library)
        .because("STYLE §1: " + library + " is imported only in " + module);
  }

  /** Leaves out the core test-jar, whose fixtures are test code even when packaged. */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }
}
