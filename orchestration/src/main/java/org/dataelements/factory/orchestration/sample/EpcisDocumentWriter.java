package org.dataelements.factory.orchestration.sample;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.dataelements.factory.orchestration.sample.TraceEvent.Quantity;
import org.dataelements.factory.orchestration.sample.TraceEvent.TimeStyle;
import org.dataelements.factory.orchestration.sample.TraceEvent.Typed;

/** Streams one EPCIS 2.0 capture document, JSON-LD or XML, event by event. */
abstract class EpcisDocumentWriter implements Closeable {
  static final String CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
  static final String XML_NAMESPACE = "urn:epcglobal:epcis:xsd:2";
  static final String CBVMDA_XML_NAMESPACE = "urn:epcglobal:cbv:mda";
  static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
  static final String CHINA_OFFSET = "+08:00";

  private static final JsonFactory JSON = new JsonFactory();

  private final Path file;
  private long events;

  private EpcisDocumentWriter(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  long events() {
    return events;
  }

  /** A JSON-LD document (the standard EPCIS 2.0 context). */
  static EpcisDocumentWriter json(Path file, long creationSecond) throws IOException {
    return new Json(file, creationSecond);
  }

  /** An XML document in the EPCIS 2.0 namespace. */
  static EpcisDocumentWriter xml(Path file, long creationSecond) throws IOException {
    return new Xml(file, creationSecond);
  }

  final void write(TraceEvent e) throws IOException {
    events++;
    writeEvent(e);
  }

  abstract void writeEvent(TraceEvent e) throws IOException;

  /** The event time as written: {@code 2024-06-03T08:15:00+08:00}, {@code …Z}, or no offset. */
  static String time(long epochSecond, TimeStyle style) {
    StringBuilder b = new StringBuilder(25);
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(
            epochSecond, 0, style == TimeStyle.UTC ? ZoneOffset.UTC : CHINA);
    b.append(t.getYear()).append('-');
    two(b, t.getMonthValue()).append('-');
    two(b, t.getDayOfMonth()).append('T');
    two(b, t.getHour()).append(':');
    two(b, t.getMinute()).append(':');
    two(b, t.getSecond());
    switch (style) {
      case LOCAL -> b.append(CHINA_OFFSET);
      case UTC -> b.append('Z');
      case NONE -> {}
    }
    return b.toString();
  }

  private static StringBuilder two(StringBuilder b, int v) {
    return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  static BigDecimal amount(long tenths) {
    return BigDecimal.valueOf(tenths, 1);
  }

  private static final class Json extends EpcisDocumentWriter {
    private final JsonGenerator g;

    Json(Path file, long creationSecond) throws IOException {
      super(file);
      g =
          JSON.createGenerator(
              new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), JsonEncoding.UTF8);
      g.writeStartObject();
      g.writeStringField("@context", CONTEXT);
      g.writeStringField("type", "EPCISDocument");
      g.writeStringField("schemaVersion", "2.0");
      g.writeStringField("creationDate", time(creationSecond, TimeStyle.UTC));
      g.writeObjectFieldStart("epcisBody");
      g.writeArrayFieldStart("eventList");
    }

    @Override
    void writeEvent(TraceEvent e) throws IOException {
      g.writeStartObject();
      g.writeStringField("type", e.type().label);
      g.writeStringField("eventTime", time(e.epochSecond(), e.timeStyle()));
      if (e.timeStyle() != TimeStyle.NONE) {
        g.writeStringField("eventTimeZoneOffset", CHINA_OFFSET);
      }
      g.writeStringField("eventID", e.eventId());
      switch (e.type()) {
        case OBJECT -> {
          if (!e.epcs().isEmpty() || e.quantities().isEmpty()) {
            ids("epcList", e.epcs());
          }
          text("action", e.action().orElseThrow());
          why(e);
          bizTransactions(e);
          quantities("quantityList", e.quantities());
          parties(e);
          ilmd(e);
        }
        case AGGREGATION -> {
          text("parentID", e.parentId().orElseThrow());
          if (!e.epcs().isEmpty()) {
            ids("childEPCs", e.epcs());
          }
          text("action", e.action().orElseThrow());
          why(e);
          bizTransactions(e);
          quantities("childQuantityList", e.quantities());
          parties(e);
        }
        case TRANSFORMATION -> {
          if (!e.inputEpcs().isEmpty()) {
            ids("inputEPCList", e.inputEpcs());
          }
          quantities("inputQuantityList", e.inputQuantities());
          if (!e.outputEpcs().isEmpty()) {
            ids("outputEPCList", e.outputEpcs());
          }
          quantities("outputQuantityList", e.outputQuantities());
          why(e);
          bizTransactions(e);
          parties(e);
          ilmd(e);
        }
      }
      g.writeEndObject();
    }

    private void text(String field, String v) throws IOException {
      g.writeStringField(field, v);
    }

    private void ids(String field, List<String> ids) throws IOException {
      g.writeArrayFieldStart(field);
      for (String id : ids) {
        g.writeString(id);
      }
      g.writeEndArray();
    }

    private void quantities(String field, List<Quantity> qs) throws IOException {
      if (qs.isEmpty()) {
        return;
      }
      g.writeArrayFieldStart(field);
      for (Quantity q : qs) {
        g.writeStartObject();
        g.writeStringField("epcClass", q.epcClass());
        g.writeFieldName("quantity");
        g.writeNumber(amount(q.tenths()));
        g.writeStringField("uom", q.uom());
        g.writeEndObject();
      }
      g.writeEndArray();
    }

    private void why(TraceEvent e) throws IOException {
      if (e.bizStep().isPresent()) {
        g.writeStringField("bizStep", e.bizStep().get());
      }
      if (e.disposition().isPresent()) {
        g.writeStringField("disposition", e.disposition().get());
      }
      if (e.readPoint().isPresent()) {
        g.writeObjectFieldStart("readPoint");
        g.writeStringField("id", e.readPoint().get());
        g.writeEndObject();
      }
      if (e.bizLocation().isPresent()) {
        g.writeObjectFieldStart("bizLocation");
        g.writeStringField("id", e.bizLocation().get());
        g.writeEndObject();
      }
    }

    private void bizTransactions(TraceEvent e) throws IOException {
      typed("bizTransactionList", "bizTransaction", e.bizTransactions());
    }

    private void parties(TraceEvent e) throws IOException {
      typed("sourceList", "source", e.sources());
      typed("destinationList", "destination", e.destinations());
    }

    private void typed(String field, String key, List<Typed> list) throws IOException {
      if (list.isEmpty()) {
        return;
      }
      g.writeArrayFieldStart(field);
      for (Typed t : list) {
        g.writeStartObject();
        g.writeStringField("type", t.type());
        g.writeStringField(key, t.value());
        g.writeEndObject();
      }
      g.writeEndArray();
    }

    private void ilmd(TraceEvent e) throws IOException {
      if (e.ilmd().isEmpty()) {
        return;
      }
      g.writeObjectFieldStart("ilmd");
      for (Typed t : e.ilmd()) {
        g.writeStringField(t.type(), t.value());
      }
      g.writeEndObject();
    }

    @Override
    public void close() throws IOException {
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeRaw('\n');
      g.close();
    }
  }

  private static final class Xml extends EpcisDocumentWriter {
    private final BufferedWriter w;
    private final StringBuilder b = new StringBuilder(2048);

    Xml(Path file, long creationSecond) throws IOException {
      super(file);
      w =
          new BufferedWriter(
              new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
      w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
      w.write(
          "<epcis:EPCISDocument xmlns:epcis=\""
              + XML_NAMESPACE
              + "\" xmlns:cbvmda=\""
              + CBVMDA_XML_NAMESPACE
              + "\" schemaVersion=\"2.0\" creationDate=\""
              + time(creationSecond, TimeStyle.UTC)
              + "\">\n");
      w.write("  <EPCISBody>\n    <EventList>\n");
    }

    @Override
    void writeEvent(TraceEvent e) throws IOException {
      b.setLength(0);
      String type = e.type().label;
      b.append("      <").append(type).append(">\n");
      element("eventTime", time(e.epochSecond(), e.timeStyle()));
      if (e.timeStyle() != TimeStyle.NONE) {
        element("eventTimeZoneOffset", CHINA_OFFSET);
      }
      element("eventID", e.eventId());
      switch (e.type()) {
        case OBJECT -> {
          ids("epcList", e.epcs(), false); // the XSD requires it, possibly empty
          element("action", e.action().orElseThrow());
          why(e);
          bizTransactions(e);
          quantities("quantityList", e.quantities());
          parties(e);
          ilmd(e);
        }
        case AGGREGATION -> {
          element("parentID", e.parentId().orElseThrow());
          ids("childEPCs", e.epcs(), true);
          element("action", e.action().orElseThrow());
          why(e);
          bizTransactions(e);
          quantities("childQuantityList", e.quantities());
          parties(e);
        }
        case TRANSFORMATION -> {
          ids("inputEPCList", e.inputEpcs(), true);
          quantities("inputQuantityList", e.inputQuantities());
          ids("outputEPCList", e.outputEpcs(), true);
          quantities("outputQuantityList", e.outputQuantities());
          why(e);
          bizTransactions(e);
          parties(e);
          ilmd(e);
        }
      }
      b.append("      </").append(type).append(">\n");
      w.append(b);
    }

    private void element(String name, String text) {
      b.append("        <").append(name).append('>');
      escape(text);
      b.append("</").append(name).append(">\n");
    }

    private void ids(String list, List<String> ids, boolean omitWhenEmpty) {
      if (ids.isEmpty() && omitWhenEmpty) {
        return;
      }
      b.append("        <").append(list).append('>');
      for (String id : ids) {
        b.append("<epc>");
        escape(id);
        b.append("</epc>");
      }
      b.append("</").append(list).append(">\n");
    }

    private void quantities(String list, List<Quantity> qs) {
      if (qs.isEmpty()) {
        return;
      }
      b.append("        <").append(list).append(">\n");
      for (Quantity q : qs) {
        b.append("          <quantityElement><epcClass>");
        escape(q.epcClass());
        b.append("</epcClass><quantity>")
            .append(amount(q.tenths()).toPlainString())
            .append("</quantity><uom>");
        escape(q.uom());
        b.append("</uom></quantityElement>\n");
      }
      b.append("        </").append(list).append(">\n");
    }

    private void why(TraceEvent e) {
      if (e.bizStep().isPresent()) {
        element("bizStep", e.bizStep().get());
      }
      if (e.disposition().isPresent()) {
        element("disposition", e.disposition().get());
      }
      if (e.readPoint().isPresent()) {
        b.append("        <readPoint><id>");
        escape(e.readPoint().get());
        b.append("</id></readPoint>\n");
      }
      if (e.bizLocation().isPresent()) {
        b.append("        <bizLocation><id>");
        escape(e.bizLocation().get());
        b.append("</id></bizLocation>\n");
      }
    }

    private void bizTransactions(TraceEvent e) {
      typed("bizTransactionList", "bizTransaction", e.bizTransactions());
    }

    private void parties(TraceEvent e) {
      typed("sourceList", "source", e.sources());
      typed("destinationList", "destination", e.destinations());
    }

    private void typed(String list, String item, List<Typed> values) {
      if (values.isEmpty()) {
        return;
      }
      b.append("        <").append(list).append('>');
      for (Typed t : values) {
        b.append('<').append(item).append(" type=\"");
        escape(t.type());
        b.append("\">");
        escape(t.value());
        b.append("</").append(item).append('>');
      }
      b.append("</").append(list).append(">\n");
    }

    private void ilmd(TraceEvent e) {
      if (e.ilmd().isEmpty()) {
        return;
      }
      b.append("        <ilmd>");
      for (Typed t : e.ilmd()) {
        b.append('<').append(t.type()).append('>');
        escape(t.value());
        b.append("</").append(t.type()).append('>');
      }
      b.append("</ilmd>\n");
    }

    private void escape(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '&' -> b.append("&amp;");
          case '<' -> b.append("&lt;");
          case '>' -> b.append("&gt;");
          case '"' -> b.append("&quot;");
          default -> b.append(c);
        }
      }
    }

    @Override
    public void close() throws IOException {
      w.write("    </EventList>\n  </EPCISBody>\n</epcis:EPCISDocument>\n");
      w.close();
    }
  }
}
