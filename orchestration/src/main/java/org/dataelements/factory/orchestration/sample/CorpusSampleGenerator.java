package org.dataelements.factory.orchestration.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.dataelements.factory.orchestration.sample.CorpusTexts.fullWidth;
import static org.dataelements.factory.orchestration.sample.CorpusTexts.pick;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ibm.icu.text.Transliterator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training-corpus sample: laws (LawRefBook Markdown), classical poems (chinese-poetry JSON,
 * traditional script), fortune files (fortunes-zh, simplified script with ANSI colour escapes),
 * policy notices (plain text as extracted from PDF) and arXiv metadata (JSON Lines), laid out under
 * {@value #FOLDER}/ so that the laws, poetry, fortunes, policy_docs and arxiv sources pick them up.
 *
 * <p>All text is generated from {@link CorpusTexts}' templates and word lists with one seeded
 * random source: the same seed gives the same bytes. The default sample ({@link #write}) is a few
 * hundred documents and plants, counting each as it is written, what the corpus pipeline must
 * handle: see {@link Plant}. The scale mode ({@link #writeScale}) writes N arXiv-style records with
 * a fraction of near duplicates and a ground-truth file for benchmarks.
 */
public final class CorpusSampleGenerator {
  /** Where everything goes under the landing root. */
  public static final String FOLDER = "corpus";

  public static final String LAWS_FOLDER = FOLDER + "/laws_cn_lawrefbook";
  public static final String POETRY_FOLDER = FOLDER + "/chinese-poetry";
  public static final String FORTUNES_FOLDER = FOLDER + "/fortunes-zh";
  public static final String POLICY_FOLDER = FOLDER + "/policy";
  public static final String ARXIV_FOLDER = FOLDER + "/arxiv_metadata";

  /** Where the scale mode writes its ground truth, beside (not under) {@value #FOLDER}/. */
  public static final String TRUTH_FILE = "corpus-truth.tsv";

  public static final String TRUTH_HEADER = "id\toriginal_id\tjaccard";

  /**
   * Size of the single-line document of {@code factory sample} and the first {@code factory run}.
   */
  public static final long DEFAULT_LONG_LINE_BYTES = 2_000_000;

  public static final long MIN_LONG_LINE_BYTES = 1_000;
  public static final long MAX_LONG_LINE_BYTES = 2_000_000_000L;

  public static final long MIN_DOCUMENTS = 1;
  public static final long MAX_DOCUMENTS = 10_000_000;

  public static final double DEFAULT_NEAR_DUPLICATE_FRACTION = 0.1;
  public static final double MAX_NEAR_DUPLICATE_FRACTION = 0.9;

  /** Share of characters a near duplicate changes, in runs (see {@link CorpusTexts#perturb}). */
  public static final double NEAR_DUPLICATE_EDIT_RATE = 0.05;

  /** Near duplicates are regenerated until their Jaccard with the original is at least this. */
  public static final double NEAR_DUPLICATE_MIN_JACCARD = 0.8;

  /** Records per JSON Lines file in the scale mode. */
  public static final int RECORDS_PER_FILE = 100_000;

  static final int LAWS = 20;
  static final int LAW_EXACT_DUPLICATES = 2;
  static final int LAW_NEAR_DUPLICATES = 1;
  static final int ARRAY_POEMS = 60;
  static final int ANTHOLOGY_POEMS = 20;
  static final int ANTHOLOGY_REPEATS = 3;
  static final int FORTUNES = 30;
  static final int FORTUNES_FROM_POETRY = 8;
  static final int FORTUNES_MIXED = 3;
  static final int NOTICES = 30;
  static final int NOTICE_NEAR_DUPLICATES = 2;
  static final int ARXIV_RECORDS = 40;
  static final int ARXIV_NEAR_DUPLICATES = 2;

  /** Characters per line of the PDF-extracted notices, and lines per page. */
  static final int WRAP = 28;

  static final int LINES_PER_PAGE = 22;

  /** What the default sample plants, each counted when written. */
  public enum Plant {
    /**
     * A document whose text equals an earlier one's: a second law version file, a repeated poem.
     */
    EXACT_DUPLICATE,
    /** A copy of a law, notice or abstract with ~5% of characters changed; Jaccard ≥ 0.8. */
    NEAR_DUPLICATE,
    /** A fortune entry that is a poetry-JSON poem transliterated to simplified script. */
    CROSS_SCRIPT_POEM,
    /** A fortune entry whose verse lines alternate between traditional and simplified script. */
    MIXED_SCRIPT,
    /** An arXiv record with an English abstract. */
    ENGLISH_DOCUMENT,
    /** A valid mainland resident ID number (MOD 11-2 check character, real birth date). */
    ID_CARD,
    /** A mainland mobile number, 1[3-9] and 9 more digits. */
    MOBILE_PHONE,
    /** A landline with area code, 0931-8765432. */
    LANDLINE_PHONE,
    EMAIL,
    /** A Luhn-valid UnionPay-style card number, 16 or 19 digits. */
    BANK_CARD,
    /** Near miss: an ID-shaped 18-digit number with a wrong check digit; not personal data. */
    INVALID_ID_CARD,
    /** Near miss: a 16-digit order number starting with 6 that fails Luhn; not a card. */
    ORDER_NUMBER,
    /** Near miss: 国务院令第712号 or GB 2763-2021; not personal data. */
    STATUTE_NUMBER,
    /** A policy .txt holding only whitespace. */
    EMPTY_DOCUMENT,
    /** A policy .txt holding only punctuation. */
    PUNCTUATION_ONLY,
    /** A notice whose UTF-8 bytes were decoded as windows-1252 and re-encoded (æ–‡ä»¶). */
    MOJIBAKE,
    /** A policy .txt of random bytes, invalid UTF-8 included. */
    BINARY_GARBAGE,
    /** A policy .txt that is one line of the configured size. */
    LONG_LINE;

    /** Whether the PII redactor must mask it (true) or leave it (false for near misses). */
    public boolean isPersonalData() {
      return ordinal() >= ID_CARD.ordinal() && ordinal() <= BANK_CARD.ordinal();
    }
  }

  /**
   * A planted near duplicate: its id (a path under the root, or an arXiv id) and its original's.
   */
  public record NearDuplicate(String id, String originalId, double jaccard) {}

  /**
   * What was written.
   *
   * @param documents documents as the sources count them: files of laws and policy documents,
   *     poems, fortune entries and arXiv records
   */
  public record Summary(
      long documents,
      List<Path> files,
      Map<Plant, Long> counts,
      List<NearDuplicate> nearDuplicates) {
    public Summary {
      files = List.copyOf(files);
      counts = Map.copyOf(counts);
      nearDuplicates = List.copyOf(nearDuplicates);
    }

    public long count(Plant p) {
      return counts.getOrDefault(p, 0L);
    }
  }

  /** What the scale mode wrote: {@code nearDuplicates} of the records are derived ones. */
  public record ScaleSummary(long records, long nearDuplicates, List<Path> files, Path truth) {
    public ScaleSummary {
      files = List.copyOf(files);
    }
  }

  private final long seed;
  private final long longLineBytes;

  public CorpusSampleGenerator(long seed, long longLineBytes) {
    if (longLineBytes < MIN_LONG_LINE_BYTES || longLineBytes > MAX_LONG_LINE_BYTES) {
      throw new IllegalArgumentException(
          "long line of "
              + longLineBytes
              + " bytes; expected "
              + MIN_LONG_LINE_BYTES
              + " to "
              + MAX_LONG_LINE_BYTES);
    }
    this.seed = seed;
    this.longLineBytes = longLineBytes;
  }

  /** The sample of {@code factory sample} and the first {@code factory run}: seed 42, 2 MB line. */
  public static CorpusSampleGenerator defaults() {
    return new CorpusSampleGenerator(42, DEFAULT_LONG_LINE_BYTES);
  }

  // ============================== the default sample ==============================

  /** Writes the default corpus sample under {@code root}/{@value #FOLDER}. */
  public Summary write(Path root) throws IOException {
    return new SampleWriter(root, new SplittableRandom(seed)).write();
  }

  private final class SampleWriter {
    private final Path root;
    private final SplittableRandom r;
    private final List<Path> files = new ArrayList<>();
    private final Map<Plant, Long> counts = new EnumMap<>(Plant.class);
    private final List<NearDuplicate> near = new ArrayList<>();
    private final Transliterator toSimplified =
        Transliterator.getInstance("Traditional-Simplified");
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private long documents;

    SampleWriter(Path root, SplittableRandom r) {
      this.root = root;
      this.r = r;
    }

    private void plant(Plant p, long n) {
      counts.merge(p, n, Long::sum);
    }

    private Path file(String relative, byte[] bytes) throws IOException {
      Path p = root.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.write(p, bytes);
      files.add(p);
      return p;
    }

    Summary write() throws IOException {
      writeLaws();
      writePoetryAndFortunes();
      writeNotices();
      writeBadDocuments();
      writeArxiv();
      for (Plant p : Plant.values()) {
        counts.putIfAbsent(p, 0L);
      }
      return new Summary(documents, files, counts, near);
    }

    // ---- laws ----

    private static final String[] LAW_CATEGORIES = {"经济法", "行政法", "行政法规", "部门规章/农业农村部"};

    private void writeLaws() throws IOException {
      List<String[]> laws = new ArrayList<>(); // {relative path, text}
      for (int i = 0; i < LAWS; i++) {
        String category = LAW_CATEGORIES[i % LAW_CATEGORIES.length];
        String subject = pick(r, CorpusTexts.SUBJECTS) + pick(r, CorpusTexts.OBJECTS);
        String kind =
            category.equals("经济法") || category.equals("行政法")
                ? "法"
                : category.equals("行政法规") ? "条例" : "管理办法";
        String title = (kind.equals("法") ? "中华人民共和国" : "") + subject + kind;
        String shortTitle = subject + kind;
        LocalDate date = LocalDate.of(2000 + r.nextInt(24), 1 + r.nextInt(12), 1 + r.nextInt(28));
        String text = law(title, date);
        String path = LAWS_FOLDER + "/" + category + "/" + shortTitle + "(" + date + ").md";
        file(path, text.getBytes(UTF_8));
        documents++;
        laws.add(new String[] {path, text, category, shortTitle});
      }
      // A second version file of a law with the body unchanged (re-promulgated, not amended).
      for (int i = 0; i < LAW_EXACT_DUPLICATES; i++) {
        String[] law = laws.get(i * 3);
        LocalDate later = LocalDate.of(2024, 1 + r.nextInt(12), 1 + r.nextInt(28));
        file(
            LAWS_FOLDER + "/" + law[2] + "/" + law[3] + "(" + later + ").md",
            law[1].getBytes(UTF_8));
        documents++;
        plant(Plant.EXACT_DUPLICATE, 1);
      }
      // A local regulation copied from a national law with a few phrases changed.
      for (int i = 0; i < LAW_NEAR_DUPLICATES; i++) {
        String[] law = laws.get(1 + i * 3);
        String copy = nearCopy(law[1]);
        String path = LAWS_FOLDER + "/DLC/甘肃地方法规/地方性法规/甘肃省" + law[3] + "(2024-06-01).md";
        file(path, copy.getBytes(UTF_8));
        documents++;
        near.add(new NearDuplicate(path, law[0], CorpusTexts.jaccard(law[1], copy)));
        plant(Plant.NEAR_DUPLICATE, 1);
      }
    }

    private String law(String title, LocalDate date) {
      StringBuilder b = new StringBuilder();
      b.append("# ").append(title).append("\n\n");
      int first = date.getYear() - 5 - r.nextInt(20);
      b.append(first)
          .append("年")
          .append(1 + r.nextInt(12))
          .append("月")
          .append(1 + r.nextInt(28))
          .append("日 第")
          .append(CorpusTexts.chineseNumber(7 + (first - 1988) / 5))
          .append("届全国人民代表大会常务委员会第")
          .append(CorpusTexts.chineseNumber(1 + r.nextInt(30)))
          .append("次会议通过\n\n");
      b.append(date.getYear())
          .append("年")
          .append(date.getMonthValue())
          .append("月")
          .append(date.getDayOfMonth())
          .append("日 修订\n\n<!-- INFO END -->\n\n");
      int chapters = 3 + r.nextInt(4);
      int article = 1;
      for (int c = 1; c <= chapters; c++) {
        String heading =
            c == 1
                ? "总 则"
                : c == chapters
                    ? "附 则"
                    : pick(r, CorpusTexts.SUBJECTS) + pick(r, CorpusTexts.OBJECTS);
        b.append("## 第").append(CorpusTexts.chineseNumber(c)).append("章 ").append(heading);
        b.append("\n\n");
        int articles = c == chapters ? 1 : 3 + r.nextInt(6);
        for (int a = 0; a < articles; a++) {
          b.append("第").append(CorpusTexts.chineseNumber(article++)).append("条 ");
          if (c == chapters) {
            b.append("本法自")
                .append(date.getYear())
                .append("年")
                .append(date.getMonthValue())
                .append("月1日起施行。\n\n");
            continue;
          }
          int sentences = 1 + r.nextInt(3);
          for (int s = 0; s < sentences; s++) {
            b.append(CorpusTexts.lawSentence(r));
          }
          b.append("\n\n");
          if (r.nextInt(4) == 0) {
            b.append(CorpusTexts.lawSentence(r)).append("\n\n");
          }
        }
      }
      return b.toString();
    }

    /** A copy with ~5% of its characters changed, redrawn until its Jaccard is at least 0.8. */
    private String nearCopy(String text) {
      double rate = NEAR_DUPLICATE_EDIT_RATE;
      for (int attempt = 0; ; attempt++) {
        String copy = CorpusTexts.perturb(text, r, rate);
        if (CorpusTexts.jaccard(text, copy) >= NEAR_DUPLICATE_MIN_JACCARD) {
          return copy;
        }
        if (attempt % 4 == 3) {
          rate /= 2;
        }
      }
    }

    // ---- poetry and fortunes ----

    private record Poem(String title, String author, String type, List<String> paragraphs) {}

    private Poem poem() {
      boolean seven = r.nextBoolean();
      boolean regulated = r.nextInt(3) == 0;
      String type = (seven ? "七言" : "五言") + (regulated ? "律詩" : "絕句");
      return new Poem(
          CorpusTexts.verseLine(r, 2 + r.nextInt(3)),
          pick(r, CorpusTexts.POET_NAMES),
          type,
          CorpusTexts.poemParagraphs(r, seven ? 7 : 5, regulated ? 4 : 2));
    }

    private String uuid() {
      return new UUID(
              (r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & ~(3L << 62)) | (1L << 63))
          .toString();
    }

    private void writePoetryAndFortunes() throws IOException {
      List<Poem> poems = new ArrayList<>();
      ArrayNode array = json.createArrayNode();
      for (int i = 0; i < ARRAY_POEMS; i++) {
        Poem p = poem();
        poems.add(p);
        ObjectNode o = array.addObject();
        o.put("author", p.author());
        ArrayNode paragraphs = o.putArray("paragraphs");
        p.paragraphs().forEach(paragraphs::add);
        o.putArray("tags").add(toSimplified.transliterate(p.type()));
        o.put("title", p.title());
        o.put("id", uuid());
      }
      file(POETRY_FOLDER + "/quantangshi/poet.tang.sample.json", json.writeValueAsBytes(array));
      documents += ARRAY_POEMS;

      // An anthology in the nested layout, by section; some poems recur from the collection above.
      Map<String, ArrayNode> sections = new java.util.TreeMap<>();
      ObjectNode anthology = json.createObjectNode();
      anthology.put("title", "詩選");
      ArrayNode content = anthology.putArray("content");
      for (int i = 0; i < ANTHOLOGY_POEMS; i++) {
        boolean repeat = i < ANTHOLOGY_REPEATS;
        Poem p = repeat ? poems.get(5 + i * 7) : poem();
        ArrayNode section =
            sections.computeIfAbsent(
                p.type(),
                t -> {
                  ObjectNode s = content.addObject();
                  s.put("type", t);
                  return s.putArray("content");
                });
        ObjectNode o = section.addObject();
        o.put("chapter", p.title());
        o.putNull("subchapter");
        o.put("author", p.author());
        ArrayNode paragraphs = o.putArray("paragraphs");
        p.paragraphs().forEach(paragraphs::add);
        if (repeat) {
          plant(Plant.EXACT_DUPLICATE, 1);
        }
      }
      file(POETRY_FOLDER + "/mengxue/shixuan.sample.json", json.writeValueAsBytes(anthology));
      documents += ANTHOLOGY_POEMS;

      // Fortunes: simplified script; some are poems of the JSON above, some mix both scripts.
      StringBuilder f = new StringBuilder();
      for (int i = 0; i < FORTUNES; i++) {
        Poem p;
        boolean mixed = false;
        if (i % 4 == 1 && i / 4 < FORTUNES_FROM_POETRY) {
          p = poems.get(i * 2);
          plant(Plant.CROSS_SCRIPT_POEM, 1);
        } else {
          p = poem();
          mixed = counts.getOrDefault(Plant.MIXED_SCRIPT, 0L) < FORTUNES_MIXED && i % 4 == 2;
        }
        f.append("\u001b[32m《").append(toSimplified.transliterate(p.title())).append("》\u001b[m\n");
        f.append("\u001b[33m作者：")
            .append(toSimplified.transliterate(p.author()))
            .append("\u001b[m\n");
        for (int l = 0; l < p.paragraphs().size(); l++) {
          String line = p.paragraphs().get(l);
          f.append(mixed && l % 2 == 1 ? line : toSimplified.transliterate(line)).append('\n');
        }
        f.append("%\n");
        if (mixed) {
          plant(Plant.MIXED_SCRIPT, 1);
        }
      }
      file(FORTUNES_FOLDER + "/tang-sample", f.toString().getBytes(UTF_8));
      documents += FORTUNES;
    }

    // ---- policy notices ----

    private record Notice(String path, String text) {}

    private void writeNotices() throws IOException {
      List<Notice> notices = new ArrayList<>();
      for (int i = 0; i < NOTICES; i++) {
        int dept = r.nextInt(CorpusTexts.DEPARTMENTS.length);
        // Notices 1, 4, … have neither personal data nor statute numbers: near duplicates copy
        // them.
        boolean plain = i % 3 == 1;
        String text = notice(dept, i % 3 == 0, i % 5 == 2 && !plain, !plain);
        String path =
            POLICY_FOLDER
                + "/"
                + CorpusTexts.DEPARTMENT_ABBREVIATIONS[dept]
                + "-2024-"
                + String.format(Locale.ROOT, "%03d", i + 1)
                + ".txt";
        file(path, text.getBytes(UTF_8));
        documents++;
        notices.add(new Notice(path, text));
      }
      for (int i = 0; i < NOTICE_NEAR_DUPLICATES; i++) {
        // Copies of notices without personal data, so that the PII counts stay those above.
        Notice n = notices.get(1 + i * 3);
        String copy = nearCopy(n.text());
        String path = n.path().replace(".txt", "-转发.txt");
        file(path, copy.getBytes(UTF_8));
        documents++;
        near.add(new NearDuplicate(path, n.path(), CorpusTexts.jaccard(n.text(), copy)));
        plant(Plant.NEAR_DUPLICATE, 1);
      }
    }

    /**
     * A notice as PDF extraction gives it: header, document number, title, addressees, body
     * hard-wrapped with a blank line after every line, page numbers —２— on their own lines, the
     * issuer and date, then the 抄送 block and the …印发 line.
     */
    private String notice(int dept, boolean contacts, boolean subsidyList, boolean statutes) {
      String department = CorpusTexts.DEPARTMENTS[dept];
      int year = 2022 + r.nextInt(3);
      List<String> paragraphs = new ArrayList<>();
      String kind = pick(r, CorpusTexts.NOTICE_KINDS);
      String topic = pick(r, CorpusTexts.SUBJECTS) + pick(r, CorpusTexts.OBJECTS);
      paragraphs.add("　　各市、自治州人民政府，兰州新区管委会，省政府各部门，中央在甘有关单位：");
      paragraphs.add("　　《甘肃省" + topic + kind + "》已经同意，现印发给你们，请结合实际，认真抓好贯彻落实。");
      paragraphs.add("一、总体要求");
      int body = 6 + r.nextInt(10);
      for (int p = 0; p < body; p++) {
        StringBuilder s = new StringBuilder("　　");
        int sentences = 2 + r.nextInt(4);
        for (int k = 0; k < sentences; k++) {
          s.append(CorpusTexts.noticeSentence(r));
        }
        if (statutes && r.nextInt(4) == 0) {
          s.append("依据").append(CorpusTexts.statuteNumber(r)).append("有关规定执行。");
          plant(Plant.STATUTE_NUMBER, 1);
        }
        paragraphs.add(s.toString());
        if (p == body / 2) {
          paragraphs.add("二、重点任务");
        }
      }
      if (subsidyList) {
        paragraphs.add("三、补贴对象名单");
        int rows = 2 + r.nextInt(3);
        for (int k = 1; k <= rows; k++) {
          paragraphs.add(
              "　　"
                  + fullWidth(k)
                  + "．"
                  + CorpusTexts.name(r)
                  + "，身份证号码"
                  + CorpusTexts.residentId(r)
                  + "，开户银行卡号"
                  + CorpusTexts.bankCard(r)
                  + "，补贴金额"
                  + fullWidth(600 + 100 * r.nextInt(20))
                  + "元。");
          plant(Plant.ID_CARD, 1);
          plant(Plant.BANK_CARD, 1);
        }
        paragraphs.add(
            "　　原档案编号"
                + CorpusTexts.residentIdWithWrongCheck(r)
                + "已作废，资金拨付订单号"
                + CorpusTexts.orderNumber(r)
                + "。");
        plant(Plant.INVALID_ID_CARD, 1);
        plant(Plant.ORDER_NUMBER, 1);
      }
      if (contacts) {
        paragraphs.add(
            "　　联系人："
                + CorpusTexts.name(r)
                + "，联系电话："
                + CorpusTexts.landline(r)
                + "，手机："
                + CorpusTexts.mobile(r)
                + "，电子邮箱："
                + CorpusTexts.email(r)
                + "。");
        plant(Plant.LANDLINE_PHONE, 1);
        plant(Plant.MOBILE_PHONE, 1);
        plant(Plant.EMAIL, 1);
      }
      String y = fullWidth(year);
      String month = fullWidth(1 + r.nextInt(12));
      String day = fullWidth(1 + r.nextInt(28));

      StringBuilder out = new StringBuilder("\n");
      out.append(department).append("文件\n");
      out.append(CorpusTexts.DEPARTMENT_ABBREVIATIONS[dept])
          .append(" 〔")
          .append(y)
          .append("〕")
          .append(fullWidth(1 + r.nextInt(120)))
          .append("号\n\n");
      List<String> lines = new ArrayList<>();
      wrap(department + "关于印发甘肃省" + topic + kind + "的通知", lines);
      for (String p : paragraphs) {
        wrap(p, lines);
      }
      int page = 1;
      for (int i = 0; i < lines.size(); i++) {
        out.append(lines.get(i)).append("\n\n");
        if ((i + 1) % LINES_PER_PAGE == 0) {
          out.append("—").append(fullWidth(page++)).append("—\n\n");
        }
      }
      out.append(department).append("\n\n").append(y).append("年").append(month).append("月");
      out.append(day).append("日\n\n　　 (此件公开发布)\n");
      out.append(" 抄送：省委各部门，省人大常委会办公厅，省政协办公厅，省法院，\n省检察院，各民主党派省委。\n\n");
      out.append("　").append(department).append("办公室 ").append(y).append("年").append(month);
      out.append("月").append(day).append("日印发\n");
      return out.toString();
    }

    /**
     * Hard-wraps a paragraph at {@link #WRAP} characters, never inside 国务院令第…号 nor a run of ASCII
     * letters, digits, {@code @._-} and single spaces between them (so numbers and addresses stay
     * whole, as the PII counts assume).
     */
    private void wrap(String paragraph, List<String> lines) {
      StringBuilder line = new StringBuilder();
      int i = 0;
      while (i < paragraph.length()) {
        int j = i + 1;
        Matcher statute = STATUTE.matcher(paragraph).region(i, paragraph.length());
        if (statute.lookingAt()) {
          j = statute.end();
        } else if (isAsciiWord(paragraph.charAt(i))) {
          while (j < paragraph.length()
              && (isAsciiWord(paragraph.charAt(j))
                  || (paragraph.charAt(j) == ' '
                      && j + 1 < paragraph.length()
                      && isAsciiWord(paragraph.charAt(j + 1))))) {
            j++;
          }
        }
        if (line.length() > 0 && line.length() + (j - i) > WRAP) {
          lines.add(line.toString());
          line.setLength(0);
        }
        line.append(paragraph, i, j);
        i = j;
      }
      if (line.length() > 0) {
        lines.add(line.toString());
      }
    }

    private static final Pattern STATUTE = Pattern.compile("国务院令第[0-9]+号");

    private static boolean isAsciiWord(char c) {
      return (c >= '0' && c <= '9')
          || (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || c == '@'
          || c == '.'
          || c == '_'
          || c == '-';
    }

    // ---- bad documents ----

    private void writeBadDocuments() throws IOException {
      file(POLICY_FOLDER + "/空白通知.txt", " \n\n\t \n　\n\n".getBytes(UTF_8));
      plant(Plant.EMPTY_DOCUMENT, 1);

      String marks = "。，、；：？！…—《》“”（）·〔〕";
      StringBuilder p = new StringBuilder();
      for (int i = 0; i < 400; i++) {
        p.append(marks.charAt(r.nextInt(marks.length())));
        if (i % 40 == 39) {
          p.append('\n');
        }
      }
      file(POLICY_FOLDER + "/目录页.txt", p.toString().getBytes(UTF_8));
      plant(Plant.PUNCTUATION_ONLY, 1);

      // The classic mojibake: UTF-8 bytes read as windows-1252, saved again as UTF-8 (文件 → æ–‡ä»¶).
      String chinese = notice(r.nextInt(CorpusTexts.DEPARTMENTS.length), false, false, false);
      String garbled = sloppyWindows1252(chinese.getBytes(UTF_8));
      file(POLICY_FOLDER + "/乱码通知.txt", garbled.getBytes(UTF_8));
      plant(Plant.MOJIBAKE, 1);

      byte[] garbage = new byte[4096];
      for (int i = 0; i < garbage.length; i++) {
        garbage[i] = (byte) r.nextInt(256);
      }
      // Certainly invalid UTF-8: a lone continuation byte, a truncated sequence, 0xFF and 0xFE.
      byte[] invalid = {
        (byte) 0x80, (byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xE6, 0x41
      };
      System.arraycopy(invalid, 0, garbage, 100, invalid.length);
      file(POLICY_FOLDER + "/附件扫描件.txt", garbage);
      plant(Plant.BINARY_GARBAGE, 1);

      writeLongLine(root.resolve(POLICY_FOLDER + "/全文合并.txt"));
      plant(Plant.LONG_LINE, 1);
      documents += 5;
    }

    /**
     * Bytes decoded as windows-1252, the five bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90,
     * 0x9D) as the Latin-1 control characters: what browsers and editors do, and lossless.
     */
    private static String sloppyWindows1252(byte[] bytes) {
      Charset cp1252 = Charset.forName("windows-1252");
      StringBuilder b = new StringBuilder(bytes.length);
      for (byte x : bytes) {
        String c = new String(new byte[] {x}, cp1252);
        b.append(c.equals("\uFFFD") ? (char) (x & 0xFF) : c.charAt(0));
      }
      return b.toString();
    }

    /** One line of at least {@code longLineBytes} bytes (less than 3 more), no line break. */
    private void writeLongLine(Path p) throws IOException {
      Files.createDirectories(p.getParent());
      SplittableRandom lr = r.split();
      long written = 0;
      try (OutputStream out = Files.newOutputStream(p)) {
        while (written < longLineBytes) {
          byte[] s = CorpusTexts.noticeSentence(lr).getBytes(UTF_8);
          int n = s.length;
          if (written + n > longLineBytes) {
            // cut at a character boundary at or after the target (UTF-8 lead bytes are not
            // 10xxxxxx)
            n = (int) (longLineBytes - written);
            while (n < s.length && (s[n] & 0xC0) == 0x80) {
              n++;
            }
          }
          out.write(s, 0, n);
          written += n;
        }
      }
      files.add(p);
    }

    // ---- arXiv ----

    private void writeArxiv() throws IOException {
      Path p = root.resolve(ARXIV_FOLDER + "/arxiv-metadata-sample.jsonl");
      Files.createDirectories(p.getParent());
      List<String[]> written = new ArrayList<>(); // {id, abstract}
      try (JsonGenerator g =
          new JsonFactory().createGenerator(Files.newOutputStream(p), JsonEncoding.UTF8)) {
        g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
        for (int i = 0; i < ARXIV_RECORDS; i++) {
          String id = String.format(Locale.ROOT, "2312.%05d", i + 1);
          boolean derived = i >= ARXIV_RECORDS - ARXIV_NEAR_DUPLICATES;
          String text;
          if (derived) {
            // a resubmission of an earlier abstract, a few phrases changed
            String[] original = written.get(5 * (i - (ARXIV_RECORDS - ARXIV_NEAR_DUPLICATES)));
            text = nearCopy(original[1]);
            near.add(new NearDuplicate(id, original[0], CorpusTexts.jaccard(original[1], text)));
            plant(Plant.NEAR_DUPLICATE, 1);
          } else if (i % 6 == 3) {
            text = CorpusTexts.chineseAbstract(r, 200, 600);
          } else {
            text = CorpusTexts.englishAbstract(r, 300, 1500);
          }
          if (!isHan(text)) {
            plant(Plant.ENGLISH_DOCUMENT, 1);
          }
          arxivRecord(g, r, id, text, LocalDate.of(2023, 12, 1 + i % 28));
          written.add(new String[] {id, text});
        }
        g.writeRaw('\n');
      }
      files.add(p);
      documents += ARXIV_RECORDS;
    }

    private static boolean isHan(String text) {
      return text.codePoints()
          .anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }
  }

  /** One arXiv metadata record, as the Kaggle snapshot writes them (one JSON object per line). */
  static void arxivRecord(
      JsonGenerator g, SplittableRandom r, String id, String text, LocalDate day)
      throws IOException {
    String submitter = CorpusTexts.englishName(r);
    int coauthors = r.nextInt(4);
    StringBuilder authors = new StringBuilder(submitter);
    for (int k = 0; k < coauthors; k++) {
      authors.append(k == coauthors - 1 ? " and " : ", ").append(CorpusTexts.englishName(r));
    }
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("submitter", submitter);
    g.writeStringField("authors", authors.toString());
    g.writeStringField(
        "title",
        "On " + pick(r, CorpusTexts.EN_TASKS) + " with " + pick(r, CorpusTexts.EN_METHODS));
    g.writeStringField("comments", (5 + r.nextInt(40)) + " pages, " + r.nextInt(12) + " figures");
    g.writeNullField("journal-ref");
    g.writeNullField("doi");
    g.writeNullField("report-no");
    g.writeStringField("categories", pick(r, CorpusTexts.CATEGORIES));
    g.writeStringField("license", "http://creativecommons.org/licenses/by/4.0/");
    g.writeStringField("abstract", "  " + text + "\n");
    g.writeArrayFieldStart("versions");
    g.writeStartObject();
    g.writeStringField("version", "v1");
    g.writeStringField(
        "created",
        String.format(
            Locale.ROOT,
            "%s, %d %s %d %02d:%02d:%02d GMT",
            day.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ROOT),
            day.getDayOfMonth(),
            day.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ROOT),
            day.getYear(),
            r.nextInt(24),
            r.nextInt(60),
            r.nextInt(60)));
    g.writeEndObject();
    g.writeEndArray();
    g.writeStringField("update_date", day.toString());
    g.writeEndObject();
  }

  // ============================== the scale mode ==============================

  /**
   * Writes {@code documents} arXiv-style records under {@value #ARXIV_FOLDER}/scale/ (one file per
   * {@value #RECORDS_PER_FILE}), a fraction {@code nearDuplicateFraction} of them near duplicates
   * of earlier originals, and {@code root}/{@value #TRUTH_FILE}: one row per near duplicate with
   * its id, its original's id and the exact Jaccard of their char 5-shingle sets (whitespace and
   * punctuation removed, see {@link CorpusTexts#normalized}).
   *
   * <p>Record {@code i} (from 0) is derived when {@code floor((i+1)F) > floor(iF)}, i ≥ 1, so there
   * are {@code floor(N F)} of them, evenly spread. Each record's text comes from its own random
   * stream, so an original is regenerated rather than kept in memory.
   */
  public ScaleSummary writeScale(Path root, long documents, double nearDuplicateFraction)
      throws IOException {
    if (documents < MIN_DOCUMENTS || documents > MAX_DOCUMENTS) {
      throw new IllegalArgumentException("documents " + documents);
    }
    if (!(nearDuplicateFraction >= 0 && nearDuplicateFraction <= MAX_NEAR_DUPLICATE_FRACTION)) {
      throw new IllegalArgumentException("near-duplicate fraction " + nearDuplicateFraction);
    }
    double f = nearDuplicateFraction;
    Path dir = root.resolve(ARXIV_FOLDER + "/scale");
    Files.createDirectories(dir);
    Path truth = root.resolve(TRUTH_FILE);
    List<Path> files = new ArrayList<>();
    long derivedCount = 0;
    JsonFactory factory = new JsonFactory();
    JsonGenerator g = null;
    try (BufferedWriter t = Files.newBufferedWriter(truth, UTF_8)) {
      t.write(TRUTH_HEADER);
      t.write('\n');
      for (long i = 0; i < documents; i++) {
        if (i % RECORDS_PER_FILE == 0) {
          if (g != null) {
            g.writeRaw('\n');
            g.close();
          }
          Path p = dir.resolve(yymm(i) + ".jsonl");
          files.add(p);
          g = factory.createGenerator(Files.newOutputStream(p), JsonEncoding.UTF8);
          g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
        }
        SplittableRandom meta = stream(i, 1);
        String text;
        if (isDerived(i, f)) {
          long original = originalOf(i, f);
          String source = scaleText(original);
          SplittableRandom edits = stream(i, 2);
          double rate = NEAR_DUPLICATE_EDIT_RATE;
          double j;
          int attempt = 0;
          do {
            text = CorpusTexts.perturb(source, edits, rate);
            j = CorpusTexts.jaccard(source, text);
            if (++attempt % 4 == 0) {
              rate /= 2;
            }
          } while (j < NEAR_DUPLICATE_MIN_JACCARD);
          t.write(
              scaleId(i) + "\t" + scaleId(original) + "\t" + String.format(Locale.ROOT, "%.6f", j));
          t.write('\n');
          derivedCount++;
        } else {
          text = scaleText(i);
        }
        arxivRecord(g, meta, scaleId(i), text, LocalDate.of(2024, 1, 1).plusDays(i % 3650 / 10));
      }
    } finally {
      if (g != null) {
        g.writeRaw('\n');
        g.close();
      }
    }
    return new ScaleSummary(documents, derivedCount, files, truth);
  }

  static boolean isDerived(long i, double f) {
    return i >= 1 && Math.floor((i + 1) * f) > Math.floor(i * f);
  }

  private long originalOf(long i, double f) {
    SplittableRandom r = stream(i, 3);
    long j;
    do {
      j = r.nextLong(i);
    } while (isDerived(j, f));
    return j;
  }

  /** The text of original record {@code i}: English (70%) or Chinese, 200 to 2000 characters. */
  private String scaleText(long i) {
    SplittableRandom r = stream(i, 0);
    return r.nextInt(10) < 7
        ? CorpusTexts.englishAbstract(r, 200, 1800)
        : CorpusTexts.chineseAbstract(r, 200, 1800);
  }

  private SplittableRandom stream(long i, int purpose) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i * 4 + purpose);
  }

  /** arXiv-style ids, {@value #RECORDS_PER_FILE} a month from 2401: 2401.00001, …, 2402.00001. */
  static String scaleId(long i) {
    return yymm(i) + String.format(Locale.ROOT, ".%05d", i % RECORDS_PER_FILE + 1);
  }

  private static String yymm(long i) {
    long month = i / RECORDS_PER_FILE;
    return String.format(Locale.ROOT, "%02d%02d", 24 + month / 12, 1 + month % 12);
  }
}
