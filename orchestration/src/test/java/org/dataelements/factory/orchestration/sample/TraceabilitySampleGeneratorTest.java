package org.dataelements.factory.orchestration.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dataelements.factory.core.Gs1Ids;
import org.dataelements.factory.orchestration.sample.TraceSampleFiles.Event;
import org.dataelements.factory.orchestration.sample.TraceabilitySampleGenerator.Defect;
import org.dataelements.factory.orchestration.sample.TraceabilitySampleGenerator.Summary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traceability sample, read back independently of the generator: every defect is there at the
 * smallest size, the summary counts what the files hold, ids are valid GS1 ids in both spellings.
 */
class TraceabilitySampleGeneratorTest {
  private static final String OPERATIONS =
      "operation_id,farm_id,farm_name,farmer_name,farmer_phone,farm_address,prefecture_code,"
          + "product_line,lot_id,operation,substance,dose,dose_unit,operated_at";
  private static final String TESTS =
      "test_id,lot_id,sampled_at,lab,analyte,value_mg_kg,limit_mg_kg,result,inspector_name";
  private static final String CERTIFICATES =
      "certificate_id,lot_id,product,quantity,uom,origin_farm_id,origin_region_code,issuer_name,"
          + "contact_name,contact_phone,contact_address,basis,issued_on";

  @TempDir static Path shared;
  private static Summary summary;
  private static List<Event> events;

  @BeforeAll
  static void generateOnce() throws IOException {
    summary = new TraceabilitySampleGenerator(42, 1_000).write(shared);
    events = TraceSampleFiles.events(shared);
  }

  private static Path dir(String name) {
    return shared.resolve("traceability").resolve(name);
  }

  private static String canonical(String id) {
    return Gs1Ids.canonical(id);
  }

  @Test
  void sameSeedSameBytesAndAnotherSeedOtherBytes(@TempDir Path a, @TempDir Path b, @TempDir Path c)
      throws IOException {
    Summary s1 = new TraceabilitySampleGenerator(7, 1_000).write(a);
    Summary s2 = new TraceabilitySampleGenerator(7, 1_000).write(b);
    Summary s3 = new TraceabilitySampleGenerator(8, 1_000).write(c);
    assertEquals(withoutFiles(s1), withoutFiles(s2), "same seed, same summary");
    Map<String, byte[]> first = contents(a);
    Map<String, byte[]> second = contents(b);
    assertEquals(first.keySet(), second.keySet());
    for (String f : first.keySet()) {
      assertArrayEquals(first.get(f), second.get(f), f);
    }
    Map<String, byte[]> other = contents(c);
    long differing =
        other.keySet().stream()
            .filter(f -> !first.containsKey(f) || !Arrays.equals(first.get(f), other.get(f)))
            .count();
    assertEquals(other.size(), differing, "another seed changes every file");
    assertEquals(1_000, s3.events());
  }

  private static Summary withoutFiles(Summary s) {
    return new Summary(
        s.events(),
        s.lots(),
        s.farms(),
        s.documents(),
        s.xmlDocuments(),
        s.operations(),
        s.tests(),
        s.failedTests(),
        s.certificates(),
        s.recallNotices(),
        List.of(),
        s.defects());
  }

  private static Map<String, byte[]> contents(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    return out;
  }

