package org.dataelements.factory.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleTransportTest {
  @Test
  void writesEachEventAsOneLine() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleTransport console =
        new ConsoleTransport(new PrintStream(bytes, false, StandardCharsets.UTF_8));
    String pretty = "{\n  \"eventType\": \"START\",\r\n  \"job\": {\"name\": \"a\"}\n}";
    console.send(List.of("{\"eventType\":\"COMPLETE\"}", pretty));
    assertEquals(
        "{\"eventType\":\"COMPLETE\"}\n{   \"eventType\": \"START\",   \"job\": {\"name\": \"a\"} }\n",
        bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    assertEquals("console", console.describe());
    assertEquals("console", ConsoleTransport.stderr().describe());
  }

  @Test
  void aStreamThatFailsIsReported() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };
    ConsoleTransport console = new ConsoleTransport(new PrintStream(broken));
    IOException e = assertThrows(IOException.class, () -> console.send(List.of("{}")));
    assertEquals("console: the stream did not take the events (checkError)", e.getMessage());
  }
}
