package org.dataelements.factory.curation.power;

import java.util.List;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepProvider;

/** The power domain's silver steps: daily meter readings, then monthly consumption. */
public final class PowerSteps implements StepProvider {
  @Override
  public List<Step> steps(Specs specs) {
    return List.of(new MeterDaily(), new ConsumptionMonthly());
  }
}
