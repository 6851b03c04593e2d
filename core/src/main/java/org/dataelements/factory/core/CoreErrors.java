package org.dataelements.factory.core;

import java.util.List;

/** Factory of the exceptions raised by {@code core}; each message says problem, value and fix. */
public final class CoreErrors {
  private CoreErrors() {}

  static InvalidSpecException badTableName(String part, String value) {
    return new InvalidSpecException(
        List.of(
            "table "
                + part
                + " '"
                + value
                + "' is not a valid name; use lower-case snake_case starting with a letter"
                + " (no '__', which separates namespace and entity)"));
  }

  static InvalidSpecException unparseableTableName(String value) {
    return new InvalidSpecException(
        List.of(
            "'"
                + value
                + "' is not a table name; use bronze.<source>__<object>,"
                + " silver.<domain>__<entity>, lake.<product>.<table> or lake.ops.<table>"));
  }

  /** An output file given with {@code option} that cannot be written. */
  public static InvalidSpecException cannotWrite(
      String option, java.nio.file.Path file, java.io.IOException cause) {
    return new InvalidSpecException(
        List.of(
            "option "
                + option
                + " '"
                + file
                + "' cannot be written ("
                + cause.getClass().getSimpleName()
                + ": "
                + cause.getMessage()
                + "); pass a path in a writable folder"));
  }

  /** The landing root {@code path} is not a folder ({@link Setting#LANDING_ROOT}). */
  public static DataInputException missingLandingRoot(String path) {
    return new DataInputException(
        "landing root '"
            + path
            + "' does not exist or is not a directory; point the factory at an existing folder of"
            + " source files",
        Setting.LANDING_ROOT);
  }

  /** The value of an option named by the caller (e.g. the CLI's {@code --limit}) is not valid. */
  public static InvalidSpecException badOption(String option, String value, String expected) {
    return new InvalidSpecException(
        List.of("option " + option + " '" + value + "' is not valid; expected " + expected));
  }

  /** A table's metadata or data files cannot be read (an I/O failure, not the user's input). */
  public static LakehouseException cannotReadTable(String table, String what, Exception cause) {
    return new LakehouseException(
        "cannot read "
            + what
            + " of "
            + table
            + " ("
            + cause.getClass().getSimpleName()
            + ": "
            + cause.getMessage()
            + "); check that the warehouse is reachable and the table's files are intact",
        cause);
  }
}
