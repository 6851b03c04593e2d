package org.dataelements.factory.ingestion.document;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF: the text of every page (PDFBox), pages ended by a form feed; title and author from the
 * document information, page count and the other information entries as metadata. A PDF that does
 * not load, lacks its end-of-file marker (truncated), or is encrypted and yields no text, is
 * rejected.
 */
final class PdfText {
  /** Readers accept %%EOF anywhere in the last 1024 bytes (PDF 1.7 implementation note 18). */
  private static final int EOF_WINDOW = 1024;

  private PdfText() {}

  static Extraction extract(Path file, String shownPath) throws IOException {
    return extract(file, shownPath, DecodeLimits.DEFAULTS);
  }

  /**
   * As {@link #extract(Path, String)}, refusing a PDF whose streams decode beyond {@code limits}
   * (checked before any text is extracted, without holding the decoded bytes).
   */
  static Extraction extract(Path file, String shownPath, DecodeLimits limits) throws IOException {
    Map<String, Object> meta = new LinkedHashMap<>();
    String text;
    Optional<String> title;
    Optional<String> author;
    boolean encrypted;
    // PDFBox decodes object and xref streams while loading: into a cache bounded the same way.
    try (PDDocument doc =
        Loader.loadPDF(
            file.toFile(),
            MemoryUsageSetting.setupMainMemoryOnly(limits.maxDecodedBytes()).streamCache)) {
      Optional<String> bomb = PdfStreamBudget.check(doc.getDocument(), limits);
      if (bomb.isPresent()) {
        return Extraction.rejected(
            MediaTypes.PDF,
            shownPath
                + ": refused: a decompression bomb: "
                + bomb.get()
                + "; deliver the document's text in a file that is not compressed this far");
      }
      encrypted = doc.isEncrypted();
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setLineSeparator("\n");
      stripper.setPageEnd("\n\f");
      text = stripper.getText(doc);
      PDDocumentInformation info = doc.getDocumentInformation();
      title = Optional.ofNullable(info.getTitle()).map(String::strip);
      author = Optional.ofNullable(info.getAuthor()).map(String::strip);
      meta.put("page_count", doc.getNumberOfPages());
      meta.put("pdf_version", Float.toString(doc.getVersion()));
      putIfPresent(meta, "subject", info.getSubject());
      putIfPresent(meta, "keywords", info.getKeywords());
      putIfPresent(meta, "creator", info.getCreator());
      putIfPresent(meta, "producer", info.getProducer());
      putIfPresent(meta, "created_at", iso(info.getCreationDate()));
      putIfPresent(meta, "modified_at", iso(info.getModificationDate()));
      if (encrypted) {
        meta.put("encrypted", true);
      }
    } catch (InvalidPasswordException e) {
      return Extraction.rejected(
          MediaTypes.PDF,
          shownPath + ": encrypted PDF that needs a password to open; deliver an unencrypted copy");
    } catch (IOException | RuntimeException e) {
      // PDFBox reports corrupt and truncated files as IOExceptions, some as runtime exceptions;
      // the file itself was readable (its bytes were already read for detection).
      return Extraction.rejected(
          MediaTypes.PDF,
          shownPath
              + ": not a readable PDF (PDFBox: "
              + e.getMessage()
              + "); deliver a complete, intact copy");
    }
    if (!endsWithEofMarker(file)) {
      // PDFBox's lenient parser recovers what it can from a cut file; a cut file is not landed.
      return Extraction.rejected(
          MediaTypes.PDF,
          shownPath
              + ": truncated PDF (no %%EOF marker in its last 1024 bytes); deliver the complete file");
    }
    if (encrypted && text.isBlank()) {
      return Extraction.rejected(
          MediaTypes.PDF,
          shownPath + ": encrypted PDF with no extractable text; deliver an unencrypted copy");
    }
    return new Extraction.Builder(MediaTypes.PDF)
        .add(
            "",
            title,
            author,
            text,
            meta,
            Optional.empty(),
            "the PDF has no text layer (a scan?); OCR is not done at landing")
        .build();
  }

  private static boolean endsWithEofMarker(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      int n = (int) Math.min(EOF_WINDOW, size);
      ByteBuffer tail = ByteBuffer.allocate(n);
      ch.position(size - n);
      while (tail.hasRemaining() && ch.read(tail) >= 0) {
        // read the whole tail
      }
      return new String(tail.array(), 0, tail.position(), StandardCharsets.ISO_8859_1)
          .contains("%%EOF");
    }
  }

  private static void putIfPresent(Map<String, Object> meta, String key, String value) {
    if (value != null && !value.isBlank()) {
      meta.put(key, value.strip());
    }
  }

  private static String iso(Calendar c) {
    return c == null ? null : c.toInstant().atOffset(ZoneOffset.UTC).toString();
  }
}
