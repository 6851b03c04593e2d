package org.dataelements.factory.ingestion.epcis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.ingestion.internal.TextEncodings;

/**
 * Reads one file as EPCIS, pure Java: JSON (after a strict decode in the object's encoding) or XML,
 * told apart by the first character. Whatever prevents reading the document rejects the file; an
 * event that breaks the standard is kept with its problems, for quarantine.
 */
final class EpcisReader {
  private EpcisReader() {}

  /**
   * @param name the file's landing path, for messages
   * @param encoding the encoding of JSON files (XML declares its own)
   */
  static EpcisFile read(Path file, String name, String encoding, FormatOptions.Epcis options)
      throws IOException {
    if (Files.size(file) == 0) {
      return EpcisFile.rejected("the file is empty (0 bytes)");
    }
    int first = firstCharacter(file);
    if (first == '<') {
      return EpcisXml.read(file, name, options);
    }
    if (first == '{' || first == '[') {
      TextEncodings.Decoded text = TextEncodings.decode(file, encoding);
      if (text.problem().isPresent()) {
        return EpcisFile.rejected(text.problem().get());
      }
      return EpcisJson.read(text.text().orElseThrow());
    }
    return EpcisFile.rejected("neither JSON nor XML: the file starts with neither '{' nor '<'");
  }

  /** The first character after a byte-order mark and whitespace; -1 when there is none. */
  static int firstCharacter(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4096);
    }
    int i = 0;
    if (head.length >= 3
        && (head[0] & 0xFF) == 0xEF
        && (head[1] & 0xFF) == 0xBB
        && (head[2] & 0xFF) == 0xBF) {
      i = 3;
    }
    for (; i < head.length; i++) {
      int c = head[i] & 0xFF;
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != 0) {
        return c;
      }
    }
    return -1;
  }
}
