package org.dataelements.factory.orchestration.sample;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.dataelements.factory.orchestration.sample.SampleIds.Ref;
import org.dataelements.factory.orchestration.sample.TraceEvent.TimeStyle;
import org.dataelements.factory.orchestration.sample.TraceEvent.Type;
import org.dataelements.factory.orchestration.sample.TraceParties.Line;
import org.dataelements.factory.orchestration.sample.TraceParties.Party;

/**
 * The traceability sample: farm-to-shelf chains of Gansu's agricultural products as partners would
 * deliver them, deterministic for a seed (same seed and size, same bytes) and streamed lot by lot,
 * so memory does not grow with the number of events.
 *
 * <p>Per chain: farms in the product line's prefectures record planting, spraying, feeding,
 * veterinary drugs and the harvest or slaughter of a lot; the lot is commissioned (EPCIS
 * ObjectEvent ADD with its quantity), residue-tested and certified (合格证); it is shipped to a
 * processor or cooperative, which washes, cuts, blends or slaughters it into new lots or packed
 * items (TransformationEvent), packs them into cases and the cases onto a pallet (AggregationEvent
 * ADD, SSCC parent), ships the pallet to the wholesale market, which unpacks it (DELETE), tests,
 * and ships cases on to retailers, who unpack and sell (retail_selling). Some failed tests lead to
 * recall notices. Events name the same lot by EPC URN or GS1 Digital Link at random, so only {@link
 * org.dataelements.factory.core.Gs1Ids#canonical} ties them together.
 *
 * <p>Deliberate defects, each at a small seeded rate and each at least once in every sample: see
 * {@link Defect}. {@link Summary} counts them and, for samples of up to {@value #IDS_KEPT} of a
 * kind, names them.
 */
public final class TraceabilitySampleGenerator {
  /** Where everything goes under the landing root. */
  public static final String FOLDER = "traceability";

  /** Where the EPCIS documents go (the epcis source's glob matches it). */
  public static final String EPCIS_FOLDER = FOLDER + "/epcis/sample_farms";

  /** Events of {@code factory sample} and the first {@code factory run}. */
  public static final long DEFAULT_EVENTS = 20_000;

  public static final long MIN_EVENTS = 1_000;
  public static final long MAX_EVENTS = 100_000_000;

  /** The most events one EPCIS document holds. */
  public static final int MAX_EVENTS_PER_DOCUMENT = 10_000;

  /** The most affected ids a {@link Planted} lists per defect. */
  public static final int IDS_KEPT = 10_000;

  static final int CSV_ROWS_PER_FILE = 250_000;
  static final int NOTICES_PER_FILE = 10_000;

  static final String FARM_OPERATIONS_HEADER =
      "operation_id,farm_id,farm_name,farmer_name,farmer_phone,farm_address,prefecture_code,"
          + "product_line,lot_id,operation,substance,dose,dose_unit,operated_at";
  static final String RAPID_TESTS_HEADER =
      "test_id,lot_id,sampled_at,lab,analyte,value_mg_kg,limit_mg_kg,result,inspector_name";
  static final String CERTIFICATES_HEADER =
      "certificate_id,lot_id,product,quantity,uom,origin_farm_id,origin_region_code,issuer_name,"
          + "contact_name,contact_phone,contact_address,basis,issued_on";

  /** The planted defects, and which ids {@link Planted#ids()} lists for each. */
  public enum Defect {
    /** A farm (origin) lot with no certificate row; ids: the lot's canonical id. */
    LOT_WITHOUT_CERTIFICATE,
    /**
     * A spraying record whose substance no rapid test of that lot (or of a lot made from it)
     * covers; ids: the spraying record's operation_id.
     */
    SPRAY_NOT_TESTED,
    /** A receiving event whose shipping event is missing; ids: the receiving eventID. */
    RECEIVING_WITHOUT_SHIPPING,
    /** An AggregationEvent DELETE dated before its parent's ADD; ids: the DELETE's eventID. */
    DELETE_BEFORE_ADD,
    /**
     * An eventID written twice with different content (a later eventTime or another quantity),
     * often in another file; ids: the eventID.
     */
    DUPLICATE_EVENT_ID,
    /**
     * An event with neither eventTimeZoneOffset nor an offset in its eventTime (a retail sale);
     * bronze quarantines it as breaking EPCIS. ids: the eventID.
     */
    EVENT_WITHOUT_TIME_ZONE
  }

  /** How many of a defect were planted and (up to {@link #IDS_KEPT}) which. */
  public record Planted(long count, List<String> ids) {
    public Planted {
      ids = List.copyOf(ids);
    }
  }

  /**
   * What was written.
   *
   * @param events EPCIS events in all documents (duplicates counted twice)
   * @param lots lots (LGTIN classes) commissioned or made: farm lots and processed lots
   * @param farms farms with at least one lot
   * @param documents EPCIS documents, of which {@code xmlDocuments} XML and the rest JSON-LD
   */
  public record Summary(
      long events,
      long lots,
      long farms,
      long documents,
      long xmlDocuments,
      long operations,
      long tests,
      long failedTests,
      long certificates,
      long recallNotices,
      List<Path> files,
      Map<Defect, Planted> defects) {
    public Summary {
      files = List.copyOf(files);
      defects = Collections.unmodifiableMap(new EnumMap<>(defects));
    }

    /** The count of one defect. */
    public long count(Defect d) {
      return defects.get(d).count();
    }
  }

  private final long seed;
  private final long events;

  /**
   * @param seed the random seed (same seed and events, same bytes)
   * @param events EPCIS events to write, {@value #MIN_EVENTS} to 100 000 000
   * @throws IllegalArgumentException when {@code events} is outside that range
   */
  public TraceabilitySampleGenerator(long seed, long events) {
    if (events < MIN_EVENTS || events > MAX_EVENTS) {
      throw new IllegalArgumentException(
          "the traceability sample takes "
              + MIN_EVENTS
              + " to "
              + MAX_EVENTS
              + " events, not "
              + events);
    }
    this.seed = seed;
    this.events = events;
  }

