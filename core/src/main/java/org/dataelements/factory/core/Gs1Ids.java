package org.dataelements.factory.core;

/** TEMPORARY local stand-in until trace-ids lands; do not commit. */
public final class Gs1Ids {
  private Gs1Ids() {}

  public static String canonical(String id) {
    String s = id.strip();
    try {
      if (s.startsWith("urn:epc:class:lgtin:") || s.startsWith("urn:epc:id:sgtin:")) {
        boolean lot = s.startsWith("urn:epc:class:lgtin:");
        String[] p = s.substring(lot ? 20 : 17).split("\\.", 3);
        String g = p[1].charAt(0) + p[0] + p[1].substring(1);
        if (g.length() != 13) return s;
        return "https://id.gs1.org/01/" + g + check(g) + (lot ? "/10/" : "/21/") + p[2];
      }
      if (s.startsWith("urn:epc:id:sscc:")) {
        String[] p = s.substring(16).split("\\.");
        String g = p[1].charAt(0) + p[0] + p[1].substring(1);
        return "https://id.gs1.org/00/" + g + check(g);
      }
      if (s.startsWith("urn:epc:id:sgln:")) {
        String[] p = s.substring(16).split("\\.");
        String g = p[0] + p[1];
        return "https://id.gs1.org/414/" + g + check(g) + (p[2].equals("0") ? "" : "/254/" + p[2]);
      }
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("^https?://[^/]+(/.*?)(\\?.*)?$").matcher(s);
      if (m.matches() && m.group(1).matches("^/(01|00|414)/.*")) {
        return "https://id.gs1.org" + m.group(1);
      }
    } catch (RuntimeException e) {
      return s;
    }
    return s;
  }

  static char check(String digits) {
    int t = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      t += i % 2 == 0 ? 3 * d : d;
    }
    return (char) ('0' + (10 - t % 10) % 10);
  }
}
