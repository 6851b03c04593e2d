package org.dataelements.factory.products.release;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.dataelements.factory.core.DataInputException;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.products.release.AccessDeniedException.Reason;

/**
 * Factory of the exceptions raised by releases and security; each message names the problem, the
 * offending value and the expected one, and says how to fix it. No message ever holds token text.
 */
public final class ReleaseErrors {
  private static final String TOKEN_HELP =
      "pass the token printed by 'factory users add' in FACTORY_TOKEN or with --token-file FILE";

  private ReleaseErrors() {}

  /** A name that would reach the file system or a branch name is not of the expected form. */
  public static InvalidSpecException badName(
      String kind, String value, String expected, String example) {
    return new InvalidSpecException(
        List.of(
            kind
                + " '"
                + shown(value)
                + "' is not valid"
                + pathHint(value)
                + "; use "
                + expected
                + " (e.g. "
                + example
                + ")"));
  }

  public static InvalidSpecException unknownRole(String value) {
    String roles = Arrays.stream(Role.values()).map(Role::label).collect(Collectors.joining(", "));
    return new InvalidSpecException(
        List.of("role '" + shown(value) + "' is not known; use one of " + roles));
  }

  public static InvalidSpecException badVersion(String value) {
    return new InvalidSpecException(
        List.of(
            "version '"
                + shown(value)
                + "' is not a release version; use MAJOR.MINOR.PATCH with an optional 'v'"
                + " (e.g. 1.2.0 or v1.2.0)"));
  }

  public static InvalidSpecException badReleaseRef(String value) {
    return new InvalidSpecException(
        List.of(
            "'"
                + shown(value)
                + "' is not a release reference; use PRODUCT@VERSION with VERSION 1.2.0, v1.2.0"
                + " or latest (e.g. electricity_index@latest)"));
  }

  public static AccessDeniedException firstUserMustBeAdmin(String name, Role role) {
    return new AccessDeniedException(
        Reason.FIRST_USER_MUST_BE_ADMIN,
        Optional.empty(),
        "the first user of a warehouse must be an admin, but '"
            + name
            + "' was to get role "
            + role.label()
            + "; run 'factory users add NAME --role admin' first, then add other users with"
            + " the admin's token");
  }

  public static AccessDeniedException tokenNeeded(String action) {
    return new AccessDeniedException(
        Reason.NO_TOKEN, Optional.empty(), action + " needs a token; " + TOKEN_HELP);
  }

  public static AccessDeniedException malformedToken() {
    return new AccessDeniedException(
        Reason.MALFORMED_TOKEN,
        Optional.empty(),
        "the token given is not a factory token (expected USER.SECRET as printed by"
            + " 'factory users add'); "
            + TOKEN_HELP);
  }

  public static AccessDeniedException invalidToken(String claimedUser) {
    return new AccessDeniedException(
        Reason.INVALID_TOKEN,
        Optional.of(claimedUser),
        "the token given is not valid for this warehouse; ask an admin for a new user and token,"
            + " and "
            + TOKEN_HELP);
  }

  public static AccessDeniedException roleNotAllowed(User user, String action, Set<Role> allowed) {
    String roles = allowed.stream().sorted().map(Role::label).collect(Collectors.joining(", "));
    return new AccessDeniedException(
        Reason.ROLE_NOT_ALLOWED,
        Optional.of(user.name()),
        "user '"
            + user.name()
            + "' has role "
            + user.role().label()
            + ", which may not "
            + action
            + "; this needs role "
            + roles
            + " (ask an admin)");
  }

  public static InvalidSpecException duplicateUser(String name) {
    return new InvalidSpecException(
        List.of("user '" + name + "' already exists in this warehouse; choose another name"));
  }

  /** A file under {@code _security/} or {@code _releases/} is unreadable or malformed. */
  public static DataInputException badSecurityFile(Path file, String problem) {
    return new DataInputException(
        file + ": " + problem + "; restore the file from a backup (do not edit it by hand)");
  }

  public static DataInputException privateKeyTooOpen(Path file, String permissions) {
    return new DataInputException(
        "private signing key "
            + file
            + " is readable by others (permissions "
            + permissions
            + "); run 'chmod 600 "
            + file
            + "' and consider the key compromised if others could read it");
  }

