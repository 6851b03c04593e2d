package org.dataelements.factory.ingestion.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Decodes text files strictly, so a file in another encoding is caught instead of garbled. */
public final class TextEncodings {
  private TextEncodings() {}

  /**
   * The file's text in the declared charset, BOM removed; or a problem naming the byte offset and,
   * where the bytes decode as GB18030, a hint to declare it.
   */
  public static Decoded decode(Path file, String charsetName) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Charset cs = Charset.forName(charsetName);
    try {
      String text = strict(cs).decode(ByteBuffer.wrap(bytes)).toString();
      if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
        text = text.substring(1);
      }
      if (text.indexOf('\u0000') >= 0) {
        return Decoded.problem(binary(cs));
      }
      return new Decoded(Optional.of(text), Optional.empty());
    } catch (CharacterCodingException e) {
      return Decoded.problem(invalid(cs, firstBadByte(bytes, cs), bytes));
    }
  }

  /**
   * Streams the file through a strict decoder; empty when every byte decodes, else the problem
   * (byte offset, and a GB18030 hint where it fits). For files too large to hold in memory.
   */
  public static Optional<String> check(Path file, String charsetName) throws IOException {
    Charset cs = Charset.forName(charsetName);
    CharsetDecoder d = strict(cs);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(1 << 16);
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    long consumed = 0;
    try (var ch = Files.newByteChannel(file)) {
      boolean eof = false;
      while (!eof) {
        eof = ch.read(in) < 0;
        in.flip();
        int before = in.position();
        var r = d.decode(in, out, eof);
        consumed += in.position() - before;
        if (r.isError()) {
          // Only a failing file is read whole, to see whether it is GB18030.
          return Optional.of(invalid(cs, consumed, Files.readAllBytes(file)));
        }
        for (int i = 0; i < out.position(); i++) {
          if (out.get(i) == '\u0000') {
            return Optional.of(binary(cs));
          }
        }
        out.clear();
        in.compact();
      }
    }
    return Optional.empty();
  }

  /** Bytes that do not decode: where, and a hint when they are GB18030/GBK text. */
  private static String invalid(Charset cs, long offset, byte[] bytes) {
    String hint =
        !cs.name().equalsIgnoreCase("GB18030") && decodes(bytes, Charset.forName("GB18030"))
            ? "; it decodes as GB18030/GBK: declare encoding: GB18030 for this object"
            : "";
    return "not valid " + cs.name() + " at byte " + offset + hint;
  }

  private static String binary(Charset cs) {
    return "the file holds NUL bytes: it is binary, not " + cs.name() + " text";
  }

  private static CharsetDecoder strict(Charset cs) {
    return cs.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static boolean decodes(byte[] bytes, Charset cs) {
    try {
      String s = strict(cs).decode(ByteBuffer.wrap(bytes)).toString();
      return s.indexOf('\u0000') < 0;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static long firstBadByte(byte[] bytes, Charset cs) {
    CharsetDecoder d = strict(cs);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 16);
    d.decode(in, out, true);
    return in.position();
  }

  /** Text, or why the file could not be decoded. */
  public record Decoded(Optional<String> text, Optional<String> problem) {
    static Decoded problem(String p) {
      return new Decoded(Optional.empty(), Optional.of(p));
    }
  }
}
