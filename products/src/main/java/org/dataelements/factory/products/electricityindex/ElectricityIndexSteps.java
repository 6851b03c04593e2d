package org.dataelements.factory.products.electricityindex;

import java.util.List;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.SpecParameters;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepProvider;

/**
 * The electricity index's steps, from {@code conf/products/electricity_index.yaml}: the index and
 * its methodology (one computation), disclosure-controlled sector consumption, and validation
 * against macro indicators, and the composite's uncertainty. No spec, no steps.
 */
public final class ElectricityIndexSteps implements StepProvider {
  /** The product's name: its spec file and its gold namespace. */
  public static final String PRODUCT = "electricity_index";

  @Override
  public List<Step> steps(Specs specs) {
    return specs.product(PRODUCT).map(ElectricityIndexSteps::steps).orElse(List.of());
  }

  static List<Step> steps(ProductSpec spec) {
    IndexParameters p = SpecParameters.bind(spec, IndexParameters.class);
    return List.of(
        MonthlyIndices.from(p),
        SectorConsumption.from(p),
        new Validation(),
        CompositeUncertainty.from(p));
  }
}