  /** The defaults of {@code factory sample} and {@code factory run}: seed 42, 20 000 events. */
  public static TraceabilitySampleGenerator defaults() {
    return new TraceabilitySampleGenerator(42, DEFAULT_EVENTS);
  }

  /** Writes the sample under {@code <landingRoot>/traceability/} and says what it holds. */
  public Summary write(Path landingRoot) throws IOException {
    try (Run run = new Run(landingRoot.resolve(FOLDER))) {
      return run.generate();
    }
  }

  // ------------------------------------------------------------------------------ vocabularies

  private static final String VOCAB = "https://vocab.gansu-trace.example/bizstep/";

  private record Pesticide(String name, double limit, String unit, int doseMin, int doseMax) {}

  private static final List<Pesticide> PESTICIDES =
      List.of(
          new Pesticide("chlorpyrifos", 0.02, "ml/mu", 50, 80),
          new Pesticide("imidacloprid", 0.5, "g/mu", 10, 20),
          new Pesticide("carbendazim", 0.5, "g/mu", 60, 100),
          new Pesticide("cypermethrin", 0.5, "ml/mu", 20, 40),
          new Pesticide("abamectin", 0.05, "ml/mu", 30, 50),
          new Pesticide("difenoconazole", 0.5, "g/mu", 30, 50));

  private record VetDrug(String name, double limit, String dose) {}

  private static final List<VetDrug> VET_DRUGS =
      List.of(
          new VetDrug("ivermectin", 0.03, "0.2"),
          new VetDrug("florfenicol", 0.2, "20"),
          new VetDrug("albendazole", 0.1, "10"));

  private static final String[] FEEDS = {"corn_silage", "alfalfa_hay", "concentrate"};
  private static final String[] BASES = {"自检合格", "委托检测合格", "内部质量控制合格", "自我承诺合格"};
  private static final String[] OTHER_RECALL_REASONS = {
    "标签标识不符合规定", "菌落总数超标", "净含量不足", "包装破损可能导致污染"
  };

  private static final long BASE_DAY =
      LocalDate.of(2024, 1, 1).atStartOfDay(EpcisDocumentWriter.CHINA).toEpochSecond();
  private static final int DAY = 86_400;

  // ------------------------------------------------------------------------------ one run

  private record Lot(Ref ref, String product, long tenths, String uom, Party owner) {}

  private record Notice(
      String id,
      String issuedOn,
      String authority,
      String firm,
      String product,
      List<String> lotIds,
      String reason) {}

  private record Pending(long due, long order, TraceEvent event) {}

  /** Everything one chain produces, kept until the chain is known to fit the requested size. */
  private static final class Group {
    final List<TraceEvent> events = new ArrayList<>();
    final List<TraceEvent> duplicates = new ArrayList<>();
    final List<String[]> operations = new ArrayList<>();
    final List<String[]> tests = new ArrayList<>();
    final List<String[]> certificates = new ArrayList<>();
    final List<Notice> notices = new ArrayList<>();
    final EnumMap<Defect, List<String>> defects = new EnumMap<>(Defect.class);
    final List<Integer> farms = new ArrayList<>();
    int lots;
    int failedTests;
    Party lastRetailer;
    Lot lastLot;
    long lastTime;

    int size() {
      return events.size() + duplicates.size();
    }

    void defect(Defect d, String id) {
      defects.computeIfAbsent(d, k -> new ArrayList<>()).add(id);
    }
  }

  private final class Run implements Closeable {
    private final Path root;
    private final SplittableRandom r = new SplittableRandom(seed);
    private final TraceParties parties;
    private final int documentSize;
    private final List<Path> files = new ArrayList<>();
    private final RotatingCsv operations;
    private final RotatingCsv tests;
    private final RotatingCsv certificates;
    private final Notices notices;
    private final MessageDigest sha256;
    private final PriorityQueue<Pending> pending =
        new PriorityQueue<>(Comparator.comparingLong(Pending::due).thenComparing(Pending::order));
    private final EnumMap<Defect, long[]> defectCounts = new EnumMap<>(Defect.class);
    private final EnumMap<Defect, List<String>> defectIds = new EnumMap<>(Defect.class);
    private final BitSet farmsUsed = new BitSet();

    private EpcisDocumentWriter document;
    private long documents;
    private long xmlDocuments;
    private long written;
    private long committed;
    private long lots;
    private long failedTests;
    private long eventSeq;
    private long pendingOrder;
    private long lotSeq;
    private long serialSeq;
    private long palletSeq;
    private long despatchSeq;
    private long operationSeq;
    private long testSeq;
    private long certificateSeq;
    private long noticeSeq;

    Run(Path root) throws IOException {
      this.root = root;
      int farms = (int) Math.min(40_000, Math.max(24, events / 250));
      parties =
          new TraceParties(
              seed,
              farms,
              Math.min(4_000, Math.max(12, farms / 8)),
              Math.min(8_000, Math.max(6, farms / 4)));
      documentSize = (int) Math.min(MAX_EVENTS_PER_DOCUMENT, Math.max(50, events / 20));
      Files.createDirectories(root.resolve("epcis/sample_farms"));
      operations =
          new RotatingCsv(
              root.resolve("farm_operations"), "farm_operations", FARM_OPERATIONS_HEADER);
      tests = new RotatingCsv(root.resolve("rapid_tests"), "rapid_tests", RAPID_TESTS_HEADER);
      certificates =
          new RotatingCsv(root.resolve("certificates"), "certificates", CERTIFICATES_HEADER);
      notices = new Notices(root.resolve("recall_notices"));
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
      for (Defect d : Defect.values()) {
        defectCounts.put(d, new long[1]);
        defectIds.put(d, new ArrayList<>());
      }
    }

