package org.dataelements.factory.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Canonical GS1 identifiers: an EPC URN (EPC Tag Data Standard 2.x) and a GS1 Digital Link URI of
 * the same item, class, lot, logistic unit, location or asset become one string, the Digital Link
 * URI on {@code https://id.gs1.org/} with only the identifying keys, in the order the Digital Link
 * standard prescribes, GTINs as 14 digits and every value percent-encoded the same way.
 *
 * <p>For example {@code urn:epc:id:sgtin:0614141.812345.6789}, {@code
 * https://example.com/01/80614141123458/21/6789?17=261231} and {@code
 * https://id.gs1.org/01/80614141123458/21/6789} are all {@code
 * https://id.gs1.org/01/80614141123458/21/6789}.
 *
 * <p>Recognised: the EPC URNs {@code sgtin}, {@code sscc}, {@code sgln}, {@code grai}, {@code
 * giai}, {@code gsrn}, {@code gsrnp}, {@code gdti}, {@code sgcn}, {@code ginc}, {@code gsin},
 * {@code pgln}, {@code cpi}, {@code itip}, {@code upui}, the class {@code lgtin} and the pattern
 * {@code idpat:sgtin:CP.ItemRef.*}; Digital Link URIs (on any host, after any path prefix) with the
 * primary keys 01, 8006, 00, 414, 417, 8017, 8018, 255, 253, 401, 402, 8003, 8004, 8010 (or their
 * short names such as {@code gtin}) and the qualifiers 22, 10, 21, 235, 254, 8019, 8011. Check
 * digits must be right and the lengths those of the GS1 General Specifications.
 */
public final class Gs1Ids {
  /** The host and scheme of every canonical id. */
  public static final String CANONICAL_PREFIX = "https://id.gs1.org";

  /** The 82 characters of GS1 AI encodable character set 82 (file-safe / URI-safe subset). */
  private static final String CSET82 =
      "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

  /** The 39 characters of set 39 (CPID). */
  private static final String CSET39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  /** Characters of set 82 that an EPC URN must escape (TDS, GS3A3 component). */
  private static final String URN_ESCAPED = "\"%&/<>?";

  private static final Map<String, String> SHORT_NAMES =
      Map.ofEntries(
          Map.entry("gtin", "01"),
          Map.entry("itip", "8006"),
          Map.entry("cpid", "8010"),
          Map.entry("gln", "414"),
          Map.entry("party", "417"),
          Map.entry("gsrnp", "8017"),
          Map.entry("gsrn", "8018"),
          Map.entry("gcn", "255"),
          Map.entry("sscc", "00"),
          Map.entry("gdti", "253"),
          Map.entry("ginc", "401"),
          Map.entry("gsin", "402"),
          Map.entry("grai", "8003"),
          Map.entry("giai", "8004"),
          Map.entry("cpv", "22"),
          Map.entry("lot", "10"),
          Map.entry("ser", "21"),
          Map.entry("cpsn", "8011"),
          Map.entry("glnx", "254"),
          Map.entry("srin", "8019"));

  /** Qualifiers each primary key may carry, in canonical order. */
  private static final Map<String, List<String>> QUALIFIERS =
      Map.ofEntries(
          Map.entry("01", List.of("22", "10", "21", "235")),
          Map.entry("8006", List.of("22", "10", "21")),
          Map.entry("00", List.of()),
          Map.entry("414", List.of("254")),
          Map.entry("417", List.of()),
          Map.entry("8017", List.of("8019")),
          Map.entry("8018", List.of("8019")),
          Map.entry("255", List.of()),
          Map.entry("253", List.of()),
          Map.entry("401", List.of()),
          Map.entry("402", List.of()),
          Map.entry("8003", List.of()),
          Map.entry("8004", List.of()),
          Map.entry("8010", List.of("8011")));

  private Gs1Ids() {}

  /**
   * The canonical form of an id: the GS1 Digital Link URI on {@code id.gs1.org} when {@code id} is
   * a well-formed GS1 identifier (see {@link #gs1(String)}), otherwise {@code id} trimmed and
   * otherwise unchanged ({@code urn:uuid:…}, {@code https://example.com/lot/7}, a GS1 id with a
   * wrong check digit).
   *
   * @throws NullPointerException when {@code id} is null
   */
  public static String canonical(String id) {
    requireNonNull(id, "id is null");
    return gs1(id).orElse(id.strip());
  }

  /**
   * The canonical GS1 Digital Link URI of an EPC URN or a Digital Link URI, or empty when {@code
   * id} is not a well-formed GS1 identifier (not one of the recognised forms, a wrong check digit,
   * inconsistent company-prefix lengths, a character outside the allowed set, a value too long).
   *
   * @throws NullPointerException when {@code id} is null
   */
  public static Optional<String> gs1(String id) {
    requireNonNull(id, "id is null");
    String s = id.strip();
    List<String[]> keys;
    if (s.regionMatches(true, 0, "urn:epc:", 0, 8)) {
      keys = fromUrn(s);
    } else if (s.regionMatches(true, 0, "https://", 0, 8)
        || s.regionMatches(true, 0, "http://", 0, 7)) {
      keys = fromDigitalLink(s);
    } else {
      keys = null;
    }
    return keys == null ? Optional.empty() : Optional.of(render(keys));
  }

  /**
   * Whether {@code digits} (at least two decimal digits) ends with the right GS1 mod-10 check digit
   * of the digits before it, as a GTIN, SSCC, GLN, GSRN or GSIN does. False for anything else.
   */
  public static boolean validCheckDigit(String digits) {
    if (digits == null || digits.length() < 2 || !allDigits(digits)) {
      return false;
    }
    return checkDigit(digits.substring(0, digits.length() - 1))
        == digits.charAt(digits.length() - 1);
  }

  /**
   * The GS1 mod-10 check digit of {@code digitsWithoutCheck}: weights 3 and 1 alternate from the
   * rightmost digit (which weighs 3), and the check digit brings the sum to a multiple of ten.
   *
   * @throws IllegalArgumentException when {@code digitsWithoutCheck} is empty or not all digits
   */
  public static char checkDigit(String digitsWithoutCheck) {
    if (digitsWithoutCheck == null
        || digitsWithoutCheck.isEmpty()
        || !allDigits(digitsWithoutCheck)) {
      throw new IllegalArgumentException(
          "a GS1 check digit is computed over decimal digits, not '"
              + digitsWithoutCheck
              + "'; pass the key's digits without its check digit");
    }
    int sum = 0;
    int n = digitsWithoutCheck.length();
    for (int i = 0; i < n; i++) {
      int d = digitsWithoutCheck.charAt(n - 1 - i) - '0';
      sum += (i % 2 == 0) ? 3 * d : d;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  // ---------------------------------------------------------------- EPC URN (TDS 2.x, §6/§7)

  private static List<String[]> fromUrn(String urn) {
    int c1 = urn.indexOf(':', 8);
    if (c1 < 0) {
      return null;
    }
    int c2 = urn.indexOf(':', c1 + 1);
    if (c2 < 0) {
      return null;
    }
    String kind = urn.substring(8, c1).toLowerCase(Locale.ROOT);
    String scheme = urn.substring(c1 + 1, c2).toLowerCase(Locale.ROOT);
    String body = urn.substring(c2 + 1);
    switch (kind) {
      case "id":
        return pureIdentity(scheme, body);
      case "class":
        return scheme.equals("lgtin") ? lgtin(body) : null;
      case "idpat":
        return scheme.equals("sgtin") ? sgtinPattern(body) : null;
      default:
        return null;
    }
  }

  private static List<String[]> pureIdentity(String scheme, String body) {
    switch (scheme) {
      case "sgtin":
        return gtinWith(body, "21");
      case "sscc":
        return sscc(body);
      case "sgln":
        return sgln(body);
      case "grai":
        return grai(body);
      case "giai":
        return companyPrefixed(body, "8004", CSET82, 30);
      case "ginc":
        return companyPrefixed(body, "401", CSET82, 30);
      case "gsrn":
        return numericWithCheck(body, 17, "8018");
      case "gsrnp":
        return numericWithCheck(body, 17, "8017");
      case "gsin":
        return numericWithCheck(body, 16, "402");
      case "pgln":
        return numericWithCheck(body, 12, "417");
      case "gdti":
        return gdti(body);
      case "sgcn":
        return sgcn(body);
      case "cpi":
        return cpi(body);
      case "itip":
        return itip(body);
      case "upui":
        return gtinWith(body, "235");
      default:
        return null;
    }
  }

  /** {@code CP.IndicatorItemRef} as GTIN-14, or null. */
  private static String gtin14(String cp, String indicatorItemRef) {
    if (!companyPrefix(cp)
        || !allDigits(indicatorItemRef)
        || cp.length() + indicatorItemRef.length() != 13) {
      return null;
    }
    String body = indicatorItemRef.charAt(0) + cp + indicatorItemRef.substring(1);
    return body + checkDigit(body);
  }

  /** sgtin ({@code CP.IR.Serial} → 01 + 21) and upui ({@code CP.IR.TPX} → 01 + 235). */
  private static List<String[]> gtinWith(String body, String qualifier) {
    String[] f = body.split("\\.", 3);
    if (f.length != 3) {
      return null;
    }
    String gtin = gtin14(f[0], f[1]);
    String serial = urnValue(f[2], CSET82, qualifier.equals("235") ? 28 : 20);
    return gtin == null || serial == null ? null : keys("01", gtin, qualifier, serial);
  }

  private static List<String[]> lgtin(String body) {
    return gtinWith(body, "10");
  }

  private static List<String[]> sgtinPattern(String body) {
    String[] f = body.split("\\.", -1);
    if (f.length != 3 || !f[2].equals("*")) {
      return null;
    }
    String gtin = gtin14(f[0], f[1]);
    return gtin == null ? null : keys("01", gtin);
  }

  private static List<String[]> sscc(String body) {
    String[] f = body.split("\\.", -1);
    if (f.length != 2
        || !companyPrefix(f[0])
        || !allDigits(f[1])
        || f[0].length() + f[1].length() != 17) {
      return null;
    }
    String s = f[1].charAt(0) + f[0] + f[1].substring(1);
    return keys("00", s + checkDigit(s));
  }

  /** {@code CP.Ref} with CP + Ref = {@code digits} digits, a check digit appended. */
  private static List<String[]> numericWithCheck(String body, int digits, String ai) {
    String[] f = body.split("\\.", -1);
    if (f.length != 2
        || !companyPrefix(f[0])
        || !allDigits(f[1])
        || f[0].length() + f[1].length() != digits) {
      return null;
    }
    String s = f[0] + f[1];
    return keys(ai, s + checkDigit(s));
  }

  private static List<String[]> sgln(String body) {
    String[] f = body.split("\\.", 3);
    String gln = f.length == 3 ? gln13(f[0], f[1]) : null;
    String ext = gln == null ? null : urnValue(f[2], CSET82, 20);
    if (ext == null) {
      return null;
    }
    return ext.equals("0") ? keys("414", gln) : keys("414", gln, "254", ext);
  }

  /** {@code CP.Ref} with CP + Ref = 12 digits as a 13-digit key with its check digit. */
  private static String gln13(String cp, String ref) {
    if (!companyPrefix(cp) || !allDigits(ref) || cp.length() + ref.length() != 12) {
      return null;
    }
    return cp + ref + checkDigit(cp + ref);
  }

  private static List<String[]> grai(String body) {
    String[] f = body.split("\\.", 3);
    String key = f.length == 3 ? gln13(f[0], f[1]) : null;
    String serial = key == null ? null : urnValue(f[2], CSET82, 16);
    return serial == null ? null : keys("8003", "0" + key + serial);
  }

  private static List<String[]> gdti(String body) {
    String[] f = body.split("\\.", 3);
    String key = f.length == 3 ? gln13(f[0], f[1]) : null;
    String serial = key == null ? null : urnValue(f[2], CSET82, 17);
    return serial == null ? null : keys("253", key + serial);
  }

  private static List<String[]> sgcn(String body) {
    String[] f = body.split("\\.", -1);
    String key = f.length == 3 ? gln13(f[0], f[1]) : null;
    if (key == null || f[2].isEmpty() || f[2].length() > 12 || !allDigits(f[2])) {
      return null;
    }
    return keys("255", key + f[2]);
  }

  /** giai and ginc: {@code CP.Ref}, CP + Ref at most {@code max} characters. */
  private static List<String[]> companyPrefixed(String body, String ai, String cset, int max) {
    int dot = body.indexOf('.');
    if (dot < 0 || !companyPrefix(body.substring(0, dot))) {
      return null;
    }
    String ref = urnValue(body.substring(dot + 1), cset, max - dot);
    return ref == null ? null : keys(ai, body.substring(0, dot) + ref);
  }

  private static List<String[]> cpi(String body) {
    String[] f = body.split("\\.", -1);
    if (f.length != 3 || !companyPrefix(f[0])) {
      return null;
    }
    String ref = urnValue(f[1], CSET39, 30 - f[0].length());
    if (ref == null || f[2].isEmpty() || f[2].length() > 12 || !allDigits(f[2])) {
      return null;
    }
    return keys("8010", f[0] + ref, "8011", f[2]);
  }

  private static List<String[]> itip(String body) {
    String[] f = body.split("\\.", 5);
    if (f.length != 5) {
      return null;
    }
    String gtin = gtin14(f[0], f[1]);
    String serial = urnValue(f[4], CSET82, 20);
    if (gtin == null
        || serial == null
        || f[2].length() != 2
        || f[3].length() != 2
        || !allDigits(f[2] + f[3])) {
      return null;
    }
    return keys("8006", gtin + f[2] + f[3], "21", serial);
  }

  private static boolean companyPrefix(String cp) {
    return cp.length() >= 6 && cp.length() <= 12 && allDigits(cp);
  }

  /**
   * A URN component with its escapes decoded, or null when empty, too long, holding a character the
   * URN must escape, or decoding to a character outside {@code cset}.
   */
  private static String urnValue(String raw, String cset, int max) {
    if (raw.isEmpty()) {
      return null;
    }
    for (int i = 0; i < raw.length(); i++) {
      char ch = raw.charAt(i);
      if (ch != '%' && URN_ESCAPED.indexOf(ch) >= 0) {
        return null;
      }
    }
    String v = percentDecode(raw);
    return v != null && inSet(v, cset, max) ? v : null;
  }

  // ------------------------------------------------------- GS1 Digital Link URI (DL 1.2 syntax)

  private static List<String[]> fromDigitalLink(String uri) {
    int scheme = uri.indexOf("://");
    int pathStart = uri.indexOf('/', scheme + 3);
    if (pathStart < 0) {
      return null;
    }
    int end = uri.length();
    for (char stop : new char[] {'?', '#'}) {
      int at = uri.indexOf(stop, pathStart);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    String path = uri.substring(pathStart + 1, end);
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String[] seg = path.split("/", -1);
    for (int i = 0; i < seg.length; i++) {
      if (QUALIFIERS.containsKey(aiCode(seg[i]))) {
        List<String[]> keys = digitalLinkFrom(seg, i);
        if (keys != null) {
          return keys;
        }
      }
    }
    return null;
  }

  private static String aiCode(String segment) {
    return SHORT_NAMES.getOrDefault(segment, segment);
  }

  /** The keys of {@code seg[start..]}, a primary key and its qualifiers; null when not valid. */
  private static List<String[]> digitalLinkFrom(String[] seg, int start) {
    if ((seg.length - start) % 2 != 0) {
      return null;
    }
    String primary = aiCode(seg[start]);
    String value = percentDecode(seg[start + 1]);
    String key = value == null ? null : primaryKey(primary, value);
    if (key == null) {
      return null;
    }
    List<String> allowed = QUALIFIERS.get(primary);
    Map<String, String> found = new HashMap<>();
    for (int i = start + 2; i < seg.length; i += 2) {
      String ai = aiCode(seg[i]);
      String v = percentDecode(seg[i + 1]);
      if (!allowed.contains(ai) || found.containsKey(ai) || v == null || !qualifier(ai, v)) {
        return null;
      }
      found.put(ai, v);
    }
    if (found.containsKey("235") && found.size() > 1) {
      return null;
    }
    List<String[]> keys = new ArrayList<>();
    keys.add(new String[] {primary, key});
    for (String ai : allowed) {
      if (found.containsKey(ai)) {
        keys.add(new String[] {ai, found.get(ai)});
      }
    }
    return keys;
  }

  /** The primary key's value in canonical form (GTINs as 14 digits), or null when not valid. */
  private static String primaryKey(String ai, String v) {
    switch (ai) {
      case "01":
        if ((v.length() == 8 || v.length() == 12 || v.length() == 13 || v.length() == 14)
            && validCheckDigit(v)) {
          return "0".repeat(14 - v.length()) + v;
        }
        return null;
      case "8006":
        return v.length() == 18 && allDigits(v) && validCheckDigit(v.substring(0, 14)) ? v : null;
      case "00":
      case "8017":
      case "8018":
        return v.length() == 18 && validCheckDigit(v) ? v : null;
      case "414":
      case "417":
        return v.length() == 13 && validCheckDigit(v) ? v : null;
      case "402":
        return v.length() == 17 && validCheckDigit(v) ? v : null;
      case "255":
        return v.length() >= 14 && v.length() <= 25 && allDigits(v) && validCheckDigit(v, 13)
            ? v
            : null;
      case "253":
        return v.length() >= 14 && validCheckDigit(v, 13) && inSet(v.substring(13), CSET82, 17)
            ? v
            : null;
      case "8003":
        return v.length() >= 14
                && v.charAt(0) == '0'
                && validCheckDigit(v, 14)
                && (v.length() == 14 || inSet(v.substring(14), CSET82, 16))
            ? v
            : null;
      case "401":
      case "8004":
        return inSet(v, CSET82, 30) ? v : null;
      case "8010":
        return inSet(v, CSET39, 30) ? v : null;
      default:
        return null;
    }
  }

  private static boolean qualifier(String ai, String v) {
    switch (ai) {
      case "22":
      case "10":
      case "21":
      case "254":
        return inSet(v, CSET82, 20);
      case "235":
        return inSet(v, CSET82, 28);
      case "8019":
        return !v.isEmpty() && v.length() <= 10 && allDigits(v);
      case "8011":
        return !v.isEmpty() && v.length() <= 12 && allDigits(v);
      default:
        return false;
    }
  }

  /** Whether the first {@code n} characters of {@code v} are digits ending in a right check. */
  private static boolean validCheckDigit(String v, int n) {
    return v.length() >= n && validCheckDigit(v.substring(0, n));
  }

  // ---------------------------------------------------------------------------- shared helpers

  private static List<String[]> keys(String... aiValue) {
    List<String[]> keys = new ArrayList<>(aiValue.length / 2);
    for (int i = 0; i < aiValue.length; i += 2) {
      keys.add(new String[] {aiValue[i], aiValue[i + 1]});
    }
    return keys;
  }

  private static String render(List<String[]> keys) {
    StringBuilder b = new StringBuilder(CANONICAL_PREFIX);
    for (String[] k : keys) {
      b.append('/').append(k[0]).append('/');
      percentEncode(k[1], b);
    }
    return b.toString();
  }

  /**
   * Digital Link encoding: only RFC 3986 unreserved characters stay literal, so every character of
   * set 82 that the DL grammar writes percent-encoded (and {@code "}) is encoded, hex upper case.
   */
  private static void percentEncode(String v, StringBuilder b) {
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if ((ch >= 'A' && ch <= 'Z')
          || (ch >= 'a' && ch <= 'z')
          || (ch >= '0' && ch <= '9')
          || ch == '-'
          || ch == '.'
          || ch == '_'
          || ch == '~') {
        b.append(ch);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(ch >> 4, 16)));
        b.append(Character.toUpperCase(Character.forDigit(ch & 0xF, 16)));
      }
    }
  }

  /** Decodes {@code %XX} escapes (UTF-8); null when an escape is malformed. */
  private static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] bytes = String.valueOf(ch).getBytes(UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(UTF_8);
  }

  private static boolean inSet(String v, String cset, int max) {
    if (v.isEmpty() || v.length() > max) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      if (cset.indexOf(v.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return false;
      }
    }
    return true;
  }
}
