package org.dataelements.factory.orchestration;

import picocli.CommandLine.IVersionProvider;

/** {@code factory --version}: the factory's version and the engine versions it was built with. */
final class VersionInfo implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "factory " + FactoryVersion.get(),
      "Spark "
          + FactoryVersion.property("spark")
          + " (Scala "
          + FactoryVersion.property("scala")
          + "), Delta "
          + FactoryVersion.property("delta")
          + ", Iceberg "
          + FactoryVersion.property("iceberg")
          + ", Deequ "
          + FactoryVersion.property("deequ")
          + ", Java "
          + System.getProperty("java.version"),
    };
  }
}
