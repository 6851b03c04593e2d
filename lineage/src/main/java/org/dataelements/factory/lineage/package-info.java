/**
 * Lineage of runs: OpenLineage run events (START, COMPLETE, FAIL) for each step with its input and
 * output datasets and their versions. Emission fails open: a lineage problem is logged and never
 * fails the run.
 */
package org.dataelements.factory.lineage;