    Summary generate() throws IOException {
      Group last = null;
      for (long g = 0; committed < events; g++) {
        Group group = group(g);
        if (committed + group.size() > events && last != null) {
          fillers(last, (int) (events - committed));
          break;
        }
        accept(group);
        last = group;
      }
      while (!pending.isEmpty()) {
        emit(pending.poll().event());
      }
      closeDocument();
      operations.close();
      tests.close();
      certificates.close();
      notices.close();
      Map<Defect, Planted> planted = new EnumMap<>(Defect.class);
      for (Defect d : Defect.values()) {
        planted.put(d, new Planted(defectCounts.get(d)[0], defectIds.get(d)));
      }
      List<Path> all = new ArrayList<>(files);
      all.addAll(operations.files);
      all.addAll(tests.files);
      all.addAll(certificates.files);
      all.addAll(notices.files);
      return new Summary(
          written,
          lots,
          farmsUsed.cardinality(),
          documents,
          xmlDocuments,
          operations.rows,
          tests.rows,
          failedTests,
          certificates.rows,
          notices.count,
          all,
          planted);
    }

    private void accept(Group group) throws IOException {
      committed += group.size();
      lots += group.lots;
      failedTests += group.failedTests;
      group.farms.forEach(farmsUsed::set);
      for (String[] row : group.operations) {
        operations.row(row);
      }
      for (String[] row : group.tests) {
        tests.row(row);
      }
      for (String[] row : group.certificates) {
        certificates.row(row);
      }
      for (Notice n : group.notices) {
        notices.write(n);
      }
      for (Map.Entry<Defect, List<String>> e : group.defects.entrySet()) {
        defectCounts.get(e.getKey())[0] += e.getValue().size();
        List<String> ids = defectIds.get(e.getKey());
        for (String id : e.getValue()) {
          if (ids.size() < IDS_KEPT) {
            ids.add(id);
          }
        }
      }
      for (TraceEvent d : group.duplicates) {
        long due = written + group.events.size() + 1 + r.nextInt(documentSize + documentSize / 2);
        pending.add(new Pending(due, pendingOrder++, d));
      }
      for (TraceEvent e : group.events) {
        emit(e);
        while (!pending.isEmpty() && pending.peek().due() <= written) {
          emit(pending.poll().event());
        }
      }
    }

    private void emit(TraceEvent e) throws IOException {
      if (document == null) {
        Path dir = root.resolve("epcis/sample_farms");
        long creation = e.epochSecond() + 2 * DAY;
        int slot = (int) (documents % 10);
        if (slot == 3 || slot == 6 || slot == 9) {
          document =
              EpcisDocumentWriter.xml(
                  dir.resolve(String.format(Locale.ROOT, "capture_%05d.xml", documents)), creation);
          xmlDocuments++;
        } else {
          document =
              EpcisDocumentWriter.json(
                  dir.resolve(String.format(Locale.ROOT, "capture_%05d.jsonld", documents)),
                  creation);
        }
        documents++;
        files.add(document.file());
      }
      document.write(e);
      written++;
      if (document.events() >= documentSize) {
        closeDocument();
      }
    }

    private void closeDocument() throws IOException {
      if (document != null) {
        document.close();
        document = null;
      }
    }

    /** Harmless storage observations at the last retailer, to reach the exact event count. */
    private void fillers(Group last, int n) throws IOException {
      for (int i = 0; i < n; i++) {
        long t = last.lastTime + 3600L * (i + 1);
        TraceEvent.Builder b =
            TraceEvent.builder(Type.OBJECT, t)
                .timeStyle(style())
                .action("OBSERVE")
                .why(cbv("BizStep", "storing"), cbv("Disp", "sellable_accessible"))
                .where(written(last.lastRetailer.location()))
                .quantity(
                    written(last.lastLot.ref()),
                    Math.max(10, last.lastLot.tenths() / 10),
                    last.lastLot.uom());
        committed++;
        emit(b.build(eventId(b)));
      }
    }

    // ---------------------------------------------------------------------------- one chain

