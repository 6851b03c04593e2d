package org.dataelements.factory.curation.power;

import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/** Energy units as sources write them, with their factor to kWh. */
public final class Units {
  /** Unit spellings (lower case, single spaces) → kWh per unit. */
  static final Map<String, Double> TO_KWH = new LinkedHashMap<>();

  static {
    TO_KWH.put("kwh", 1.0);
    TO_KWH.put("千瓦时", 1.0);
    TO_KWH.put("mwh", 1e3);
    TO_KWH.put("gwh", 1e6);
    TO_KWH.put("twh", 1e9);
    TO_KWH.put("10000 kwh", 1e4);
    TO_KWH.put("10,000 kwh", 1e4);
    TO_KWH.put("10 thousand kwh", 1e4);
    TO_KWH.put("10^4 kwh", 1e4);
    TO_KWH.put("万千瓦时", 1e4);
    TO_KWH.put("万kwh", 1e4);
    TO_KWH.put("100 million kwh", 1e8);
    TO_KWH.put("100mn kwh", 1e8);
    TO_KWH.put("10^8 kwh", 1e8);
    TO_KWH.put("亿千瓦时", 1e8);
    TO_KWH.put("亿kwh", 1e8);
    TO_KWH.put("billion kwh", 1e9);
  }

  private Units() {}

  /** The factor to kWh of a unit column, null when the unit is not known. */
  public static Column toKwhFactor(Column unit) {
    List<Column> kv = new ArrayList<>();
    TO_KWH.forEach(
        (k, v) -> {
          kv.add(lit(k));
          kv.add(lit(v));
        });
    Column key = regexp_replace(lower(trim(unit)), "\\s+", " ");
    return element_at(map(kv.toArray(Column[]::new)), key);
  }

  /** The known spellings, for messages. */
  public static String known() {
    return String.join(", ", TO_KWH.keySet());
  }
}
