package org.dataelements.factory.curation.macro;

import java.util.List;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepProvider;

/** The macro domain's silver step: GDP, industrial output and annual country figures. */
public final class MacroSteps implements StepProvider {
  @Override
  public List<Step> steps(Specs specs) {
    return List.of(new MacroIndicators());
  }
}
