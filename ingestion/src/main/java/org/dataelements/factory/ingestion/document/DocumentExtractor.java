package org.dataelements.factory.ingestion.document;

import java.io.IOException;
import java.util.Optional;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.dataelements.factory.ingestion.internal.TextEncodings;

/**
 * Turns one landing file into documents, without Spark: detects the media type, checks the bytes
 * and dispatches to the extractor of the type. Every rejection names the file.
 */
final class DocumentExtractor {
  private DocumentExtractor() {}

  static Extraction extract(LandingFile f, DocumentOptions options) throws IOException {
    Optional<String> excluded = options.excludedBy(f.path());
    if (excluded.isPresent()) {
      return Extraction.rejected(
          MediaTypes.OCTET_STREAM,
          f.path()
              + ": not a document: the name matches exclude_names '"
              + excluded.get()
              + "' (licence, notice and read-me files); narrow the object's path glob or set option"
              + " exclude_names");
    }
    if (f.sizeBytes() == 0) {
      return Extraction.rejected(
          MediaTypes.OCTET_STREAM, f.path() + ": the file is empty (0 bytes)");
    }
    String name = f.path().substring(f.path().lastIndexOf('/') + 1);
    String type = MediaTypes.detect(f.absolute(), name);
    MediaTypes.Kind kind = MediaTypes.kind(type);
    switch (kind) {
      case PDF:
        return PdfText.extract(f.absolute(), f.path());
      case BINARY:
        return Extraction.rejected(
            type,
            f.path()
                + ": binary content (detected "
                + type
                + "), not a document; narrow the object's path glob to the text files");
      case RECORDS:
        return Extraction.rejected(
            type,
            f.path()
                + ": "
                + type
                + " holds records, not a document;"
                + " land it with format xml, csv or tsv, or narrow the object's path glob");
      default:
        break;
    }
    TextEncodings.Decoded decoded = TextEncodings.decode(f.absolute(), options.encoding());
    if (decoded.problem().isPresent()) {
      String problem = decoded.problem().get();
      return Extraction.rejected(
          type,
          kind == MediaTypes.Kind.UNKNOWN && problem.contains("NUL")
              ? f.path() + ": binary content (detected " + type + "), not a document"
              : f.path() + ": " + problem);
    }
    String text = decoded.text().orElseThrow();
    return switch (kind) {
      case HTML -> HtmlText.extract(text, type);
      case JSON -> JsonCollections.extract(text, f.path(), options);
      case MARKDOWN -> PlainText.extract(text, type, true, options.recordSeparator());
      case UNKNOWN -> PlainText.extract(text, MediaTypes.PLAIN, false, options.recordSeparator());
      default -> PlainText.extract(text, type, false, options.recordSeparator());
    };
  }
}
