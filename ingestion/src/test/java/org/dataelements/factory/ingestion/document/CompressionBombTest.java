package org.dataelements.factory.ingestion.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.internal.LandingScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real decompression bombs, far larger decoded than the test JVM's heap (-Xmx3g): each is refused
 * whole, with the file and the limit named, and the heap stays bounded while it is.
 */
class CompressionBombTest {
  private static final long GIB = 1L << 30;
  private static final DocumentOptions DEFAULTS =
      DocumentOptions.defaults("UTF-8", Optional.of("MIT"));

  @TempDir Path dir;

  @Test
  void refusesPdfWhoseStreamInflatesToFourGibibytesWithoutReadingItIntoMemory() throws IOException {
    Path pdf = dir.resolve("bomb.pdf");
    writePdfWithZeroStream(pdf, 4 * GIB);
    assertTrue(Files.size(pdf) < 8L << 20, "the bomb is small on disk: " + Files.size(pdf));

    long before = peakHeapReset();
    Extraction e = DocumentExtractor.extract(file("in/bomb.pdf", pdf), DEFAULTS);
    long peak = peakHeap();

    String reason = e.rejection().orElseThrow(() -> new AssertionError("landed a PDF bomb"));
    assertTrue(reason.startsWith("in/bomb.pdf: refused: "), reason);
    assertTrue(reason.contains("decompression bomb"), reason);
    assertTrue(reason.contains(Long.toString(DecodeLimits.DEFAULTS.maxDecodedBytes())), reason);
    System.out.printf(
        "PDF bomb (4 GiB decoded, %d bytes on disk): refused, peak heap %d MiB (before %d MiB)%n",
        Files.size(pdf), peak >> 20, before >> 20);
    assertTrue(peak < 1 * GIB, "peak heap " + (peak >> 20) + " MiB while refusing the bomb");
  }

  @Test
  void refusesPdfWithMoreStreamsThanTheLimit() throws IOException {
    Path pdf = dir.resolve("many.pdf");
    writePdfWithStreams(pdf, 50, 10);

    Extraction e =
        PdfText.extract(pdf, "in/many.pdf", new DecodeLimits(1L << 20, 20, 1000, 1L << 20));

    String reason = e.rejection().orElseThrow();
    assertTrue(reason.startsWith("in/many.pdf: refused: "), reason);
    assertTrue(reason.contains("more than 20 streams"), reason);
  }

  @Test
  void refusesPdfWhoseCompressionRatioIsAboveTheLimit() throws IOException {
    Path pdf = dir.resolve("ratio.pdf");
    writePdfWithZeroStream(pdf, 8L << 20);

    Extraction e =
        PdfText.extract(pdf, "in/ratio.pdf", new DecodeLimits(1L << 30, 1000, 100, 1L << 20));

    String reason = e.rejection().orElseThrow();
    assertTrue(reason.contains("compression ratio"), reason);
    assertTrue(reason.contains("above 100"), reason);
  }

  @Test
  void landsAnOrdinaryCompressedPdf() throws IOException {
    Path pdf = dir.resolve("ok.pdf");
    writePdfWithStreams(pdf, 3, 1);

    Extraction e = DocumentExtractor.extract(file("in/ok.pdf", pdf), DEFAULTS);

    assertEquals(Optional.empty(), e.rejection());
  }

  @Test
  void refusesZipBombAsBinaryWithoutInflatingIt() throws IOException {
    // documents never open archives (docx, epub, zip are binary to tika-core's magic detection);
    // this pins that a zip of 4 GiB of zeros is refused from its first bytes.
    Path zip = dir.resolve("bomb.docx");
    try (ZipOutputStream z =
        new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16))) {
      z.setLevel(Deflater.BEST_COMPRESSION);
      z.putNextEntry(new ZipEntry("word/document.xml"));
      writeZeros(z, 4 * GIB);
      z.closeEntry();
    }
    long before = peakHeapReset();
    Extraction e = DocumentExtractor.extract(file("in/bomb.docx", zip), DEFAULTS);
    long peak = peakHeap();

    String reason = e.rejection().orElseThrow();
    assertTrue(reason.startsWith("in/bomb.docx: binary content (detected application/"), reason);
    System.out.printf(
        "zip bomb (4 GiB decoded, %d bytes on disk): refused, peak heap %d MiB (before %d MiB)%n",
        Files.size(zip), peak >> 20, before >> 20);
    assertTrue(peak < 1 * GIB, "peak heap " + (peak >> 20) + " MiB while refusing the bomb");
  }

  static LandingFile file(String path, Path absolute) throws IOException {
    return new LandingFile(path, absolute, Files.size(absolute), LandingScanner.sha256(absolute));
  }

  /** A one-page PDF whose content stream is {@code zeros} NUL bytes, Flate-encoded. */
  static void writePdfWithZeroStream(Path pdf, long zeros) throws IOException {
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
  static void writePdfWithStreams(Path pdf, int count, int linesPerPage) throws IOException {
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

  private static void writeZeros(OutputStream out, long n) throws IOException {
    byte[] zeros = new byte[1 << 20];
    for (long left = n; left > 0; left -= zeros.length) {
      out.write(zeros, 0, (int) Math.min(zeros.length, left));
    }
  }

  /** Resets the heap pools' peaks after a GC; returns the heap in use then. */
  static long peakHeapReset() {
    System.gc();
    long used = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
        used += p.getUsage().getUsed();
      }
    }
    return used;
  }

  /** The sum of the heap pools' peak usage since the last reset. */
  static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