    private Group group(long g) {
      Defect forced = g < Defect.values().length ? Defect.values()[(int) g] : null;
      boolean forceRecall = g == Defect.values().length;
      Group out = new Group();
      Line[] lines = Line.values();
      Line line =
          forced == Defect.SPRAY_NOT_TESTED || forceRecall
              ? lines[2 + r.nextInt(4)]
              : lines[r.nextInt(lines.length)];
      List<Party> lineProcessors = parties.processors(line);
      Party processor = lineProcessors.get(r.nextInt(lineProcessors.size()));
      long day0 = BASE_DAY + (long) (330.0 * committed / events) * DAY + (long) r.nextInt(3) * DAY;
      int forcedLeg = r.nextInt(3);
      // 1. farm lots
      int k = line.livestock ? 1 + r.nextInt(2) : 1 + r.nextInt(3);
      TraceParties.Product product = line.farmProducts.get(r.nextInt(line.farmProducts.size()));
      List<Lot> farmLots = new ArrayList<>();
      List<String> sprayed = new ArrayList<>();
      List<String> drugs = new ArrayList<>();
      boolean firstSpray = true;
      boolean firstTest = true;
      Lot failedLot = null;
      String failedReason = null;
      for (int i = 0; i < k; i++) {
        List<Party> lineFarms = parties.farms(line);
        Party farm = lineFarms.get(r.nextInt(lineFarms.size()));
        out.farms.add(farm.index());
        long tenths =
            line.livestock
                ? 10L * (line == Line.CATTLE ? 3 + r.nextInt(18) : 10 + r.nextInt(50))
                : 10L * (500 + r.nextInt(4500));
        String uom = line.livestock ? "HEA" : "KGM";
        Lot lot =
            new Lot(
                SampleIds.lgtin(farm.companyPrefix(), "0" + product.item(), farmLotNumber(day0)),
                product.name(),
                tenths,
                uom,
                farm);
        farmLots.add(lot);
        out.lots++;
        // farm records
        long harvest = at(day0, 0, 6, 9);
        if (line.livestock) {
          int feedings = 1 + r.nextInt(2);
          for (int f = 0; f < feedings; f++) {
            String feed = FEEDS[r.nextInt(FEEDS.length)];
            double perHead = line == Line.CATTLE ? 4 + r.nextInt(20) : 0.5 + r.nextInt(4);
            operation(
                out,
                farm,
                line,
                lot,
                "feeding",
                feed,
                plain(perHead),
                "kg/head/day",
                before(harvest, 30, 150));
          }
          if (r.nextInt(3) > 0) {
            VetDrug d = VET_DRUGS.get(r.nextInt(VET_DRUGS.size()));
            drugs.add(d.name());
            operation(
                out,
                farm,
                line,
                lot,
                "veterinary_drug",
                d.name(),
                d.dose(),
                "mg/kg_bw",
                before(harvest, 25, 40));
            String failure =
                test(out, lot, d.name(), d.limit(), harvest, farm, forceRecall && firstTest);
            firstTest = false;
            if (failure != null && failedLot == null) {
              failedLot = lot;
              failedReason = "兽药残留超标：" + failure;
            }
          }
          operation(out, farm, line, lot, "slaughter", "", "", "", harvest);
        } else {
          operation(out, farm, line, lot, "planting", "", "", "", before(harvest, 60, 60));
          List<Pesticide> candidates = new ArrayList<>(PESTICIDES);
          int sprays = 1 + r.nextInt(3);
          for (int s = 0; s < sprays; s++) {
            Pesticide p = candidates.remove(r.nextInt(candidates.size()));
            sprayed.add(p.name());
            String opId =
                operation(
                    out,
                    farm,
                    line,
                    lot,
                    "spraying",
                    p.name(),
                    Integer.toString(p.doseMin() + r.nextInt(p.doseMax() - p.doseMin() + 1)),
                    p.unit(),
                    before(harvest, 7, 40));
            boolean untested = (forced == Defect.SPRAY_NOT_TESTED && firstSpray) || chance(0.03);
            firstSpray = false;
            if (untested) {
              out.defect(Defect.SPRAY_NOT_TESTED, opId);
              continue;
            }
            String failure =
                test(out, lot, p.name(), p.limit(), harvest, farm, forceRecall && firstTest);
            firstTest = false;
            if (failure != null && failedLot == null) {
              failedLot = lot;
              failedReason = "农药残留超标：" + failure;
            }
          }
          operation(out, farm, line, lot, "harvest", "", "", "", harvest);
        }
        // certificate (合格证)
        if ((forced == Defect.LOT_WITHOUT_CERTIFICATE && i == 0) || chance(0.03)) {
          out.defect(Defect.LOT_WITHOUT_CERTIFICATE, lot.ref().dl());
        } else {
          certificate(out, lot, farm, day0);
        }
        // commissioning
        TraceEvent.Builder c =
            TraceEvent.builder(Type.OBJECT, at(day0, 0, 7, 10))
                .timeStyle(style())
                .action("ADD")
                .why(cbv("BizStep", "commissioning"), cbv("Disp", "active"))
                .where(written(farm.location()))
                .quantity(written(lot.ref()), lot.tenths(), lot.uom())
                .ilmd("cbvmda:countryOfOrigin", "CN");
        if (!line.livestock) {
          c.ilmd("cbvmda:harvestStartDate", date(harvest));
        }
        add(out, c);
        // to the processor
        shipment(
            out,
            List.of(),
            List.of(lot),
            farm,
            processor,
            at(day0, 1, 7, 10),
            at(day0, 1, 12, 16),
            (forced == Defect.RECEIVING_WITHOUT_SHIPPING && forcedLeg == 0 && i == 0)
                || chance(0.01));
      }
      // 2. processing
      List<Lot> finals = new ArrayList<>();
      List<Ref> bags = new ArrayList<>();
      long total = farmLots.stream().mapToLong(Lot::tenths).sum();
      if (line.livestock) {
        int cuts = 2 + r.nextInt(2);
        long kgTenths = total * (line == Line.CATTLE ? 150 : 15);
        TraceEvent.Builder t =
            TraceEvent.builder(Type.TRANSFORMATION, at(day0, 2, 6, 9))
                .timeStyle(style())
                .why(cbv("BizStep", "killing"), cbv("Disp", "active"))
                .where(written(processor.location()));
        for (Lot in : farmLots) {
          t.inputQuantity(written(in.ref()), in.tenths(), in.uom());
        }
        List<TraceParties.Product> cutList = new ArrayList<>(line.cuts);
        for (int i = 0; i < cuts; i++) {
          TraceParties.Product cut = cutList.remove(r.nextInt(cutList.size()));
          Lot o = processedLot(processor, cut, day0, kgTenths / (cuts + 1));
          t.outputQuantity(written(o.ref()), o.tenths(), o.uom());
          finals.add(o);
          out.lots++;
        }
        t.ilmd("cbvmda:countryOfOrigin", "CN");
        add(out, t);
      } else if (line == Line.MEDICINAL_HERBS) {
        TraceEvent.Builder t =
            TraceEvent.builder(Type.TRANSFORMATION, at(day0, 2, 8, 11))
                .timeStyle(style())
                .why(VOCAB + (k > 1 ? "blending" : "slicing"), cbv("Disp", "active"))
                .where(written(processor.location()));
        for (Lot in : farmLots) {
          t.inputQuantity(written(in.ref()), in.tenths(), in.uom());
        }
        int n = 4 + r.nextInt(9);
        for (int i = 0; i < n; i++) {
          Ref bag =
              SampleIds.sgtin(
                  processor.companyPrefix(), "05" + product.item(), Long.toString(++serialSeq));
          t.outputEpc(written(bag));
          bags.add(bag);
        }
        add(out, t);
      } else {
        String verb = k > 1 ? "blending" : line == Line.FRUIT ? "sorting" : "washing";
        TraceEvent.Builder t =
            TraceEvent.builder(Type.TRANSFORMATION, at(day0, 2, 7, 9))
                .timeStyle(style())
                .why(VOCAB + verb, cbv("Disp", "active"))
                .where(written(processor.location()));
        for (Lot in : farmLots) {
          t.inputQuantity(written(in.ref()), in.tenths(), in.uom());
        }
        Lot washed =
            processedLot(
                processor,
                new TraceParties.Product(
                    (line == Line.FRUIT ? "精选" : "净") + product.name(), "3" + product.item()),
                day0,
                total * 9 / 10);
        t.outputQuantity(written(washed.ref()), washed.tenths(), washed.uom());
        t.ilmd("cbvmda:countryOfOrigin", "CN");
        add(out, t);
        out.lots++;
        Lot last = washed;
        if (line == Line.VEGETABLES && r.nextBoolean()) {
          Lot cut =
              processedLot(
                  processor,
                  new TraceParties.Product("鲜切" + product.name(), "4" + product.item()),
                  day0,
                  washed.tenths() * 8 / 10);
          TraceEvent.Builder c =
              TraceEvent.builder(Type.TRANSFORMATION, at(day0, 2, 9, 10))
                  .timeStyle(style())
                  .why(VOCAB + "cutting", cbv("Disp", "active"))
                  .where(written(processor.location()))
                  .inputQuantity(written(washed.ref()), washed.tenths(), washed.uom())
                  .outputQuantity(written(cut.ref()), cut.tenths(), cut.uom());
          add(out, c);
          out.lots++;
          last = cut;
        }
        finals.add(last);
      }
      // 3. cases and a pallet
      List<Ref> cases = new ArrayList<>();
      List<Lot> caseLots = new ArrayList<>();
      List<List<Ref>> caseBags = new ArrayList<>();
      List<Long> caseTenths = new ArrayList<>();
      long[] addTimes;
      if (bags.isEmpty()) {
        for (Lot f : finals) {
          int n = 1 + r.nextInt(3);
          for (int i = 0; i < n; i++) {
            long share = i < n - 1 ? f.tenths() / n : f.tenths() - (f.tenths() / n) * (n - 1);
            cases.add(caseRef(processor, f));
            caseLots.add(f);
            caseTenths.add(share);
            caseBags.add(List.of());
          }
        }
      } else {
        int n = Math.min(bags.size(), 1 + r.nextInt(3));
        for (int i = 0; i < n; i++) {
          cases.add(
              SampleIds.sgtin(
                  processor.companyPrefix(), "15" + product.item(), Long.toString(++serialSeq)));
          caseLots.add(null);
          caseTenths.add(0L);
          caseBags.add(new ArrayList<>());
        }
        for (int i = 0; i < bags.size(); i++) {
          caseBags.get(i % n).add(bags.get(i));
        }
      }
      addTimes = new long[cases.size()];
      for (int i = 0; i < cases.size(); i++) {
        addTimes[i] = at(day0, 2, 11, 13);
        TraceEvent.Builder a =
            TraceEvent.builder(Type.AGGREGATION, addTimes[i])
                .timeStyle(style())
                .parent(written(cases.get(i)))
                .action("ADD")
                .why(cbv("BizStep", "packing"), cbv("Disp", "in_progress"))
                .where(written(processor.location()));
        childrenOf(a, caseLots.get(i), caseTenths.get(i), caseBags.get(i));
        add(out, a);
      }
      Ref pallet =
          SampleIds.sscc(
              processor.companyPrefix(), r.nextInt(10) + pad(++palletSeq % 100_000_000, 8));
      long palletAdd = at(day0, 2, 13, 14);
      TraceEvent.Builder p =
          TraceEvent.builder(Type.AGGREGATION, palletAdd)
              .timeStyle(style())
              .parent(written(pallet))
              .action("ADD")
              .why(cbv("BizStep", "packing"), cbv("Disp", "in_progress"))
              .where(written(processor.location()));
      for (Ref c : cases) {
        p.epc(written(c));
      }
      add(out, p);
      // 4. to the wholesale market, unpacked there, tested
      Party market = parties.market();
      shipment(
          out,
          List.of(pallet),
          List.of(),
          processor,
          market,
          at(day0, 3, 4, 6),
          at(day0, 3, 8, 10),
          (forced == Defect.RECEIVING_WITHOUT_SHIPPING && forcedLeg == 1) || chance(0.01));
      boolean early = forced == Defect.DELETE_BEFORE_ADD || chance(0.01);
      long unpack = early ? palletAdd - 3600L * (1 + r.nextInt(20)) : at(day0, 3, 10, 11);
      TraceEvent.Builder d =
          TraceEvent.builder(Type.AGGREGATION, unpack)
              .timeStyle(style())
              .parent(written(pallet))
              .action("DELETE")
              .why(cbv("BizStep", "unpacking"), cbv("Disp", "in_progress"))
              .where(written(market.location()));
      for (Ref c : cases) {
        d.epc(written(c));
      }
      String deleteId = add(out, d);
      if (early) {
        out.defect(Defect.DELETE_BEFORE_ADD, deleteId);
      }
      if (bags.isEmpty()) {
        List<String> upstream = line.livestock ? drugs : sprayed;
        for (Lot f : finals) {
          if (r.nextInt(10) < 4) {
            String analyte = untestedAnalyte(line, upstream);
            if (analyte != null) {
              double limit = limitOf(analyte);
              String failure = test(out, f, analyte, limit, at(day0, 3, 10, 12), market, false);
              if (failure != null && failedLot == null) {
                failedLot = f;
                failedReason = (line.livestock ? "兽药残留超标：" : "农药残留超标：") + failure;
              }
            }
          }
        }
      }
      // 5. to retailers, unpacked and sold there
      int retailerCount = 1 + r.nextInt(Math.min(3, cases.size()));
      List<List<Integer>> byRetailer = new ArrayList<>();
      for (int i = 0; i < retailerCount; i++) {
        byRetailer.add(new ArrayList<>());
      }
      for (int i = 0; i < cases.size(); i++) {
        byRetailer.get(i % retailerCount).add(i);
      }
      boolean firstSale = true;
      List<String> sales = new ArrayList<>();
      List<TraceEvent> commissioning = new ArrayList<>();
      for (TraceEvent e : out.events) {
        if (e.action().orElse("").equals("ADD") && e.type() == Type.OBJECT) {
          commissioning.add(e);
        }
      }
      for (int ri = 0; ri < retailerCount; ri++) {
        List<Party> stores = parties.retailers();
        Party store = stores.get(r.nextInt(stores.size()));
        List<Ref> shipped = new ArrayList<>();
        for (int ci : byRetailer.get(ri)) {
          shipped.add(cases.get(ci));
        }
        shipment(
            out,
            shipped,
            List.of(),
            market,
            store,
            at(day0, 3, 13, 15),
            at(day0, 3, 17, 19),
            (forced == Defect.RECEIVING_WITHOUT_SHIPPING && forcedLeg == 2 && ri == 0)
                || chance(0.01));
        for (int ci : byRetailer.get(ri)) {
          Ref c = cases.get(ci);
          boolean caseEarly = chance(0.01);
          long t = caseEarly ? addTimes[ci] - 3600L * (1 + r.nextInt(20)) : at(day0, 3, 19, 21);
          TraceEvent.Builder u =
              TraceEvent.builder(Type.AGGREGATION, t)
                  .timeStyle(style())
                  .parent(written(c))
                  .action("DELETE")
                  .why(cbv("BizStep", "unpacking"), cbv("Disp", "in_progress"))
                  .where(written(store.location()));
          childrenOf(u, caseLots.get(ci), caseTenths.get(ci), caseBags.get(ci));
          String unpackId = add(out, u);
          if (caseEarly) {
            out.defect(Defect.DELETE_BEFORE_ADD, unpackId);
          }
          boolean sold =
              (firstSale
                      && (forced == Defect.EVENT_WITHOUT_TIME_ZONE
                          || forced == Defect.DUPLICATE_EVENT_ID))
                  || r.nextInt(100) < 85;
          if (!sold) {
            continue;
          }
          boolean zoneless =
              (forced == Defect.EVENT_WITHOUT_TIME_ZONE && firstSale) || chance(0.006);
          firstSale = false;
          TraceEvent.Builder s =
              TraceEvent.builder(Type.OBJECT, at(day0, 4 + r.nextInt(5), 9, 21))
                  .timeStyle(zoneless ? TimeStyle.NONE : style())
                  .action("OBSERVE")
                  .why(cbv("BizStep", "retail_selling"), cbv("Disp", "retail_sold"))
                  .where(written(store.location()));
          if (caseLots.get(ci) == null) {
            List<Ref> inCase = caseBags.get(ci);
            int n = 1 + r.nextInt(inCase.size());
            for (int b = 0; b < n; b++) {
              s.epc(written(inCase.get(b)));
            }
          } else {
            Lot l = caseLots.get(ci);
            long soldTenths = Math.max(1, caseTenths.get(ci) * (30 + r.nextInt(71)) / 100);
            s.quantity(written(l.ref()), soldTenths, l.uom());
            out.lastLot = l;
          }
          String saleId = add(out, s);
          out.lastRetailer = store;
          if (zoneless) {
            out.defect(Defect.EVENT_WITHOUT_TIME_ZONE, saleId);
          } else {
            sales.add(saleId);
          }
        }
      }
      if (out.lastLot == null) {
        out.lastLot = finals.isEmpty() ? farmLots.get(0) : finals.get(0);
      }
      if (out.lastRetailer == null) {
        out.lastRetailer = parties.retailers().get(0);
      }
      out.lastTime = day0 + 9L * DAY;
      // 6. the duplicate: a commissioning with another quantity or a sale at another time
      if (forced == Defect.DUPLICATE_EVENT_ID || chance(0.04)) {
        TraceEvent original;
        TraceEvent copy;
        if (!sales.isEmpty() && r.nextBoolean()) {
          String id = sales.get(r.nextInt(sales.size()));
          original =
              out.events.stream().filter(e -> e.eventId().equals(id)).findFirst().orElseThrow();
          copy = original.withEpochSecond(original.epochSecond() + 60L * (5 + r.nextInt(90)));
        } else {
          original = commissioning.get(r.nextInt(commissioning.size()));
          TraceEvent.Quantity q = original.quantities().get(0);
          long changed = q.tenths() + 10L * (1 + r.nextInt(q.uom().equals("HEA") ? 3 : 200));
          copy =
              original.withQuantities(
                  List.of(new TraceEvent.Quantity(q.epcClass(), changed, q.uom())));
        }
        out.duplicates.add(copy);
        out.defect(Defect.DUPLICATE_EVENT_ID, original.eventId());
      }
      // 7. a recall notice for some failed tests, and rarely for other reasons
      if (failedLot != null && (forceRecall || chance(0.15))) {
        List<String> ids = new ArrayList<>();
        ids.add(written(failedLot.ref()));
        if (failedLot.owner().kind() == TraceParties.Kind.FARM) {
          for (Lot f : finals) {
            ids.add(written(f.ref()));
          }
        }
        notice(
            out, failedLot, processor, ids, failedReason, day0 + (long) (8 + r.nextInt(10)) * DAY);
      } else if (!finals.isEmpty() && chance(0.002)) {
        Lot f = finals.get(r.nextInt(finals.size()));
        notice(
            out,
            f,
            processor,
            List.of(written(f.ref())),
            OTHER_RECALL_REASONS[r.nextInt(OTHER_RECALL_REASONS.length)],
            day0 + (long) (8 + r.nextInt(10)) * DAY);
      }
      return out;
    }

