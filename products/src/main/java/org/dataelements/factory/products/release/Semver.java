package org.dataelements.factory.products.release;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A release version {@code MAJOR.MINOR.PATCH}; {@link #toString()} gives {@code 1.2.0}. */
public record Semver(int major, int minor, int patch) implements Comparable<Semver> {
  /** The version of a product's first release. */
  public static final Semver FIRST = new Semver(1, 0, 0);

  private static final Pattern FORM =
      Pattern.compile("v?(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})");
  private static final Comparator<Semver> ORDER =
      Comparator.comparingInt(Semver::major)
          .thenComparingInt(Semver::minor)
          .thenComparingInt(Semver::patch);

  public Semver {
    if (major < 0 || minor < 0 || patch < 0) {
      throw ReleaseErrors.badVersion(major + "." + minor + "." + patch);
    }
  }

  /**
   * Parses {@code 1.2.0} or {@code v1.2.0} (no leading zeros, no pre-release part).
   *
   * @throws org.dataelements.factory.core.InvalidSpecException when the text is not such a version
   */
  public static Semver parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw ReleaseErrors.badVersion(text);
    }
    return new Semver(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  /** The next version for the given bump: 1.2.3 → 2.0.0, 1.3.0 or 1.2.4. */
  public Semver bump(Bump bump) {
    return switch (bump) {
      case MAJOR -> new Semver(major + 1, 0, 0);
      case MINOR -> new Semver(major, minor + 1, 0);
      case PATCH -> new Semver(major, minor, patch + 1);
    };
  }

  /** The Iceberg tag of this version: {@code v1.2.0}. */
  public String tag() {
    return "v" + this;
  }

  @Override
  public int compareTo(Semver other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
