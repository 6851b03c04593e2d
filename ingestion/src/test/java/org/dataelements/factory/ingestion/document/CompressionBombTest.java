package org.dataelements.factory.ingestion.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.Deflater;
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
    CompressionBombs.writePdfWithZeroStream(pdf, 4 * GIB);
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
    CompressionBombs.writePdfWithStreams(pdf, 50, 10);

    Extraction e =
        PdfText.extract(pdf, "in/many.pdf", new DecodeLimits(1L << 20, 20, 1000, 1L << 20));

    String reason = e.rejection().orElseThrow();
    assertTrue(reason.startsWith("in/many.pdf: refused: "), reason);
    assertTrue(reason.contains("more than 20 streams"), reason);
  }

  @Test
  void refusesPdfWhoseCompressionRatioIsAboveTheLimit() throws IOException {
    Path pdf = dir.resolve("ratio.pdf");
    CompressionBombs.writePdfWithZeroStream(pdf, 8L << 20);

    Extraction e =
        PdfText.extract(pdf, "in/ratio.pdf", new DecodeLimits(1L << 30, 1000, 100, 1L << 20));

    String reason = e.rejection().orElseThrow();
    assertTrue(reason.contains("compression ratio"), reason);
    assertTrue(reason.contains("above 100"), reason);
  }

  @Test
  void landsAnOrdinaryCompressedPdf() throws IOException {
    Path pdf = dir.resolve("ok.pdf");
    CompressionBombs.writePdfWithStreams(pdf, 3, 1);

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
      CompressionBombs.writeZeros(z, 4 * GIB);
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
