package org.dataelements.factory.curation.trace;

import java.util.List;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepProvider;

/** The traceability domain's silver steps: EPCIS events, genealogy edges and lots. */
public final class TraceSteps implements StepProvider {
  @Override
  public List<Step> steps(Specs specs) {
    return List.of(new EpcisEvents());
  }
}
