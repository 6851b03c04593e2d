package org.dataelements.factory.orchestration.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a step's outputs were built from: its parameters, the factory's code, its checks, the
 * versions of its inputs and the checksums of its reference lists, one part per line ({@code
 * key=value}). Stored with each output's commit; equal fingerprints mean nothing that could change
 * the output changed, and {@link #changesSince} says what did.
 */
public record Fingerprint(Map<String, String> parts) {
  public Fingerprint {
    parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
  }

  /** Parses a stored fingerprint (an older, unstructured one has no parts). */
  public static Fingerprint parse(String stored) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (String line : stored.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        parts.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return new Fingerprint(parts);
  }

  /** The form stored with a commit. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    parts.forEach((k, v) -> sb.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
    return sb.toString();
  }

  /**
   * Why this fingerprint differs from the one an output was last built under, in words (empty when
   * they are equal): a changed spec, code or reference file, or an input that changed.
   */
  public List<String> changesSince(Fingerprint before) {
    List<String> why = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(parts.keySet());
    keys.addAll(before.parts.keySet());
    for (String k : keys) {
      Optional<String> now = Optional.ofNullable(parts.get(k));
      Optional<String> then = Optional.ofNullable(before.parts.get(k));
      if (now.equals(then)) {
        continue;
      }
      why.add(describe(k, then, now));
    }
    return why;
  }

  private static String describe(String key, Optional<String> then, Optional<String> now) {
    int colon = key.indexOf(':');
    String kind = colon < 0 ? key : key.substring(0, colon);
    String what = colon < 0 ? "" : key.substring(colon + 1);
    return switch (kind) {
      case "in" ->
          then.isEmpty()
              ? "new input " + what
              : now.isEmpty()
                  ? "input " + what + " no longer read"
                  : "input " + what + " changed (version " + then.get() + " → " + now.get() + ")";
      case "ref" -> "reference list conf/reference/" + what + ".csv changed";
      case "checks" -> "checks of " + what + " changed in its spec";
      case "params" ->
          "parameters changed in the spec ("
              + then.orElse("none")
              + " → "
              + now.orElse("none")
              + ")";
      case "code", "factory" -> "the factory's code changed";
      case "outputs", "step" -> "the step's declaration changed";
      default -> key + " changed";
    };
  }
}
