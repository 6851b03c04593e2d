package org.dataelements.factory.orchestration.airflow;

import java.util.List;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.LakehouseException;

/** The errors of {@code factory airflow}; each message says problem, value and fix. */
final class AirflowErrors {
  private AirflowErrors() {}

  /** Airflow answered, or could not be reached: the work failed (exit 1), no stack trace. */
  static final class AirflowException extends LakehouseException {
    private static final long serialVersionUID = 1L;

    AirflowException(String message) {
      super(message);
    }

    @Override
    public boolean isUserError() {
      return true;
    }
  }

  static InvalidSpecException noUrl(String profile) {
    return new InvalidSpecException(
        List.of(
            "no Airflow URL in profile '"
                + profile
                + "': add `airflow: {url: http://<host>:8080}` to conf/"
                + profile
                + ".yaml (see the commented example in conf/cluster.yaml), or pick a profile that"
                + " has one with --profile"));
  }

  static InvalidSpecException noToken() {
    return new InvalidSpecException(
        List.of(
            "no Airflow token: set the environment variable "
                + AirflowApi.TOKEN_ENV
                + " to a token Airflow accepts (e.g. from Airflow's POST /auth/token); it is never"
                + " taken from the command line"));
  }

  static InvalidSpecException badProduct(String product) {
    return new InvalidSpecException(
        List.of(
            "PRODUCT '"
                + product
                + "' is not a product name (lowercase letters, digits and '_', e.g."
                + " electricity_index)"));
  }

  static AirflowException refusedToken(int code, String host) {
    return new AirflowException(
        "Airflow refused the token ("
            + code
            + ") at "
            + host
            + ": "
            + (code == 401 ? "it is missing, expired or invalid" : "its user may not do this")
            + "; set "
            + AirflowApi.TOKEN_ENV
            + " to a valid token with access to the DAG");
  }

  static AirflowException noDag(String product, String host) {
    return new AirflowException(
        "no DAG "
            + product
            + " in Airflow at "
            + host
            + " — render and deploy it with factory airflow render --out <the dags folder>");
  }

  static AirflowException runExists(String product, String host) {
    return new AirflowException(
        "a run of "
            + product
            + " with this logical date already exists in Airflow at "
            + host
            + " (409); see it with factory airflow runs "
            + product);
  }

  static AirflowException refused(int code, String host, String what, String detail) {
    return new AirflowException(
        "Airflow at " + host + " refused " + what + " (" + code + ")" + detail);
  }

  static AirflowException serverError(int code, String host, int attempts) {
    return new AirflowException(
        "Airflow at "
            + host
            + " failed with HTTP "
            + code
            + " "
            + attempts
            + " times; check the Airflow web server's logs and try again");
  }

  static AirflowException unreachable(String host, String cause, int attempts) {
    return new AirflowException(
        "cannot reach Airflow at "
            + host
            + " ("
            + cause
            + ") after "
            + attempts
            + " attempts; check that it runs and the profile's airflow.url");
  }
}
