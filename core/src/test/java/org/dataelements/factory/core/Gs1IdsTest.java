package org.dataelements.factory.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Examples from the EPC Tag Data Standard 2.x, the GS1 General Specifications, the GS1 Digital Link
 * standard and the EPCIS documents under {@code shared/data/traceability/epcis}. Expected check
 * digits were computed independently of {@link Gs1Ids#checkDigit}.
 */
class Gs1IdsTest {
  private static final String GS1 = "https://id.gs1.org";

  private static void canonicalIs(String expected, String id) {
    assertEquals(expected, Gs1Ids.canonical(id), id);
    assertEquals(Optional.of(expected), Gs1Ids.gs1(id), id);
    assertEquals(expected, Gs1Ids.canonical(expected), "canonical form is a fixed point: " + id);
  }

  private static void notGs1(String id) {
    assertEquals(Optional.empty(), Gs1Ids.gs1(id), id);
    assertEquals(id.strip(), Gs1Ids.canonical(id), id);
  }

  @Test
  void sgtinPutsTheIndicatorDigitFirstAndAppendsTheCheckDigit() {
    // TDS: urn:epc:id:sgtin:0614141.812345.6789 is (01) 80614141123458 (21) 6789
    canonicalIs(GS1 + "/01/80614141123458/21/6789", "urn:epc:id:sgtin:0614141.812345.6789");
    canonicalIs(GS1 + "/01/10614141123459/21/6789", "urn:epc:id:sgtin:0614141.112345.6789");
  }

  @Test
  void anEpcUrnAndTheDigitalLinkOfTheSameItemAreOneId() {
    // both forms occur in shared/data/traceability/epcis (openepcis test resources)
    String urn = Gs1Ids.canonical("urn:epc:id:sgtin:9521141.001234.2017");
    String dl = Gs1Ids.canonical("https://id.gs1.org/01/09521141012345/21/2017");
    assertEquals(GS1 + "/01/09521141012345/21/2017", urn);
    assertEquals(urn, dl);
    assertEquals(
        Gs1Ids.canonical("urn:epc:id:sgln:4012345.00005.0"),
        Gs1Ids.canonical("https://id.example.com/414/4012345000054"));
    assertEquals(
        Gs1Ids.canonical("urn:epc:id:giai:4000001.111"),
        Gs1Ids.canonical("https://id.gs1.org/8004/4000001111"));
    assertEquals(
        Gs1Ids.canonical("urn:epc:class:lgtin:4012345.011111.4444"),
        Gs1Ids.canonical("https://example.com/01/4012345111118/10/4444?11=200101#top"));
  }

  @Test
  void lgtinIsAGtinWithALot() {
    canonicalIs(GS1 + "/01/04012345111118/10/4444", "urn:epc:class:lgtin:4012345.011111.4444");
    canonicalIs(
        GS1 + "/01/04023333020008/10/2019-10-07", "urn:epc:class:lgtin:4023333.002000.2019-10-07");
    // a 9-digit company prefix and a 4-digit item reference, as in the openepcis examples
    canonicalIs(GS1 + "/01/04796026380245/10/018o1", "urn:epc:class:lgtin:479602638.0024.018o1");
  }

  @Test
  void sgtinPatternWithAnySerialIsTheGtinAlone() {
    canonicalIs(GS1 + "/01/04012345666663", "urn:epc:idpat:sgtin:4012345.066666.*");
    notGs1("urn:epc:idpat:sgtin:4012345.*.*");
    notGs1("urn:epc:idpat:sgtin:4012345.066666.12*");
  }

  @Test
  void ssccPutsTheExtensionDigitFirst() {
    // TDS: urn:epc:id:sscc:0614141.1234567890 is (00) 106141412345678908
    canonicalIs(GS1 + "/00/106141412345678908", "urn:epc:id:sscc:0614141.1234567890");
    canonicalIs(GS1 + "/00/106141412345678908", "https://example.org/00/106141412345678908");
  }

  @Test
  void sglnKeepsAnExtensionOtherThanZero() {
    canonicalIs(GS1 + "/414/4012345000054", "urn:epc:id:sgln:4012345.00005.0");
    canonicalIs(GS1 + "/414/0012345111112/254/400", "urn:epc:id:sgln:0012345.11111.400");
    canonicalIs(GS1 + "/414/9520053850113/254/ts4711", "urn:epc:id:sgln:952005385.011.ts4711");
    canonicalIs(GS1 + "/414/4012345000115", "https://id.gs1.de/414/4012345000115");
  }

  @Test
  void otherKeysOfTheTagDataStandard() {
    canonicalIs(GS1 + "/8003/04012345555554987", "urn:epc:id:grai:4012345.55555.987");
    canonicalIs(GS1 + "/8004/4000001111", "urn:epc:id:giai:4000001.111");
    canonicalIs(GS1 + "/8004/735005385vehicle1", "urn:epc:id:giai:735005385.vehicle1");
    canonicalIs(GS1 + "/8018/952520840000000010", "urn:epc:id:gsrn:95252084.000000001");
    canonicalIs(GS1 + "/8017/952520840000000010", "urn:epc:id:gsrnp:95252084.000000001");
    canonicalIs(
        GS1 + "/253/95252084000140003555480001000",
        "urn:epc:id:gdti:95252084.0001.0003555480001000");
    canonicalIs(GS1 + "/417/0614141007776", "urn:epc:id:pgln:0614141.00777");
    canonicalIs(GS1 + "/255/401234567890104711", "urn:epc:id:sgcn:4012345.67890.04711");
    canonicalIs(GS1 + "/402/06141411234567890", "urn:epc:id:gsin:0614141.123456789");
    canonicalIs(GS1 + "/401/0614141xyz47%2F11", "urn:epc:id:ginc:0614141.xyz47%2F11");
    canonicalIs(
        GS1 + "/8010/0614141123ABC/8011/123456789", "urn:epc:id:cpi:0614141.123ABC.123456789");
    canonicalIs(
        GS1 + "/8006/040123451234560102/21/987", "urn:epc:id:itip:4012345.012345.01.02.987");
    canonicalIs(
        GS1 + "/01/01234567894560/235/51qIgY%29%3C%26Jp3%2Aj7%27SDB",
        "urn:epc:id:upui:1234567.089456.51qIgY)%3C%26Jp3*j7'SDB");
  }

  @Test
  void digitalLinksOfOtherKeysMoveToTheGs1Host() {
    canonicalIs(GS1 + "/253/4012345000054987", "https://example.com/253/4012345000054987");
    canonicalIs(GS1 + "/8003/040123450007718765", "https://id.example.com/8003/040123450007718765");
    canonicalIs(GS1 + "/8004/401234599999", "https://example.org/8004/401234599999");
  }

  @Test
  void urnEscapesAreDecodedAndReEncodedTheDigitalLinkWay() {
    canonicalIs(GS1 + "/01/80614141123458/21/AB%2F12", "urn:epc:id:sgtin:0614141.812345.AB%2F12");
    assertEquals(
        Gs1Ids.canonical("urn:epc:id:sgtin:0614141.812345.AB%2F12"),
        Gs1Ids.canonical("https://id.gs1.org/01/80614141123458/21/AB%2f12"));
    // characters the URN writes literally are percent-encoded in the canonical Digital Link
    canonicalIs(
        GS1 + "/01/04012345111118/10/L%21%28a%29%2A%3A1.2_3-4",
        "urn:epc:class:lgtin:4012345.011111.L!(a)*:1.2_3-4");
    assertEquals(
        GS1 + "/01/04012345111118/10/L%21%28a%29%2A%3A1.2_3-4",
        Gs1Ids.canonical("https://example.com/01/04012345111118/10/L!(a)*%3a1.2_3-4"));
    canonicalIs(
        GS1 + "/01/80614141123458/21/a%26b%3Fc%25", "urn:epc:id:sgtin:0614141.812345.a%26b%3Fc%25");
    // a character the URN must escape but does not: not a well-formed EPC URN
    notGs1("urn:epc:id:sgtin:0614141.812345.a&b");
    notGs1("urn:epc:id:sgtin:0614141.812345.a%2");
    // outside character set 82 (a space, a Chinese lot name)
    notGs1("urn:epc:class:lgtin:4012345.011111.LOT%201");
    notGs1("https://id.gs1.org/01/04012345111118/10/%E6%89%B9%E6%AC%A11");
  }

  @Test
  void digitalLinkKeepsOnlyIdentifyingKeysInCanonicalOrder() {
    String expected = GS1 + "/01/09521234543213/22/V1/10/LOT1/21/S1";
    assertEquals(
        expected,
        Gs1Ids.canonical(
            "https://example.com/01/09521234543213/21/S1/10/LOT1/22/V1?x=y&17=270101"));
    assertEquals(
        expected,
        Gs1Ids.canonical("http://EXAMPLE.com/gtin/09521234543213/cpv/V1/lot/LOT1/ser/S1"));
    assertEquals(
        GS1 + "/01/09521234543213/10/LOT1",
        Gs1Ids.canonical("https://example.com/resolver/v2/01/09521234543213/10/LOT1/"));
    assertEquals(
        GS1 + "/01/09521234543213/10/LOT1",
        Gs1Ids.canonical("  https://example.com/01/09521234543213/10/LOT1?x=y#frag "));
  }

  @Test
  void shortGtinsArePaddedToFourteenDigits() {
    canonicalIs(GS1 + "/01/00000095012346", "https://example.com/01/95012346");
    canonicalIs(GS1 + "/01/00614141000036/21/1", "https://example.com/01/614141000036/21/1");
    canonicalIs(GS1 + "/01/09521141012345", "https://example.com/01/9521141012345");
  }

  @Test
  void wrongCheckDigitsAreNotGs1() {
    notGs1("https://example.com/01/09521141012346/10/LOT1");
    notGs1("https://example.com/01/80614141123459/21/6789");
    notGs1("https://example.org/00/106141412345678907");
    notGs1("https://example.org/414/4012345000055");
    // as it occurs in the openepcis examples: GRAI 0300134500077 has check digit 6, not 1
    notGs1("https://id.example.com/8003/030013450007718765");
    // a GRAI's first digit is the padding zero
    notGs1("https://id.example.com/8003/952012200000001004");
  }

  @Test
  void inconsistentCompanyPrefixLengthsAreNotGs1() {
    notGs1("urn:epc:id:sgtin:0614141.12345.6789"); // 12 digits, not 13
    notGs1("urn:epc:id:sgtin:0614141.8123456.6789"); // 14 digits
    notGs1("urn:epc:id:sgtin:06141.41812345.6789"); // a company prefix has 6 to 12 digits
    notGs1("urn:epc:id:sscc:0614141.123456789");
    notGs1("urn:epc:id:sgln:4012345.0005.0");
    notGs1("urn:epc:class:lgtin:4012345.11111.4444");
    notGs1("urn:epc:id:sgtin:0614141.81234X.6789");
  }

  @Test
  void malformedValuesAreNotGs1() {
    notGs1("urn:epc:id:sgtin:0614141.812345.123456789012345678901"); // serial over 20
    notGs1("urn:epc:id:sgtin:0614141.812345");
    notGs1("urn:epc:id:sgtin:0614141.812345.");
    notGs1("urn:epc:id:xyz:0614141.812345.1");
    notGs1("https://example.com/01/09521141012345/17/270101"); // 17 belongs in the query
    notGs1("https://example.com/01/09521141012345/10/A/10/B");
    notGs1("https://example.com/01/09521141012345/10");
    notGs1("https://example.com/01/09521141012345/254/X");
  }

  @Test
  void idsThatAreNotGs1StayAsTheyAreTrimmed() {
    notGs1("urn:uuid:5b3e4d06-3f1a-4b8e-9c2a-0c7d7b3e9f11");
    notGs1("https://example.com/lot/7");
    notGs1(
        "ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0");
    notGs1("https://example.com");
    assertEquals("LOT-7", Gs1Ids.canonical("  LOT-7 \t"));
    assertThrows(NullPointerException.class, () -> Gs1Ids.canonical(null));
  }

  @Test
  void urnPrefixIsCaseInsensitive() {
    assertEquals(
        GS1 + "/01/80614141123458/21/6789",
        Gs1Ids.canonical("URN:EPC:ID:SGTIN:0614141.812345.6789"));
  }

  @Test
  void everyIdentifierOfTheSharedEpcisExamplesThatIsGs1IsAFixedPoint() {
    List<String> fromSharedData =
        List.of(
            "urn:epc:id:sgtin:0614141.107346.2018",
            "urn:epc:id:sgln:9529999.99999.0",
            "urn:epc:id:grai:4012345.55555.987",
            "urn:epc:id:sgln:0614141.07346.1234",
            "urn:epc:id:sgtin:952001.1012345.22222223333",
            "urn:epc:id:sscc:4012345.0111111111",
            "urn:epc:id:sgtin:4012345.033333.AGHFG",
            "urn:epc:class:lgtin:4012345.022222.87545GHGH",
            "urn:epc:id:giai:4012345.ABC",
            "urn:epc:id:gdti:0614141.00001.1618034",
            "urn:epc:id:gsrn:0614141.0000010253",
            "https://id.gs1.de/01/04012345999990/21/XYZ-1234",
            "https://id.gs1.org/01/09521141012345");
    for (String id : fromSharedData) {
      String c = Gs1Ids.gs1(id).orElseThrow(() -> new AssertionError("not GS1: " + id));
      assertTrue(c.startsWith(GS1 + "/"), c);
      assertEquals(c, Gs1Ids.canonical(c), id);
    }
  }

  @Test
  void checkDigitFollowsTheGs1Mod10Rule() {
    assertEquals('3', Gs1Ids.checkDigit("629104150021")); // GenSpecs example GTIN-13
    assertEquals('8', Gs1Ids.checkDigit("8061414112345"));
    assertEquals('8', Gs1Ids.checkDigit("10614141234567890"));
    assertEquals('0', Gs1Ids.checkDigit("0000000000000"));
    assertTrue(Gs1Ids.validCheckDigit("6291041500213"));
    assertTrue(Gs1Ids.validCheckDigit("95012346"));
    assertFalse(Gs1Ids.validCheckDigit("6291041500214"));
    assertFalse(Gs1Ids.validCheckDigit("9"));
    assertFalse(Gs1Ids.validCheckDigit(""));
    assertFalse(Gs1Ids.validCheckDigit("62910415002a3"));
    assertNotEquals(Gs1Ids.checkDigit("12345"), Gs1Ids.checkDigit("21345"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Gs1Ids.checkDigit("12a"));
    assertTrue(e.getMessage().contains("'12a'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Gs1Ids.checkDigit(""));
  }
}
