package org.dataelements.factory.products.release.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Deterministic JSON writing (fields in the order written, two-space indent, {@code \n} line ends,
 * UTF-8, trailing newline) and strict reading (duplicate, unknown, missing or mistyped keys are
 * errors naming their path).
 */
public final class StrictJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper MAPPER =
      new ObjectMapper(FACTORY).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private StrictJson() {}

  /** Writes one document; {@code body} writes exactly one value with the generator. */
  public static byte[] write(boolean pretty, GeneratorBody body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      if (pretty) {
        g.setPrettyPrinter(new Printer());
      }
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (pretty) {
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** Writes JSON values with a generator. */
  @FunctionalInterface
  public interface GeneratorBody {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * Parses a document whose root must be an object.
   *
   * @param error makes the exception for a (field path, problem) pair
   */
  public static Obj read(byte[] json, BiFunction<String, String, RuntimeException> error) {
    JsonNode root;
    try (JsonParser p = FACTORY.createParser(json)) {
      root = MAPPER.readTree(p);
    } catch (JsonProcessingException e) {
      throw error.apply(
          "",
          "is not valid JSON at line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw error.apply("", "is not a JSON object");
    }
    return new Obj(root, "", error);
  }

  /** A JSON object being read: every key must be read once, and {@link #done()} says so. */
  public static final class Obj {
    private final JsonNode node;
    private final String path;
    private final BiFunction<String, String, RuntimeException> error;
    private final Set<String> read = new HashSet<>();

    private Obj(JsonNode node, String path, BiFunction<String, String, RuntimeException> error) {
      this.node = node;
      this.path = path;
      this.error = error;
    }

    public String text(String key) {
      JsonNode v = required(key);
      if (!v.isTextual()) {
        throw error.apply(at(key), "must be a string");
      }
      return v.textValue();
    }

    /** A key that must be present, with a string or {@code null}. */
    public Optional<String> nullableText(String key) {
      JsonNode v = required(key);
      if (v.isNull()) {
        return Optional.empty();
      }
      if (!v.isTextual()) {
        throw error.apply(at(key), "must be a string or null");
      }
      return Optional.of(v.textValue());
    }

    public long integer(String key) {
      JsonNode v = required(key);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw error.apply(at(key), "must be an integer");
      }
      return v.longValue();
    }

    public int int32(String key) {
      long v = integer(key);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw error.apply(at(key), "is out of range");
      }
      return (int) v;
    }

    public Obj object(String key) {
      JsonNode v = required(key);
      if (!v.isObject()) {
        throw error.apply(at(key), "must be an object");
      }
      return new Obj(v, at(key), error);
    }

    public List<Obj> objects(String key) {
      JsonNode v = required(key);
      if (!v.isArray()) {
        throw error.apply(at(key), "must be an array");
      }
      List<Obj> out = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        JsonNode e = v.get(i);
        String p = at(key) + "[" + i + "]";
        if (!e.isObject()) {
          throw error.apply(p, "must be an object");
        }
        out.add(new Obj(e, p, error));
      }
      return out;
    }

    /** Fails on the first key that was not read. */
    public void done() {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!read.contains(name)) {
          throw error.apply(at(name), "is not a known key");
        }
      }
    }

    /** The field path of a key, for messages. */
    public String at(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    /** An exception for a problem with a key's value. */
    public RuntimeException problem(String key, String problem) {
      return error.apply(at(key), problem);
    }

    private JsonNode required(String key) {
      JsonNode v = node.get(key);
      if (v == null) {
        throw error.apply(at(key), "is missing");
      }
      read.add(key);
      return v;
    }
  }

  /** Two-space indent, {@code "key": value}, {@code \n} whatever the platform. */
  private static final class Printer extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    Printer() {
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      _objectIndenter = indenter;
      _arrayIndenter = indenter;
      _objectFieldValueSeparatorWithSpaces = ": ";
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new Printer();
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      if (!_arrayIndenter.isInline()) {
        --_nesting;
      }
      if (values > 0) {
        _arrayIndenter.writeIndentation(g, _nesting);
      }
      g.writeRaw(']');
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      if (!_objectIndenter.isInline()) {
        --_nesting;
      }
      if (entries > 0) {
        _objectIndenter.writeIndentation(g, _nesting);
      }
      g.writeRaw('}');
    }
  }
}
