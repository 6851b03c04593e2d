package org.dataelements.factory.products.release;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The semver rule of DESIGN §8 as a pure function: a breaking schema change raises the major
 * version, new data or added tables and columns the minor, anything else (a rebuild with the same
 * data) the patch. A product's first release is {@link Semver#FIRST}.
 */
public final class BumpRule {
  private BumpRule() {}

  /**
   * Compares the last release with a candidate.
   *
   * <ul>
   *   <li>MAJOR: a table removed, a column removed or retyped, or a column made nullable (readers
   *       relying on it being set would break);
   *   <li>MINOR: {@code dataChanged}, a table or column added, columns reordered, or a column made
   *       required;
   *   <li>PATCH: none of these.
   * </ul>
   *
   * @param previous the released tables' schemas by table name
   * @param candidate the candidate's tables' schemas by table name
   * @param dataChanged whether any table's content differs from the release (e.g. snapshot content
   *     hashes or row counts differ)
   */
  public static BumpDecision decide(
      Map<String, List<SchemaColumn>> previous,
      Map<String, List<SchemaColumn>> candidate,
      boolean dataChanged) {
    List<String> major = new ArrayList<>();
    List<String> minor = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(previous.keySet());
    names.addAll(candidate.keySet());
    for (String table : names) {
      List<SchemaColumn> before = previous.get(table);
      List<SchemaColumn> after = candidate.get(table);
      if (after == null) {
        major.add("table " + table + " removed");
      } else if (before == null) {
        minor.add("table " + table + " added");
      } else {
        compareColumns(table, before, after, major, minor);
      }
    }
    if (dataChanged) {
      minor.add("data changed");
    }
    if (!major.isEmpty()) {
      return new BumpDecision(Bump.MAJOR, concat(major, minor));
    }
    if (!minor.isEmpty()) {
      return new BumpDecision(Bump.MINOR, minor);
    }
    return new BumpDecision(Bump.PATCH, List.of("no schema or data change"));
  }

  /** The version to release: {@link Semver#FIRST} without a previous release, else the bump. */
  public static Semver nextVersion(Optional<Semver> previous, Bump bump) {
    return previous.map(p -> p.bump(bump)).orElse(Semver.FIRST);
  }

  private static void compareColumns(
      String table,
      List<SchemaColumn> before,
      List<SchemaColumn> after,
      List<String> major,
      List<String> minor) {
    Map<String, SchemaColumn> old = byName(before);
    Map<String, SchemaColumn> now = byName(after);
    for (SchemaColumn c : old.values()) {
      SchemaColumn n = now.get(c.name());
      if (n == null) {
        major.add("column " + table + "." + c.name() + " removed");
      } else if (!n.type().equals(c.type())) {
        major.add(
            "column " + table + "." + c.name() + " retyped from " + c.type() + " to " + n.type());
      } else if (n.nullable() && !c.nullable()) {
        major.add("column " + table + "." + c.name() + " made nullable");
      } else if (!n.nullable() && c.nullable()) {
        minor.add("column " + table + "." + c.name() + " made required");
      }
    }
    new TreeMap<>(now)
        .keySet().stream()
            .filter(name -> !old.containsKey(name))
            .forEach(name -> minor.add("column " + table + "." + name + " added"));
    List<String> keptBefore =
        before.stream().map(SchemaColumn::name).filter(now::containsKey).toList();
    List<String> keptAfter =
        after.stream().map(SchemaColumn::name).filter(old::containsKey).toList();
    if (!keptBefore.equals(keptAfter)) {
      minor.add("columns of " + table + " reordered");
    }
  }

  private static Map<String, SchemaColumn> byName(List<SchemaColumn> columns) {
    Map<String, SchemaColumn> m = new LinkedHashMap<>();
    for (SchemaColumn c : columns) {
      m.put(c.name(), c);
    }
    return m;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
