package org.dataelements.factory.curation.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {
  @Test
  void fullWidthDigitsAndLatinBecomeHalfWidthWhileChinesePunctuationStays() {
    assertEquals(
        "2024年3月，ABC公司（试点）：“数据要素×”。", TextNormalizer.normalize("２０２４年３月，ＡＢＣ公司（试点）：“数据要素×”。"));
  }

  @Test
  void asciiCommaAndPeriodAfterChineseBecomeChinesePunctuation() {
    assertEquals(
        "各市、自治州人民政府，省政府各部门。版本1.5, 见第2.3节。",
        TextNormalizer.normalize("各市、自治州人民政府,省政府各部门.版本1.5, 见第2.3节."));
  }

  @Test
  void ansiEscapesMarkdownAndHtmlAreRemoved() {
    String raw =
        "\u001B[1;31m# 中华人民共和国农产品质量安全法\u001B[0m\n\n<!-- INFO END -->\n\n"
            + "**第一条** 为了保障[农产品](https://example.org/a)质量安全<br/>，制定本法。\n";
    assertEquals("中华人民共和国农产品质量安全法\n第一条 为了保障农产品质量安全，制定本法。", TextNormalizer.normalize(raw));
  }

  @Test
  void hardWrappedLinesRejoinButHeadingsAndSentenceEndsBreak() {
    String raw =
        String.join(
            "\n\n",
            "一、总体要求",
            "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大",
            "精神，深入落实数字中国建设整体布局规划，充分发挥数据要素乘数",
            "效应，推动数据要素高水平应用。",
            "二、重点行动",
            "（一）数据要素×工业制造。创新研发模式，支持工业制造类企业融",
            "合设计、仿真、实验验证数据，培育数据驱动型产品研发新模式。",
            "—２１—",
            "（二）数据要素×现代农业。提升农业生产数智化水平，支持农业生",
            "产经营主体和相关服务企业融合利用遥感、气象、土壤等数据。");
    List<String> paragraphs = Arrays.asList(TextNormalizer.normalize(raw).split("\n"));
    assertEquals(
        List.of(
            "一、总体要求",
            "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入落实数字中国建设整体布局规划，" + "充分发挥数据要素乘数效应，推动数据要素高水平应用。",
            "二、重点行动",
            "（一）数据要素×工业制造。创新研发模式，支持工业制造类企业融合设计、仿真、实验验证数据，" + "培育数据驱动型产品研发新模式。",
            "（二）数据要素×现代农业。提升农业生产数智化水平，支持农业生产经营主体和相关服务企业融合利用遥感、" + "气象、土壤等数据。"),
        paragraphs);
  }

  @Test
  void poemLinesAndMarkdownParagraphsAreNotJoined() {
    String poem = "白日依山盡，黃河入海流。\n欲窮千里目，更上一層樓。\n白日依山盡，黃河入海流。";
    assertEquals(poem, TextNormalizer.normalize(poem));
    String law = "第一条 为了规范管理，制定本条例。\n\n第二条 本条例适用于本省行政区域内的农业活动和相关管理工作\n\n第三条 县级以上人民政府负责。";
    assertEquals(3, TextNormalizer.normalize(law).split("\n").length);
  }

  @Test
  void distributionListAndPrintingLineAtTheEndAreRemoved() {
    String raw =
        "推动赛事成果转化，完善数据要素生态。\n"
            + " 抄送:省委各部门,省人大常委会办公厅,省政协办公厅,省法院,\n"
            + "省检察院,各省级人民团体,各民主党派省委.\n\n"
            + "\u3000甘肃省人民政府办公厅 ２０２４年３月１８日印发\n";
    assertEquals("推动赛事成果转化，完善数据要素生态。", TextNormalizer.normalize(raw));
  }

  @Test
  void nothingLeftOfBlankOrMarkupOnlyText() {
    assertEquals("", TextNormalizer.normalize(""));
    assertEquals("", TextNormalizer.normalize(" \n\u3000\n\t"));
    assertEquals("", TextNormalizer.normalize("<!-- x -->\n```\n```"));
  }

  /**
   * The real policy document extracted from a PDF: wrapped lines, page numbers, a distribution
   * list.
   */
  @Test
  void theSharedPolicyDocumentComesOutAsCleanParagraphs() throws IOException {
    Path data = SparkTestSession.sharedData().resolve("corpus");
    assertTrue(Files.isDirectory(data), "../shared/data is not beside the checkout");
    Path doc;
    try (var files = Files.list(data)) {
      doc = files.filter(p -> p.toString().endsWith(".txt")).sorted().findFirst().orElse(null);
    }
    assertTrue(doc != null, "no plain-text policy document under ../shared/data/corpus");
    String raw = Files.readString(doc, StandardCharsets.UTF_8);
    String text = TextNormalizer.normalize(raw);
    List<String> paragraphs = Arrays.asList(text.split("\n"));
    assertFalse(text.contains("抄送"), "distribution list left");
    assertFalse(text.contains("印发\n") || text.endsWith("印发"), "printing line left");
    assertFalse(text.matches("(?s).*\\n—\\d+—\\n.*"), "page number left");
    assertFalse(text.chars().anyMatch(c -> c >= 0xFF10 && c <= 0xFF19), "full-width digit left");
    long rawLines = raw.lines().filter(l -> !l.isBlank()).count();
    assertTrue(
        paragraphs.size() * 3 < rawLines,
        "wrapped lines were not re-joined: " + paragraphs.size() + " paragraphs of " + rawLines);
    // a paragraph is a whole sentence or a heading, never a line cut in the middle of a word
    List<String> cut =
        paragraphs.stream()
            .filter(p -> TextNormalizer.width(p) > 40)
            .filter(p -> !p.matches(".*[。：；！？）)”:》]$"))
            .toList();
    assertTrue(
        cut.size() <= paragraphs.size() / 20,
        cut.size() + " of " + paragraphs.size() + " paragraphs end mid-sentence:\n" + cut);
  }
}
