package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data product (conf/products/*.yaml): owner, description, licence, upstream tables, its gold
 * tables with their checks, and product parameters (e.g. the base year of an index) as written in
 * the file; the module that builds the product binds them to its own typed record with {@link
 * SpecParameters#bind}. {@code origin} is the file it was read from, for messages.
 */
public record ProductSpec(
    String name,
    String owner,
    String description,
    String licence,
    List<TableId> upstream,
    List<TableSpec> tables,
    Map<String, Object> parameters,
    String origin,
    Sensitivity.Grade grade,
    ReleasePolicy release,
    RunPolicy run) {

  public ProductSpec {
    requireNonNull(name, "name is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(description, "description is null");
    requireNonNull(licence, "licence is null");
    upstream = List.copyOf(upstream);
    tables = List.copyOf(tables);
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    requireNonNull(origin, "origin is null");
    requireNonNull(grade, "grade is null");
    requireNonNull(release, "release is null");
    requireNonNull(run, "run is null");
    if (grade == Sensitivity.Grade.CORE) {
      throw new IllegalArgumentException(
          "sensitivity 'core': core data never enters a product (GB/T 43697); grade it general or important");
    }
  }

  /** A product graded {@code general} with the default release policy. */
  public ProductSpec(
      String name,
      String owner,
      String description,
      String licence,
      List<TableId> upstream,
      List<TableSpec> tables,
      Map<String, Object> parameters,
      String origin) {
    this(
        name,
        owner,
        description,
        licence,
        upstream,
        tables,
        parameters,
        origin,
        Sensitivity.Grade.GENERAL,
        ReleasePolicy.DEFAULTS,
        RunPolicy.DEFAULTS);
  }

  /** A product with the default schedule (none) and retries. */
  public ProductSpec(
      String name,
      String owner,
      String description,
      String licence,
      List<TableId> upstream,
      List<TableSpec> tables,
      Map<String, Object> parameters,
      String origin,
      Sensitivity.Grade grade,
      ReleasePolicy release) {
    this(
        name,
        owner,
        description,
        licence,
        upstream,
        tables,
        parameters,
        origin,
        grade,
        release,
        RunPolicy.DEFAULTS);
  }

  /**
   * How a product is released: the operators' approvals a candidate needs (at least two for a
   * product graded {@code important}) and how many days a rejected or superseded candidate's branch
   * is kept.
   */
  public record ReleasePolicy(int approvals, int candidateRetentionDays) {
    public static final ReleasePolicy DEFAULTS = new ReleasePolicy(1, 14);

    public ReleasePolicy {
      if (approvals < 1 || approvals > 10) {
        throw new IllegalArgumentException(
            "release.approvals " + approvals + " must be between 1 and 10");
      }
      if (candidateRetentionDays < 0) {
        throw new IllegalArgumentException(
            "release.candidate_retention_days " + candidateRetentionDays + " must be 0 or more");
      }
    }

    @JsonCreator
    static ReleasePolicy fromYaml(
        @JsonProperty("approvals") Integer approvals,
        @JsonProperty("candidate_retention_days") Integer days) {
      return new ReleasePolicy(
          approvals == null ? DEFAULTS.approvals() : approvals,
          days == null ? DEFAULTS.candidateRetentionDays() : days);
    }
  }

  /** The distinct operators' approvals a candidate needs: two for a product graded important. */
  public int approvalsRequired() {
    return grade == Sensitivity.Grade.IMPORTANT
        ? Math.max(2, release.approvals())
        : release.approvals();
  }

  @JsonCreator
  static ProductSpec fromYaml(
      @JsonProperty("product") String name,
      @JsonProperty("owner") String owner,
      @JsonProperty("description") String description,
      @JsonProperty("licence") String licence,
      @JsonProperty("upstream") List<String> upstream,
      @JsonProperty("tables") List<TableSpec> tables,
      @JsonProperty("parameters") Map<String, Object> parameters,
      @JsonProperty("sensitivity") Sensitivity.Grade grade,
      @JsonProperty("release") ReleasePolicy release,
      @JsonProperty("schedule") String schedule,
      @JsonProperty("timezone") String timezone,
      @JsonProperty("retries") Integer retries,
      @JsonProperty("retry_delay_seconds") Integer retryDelaySeconds) {
    SpecFields.name(name, "product");
    SpecFields.required(owner, "owner");
    SpecFields.required(description, "description");
    SpecFields.required(licence, "licence");
    SpecFields.required(tables, "tables");
    var seen = new HashSet<String>();
    for (TableSpec t : tables) {
      SpecFields.name(t.name(), "table");
      if (!seen.add(t.name())) {
        throw new IllegalArgumentException("table '" + t.name() + "' is declared twice");
      }
    }
    List<TableId> up = new java.util.ArrayList<>();
    for (String u : upstream == null ? List.<String>of() : upstream) {
      try {
        up.add(TableId.parse(u));
      } catch (InvalidSpecException e) {
        throw new IllegalArgumentException("upstream: " + e.getMessage());
      }
    }
    Map<String, Object> params = new LinkedHashMap<>();
    if (parameters != null) {
      parameters.forEach(
          (k, v) -> {
            if (v == null) {
              throw new IllegalArgumentException(
                  "parameters." + k + " has no value; give one or remove the key");
            }
            params.put(k, v);
          });
    }
    return new ProductSpec(
        name,
        owner,
        description,
        licence,
        up,
        tables,
        params,
        "products/" + name + ".yaml",
        grade == null ? Sensitivity.Grade.GENERAL : grade,
        release == null ? ReleasePolicy.DEFAULTS : release,
        RunPolicy.of(schedule, timezone, retries, retryDelaySeconds));
  }

  /** The same product, read from the given file (as shown in messages). */
  public ProductSpec withOrigin(String file) {
    return new ProductSpec(
        name, owner, description, licence, upstream, tables, parameters, file, grade, release, run);
  }

  /** The declared gold table of this product with the given name. */
  public Optional<TableSpec> table(String tableName) {
    return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
  }

  /** The ids of the product's gold tables ({@code lake.<product>.<table>}). */
  public List<TableId> tableIds() {
    return tables.stream().map(t -> TableId.gold(name, t.name())).toList();
  }
}
