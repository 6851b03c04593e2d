package org.dataelements.factory.curation.weather;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.dataelements.factory.core.SpecParameters;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepProvider;

/**
 * The weather domain's silver step: monthly degree days, with the base temperature from {@code
 * parameters.degree_day_base_c} of {@code conf/tables/weather__degree_days_monthly.yaml}.
 */
public final class WeatherSteps implements StepProvider {
  @Override
  public List<Step> steps(Specs specs) {
    double base =
        specs
            .table(DegreeDaysMonthly.DEGREE_DAYS_MONTHLY)
            .map(t -> SpecParameters.bind(t, Parameters.class).degreeDayBaseC())
            .orElse(DegreeDaysMonthly.DEFAULT_BASE_C);
    return List.of(new DegreeDaysMonthly(base));
  }

  /** The table's parameters. */
  record Parameters(double degreeDayBaseC) {
    Parameters {
      if (degreeDayBaseC < -30 || degreeDayBaseC > 40) {
        throw new IllegalArgumentException(
            "degree_day_base_c "
                + degreeDayBaseC
                + " is not a base temperature in °C; use e.g. 18");
      }
    }

    @JsonCreator
    static Parameters fromYaml(@JsonProperty("degree_day_base_c") Double base) {
      return new Parameters(base == null ? DegreeDaysMonthly.DEFAULT_BASE_C : base);
    }
  }
}