  @Test
  void writesTheRequestedEventsInJsonLdAndXmlDocuments() throws IOException {
    assertEquals(1_000, summary.events());
    assertEquals(1_000, events.size());
    List<Path> docs = TraceSampleFiles.epcisFiles(shared);
    assertEquals(summary.documents(), docs.size());
    long xml = docs.stream().filter(p -> p.toString().endsWith(".xml")).count();
    assertEquals(summary.xmlDocuments(), xml);
    assertTrue(xml > 0 && xml < docs.size() / 2, "about 30 % XML: " + xml + " of " + docs.size());
    assertTrue(
        docs.stream().allMatch(p -> p.toString().contains("traceability/epcis/sample_farms/")),
        docs.toString());
    for (Event e : events) {
      if (e.file().endsWith(".jsonld")) {
        assertEquals("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", e.context());
      }
    }
    Map<String, Long> perFile = new HashMap<>();
    events.forEach(e -> perFile.merge(e.file(), 1L, Long::sum));
    assertTrue(perFile.values().stream().allMatch(n -> n <= 10_000));
    Set<String> types = new TreeSet<>();
    Set<String> steps = new TreeSet<>();
    for (Event e : events) {
      types.add(e.type() + (e.action() == null ? "" : " " + e.action()));
      steps.add(shortName(e.bizStep()));
    }
    assertEquals(
        Set.of(
            "ObjectEvent ADD",
            "ObjectEvent OBSERVE",
            "AggregationEvent ADD",
            "AggregationEvent DELETE",
            "TransformationEvent"),
        types);
    assertTrue(
        steps.containsAll(
            Set.of(
                "commissioning",
                "shipping",
                "receiving",
                "packing",
                "unpacking",
                "retail_selling",
                "killing")),
        steps.toString());
    assertTrue(
        events.stream().map(Event::bizStep).anyMatch(s -> s.startsWith("https://ref.gs1.org/cbv/"))
            && events.stream().map(Event::bizStep).anyMatch(s -> s.equals("shipping")),
        "CBV short names and full URIs mixed");
    Pattern id =
        Pattern.compile(
            "ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0|urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    for (Event e : events) {
      assertTrue(id.matcher(e.eventId()).matches(), e.eventId());
      if (e.offset() != null) {
        assertEquals("+08:00", e.offset());
        assertTrue(e.eventTime().endsWith("+08:00") || e.eventTime().endsWith("Z"), e.eventTime());
      }
    }
  }

  private static String shortName(String cbv) {
    int cut = Math.max(cbv.lastIndexOf('-') + 1, cbv.lastIndexOf(':') + 1);
    if (cbv.startsWith("https://ref.gs1.org/cbv/BizStep-")) {
      return cbv.substring("https://ref.gs1.org/cbv/BizStep-".length());
    }
    if (cbv.startsWith("urn:epcglobal:cbv:bizstep:")) {
      return cbv.substring(cut);
    }
    return cbv;
  }

  @Test
  void everyDefectIsPlantedAtTheSmallestSize() {
    for (Defect d : Defect.values()) {
      assertTrue(summary.count(d) >= 1, d + " is missing");
      assertEquals(summary.count(d), summary.defects().get(d).ids().size(), d.toString());
    }
  }

  @Test
  void eventsWithoutTimeZoneAreThoseTheSummaryNames() {
    Set<String> found = new TreeSet<>();
    for (Event e : events) {
      if (e.offset() == null) {
        found.add(e.eventId());
        assertFalse(e.eventTime().endsWith("Z") || e.eventTime().contains("+"), e.eventTime());
        assertEquals("retail_selling", shortName(e.bizStep()));
      }
    }
    assertEquals(ids(Defect.EVENT_WITHOUT_TIME_ZONE), found);
  }

  @Test
  void duplicateEventIdsCarryDifferentContent() {
    Map<String, List<Event>> byId = new HashMap<>();
    events.forEach(e -> byId.computeIfAbsent(e.eventId(), k -> new ArrayList<>()).add(e));
    Set<String> duplicated = new TreeSet<>();
    for (var e : byId.entrySet()) {
      if (e.getValue().size() > 1) {
        assertEquals(2, e.getValue().size(), e.getKey());
        Event a = e.getValue().get(0);
        Event b = e.getValue().get(1);
        assertTrue(
            !instant(a).equals(instant(b)) || !amounts(a).equals(amounts(b)),
            "same eventID, same content: " + e.getKey());
        duplicated.add(e.getKey());
      }
    }
    assertEquals(ids(Defect.DUPLICATE_EVENT_ID), duplicated);
  }

  private static List<BigDecimal> amounts(Event e) {
    return e.quantities().stream()
        .map(q -> new BigDecimal(q.substring(q.lastIndexOf(' ') + 1)).stripTrailingZeros())
        .toList();
  }

