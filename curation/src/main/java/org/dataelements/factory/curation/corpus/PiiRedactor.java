package org.dataelements.factory.curation.corpus;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and masks personal data in Chinese and English public text (laws, policy documents,
 * notices, abstracts): mainland resident ID numbers, bank card numbers, phone numbers and e-mail
 * addresses. Each match is replaced by its type's placeholder ({@code <ID_CARD>}, {@code
 * <BANK_CARD>}, {@code <PHONE>}, {@code <EMAIL>}).
 *
 * <p>The rules favour precision on digit-heavy public text:
 *
 * <ul>
 *   <li>{@link Type#EMAIL}: {@code local@domain.tld}, the domain with at least one dot and a
 *       top-level label of 2+ letters, not glued to a longer word.
 *   <li>{@link Type#ID_CARD}: 18 characters, a region code starting with a valid province code, a
 *       real birth date (1900 to today, China time), 3 sequence digits and the ISO 7064 MOD 11-2
 *       check character ({@code X} in either case). A wrong check character or an impossible date
 *       is not PII.
 *   <li>{@link Type#BANK_CARD}: 16–19 digits, plain or in groups of four separated by one space or
 *       hyphen, starting with 3–6 (Amex/JCB, Visa, Mastercard, UnionPay 62…), passing Luhn. An
 *       18-digit run shaped like an ID number (province code, 19xx/20xx year, date-like month and
 *       day) is never a card.
 *   <li>{@link Type#PHONE}: mainland mobiles {@code 1[3-9]} + 9 digits (3-4-4 with spaces or
 *       hyphens allowed, optional {@code +86}/{@code 0086}/{@code 86} prefix) and landlines with an
 *       area code and separator ({@code 010-12345678}, {@code (0931)8765432}, {@code 0931
 *       8765432}). Bare local numbers and service numbers (12345, 110) are not matched.
 * </ul>
 *
 * <p>No number is matched inside a longer run of digits or letters, nor right after or before a
 * decimal point, so amounts, serials, DOIs, arXiv ids and table columns stay intact. When matches
 * overlap the higher type wins, in the order e-mail, ID card, bank card, phone.
 *
 * <p>Stateless: all methods are static and thread-safe, the patterns are compiled once.
 */
public final class PiiRedactor implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The kinds of personal data found. */
  public enum Type {
    ID_CARD,
    BANK_CARD,
    PHONE,
    EMAIL;

    /** The text that replaces a match, e.g. {@code <PHONE>}. */
    public String placeholder() {
      return "<" + name() + ">";
    }
  }

  /** One match: {@code value} is {@code text.substring(start, end)}. */
  public record Match(Type type, int start, int end, String value) implements Serializable {
    public Match {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
      if (start < 0 || end < start || end - start != value.length()) {
        throw new IllegalArgumentException("bad span " + start + ".." + end + " for " + value);
      }
    }
  }

  /**
   * The redacted text and how many matches of each type were replaced (keyed by {@link
   * Type#name()}, only types found).
   */
  public record Redaction(String text, Map<String, Integer> counts) implements Serializable {
    public Redaction {
      Objects.requireNonNull(text, "text");
      counts = Map.copyOf(counts);
    }

    /** All matches replaced. */
    public int total() {
      int sum = 0;
      for (int n : counts.values()) {
        sum += n;
      }
      return sum;
    }
  }

  // Not preceded by a letter/digit nor by "digit + decimal point / hyphen (/ slash)", so nothing
  // starts inside a longer number such as 12.13912345678 or 2021-110105199003071234.
  private static final String LB_STRICT = "(?<![0-9A-Za-z])(?<![0-9][.\\-/])";
  private static final String RB_STRICT = "(?![0-9A-Za-z])(?![.\\-/][0-9])";
  private static final String LB_PHONE = "(?<![0-9A-Za-z])(?<![0-9][.\\-])";
  private static final String RB_PHONE = "(?![0-9A-Za-z])(?!\\.[0-9])";

  private static final Pattern EMAIL =
      Pattern.compile(
          "(?<![A-Za-z0-9._%+\\-])"
              + "[A-Za-z0-9][A-Za-z0-9._%+\\-]{0,63}"
              + "@(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?\\.)+"
              + "[A-Za-z]{2,24}"
              + "(?![A-Za-z0-9\\-])(?!\\.[A-Za-z0-9])");

  private static final Pattern ID_CARD =
      Pattern.compile(LB_STRICT + "[1-8][0-9]{16}[0-9Xx]" + RB_STRICT);

  // A card starts with 3-6: plain 16-19 digits, or 4-4-4-4(-1..3) with one consistent separator.
  // A card is also not glued to a neighbouring number by a single space/hyphen/dot/slash.
  private static final Pattern BANK_CARD =
      Pattern.compile(
          "(?<![0-9A-Za-z])(?<![0-9][.\\-/ ])"
              + "[3-6](?:[0-9]{15,18}|[0-9]{3}([ \\-])[0-9]{4}\\1[0-9]{4}\\1[0-9]{4}(?:\\1[0-9]{1,3})?)"
              + "(?![0-9A-Za-z])(?![.\\-/ ][0-9])");

  private static final Pattern MOBILE =
      Pattern.compile(
          LB_PHONE
              + "(?:(?:\\+86|0086|86)[ \\-]?)?1[3-9][0-9]([ \\-]?)[0-9]{4}\\1[0-9]{4}"
              + RB_PHONE);

  // Area codes: 010, 02x, 0 + three digits (0311, 0931, ...); local numbers start with 2-9. The
  // separator may be a space, hyphen, full-width hyphen or dash, or the code is in parentheses.
  private static final String AREA = "0(?:10|2[0-9]|[3-9][0-9]{2})";
  private static final Pattern LANDLINE =
      Pattern.compile(
          LB_PHONE + "(?:[(（]" + AREA + "[)）] ?|" + AREA + "[ \\-－—–])[2-9][0-9]{6,7}" + RB_PHONE);

  /** First two digits of a resident ID: the province-level division. */
  private static final Set<Integer> PROVINCES =
      Set.of(
          11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
          51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82);

  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String ID_CHECK = "10X98765432";

  private PiiRedactor() {}

  /**
   * Replaces every match of {@link #find} by its placeholder. Text without a match comes back as
   * the same string instance.
   */
  public static Redaction redact(String text) {
    List<Match> matches = find(text);
    if (matches.isEmpty()) {
      return new Redaction(text, Map.of());
    }
    StringBuilder out = new StringBuilder(text.length());
    Map<Type, Integer> counts = new EnumMap<>(Type.class);
    int at = 0;
    for (Match m : matches) {
      out.append(text, at, m.start()).append(m.type().placeholder());
      counts.merge(m.type(), 1, Integer::sum);
      at = m.end();
    }
    out.append(text, at, text.length());
    Map<String, Integer> byName = new LinkedHashMap<>();
    counts.forEach((type, n) -> byName.put(type.name(), n));
    return new Redaction(out.toString(), byName);
  }

  /** The matches in {@code text}, non-overlapping and in order of position. */
  public static List<Match> find(String text) {
    Objects.requireNonNull(text, "text");
    if (!mayContainPii(text)) {
      return List.of();
    }
    // Highest priority first: a later type only fills spans no earlier match took.
    TreeMap<Integer, Match> accepted = new TreeMap<>();
    collect(text, EMAIL, Type.EMAIL, accepted);
    collect(text, ID_CARD, Type.ID_CARD, accepted);
    collect(text, BANK_CARD, Type.BANK_CARD, accepted);
    collect(text, MOBILE, Type.PHONE, accepted);
    collect(text, LANDLINE, Type.PHONE, accepted);
    return List.copyOf(accepted.values());
  }

  /** True when the 18 characters form a valid resident ID number (date, province, check digit). */
  public static boolean isValidIdCard(CharSequence id) {
    if (id.length() != 18) {
      return false;
    }
    for (int i = 0; i < 17; i++) {
      if (!isDigit(id.charAt(i))) {
        return false;
      }
    }
    char last = Character.toUpperCase(id.charAt(17));
    if (!isDigit(last) && last != 'X') {
      return false;
    }
    if (!PROVINCES.contains(num(id, 0, 2)) || !validBirthDate(id)) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (id.charAt(i) - '0') * ID_WEIGHTS[i];
    }
    return ID_CHECK.charAt(sum % 11) == last;
  }

  /** True when the digits (separators ignored) pass the Luhn check. */
  public static boolean luhnValid(CharSequence number) {
    int sum = 0;
    int n = 0;
    for (int i = number.length() - 1; i >= 0; i--) {
      char c = number.charAt(i);
      if (c == ' ' || c == '-') {
        continue;
      }
      if (!isDigit(c)) {
        return false;
      }
      int d = c - '0';
      if (n % 2 == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      n++;
    }
    return n > 0 && sum % 10 == 0;
  }

  private static void collect(
      String text, Pattern pattern, Type type, TreeMap<Integer, Match> accepted) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      String value = m.group();
      if (!valid(type, value) || overlaps(accepted, m.start(), m.end())) {
        continue;
      }
      accepted.put(m.start(), new Match(type, m.start(), m.end(), value));
    }
  }

  private static boolean valid(Type type, String value) {
    return switch (type) {
      case ID_CARD -> isValidIdCard(value);
      case BANK_CARD -> {
        String digits = value.replace(" ", "").replace("-", "");
        yield luhnValid(digits) && !(digits.length() == 18 && shapedLikeIdCard(digits));
      }
      case EMAIL, PHONE -> true;
    };
  }

  private static boolean overlaps(TreeMap<Integer, Match> accepted, int start, int end) {
    Entry<Integer, Match> before = accepted.floorEntry(start);
    if (before != null && before.getValue().end() > start) {
      return true;
    }
    Entry<Integer, Match> after = accepted.ceilingEntry(start);
    return after != null && after.getKey() < end;
  }

  /**
   * Province code, a 19xx/20xx year and a date-like month (0x/1x) and day (0x-3x): an ID number
   * with a typo or an impossible date (month 13, day 32), not a card.
   */
  private static boolean shapedLikeIdCard(String digits) {
    int year = num(digits, 6, 10);
    return PROVINCES.contains(num(digits, 0, 2))
        && year >= 1900
        && year <= 2099
        && digits.charAt(10) <= '1'
        && digits.charAt(12) <= '3';
  }

  private static boolean validBirthDate(CharSequence id) {
    int year = num(id, 6, 10);
    if (year < 1900 || year > 2099) {
      return false;
    }
    try {
      LocalDate birth = LocalDate.of(year, num(id, 10, 12), num(id, 12, 14));
      return !birth.isAfter(LocalDate.now(ZoneOffset.ofHours(8)));
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static boolean mayContainPii(String text) {
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '@') {
        return true;
      }
      if (isDigit(c) && ++digits >= 10) {
        return true;
      }
    }
    return false;
  }

  private static int num(CharSequence s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
