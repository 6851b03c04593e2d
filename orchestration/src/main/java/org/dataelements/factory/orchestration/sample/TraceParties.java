package org.dataelements.factory.orchestration.sample;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The sample's parties in Gansu: farms, processors and cooperatives, one wholesale market and
 * retailers, each with a Chinese GS1 company prefix (69…), a location GLN and a party GLN, and the
 * people (names, mobile numbers, addresses) that certificates and farm records carry.
 */
final class TraceParties {
  /** A prefecture-level division of Gansu (GB/T 2260, conf/reference/regions.csv). */
  record Prefecture(String code, String name, List<String> districts) {
    Prefecture {
      districts = List.copyOf(districts);
    }
  }

  static final List<Prefecture> PREFECTURES =
      List.of(
          new Prefecture(
              "620100", "兰州市", List.of("城关区", "七里河区", "西固区", "安宁区", "红古区", "永登县", "皋兰县", "榆中县")),
          new Prefecture("620200", "嘉峪关市", List.of("新城镇", "峪泉镇", "文殊镇")),
          new Prefecture("620300", "金昌市", List.of("金川区", "永昌县")),
          new Prefecture("620400", "白银市", List.of("白银区", "平川区", "靖远县", "会宁县", "景泰县")),
          new Prefecture(
              "620500", "天水市", List.of("秦州区", "麦积区", "清水县", "秦安县", "甘谷县", "武山县", "张家川回族自治县")),
          new Prefecture("620600", "武威市", List.of("凉州区", "民勤县", "古浪县", "天祝藏族自治县")),
          new Prefecture("620700", "张掖市", List.of("甘州区", "肃南裕固族自治县", "民乐县", "临泽县", "高台县", "山丹县")),
          new Prefecture("620800", "平凉市", List.of("崆峒区", "泾川县", "灵台县", "崇信县", "华亭市", "庄浪县", "静宁县")),
          new Prefecture("620900", "酒泉市", List.of("肃州区", "金塔县", "瓜州县", "肃北蒙古族自治县", "玉门市", "敦煌市")),
          new Prefecture(
              "621000", "庆阳市", List.of("西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县")),
          new Prefecture("621100", "定西市", List.of("安定区", "通渭县", "陇西县", "渭源县", "临洮县", "漳县", "岷县")),
          new Prefecture(
              "621200", "陇南市", List.of("武都区", "成县", "文县", "宕昌县", "康县", "西和县", "礼县", "徽县", "两当县")),
          new Prefecture(
              "622900", "临夏回族自治州", List.of("临夏市", "临夏县", "康乐县", "永靖县", "广河县", "和政县", "东乡族自治县")),
          new Prefecture(
              "623000",
              "甘南藏族自治州",
              List.of("合作市", "临潭县", "卓尼县", "舟曲县", "迭部县", "玛曲县", "碌曲县", "夏河县")));

  /** A product: its name and the item reference under its owner's company prefix. */
  record Product(String name, String item) {}

  /** The six product lines, with where they are mostly farmed and what comes of them. */
  enum Line {
    CATTLE(
        "cattle",
        "肉牛养殖",
        "牛肉食品",
        true,
        List.of("620800", "620700", "621000", "620600"),
        List.of(new Product("肉牛", "101")),
        List.of(
            new Product("牛里脊", "2001"),
            new Product("牛腩", "2002"),
            new Product("牛腱子", "2003"),
            new Product("牛排", "2004"))),
    SHEEP(
        "sheep",
        "肉羊养殖",
        "清真肉食品",
        true,
        List.of("623000", "622900", "620600", "620300", "621000"),
        List.of(new Product("肉羊", "111")),
        List.of(new Product("羊排", "2101"), new Product("羊腿", "2102"), new Product("羊肉卷", "2103"))),
    VEGETABLES(
        "vegetables",
        "蔬菜",
        "高原夏菜",
        false,
        List.of("620100", "620600", "620700", "620900", "621100"),
        List.of(
            new Product("娃娃菜", "201"),
            new Product("西兰花", "202"),
            new Product("甘蓝", "203"),
            new Product("芹菜", "204"),
            new Product("莴笋", "205")),
        List.of()),
    FRUIT(
        "fruit",
        "果品",
        "果业",
        false,
        List.of("620500", "620800", "621000", "620400"),
        List.of(new Product("苹果", "301"), new Product("梨", "302"), new Product("桃", "303")),
        List.of()),
    POTATOES(
        "potatoes",
        "马铃薯",
        "马铃薯产业",
        false,
        List.of("621100", "620400", "620500", "621000"),
        List.of(new Product("马铃薯", "401")),
        List.of()),
    MEDICINAL_HERBS(
        "medicinal_herbs",
        "中药材",
        "中药材饮片",
        false,
        List.of("621100", "621200", "623000", "620600"),
        List.of(new Product("当归", "501"), new Product("党参", "502"), new Product("黄芪", "503")),
        List.of());

