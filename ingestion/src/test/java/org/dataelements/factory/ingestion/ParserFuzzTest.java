package org.dataelements.factory.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.core.testing.Required;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.ingestion.csv.CsvLanding;
import org.dataelements.factory.ingestion.epcis.EpcisFuzzProbe;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.json.JsonLanding;
import org.dataelements.factory.ingestion.xml.XmlFuzzProbe;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Mutates the shared examples (CSV, JSON Lines, EPCIS XML and JSON, XML) with a fixed seed and
 * feeds every mutant to its parser: each is either rejected with a reason or lands, and when it
 * lands, landed + quarantined equals an independent count of the records it holds. Nothing else may
 * escape (no NullPointerException, StackOverflowError, OutOfMemoryError, parser exception).
 */
@Tag("spark")
@ExtendWith(SparkTestSession.class)
class ParserFuzzTest {
  private static final long SEED = 20261204L;
  private static final long TIME_BOUND_MS = 120_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final Map<String, List<Mutation>> applied = new java.util.HashMap<>();
  private final List<String> failures = new ArrayList<>();
  private long records;
  private int files;

  @Test
  void mutatedFilesAreRejectedWithAReasonOrLandEveryRecord(Lakehouse lh) throws IOException {
    long start = System.currentTimeMillis();
    Path traceability = Required.sharedData("traceability");
    Random random = new Random(SEED);

    List<Path> epcisXml = seeds(traceability.resolve("epcis"), ".xml", 40);
    List<Path> epcisJson =
        Stream.concat(
                seeds(traceability.resolve("epcis"), ".json", 30).stream(),
                seeds(traceability.resolve("epcis"), ".jsonld", 20).stream())
            .toList();
    for (LandingFile f : mutants("epcis-xml", epcisXml, 800, random, ".xml")) {
      epcis("epcis-xml", f);
    }
    for (LandingFile f : mutants("epcis-json", epcisJson, 800, random, ".json")) {
      epcis("epcis-json", f);
    }
    for (LandingFile f : mutants("xml", epcisXml, 600, random, ".xml")) {
      xml(f);
    }
    List<Path> jsonl =
        List.of(Required.sharedData("corpus", "arxiv_metadata")).stream()
            .flatMap(d -> seedsUnchecked(d, ".jsonl", 1).stream())
            .toList();
    delimited(
        lh,
        "jsonl",
        SourceFormat.JSONL,
        mutants("jsonl", firstLines(jsonl, 40), 400, random, ".jsonl"),
        ParserFuzzTest::jsonLines);
    List<Path> csv =
        Stream.concat(
                seeds(Required.sharedData("electricity", "vega_datasets"), ".csv", 4).stream(),
                seeds(Required.sharedData("electricity", "owid_country_annual"), ".csv", 4)
                    .stream())
            .toList();
    delimited(
        lh,
        "csv",
        SourceFormat.CSV,
        mutants("csv", firstLines(csv, 60), 400, random, ".csv"),
        ParserFuzzTest::csvRecords);

    long ms = System.currentTimeMillis() - start;
    System.out.printf(
        "parser fuzz: %d files, %d records counted in accepted files, %d ms (bound %d ms)%n",
        files, records, ms, TIME_BOUND_MS);
    outcomes.forEach((k, v) -> System.out.printf("  %-70s %6d%n", k, v));
    failures.stream().limit(40).forEach(f -> System.out.println("  FAILURE " + f));
    assertEquals(List.of(), failures, failures.size() + " mutants crashed or lost records");
    assertTrue(files >= 3000, "fuzzed " + files + " files");
    assertTrue(ms < TIME_BOUND_MS, "took " + ms + " ms");
  }

  // ---- per format -------------------------------------------------------------------------

  private void epcis(String kind, LandingFile f) {
    try {
      EpcisFuzzProbe.Result r = EpcisFuzzProbe.read(f.absolute(), f.path());
      if (r.rejection().isPresent()) {
        rejected(kind, r.rejection().get());
        return;
      }
      long expected = kind.equals("epcis-xml") ? xmlEvents(f.absolute()) : jsonEvents(f.absolute());
      accepted(kind, f, r.landed() + r.quarantined(), expected);
    } catch (Throwable t) {
      crashed(kind, f, t);
    }
  }

