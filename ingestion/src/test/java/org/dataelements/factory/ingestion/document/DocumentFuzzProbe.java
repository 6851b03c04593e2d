package org.dataelements.factory.ingestion.document;

import java.io.IOException;
import java.util.Optional;
import org.dataelements.factory.ingestion.internal.LandingFile;

/** The document extractor as tests outside this package see it. */
public final class DocumentFuzzProbe {
  private static final DocumentOptions DEFAULTS =
      DocumentOptions.defaults("UTF-8", Optional.of("MIT"));

  private DocumentFuzzProbe() {}

  /** The rejection of a file, if it is rejected. */
  public static Optional<String> extract(LandingFile f) throws IOException {
    return DocumentExtractor.extract(f, DEFAULTS).rejection();
  }

  /** Everything extracted from a file (texts, titles, raw records, metadata), as one string. */
  public static String everything(LandingFile f) throws IOException {
    return DocumentExtractor.extract(f, DEFAULTS).toString();
  }
}
