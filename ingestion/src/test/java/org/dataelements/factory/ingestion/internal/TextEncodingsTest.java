package org.dataelements.factory.ingestion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEncodingsTest {
  @TempDir Path dir;

  @Test
  void aGbkFileDeclaredUtf8IsCaughtWithAHint() throws IOException {
    Path f = dir.resolve("gbk.csv");
    Files.write(f, "地区,用电量\n兰州,12.5\n".getBytes(Charset.forName("GBK")));
    Optional<String> problem = TextEncodings.check(f, "UTF-8");
    assertTrue(problem.isPresent());
    assertTrue(problem.get().contains("not valid UTF-8 at byte 0"), problem.get());
    assertTrue(problem.get().contains("GB18030"), problem.get());
    assertEquals(Optional.empty(), TextEncodings.check(f, "GB18030"));
  }

  @Test
  void binaryContentIsNotText() throws IOException {
    Path f = dir.resolve("bin.csv");
    Files.write(f, new byte[] {'a', 0, 'b'});
    assertTrue(TextEncodings.check(f, "UTF-8").orElseThrow().contains("binary"));
  }

  @Test
  void decodeRemovesTheBom() throws IOException {
    Path f = dir.resolve("bom.csv");
    Files.writeString(f, "\uFEFFWind,x\n");
    assertEquals("Wind,x\n", TextEncodings.decode(f, "UTF-8").text().orElseThrow());
  }
}
