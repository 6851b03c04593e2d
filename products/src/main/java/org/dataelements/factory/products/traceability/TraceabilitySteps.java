package org.dataelements.factory.products.traceability;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.SpecParameters;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepProvider;

/**
 * The traceability product's steps, from {@code conf/products/traceability.yaml}: lot lineage (the
 * closure), passports with chain completeness, and recall impact. No spec, no steps.
 */
public final class TraceabilitySteps implements StepProvider {
  @Override
  public List<Step> steps(Specs specs) {
    return specs.product(TraceTables.PRODUCT).map(TraceabilitySteps::steps).orElse(List.of());
  }

  static List<Step> steps(ProductSpec spec) {
    Parameters p = SpecParameters.bind(spec, Parameters.class);
    return List.of(new LotLineage(p.maxDepth()), new LotPassport(), new RecallImpact());
  }

  /** The product's parameters. */
  record Parameters(int maxDepth) {
    static final int DEFAULT_MAX_DEPTH = 1000;

    Parameters {
      if (maxDepth < 1 || maxDepth > 100_000) {
        throw new IllegalArgumentException(
            "max_depth " + maxDepth + " is not a chain length; use e.g. 1000");
      }
    }

    @JsonCreator
    static Parameters fromYaml(@JsonProperty("max_depth") Integer maxDepth) {
      return new Parameters(maxDepth == null ? DEFAULT_MAX_DEPTH : maxDepth);
    }
  }
}