    final String label;
    final String farmWord;
    final String firmWord;
    final boolean livestock;
    final List<String> regions;
    final List<Product> farmProducts;
    final List<Product> cuts;

    Line(
        String label,
        String farmWord,
        String firmWord,
        boolean livestock,
        List<String> regions,
        List<Product> farmProducts,
        List<Product> cuts) {
      this.label = label;
      this.farmWord = farmWord;
      this.firmWord = firmWord;
      this.livestock = livestock;
      this.regions = regions;
      this.farmProducts = farmProducts;
      this.cuts = cuts;
    }
  }

  enum Kind {
    FARM,
    PROCESSOR,
    MARKET,
    RETAILER
  }

  /**
   * A party with one location. {@code companyPrefix} has 9 digits for farms, 8 for processors and 7
   * for the market and retailers (all 690–699…), so the URNs exercise every split; {@code gln} is
   * the location's GLN-13 (a farm's farm_id); {@code line} is empty for the market and retailers.
   */
  record Party(
      Kind kind,
      int index,
      String companyPrefix,
      String name,
      String person,
      String phone,
      String address,
      Prefecture prefecture,
      Optional<Line> line,
      String gln,
      SampleIds.Ref location,
      SampleIds.Ref party) {
    Party {
      requireNonNull(kind, "kind is null");
      requireNonNull(companyPrefix, "companyPrefix is null");
      requireNonNull(name, "name is null");
      requireNonNull(person, "person is null");
      requireNonNull(phone, "phone is null");
      requireNonNull(address, "address is null");
      requireNonNull(prefecture, "prefecture is null");
      requireNonNull(line, "line is null");
      requireNonNull(gln, "gln is null");
      requireNonNull(location, "location is null");
      requireNonNull(party, "party is null");
    }
  }

  private static final String[] SURNAMES =
      ("王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 韩 冯 于 董 程 曹 袁 邓 许 傅 沈 曾 彭"
              + " 吕 苏 卢 蒋 蔡 贾 丁 魏 薛 叶 闫 余 潘 杜 戴 夏 钟 汪 田 任 姜 范 方 石 姚 谭 廖 邹 熊 金 陆 郝 孔 白 崔 康"
              + " 毛 邱 秦 江 史 顾 侯 邵 孟 龙 万 段 雷 钱 汤 尹 黎 易 常 武 乔 贺 赖 龚 文 安 牛 拓 包 祁 铁")
          .split(" ");
  private static final String[] GIVEN =
      ("建国 建军 国强 志强 秀英 桂英 玉兰 海燕 海龙 春花 永平 永福 德明 有才 明亮 小红 丽娟 卫东 红梅 文斌 俊杰 晓东 雪梅"
              + " 振华 宏伟 金花 学文 彩霞 兴旺 福海 尕娃 存良 天喜 玉梅 进财 满仓 爱萍 亚军 鹏 伟 静 磊 娟 勇 霞 涛 斌 芳")
          .split(" ");
  private static final String[] VILLAGES =
      ("王家庄 李家湾 张家堡 马家沟 杨家坪 新庄 红星 东湾 西坪 南川 北山 上堡 下河 石门 柳树湾 杏园 梨园 沙沟 大坪 小川"
              + " 柳沟 谢家河 丰乐 中和 永安 新民 双泉 金沙 白土坡 红崖")
          .split(" ");
  private static final String[] BRANDS =
      "陇原 祁连 河西 陇上 金城 陇东 丝路 雪域 黄河 洮河 渭水 崆峒 麦积 敦煌 岷山 陇南".split(" ");
  private static final String[] CHAINS = "陇上鲜超市 金城优选 丝路生鲜 惠民菜篮子 百佳福超市 万家乐购 新乐超市".split(" ");
  private static final String[] MOBILE =
      ("130 131 132 133 135 136 137 138 139 150 151 153 155 157 158 159 177 180 181 186 187 188 189 191"
              + " 199")
          .split(" ");

  private final List<Party> farms = new ArrayList<>();
  private final List<Party> processors = new ArrayList<>();
  private final List<Party> retailers = new ArrayList<>();
  private final Party market;
  private final List<List<Party>> farmsByLine = new ArrayList<>();
  private final List<List<Party>> processorsByLine = new ArrayList<>();

