package org.dataelements.factory.ingestion.document;

/**
 * How much a compressed container may expand while it is read: the decoded bytes of all its streams
 * together, the number of streams, and the ratio of decoded to encoded bytes (checked once more
 * than {@code ratioGraceBytes} are decoded, so small, highly compressible streams pass). A file
 * beyond any of them is refused whole as a decompression bomb, without being decoded further.
 *
 * @param maxDecodedBytes the most bytes all streams of one file may decode to
 * @param maxStreams the most streams one file may hold
 * @param maxRatio the most decoded bytes per encoded byte
 * @param ratioGraceBytes decoded bytes below which the ratio is not checked
 */
record DecodeLimits(long maxDecodedBytes, int maxStreams, long maxRatio, long ratioGraceBytes) {
  /**
   * 256 MiB decoded, 100 000 streams, 200:1 beyond 16 MiB: far above any text document (the corpus'
   * PDFs decode to a few MiB) and far below the test JVM's heap.
   */
  static final DecodeLimits DEFAULTS = new DecodeLimits(256L << 20, 100_000, 200, 16L << 20);

  DecodeLimits {
    if (maxDecodedBytes <= 0 || maxStreams <= 0 || maxRatio <= 0 || ratioGraceBytes < 0) {
      throw new IllegalArgumentException(
          "decode limits must be positive: "
              + maxDecodedBytes
              + ", "
              + maxStreams
              + ", "
              + maxRatio
              + ", "
              + ratioGraceBytes);
    }
  }
}