  private static OffsetDateTime instant(Event e) {
    return OffsetDateTime.parse(e.eventTime()).withOffsetSameInstant(java.time.ZoneOffset.UTC);
  }

  @Test
  void receivingWithoutShippingIsWhereTheShippingEventIsMissing() {
    Set<Set<String>> shipped = new HashSet<>();
    for (Event e : events) {
      if (shortName(e.bizStep()).equals("shipping")) {
        shipped.add(objects(e));
      }
    }
    Set<String> broken = new TreeSet<>();
    for (Event e : events) {
      if (shortName(e.bizStep()).equals("receiving") && !shipped.contains(objects(e))) {
        broken.add(e.eventId());
      }
    }
    assertEquals(ids(Defect.RECEIVING_WITHOUT_SHIPPING), broken);
  }

  private static Set<String> objects(Event e) {
    Set<String> out = new TreeSet<>();
    e.epcs().forEach(x -> out.add(canonical(x)));
    e.quantities().forEach(q -> out.add(canonical(q.substring(0, q.lastIndexOf(' ')))));
    return out;
  }

  @Test
  void deleteBeforeAddIsDatedBeforeItsParentWasPacked() {
    Map<String, OffsetDateTime> added = new HashMap<>();
    for (Event e : events) {
      if (e.type().equals("AggregationEvent") && e.action().equals("ADD")) {
        assertEquals(null, added.put(canonical(e.parent()), instant(e)), e.parent());
      }
    }
    Set<String> early = new TreeSet<>();
    for (Event e : events) {
      if (e.type().equals("AggregationEvent") && e.action().equals("DELETE")) {
        OffsetDateTime add = added.get(canonical(e.parent()));
        assertTrue(add != null, "a DELETE of a parent never packed: " + e.parent());
        if (instant(e).isBefore(add)) {
          early.add(e.eventId());
        }
      }
    }
    assertEquals(ids(Defect.DELETE_BEFORE_ADD), early);
  }

  @Test
  void farmLotsWithoutCertificateAreExactlyTheOnesNamed() throws IOException {
    Set<String> farmLots = new TreeSet<>();
    for (Event e : events) {
      if ("ADD".equals(e.action()) && e.type().equals("ObjectEvent")) {
        e.quantities().forEach(q -> farmLots.add(canonical(q.substring(0, q.lastIndexOf(' ')))));
      }
    }
    List<String[]> certificates = TraceSampleFiles.csv(dir("certificates"), CERTIFICATES);
    assertEquals(summary.certificates(), certificates.size());
    Set<String> certified = new TreeSet<>();
    for (String[] c : certificates) {
      assertEquals(13, c.length);
      assertTrue(certified.add(canonical(c[1])), "one certificate per lot: " + c[1]);
      assertTrue(Gs1Ids.validCheckDigit(c[5]) && c[5].length() == 13, "origin_farm_id GLN " + c[5]);
      assertTrue(c[6].matches("62\\d{4}"), c[6]);
      assertTrue(Set.of("自检合格", "委托检测合格", "内部质量控制合格", "自我承诺合格").contains(c[11]), c[11]);
      assertTrue(c[12].matches("\\d{4}-\\d{2}-\\d{2}"), c[12]);
      assertTrue(c[9].matches("1[3-9]\\d{9}"), c[9]);
    }
    assertTrue(farmLots.containsAll(certified), "certificates are for farm lots");
    Set<String> missing = new TreeSet<>(farmLots);
    missing.removeAll(certified);
    assertEquals(ids(Defect.LOT_WITHOUT_CERTIFICATE), missing);
  }