  /**
   * @param seed the random seed
   * @param farmCount farms (at most 40 000), spread over the six lines
   * @param processorCount processors and cooperatives (at least 6, at most 4 000)
   * @param retailerCount retail stores (at most 8 000)
   */
  TraceParties(long seed, int farmCount, int processorCount, int retailerCount) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int cpOffset = r.nextInt(1_000_000);
    Line[] lines = Line.values();
    for (int i = 0; i < lines.length; i++) {
      farmsByLine.add(new ArrayList<>());
      processorsByLine.add(new ArrayList<>());
    }
    for (int i = 0; i < farmCount; i++) {
      Line line = lines[i % lines.length];
      Prefecture p = prefecture(r, line);
      int v = (int) ((i * 7919L + cpOffset) % 8_000_000);
      String cp = "69" + (2 + v / 1_000_000) + String.format(Locale.ROOT, "%06d", v % 1_000_000);
      String district = pick(r, p.districts());
      String village = pick(r, VILLAGES);
      String person = name(r);
      String name =
          line.livestock
              ? district + village + "村" + line.farmWord + (r.nextBoolean() ? "场" : "专业合作社")
              : district
                  + village
                  + "村"
                  + person.charAt(0)
                  + "家"
                  + line.farmWord
                  + (r.nextInt(4) == 0 ? "种植专业合作社" : "家庭农场");
      Party f =
          party(
              Kind.FARM,
              i,
              cp,
              name,
              person,
              r,
              address(r, p, district, village),
              p,
              Optional.of(line));
      farms.add(f);
      farmsByLine.get(line.ordinal()).add(f);
    }
    for (int i = 0; i < processorCount; i++) {
      Line line = lines[i % lines.length];
      Prefecture p = prefecture(r, line);
      int v = (int) ((i * 7919L + cpOffset) % 100_000);
      String cp = "691" + String.format(Locale.ROOT, "%05d", v);
      String district = pick(r, p.districts());
      String name =
          p.name().substring(0, 2)
              + pick(r, BRANDS)
              + line.firmWord
              + (line == Line.POTATOES || line == Line.MEDICINAL_HERBS
                  ? (r.nextBoolean() ? "有限公司" : "专业合作社")
                  : "有限公司");
      Party x =
          party(
              Kind.PROCESSOR,
              i,
              cp,
              name,
              name(r),
              r,
              address(r, p, district, pick(r, VILLAGES)),
              p,
              Optional.of(line));
      processors.add(x);
      processorsByLine.get(line.ordinal()).add(x);
    }
    Prefecture lanzhou = PREFECTURES.get(0);
    market =
        party(
            Kind.MARKET,
            0,
            "690" + String.format(Locale.ROOT, "%04d", cpOffset % 10_000),
            "甘肃陇原农产品批发市场有限公司",
            name(r),
            r,
            "甘肃省兰州市城关区雁滩路" + (100 + r.nextInt(900)) + "号",
            lanzhou,
            Optional.empty());
    for (int i = 0; i < retailerCount; i++) {
      Prefecture p = PREFECTURES.get(r.nextInt(3) == 0 ? r.nextInt(PREFECTURES.size()) : 0);
      int v = (int) (((i + 1) * 7919L + cpOffset) % 10_000);
      String cp = "690" + String.format(Locale.ROOT, "%04d", v);
      String district = pick(r, p.districts());
      String name = pick(r, CHAINS) + "（" + district + "店）";
      retailers.add(
          party(
              Kind.RETAILER,
              i,
              cp,
              name,
              name(r),
              r,
              "甘肃省" + p.name() + district + pick(r, BRANDS) + "路" + (1 + r.nextInt(300)) + "号",
              p,
              Optional.empty()));
    }
  }

  private static Party party(
      Kind kind,
      int index,
      String cp,
      String name,
      String person,
      SplittableRandom r,
      String address,
      Prefecture p,
      Optional<Line> line) {
    int refDigits = 12 - cp.length();
    String location = String.format(Locale.ROOT, "%0" + refDigits + "d", 1);
    String party = "0".repeat(refDigits);
    return new Party(
        kind,
        index,
        cp,
        name,
        person,
        phone(r),
        address,
        p,
        line,
        SampleIds.gln13(cp, location),
        SampleIds.sgln(cp, location),
        SampleIds.pgln(cp, party));
  }

  private static Prefecture prefecture(SplittableRandom r, Line line) {
    if (r.nextInt(10) < 8) {
      String code = line.regions.get(r.nextInt(line.regions.size()));
      for (Prefecture p : PREFECTURES) {
        if (p.code().equals(code)) {
          return p;
        }
      }
    }
    return PREFECTURES.get(r.nextInt(PREFECTURES.size()));
  }

  private static String address(SplittableRandom r, Prefecture p, String district, String village) {
    return "甘肃省"
        + p.name()
        + district
        + village
        + "村"
        + (1 + r.nextInt(12))
        + "社"
        + (1 + r.nextInt(80))
        + "号";
  }

  static String name(SplittableRandom r) {
    return pick(r, SURNAMES) + pick(r, GIVEN);
  }

  static String phone(SplittableRandom r) {
    return pick(r, MOBILE) + String.format(Locale.ROOT, "%08d", r.nextInt(100_000_000));
  }

  private static String pick(SplittableRandom r, String[] values) {
    return values[r.nextInt(values.length)];
  }

  private static <T> T pick(SplittableRandom r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  List<Party> farms() {
    return farms;
  }

  List<Party> farms(Line line) {
    return farmsByLine.get(line.ordinal());
  }

  List<Party> processors(Line line) {
    return processorsByLine.get(line.ordinal());
  }

  List<Party> retailers() {
    return retailers;
  }

  Party market() {
    return market;
  }
}
