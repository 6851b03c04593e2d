package org.dataelements.factory.orchestration.sample;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generated text for the corpus sample: law articles, policy-notice sentences, classical verses
 * (traditional script), arXiv-style abstracts in English and Chinese, and personal data that is
 * valid by construction (resident ID numbers with their ISO 7064 MOD 11-2 check character,
 * Luhn-valid bank cards, mobile and landline numbers, e-mails) next to near misses that are not.
 *
 * <p>Everything comes from the templates and word lists below and the caller's random source:
 * nothing is copied from real documents, and the same random state gives the same text.
 */
final class CorpusTexts {
  private CorpusTexts() {}

  // ---- Chinese legal and administrative vocabulary (simplified script) ----

  static final String[] SUBJECTS = {
    "农产品", "种子", "畜禽", "耕地", "农药", "化肥", "兽药", "饲料", "粮食", "冷链物流", "数据要素", "公共数据", "农民专业合作社",
    "食用农产品", "渔业资源", "草原", "农田水利", "农业机械", "高标准农田", "乡村产业", "农村电商", "中药材", "马铃薯", "苹果", "牛羊肉", "蔬菜"
  };
  static final String[] OBJECTS = {
    "质量安全", "追溯体系", "风险监测", "信息公开", "应急处置", "标准化生产", "统计调查", "技术推广", "资金投入",
    "人才培养", "市场流通", "检验检测", "登记管理", "产销对接", "品牌建设", "数据共享", "安全监管", "社会化服务"
  };
  static final String[] ACTORS = {
    "县级以上人民政府",
    "县级以上地方人民政府农业农村主管部门",
    "市场监督管理部门",
    "数据管理部门",
    "乡镇人民政府",
    "生产经营者",
    "行业协会",
    "检验检测机构",
    "国务院有关部门",
    "省级人民政府",
    "村民委员会"
  };
  static final String[] VERBS = {"加强", "建立健全", "组织开展", "统筹推进", "规范", "完善", "支持", "鼓励", "落实", "强化"};
  static final String[] GOALS = {
    "保障公众身体健康和生命安全",
    "促进农业高质量发展",
    "维护农民合法权益",
    "提高资源利用效率",
    "推进乡村全面振兴",
    "保障国家粮食安全",
    "促进数据依法有序流动",
    "防范化解重大风险"
  };
  static final String[] DEPARTMENTS = {
    "甘肃省农业农村厅",
    "甘肃省数据局",
    "甘肃省市场监督管理局",
    "甘肃省财政厅",
    "甘肃省商务厅",
    "甘肃省人民政府办公厅",
    "兰州市农业农村局",
    "天水市人民政府办公室",
    "张掖市市场监督管理局"
  };
  static final String[] DEPARTMENT_ABBREVIATIONS = {
    "甘农发", "甘数发", "甘市监发", "甘财农", "甘商务发", "甘政办发", "兰农发", "天政办发", "张市监发"
  };
  static final String[] NOTICE_KINDS = {
    "实施方案", "工作要点", "管理办法", "行动计划", "指导意见", "专项整治方案", "补贴资金发放办法"
  };
  static final String[] SURNAMES = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "马", "周", "吴", "何"};
  static final String[] GIVEN_NAMES = {
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "建国",
    "玉兰", "志强"
  };
  static final String[] PINYIN = {
    "zhangwei",
    "wangfang",
    "lina",
    "zhaomin",
    "liujing",
    "chenqiang",
    "yanglei",
    "huangjun",
    "mayong",
    "zhouyan",
    "wujie",
    "hejuan"
  };
  static final String[] MAIL_DOMAINS = {
    "gsagri.gov.cn", "gsdata.gov.cn", "lanzhou.gov.cn", "163.com", "qq.com", "126.com", "gs-coop.cn"
  };
  static final String[] GANSU_REGIONS = {
    "620102", "620103", "620104", "620105", "620111", "620402", "620502", "620602", "620702",
    "620802", "620902", "621002", "621102", "621202", "622901", "623001"
  };
  static final String[] AREA_CODES = {
    "0931", "0932", "0933", "0934", "0935", "0936", "0937", "0938", "0939", "0941", "0930", "0943"
  };
  static final String[] MOBILE_PREFIXES = {
    "139", "138", "187", "150", "177", "181", "199", "135", "158", "189", "166", "173"
  };
  static final String[] CARD_PREFIXES = {
    "622202", "622848", "621700", "623058", "622588", "621226"
  };

  // ---- classical verse: a pool mixing characters that differ in simplified script and ones that
  // do not, so that almost every line changes under Traditional-Simplified ----

  static final String VERSE_CHARACTERS =
      "風雲鳥書長東來歸塵華嶺萬樓騎離別亂夢憶燈聲聽時閒關門開間問遠邊鄉馬龍鳳飛葉陽陰陸隱驛漢畫頭見親覺語詩說誰讀紅綠錦絲"
          + "經鐘銀鏡雙雞難霧靈顏飄飲餘館驚鬢魚鴻鶴鷺黃齊廣曉橋樹濤灣煙爭獨猶環縣聞臨興舊蒼蓮蕭藥蘭處蟬謝贈車輕還進過遲鄰"
          + "山水月花春秋日人天江河城草木雪酒心思空明白青清流落寒孤客舟夜香石松竹南北西中上千百三一不有";
  static final String[] POET_NAMES = {
    "孟浩遠", "王昌華", "李長風", "杜青雲", "韋應時", "劉禹聲", "張九嶺", "賀知鄉", "崔顥然", "岑參軍", "高適之", "王灣生"
  };

  // ---- English abstract vocabulary ----

  static final String[] EN_METHODS = {
    "a graph neural network",
    "a variational autoencoder",
    "a Bayesian hierarchical model",
    "a convex relaxation",
    "a transformer-based language model",
    "a Monte Carlo sampler",
    "a spectral clustering method",
    "a mixed-integer program",
    "a kernel density estimator",
    "a contrastive pre-training scheme",
    "a stochastic gradient method",
    "a finite element discretisation"
  };
  static final String[] EN_TASKS = {
    "near-duplicate detection", "crop yield forecasting", "electricity load forecasting",
        "entity resolution",
    "document classification", "anomaly detection", "supply chain traceability",
        "soil moisture estimation",
    "machine translation", "time series imputation", "causal effect estimation", "record linkage"
  };
  static final String[] EN_DOMAINS = {
    "large text corpora", "agricultural supply chains", "regional power grids", "satellite imagery",
    "multilingual web data", "smart meter readings", "food safety inspections",
        "public administrative records"
  };
  static final String[] EN_RESULTS = {
    "improves recall by a wide margin",
    "reduces the error rate considerably",
    "scales linearly in the input size",
    "matches the state of the art at a fraction of the cost",
    "is robust to heavy-tailed noise",
    "converges in a few iterations",
    "generalises to unseen regions"
  };
  static final String[] EN_FIRST = {
    "Wei", "Fang", "Maria", "John", "Aisha", "Kenji", "Olga", "Pedro", "Lena", "Ravi", "Chen",
    "Sofia"
  };
  static final String[] EN_LAST = {
    "Zhang", "Wang", "Smith", "Garcia", "Ivanova", "Tanaka", "Okafor", "Novak", "Singh", "Li",
    "Rossi", "Muller"
  };
  static final String[] CATEGORIES = {
    "cs.CL", "cs.LG", "cs.IR", "stat.ML", "cs.DB", "eess.SP", "q-bio.QM", "physics.ao-ph", "econ.EM"
  };

  static final String[] ZH_METHODS = {
    "图神经网络", "变分自编码器", "贝叶斯分层模型", "凸松弛", "预训练语言模型", "蒙特卡洛采样", "谱聚类", "混合整数规划"
  };

  static String pick(SplittableRandom r, String[] words) {
    return words[r.nextInt(words.length)];
  }

  static String name(SplittableRandom r) {
    return pick(r, SURNAMES) + pick(r, GIVEN_NAMES);
  }

  /** 1 to 999 in Chinese numerals as used for article and chapter numbers (第一百二十四条). */
  static String chineseNumber(int n) {
    String digits = "零一二三四五六七八九";
    if (n < 10) {
      return String.valueOf(digits.charAt(n));
    }
    if (n < 20) {
      return "十" + (n % 10 == 0 ? "" : String.valueOf(digits.charAt(n % 10)));
    }
    if (n < 100) {
      return digits.charAt(n / 10)
          + "十"
          + (n % 10 == 0 ? "" : String.valueOf(digits.charAt(n % 10)));
    }
    int rest = n % 100;
    String head = digits.charAt(n / 100) + "百";
    if (rest == 0) {
      return head;
    }
    if (rest < 10) {
      return head + "零" + digits.charAt(rest);
    }
    return head + (rest < 20 ? "一" : "") + chineseNumber(rest);
  }

  /** ASCII digits as full-width digits (２０２４), as PDF extraction of official documents gives. */
  static String fullWidth(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= '0' && c <= '9' ? (char) ('０' + (c - '0')) : c);
    }
    return b.toString();
  }

  static String fullWidth(long n) {
    return fullWidth(Long.toString(n));
  }

  // ---- law and notice sentences ----

  static String lawSentence(SplittableRandom r) {
    String s = pick(r, SUBJECTS);
    String o = pick(r, OBJECTS);
    return switch (r.nextInt(6)) {
      case 0 -> pick(r, ACTORS) + "应当" + pick(r, VERBS) + s + o + "工作，" + pick(r, GOALS) + "。";
      case 1 -> pick(r, ACTORS) + "负责本行政区域内" + s + o + "的监督管理工作。";
      case 2 -> "国家" + pick(r, VERBS) + s + o + "制度，" + pick(r, GOALS) + "。";
      case 3 -> "从事" + s + "生产经营活动，应当遵守法律、法规和" + s + o + "标准，接受社会监督，承担社会责任。";
      case 4 -> {
        int low = 1 + r.nextInt(9);
        yield "违反本法规定，"
            + pick(r, ACTORS)
            + "未依法履行"
            + s
            + o
            + "职责的，由"
            + pick(r, ACTORS)
            + "责令改正，给予警告；拒不改正的，处"
            + chineseNumber(low)
            + "万元以上"
            + chineseNumber(low * 5)
            + "万元以下罚款。";
      }
      default -> "任何单位和个人不得伪造、变造" + s + o + "记录，不得隐瞒、谎报、缓报" + s + "安全事故。";
    };
  }

  static String noticeSentence(SplittableRandom r) {
    String s = pick(r, SUBJECTS);
    String o = pick(r, OBJECTS);
    return switch (r.nextInt(5)) {
      case 0 -> "各地要" + pick(r, VERBS) + s + o + "，" + pick(r, GOALS) + "，确保各项任务落到实处。";
      case 1 ->
          "到"
              + fullWidth(2025 + r.nextInt(3))
              + "年，全省"
              + s
              + o
              + "能力明显提升，培育"
              + fullWidth(10 + r.nextInt(90))
              + "个以上典型应用场景。";
      case 2 -> pick(r, ACTORS) + "牵头，会同有关部门" + pick(r, VERBS) + s + o + "，按季度报送工作进展。";
      case 3 ->
          "支持"
              + s
              + "龙头企业"
              + pick(r, VERBS)
              + o
              + "，对符合条件的项目给予不超过"
              + fullWidth(50 + 50 * r.nextInt(10))
              + "万元的补助。";
      default -> "坚持问题导向，聚焦" + s + o + "中的突出问题，" + pick(r, VERBS) + "长效机制。";
    };
  }

  // ---- verse (traditional script) ----

  static String verseLine(SplittableRandom r, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(VERSE_CHARACTERS.charAt(r.nextInt(VERSE_CHARACTERS.length())));
    }
    return b.toString();
  }

  /** Paragraphs of a poem as chinese-poetry stores them: two lines per paragraph, "…，…。". */
  static List<String> poemParagraphs(SplittableRandom r, int lineLength, int paragraphs) {
    List<String> out = new ArrayList<>(paragraphs);
    for (int i = 0; i < paragraphs; i++) {
      out.add(verseLine(r, lineLength) + "，" + verseLine(r, lineLength) + "。");
    }
    return out;
  }

  // ---- abstracts ----

  static String englishAbstract(SplittableRandom r, int minChars, int maxChars) {
    int target = minChars + r.nextInt(maxChars - minChars + 1);
    StringBuilder b = new StringBuilder(target + 200);
    while (b.length() < target) {
      String m = pick(r, EN_METHODS);
      String t = pick(r, EN_TASKS);
      String d = pick(r, EN_DOMAINS);
      String sentence =
          switch (r.nextInt(5)) {
            case 0 -> "We propose " + m + " for " + t + " in " + d + ".";
            case 1 ->
                "Experiments on " + d + " show that the approach " + pick(r, EN_RESULTS) + ".";
            case 2 ->
                "Unlike earlier work on "
                    + t
                    + ", we do not assume that "
                    + d
                    + " are stationary, and we bound the error of "
                    + m
                    + " by "
                    + (2 + r.nextInt(98))
                    + " percent.";
            case 3 ->
                "A study of "
                    + (100 + r.nextInt(9900))
                    + " samples drawn from "
                    + d
                    + " suggests that "
                    + t
                    + " benefits from "
                    + m
                    + ".";
            default ->
                "Code and data for "
                    + t
                    + " are released, and "
                    + m
                    + " "
                    + pick(r, EN_RESULTS)
                    + ".";
          };
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(sentence);
    }
    return b.toString();
  }

  static String chineseAbstract(SplittableRandom r, int minChars, int maxChars) {
    int target = minChars + r.nextInt(maxChars - minChars + 1);
    StringBuilder b = new StringBuilder(target + 100);
    while (b.length() < target) {
      String m = pick(r, ZH_METHODS);
      String s = pick(r, SUBJECTS);
      String o = pick(r, OBJECTS);
      b.append(
          switch (r.nextInt(4)) {
            case 0 -> "本文提出一种基于" + m + "的" + s + o + "方法。";
            case 1 ->
                "在"
                    + pick(r, DEPARTMENTS).substring(0, 2)
                    + "地区"
                    + (100 + r.nextInt(900))
                    + "个样本上的实验表明，该方法显著提高了"
                    + s
                    + o
                    + "的准确率。";
            case 2 -> "与现有" + m + "相比，所提方法无需人工标注，能够" + pick(r, GOALS) + "。";
            default -> "我们进一步分析了" + s + "与" + pick(r, SUBJECTS) + "之间的关联，并讨论了" + o + "的局限。";
          });
    }
    return b.toString();
  }

  static String englishName(SplittableRandom r) {
    return pick(r, EN_FIRST) + " " + pick(r, EN_LAST);
  }

  // ---- personal data, valid by construction, and near misses ----

  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String ID_CHECK = "10X98765432";

  /** The ISO 7064 MOD 11-2 check character of a resident ID's first 17 digits. */
  static char idCheckCharacter(CharSequence first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * ID_WEIGHTS[i];
    }
    return ID_CHECK.charAt(sum % 11);
  }

  /** The first 17 digits of a resident ID: a Gansu county, a birth date 1950–2004, a sequence. */
  private static String idBody(SplittableRandom r) {
    int year = 1950 + r.nextInt(55);
    int month = 1 + r.nextInt(12);
    int day = 1 + r.nextInt(28);
    return pick(r, GANSU_REGIONS)
        + String.format(Locale.ROOT, "%04d%02d%02d%03d", year, month, day, r.nextInt(1000));
  }

  static String residentId(SplittableRandom r) {
    String body = idBody(r);
    return body + idCheckCharacter(body);
  }

  /** A resident-ID-shaped number whose check character is wrong (and never X). */
  static String residentIdWithWrongCheck(SplittableRandom r) {
    String body = idBody(r);
    char right = idCheckCharacter(body);
    char wrong;
    do {
      wrong = (char) ('0' + r.nextInt(10));
    } while (wrong == right);
    return body + wrong;
  }

  /** The Luhn check digit for a number without it. */
  static int luhnCheckDigit(CharSequence withoutCheck) {
    int sum = 0;
    boolean twice = true;
    for (int i = withoutCheck.length() - 1; i >= 0; i--) {
      int d = withoutCheck.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return (10 - sum % 10) % 10;
  }

  private static String digits(SplittableRandom r, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + r.nextInt(10)));
    }
    return b.toString();
  }

  /** A UnionPay-style card number, 16 or 19 digits, passing Luhn. */
  static String bankCard(SplittableRandom r) {
    String prefix = pick(r, CARD_PREFIXES);
    int length = r.nextBoolean() ? 16 : 19;
    String body = prefix + digits(r, length - prefix.length() - 1);
    return body + luhnCheckDigit(body);
  }

  /** A 16-digit order number starting with 6 that fails Luhn, so it is not a card number. */
  static String orderNumber(SplittableRandom r) {
    String body = "6" + digits(r, 14);
    int wrong = (luhnCheckDigit(body) + 1 + r.nextInt(9)) % 10;
    return body + wrong;
  }

  static String mobile(SplittableRandom r) {
    return pick(r, MOBILE_PREFIXES) + digits(r, 8);
  }

  static String landline(SplittableRandom r) {
    return pick(r, AREA_CODES) + "-" + (char) ('2' + r.nextInt(8)) + digits(r, 6);
  }

  static String email(SplittableRandom r) {
    return pick(r, PINYIN)
        + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(100)))
        + "@"
        + pick(r, MAIL_DOMAINS);
  }

  /** A statute or standard number: 国务院令第712号 or GB 2763-2021. */
  static String statuteNumber(SplittableRandom r) {
    return r.nextBoolean()
        ? "国务院令第" + (100 + r.nextInt(700)) + "号"
        : "GB " + (1000 + r.nextInt(9000)) + "-" + (2005 + r.nextInt(19));
  }

  // ---- near duplicates ----

  /**
   * A copy of {@code text} with about {@code rate} of its characters replaced, in runs of 6 to 12
   * characters (a changed phrase, not scattered typos), by characters of the same kind: letters for
   * letters, and for CJK another CJK character of the same text (so the script stays the same).
   * Whitespace, punctuation and digits are left alone.
   */
  static String perturb(String text, SplittableRandom r, double rate) {
    char[] c = text.toCharArray();
    int editable = 0;
    StringBuilder han = new StringBuilder();
    for (char ch : c) {
      if (Character.isLetter(ch)) {
        editable++;
      }
      if (Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN) {
        han.append(ch);
      }
    }
    long target = Math.max(1, Math.round(editable * rate));
    long changed = 0;
    int guard = 0;
    while (changed < target && guard++ < 100_000) {
      int start = r.nextInt(c.length);
      int run = 6 + r.nextInt(7);
      for (int i = start; i < c.length && i < start + run && changed < target; i++) {
        char ch = c[i];
        char replacement = replacementFor(ch, han, r);
        if (replacement != ch) {
          c[i] = replacement;
          changed++;
        }
      }
    }
    return new String(c);
  }

  private static char replacementFor(char ch, CharSequence han, SplittableRandom r) {
    if (ch >= 'a' && ch <= 'z') {
      return (char) ('a' + r.nextInt(26));
    }
    if (ch >= 'A' && ch <= 'Z') {
      return (char) ('A' + r.nextInt(26));
    }
    if (Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN) {
      return han.charAt(r.nextInt(han.length()));
    }
    return ch;
  }

  // ---- char 5-shingles ----

  /**
   * The text a near-duplicate detector compares: code points that are neither whitespace nor
   * punctuation (Unicode categories Pc, Pd, Ps, Pe, Pi, Pf, Po), in order.
   */
  static int[] normalized(String text) {
    return text.codePoints()
        .filter(
            cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && !isPunctuation(cp))
        .toArray();
  }

  static boolean isPunctuation(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION,
              Character.DASH_PUNCTUATION,
              Character.START_PUNCTUATION,
              Character.END_PUNCTUATION,
              Character.INITIAL_QUOTE_PUNCTUATION,
              Character.FINAL_QUOTE_PUNCTUATION,
              Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }

  /** The set of 5-code-point shingles of the normalized text (one shingle if it is shorter). */
  static Set<String> shingles(String text) {
    int[] cps = normalized(text);
    Set<String> out = new HashSet<>(Math.max(16, cps.length * 2));
    if (cps.length == 0) {
      return out;
    }
    if (cps.length < 5) {
      out.add(new String(cps, 0, cps.length));
      return out;
    }
    for (int i = 0; i + 5 <= cps.length; i++) {
      out.add(new String(cps, i, 5));
    }
    return out;
  }

  /** Exact Jaccard similarity of the char 5-shingle sets of two texts (1 for two empty sets). */
  static double jaccard(String a, String b) {
    Set<String> x = shingles(a);
    Set<String> y = shingles(b);
    if (x.isEmpty() && y.isEmpty()) {
      return 1.0;
    }
    Set<String> small = x.size() <= y.size() ? x : y;
    Set<String> large = small == x ? y : x;
    long common = 0;
    for (String s : small) {
      if (large.contains(s)) {
        common++;
      }
    }
    return (double) common / (x.size() + y.size() - common);
  }
}
