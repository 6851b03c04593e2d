package org.dataelements.factory.products.release;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.LakehouseException;
import org.dataelements.factory.products.release.internal.Sha256;
import org.dataelements.factory.products.release.internal.StrictJson;

/**
 * The manifest of one release, {@code <warehouse>/_releases/<product>/<version>/manifest.json}
 * (CONTRACT.md, "Files"). Tables are kept sorted by name, gates by gate and approvals by time and
 * user, so equal manifests give equal bytes; {@link #toJson()} is what is signed and hashed.
 */
public record ReleaseManifest(
    String product,
    Semver version,
    Optional<Semver> previousVersion,
    Instant createdAt,
    String runId,
    String candidate,
    List<ManifestTable> tables,
    QualitySummary quality,
    List<GateResult> gates,
    List<Approval> approvals) {

  /** The manifest format written in its {@code format} field. */
  public static final int FORMAT = 1;

  public ReleaseManifest {
    SafeNames.product(requireNonNull(product, "product is null"));
    requireNonNull(version, "version is null");
    requireNonNull(previousVersion, "previousVersion is null");
    requireNonNull(createdAt, "createdAt is null");
    SafeNames.runId(requireNonNull(runId, "runId is null"));
    SafeNames.candidate(requireNonNull(candidate, "candidate is null"));
    requireNonNull(quality, "quality is null");
    tables = sortedDistinct(tables, ManifestTable::name, "table");
    gates = sortedDistinct(gates, GateResult::gate, "gate");
    approvals =
        approvals.stream()
            .sorted(Comparator.comparing(Approval::at).thenComparing(Approval::user))
            .toList();
    if (tables.isEmpty()) {
      throw ReleaseErrors.inconsistent("tables of " + product, "[]", "a release has tables");
    }
    if (previousVersion.isPresent() && previousVersion.get().compareTo(version) >= 0) {
      throw ReleaseErrors.inconsistent(
          "version of " + product,
          version.toString(),
          "it must be greater than the previous version " + previousVersion.get());
    }
  }

  /** The manifest's exact bytes: UTF-8 JSON, fixed field order, trailing newline. */
  public byte[] toJson() {
    return StrictJson.write(true, this::write);
  }

  /** SHA-256 (lower-case hex) of {@link #toJson()}, as {@code lake.ops.releases} records it. */
  public String sha256() {
    return Sha256.hex(toJson());
  }

  /** SHA-256 (lower-case hex) of any bytes, e.g. a manifest file as read. */
  public static String sha256(byte[] bytes) {
    return Sha256.hex(bytes);
  }

  /**
   * Reads a manifest strictly: every field required, no unknown or duplicate field.
   *
   * @param where the file or reference named in messages
   * @throws org.dataelements.factory.core.DataInputException naming the field path when the bytes
   *     are not such a manifest
   */
  public static ReleaseManifest parse(byte[] json, String where) {
    StrictJson.Obj root =
        StrictJson.read(json, (path, problem) -> ReleaseErrors.badManifest(where, path, problem));
    int format = root.int32("format");
    if (format != FORMAT) {
      throw root.problem("format", "is " + format + ", but this factory reads " + FORMAT);
    }
    String product = root.text("product");
    Semver version = field(root, "version", Semver::parse);
    Optional<Semver> previous =
        root.nullableText("previous_version").isEmpty()
            ? Optional.empty()
            : Optional.of(field(root, "previous_version", Semver::parse));
    Instant createdAt = instant(root, "created_at");
    String runId = root.text("run_id");
    String candidate = root.text("candidate");
    List<ManifestTable> tables =
        root.objects("tables").stream()
            .map(
                t -> {
                  ManifestTable m =
                      new ManifestTable(
                          field(t, "name", SafeNames::table),
                          t.integer("snapshot_id"),
                          t.integer("rows"),
                          t.text("schema_sha256"));
                  t.done();
                  return m;
                })
            .toList();
    StrictJson.Obj q = root.object("quality");
    QualitySummary quality =
        new QualitySummary(q.int32("passed"), q.int32("warned"), q.int32("failed"));
    q.done();
    List<GateResult> gates =
        root.objects("gates").stream()
            .map(
                g -> {
                  GateResult r =
                      new GateResult(
                          g.text("gate"),
                          field(g, "status", ReleaseManifest::gateStatus),
                          g.text("detail"));
                  g.done();
                  return r;
                })
            .toList();
    List<Approval> approvals =
        root.objects("approvals").stream()
            .map(
                a -> {
                  Approval r =
                      new Approval(
                          field(a, "user", SafeNames::userName),
                          field(a, "role", Role::parse),
                          instant(a, "at"));
                  a.done();
                  return r;
                })
            .toList();
    root.done();
    try {
      return new ReleaseManifest(
          product, version, previous, createdAt, runId, candidate, tables, quality, gates,
          approvals);
    } catch (LakehouseException e) {
      throw ReleaseErrors.badManifest(where, "", e.getMessage());
    }
  }

  private void write(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeNumberField("format", FORMAT);
    g.writeStringField("product", product);
    g.writeStringField("version", version.toString());
    g.writeFieldName("previous_version");
    if (previousVersion.isPresent()) {
      g.writeString(previousVersion.get().toString());
    } else {
      g.writeNull();
    }
    g.writeStringField("created_at", createdAt.toString());
    g.writeStringField("run_id", runId);
    g.writeStringField("candidate", candidate);
    g.writeArrayFieldStart("tables");
    for (ManifestTable t : tables) {
      g.writeStartObject();
      g.writeStringField("name", t.name());
      g.writeNumberField("snapshot_id", t.snapshotId());
      g.writeNumberField("rows", t.rows());
      g.writeStringField("schema_sha256", t.schemaSha256());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeObjectFieldStart("quality");
    g.writeNumberField("passed", quality.passed());
    g.writeNumberField("warned", quality.warned());
    g.writeNumberField("failed", quality.failed());
    g.writeEndObject();
    g.writeArrayFieldStart("gates");
    for (GateResult r : gates) {
      g.writeStartObject();
      g.writeStringField("gate", r.gate());
      g.writeStringField("status", r.status().label());
      g.writeStringField("detail", r.detail());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("approvals");
    for (Approval a : approvals) {
      g.writeStartObject();
      g.writeStringField("user", a.user());
      g.writeStringField("role", a.role().label());
      g.writeStringField("at", a.at().toString());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static <T> T field(StrictJson.Obj o, String key, Function<String, T> parse) {
    String text = o.text(key);
    try {
      return parse.apply(text);
    } catch (InvalidSpecException | IllegalArgumentException e) {
      throw o.problem(key, "'" + ReleaseErrors.shown(text) + "' is not valid");
    }
  }

  private static GateStatus gateStatus(String text) {
    for (GateStatus s : GateStatus.values()) {
      if (s.label().equals(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException(text);
  }

  private static Instant instant(StrictJson.Obj o, String key) {
    String text = o.text(key);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw o.problem(key, "'" + ReleaseErrors.shown(text) + "' is not an ISO-8601 instant");
    }
  }

  private static <T> List<T> sortedDistinct(List<T> items, Function<T, String> key, String what) {
    Set<String> seen = new HashSet<>();
    for (T item : items) {
      if (!seen.add(key.apply(item))) {
        throw ReleaseErrors.inconsistent(what, key.apply(item), "each " + what + " appears once");
      }
    }
    return items.stream().sorted(Comparator.comparing(key)).toList();
  }
}
