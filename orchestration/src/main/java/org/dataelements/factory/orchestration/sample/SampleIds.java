package org.dataelements.factory.orchestration.sample;

import static java.util.Objects.requireNonNull;

import java.util.SplittableRandom;
import org.dataelements.factory.core.Gs1Ids;

/**
 * GS1 identifiers of the traceability sample, each with its EPC URN and its canonical Digital Link
 * URI, and the spelling an event or a record writes: sometimes the URN, sometimes a Digital Link
 * (on id.gs1.org or a company's resolver, a GTIN now and then in 13 digits, now and then with a
 * query), as real partners' systems mix them. All check digits are computed, never invented.
 */
final class SampleIds {
  /** A company's own Digital Link resolver (any host is a valid Digital Link). */
  static final String RESOLVER = "https://trace.longyuan-agri.example";

  /** The host of canonical ids (see {@link Gs1Ids#canonical}). */
  static final String GS1 = "https://id.gs1.org";

  /** An identifier: its EPC URN and its canonical GS1 Digital Link URI. */
  record Ref(String urn, String dl) {
    Ref {
      requireNonNull(urn, "urn is null");
      requireNonNull(dl, "dl is null");
    }
  }

  private SampleIds() {}

  static String gtin14(String cp, String itemRef) {
    String body = itemRef.charAt(0) + cp + itemRef.substring(1);
    return body + Gs1Ids.checkDigit(body);
  }

  static String gln13(String cp, String ref) {
    return cp + ref + Gs1Ids.checkDigit(cp + ref);
  }

  /** A lot (LGTIN class); the lot number may hold {@code /}, escaped in both forms. */
  static Ref lgtin(String cp, String itemRef, String lot) {
    return new Ref(
        "urn:epc:class:lgtin:" + cp + "." + itemRef + "." + escape(lot),
        GS1 + "/01/" + gtin14(cp, itemRef) + "/10/" + escape(lot));
  }

  static Ref sgtin(String cp, String itemRef, String serial) {
    return new Ref(
        "urn:epc:id:sgtin:" + cp + "." + itemRef + "." + serial,
        GS1 + "/01/" + gtin14(cp, itemRef) + "/21/" + serial);
  }

  /** An SSCC: {@code serialRef} is the extension digit and the serial (17 digits with cp). */
  static Ref sscc(String cp, String serialRef) {
    String body = serialRef.charAt(0) + cp + serialRef.substring(1);
    return new Ref(
        "urn:epc:id:sscc:" + cp + "." + serialRef, GS1 + "/00/" + body + Gs1Ids.checkDigit(body));
  }

  static Ref sgln(String cp, String locationRef) {
    return new Ref(
        "urn:epc:id:sgln:" + cp + "." + locationRef + ".0", GS1 + "/414/" + gln13(cp, locationRef));
  }

  static Ref pgln(String cp, String partyRef) {
    return new Ref("urn:epc:id:pgln:" + cp + "." + partyRef, GS1 + "/417/" + gln13(cp, partyRef));
  }

  /** The only character of the sample's lots and serials that either form must escape. */
  private static String escape(String v) {
    return v.indexOf('/') < 0 ? v : v.replace("/", "%2F");
  }

  /**
   * How one event or record writes the id: the URN (60 %), else a Digital Link — on id.gs1.org
   * mostly, on the company's resolver sometimes, a GTIN without its leading zero or with a query
   * string now and then (all the same id once canonical).
   */
  static String written(Ref ref, SplittableRandom r) {
    int u = r.nextInt(100);
    if (u < 60) {
      return ref.urn();
    }
    String dl = ref.dl();
    if (u < 68) {
      dl = RESOLVER + dl.substring(GS1.length());
    }
    int gtinAt = dl.indexOf("/01/0");
    if (u >= 68 && u < 74 && gtinAt >= 0) {
      dl = dl.substring(0, gtinAt + 4) + dl.substring(gtinAt + 5);
    }
    if (u >= 96) {
      dl = dl + "?linkType=gs1:traceability";
    }
    return dl;
  }
}
