package org.dataelements.factory.curation.trace;

import static org.apache.spark.sql.functions.udf;

import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.dataelements.factory.core.PseudonymKey;

/**
 * Personal data of the traceability sources as keyed pseudonyms ({@link PseudonymKey#pseudonym}):
 * names, phone numbers and addresses of farmers, inspectors and contacts. The key travels inside
 * the UDF's closure (it is serializable), never as a literal, so it appears in no plan or log.
 * Values are normalized first, so that spellings of one value give one pseudonym: white space
 * collapsed; a phone number reduced to its digits (and a leading +).
 */
final class Pseudonyms {
  private Pseudonyms() {}

  /** What a value is; its name is mixed into the hash, so equal strings of two kinds differ. */
  enum Kind {
    NAME,
    PHONE,
    ADDRESS;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The value as it is hashed: null or blank → null. */
  static String normalized(Kind kind, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String s = value.strip().replaceAll("\\s+", " ");
    if (kind == Kind.PHONE) {
      String digits = s.replaceAll("[^0-9]", "");
      return digits.isEmpty() ? s : (s.startsWith("+") ? "+" : "") + digits;
    }
    return s;
  }

  /** The pseudonym column of a value column under the key. */
  static Column of(PseudonymKey key, Kind kind, Column value) {
    String label = kind.label();
    UDF1<String, String> f = v -> key.pseudonym(label, normalized(kind, v));
    UserDefinedFunction pseudonym = udf(f, DataTypes.StringType).withName("pseudonym_" + label);
    return pseudonym.apply(value);
  }
}
