package org.dataelements.factory.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Strict YAML reading into spec records: an unknown key, a wrong type or a missing field becomes
 * one message naming the file and the field path (e.g. {@code objects[2].format}).
 */
public final class StrictYaml {
  private static final ObjectMapper MAPPER =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new Jdk8Module())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  private StrictYaml() {}

  /**
   * The outcome of reading one file: the value, or the messages of what is wrong (usually one;
   * every bad option of an object when its options are at fault).
   */
  public record Result<T>(java.util.Optional<T> value, List<String> problems) {
    public Result {
      java.util.Objects.requireNonNull(value, "value is null");
      problems = List.copyOf(problems);
    }

    /** All problems, one a line; empty when the file was read. */
    public java.util.Optional<String> problem() {
      return problems.isEmpty()
          ? java.util.Optional.empty()
          : java.util.Optional.of(String.join("\n", problems));
    }
  }

  /** Reads a file; never throws for bad content, returns the problem instead. */
  public static <T> Result<T> read(Path file, String shownName, Class<T> type) {
    try {
      String text = Files.readString(file);
      if (text.isBlank()) {
        return problem(shownName + ": the file is empty; see the README for the expected keys");
      }
      java.util.Optional<String> unknown =
          KeyCheck.firstUnknownKey(MAPPER.readTree(text), type, "");
      if (unknown.isPresent()) {
        return problem(shownName + ": " + unknown.get());
      }
      return new Result<>(java.util.Optional.of(MAPPER.readValue(text, type)), List.of());
    } catch (JsonMappingException e) {
      return new Result<>(
          java.util.Optional.empty(),
          describeAll(e).stream().map(p -> shownName + ": " + p).toList());
    } catch (JsonProcessingException e) {
      return problem(
          shownName
              + ": not valid YAML at line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      return problem(shownName + ": cannot be read: " + e.getMessage());
    }
  }

  /**
   * Binds an already-read value (e.g. a spec's parameters) to a record with the same strictness as
   * a file; the problem names the field path under {@code prefix}.
   */
  static <T> Result<T> convert(Object value, String prefix, Class<T> type) {
    try {
      java.util.Optional<String> unknown =
          KeyCheck.firstUnknownKey(MAPPER.valueToTree(value), type, prefix);
      if (unknown.isPresent()) {
        return problem(unknown.get());
      }
      return new Result<>(java.util.Optional.of(MAPPER.convertValue(value, type)), List.of());
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof JsonMappingException m) {
        String d = describe(m);
        return problem(prefix + (d.startsWith(":") || d.isEmpty() ? "" : ".") + d);
      }
      return problem(prefix + ": " + e.getMessage());
    }
  }

  static boolean isYaml(Path p) {
    String n = p.getFileName().toString();
    return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
  }

  private static <T> Result<T> problem(String message) {
    return new Result<>(java.util.Optional.empty(), List.of(message));
  }

  /**
   * Each problem of a mapping exception; several when a creator reported {@link FieldProblems},
   * each then prefixed with the record's path ({@code objects[2].options.root ...}).
   */
  static List<String> describeAll(JsonMappingException e) {
    if (e instanceof ValueInstantiationException && e.getCause() instanceof FieldProblems f) {
      String path = path(e);
      return f.problems().stream().map(p -> path.isEmpty() ? p : path + "." + p).toList();
    }
    return List.of(describe(e));
  }

  static String describe(JsonMappingException e) {
    String path = path(e);
    String where = path.isEmpty() ? "" : path + ": ";
    if (e instanceof UnrecognizedPropertyException u) {
      String known =
          u.getKnownPropertyIds().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.joining(", "));
      String at = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) + ": " : "";
      return at
          + "unknown key '"
          + u.getPropertyName()
          + "'"
          + (known.isEmpty() ? "" : "; known keys here: " + known);
    }
    if (e instanceof InvalidFormatException f) {
      Class<?> target = f.getTargetType();
      if (target != null && target.isEnum()) {
        String allowed =
            Arrays.stream(target.getEnumConstants())
                .map(c -> c.toString().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return where + "'" + f.getValue() + "' is not a known value; use one of " + allowed;
      }
      return where
          + "'"
          + f.getValue()
          + "' is not a valid "
          + (target == null ? "value" : target.getSimpleName().toLowerCase(Locale.ROOT));
    }
    if (e instanceof ValueInstantiationException v) {
      Throwable cause = v.getCause() != null ? v.getCause() : v;
      return where + cause.getMessage();
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return where
          + "wrong type: expected "
          + typeWord(m.getTargetType())
          + " ("
          + firstLine(m.getOriginalMessage())
          + ")";
    }
    return where + firstLine(e.getOriginalMessage());
  }

  private static String typeWord(Class<?> t) {
    if (java.util.Collection.class.isAssignableFrom(t)) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(t) || t.isRecord()) {
      return "a mapping";
    }
    if (Number.class.isAssignableFrom(t) || t.isPrimitive()) {
      return "a number";
    }
    return "a " + t.getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid value";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      }
    }
    return sb.toString();
  }
}
