package org.dataelements.factory.ingestion.document;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Writes real decompression bombs, streamingly: small on disk, huge once inflated. */
public final class CompressionBombs {
  private CompressionBombs() {}

  /** A one-page PDF whose content stream is {@code zeros} NUL bytes, Flate-encoded. */
  public static void writePdfWithZeroStream(Path pdf, long zeros) throws IOException {
    Path body = pdf.resolveSibling(pdf.getFileName() + ".stream");
    try (OutputStream out =
        new DeflaterOutputStream(
            new BufferedOutputStream(Files.newOutputStream(body), 1 << 16),
            new Deflater(Deflater.BEST_COMPRESSION),
            1 << 16)) {
      writeZeros(out, zeros);
    }
    List<Path> streams = List.of(body);
    writePdf(pdf, streams);
    Files.delete(body);
  }

  /** A PDF with {@code count} pages, each a small Flate-encoded text content stream. */
  public static void writePdfWithStreams(Path pdf, int count, int linesPerPage) throws IOException {
    List<Path> streams = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path body = pdf.resolveSibling(pdf.getFileName() + "." + i + ".stream");
      try (OutputStream out = new DeflaterOutputStream(Files.newOutputStream(body))) {
        StringBuilder s = new StringBuilder("BT /F1 12 Tf 72 700 Td ");
        for (int l = 0; l < linesPerPage; l++) {
          s.append("(page ").append(i).append(" line ").append(l).append(") Tj 0 -14 Td ");
        }
        out.write(s.append("ET").toString().getBytes(StandardCharsets.US_ASCII));
      }
      streams.add(body);
    }
    writePdf(pdf, streams);
    for (Path p : streams) {
      Files.delete(p);
    }
  }

  /** Pages, one per stream file (already Flate-encoded), with a correct xref table. */
  private static void writePdf(Path pdf, List<Path> streams) throws IOException {
    int n = streams.size();
    int font = 3 + 2 * n;
    List<Long> offsets = new ArrayList<>();
    try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(pdf), 1 << 16)) {
      long[] pos = {0};
      OutputStream out =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              raw.write(b);
              pos[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              raw.write(b, off, len);
              pos[0] += len;
            }
          };
      ascii(out, "%PDF-1.4\n");
      offsets.add(pos[0]);
      ascii(out, "1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n");
      offsets.add(pos[0]);
      StringBuilder kids = new StringBuilder();
      for (int i = 0; i < n; i++) {
        kids.append(3 + 2 * i).append(" 0 R ");
      }
      ascii(out, "2 0 obj <</Type/Pages/Kids[" + kids + "]/Count " + n + ">> endobj\n");
      for (int i = 0; i < n; i++) {
        offsets.add(pos[0]);
        ascii(
            out,
            (3 + 2 * i)
                + " 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources <</Font"
                + " <</F1 "
                + font
                + " 0 R>>>>/Contents "
                + (4 + 2 * i)
                + " 0 R>> endobj\n");
        offsets.add(pos[0]);
        long len = Files.size(streams.get(i));
        ascii(out, (4 + 2 * i) + " 0 obj <</Length " + len + "/Filter/FlateDecode>>\nstream\n");
        Files.copy(streams.get(i), out);
        ascii(out, "\nendstream\nendobj\n");
      }
      offsets.add(pos[0]);
      ascii(out, font + " 0 obj <</Type/Font/Subtype/Type1/BaseFont/Helvetica>> endobj\n");
      long xref = pos[0];
      StringBuilder x = new StringBuilder("xref\n0 " + (font + 1) + "\n0000000000 65535 f \n");
      for (long o : offsets) {
        x.append(String.format("%010d 00000 n \n", o));
      }
      x.append("trailer <</Size ")
          .append(font + 1)
          .append("/Root 1 0 R>>\nstartxref\n")
          .append(xref)
          .append("\n%%EOF\n");
      ascii(out, x.toString());
    }
  }

  private static void ascii(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.US_ASCII));
  }

  static void writeZeros(OutputStream out, long n) throws IOException {
    byte[] zeros = new byte[1 << 20];
    for (long left = n; left > 0; left -= zeros.length) {
      out.write(zeros, 0, (int) Math.min(zeros.length, left));
    }
  }
}
