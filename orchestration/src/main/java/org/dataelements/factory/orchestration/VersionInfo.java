package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code factory --version}: the factory's version and the engine versions it was built with. */
final class VersionInfo implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in = VersionInfo.class.getResourceAsStream("/factory-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return new String[] {
      "factory " + p.getProperty("version", "unknown"),
      "Spark " + p.getProperty("spark", "?") + " (Scala " + p.getProperty("scala", "?") + "), Delta "
          + p.getProperty("delta", "?") + ", Iceberg " + p.getProperty("iceberg", "?") + ", Deequ "
          + p.getProperty("deequ", "?") + ", Java " + System.getProperty("java.version"),
    };
  }
}
