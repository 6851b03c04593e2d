package org.dataelements.factory.products.release.internal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one place that walks the Scala collections inside Spark rows (arrays and maps). */
final class ScalaCollections {
  private ScalaCollections() {}

  static List<Object> elements(Object seq) {
    List<Object> out = new ArrayList<>();
    if (seq instanceof List<?> list) {
      out.addAll(list);
      return out;
    }
    scala.collection.Iterator<?> it = ((scala.collection.Iterable<?>) seq).iterator();
    while (it.hasNext()) {
      out.add(it.next());
    }
    return out;
  }

  static List<Map.Entry<Object, Object>> entries(Object map) {
    List<Map.Entry<Object, Object>> out = new ArrayList<>();
    if (map instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.add(new AbstractMap.SimpleEntry<>(k, v)));
      return out;
    }
    scala.collection.Iterator<?> it = ((scala.collection.Map<?, ?>) map).iterator();
    while (it.hasNext()) {
      scala.Tuple2<?, ?> kv = (scala.Tuple2<?, ?>) it.next();
      out.add(new AbstractMap.SimpleEntry<>(kv._1(), kv._2()));
    }
    return out;
  }
}