  public static DataInputException incompleteKeyPair(Path present, Path missing) {
    return new DataInputException(
        "signing key pair incomplete: "
            + present
            + " exists but "
            + missing
            + " does not; restore the missing file from a backup (a new key pair would not"
            + " verify earlier releases)");
  }

  public static DataInputException badPublicKeyFile(Path file, String problem) {
    return new DataInputException(
        "public key file "
            + file
            + " "
            + problem
            + "; pass a PEM file with a '-----BEGIN PUBLIC KEY-----' Ed25519 key, such as"
            + " <warehouse>/_security/release-signing.pub");
  }

  public static VerificationException malformedSignature(String subject, String problem) {
    return new VerificationException(
        subject,
        "signature of "
            + subject
            + " is malformed ("
            + problem
            + "); expected the base64 of a 64-byte Ed25519 signature. Do not use this release;"
            + " ask its publisher");
  }

  public static VerificationException signatureMismatch(String subject) {
    return new VerificationException(
        subject,
        "signature of "
            + subject
            + " does not verify with the trusted public key: the manifest was changed or signed"
            + " with another key. Do not use this release; check --trust KEYFILE or ask its"
            + " publisher");
  }

  public static DataInputException badManifest(String where, String field, String problem) {
    return new DataInputException(
        where
            + ": "
            + (field.isEmpty() ? "" : field + " ")
            + problem
            + "; a manifest is written by 'factory release approve' and must not be edited");
  }

  /** A manifest or users record was built with inconsistent values: a bug in the caller. */
  public static LakehouseException inconsistent(String what, String value, String expected) {
    return new LakehouseException(what + " '" + shown(value) + "' is not valid; " + expected);
  }

  public static LakehouseException cannotWrite(Path file, IOException cause) {
    return new LakehouseException(
        "cannot write "
            + file
            + " ("
            + cause.getClass().getSimpleName()
            + ": "
            + cause.getMessage()
            + "); check that the warehouse folder is writable by this user",
        cause);
  }

  public static LakehouseException cannotRead(Path file, IOException cause) {
    return new LakehouseException(
        "cannot read "
            + file
            + " ("
            + cause.getClass().getSimpleName()
            + ": "
            + cause.getMessage()
            + "); check that it exists and is readable by this user",
        cause);
  }

  public static LakehouseException cryptoUnavailable(String algorithm, Exception cause) {
    return new LakehouseException(
        "the JDK offers no "
            + algorithm
            + " ("
            + cause.getMessage()
            + "); run the factory on a Java 17+ runtime with the standard security providers",
        cause);
  }

  // --- pull: refusals (exit 1, audit-logged as refused) ---

  private static final String DO_NOT_USE =
      " Nothing was written. Do not use this release; report it to its publisher.";

  public static ReleaseRefusedException unknownProduct(String product, List<String> released) {
    return new ReleaseRefusedException(
        product,
        "product '"
            + product
            + "' has no released version in this warehouse; "
            + (released.isEmpty()
                ? "no product has been released yet"
                : "released products: " + String.join(", ", released))
            + " (see 'factory release list')");
  }

  public static ReleaseRefusedException unknownVersion(
      String product, String version, List<String> released, List<String> revoked) {
    return new ReleaseRefusedException(
        product + "@" + version,
        product
            + " has no released version "
            + version
            + "; released versions: "
            + (released.isEmpty() ? "none" : String.join(", ", released))
            + (revoked.isEmpty() ? "" : " (revoked: " + String.join(", ", revoked) + ")")
            + "; pull one of them, or "
            + product
            + "@latest");
  }

  public static ReleaseRefusedException revoked(String product, String version, String reason) {
    return new ReleaseRefusedException(
        product + "@" + version,
        product
            + "@"
            + version
            + " was revoked"
            + (reason.isBlank() ? "" : ": " + reason)
            + "; pull another version (e.g. "
            + product
            + "@latest, the newest release not revoked)");
  }

  public static ReleaseRefusedException candidateNotReleased(
      String product, String candidate, List<String> released) {
    return new ReleaseRefusedException(
        product + "@" + candidate,
        candidate
            + " is a release candidate of "
            + product
            + ", not a released version; pull reads released versions only ("
            + (released.isEmpty() ? "none yet" : String.join(", ", released))
            + "). Review a candidate with 'factory release show "
            + product
            + " "
            + candidate
            + "'");
  }

