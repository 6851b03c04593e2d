package org.dataelements.factory.lineage;

import java.util.List;
import org.dataelements.factory.core.TableNotFoundException;

/** The user errors of lineage queries; each message says problem, value and fix. */
public final class LineageErrors {
  private LineageErrors() {}

  static final String NAME_FORMS =
      "name a table by its SQL name (bronze.<source>__<object>, silver.<domain>__<entity>,"
          + " lake.<product>.<table> or <product>.<table>), a landing file by its path relative to"
          + " the landing root, or a product by its name (its releases)";

  /** A dataset the lineage events never mention, with the names closest to it. */
  static TableNotFoundException unknownDataset(String typed, List<String> nearby, int known) {
    return new TableNotFoundException(
        typed,
        "dataset '"
            + typed
            + "' appears in no lineage event ("
            + known
            + (known == 1 ? " dataset is" : " datasets are")
            + " known)"
            + (nearby.isEmpty()
                ? "; no known name is close to it"
                : "; nearby names: " + String.join(", ", nearby))
            + ". "
            + Character.toUpperCase(NAME_FORMS.charAt(0))
            + NAME_FORMS.substring(1));
  }

  /** A version of a known dataset that no event mentions. */
  static TableNotFoundException unknownVersion(
      String name, String version, List<String> newestFirst, int total) {
    return new TableNotFoundException(
        name + "@" + version,
        "dataset "
            + name
            + " has no version '"
            + version
            + "' in the lineage events; its versions, newest first: "
            + String.join(", ", newestFirst)
            + (total > newestFirst.size() ? " (and " + (total - newestFirst.size()) + " more)" : "")
            + ". Give one of them (a Delta version, an Iceberg snapshot id, branch or tag, a"
            + " file's checksum, a release's version), or leave @VERSION out for the newest");
  }
}
