package org.dataelements.factory.curation.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lot codes, GS1 ids and language of recall texts, on strings from the FSIS and FDA files. */
class RecallTextsTest {
  @Test
  void quotesLotAndProductCodesAsWritten() {
    assertEquals(
        List.of("lot code “H0613-B”", "lot code “I0413-A”"),
        RecallTexts.lotCodes(
            "3,884-lb. super sack of “OvaEasy Plain Whole Egg” with the lot code “H0613-B”,"
                + " 1,031-lb. super sack of “OvaEasy Plain Whole Egg” with the lot code “I0413-A”,"
                + " 958-lb. super sack of “OvaEasy Plain Whole Egg” with the lot code “I0413-A”"));
    assertEquals(
        List.of("product code: 10800", "product code: 10810"),
        RecallTexts.lotCodes(
            "Select Cut – Cubed Chicken Breast Meat (product code: 10800), Select Cut – Cubed"
                + " Chicken Breast Meat (product code: 10810)"));
    assertEquals(
        List.of("lot codes of: 70327610, 70427710, 70527810 and 70627910"),
        RecallTexts.lotCodes(
            "sell by 02/2017 and lot codes of: 70327610, 70427710, 70527810 and 70627910."));
    assertEquals(
        List.of("UPC 7935 7389 6360"), RecallTexts.lotCodes("per case (UPC 7935 7389 6360)"));
    assertEquals(
        List.of("case code of Londbos05597422"),
        RecallTexts.lotCodes("Cap with case code of Londbos05597422., Boxes of chilled Beef"));
  }

  @Test
  void wordsAfterALabelAreNoCode() {
    assertEquals(List.of(), RecallTexts.lotCodes("only these lot codes and dates are affected."));
    assertEquals(List.of(), RecallTexts.lotCodes("Broccoli Florets"));
    assertEquals(List.of(), RecallTexts.lotCodes(null));
  }

  @Test
  void findsGs1IdentifiersInEveryWriting() {
    assertEquals(
        List.of(
            "urn:epc:class:lgtin:6901234.000001.L1",
            "https://example.cn/01/06901234000016/10/L2",
            "https://id.gs1.org/01/06901234000016/10/L3"),
        RecallTexts.gs1Ids(
            "lots urn:epc:class:lgtin:6901234.000001.L1, https://example.cn/01/06901234000016/10/L2"
                + " and (01)06901234000016(10)L3."));
    assertEquals(List.of(), RecallTexts.gs1Ids("lot code “H0613-B” with UPC 7935 7389 6360"));
  }

  @Test
  void tellsEnglishTitlesFromTheirSpanishTranslations() {
    String en =
        "California Firm Recalls Various Meat Products Produced Without the Benefit of Full"
            + " Inspection";
    String es =
        "Una Firma En California Retira Del Mercado Varios Productos De Carne Producidos Sin El"
            + " Aval De Una Inspección Completa";
    assertTrue(RecallTexts.englishScore(en) > 0, en);
    assertTrue(RecallTexts.englishScore(es) < 0, es);
    assertTrue(
        RecallTexts.englishScore(
                "FSIS Issues Public Health Alert for Empire Kosher Poultry, Inc. Raw Chicken"
                    + " Products due to Possible Salmonella Contamination")
            > RecallTexts.englishScore(
                "Asuntos Del Fsis Alerta De Salud Pblica Para Empire Kosher Poultry, Inc."
                    + " Productos De Pollo Crudo Debido A La Posible Contaminacin Por Salmonella"));
  }

  @Test
  void decodesHtmlReferencesEvenWhenEscapedTwice() {
    assertEquals(
        "Ukrop’s Homestyle Foods", RecallTexts.unescapeHtml("Ukrop&amp;rsquo;s Homestyle Foods"));
    assertEquals("Ukrop's", RecallTexts.unescapeHtml("Ukrop&#039;s"));
    assertEquals("“Harris Teeter\"", RecallTexts.unescapeHtml("&#x201c;Harris Teeter&quot;"));
    assertEquals("A & B &unknown;", RecallTexts.unescapeHtml("A &amp; B &unknown;"));
  }
}
