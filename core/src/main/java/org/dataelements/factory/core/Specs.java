package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * All declarations under a conf directory (DESIGN §5): sources, silver tables and products. {@link
 * #load(Path)} reads every file strictly and reports every problem at once.
 */
public record Specs(List<SourceSpec> sources, List<TableSpec> tables, List<ProductSpec> products) {

  public Specs {
    sources = List.copyOf(sources);
    tables = List.copyOf(tables);
    products = List.copyOf(products);
  }

  /**
   * Loads {@code sources/*.yaml}, {@code tables/*.yaml} and {@code products/*.yaml} under the conf
   * directory; a missing folder means none of that kind.
   *
   * @throws InvalidSpecException listing every problem found, each with file and field path; about
   *     {@link Setting#CONF_DIR} when the directory does not exist
   */
  public static Specs load(Path confDir) {
    requireNonNull(confDir, "confDir is null");
    if (!Files.isDirectory(confDir)) {
      throw new InvalidSpecException(
          List.of(
              "the conf directory '"
                  + confDir
                  + "' does not exist; point the factory at the folder that holds sources/,"
                  + " tables/ and products/"),
          Setting.CONF_DIR);
    }
    List<String> problems = new ArrayList<>();
    List<SourceSpec> sources = readAll(confDir, "sources", SourceSpec.class, problems);
    List<TableSpec> tables = readAll(confDir, "tables", TableSpec.class, problems);
    List<ProductSpec> products = readAll(confDir, "products", ProductSpec.class, problems);
    checkUnique(sources.stream().map(SourceSpec::name), "source", problems);
    checkUnique(tables.stream().map(TableSpec::name), "table", problems);
    checkUnique(products.stream().map(ProductSpec::name), "product", problems);
    for (TableSpec t : tables) {
      try {
        TableId.parse("silver." + t.name());
      } catch (InvalidSpecException e) {
        problems.add(
            "tables/"
                + t.name()
                + ": table '"
                + t.name()
                + "' must be named <domain>__<entity> (e.g. power__consumption_monthly)");
      }
      if (!t.properties().isEmpty()) {
        problems.add(
            t.origin()
                + ": properties "
                + t.properties().keySet()
                + " are Iceberg table properties; silver tables are Delta tables, so only a"
                + " product's tables may set them");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return new Specs(sources, tables, products);
  }

  private static <T> List<T> readAll(
      Path confDir, String folder, Class<T> type, List<String> problems) {
    Path dir = confDir.resolve(folder);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<T> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(StrictYaml::isYaml).sorted().toList()) {
        String shown = folder + "/" + f.getFileName();
        StrictYaml.Result<T> r = StrictYaml.read(f, confDir.getFileName() + "/" + shown, type);
        r.value()
            .map(v -> withOrigin(v, confDir.getFileName() + "/" + shown, type))
            .ifPresent(out::add);
        problems.addAll(r.problems());
      }
    } catch (IOException e) {
      problems.add(dir + ": cannot be listed: " + e.getMessage());
    }
    return out;
  }

  private static <T> T withOrigin(T value, String file, Class<T> type) {
    if (value instanceof ProductSpec p) {
      return type.cast(p.withOrigin(file));
    }
    if (value instanceof TableSpec t) {
      return type.cast(t.withOrigin(file));
    }
    return value;
  }

  private static void checkUnique(Stream<String> names, String what, List<String> problems) {
    Map<String, Integer> counts = new HashMap<>();
    names.forEach(n -> counts.merge(n, 1, Integer::sum));
    counts.forEach(
        (n, c) -> {
          if (c > 1) {
            problems.add(
                what + " '" + n + "' is declared in " + c + " files; names must be unique");
          }
        });
  }

  /** The silver table spec named {@code <domain>__<entity>}. */
  public Optional<TableSpec> table(TableId id) {
    String name = id.namespace() + "__" + id.entity();
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public Optional<ProductSpec> product(String name) {
    return products.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public Optional<SourceSpec> source(String name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
