package org.dataelements.factory.ingestion.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;

/** Media type of a file from its first bytes and name (tika-core), and the extractor it needs. */
final class MediaTypes {
  static final String OCTET_STREAM = "application/octet-stream";
  static final String PLAIN = "text/plain";
  static final String MARKDOWN = "text/markdown";
  static final String HTML = "text/html";
  static final String XHTML = "application/xhtml+xml";
  static final String PDF = "application/pdf";
  static final String JSON = "application/json";
  private static final int HEAD_BYTES = 64 * 1024;
  private static final Detector DETECTOR = new DefaultDetector();

  /** Textual types that are not documents for this landing but records for another format. */
  private static final Set<String> RECORD_FORMATS =
      Set.of("application/xml", "text/xml", "text/csv", "text/tab-separated-values");

  /** Which extractor a media type goes to. */
  enum Kind {
    TEXT,
    MARKDOWN,
    HTML,
    PDF,
    JSON,
    /** Detected as generic bytes: text if it decodes, else binary. */
    UNKNOWN,
    /** A textual record format (XML, CSV) that another format lands. */
    RECORDS,
    BINARY
  }

  private MediaTypes() {}

  /**
   * The media type detected from the file's first 64 KiB and its name; Markdown as text/markdown.
   */
  static String detect(Path file, String name) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(HEAD_BYTES);
    }
    Metadata meta = new Metadata();
    meta.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    // A plain ByteArrayInputStream (mark supported) keeps detection off TikaInputStream.
    String type = DETECTOR.detect(new ByteArrayInputStream(head), meta).getBaseType().toString();
    return type.equals("text/x-web-markdown") ? MARKDOWN : type;
  }

  static Kind kind(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    return switch (t) {
      case PDF -> Kind.PDF;
      case HTML, XHTML -> Kind.HTML;
      case MARKDOWN -> Kind.MARKDOWN;
      case JSON -> Kind.JSON;
      case OCTET_STREAM -> Kind.UNKNOWN;
      default -> {
        if (RECORD_FORMATS.contains(t) || t.endsWith("+xml")) {
          yield Kind.RECORDS;
        }
        yield t.startsWith("text/") ? Kind.TEXT : Kind.BINARY;
      }
    };
  }
}
