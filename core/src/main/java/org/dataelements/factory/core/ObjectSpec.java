package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One object of a source system: what files it covers (a glob relative to the landing root), how
 * they are encoded and parsed, which columns must be present, and each column's sensitivity.
 */
public record ObjectSpec(
    String name,
    String description,
    SourceFormat format,
    String path,
    String encoding,
    List<String> requiredColumns,
    Map<String, Sensitivity> sensitivity,
    Map<String, String> options) {

  public ObjectSpec {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(format, "format is null");
    requireNonNull(path, "path is null");
    requireNonNull(encoding, "encoding is null");
    requiredColumns = List.copyOf(requiredColumns);
    sensitivity = Map.copyOf(sensitivity);
    options = Map.copyOf(options);
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
      @JsonProperty("options") Map<String, String> options) {
    SpecFields.name(name, "name");
    SpecFields.required(description, "description");
    SpecFields.required(format, "format");
    SpecFields.required(path, "path");
    if (path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException(
          "path '" + path + "' must be a glob relative to the landing root (no leading '/', no '..')");
    }
    String enc = encoding == null ? "UTF-8" : encoding;
    if (!java.nio.charset.Charset.isSupported(enc)) {
      throw new IllegalArgumentException(
          "encoding '" + enc + "' is not a charset this JVM knows; use e.g. UTF-8, GB18030, GBK");
    }
    return new ObjectSpec(
        name,
        description,
        format,
        path,
        enc,
        requiredColumns == null ? List.of() : requiredColumns,
        sensitivity == null ? Map.of() : sensitivity,
        options == null ? Map.of() : options);
  }
}