  public static ReleaseRefusedException outputInUse(Path out, String problem) {
    return new ReleaseRefusedException(
        out.toString(),
        "output folder "
            + out
            + " "
            + problem
            + "; choose a new folder, or pass --force to replace it with the pull");
  }

  public static ReleaseRefusedException unknownSplit(
      String subject, String table, String split, List<String> present) {
    return new ReleaseRefusedException(
        subject,
        "split '"
            + shown(split)
            + "' does not occur in table "
            + table
            + " of "
            + subject
            + "; its splits are "
            + (present.isEmpty() ? "none (the table is empty)" : String.join(", ", present)));
  }

  public static ReleaseRefusedException noSplitColumn(String subject, List<String> tables) {
    return new ReleaseRefusedException(
        subject,
        "--split needs a table with a 'split' column, but "
            + subject
            + " has none (tables: "
            + String.join(", ", tables)
            + "); pull it without --split");
  }

  public static DataInputException notLocalWarehouse(String warehouse) {
    return new DataInputException(
        "pull reads releases from a local warehouse folder, but the warehouse is "
            + warehouse
            + "; run it where the warehouse is a local folder (embedded profile)");
  }

  // --- pull: verification failures (exit 1, audit-logged, nothing written) ---

  public static VerificationException releaseFileMissing(String subject, Path file) {
    return new VerificationException(
        subject,
        subject
            + " cannot be verified: "
            + file
            + " does not exist (every release has a manifest.json and a manifest.sig)."
            + DO_NOT_USE);
  }

  public static VerificationException noTrustedKey(String subject, Path file) {
    return new VerificationException(
        subject,
        subject
            + " cannot be verified: the public key "
            + file
            + " does not exist; pass the publisher's key with --trust KEYFILE");
  }

  public static VerificationException mismatch(
      String subject, String what, String expected, String found) {
    return new VerificationException(
        subject,
        subject
            + " failed verification: "
            + what
            + " differs: the signed manifest says "
            + expected
            + ", found "
            + found
            + "."
            + DO_NOT_USE);
  }

  public static VerificationException unreadable(String subject, String table, String problem) {
    return new VerificationException(
        subject,
        subject
            + " failed verification: table "
            + table
            + " cannot be read at its released snapshot ("
            + problem
            + ")."
            + DO_NOT_USE);
  }

  // --- reading a release without exporting it (factory trace): refusals (exit 1) ---

  /** A version as a reader gives it is neither a release version nor a candidate branch. */
  public static InvalidSpecException badReadVersion(String value) {
    return new InvalidSpecException(
        List.of(
            "version '"
                + shown(value)
                + "' is neither a release version nor a candidate branch; use MAJOR.MINOR.PATCH"
                + " with an optional 'v' (e.g. 1.2.0 or v1.2.0) or candidate_<run id> (e.g."
                + " candidate_20261128T145500Z_ab12)"));
  }

  /** A product has no release that is not revoked: what to approve, or how to get a candidate. */
  public static ReleaseRefusedException nothingReleased(
      String product, List<String> openCandidates, List<String> revoked) {
    String how =
        openCandidates.isEmpty()
            ? "build one with 'factory run --product "
                + product
                + "', review the candidate it leaves with 'factory release show "
                + product
                + " CANDIDATE' and approve it as an operator with 'factory release approve "
                + product
                + " CANDIDATE'"
            : "review its candidate with 'factory release show "
                + product
                + " "
                + openCandidates.get(0)
                + "' and approve it as an operator with 'factory release approve "
                + product
                + " "
                + openCandidates.get(0)
                + "'"
                + (openCandidates.size() > 1
                    ? " (open candidates, newest first: " + String.join(", ", openCandidates) + ")"
                    : "");
    return new ReleaseRefusedException(
        product,
        "product "
            + product
            + " has no release in this warehouse"
            + (revoked.isEmpty()
                ? ""
                : " that is not revoked (revoked: " + String.join(", ", revoked) + ")")
            + "; "
            + how
            + ", or read a candidate with --version CANDIDATE");
  }

