package org.dataelements.factory.core;

import java.util.List;

/**
 * Binds a product's {@code parameters:} to the typed record of the module that builds it, as
 * strictly as a spec file is read: an unknown key, a wrong type or a value out of range (checked by
 * the record's creator) is an {@link InvalidSpecException} naming the file and the parameter.
 */
public final class SpecParameters {
  private SpecParameters() {}

  /**
   * The product's parameters as a record whose {@code @JsonCreator} takes each parameter (absent
   * ones arrive as null, for the record's defaults).
   *
   * @throws InvalidSpecException naming the product file and the parameter that is wrong
   */
  public static <R> R bind(ProductSpec spec, Class<R> type) {
    return bind(spec.parameters(), spec.origin(), type);
  }

  /**
   * A silver table's parameters as the record of the step that builds it.
   *
   * @throws InvalidSpecException naming the table's file and the parameter that is wrong
   */
  public static <R> R bind(TableSpec spec, Class<R> type) {
    return bind(spec.parameters(), spec.origin(), type);
  }

  private static <R> R bind(
      java.util.Map<String, Object> parameters, String origin, Class<R> type) {
    StrictYaml.Result<R> r = StrictYaml.convert(parameters, "parameters", type);
    if (r.problem().isPresent()) {
      throw new InvalidSpecException(List.of(origin + ": " + r.problem().get()));
    }
    return r.value().orElseThrow();
  }
}
