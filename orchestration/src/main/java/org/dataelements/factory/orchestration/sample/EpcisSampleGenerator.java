package org.dataelements.factory.orchestration.sample;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes farm-to-shelf GS1 EPCIS 2.0 capture documents (JSON-LD) for benchmarks and demos: per lot,
 * a commissioning ObjectEvent at the farm with its ILMD (harvest date, best-before date), an
 * AggregationEvent packing cases onto a pallet, shipping and receiving ObjectEvents with their
 * despatch advice, and a sensor-bearing storage reading. Deterministic for a seed.
 */
public final class EpcisSampleGenerator {
  /** Where the documents go under the landing root (the epcis source's glob matches it). */
  public static final String FOLDER = "traceability/epcis/sample_events";

  private static final String CONTEXT =
      "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
  private final long seed;
  private final int documents;
  private final int lotsPerDocument;

  /** Files written and the events in them. */
  public record Summary(List<Path> files, long events, long bytes) {
    public Summary {
      files = List.copyOf(files);
    }
  }

  public EpcisSampleGenerator(long seed, int documents, int lotsPerDocument) {
    if (documents < 1 || lotsPerDocument < 1) {
      throw new IllegalArgumentException("documents and lots per document must be 1 or more");
    }
    this.seed = seed;
    this.documents = documents;
    this.lotsPerDocument = lotsPerDocument;
  }

  /** Events per lot: commissioning, aggregation, shipping, receiving, storage sensor reading. */
  public static final int EVENTS_PER_LOT = 5;