    /** A shipping event (unless dropped: the broken-chain defect) and its receiving event. */
    private void shipment(
        Group out,
        List<Ref> epcs,
        List<Lot> quantities,
        Party from,
        Party to,
        long shipAt,
        long receiveAt,
        boolean dropShipping) {
      String desadv = "urn:epcglobal:cbv:bt:" + from.gln() + ":DA" + (++despatchSeq);
      String receivingId = null;
      for (int leg = dropShipping ? 1 : 0; leg < 2; leg++) {
        boolean ship = leg == 0;
        TraceEvent.Builder b =
            TraceEvent.builder(Type.OBJECT, ship ? shipAt : receiveAt).timeStyle(style());
        for (Ref e : epcs) {
          b.epc(written(e));
        }
        b.action("OBSERVE")
            .why(
                cbv("BizStep", ship ? "shipping" : "receiving"),
                cbv("Disp", ship ? "in_transit" : "in_progress"))
            .where(written((ship ? from : to).location()))
            .bizTransaction(cbv("BTT", "desadv"), desadv);
        for (Lot l : quantities) {
          b.quantity(written(l.ref()), l.tenths(), l.uom());
        }
        b.source(cbv("SDT", "owning_party"), written(from.party()))
            .source(cbv("SDT", "location"), written(from.location()))
            .destination(cbv("SDT", "owning_party"), written(to.party()))
            .destination(cbv("SDT", "location"), written(to.location()));
        String id = add(out, b);
        if (!ship) {
          receivingId = id;
        }
      }
      if (dropShipping) {
        out.defect(Defect.RECEIVING_WITHOUT_SHIPPING, receivingId);
      }
    }

