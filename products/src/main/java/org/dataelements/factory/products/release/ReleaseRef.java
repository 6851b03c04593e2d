package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A {@code PRODUCT@VERSION} reference as {@code factory pull} takes it: VERSION is {@code 1.2.0},
 * {@code v1.2.0} or {@code latest} (an empty {@link #version()}: the newest release not revoked).
 */
public record ReleaseRef(String product, Optional<Semver> version) {
  public ReleaseRef {
    SafeNames.product(requireNonNull(product, "product is null"));
    requireNonNull(version, "version is null");
  }

  /**
   * Parses {@code PRODUCT@VERSION}.
   *
   * @throws org.dataelements.factory.core.InvalidSpecException when the text has no single
   *     {@code @}, or the product or version is not valid
   */
  public static ReleaseRef parse(String text) {
    int at = text.indexOf('@');
    if (at <= 0 || at != text.lastIndexOf('@') || at == text.length() - 1) {
      throw ReleaseErrors.badReleaseRef(text);
    }
    String product = SafeNames.product(text.substring(0, at));
    String version = text.substring(at + 1);
    if (version.equals("latest")) {
      return new ReleaseRef(product, Optional.empty());
    }
    return new ReleaseRef(product, Optional.of(Semver.parse(version)));
  }

  /** True for {@code PRODUCT@latest}. */
  public boolean isLatest() {
    return version.isEmpty();
  }

  @Override
  public String toString() {
    return product + "@" + version.map(Semver::toString).orElse("latest");
  }
}
