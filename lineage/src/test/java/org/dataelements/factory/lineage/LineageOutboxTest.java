package org.dataelements.factory.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.dataelements.factory.core.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageOutboxTest {
  @TempDir Path warehouse;

  private LineageOutbox outbox() {
    return new LineageOutbox(warehouse.toUri().toString(), new Configuration());
  }

  @Test
  void keepsOneJsonLinesFilePerCallAndReadsThemBackInOrder() throws IOException {
    LineageOutbox outbox = outbox();
    assertEquals(List.of(), outbox.pending(), "no outbox yet");
    outbox.keep(List.of("{\"n\":1}", "{\"n\":2}"));
    outbox.keep(List.of());
    for (int i = 3; i <= 12; i++) {
      outbox.keep(List.of("{\"n\":" + i + "}"));
    }
    outbox.keep(List.of("{\n\"n\": 13\n}"));
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      expected.add("{\"n\":" + i + "}");
    }
    expected.add("{ \"n\": 13 }");
    assertEquals(expected, outbox().pending(), "in the order kept, each event on one line");
    Path dir = warehouse.resolve("_lineage/_outbox");
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names =
          files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
      assertEquals(12, names.size(), names.toString());
      for (String n : names) {
        assertTrue(n.matches("\\d{13}-[0-9a-f-]{36}\\.jsonl"), n);
      }
    }
    assertEquals(outbox.location(), warehouse.toUri() + "_lineage/_outbox/");
  }

  @Test
  void fileTimesNeverRepeatSoKeepsInOneMillisecondKeepTheirOrder() {
    long last = LineageOutbox.nextMillis();
    for (int i = 0; i < 1_000; i++) {
      long next = LineageOutbox.nextMillis();
      assertTrue(next > last, next + " after " + last);
      last = next;
    }
  }

  @Test
  void clearDeletesOnlyTheFilesThatPendingRead() throws IOException {
    LineageOutbox outbox = outbox();
    outbox.keep(List.of("{\"n\":1}"));
    outbox.keep(List.of("{\"n\":2}"));
    assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), outbox.pending());
    outbox().keep(List.of("{\"n\":3}"));
    outbox.clear();
    assertEquals(List.of("{\"n\":3}"), outbox().pending());
    outbox.clear();
    assertEquals(List.of("{\"n\":3}"), outbox().pending(), "a second clear deletes nothing more");
  }

  @Test
  void worksOnS3a() throws IOException {
    try (S3ProxyServer s3 = S3ProxyServer.start()) {
      s3.createBucket("lineage");
      Configuration hadoop = new Configuration();
      s3.hadoopSettings().forEach(hadoop::set);
      hadoop.setBoolean("fs.s3a.impl.disable.cache", true);
      LineageOutbox outbox = new LineageOutbox("s3a://lineage/wh/", hadoop);
      assertEquals("s3a://lineage/wh/_lineage/_outbox/", outbox.location());
      outbox.keep(List.of("{\"n\":1}", "{\"n\":2}"));
      outbox.keep(List.of("{\"n\":3}"));
      LineageOutbox next = new LineageOutbox("s3a://lineage/wh", hadoop);
      assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"), next.pending());
      outbox.keep(List.of("{\"n\":4}"));
      next.clear();
      assertEquals(List.of("{\"n\":4}"), new LineageOutbox("s3a://lineage/wh", hadoop).pending());
    }
  }
}