    private void childrenOf(TraceEvent.Builder b, Lot lot, long tenths, List<Ref> bags) {
      if (lot == null) {
        for (Ref bag : bags) {
          b.epc(written(bag));
        }
      } else {
        b.quantity(written(lot.ref()), tenths, lot.uom());
      }
    }

    private Ref caseRef(Party processor, Lot lot) {
      String item = lot.ref().urn().split("\\.")[1].substring(1);
      return SampleIds.sgtin(processor.companyPrefix(), "1" + item, Long.toString(++serialSeq));
    }

    private Lot processedLot(Party processor, TraceParties.Product p, long day0, long tenths) {
      String lot = "P" + date(day0).substring(2).replace("-", "") + "-" + Long.toString(++lotSeq);
      return new Lot(
          SampleIds.lgtin(processor.companyPrefix(), "0" + p.item(), lot),
          p.name(),
          Math.max(10, tenths),
          "KGM",
          processor);
    }

    /** A farm lot number; about one in eight in the {@code 2024/0612-…} style, with a slash. */
    private String farmLotNumber(long day0) {
      String d = date(day0);
      long n = ++lotSeq;
      return r.nextInt(8) == 0
          ? d.substring(0, 4) + "/" + d.substring(5, 7) + d.substring(8, 10) + "-" + n
          : d.substring(2).replace("-", "") + "-" + n;
    }

