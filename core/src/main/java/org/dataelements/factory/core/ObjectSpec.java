package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;

/**
 * One object of a source system: what files it covers (a glob relative to the landing root), how
 * they are encoded and parsed, which columns must be present, the declared schema (Spark DDL, e.g.
 * {@code "reading_date DATE, consumption DOUBLE"}; columns not declared keep the type they are read
 * with), each column's sensitivity and the format's options, checked when the spec is loaded.
 */
public record ObjectSpec(
    String name,
    String description,
    SourceFormat format,
    String path,
    String encoding,
    List<String> requiredColumns,
    Map<String, Sensitivity> sensitivity,
    FormatOptions options,
    Optional<StructType> schema) {

  public ObjectSpec {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(format, "format is null");
    requireNonNull(path, "path is null");
    requireNonNull(encoding, "encoding is null");
    requireNonNull(options, "options is null");
    requireNonNull(schema, "schema is null");
    requiredColumns = List.copyOf(requiredColumns);
    sensitivity = Map.copyOf(sensitivity);
    if (!options.appliesTo(format)) {
      throw new IllegalArgumentException(
          "options "
              + options
              + " do not apply to format "
              + format.label()
              + "; use FormatOptions.parse(format, options) or FormatOptions.defaults(format)");
    }
  }

  /** An object whose columns keep the types they are read with. */
  public ObjectSpec(
      String name,
      String description,
      SourceFormat format,
      String path,
      String encoding,
      List<String> requiredColumns,
      Map<String, Sensitivity> sensitivity,
      FormatOptions options) {
    this(
        name,
        description,
        format,
        path,
        encoding,
        requiredColumns,
        sensitivity,
        options,
        Optional.empty());
  }

  /**
   * An object with its format's default options, whose columns keep the types they are read with.
   *
   * @throws InvalidSpecException for a {@code jdbc} object, which needs options (its url)
   */
  public ObjectSpec(
      String name,
      String description,
      SourceFormat format,
      String path,
      String encoding,
      List<String> requiredColumns,
      Map<String, Sensitivity> sensitivity) {
    this(
        name,
        description,
        format,
        path,
        encoding,
        requiredColumns,
        sensitivity,
        FormatOptions.defaults(format));
  }

  /**
   * The options as the record of this object's format.
   *
   * @throws IllegalStateException when the object is of another format (a programming error)
   */
  public <T extends FormatOptions> T options(Class<T> type) {
    if (!type.isInstance(options)) {
      throw new IllegalStateException(
          "object "
              + name
              + " is "
              + format.label()
              + ", its options are not "
              + type.getSimpleName());
    }
    return type.cast(options);
  }

  /** The same object with a declared schema. */
  public ObjectSpec withSchema(StructType declared) {
    return new ObjectSpec(
        name,
        description,
        format,
        path,
        encoding,
        requiredColumns,
        sensitivity,
        options,
        Optional.of(declared));
  }

  @JsonCreator
  static ObjectSpec fromYaml(
      @JsonProperty("name") String name,
      @JsonProperty("description") String description,
      @JsonProperty("format") SourceFormat format,
      @JsonProperty("path") String path,
      @JsonProperty("encoding") String encoding,
      @JsonProperty("required_columns") List<String> requiredColumns,
      @JsonProperty("sensitivity") Map<String, Sensitivity> sensitivity,
      @JsonProperty("options") Map<String, String> options,
      @JsonProperty("schema") String schema) {
    SpecFields.name(name, "name");
    SpecFields.required(description, "description");
    SpecFields.required(format, "format");
    SpecFields.required(path, "path");
    if (path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException(
          "path '"
              + path
              + "' must be a glob relative to the landing root (no leading '/', no '..')");
    }
    String enc = encoding == null ? "UTF-8" : encoding;
    if (!java.nio.charset.Charset.isSupported(enc)) {
      throw new IllegalArgumentException(
          "encoding '" + enc + "' is not a charset this JVM knows; use e.g. UTF-8, GB18030, GBK");
    }
    FormatOptions typed = OptionReader.read(format, options == null ? Map.of() : options);
    return new ObjectSpec(
        name,
        description,
        format,
        path,
        enc,
        requiredColumns == null ? List.of() : requiredColumns,
        sensitivity == null ? Map.of() : sensitivity,
        typed,
        schema == null ? Optional.empty() : Optional.of(declaredSchema(schema)));
  }

  private static StructType declaredSchema(String ddl) {
    try {
      return StructType.fromDDL(ddl);
    } catch (
        Exception e) { // Spark's ParseException is a checked type, thrown undeclared from Scala
      String why = String.valueOf(e.getMessage());
      int nl = why.indexOf('\n');
      throw new IllegalArgumentException(
          "schema '"
              + ddl
              + "' is not a column list in Spark DDL ("
              + (nl < 0 ? why : why.substring(0, nl))
              + "); write e.g. \"reading_date DATE, consumption DOUBLE\"");
    }
  }
}
