package org.dataelements.factory.ingestion.document;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.BronzeColumns;
import org.dataelements.factory.ingestion.internal.LandingFile;

/**
 * Lands documents (format {@code document}): one bronze row per document, with {@link #SCHEMA}.
 *
 * <p>A file is one document (plain text, Markdown, HTML, PDF), except that a JSON file is a
 * collection whose innermost objects holding a text field are the documents, and a text file of an
 * object with option {@code record_separator} holds one document per entry between lines holding
 * only the separator (fortune files). The {@code text} column holds the <em>extracted</em> text:
 * for HTML the visible body text without scripts and styles; for PDF the text layer; for plain text
 * and Markdown the text as delivered, decoded with the object's encoding, BOM and ANSI terminal
 * escape sequences removed (the count removed is in {@code metadata}); for JSON the text field,
 * string arrays joined with newlines.
 *
 * <p>Options: {@code text_fields} (default {@code paragraphs,content,text,body,abstract}), {@code
 * title_fields} ({@code title,chapter}), {@code author_fields} ({@code author}), {@code
 * record_separator}, {@code licence} (overrides the source's licence) and {@code exclude_names}
 * (file-name globs that are not documents; default {@code LICENSE*,LICENCE*,COPYING*,copyright,
 * NOTICE*,README*}, case-insensitive).
 *
 * <p>A file is rejected whole, with a reason naming it, when it is empty, excluded by name, not
 * decodable in the declared encoding, binary, a record format (XML, CSV), a corrupt or
 * password-protected PDF, an encrypted PDF without text, a JSON file that does not parse or holds
 * no text element. A document whose text is blank after extraction is quarantined.
 */
public final class DocumentLanding {
  /** The bronze columns of a document object (the runner adds the other audit columns). */
  public static final StructType SCHEMA =
      new StructType()
          .add("document_id", DataTypes.StringType, false)
          .add("element_path", DataTypes.StringType, false)
          .add("record_number", DataTypes.LongType, false)
          .add("title", DataTypes.StringType, true)
          .add("author", DataTypes.StringType, true)
          .add("text", DataTypes.StringType, false)
          .add("media_type", DataTypes.StringType, false)
          .add("language_hint", DataTypes.StringType, true)
          .add("char_count", DataTypes.LongType, false)
          .add("licence", DataTypes.StringType, true)
          .add("metadata", DataTypes.StringType, false)
          .add(BronzeColumns.SOURCE_FILE, DataTypes.StringType, false)
          .add(BronzeColumns.SOURCE_CHECKSUM, DataTypes.StringType, false);

  private DocumentLanding() {}

  /**
   * Whether a file under the object's glob can be a document of it: false for licence, notice and
   * read-me files (option {@code exclude_names}).
   */
  public static boolean accepts(LandingFile file, ObjectSpec object) {
    requireNonNull(file, "file is null");
    requireNonNull(object, "object is null");
    return DocumentOptions.of(object, Optional.empty()).excludedBy(file.path()).isEmpty();
  }

  /**
   * Reads the files one at a time and returns their documents (rows with {@link #SCHEMA}), the
   * quarantined elements, per-file counts and whole-file rejections.
   *
   * @throws UncheckedIOException when a file cannot be read
   */
  public static BronzeBatch parse(
      SparkSession spark, SourceSpec source, ObjectSpec object, List<LandingFile> files) {
    requireNonNull(spark, "spark is null");
    requireNonNull(source, "source is null");
    requireNonNull(object, "object is null");
    requireNonNull(files, "files is null");
    DocumentOptions options = DocumentOptions.of(object, source.licence());
    List<Row> rows = new ArrayList<>();
    List<Row> quarantine = new ArrayList<>();
    Map<String, BronzeBatch.Counts> counts = new HashMap<>();
    Map<String, String> rejections = new HashMap<>();
    for (LandingFile f : files) {
      Extraction x;
      try {
        x = DocumentExtractor.extract(f, options);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read landing file " + f.path(), e);
      }
      if (x.rejection().isPresent()) {
        rejections.put(f.path(), x.rejection().get());
        continue;
      }
      for (Extraction.Doc d : x.documents()) {
        rows.add(row(f, x.mediaType(), d, options.licence()));
      }
      for (Extraction.Quarantined q : x.quarantined()) {
        quarantine.add(
            RowFactory.create(
                f.path(),
                f.checksum(),
                q.recordNumber(),
                q.raw().orElse(null),
                f.path() + ": " + q.reason()));
      }
      counts.put(f.path(), new BronzeBatch.Counts(x.documents().size(), x.quarantined().size()));
    }
    return new BronzeBatch(
        rows.isEmpty() ? Optional.empty() : Optional.of(spark.createDataFrame(rows, SCHEMA)),
        quarantine.isEmpty()
            ? Optional.empty()
            : Optional.of(spark.createDataFrame(quarantine, BronzeColumns.QUARANTINE)),
        counts,
        rejections);
  }

  static Row row(LandingFile f, String mediaType, Extraction.Doc d, Optional<String> licence) {
    return RowFactory.create(
        documentId(f.checksum(), d.elementPath()),
        d.elementPath(),
        d.recordNumber(),
        d.title().orElse(null),
        d.author().orElse(null),
        d.text(),
        mediaType,
        null,
        (long) d.text().codePointCount(0, d.text().length()),
        licence.orElse(null),
        json(d.metadata()),
        f.path(),
        f.checksum());
  }

  /** A stable id: the first 32 hex digits of SHA-256 over the file checksum and element path. */
  static String documentId(String checksum, String elementPath) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] h = sha.digest((checksum + elementPath).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  static String json(Map<String, Object> metadata) {
    try {
      return JsonCollections.MAPPER.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metadata does not serialise as JSON", e);
    }
  }
}
