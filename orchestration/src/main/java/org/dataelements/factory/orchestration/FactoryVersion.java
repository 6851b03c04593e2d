package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The build's version properties (factory and engine versions), read once. */
final class FactoryVersion {
  private static final Properties PROPERTIES = load();

  private FactoryVersion() {}

  static String get() {
    return PROPERTIES.getProperty("version", "unknown");
  }

  static String property(String key) {
    return PROPERTIES.getProperty(key, "?");
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = FactoryVersion.class.getResourceAsStream("/factory-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