    private String add(Group out, TraceEvent.Builder b) {
      TraceEvent e = b.build(eventId(b));
      out.events.add(e);
      return e.eventId();
    }

    private String eventId(TraceEvent.Builder b) {
      long seq = ++eventSeq;
      if (r.nextInt(10) < 6) {
        byte[] h = sha256.digest(b.hashInput(seed, seq).getBytes(UTF_8));
        return "ni:///sha-256;" + HexFormat.of().formatHex(h) + "?ver=CBV2.0";
      }
      long hi = (r.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
      long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      String h = HexFormat.of().toHexDigits(hi) + HexFormat.of().toHexDigits(lo);
      return "urn:uuid:"
          + h.substring(0, 8)
          + "-"
          + h.substring(8, 12)
          + "-"
          + h.substring(12, 16)
          + "-"
          + h.substring(16, 20)
          + "-"
          + h.substring(20);
    }

    private String operation(
        Group out,
        Party farm,
        Line line,
        Lot lot,
        String operation,
        String substance,
        String dose,
        String unit,
        long when) {
      String id = "FO" + pad(++operationSeq, 10);
      out.operations.add(
          new String[] {
            id,
            farm.gln(),
            farm.name(),
            farm.person(),
            farm.phone(),
            farm.address(),
            farm.prefecture().code(),
            line.label,
            written(lot.ref()),
            operation,
            substance,
            dose,
            unit,
            EpcisDocumentWriter.time(when, TimeStyle.LOCAL)
          });
      return id;
    }

    /**
     * A rapid test of {@code analyte} on the lot; about 2 % fail (value above the limit). Returns
     * the failure as text, or null when it passed.
     */
    private String test(
        Group out, Lot lot, String analyte, double limit, long harvest, Party where, boolean fail) {
      boolean failed = fail || chance(0.02);
      double value = limit * (failed ? 1.3 + r.nextDouble() * 4.7 : r.nextDouble() * 0.8);
      String v = BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).toPlainString();
      String l = plain(limit);
      String lab =
          where.kind() == TraceParties.Kind.MARKET
              ? "陇原农产品批发市场快检室"
              : where.prefecture().name() + "农产品质量安全检验检测站";
      out.tests.add(
          new String[] {
            "RT" + pad(++testSeq, 9),
            written(lot.ref()),
            EpcisDocumentWriter.time(harvest + 3600L * (2 + r.nextInt(5)), TimeStyle.LOCAL),
            lab,
            analyte,
            v,
            l,
            failed ? "fail" : "pass",
            TraceParties.name(r)
          });
      if (!failed) {
        return null;
      }
      out.failedTests++;
      return analyte + " " + v + " mg/kg（限量 " + l + " mg/kg）";
    }

    private void certificate(Group out, Lot lot, Party farm, long day0) {
      out.certificates.add(
          new String[] {
            "HGZ-" + farm.prefecture().code() + "-" + pad(++certificateSeq, 8),
            written(lot.ref()),
            lot.product(),
            plain(lot.tenths() / 10.0),
            lot.uom().equals("HEA") ? "head" : "kg",
            farm.gln(),
            farm.prefecture().code(),
            farm.name(),
            farm.person(),
            farm.phone(),
            farm.address(),
            BASES[r.nextInt(BASES.length)],
            date(day0 + (long) r.nextInt(2) * DAY)
          });
    }

    private void notice(
        Group out, Lot lot, Party processor, List<String> ids, String reason, long when) {
      String authority =
          r.nextBoolean() ? "甘肃省市场监督管理局" : lot.owner().prefecture().name() + "市场监督管理局";
      out.notices.add(
          new Notice(
              String.format(Locale.ROOT, "RN-%s-%05d", date(when).substring(0, 4), ++noticeSeq),
              date(when),
              authority,
              lot.owner().kind() == TraceParties.Kind.FARM ? processor.name() : lot.owner().name(),
              lot.product(),
              ids,
              reason));
    }

