package org.dataelements.factory.core;

import java.util.regex.Pattern;

/**
 * Credentials taken out of text that goes to a log, a message, an ops table or a lineage event: a
 * URL's user-info password ({@code //user:secret@host}), parameters named like secrets ({@code
 * password=…}, {@code token=…}, {@code secret_key=…}; query or {@code ;} style) and Oracle's {@code
 * user/secret@host}. Everything else stays, so that a message still says where.
 */
public final class Redaction {
  public static final String REDACTED = "<redacted>";

  private static final Pattern USER_INFO = Pattern.compile("(//[^/@\\s:?#;]*):[^/@\\s]*@");
  private static final Pattern PARAMETER =
      Pattern.compile(
          "(?i)([?&;:]\\s*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key"
              + "|secret[_-]?key|credentials?)\\s*=)[^&;\\s]*");
  private static final Pattern ORACLE = Pattern.compile("(?i)(:thin:[^/@\\s]*/)[^@\\s]+@");

  private Redaction() {}

  /** The text with every credential it carries replaced by {@value #REDACTED}. */
  public static String of(String text) {
    if (text == null) {
      return null;
    }
    String s = USER_INFO.matcher(text).replaceAll("$1:" + REDACTED + "@");
    s = PARAMETER.matcher(s).replaceAll("$1" + REDACTED);
    return ORACLE.matcher(s).replaceAll("$1" + REDACTED + "@");
  }
}
