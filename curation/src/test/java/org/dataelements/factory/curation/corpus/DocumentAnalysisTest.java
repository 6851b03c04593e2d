package org.dataelements.factory.curation.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentAnalysisTest {
  @Test
  void regulatedVerseIsRecognizedByItsForm() {
    assertTrue(DocumentAnalysis.isClassicalVerse("蟬鳴空桑林，八月蕭關道。\n出塞復入塞，處處黃蘆草。"));
    assertTrue(DocumentAnalysis.isClassicalVerse("朝辭白帝彩雲間，千里江陵一日還。\n兩岸猿聲啼不住，輕舟已過萬重山。"));
    assertFalse(
        DocumentAnalysis.isClassicalVerse("第一条 为了保障农产品质量安全，制定本法。\n第二条 本法所称农产品，是指初级产品。"),
        "prose has clauses of every length");
    assertFalse(DocumentAnalysis.isClassicalVerse("白日依山盡，黃河入海流。"), "one line");
    assertFalse(DocumentAnalysis.isClassicalVerse("We study, we find.\nWe show, we tell."));
  }

  @Test
  void aPoemWithoutSectorTermsIsLiteratureByFormAndProseStaysOther() {
    DomainLabeler none = DomainLabeler.of(List.of(new DomainLabeler.Term("energy", "电网", 3)));
    CorpusParameters p = CorpusParameters.defaults();
    DocumentAnalysis.Result poem =
        DocumentAnalysis.analyze("蟬鳴空桑林，八月蕭關道。\n出塞復入塞，處處黃蘆草。", "塞下曲", p, none);
    assertEquals("literature", poem.domain());
    assertEquals(0.6, poem.domainConfidence());
    DocumentAnalysis.Result prose =
        DocumentAnalysis.analyze("会议讨论了明年的工作安排，请各单位按时报送材料。", "", p, none);
    assertEquals("other", prose.domain());
  }
}
