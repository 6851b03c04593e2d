package org.dataelements.factory.products.release;

import java.util.regex.Pattern;

/**
 * Checks of the names that reach file paths, branch names and tags: products, tables, versions, run
 * ids, candidate branches and users. Each method returns its argument (or its parsed form) when it
 * is valid.
 *
 * <p>Every method throws {@link org.dataelements.factory.core.InvalidSpecException} naming the
 * value and the expected form when the value contains {@code /}, {@code \}, {@code ..}, control
 * characters, or does not match the expected pattern.
 */
public final class SafeNames {
  private static final Pattern PRODUCT = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern TABLE = PRODUCT;
  private static final Pattern USER = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
  private static final Pattern RUN_ID = Pattern.compile("[0-9]{8}T[0-9]{6}Z_[0-9a-f]{4,16}");
  private static final String CANDIDATE_PREFIX = "candidate_";

  private SafeNames() {}

  /** A product name such as {@code electricity_index}. */
  public static String product(String value) {
    return check(
        "product name",
        value,
        PRODUCT,
        "lower-case letters, digits and '_', starting with a letter, at most 64 characters",
        "electricity_index");
  }

  /** A gold table's name inside its product, such as {@code monthly_indices}. */
  public static String table(String value) {
    return check(
        "table name",
        value,
        TABLE,
        "lower-case letters, digits and '_', starting with a letter, at most 64 characters",
        "monthly_indices");
  }

  /** A user name such as {@code ops.lin}. */
  public static String userName(String value) {
    String v =
        check(
            "user name",
            value,
            USER,
            "lower-case letters, digits, '_', '.' and '-', starting with a letter, at most 64"
                + " characters",
            "ops.lin");
    if (v.contains("..")) {
      throw ReleaseErrors.badName("user name", value, "no '..'", "ops.lin");
    }
    return v;
  }

  /** A run id such as {@code 20261128T145500Z_ab12} (DESIGN §8). */
  public static String runId(String value) {
    return check(
        "run id",
        value,
        RUN_ID,
        "yyyyMMddTHHmmssZ_ and 4 to 16 lower-case hex digits",
        "20261128T145500Z_ab12");
  }

  /** A release version string such as {@code 1.2.0} or {@code v1.2.0}, parsed. */
  public static Semver version(String value) {
    return Semver.parse(value);
  }

  /** The candidate branch name of a run: {@code candidate_<runid>}. */
  public static String candidateBranch(String runId) {
    return CANDIDATE_PREFIX + runId(runId);
  }

  /** Checks a candidate branch name such as {@code candidate_20261128T145500Z_ab12}. */
  public static String candidate(String value) {
    if (!value.startsWith(CANDIDATE_PREFIX)) {
      throw ReleaseErrors.badName(
          "candidate branch",
          value,
          "candidate_ followed by a run id",
          "candidate_20261128T145500Z_ab12");
    }
    runIdOfCandidate(value);
    return value;
  }

  /** The run id inside a candidate branch name. */
  public static String runIdOfCandidate(String candidate) {
    String runId =
        candidate.startsWith(CANDIDATE_PREFIX)
            ? candidate.substring(CANDIDATE_PREFIX.length())
            : "";
    if (!RUN_ID.matcher(runId).matches()) {
      throw ReleaseErrors.badName(
          "candidate branch",
          candidate,
          "candidate_ followed by a run id",
          "candidate_20261128T145500Z_ab12");
    }
    return runId;
  }

  private static String check(
      String kind, String value, Pattern pattern, String expected, String example) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw ReleaseErrors.badName(kind, String.valueOf(value), expected, example);
    }
    return value;
  }
}