  public Summary write(Path landingRoot) throws IOException {
    Path dir = landingRoot.resolve(FOLDER);
    Files.createDirectories(dir);
    Random rnd = new Random(seed);
    JsonFactory factory = new JsonFactory();
    List<Path> files = new ArrayList<>();
    long bytes = 0;
    for (int d = 0; d < documents; d++) {
      Path file = dir.resolve(String.format(Locale.ROOT, "capture_%05d.jsonld", d));
      try (JsonGenerator g = factory.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
        g.writeStartObject();
        g.writeStringField("@context", CONTEXT);
        g.writeStringField("type", "EPCISDocument");
        g.writeStringField("schemaVersion", "2.0");
        g.writeStringField(
            "creationDate", instant(LocalDate.of(2024, 1, 1).plusDays(d % 300), 20, 0));
        g.writeObjectFieldStart("epcisBody");
        g.writeArrayFieldStart("eventList");
        for (int l = 0; l < lotsPerDocument; l++) {
          writeLot(g, rnd, d * lotsPerDocument + l);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
      }
      files.add(file);
      bytes += Files.size(file);
    }
    return new Summary(files, (long) documents * lotsPerDocument * EVENTS_PER_LOT, bytes);
  }

  private static void writeLot(JsonGenerator g, Random rnd, int lot) throws IOException {
    String company = String.format(Locale.ROOT, "69%05d", 10000 + lot % 50);
    String item = String.format(Locale.ROOT, "%06d", lot % 200);
    String lotNo = String.format(Locale.ROOT, "L%07d", lot);
    String lgtin = "urn:epc:class:lgtin:" + company + ".0" + item + "." + lotNo;
    String farm = "urn:epc:id:sgln:" + company + ".00001.0";
    String hub = "urn:epc:id:sgln:6900000.10001.0";
    String shop = String.format(Locale.ROOT, "urn:epc:id:sgln:6900001.%05d.0", lot % 300);
    LocalDate harvest = LocalDate.of(2024, 1 + lot % 12, 1 + lot % 28);
    double kg = 200 + rnd.nextInt(1800);
    int cases = 1 + rnd.nextInt(20);
    String pallet = String.format(Locale.ROOT, "urn:epc:id:sscc:%s.%010d", company, lot);

    g.writeStartObject();
    g.writeStringField("type", "ObjectEvent");
    g.writeStringField("eventTime", instant(harvest, 6, rnd.nextInt(60)));
    g.writeStringField("eventTimeZoneOffset", "+08:00");
    g.writeStringField("action", "ADD");
    g.writeStringField("bizStep", "commissioning");
    g.writeStringField("disposition", "active");
    g.writeObjectFieldStart("readPoint");
    g.writeStringField("id", farm);
    g.writeEndObject();
    quantity(g, "quantityList", lgtin, kg);
    g.writeObjectFieldStart("ilmd");
    g.writeStringField("cbvmda:harvestStartDate", harvest.toString());
    g.writeStringField("cbvmda:bestBeforeDate", harvest.plusDays(21).toString());
    g.writeStringField("cbvmda:countryOfOrigin", "CN");
    g.writeEndObject();
    g.writeEndObject();

    g.writeStartObject();
    g.writeStringField("type", "AggregationEvent");
    g.writeStringField("eventTime", instant(harvest, 9, rnd.nextInt(60)));
    g.writeStringField("eventTimeZoneOffset", "+08:00");
    g.writeStringField("parentID", pallet);
    g.writeStringField("action", "ADD");
    g.writeStringField("bizStep", "packing");
    g.writeStringField("disposition", "in_progress");
    quantity(g, "childQuantityList", lgtin, cases);
    g.writeObjectFieldStart("readPoint");
    g.writeStringField("id", farm);
    g.writeEndObject();
    g.writeEndObject();

    String despatch = String.format(Locale.ROOT, "urn:epcglobal:cbv:bt:%s:DA%07d", company, lot);
    for (int leg = 0; leg < 2; leg++) {
      boolean ship = leg == 0;
      g.writeStartObject();
      g.writeStringField("type", "ObjectEvent");
      g.writeStringField(
          "eventTime", instant(harvest.plusDays(ship ? 1 : 2), ship ? 7 : 15, rnd.nextInt(60)));
      g.writeStringField("eventTimeZoneOffset", "+08:00");
      g.writeArrayFieldStart("epcList");
      g.writeString(pallet);
      g.writeEndArray();
      g.writeStringField("action", "OBSERVE");
      g.writeStringField("bizStep", ship ? "shipping" : "receiving");
      g.writeStringField("disposition", ship ? "in_transit" : "in_progress");
      g.writeObjectFieldStart("readPoint");
      g.writeStringField("id", ship ? farm : hub);
      g.writeEndObject();
      g.writeArrayFieldStart("bizTransactionList");
      g.writeStartObject();
      g.writeStringField("type", "desadv");
      g.writeStringField("bizTransaction", despatch);
      g.writeEndObject();
      g.writeEndArray();
      g.writeArrayFieldStart(ship ? "sourceList" : "destinationList");
      g.writeStartObject();
      g.writeStringField("type", "location");
      g.writeStringField(ship ? "source" : "destination", ship ? farm : hub);
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }

    g.writeStartObject();
    g.writeStringField("type", "ObjectEvent");
    g.writeStringField("eventTime", instant(harvest.plusDays(3), 10, rnd.nextInt(60)));
    g.writeStringField("eventTimeZoneOffset", "+08:00");
    g.writeArrayFieldStart("epcList");
    g.writeString(pallet);
    g.writeEndArray();
    g.writeStringField("action", "OBSERVE");
    g.writeStringField("bizStep", "sensor_reporting");
    g.writeObjectFieldStart("readPoint");
    g.writeStringField("id", shop);
    g.writeEndObject();
    g.writeArrayFieldStart("sensorElementList");
    g.writeStartObject();
    g.writeArrayFieldStart("sensorReport");
    g.writeStartObject();
    g.writeStringField("type", "Temperature");
    g.writeNumberField("value", Math.round((2 + rnd.nextDouble() * 6) * 10) / 10.0);
    g.writeStringField("uom", "CEL");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void quantity(JsonGenerator g, String field, String epcClass, double amount)
      throws IOException {
    g.writeArrayFieldStart(field);
    g.writeStartObject();
    g.writeStringField("epcClass", epcClass);
    g.writeNumberField("quantity", amount);
    if (field.equals("quantityList")) {
      g.writeStringField("uom", "KGM");
    }
    g.writeEndObject();
    g.writeEndArray();
  }

  private static String instant(LocalDate day, int hour, int minute) {
    return Instant.from(day.atTime(hour, minute).atOffset(ZoneOffset.ofHours(8))).toString();
  }
}
