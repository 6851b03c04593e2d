package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A column's grade after GB/T 43697 and whether it holds personal information (DESIGN §5). */
public record Sensitivity(Grade grade, boolean personal) {
  public static final Sensitivity GENERAL = new Sensitivity(Grade.GENERAL, false);

  public Sensitivity {
    requireNonNull(grade, "grade is null");
  }

  @JsonCreator
  static Sensitivity fromYaml(
      @JsonProperty("grade") Grade grade, @JsonProperty("personal") Boolean personal) {
    return new Sensitivity(
        grade == null ? Grade.GENERAL : grade, personal != null && personal.booleanValue());
  }

  /** GB/T 43697 grades, lowest first. */
  public enum Grade {
    GENERAL,
    IMPORTANT,
    CORE;

    @JsonCreator
    static Grade fromYaml(String value) {
      return SpecFields.enumValue(Grade.class, value);
    }
  }
}
