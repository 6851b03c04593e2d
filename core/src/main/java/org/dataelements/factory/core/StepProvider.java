package org.dataelements.factory.core;

import java.util.List;

/**
 * The steps a domain or product module declares, found by {@link java.util.ServiceLoader} (each
 * module lists its providers in {@code
 * META-INF/services/org.dataelements.factory.core.StepProvider}). The runner collects every
 * provider's steps and orders them by their declared inputs and outputs; nothing outside the module
 * names them.
 */
public interface StepProvider {
  /**
   * The module's steps, configured from the specs (e.g. a product's typed parameters). A module
   * whose spec is absent (e.g. no {@code conf/products/<product>.yaml}) returns no steps.
   *
   * @throws InvalidSpecException listing every problem of the module's specs (e.g. a parameter that
   *     is unknown or out of range), each with its file and field path
   */
  List<Step> steps(Specs specs);

  /**
   * The module's steps with access to the process's secrets (e.g. the pseudonymization key). The
   * default ignores the environment; a provider that needs a secret overrides this one.
   */
  default List<Step> steps(Specs specs, StepEnvironment environment) {
    return steps(specs);
  }
}
