package org.dataelements.factory.ingestion.document;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;

/**
 * Decodes every stream of a loaded PDF into a counter, never into memory, before any text is
 * extracted: a PDF whose streams together decode beyond {@link DecodeLimits} (a Flate bomb), or
 * that holds more streams than allowed, is refused. Image codecs, which text extraction never
 * decodes, count with their encoded length.
 */
final class PdfStreamBudget {
  private static final Set<COSName> IMAGE_CODECS =
      Set.of(
          COSName.DCT_DECODE,
          COSName.JPX_DECODE,
          COSName.JBIG2_DECODE,
          COSName.CCITTFAX_DECODE,
          COSName.DCT_DECODE_ABBREVIATION,
          COSName.CCITTFAX_DECODE_ABBREVIATION);

  private final DecodeLimits limits;
  private long decoded;
  private long encoded;

  private PdfStreamBudget(DecodeLimits limits) {
    this.limits = limits;
  }

  /** Why the document is refused as a decompression bomb, or empty when it is within limits. */
  static Optional<String> check(COSDocument doc, DecodeLimits limits) throws IOException {
    PdfStreamBudget budget = new PdfStreamBudget(limits);
    int streams = 0;
    for (COSObjectKey key : new ArrayList<>(doc.getXrefTable().keySet())) {
      COSObject o = doc.getObjectFromPool(key);
      COSBase base = o == null ? null : o.getObject();
      if (!(base instanceof COSStream s)) {
        continue;
      }
      if (++streams > limits.maxStreams()) {
        return Optional.of("it holds more than " + limits.maxStreams() + " streams");
      }
      try {
        budget.decode(s);
      } catch (Exceeded e) {
        return Optional.of(e.getMessage());
      } catch (java.io.UncheckedIOException e) {
        if (e.getCause() instanceof Exceeded x) {
          return Optional.of(x.getMessage());
        }
        throw e;
      }
    }
    return Optional.empty();
  }

  private void decode(COSStream s) throws IOException {
    List<COSName> names = filters(s.getFilters());
    long raw = s.getLength();
    encoded += Math.max(raw, 0);
    if (names.isEmpty() || names.stream().anyMatch(IMAGE_CODECS::contains)) {
      count(Math.max(raw, 0));
      return;
    }
    InputStream in = s.createRawInputStream();
    try {
      for (int i = 0; i < names.size(); i++) {
        Filter f = FilterFactory.INSTANCE.getFilter(names.get(i));
        if (i == names.size() - 1) {
          f.decode(in, new Counter(), s, i);
        } else {
          // an intermediate stage is held, but never beyond what is left of the budget
          Bounded stage = new Bounded(limits.maxDecodedBytes() - decoded);
          f.decode(in, stage, s, i);
          in.close();
          in = new ByteArrayInputStream(stage.toByteArray());
        }
      }
    } finally {
      in.close();
    }
  }

  private void count(long n) throws Exceeded {
    decoded += n;
    if (decoded > limits.maxDecodedBytes()) {
      throw new Exceeded(
          "its streams decode to more than "
              + limits.maxDecodedBytes()
              + " bytes (the limit on decoded bytes per file)");
    }
    if (decoded > limits.ratioGraceBytes() && decoded > limits.maxRatio() * Math.max(encoded, 1)) {
      throw new Exceeded(
          "its streams decode to "
              + decoded
              + "+ bytes from "
              + encoded
              + ", a compression ratio above "
              + limits.maxRatio()
              + ":1 (the limit per file)");
    }
  }

  private static List<COSName> filters(COSBase f) {
    List<COSName> names = new ArrayList<>();
    if (f instanceof COSName n) {
      names.add(n);
    } else if (f instanceof COSArray a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.getObject(i) instanceof COSName n) {
          names.add(n);
        }
      }
    }
    return names;
  }

  /** Thrown out of a filter's decode loop when the budget is spent; it stops decoding at once. */
  private static final class Exceeded extends IOException {
    private static final long serialVersionUID = 1L;

    Exceeded(String message) {
      super(message);
    }
  }

  /** Counts the decoded bytes and throws when a limit is passed. */
  private final class Counter extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      count(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      count(len);
    }
  }

  /** Holds an intermediate stage up to {@code max} bytes. */
  private final class Bounded extends ByteArrayOutputStream {
    private final long max;

    Bounded(long max) {
      this.max = max;
    }

    @Override
    public synchronized void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      if (count + (long) len > max) {
        throw new java.io.UncheckedIOException(
            new Exceeded(
                "its streams decode to more than "
                    + limits.maxDecodedBytes()
                    + " bytes (the limit on decoded bytes per file)"));
      }
      super.write(b, off, len);
    }
  }
}
