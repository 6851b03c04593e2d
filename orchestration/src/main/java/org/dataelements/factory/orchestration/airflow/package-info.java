/**
 * {@code factory airflow}: the products' Airflow DAGs rendered from the specs and the step graph,
 * and Airflow's REST API (the generated {@code airflow-client}) to trigger and follow them.
 */
package org.dataelements.factory.orchestration.airflow;
