package org.dataelements.factory.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds keys a spec record does not know, walking the YAML tree along the record's {@link
 * JsonCreator} parameters (nested records, lists and maps of records), so that a typo is reported
 * with its path and the keys that are known there.
 */
final class KeyCheck {
  private KeyCheck() {}

  static Optional<String> firstUnknownKey(JsonNode node, Type type, String path) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (type instanceof ParameterizedType pt) {
      Type raw = pt.getRawType();
      Type[] args = pt.getActualTypeArguments();
      if (raw == List.class && node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          Optional<String> r = firstUnknownKey(node.get(i), args[0], path + "[" + i + "]");
          if (r.isPresent()) {
            return r;
          }
        }
      } else if (raw == Map.class && node.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
          var e = it.next();
          Optional<String> r = firstUnknownKey(e.getValue(), args[1], join(path, e.getKey()));
          if (r.isPresent()) {
            return r;
          }
        }
      }
      return Optional.empty();
    }
    if (!(type instanceof Class<?> cls) || !node.isObject()) {
      return Optional.empty();
    }
    Map<String, Type> known = creatorProperties(cls);
    if (known.isEmpty()) {
      return Optional.empty();
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!known.containsKey(key)) {
        return Optional.of(
            (path.isEmpty() ? "" : path + ": ")
                + "unknown key '"
                + key
                + "'; known keys here: "
                + String.join(", ", new TreeSet<>(known.keySet())));
      }
      Optional<String> r = firstUnknownKey(node.get(key), known.get(key), join(path, key));
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static Map<String, Type> creatorProperties(Class<?> cls) {
    Map<String, Type> out = new LinkedHashMap<>();
    for (Method m : cls.getDeclaredMethods()) {
      if (m.isAnnotationPresent(JsonCreator.class) && m.getParameterCount() > 1
          || m.isAnnotationPresent(JsonCreator.class)
              && m.getParameters()[0].isAnnotationPresent(JsonProperty.class)) {
        for (Parameter p : m.getParameters()) {
          JsonProperty jp = p.getAnnotation(JsonProperty.class);
          if (jp != null) {
            out.put(jp.value(), p.getParameterizedType());
          }
        }
      }
    }
    return out;
  }
}