  @Test
  void spraysNotTestedOnTheLotOrALotMadeFromItAreExactlyTheOnesNamed() throws IOException {
    Map<String, Set<String>> madeFrom = new HashMap<>();
    for (Event e : events) {
      for (String in : e.inputs()) {
        for (String out : e.outputs()) {
          madeFrom.computeIfAbsent(canonical(in), k -> new HashSet<>()).add(canonical(out));
        }
      }
    }
    Map<String, Set<String>> tested = new HashMap<>();
    List<String[]> tests = TraceSampleFiles.csv(dir("rapid_tests"), TESTS);
    assertEquals(summary.tests(), tests.size());
    long failed = 0;
    for (String[] t : tests) {
      assertEquals(9, t.length);
      tested.computeIfAbsent(canonical(t[1]), k -> new HashSet<>()).add(t[4]);
      BigDecimal value = new BigDecimal(t[5]);
      BigDecimal limit = new BigDecimal(t[6]);
      assertEquals(value.compareTo(limit) > 0 ? "fail" : "pass", t[7], String.join(",", t));
      failed += t[7].equals("fail") ? 1 : 0;
      OffsetDateTime.parse(t[2]);
    }
    assertEquals(summary.failedTests(), failed);
    assertTrue(failed > 0 && failed < tests.size() / 5, "a small share fails: " + failed);
    List<String[]> operations = TraceSampleFiles.csv(dir("farm_operations"), OPERATIONS);
    assertEquals(summary.operations(), operations.size());
    Set<String> untested = new TreeSet<>();
    Set<String> farms = new HashSet<>();
    for (String[] o : operations) {
      assertEquals(14, o.length);
      farms.add(o[1]);
      assertTrue(
          Set.of("planting", "spraying", "feeding", "veterinary_drug", "harvest", "slaughter")
              .contains(o[9]),
          o[9]);
      assertTrue(o[4].matches("1[3-9]\\d{9}"), "an 11-digit mobile number: " + o[4]);
      assertTrue(o[6].matches("62\\d{2}00"), o[6]);
      OffsetDateTime.parse(o[13]);
      if (!o[9].equals("spraying")) {
        continue;
      }
      assertFalse(o[10].isEmpty() || o[11].isEmpty() || o[12].isEmpty(), String.join(",", o));
      boolean covered = false;
      ArrayDeque<String> todo = new ArrayDeque<>(List.of(canonical(o[8])));
      Set<String> seen = new HashSet<>();
      while (!todo.isEmpty() && !covered) {
        String lot = todo.poll();
        if (seen.add(lot)) {
          covered = tested.getOrDefault(lot, Set.of()).contains(o[10]);
          todo.addAll(madeFrom.getOrDefault(lot, Set.of()));
        }
      }
      if (!covered) {
        untested.add(o[0]);
      }
    }
    assertEquals(ids(Defect.SPRAY_NOT_TESTED), untested);
    assertEquals(summary.farms(), farms.size());
  }

