package org.dataelements.factory.curation.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The silver corpus step on hand-made bronze rows in the shape document landing writes: every
 * landed document kept or excluded once, with the rule; duplicates across scripts; bad input.
 */
@ExtendWith(SparkTestSession.class)
class CorpusDocumentsTest {
  static final TableId POEMS = TableId.bronze("poetry", "poems");
  static final TableId FORTUNES = TableId.bronze("fortunes", "entries");
  static final TableId LAWS = TableId.bronze("laws", "texts");
  static final TableId POLICY = TableId.bronze("policy_docs", "documents");

  static final StructType BRONZE =
      new StructType()
          .add("document_id", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("author", DataTypes.StringType)
          .add("text", DataTypes.StringType)
          .add("licence", DataTypes.StringType)
          .add("_source_file", DataTypes.StringType)
          .add("_source_checksum", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);

  static final StructType ARXIV =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("abstract", DataTypes.StringType)
          .add("license", DataTypes.StringType)
          .add("_source_file", DataTypes.StringType)
          .add("_source_checksum", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);

  static final String POEM_HANT = "白日依山盡，黃河入海流。\n欲窮千里目，更上一層樓。";
  static final String POEM_HANS = "《登鹳雀楼》\n作者：王之涣\n白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。\n";
  static final String POEM_JINGYE = "床前明月光，疑是地上霜。\n舉頭望明月，低頭思故鄉。";
  static final String LAW =
      "# 中华人民共和国农产品质量安全法\n\n第一条 为了保障农产品质量安全，维护公众健康，促进农业和农村经济发展，制定本法。\n\n"
          + "第二条 本法所称农产品，是指来源于种植业、林业、畜牧业和渔业等的初级产品。\n";
  static final String NOTICE =
      "关于开展农产品质量安全检测的通知\n各有关单位：请于三月底前报送检测结果，联系人王工，电话13912345678，"
          + "邮箱 zhang.wei@example.gov.cn，逾期不候。订单号 202403150001234567 不属于个人信息。";
  static final String MOJIBAKE =
      new String(
          "甘肃省人民政府办公厅关于印发数据要素三年行动实施方案的通知".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          java.nio.charset.StandardCharsets.ISO_8859_1);
  static final String GARBAGE =
      "\uFFFD\u0001\uFFFD\uFFFDPK\u0003\u0004\uFFFD\u0000\uFFFD数据\uFFFD\uFFFD\u0010\uFFFD";
  static final String ABSTRACT =
      "We study the dynamics of electricity consumption across regions and industries, and show that"
          + " weather-adjusted indices track economic activity closely over the sample period.";
  static final String FRENCH =
      "Nous étudions la consommation d'électricité des régions et des industries, et nous montrons que"
          + " les indices corrigés des variations météorologiques suivent l'activité économique.";
  static final int LONG_LINE = 50 * 1024 * 1024;

  static Dataset<Row> documents;
  static Dataset<Row> exclusions;
  static int landed;

  @BeforeAll
  static void build() {
    SparkSession spark = SparkTestSession.spark();
    Map<TableId, List<Row>> bronze = new HashMap<>();
    add(bronze, POEMS, "p1", "登鸛雀樓", "王之渙", POEM_HANT, "corpus/poetry/tang.json");
    add(bronze, POEMS, "p2", "靜夜思", "李白", POEM_JINGYE, "corpus/poetry/jingye.json");
    add(bronze, FORTUNES, "f1", null, null, POEM_HANS, "corpus/fortunes-zh/tang300");
    add(bronze, LAWS, "l1", "农产品质量安全法", null, LAW, "corpus/laws/a.md");
    add(bronze, LAWS, "l2", "农产品质量安全法", null, LAW + "\n", "corpus/laws/b.md");
    add(bronze, POLICY, "d1", null, null, NOTICE, "corpus/notice.txt");
    add(bronze, POLICY, "d2", null, null, " \n\u3000\n", "corpus/empty.txt");
    add(bronze, POLICY, "d3", null, null, "。。。，，，！！！……——“”《》、、、？？？", "corpus/punct.txt");
    add(bronze, POLICY, "d4", null, null, MOJIBAKE, "corpus/mojibake.txt");
    add(bronze, POLICY, "d5", null, null, GARBAGE, "corpus/garbage.txt");
    add(bronze, POLICY, "d6", null, null, "数".repeat(0) + "a".repeat(LONG_LINE), "corpus/long.txt");
    add(bronze, POLICY, "d7", null, null, FRENCH, "corpus/fr.txt");
    Map<TableId, Dataset<Row>> tables = new HashMap<>();
    bronze.forEach((id, rows) -> tables.put(id, spark.createDataFrame(rows, BRONZE)));
    tables.put(
        CorpusDocuments.ARXIV,
        spark.createDataFrame(
            List.of(
                RowFactory.create(
                    "0704.0001",
                    "Electricity and growth",
                    ABSTRACT,
                    null,
                    "corpus/arxiv/a.jsonl",
                    "c-a",
                    at())),
            ARXIV));
    landed = bronze.values().stream().mapToInt(List::size).sum() + 1;
    Dataset<Row> lexicon =
        spark
            .read()
            .option("header", "true")
            .csv(SparkTestSession.confDir().resolve("reference/corpus_domains.csv").toString());
    List<CorpusDocuments.Input> inputs = new ArrayList<>();
    for (TableId id : List.of(POEMS, FORTUNES, LAWS, POLICY)) {
      inputs.add(new CorpusDocuments.Input(id, id.namespace() + " licence"));
    }
    StepOutput out =
        new CorpusDocuments(inputs, "CC0 1.0", CorpusParameters.defaults())
            .transform(
                new StepInputs(
                    tables, Map.of(CorpusDocuments.LEXICON, lexicon), "20260101T000000Z_test"));
    documents = out.tables().get(CorpusDocuments.DOCUMENTS).rows().cache();
    exclusions = out.tables().get(CorpusDocuments.EXCLUSIONS).rows().cache();
  }

  static Timestamp at() {
    return Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
  }

  static void add(
      Map<TableId, List<Row>> bronze,
      TableId table,
      String id,
      String title,
      String author,
      String text,
      String file) {
    bronze
        .computeIfAbsent(table, t -> new ArrayList<>())
        .add(RowFactory.create(id, title, author, text, null, file, "sum-" + file, at()));
  }

  static Row excluded(String file) {
    List<Row> rows = exclusions.filter(exclusions.col("source_file").equalTo(file)).collectAsList();
    assertEquals(1, rows.size(), "exclusions of " + file + ": " + rows);
    return rows.get(0);
  }

  static Row kept(String file) {
    List<Row> rows = documents.filter(documents.col("source_file").equalTo(file)).collectAsList();
    assertEquals(
        1,
        rows.size(),
        "documents of "
            + file
            + ": "
            + rows
            + "; exclusions: "
            + exclusions.filter(exclusions.col("source_file").equalTo(file)).collectAsList());
    return rows.get(0);
  }

  @Test
  void everyLandedDocumentIsKeptOrExcludedExactlyOnce() {
    Set<String> seen = new TreeSet<>();
    for (Row r : documents.select("source_file", "document_id").collectAsList()) {
      assertTrue(seen.add(r.getString(0) + "#" + r.getString(1)), "twice: " + r);
    }
    for (Row r : exclusions.select("source_file", "document_id").collectAsList()) {
      assertTrue(seen.add(r.getString(0) + "#" + r.getString(1)), "twice: " + r);
    }
    assertEquals(landed, seen.size(), "kept + excluded: " + seen);
  }

  @Test
  void badInputIsExcludedWithTheRuleItsParameterAndTheMeasuredValue() {
    assertEquals("empty", excluded("corpus/empty.txt").getAs("rule"));
    Row punct = excluded("corpus/punct.txt");
    assertEquals("low_text_ratio", punct.getAs("rule"));
    assertEquals("min_text_ratio=0.5", punct.getAs("parameters"));
    assertEquals("text_ratio=0.0", punct.getAs("measured"));
    assertEquals("encoding_noise", excluded("corpus/mojibake.txt").getAs("rule"));
    assertEquals("encoding_noise", excluded("corpus/garbage.txt").getAs("rule"));
    Row tooLong = excluded("corpus/long.txt");
    assertEquals("too_long", tooLong.getAs("rule"));
    assertEquals("chars=" + LONG_LINE, tooLong.getAs("measured"));
    assertEquals((long) LONG_LINE, (long) tooLong.<Long>getAs("raw_chars"));
    Row french = excluded("corpus/fr.txt");
    assertEquals("language", french.getAs("rule"));
    assertTrue(french.<String>getAs("measured").startsWith("language=fr,"), french.toString());
  }

  @Test
  void theSamePoemInTraditionalAndSimplifiedScriptIsOneCluster() {
    // equal length: the representative is the one of the smaller source file (fortunes-zh)
    Row kept = kept("corpus/fortunes-zh/tang300");
    assertEquals("Hans", kept.getAs("script"));
    assertEquals("登鹳雀楼", kept.getAs("title"), "the fortune's title line becomes its title");
    assertEquals("王之涣", kept.getAs("author"));
    assertEquals(2, (int) kept.<Integer>getAs("cluster_size"));
    assertEquals(kept.<String>getAs("doc_id"), kept.getAs("cluster_id"));
    Row dup = excluded("corpus/poetry/tang.json");
    assertEquals("near_duplicate", dup.getAs("rule"));
    assertEquals(kept.<String>getAs("doc_id"), dup.getAs("duplicate_of"));
    assertEquals("jaccard=1.0", dup.getAs("measured"));
  }

  @Test
  void traditionalTextKeepsItsOriginalAndGetsASimplifiedCopy() {
    Row hant = kept("corpus/poetry/jingye.json");
    assertEquals("Hant", hant.getAs("script"));
    assertEquals(POEM_JINGYE, hant.getAs("text"), "the original text is kept");
    assertEquals("床前明月光，疑是地上霜。\n举头望明月，低头思故乡。", hant.getAs("text_simplified"));
    assertEquals("literature", hant.getAs("domain"));
  }

  @Test
  void theSameLawInTwoFilesIsAnExactDuplicate() {
    Row law = kept("corpus/laws/a.md");
    Row dup = excluded("corpus/laws/b.md");
    assertEquals("exact_duplicate", dup.getAs("rule"));
    assertEquals(law.<String>getAs("doc_id"), dup.getAs("doc_id"));
    assertEquals("law_policy", law.getAs("domain"));
    assertEquals("laws licence", law.getAs("licence"));
  }

  @Test
  void personalDataIsRedactedWithTypedPlaceholdersAndCounted() {
    Row notice = kept("corpus/notice.txt");
    String text = notice.getAs("text");
    assertTrue(text.contains("<PHONE>") && text.contains("<EMAIL>"), text);
    assertFalse(text.contains("13912345678") || text.contains("zhang.wei"), text);
    assertTrue(text.contains("202403150001234567"), "an order number is not personal: " + text);
    Map<String, Integer> pii = notice.getJavaMap(notice.fieldIndex("pii"));
    assertEquals(Map.of("PHONE", 1, "EMAIL", 1), pii);
    assertEquals("zh", notice.getAs("language"));
    assertEquals("Hans", notice.getAs("script"));
    assertTrue(notice.<Long>getAs("tokens") > 0);
  }

  @Test
  void anArxivAbstractIsAnEnglishDocumentWithTheSourceLicence() {
    Row paper = kept("corpus/arxiv/a.jsonl");
    assertEquals("en", paper.getAs("language"));
    assertEquals("Latn", paper.getAs("script"));
    assertEquals("CC0 1.0", paper.getAs("licence"));
    assertEquals("arxiv.metadata", paper.getAs("collection"));
    assertTrue(paper.<Double>getAs("language_confidence") >= 0.1, paper.toString());
  }
}
