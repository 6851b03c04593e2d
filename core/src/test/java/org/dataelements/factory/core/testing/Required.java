package org.dataelements.factory.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the suite needs from the machine: the shared real datasets, headless Chromium, a tmpfs
 * mount. A missing one fails the test with the reason; `mvn -B verify` (and so CI) never skips it.
 * A developer running one module may opt out explicitly, naming what may be missing: {@code
 * -Dfactory.optional=shared-data,chromium,tmpfs} (or {@code all}); only then is the test skipped,
 * and the skip says why.
 */
public final class Required {
  /** The system property naming what may be missing. */
  public static final String PROPERTY = "factory.optional";

  public static final String SHARED_DATA = "shared-data";
  public static final String CHROMIUM = "chromium";
  public static final String TMPFS = "tmpfs";

  private Required() {}

  /**
   * Fails (or, when opted out, skips) unless {@code present}; {@code reason} says what is missing.
   */
  public static void check(String what, boolean present, String reason) {
    if (present) {
      return;
    }
    if (optedOut().contains(what) || optedOut().contains("all")) {
      Assumptions.abort(what + " is missing and -D" + PROPERTY + " lets it be: " + reason);
    }
    Assertions.fail(
        what
            + " is required by this test: "
            + reason
            + ". Install it (.ci/run does), or, running a single module, opt out with -D"
            + PROPERTY
            + "="
            + what);
  }

  /** The shared real datasets, or {@code sub} under them; required to exist. */
  public static Path sharedData(String... sub) {
    Path p = SparkTestSession.sharedData();
    for (String s : sub) {
      p = p.resolve(s);
    }
    check(
        SHARED_DATA,
        Files.isDirectory(p),
        p + " is not there (../shared/data beside the checkout, or -Dfactory.shared=DIR)");
    return p;
  }

  /** The headless Chromium executable; required to be installed. */
  public static Path chromium() {
    Optional<Path> found =
        Stream.of("chromium", "chromium-browser", "google-chrome")
            .map(c -> Path.of("/usr/bin", c))
            .filter(Files::isExecutable)
            .findFirst();
    check(
        CHROMIUM, found.isPresent(), "no chromium, chromium-browser or google-chrome in /usr/bin");
    return found.orElseThrow();
  }

  private static Set<String> optedOut() {
    return Arrays.stream(System.getProperty(PROPERTY, "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
  }
}