  private void xml(LandingFile f) {
    try {
      XmlFuzzProbe.Result r = XmlFuzzProbe.read(f);
      if (r.rejection().isPresent()) {
        rejected("xml", r.rejection().get());
        return;
      }
      accepted("xml", f, r.records(), rootChildren(f.absolute()));
    } catch (Throwable t) {
      crashed("xml", f, t);
    }
  }

  /** All mutants of one delimited format through one real Spark read, as a landing does. */
  private void delimited(
      Lakehouse lh,
      String kind,
      SourceFormat format,
      List<LandingFile> mutants,
      Function<byte[], Long> counter) {
    ObjectSpec object =
        new ObjectSpec(
            "fuzz",
            "d",
            format,
            "**",
            "UTF-8",
            List.of(),
            Map.of(),
            FormatOptions.parse(format, Map.of()));
    BronzeBatch batch;
    try {
      batch =
          format == SourceFormat.CSV
              ? CsvLanding.parse(lh.spark(), object, mutants)
              : JsonLanding.parse(lh.spark(), object, mutants);
    } catch (Throwable t) {
      crashed(kind, mutants.get(0), t);
      return;
    }
    try {
      for (LandingFile f : mutants) {
        String rejection = batch.rejections().get(f.path());
        if (rejection != null) {
          rejected(kind, rejection);
          continue;
        }
        BronzeBatch.Counts c = batch.counts().get(f.path());
        if (c == null) {
          failures.add(kind + " " + f.path() + ": neither counted nor rejected (lost silently)");
          continue;
        }
        accepted(kind, f, c.read(), counter.apply(Files.readAllBytes(f.absolute())));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      batch.release();
    }
  }

  private void rejected(String kind, String reason) {
    files++;
    // group reasons by their first words, without the values that vary
    String shape = reason.replaceAll("[0-9]+", "N").replaceAll("'[^']*'", "'…'");
    if (shape.startsWith("not well-formed") || shape.startsWith("not valid JSON")) {
      shape = shape.substring(0, shape.indexOf(shape.contains(" at line") ? " at line" : ":"));
    } else {
      shape = shape.substring(0, Math.min(shape.length(), 48));
    }
    outcomes.merge(kind + " rejected: " + shape, 1, Integer::sum);
  }

  private void accepted(String kind, LandingFile f, long read, long expected) {
    files++;
    records += expected;
    outcomes.merge(kind + " accepted", 1, Integer::sum);
    if (read != expected) {
      failures.add(
          kind
              + " "
              + f.path()
              + " "
              + applied.get(f.path())
              + ": landed + quarantined = "
              + read
              + ", the file holds "
              + expected);
    }
  }

  private void crashed(String kind, LandingFile f, Throwable t) {
    files++;
    if (t instanceof LakehouseException && String.valueOf(t.getMessage()).contains(f.path())) {
      outcomes.merge(
          kind + " rejected by exception: " + t.getClass().getSimpleName(), 1, Integer::sum);
      return;
    }
    outcomes.merge(kind + " CRASHED: " + t.getClass().getSimpleName(), 1, Integer::sum);
    failures.add(
        kind
            + " "
            + f.path()
            + " "
            + applied.get(f.path())
            + ": "
            + t
            + " at "
            + Arrays.toString(
                Arrays.copyOf(t.getStackTrace(), Math.min(4, t.getStackTrace().length))));
  }

  // ---- independent counts -----------------------------------------------------------------

  private static final List<String> EVENT_TYPES =
      List.of(
          "ObjectEvent",
          "AggregationEvent",
          "TransactionEvent",
          "TransformationEvent",
          "AssociationEvent");

  /** Events of an EPCIS XML file: EventList's children (1.2's extension unwrapped), or 1 bare. */
  private static long xmlEvents(Path file) throws Exception {
    Element root = dom(file).getDocumentElement();
    if (EVENT_TYPES.contains(root.getLocalName())) {
      return 1;
    }
    long n = 0;
    for (Element list : descendants(root, "EventList")) {
      n += eventChildren(list);
    }
    return n;
  }

  private static long eventChildren(Element e) {
    long n = 0;
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element child) {
        n +=
            "extension".equals(child.getLocalName()) && child.getNamespaceURI() == null
                ? eventChildren(child)
                : 1;
      }
    }
    return n;
  }

  private static List<Element> descendants(Element e, String local) {
    List<Element> out = new ArrayList<>();
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element child) {
        if (local.equals(child.getLocalName())) {
          out.add(child);
        } else {
          out.addAll(descendants(child, local));
        }
      }
    }
    return out;
  }

  private static long rootChildren(Path file) throws Exception {
    long n = 0;
    for (Node c = dom(file).getDocumentElement().getFirstChild();
        c != null;
        c = c.getNextSibling()) {
      n += c instanceof Element ? 1 : 0;
    }
    return n;
  }

  private static org.w3c.dom.Document dom(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
    f.setNamespaceAware(true);
    f.setExpandEntityReferences(false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setXIncludeAware(false);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  /** Events of an EPCIS JSON file: its event list's length, or 1 for a bare event. */
  private static long jsonEvents(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    JsonNode list = root.at("/epcisBody/eventList");
    if (list.isMissingNode()) {
      list = root.at("/epcisBody/queryResults/resultsBody/eventList");
    }
    return list.isArray() ? list.size() : 1;
  }

  /** JSON Lines: lines that are not blank (\n, \r\n or \r end a line). */
  private static long jsonLines(byte[] bytes) {
    return lines(bytes).stream().filter(l -> !l.isBlank()).count();
  }

  /**
   * CSV as read line by line (quoted line breaks are not joined: each physical line is a record, a
   * broken one quarantined): the lines that are not empty, less the header.
   */
  private static long csvRecords(byte[] bytes) {
    List<String> lines = lines(bytes).stream().filter(l -> !l.trim().isEmpty()).toList();
    return Math.max(0, lines.size() - 1);
  }

  private static List<String> lines(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    return Arrays.asList(s.split("\r\n|\r|\n", -1));
  }

  // ---- seeds and mutations ----------------------------------------------------------------

  private static List<Path> seeds(Path root, String suffix, int max) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(p -> sizeBelow(p, 256 * 1024))
          .sorted()
          .limit(max)
          .toList();
    }
  }

  private static List<Path> seedsUnchecked(Path root, String suffix, int max) {
    try {
      return seeds(root, suffix, max);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean sizeBelow(Path p, long max) {
    try {
      return Files.size(p) < max;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first {@code n} lines of each file, as seed bytes. */
  private List<Path> firstLines(List<Path> files, int n) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : files) {
      List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
      Path seed = dir.resolve("seed-" + out.size() + "-" + p.getFileName());
      Files.writeString(
          seed, String.join("\n", lines.subList(0, Math.min(n, lines.size()))) + "\n");
      out.add(seed);
    }
    return out;
  }

  private List<LandingFile> mutants(
      String kind, List<Path> seeds, int count, Random random, String ext) throws IOException {
    assertTrue(!seeds.isEmpty(), "no " + kind + " seeds");
    Path out = Files.createDirectories(dir.resolve(kind));
    List<LandingFile> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] b = Files.readAllBytes(seeds.get(i % seeds.size()));
      int ops = 1 + random.nextInt(3);
      List<Mutation> done = new ArrayList<>();
      for (int k = 0; k < ops; k++) {
        Mutation m = Mutation.values()[random.nextInt(Mutation.values().length)];
        b = m.apply(b, random);
        done.add(m);
      }
      Path p = out.resolve(String.format("m%04d%s", i, ext));
      applied.put(kind + "/" + p.getFileName(), done);
      if (System.getProperty("fuzz.keep") != null) {
        Path keep = Files.createDirectories(Path.of(System.getProperty("fuzz.keep"), kind));
        Files.write(keep.resolve(p.getFileName()), b);
      }
      Files.write(p, b);
      files.add(new LandingFile(kind + "/" + p.getFileName(), p, b.length, "sha-" + kind + i));
    }
    return files;
  }

  /** What the fuzzer does to a file's bytes. */
  enum Mutation {
    FLIP_BYTE {
      @Override
      byte[] apply(byte[] b, Random r) {
        if (b.length == 0) return b;
        byte[] c = b.clone();
        c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
        return c;
      }
    },
    TRUNCATE {
      @Override
      byte[] apply(byte[] b, Random r) {
        return Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
      }
    },
    DUPLICATE_LINE {
      @Override
      byte[] apply(byte[] b, Random r) {
        List<String> l = new ArrayList<>(splitLines(b));
        int i = r.nextInt(l.size());
        l.add(i, l.get(i));
        return join(l);
      }
    },
    DELETE_LINE {
      @Override
      byte[] apply(byte[] b, Random r) {
        List<String> l = new ArrayList<>(splitLines(b));
        l.remove(r.nextInt(l.size()));
        return join(l);
      }
    },
    SWAP_LINES {
      @Override
      byte[] apply(byte[] b, Random r) {
        List<String> l = new ArrayList<>(splitLines(b));
        java.util.Collections.swap(l, r.nextInt(l.size()), r.nextInt(l.size()));
        return join(l);
      }
    },
    BAD_UTF8 {
      @Override
      byte[] apply(byte[] b, Random r) {
        return insert(b, r, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
      }
    },
    GBK_TEXT {
      @Override
      byte[] apply(byte[] b, Random r) {
        return insert(b, r, "农药残留".getBytes(java.nio.charset.Charset.forName("GBK")));
      }
    },
    UNBALANCED_QUOTE {
      @Override
      byte[] apply(byte[] b, Random r) {
        return insert(b, r, new byte[] {'"'});
      }
    },
    UNBALANCED_BRACKET {
      @Override
      byte[] apply(byte[] b, Random r) {
        byte[][] opts = {
          {'{'}, {'['}, {'}'}, {']'}, {'<'}, {'>'}, "</".getBytes(StandardCharsets.US_ASCII)
        };
        return insert(b, r, opts[r.nextInt(opts.length)]);
      }
    },
    HUGE_FIELD {
      @Override
      byte[] apply(byte[] b, Random r) {
        byte[] x = new byte[64 * 1024 + r.nextInt(256 * 1024)];
        Arrays.fill(x, (byte) 'x');
        return insert(b, r, x);
      }
    },
    NUL_BYTE {
      @Override
      byte[] apply(byte[] b, Random r) {
        return insert(b, r, new byte[] {0});
      }
    },
    BOM {
      @Override
      byte[] apply(byte[] b, Random r) {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        return r.nextBoolean() ? concat(bom, b) : insert(b, r, bom);
      }
    },
    UTF16_BOM {
      @Override
      byte[] apply(byte[] b, Random r) {
        return concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, b);
      }
    },
    CRLF {
      @Override
      byte[] apply(byte[] b, Random r) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        s = r.nextBoolean() ? s.replace("\n", "\r\n") : s.replace("\n", "\r");
        return s.getBytes(StandardCharsets.ISO_8859_1);
      }
    },
    DEEP_NESTING {
      @Override
      byte[] apply(byte[] b, Random r) {
        int depth = 5_000 + r.nextInt(50_000);
        String open = r.nextBoolean() ? "[" : r.nextBoolean() ? "{\"a\":" : "<a>";
        return insert(b, r, open.repeat(depth).getBytes(StandardCharsets.US_ASCII));
      }
    },
    EMPTY {
      @Override
      byte[] apply(byte[] b, Random r) {
        return r.nextInt(4) == 0 ? new byte[0] : b;
      }
    },
    BLANK_LINES {
      @Override
      byte[] apply(byte[] b, Random r) {
        return insert(
            b, r, (r.nextBoolean() ? "\n\n" : "\n  \n").getBytes(StandardCharsets.US_ASCII));
      }
    };

    abstract byte[] apply(byte[] b, Random r);

    static byte[] insert(byte[] b, Random r, byte[] x) {
      int at = b.length == 0 ? 0 : r.nextInt(b.length + 1);
      ByteArrayOutputStream o = new ByteArrayOutputStream(b.length + x.length);
      o.write(b, 0, at);
      o.write(x, 0, x.length);
      o.write(b, at, b.length - at);
      return o.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
      return insert(
          b,
          new Random(0) {
            @Override
            public int nextInt(int bound) {
              return 0;
            }
          },
          a);
    }

    static List<String> splitLines(byte[] b) {
      return Arrays.asList(new String(b, StandardCharsets.ISO_8859_1).split("\n", -1));
    }

    static byte[] join(List<String> lines) {
      return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }
  }
}