  @Test
  void everyIdentifierIsAValidGs1IdAndLotsAreNamedBothWays() throws IOException {
    Map<String, Set<String>> spellings = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (Event e : events) {
      ids.addAll(e.epcs());
      e.quantities().forEach(q -> ids.add(q.substring(0, q.lastIndexOf(' '))));
      ids.addAll(e.inputs());
      ids.addAll(e.outputs());
      ids.addAll(e.places());
      if (e.parent() != null) {
        ids.add(e.parent());
      }
    }
    TraceSampleFiles.csv(dir("farm_operations"), OPERATIONS).forEach(o -> ids.add(o[8]));
    TraceSampleFiles.csv(dir("rapid_tests"), TESTS).forEach(t -> ids.add(t[1]));
    TraceSampleFiles.csv(dir("certificates"), CERTIFICATES).forEach(c -> ids.add(c[1]));
    for (JsonNode n : notices()) {
      n.get("lot_ids").forEach(x -> ids.add(x.asText()));
    }
    for (String id : ids) {
      String c = Gs1Ids.gs1(id).orElseThrow(() -> new AssertionError("not a valid GS1 id: " + id));
      spellings
          .computeIfAbsent(c, k -> new HashSet<>())
          .add(id.startsWith("urn:epc:") ? "urn" : "dl");
    }
    long lotsBothWays =
        spellings.entrySet().stream()
            .filter(e -> e.getKey().contains("/10/") && e.getValue().size() == 2)
            .count();
    assertTrue(lotsBothWays > summary.lots() / 2, lotsBothWays + " of " + summary.lots());
    assertTrue(ids.stream().anyMatch(i -> i.startsWith("urn:epc:class:lgtin:")));
    assertTrue(ids.stream().anyMatch(i -> i.startsWith("https://id.gs1.org/01/")));
    assertTrue(ids.stream().anyMatch(i -> i.startsWith("urn:epc:id:sscc:")));
    assertTrue(ids.stream().anyMatch(i -> i.startsWith("urn:epc:id:sgtin:")));
    assertTrue(ids.stream().anyMatch(i -> i.contains("%2F")), "a lot number with an escape");
    Set<String> lots = new HashSet<>();
    for (Event e : events) {
      if ("ADD".equals(e.action()) && e.type().equals("ObjectEvent")) {
        e.quantities().forEach(q -> lots.add(canonical(q.substring(0, q.lastIndexOf(' ')))));
      }
      if (e.type().equals("TransformationEvent")) {
        e.outputs().stream()
            .map(Gs1Ids::canonical)
            .filter(x -> x.contains("/10/"))
            .forEach(lots::add);
      }
    }
    assertEquals(summary.lots(), lots.size());
  }

  @Test
  void recallNoticesNameLotsAmongThemOnesThatFailedATest() throws IOException {
    List<JsonNode> notices = notices();
    assertEquals(summary.recallNotices(), notices.size());
    assertTrue(notices.size() >= 1);
    Set<String> failedLots = new HashSet<>();
    for (String[] t : TraceSampleFiles.csv(dir("rapid_tests"), TESTS)) {
      if (t[7].equals("fail")) {
        failedLots.add(canonical(t[1]));
      }
    }
    boolean namesAFailedLot = false;
    for (JsonNode n : notices) {
      assertEquals(
          List.of("notice_id", "issued_on", "authority", "firm", "product", "lot_ids", "reason"),
          fieldNames(n));
      assertTrue(n.get("lot_ids").size() >= 1);
      for (JsonNode id : n.get("lot_ids")) {
        namesAFailedLot |= failedLots.contains(canonical(id.asText()));
      }
    }
    assertTrue(namesAFailedLot);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<JsonNode> notices() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir("recall_notices"))) {
      for (Path f : s.sorted().toList()) {
        JsonNode array = TraceSampleFiles.JSON.readTree(f.toFile());
        assertTrue(array.isArray(), f.toString());
        array.forEach(out::add);
      }
    }
    return out;
  }

  @Test
  void refusesSizesOutsideTheRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TraceabilitySampleGenerator(1, 999));
    assertTrue(e.getMessage().contains("1000 to 100000000 events, not 999"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new TraceabilitySampleGenerator(1, 100_000_001));
    assertNotEquals(null, TraceabilitySampleGenerator.defaults());
  }

  /** Run with -Dfactory.bench=true: prints the generation speed at 10^5 and 10^6 events. */
  @Test
  @EnabledIfSystemProperty(named = "factory.bench", matches = "true")
  void timesLargeSamples(@TempDir Path tmp) throws IOException {
    for (long n : new long[] {100_000, 1_000_000}) {
      long start = System.nanoTime();
      Summary s = new TraceabilitySampleGenerator(42, n).write(tmp.resolve("n" + n));
      double seconds = (System.nanoTime() - start) / 1e9;
      long bytes = 0;
      for (Path f : s.files()) {
        bytes += Files.size(f);
      }
      System.out.printf(
          "traceability sample: %,d events in %.1f s (%,.0f events/s), %,d files, %,d MB%n",
          s.events(), seconds, s.events() / seconds, s.files().size(), bytes >> 20);
      assertEquals(n, s.events());
    }
  }

  private static Set<String> ids(Defect d) {
    return new TreeSet<>(summary.defects().get(d).ids());
  }
}
