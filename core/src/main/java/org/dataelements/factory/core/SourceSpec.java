package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** A source system (conf/sources/*.yaml): owner, description, licence and its objects. */
public record SourceSpec(
    String name,
    String owner,
    String description,
    Optional<String> licence,
    List<ObjectSpec> objects) {

  public SourceSpec {
    requireNonNull(name, "name is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(description, "description is null");
    requireNonNull(licence, "licence is null");
    objects = List.copyOf(objects);
  }

  @JsonCreator
  static SourceSpec fromYaml(
      @JsonProperty("source") String name,
      @JsonProperty("owner") String owner,
      @JsonProperty("description") String description,
      @JsonProperty("licence") String licence,
      @JsonProperty("objects") List<ObjectSpec> objects) {
    SpecFields.name(name, "source");
    SpecFields.required(owner, "owner");
    SpecFields.required(description, "description");
    SpecFields.required(objects, "objects");
    if (objects.isEmpty()) {
      throw new IllegalArgumentException("'objects' is empty; declare at least one object");
    }
    var seen = new HashSet<String>();
    for (ObjectSpec o : objects) {
      if (!seen.add(o.name())) {
        throw new IllegalArgumentException("object name '" + o.name() + "' is declared twice");
      }
    }
    return new SourceSpec(name, owner, description, Optional.ofNullable(licence), objects);
  }

  /** The bronze table of one of this source's objects. */
  public TableId bronzeTable(ObjectSpec object) {
    return TableId.bronze(name, object.name());
  }
}
