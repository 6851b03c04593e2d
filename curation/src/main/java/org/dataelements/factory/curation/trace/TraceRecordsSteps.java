package org.dataelements.factory.curation.trace;

import java.util.List;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepEnvironment;
import org.dataelements.factory.core.StepProvider;

/**
 * The traceability domain's silver steps for records besides EPCIS: inspections (rapid tests and
 * the UK PRiF sheets), certificates of conformity, farm operations and recall notices. Personal
 * data is pseudonymized with the environment's key, asked for only when a step runs (listing or
 * planning the steps never needs it).
 */
public final class TraceRecordsSteps implements StepProvider {
  @Override
  public List<Step> steps(Specs specs) {
    return steps(specs, StepEnvironment.none());
  }

  @Override
  public List<Step> steps(Specs specs, StepEnvironment environment) {
    return List.of(
        new Inspections(environment),
        new Certificates(environment),
        new FarmOperations(environment),
        new Recalls());
  }
}