    /** An analyte the market tests that nothing upstream was treated with, or null. */
    private String untestedAnalyte(Line line, List<String> upstream) {
      List<String> candidates = new ArrayList<>();
      if (line.livestock) {
        VET_DRUGS.forEach(d -> candidates.add(d.name()));
      } else {
        PESTICIDES.forEach(p -> candidates.add(p.name()));
      }
      candidates.removeAll(upstream);
      return candidates.isEmpty() ? null : candidates.get(r.nextInt(candidates.size()));
    }

    private double limitOf(String analyte) {
      for (Pesticide p : PESTICIDES) {
        if (p.name().equals(analyte)) {
          return p.limit();
        }
      }
      for (VetDrug d : VET_DRUGS) {
        if (d.name().equals(analyte)) {
          return d.limit();
        }
      }
      throw new IllegalStateException("no limit for " + analyte);
    }

    // ---------------------------------------------------------------------------- small helpers

    private boolean chance(double p) {
      return r.nextDouble() < p;
    }

    private long at(long day0, int day, int fromHour, int toHour) {
      return day0
          + (long) day * DAY
          + 3600L * (fromHour + r.nextInt(toHour - fromHour))
          + 60L * r.nextInt(60)
          + r.nextInt(60);
    }

    /** Some {@code minDays} to {@code minDays + spanDays} days and a few hours before {@code t}. */
    private long before(long t, int minDays, int spanDays) {
      return t - (long) (minDays + r.nextInt(spanDays)) * DAY - r.nextInt(6 * 3600);
    }

    private TimeStyle style() {
      return r.nextInt(100) < 85 ? TimeStyle.LOCAL : TimeStyle.UTC;
    }

    private String written(Ref ref) {
      return SampleIds.written(ref, r);
    }

    /** A CBV term as real systems write it: the bare name, the Web URI or the 1.x URN. */
    private String cbv(String vocabulary, String term) {
      int u = r.nextInt(10);
      if (u < 6) {
        return term;
      }
      if (u < 9) {
        return "https://ref.gs1.org/cbv/" + vocabulary + "-" + term;
      }
      return "urn:epcglobal:cbv:" + vocabulary.toLowerCase(Locale.ROOT) + ":" + term;
    }

    @Override
    public void close() throws IOException {
      closeDocument();
      operations.close();
      tests.close();
      certificates.close();
      notices.close();
    }
  }

  static String date(long epochSecond) {
    return LocalDateTime.ofEpochSecond(epochSecond, 0, EpcisDocumentWriter.CHINA)
        .toLocalDate()
        .toString();
  }

  /** {@code v} in decimal, zero-padded to {@code width} digits. */
  static String pad(long v, int width) {
    String d = Long.toString(v);
    return d.length() >= width ? d : "0".repeat(width - d.length()) + d;
  }

  static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** CSV files of at most {@link #CSV_ROWS_PER_FILE} rows each, UTF-8, header first. */
  private static final class RotatingCsv implements Closeable {
    private final Path dir;
    private final String prefix;
    private final String header;
    final List<Path> files = new ArrayList<>();
    long rows;
    private BufferedWriter w;
    private int inFile;
    private final StringBuilder line = new StringBuilder(256);

    RotatingCsv(Path dir, String prefix, String header) throws IOException {
      this.dir = dir;
      this.prefix = prefix;
      this.header = header;
      Files.createDirectories(dir);
    }

    void row(String[] values) throws IOException {
      if (w == null || inFile >= CSV_ROWS_PER_FILE) {
        if (w != null) {
          w.close();
        }
        Path f = dir.resolve(String.format(Locale.ROOT, "%s_%05d.csv", prefix, files.size()));
        w = Files.newBufferedWriter(f, UTF_8);
        w.write(header);
        w.write('\n');
        files.add(f);
        inFile = 0;
      }
      line.setLength(0);
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          line.append(',');
        }
        String v = values[i];
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0) {
          line.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
          line.append(v);
        }
      }
      line.append('\n');
      w.append(line);
      inFile++;
      rows++;
    }

    @Override
    public void close() throws IOException {
      if (w != null) {
        w.close();
        w = null;
      }
    }
  }

  /** Recall notices as JSON arrays, at most {@link #NOTICES_PER_FILE} per file. */
  private static final class Notices implements Closeable {
    private static final JsonFactory JSON = new JsonFactory();
    private final Path dir;
    final List<Path> files = new ArrayList<>();
    long count;
    private JsonGenerator g;
    private int inFile;

    Notices(Path dir) throws IOException {
      this.dir = dir;
      Files.createDirectories(dir);
    }

    void write(Notice n) throws IOException {
      if (g == null || inFile >= NOTICES_PER_FILE) {
        close();
        Path f = dir.resolve(String.format(Locale.ROOT, "recall_notices_%05d.json", files.size()));
        g = JSON.createGenerator(Files.newOutputStream(f), JsonEncoding.UTF8);
        g.useDefaultPrettyPrinter();
        g.writeStartArray();
        files.add(f);
        inFile = 0;
      }
      g.writeStartObject();
      g.writeStringField("notice_id", n.id());
      g.writeStringField("issued_on", n.issuedOn());
      g.writeStringField("authority", n.authority());
      g.writeStringField("firm", n.firm());
      g.writeStringField("product", n.product());
      g.writeArrayFieldStart("lot_ids");
      for (String id : n.lotIds()) {
        g.writeString(id);
      }
      g.writeEndArray();
      g.writeStringField("reason", n.reason());
      g.writeEndObject();
      inFile++;
      count++;
    }

    @Override
    public void close() throws IOException {
      if (g != null) {
        g.writeEndArray();
        g.writeRaw('\n');
        g.close();
        g = null;
      }
    }
  }
}
