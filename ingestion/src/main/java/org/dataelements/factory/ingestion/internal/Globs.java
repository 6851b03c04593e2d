package org.dataelements.factory.ingestion.internal;

import java.util.regex.Pattern;

/**
 * Globs over paths relative to the landing root: {@code *} within a folder, {@code **} across
 * folders ({@code a/**}{@code /b} also matches {@code a/b}), {@code ?} one character, {@code {x,y}}
 * alternatives.
 */
public final class Globs {
  private Globs() {}

  public static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder("^");
    int i = 0;
    boolean inGroup = false;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          if (i + 2 < glob.length() && glob.charAt(i + 2) == '/') {
            re.append("(?:.*/)?");
            i += 3;
          } else {
            re.append(".*");
            i += 2;
          }
          continue;
        }
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '{') {
        re.append("(?:");
        inGroup = true;
      } else if (c == '}' && inGroup) {
        re.append(')');
        inGroup = false;
      } else if (c == ',' && inGroup) {
        re.append('|');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    return Pattern.compile(re.append('$').toString());
  }
}