  /** A version that is not (or not any longer) a release of the product. */
  public static ReleaseRefusedException noSuchRelease(
      String product, String version, List<String> released, List<String> revoked) {
    return new ReleaseRefusedException(
        product + "@" + version,
        product
            + " has no release "
            + version
            + "; released versions: "
            + (released.isEmpty() ? "none" : String.join(", ", released))
            + (revoked.isEmpty() ? "" : " (revoked: " + String.join(", ", revoked) + ")")
            + "; ask for one of them, or leave the version out to read the newest"
            + " (see 'factory release list "
            + product
            + "')");
  }

  /** A revoked release is not read; the newest one that is not revoked is named. */
  public static ReleaseRefusedException readRevoked(
      String product, String version, String reason, List<String> released) {
    return new ReleaseRefusedException(
        product + "@" + version,
        product
            + "@"
            + version
            + " was revoked"
            + (reason.isBlank() ? "" : " (" + reason + ")")
            + "; read "
            + (released.isEmpty()
                ? "a candidate instead: no release of " + product + " stands"
                : "another version, e.g. the newest release not revoked, "
                    + released.get(released.size() - 1)));
  }

  /** A release holds no such table (it was not built for that release). */
  public static ReleaseRefusedException tableNotReleased(
      String subject, String table, List<String> tables) {
    return new ReleaseRefusedException(
        subject,
        subject
            + " has no table "
            + table
            + (tables.isEmpty() ? "" : " (its tables: " + String.join(", ", tables) + ")")
            + "; read a release that has it (see 'factory release list')");
  }

  /** No candidate of that name was ever recorded for the product. */
  public static ReleaseRefusedException noSuchCandidate(String product, String candidate) {
    return new ReleaseRefusedException(
        product + "@" + candidate,
        product
            + " has no candidate "
            + candidate
            + "; see its candidates and releases with 'factory release list "
            + product
            + "'");
  }

  /** A recorded candidate whose branch is gone (released, expired) or lacks the table. */
  public static ReleaseRefusedException candidateNotReadable(
      String product, String candidate, String table, String status, Optional<String> version) {
    String why =
        switch (status) {
          case Releases.RELEASED, Releases.REVOKED ->
              "its branch was dropped when it was released"
                  + version.map(v -> " as " + v + "; read that version instead").orElse("");
          case Releases.EXPIRED -> "it expired and its branch was dropped; run the product again";
          default -> "it has no table " + table + " (the build did not reach it)";
        };
    return new ReleaseRefusedException(
        product + "@" + candidate,
        "candidate " + candidate + " of " + product + " (" + status + ") cannot be read: " + why);
  }

  // --- reading a release: the release disagrees with itself (exit 1) ---

  /** A release's manifest is missing where the release machinery writes it. */
  public static VerificationException manifestMissing(String subject, Path file) {
    return new VerificationException(
        subject,
        subject
            + " cannot be read: its manifest "
            + file
            + " does not exist (every release has one). Do not use this release; report it to"
            + " its publisher.");
  }

  /** The manifest and the table's tag (or the manifest's own fields) disagree. */
  public static VerificationException readMismatch(
      String subject, String what, String expected, String found) {
    return new VerificationException(
        subject,
        subject
            + " cannot be read: "
            + what
            + " differs: the release manifest says "
            + expected
            + ", found "
            + found
            + ". Do not use this release; report it to its publisher.");
  }

  /** The value as shown in a message: control characters escaped, at most 80 characters. */
  /** A decision the release's state does not allow, with what to do instead. */
  public static ReleaseRefusedException refused(String problem, String fix) {
    return new ReleaseRefusedException("release", problem + "; " + fix);
  }

  static String shown(String value) {
    StringBuilder b = new StringBuilder();
    value
        .codePoints()
        .limit(80)
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    if (value.codePointCount(0, value.length()) > 80) {
      b.append("...");
    }
    return b.toString();
  }

  private static String pathHint(String value) {
    if (value.contains("/") || value.contains("\\") || value.contains("..")) {
      return " (it contains a path separator or '..')";
    }
    if (value.codePoints().anyMatch(Character::isISOControl)) {
      return " (it contains control characters)";
    }
    return "";
  }
}
