package org.dataelements.factory.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats a source object can declare. */
public enum SourceFormat {
  /** Delimited text with a header row; all columns land as strings. */
  CSV,
  /** Tab-separated text with a header row. */
  TSV,
  /**
   * Wind-style wide time-series export: a block of metadata header rows ({@code Name}, {@code
   * Frequency}, {@code Unit}, …) and one column per series; recognised by its content.
   */
  WIND_WIDE,
  /** A JSON document per file: an array of records, or one record; nested objects stay structs. */
  JSON,
  /** JSON Lines: one record per line; a line that is not JSON is quarantined. */
  JSONL,
  /** Apache Parquet files; columns merged by name across files. */
  PARQUET,
  /**
   * XML: one record per element at a configurable record path; external entities and DTD loading
   * are refused.
   */
  XML,
  /**
   * GS1 EPCIS capture/query documents or bare events (2.0 JSON/JSON-LD and XML, 1.2 XML): one
   * record per event with the document's identity and header; recognised by content.
   */
  EPCIS,
  /**
   * Documents for the text corpus (plain text, Markdown, HTML, PDF, JSON collections): one record
   * per document with its extracted text, media type and licence.
   */
  DOCUMENT,
  /**
   * A database table read over JDBC as one snapshot; the object's {@code path} is the table
   * reference ({@code schema.table}) and its options hold the URL and credentials' source.
   */
  JDBC;

  @JsonCreator
  static SourceFormat fromYaml(String value) {
    return SpecFields.enumValue(SourceFormat.class, value);
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The labels of all formats, for error messages. */
  public static String labels() {
    return Arrays.stream(values()).map(SourceFormat::label).collect(Collectors.joining(", "));
  }
}
