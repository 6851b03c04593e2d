package org.dataelements.factory.products.release;

/** Which part of a {@link Semver} a release raises (DESIGN §8). */
public enum Bump {
  /** A breaking schema change: a table or column removed, or a column retyped. */
  MAJOR,
  /** New data, or tables or columns added. */
  MINOR,
  /** Nothing a consumer can see changed: a rebuild or correction with the same data. */
  PATCH
}
