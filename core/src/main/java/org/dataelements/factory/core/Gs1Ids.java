package org.dataelements.factory.core;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical identifiers for traceability: an EPC URN (EPC Tag Data Standard 2.x, pure identity and
 * class URNs) and a GS1 Digital Link URI of the same item, class, lot, logistic unit or location
 * become one string, the Digital Link URI on {@code https://id.gs1.org/} with the GS1 key in its
 * full length (GTIN-14, SSCC-18, GLN-13) and a verified check digit:
 *
 * <ul>
 *   <li>{@code urn:epc:id:sgtin:CP.IR.S} → {@code /01/<GTIN-14>/21/<S>} (indicator digit = the
 *       first digit of the item reference, moved to the front; check digit appended)
 *   <li>{@code urn:epc:class:lgtin:CP.IR.L} → {@code /01/<GTIN-14>/10/<L>}; {@code
 *       urn:epc:idpat:sgtin:CP.IR.*} → {@code /01/<GTIN-14>}
 *   <li>{@code urn:epc:id:sscc:CP.SR} → {@code /00/<SSCC-18>} (extension digit first)
 *   <li>{@code urn:epc:id:sgln:CP.LR.E} → {@code /414/<GLN>} plus {@code /254/<E>} when E is not 0;
 *       {@code urn:epc:id:pgln:CP.PR} → {@code /417/<GLN>}
 *   <li>{@code urn:epc:id:grai:CP.AT.S} → {@code /8003/0<GRAI><S>}; {@code urn:epc:id:giai:CP.A} →
 *       {@code /8004/<CP><A>}; {@code urn:epc:id:gsrn:CP.SR} → {@code /8018/<GSRN>}
 *   <li>a Digital Link URI on any host → the same path on id.gs1.org, GTIN-8/12/13 padded to 14,
 *       query and fragment dropped, only the key and its key qualifiers (22, 10, 21 for a GTIN; 254
 *       for a GLN) kept in that order.
 * </ul>
 *
 * <p>The company prefix length comes from the dot in the URN (it must make the key the right
 * length); serials and lots are URN-unescaped ({@code %2F} → {@code /}) and percent-encoded as a
 * Digital Link path segment needs. Anything else — a malformed URN, a Digital Link with a wrong
 * check digit, a {@code urn:uuid:} or a company's own URL — is not a GS1 identifier and stays as it
 * is (trimmed), so it still identifies itself.
 */
public final class Gs1Ids {
  /** The canonical Digital Link host. */
  public static final String DL_ROOT = "https://id.gs1.org";

  private static final Pattern URN =
      Pattern.compile("^urn:epc:(id|class|idpat):([a-z]+):(.+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern DIGITAL_LINK = Pattern.compile("^https?://[^/?#]+(/[^?#]*)");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /** Key qualifiers allowed after each primary key, in their canonical order. */
  private static final Map<String, List<String>> QUALIFIERS =
      Map.of(
          "01", List.of("22", "10", "21"),
          "00", List.of(),
          "414", List.of("254"),
          "417", List.of(),
          "8003", List.of(),
          "8004", List.of(),
          "8018", List.of());

  private Gs1Ids() {}

  /** The canonical id of {@code id}: its GS1 Digital Link form, or {@code id} trimmed. */
  public static String canonical(String id) {
    String s = id.strip();
    return gs1(s).orElse(s);
  }

  /** The canonical Digital Link URI when {@code id} is a well-formed GS1 identifier. */
  public static Optional<String> gs1(String id) {
    String s = id.strip();
    try {
      Matcher urn = URN.matcher(s);
      if (urn.matches()) {
        return fromUrn(urn.group(1).toLowerCase(), urn.group(2).toLowerCase(), urn.group(3));
      }
      Matcher dl = DIGITAL_LINK.matcher(s);
      if (dl.find() && dl.start() == 0) {
        return fromDigitalLink(dl.group(1));
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // e.g. a malformed %-escape
    }
    return Optional.empty();
  }

  private static Optional<String> fromUrn(String kind, String scheme, String body) {
    String[] p = body.split("\\.", -1);
    switch (kind + ":" + scheme) {
      case "id:sgtin", "class:lgtin", "idpat:sgtin" -> {
        if (p.length != 3
            || !digits(p[0])
            || !digits(p[1])
            || p[0].length() + p[1].length() != 13) {
          return Optional.empty();
        }
        String gtin = withCheck(p[1].charAt(0) + p[0] + p[1].substring(1));
        if (kind.equals("idpat")) {
          return p[2].equals("*") ? Optional.of(DL_ROOT + "/01/" + gtin) : Optional.empty();
        }
        String value = unescapeUrn(p[2]);
        if (value.isEmpty() || value.length() > 20) {
          return Optional.empty();
        }
        return Optional.of(
            DL_ROOT + "/01/" + gtin + (kind.equals("class") ? "/10/" : "/21/") + segment(value));
      }
      case "id:sscc" -> {
        if (p.length != 2
            || !digits(p[0])
            || !digits(p[1])
            || p[0].length() + p[1].length() != 17) {
          return Optional.empty();
        }
        return Optional.of(DL_ROOT + "/00/" + withCheck(p[1].charAt(0) + p[0] + p[1].substring(1)));
      }
      case "id:sgln" -> {
        if (p.length != 3
            || !digits(p[0])
            || (!p[1].isEmpty() && !digits(p[1]))
            || p[0].length() + p[1].length() != 12) {
          return Optional.empty();
        }
        String ext = unescapeUrn(p[2]);
        return Optional.of(
            DL_ROOT
                + "/414/"
                + withCheck(p[0] + p[1])
                + (ext.isEmpty() || ext.equals("0") ? "" : "/254/" + segment(ext)));
      }
      case "id:pgln" -> {
        if (p.length != 2
            || !digits(p[0])
            || (!p[1].isEmpty() && !digits(p[1]))
            || p[0].length() + p[1].length() != 12) {
          return Optional.empty();
        }
        return Optional.of(DL_ROOT + "/417/" + withCheck(p[0] + p[1]));
      }
      case "id:grai" -> {
        if (p.length != 3
            || !digits(p[0])
            || (!p[1].isEmpty() && !digits(p[1]))
            || p[0].length() + p[1].length() != 12) {
          return Optional.empty();
        }
        return Optional.of(
            DL_ROOT + "/8003/0" + withCheck(p[0] + p[1]) + segment(unescapeUrn(p[2])));
      }
      case "id:giai" -> {
        if (p.length != 2 || !digits(p[0]) || p[1].isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(DL_ROOT + "/8004/" + p[0] + segment(unescapeUrn(p[1])));
      }
      case "id:gsrn" -> {
        if (p.length != 2
            || !digits(p[0])
            || !digits(p[1])
            || p[0].length() + p[1].length() != 17) {
          return Optional.empty();
        }
        return Optional.of(DL_ROOT + "/8018/" + withCheck(p[0] + p[1]));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static Optional<String> fromDigitalLink(String path) {
    String[] parts = path.split("/", -1);
    // find the primary key: the first AI we know followed by a value
    List<String> seg = new ArrayList<>();
    for (String x : parts) {
      if (!x.isEmpty()) {
        seg.add(x);
      }
    }
    for (int i = 0; i + 1 < seg.size(); i++) {
      String ai = seg.get(i);
      if (!QUALIFIERS.containsKey(ai)) {
        continue;
      }
      String key = decode(seg.get(i + 1));
      Optional<String> primary = primaryKey(ai, key);
      if (primary.isEmpty()) {
        return Optional.empty();
      }
      StringBuilder out =
          new StringBuilder(DL_ROOT).append('/').append(ai).append('/').append(primary.get());
      Map<String, String> found = new java.util.HashMap<>();
      for (int j = i + 2; j + 1 < seg.size(); j += 2) {
        found.put(seg.get(j), decode(seg.get(j + 1)));
      }
      for (String q : QUALIFIERS.get(ai)) {
        String v = found.get(q);
        if (v != null && !(q.equals("254") && v.equals("0"))) {
          out.append('/').append(q).append('/').append(segment(v));
        }
      }
      return Optional.of(out.toString());
    }
    return Optional.empty();
  }

  private static Optional<String> primaryKey(String ai, String key) {
    switch (ai) {
      case "01" -> {
        if (!digits(key)
            || !(key.length() == 8
                || key.length() == 12
                || key.length() == 13
                || key.length() == 14)) {
          return Optional.empty();
        }
        String gtin = "0".repeat(14 - key.length()) + key;
        return validCheckDigit(gtin) ? Optional.of(gtin) : Optional.empty();
      }
      case "00" -> {
        return digits(key) && key.length() == 18 && validCheckDigit(key)
            ? Optional.of(key)
            : Optional.empty();
      }
      case "414", "417" -> {
        return digits(key) && key.length() == 13 && validCheckDigit(key)
            ? Optional.of(key)
            : Optional.empty();
      }
      case "8018" -> {
        return digits(key) && key.length() == 18 && validCheckDigit(key)
            ? Optional.of(key)
            : Optional.empty();
      }
      case "8003" -> {
        return key.length() >= 14
                && digits(key.substring(0, 14))
                && validCheckDigit(key.substring(1, 14))
            ? Optional.of(segment(key))
            : Optional.empty();
      }
      case "8004" -> {
        return key.isEmpty() ? Optional.empty() : Optional.of(segment(key));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /** The GS1 mod-10 check digit of a key without its check digit. */
  public static char checkDigit(String digitsWithoutCheck) {
    if (!digits(digitsWithoutCheck)) {
      throw new IllegalArgumentException("not digits: '" + digitsWithoutCheck + "'");
    }
    int sum = 0;
    for (int i = 0; i < digitsWithoutCheck.length(); i++) {
      int d = digitsWithoutCheck.charAt(digitsWithoutCheck.length() - 1 - i) - '0';
      sum += i % 2 == 0 ? 3 * d : d;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  /** True when the last digit is the GS1 check digit of the others. */
  public static boolean validCheckDigit(String digits) {
    return digits != null
        && digits.length() >= 2
        && digits(digits)
        && checkDigit(digits.substring(0, digits.length() - 1))
            == digits.charAt(digits.length() - 1);
  }

  private static String withCheck(String digits) {
    return digits + checkDigit(digits);
  }

  private static boolean digits(String s) {
    return DIGITS.matcher(s).matches();
  }

  /** URN escapes (TDS: %22 %25 %26 %2F %3C %3E %3F) decoded. */
  private static String unescapeUrn(String s) {
    return s.contains("%") ? URLDecoder.decode(s.replace("+", "%2B"), UTF_8) : s;
  }

  private static String decode(String s) {
    return s.contains("%") ? URLDecoder.decode(s.replace("+", "%2B"), UTF_8) : s;
  }

  /** A value as a Digital Link path segment: unreserved characters as they are, others %XX. */
  private static String segment(String value) {
    StringBuilder sb = new StringBuilder();
    for (byte b : value.getBytes(UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '!'
          || c == '\''
          || c == '('
          || c == ')'
          || c == '*'
          || c == '+'
          || c == ','
          || c == ';'
          || c == '='
          || c == ':'
          || c == '@') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return sb.toString();
  }
}
