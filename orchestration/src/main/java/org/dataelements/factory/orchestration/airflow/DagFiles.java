package org.dataelements.factory.orchestration.airflow;

import java.nio.file.Path;
import org.dataelements.factory.core.FactoryConfig;

/** Where DAG files go and what their params default to. */
final class DagFiles {
  private DagFiles() {}

  /** A product name usable as a DAG id and a file name: {@code [a-z][a-z0-9_]*}. */
  static boolean isValidName(String product) {
    return product.matches("[a-z][a-z0-9_]{0,199}");
  }

  /** {@code <dir>/<product>.py}, for a name {@link #isValidName} accepted. */
  static Path file(Path dir, String product) {
    if (!isValidName(product)) {
      throw new IllegalArgumentException("not a DAG file name: " + product);
    }
    Path f = dir.resolve(product + ".py").normalize();
    if (!f.getParent().equals(dir.normalize())) {
      throw new IllegalArgumentException(f + " is not directly under " + dir);
    }
    return f;
  }

  /**
   * The params' defaults: the profile's warehouse when it is remote (a local path would be this
   * machine's, not the cluster's), else the example cluster profile's; the landing root beside it.
   */
  static DagRenderer.Defaults defaults(FactoryConfig config) {
    String warehouse =
        config.localWarehouse().isPresent() ? "s3a://data-elements/warehouse" : config.warehouse();
    int slash = warehouse.lastIndexOf('/');
    String landing =
        slash > warehouse.indexOf("://") + 2
            ? warehouse.substring(0, slash) + "/landing"
            : warehouse + "/landing";
    return new DagRenderer.Defaults(
        DagRenderer.Defaults.JAR,
        DagRenderer.Defaults.PROFILE,
        warehouse,
        DagRenderer.Defaults.CONF,
        landing);
  }
}
