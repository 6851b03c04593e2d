package org.dataelements.factory.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Examples from the EPC Tag Data Standard and the shared EPCIS examples, and near misses. */
class Gs1IdsTest {
  @Test
  void sgtinMovesTheIndicatorDigitToTheFrontAndAddsTheCheckDigit() {
    // TDS 2.x: urn:epc:id:sgtin:0614141.812345.6789 is GTIN 80614141123458, serial 6789
    assertEquals(
        "https://id.gs1.org/01/80614141123458/21/6789",
        Gs1Ids.canonical("urn:epc:id:sgtin:0614141.812345.6789"));
    // a six-digit company prefix (shared example): indicator 1, 952001, 012345
    assertEquals(
        "https://id.gs1.org/01/19520010123455/21/22222223333",
        Gs1Ids.canonical("urn:epc:id:sgtin:952001.1012345.22222223333"));
  }

  @Test
  void aLotUrnAndItsDigitalLinkAreOneId() {
    String urn = Gs1Ids.canonical("urn:epc:class:lgtin:4012345.012345.998877");
    assertEquals("https://id.gs1.org/01/04012345123456/10/998877", urn);
    assertEquals(
        urn, Gs1Ids.canonical("https://example.com/01/04012345123456/10/998877?linkType=gs1:pip"));
    assertEquals(
        urn,
        Gs1Ids.canonical("  http://id.gs1.org/01/4012345123456/10/998877  "),
        "GTIN-13 padded");
    assertEquals(
        "https://id.gs1.org/01/04012345123456",
        Gs1Ids.canonical("urn:epc:idpat:sgtin:4012345.012345.*"));
  }

  @Test
  void qualifiersKeepTheirCanonicalOrder() {
    assertEquals(
        "https://id.gs1.org/01/04012345123456/10/L1/21/S9",
        Gs1Ids.canonical("https://brand.example/foo/01/04012345123456/21/S9/10/L1"));
  }

  @Test
  void ssccGlnAndOthers() {
    // TDS: urn:epc:id:sscc:0614141.1234567890 is SSCC 106141412345678908
    assertEquals(
        "https://id.gs1.org/00/106141412345678908",
        Gs1Ids.canonical("urn:epc:id:sscc:0614141.1234567890"));
    assertEquals(
        "https://id.gs1.org/414/0614141123452/254/400",
        Gs1Ids.canonical("urn:epc:id:sgln:0614141.12345.400"));
    assertEquals(
        "https://id.gs1.org/414/0614141123452",
        Gs1Ids.canonical("urn:epc:id:sgln:0614141.12345.0"));
    assertEquals(
        "https://id.gs1.org/414/0614141123452",
        Gs1Ids.canonical("https://id.example.com/414/0614141123452/254/0"));
    assertEquals(
        "https://id.gs1.org/417/0614141007776", Gs1Ids.canonical("urn:epc:id:pgln:0614141.00777"));
    assertEquals(
        "https://id.gs1.org/8004/4000001111", Gs1Ids.canonical("urn:epc:id:giai:4000001.111"));
  }

  @Test
  void urnEscapesBecomeDigitalLinkEscapes() {
    assertEquals(
        "https://id.gs1.org/01/80614141123458/21/A%2FB",
        Gs1Ids.canonical("urn:epc:id:sgtin:0614141.812345.A%2FB"));
    assertEquals(
        Gs1Ids.canonical("urn:epc:id:sgtin:0614141.812345.A%2FB"),
        Gs1Ids.canonical("https://id.gs1.org/01/80614141123458/21/A%2FB"));
  }

  @Test
  void nearMissesStayAsTheyAre() {
    // wrong check digit in a Digital Link
    assertEquals(Optional.empty(), Gs1Ids.gs1("https://id.gs1.org/01/04012345123457/10/998877"));
    assertEquals(
        "https://id.gs1.org/01/04012345123457/10/998877",
        Gs1Ids.canonical("https://id.gs1.org/01/04012345123457/10/998877"));
    // company prefix + item reference must be 13 digits
    assertEquals(Optional.empty(), Gs1Ids.gs1("urn:epc:id:sgtin:0614141.81234.6789"));
    assertEquals("urn:uuid:374d95fc", Gs1Ids.canonical(" urn:uuid:374d95fc "));
    assertEquals("https://example.com/lot/7", Gs1Ids.canonical("https://example.com/lot/7"));
    assertEquals(Optional.empty(), Gs1Ids.gs1("urn:epc:id:sgtin:0614141.8123X5.1"));
  }

  @Test
  void checkDigits() {
    assertEquals('8', Gs1Ids.checkDigit("8061414112345"));
    assertTrue(Gs1Ids.validCheckDigit("80614141123458"));
    assertFalse(Gs1Ids.validCheckDigit("80614141123459"));
    assertFalse(Gs1Ids.validCheckDigit("8"));
  }
}
